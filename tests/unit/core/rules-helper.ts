/** Runs one handshake through analyze() and returns its report; shared by the core rule tests. */
import { analyzeOne } from '../../../src/core/analyze.js';
import type { Report } from '../../../src/core/model.js';
import { handshake, type HandshakeSpec } from './build.js';

export async function reportFor(spec: HandshakeSpec): Promise<Report> {
  return analyzeOne(handshake(spec));
}

export async function rulesFor(spec: HandshakeSpec): Promise<string[]> {
  return (await reportFor(spec)).findings.map((f) => f.rule);
}
