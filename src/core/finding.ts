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
  /**
   * A title and spec that fit this case better than the rule's (status-not-101 over HTTP/2 is about
   * RFC 8441's 200, not a 101).
   */
  readonly title?: string;
  readonly spec?: { readonly text: string; readonly url: string };
}

/** Builds a finding from the catalogue: `message` carries the values seen. */
export function finding(id: RuleId, message: string, details: FindingDetails = {}): Finding {
  const definition = RULES[id];
  const built: Finding = {
    rule: id,
    severity: definition.severity,
    side: details.side ?? definition.side,
    message,
    spec: details.spec?.text ?? definition.spec,
    header: details.header ?? null,
    fix: details.fix ?? definition.fix,
  };
  // Optional fields stay absent unless a check specialises them, so findings keep one shape.
  if (details.title !== undefined) Object.assign(built, { title: details.title });
  if (details.spec !== undefined) Object.assign(built, { specUrl: details.spec.url });
  return built;
}
