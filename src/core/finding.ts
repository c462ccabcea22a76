/**
 * Findings built from the catalogue: a check names the rule and says what it
 * saw; severity, spec, side and the default fix come from the rule.
 */
import type { Finding } from './model.js';
import { RULES, type RuleId, type Side } from './rules.js';

export interface FindingDetails {
  /** The header concerned (canonical case); defaults to none. */
  readonly header?: string | null;
  /** A fix more specific than the catalogue's default. */
  readonly fix?: string;
  /** The side when the rule judges either (header-duplicate in a request); defaults to the rule's. */
  readonly side?: Side;
}

/** Builds a finding from the catalogue: `message` carries the values seen. */
export function finding(id: RuleId, message: string, details: FindingDetails = {}): Finding {
  const definition = RULES[id];
  return {
    rule: id,
    severity: definition.severity,
    side: details.side ?? definition.side,
    message,
    spec: definition.spec,
    header: details.header ?? null,
    fix: details.fix ?? definition.fix,
  };
}
