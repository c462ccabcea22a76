/** A verdict from findings: the highest fail/warn severity; `info` does not count. Shared by the handshake and the connection. */
import type { Finding, Verdict } from './model.js';

export function verdictOf(findings: readonly Finding[]): Verdict {
  let verdict: Verdict = 'pass';
  for (const f of findings) {
    if (f.severity === 'fail') return 'fail';
    if (f.severity === 'warn') verdict = 'warn';
  }
  return verdict;
}
