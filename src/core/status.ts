/**
 * The status a report can show: the response's own, or, when the browser hid the
 * response (Chromium's refused handshakes), the one its reason names
 * ("Unexpected response code: 403", 401/407 auth failures) or implies (a reason
 * about the accept, Upgrade or a negotiated header is a verdict on a 101, or a 200
 * over HTTP/2 and HTTP/3). Faces say which.
 */
import { mapBrowserReason } from './checks/browser-reasons.js';
import type { Report } from './model.js';
import type { RuleId } from './rules.js';

export interface ShownStatus {
  /** The HTTP status, or 0 when neither the response nor the browser gives one. */
  readonly code: number;
  /** `response`: on the wire (or in the capture); `browser`: only the browser's reason names or implies it. */
  readonly toldBy: 'response' | 'browser' | null;
}

/** Rules a browser reports only about a response that switched protocols. */
const SWITCHED_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'accept-mismatch', 'accept-missing', 'header-duplicate', 'upgrade-missing', 'upgrade-not-websocket', 'connection-missing-upgrade',
  'protocol-not-requested', 'protocol-not-offered', 'protocol-multiple', 'protocol-missing', 'extension-not-offered', 'extension-malformed',
  'deflate-invalid-param',
]);

/** Whether the browser's reason is a verdict on a response that switched protocols (a 101, or 200 over h2/h3). */
export function reasonJudgesSwitch(browserError: string | null): boolean {
  return browserError !== null && SWITCHED_RULES.has(mapBrowserReason(browserError).rule);
}

export function shownStatus(report: Report): ShownStatus {
  if (report.status !== 0) return { code: report.status, toldBy: 'response' };
  if (!report.browserError) return { code: 0, toldBy: null };
  const told = mapBrowserReason(report.browserError).status;
  if (told !== null) return { code: told, toldBy: 'browser' };
  if (reasonJudgesSwitch(report.browserError)) return { code: report.transport === 'h2' || report.transport === 'h3' ? 200 : 101, toldBy: 'browser' };
  return { code: 0, toldBy: null };
}
