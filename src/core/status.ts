/**
 * The status a report can show: the response's own, or, when the browser hid the
 * response (Chromium's refused handshakes), the one its reason names
 * ("Unexpected response code: 403", 401/407 auth failures). Faces say which.
 */
import { mapBrowserReason } from './checks/browser-reasons.js';
import type { Report } from './model.js';

export interface ShownStatus {
  /** The HTTP status, or 0 when neither the response nor the browser gives one. */
  readonly code: number;
  /** `response`: on the wire (or in the capture); `browser`: only the browser's reason names it. */
  readonly toldBy: 'response' | 'browser' | null;
}

export function shownStatus(report: Report): ShownStatus {
  if (report.status !== 0) return { code: report.status, toldBy: 'response' };
  const told = report.browserError ? mapBrowserReason(report.browserError).status : null;
  return told !== null ? { code: told, toldBy: 'browser' } : { code: 0, toldBy: null };
}
