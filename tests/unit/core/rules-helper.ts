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

/** One row of a table-driven rule test: a handshake, the rule ids it must give (none = a near-miss), and values the messages must quote. */
export interface RuleCase {
  readonly name: string;
  readonly spec: HandshakeSpec;
  /** The rule ids (of the module under test) expected, in any order; [] = must not trigger any. */
  readonly rules: readonly string[];
  /** Text the message must contain (the values seen). */
  readonly mentions?: readonly string[];
}
