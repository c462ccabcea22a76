import type { HandshakeContext } from './context.js';
import type { Finding, Verdict } from './model.js';

export function summarize(_context: HandshakeContext, findings: readonly Finding[], verdict: Verdict): string {
  return verdict === 'pass' ? 'The handshake is valid.' : (findings[0]?.message ?? '');
}
