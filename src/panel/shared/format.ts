/** Small display helpers shared by the list and the detail view. */
import type { Report, Severity, Verdict } from '../../core/model.js';
import { shownStatus } from '../../core/status.js';
import { splitUrl } from '../../core/url.js';

/** Verdicts and severities carry an icon and a word, never colour alone. */
export const VERDICT_LABEL: Readonly<Record<Verdict, { icon: string; word: string }>> = {
  pass: { icon: '✓', word: 'Pass' },
  warn: { icon: '⚠', word: 'Warn' },
  fail: { icon: '✕', word: 'Fail' },
};

export const SEVERITY_LABEL: Readonly<Record<Severity, { icon: string; word: string }>> = {
  fail: { icon: '✕', word: 'Fail' },
  warn: { icon: '⚠', word: 'Warning' },
  info: { icon: 'ℹ', word: 'Info' },
};

/** What the status column and the detail show: the code (or why there is none), and a note when the browser, not the response, told it. */
export interface StatusLabel {
  readonly text: string;
  /** Set when the code comes from the browser's reason: the response itself was hidden. */
  readonly toldBy: string | null;
}

export function statusLabel(report: Report, pending: boolean): StatusLabel {
  const shown = shownStatus(report);
  if (shown.code !== 0) return { text: String(shown.code), toldBy: shown.toldBy === 'browser' ? browserName(report) : null };
  if (pending) return { text: 'pending', toldBy: null };
  if (report.handshake.invalidStatusLine) return { text: 'not HTTP', toldBy: null };
  if (report.handshake.missingResponse === 'not-captured') return { text: 'not given', toldBy: null };
  return { text: report.browserError !== null ? 'failed' : 'no response', toldBy: null };
}

/** The status column's text: the code, or why there is none in parentheses. */
export function statusText(report: Report, pending: boolean): string {
  const label = statusLabel(report, pending);
  return /^\d+$/.test(label.text) ? label.text : `(${label.text})`;
}

/** Which browser captured it, for "told by Chrome". */
export function browserName(report: Report): string {
  return report.handshake.capturedBy === 'firefox' ? 'Firefox' : 'Chrome';
}

/**
 * The Name column, as in the Network panel: the last path segment and the query
 * (`wrong-accept`, `socket.io/?EIO=4…`), the host shown dimmed beside it.
 */
export function nameParts(url: string): { readonly name: string; readonly host: string } {
  const parts = splitUrl(url);
  if (!parts) return { name: url, host: '' };
  const segments = parts.path.split('/');
  const trailingSlash = parts.path.endsWith('/') && parts.path.length > 1;
  const last = segments.filter((segment) => segment !== '').pop() ?? '';
  const query = parts.query === null ? '' : `?${parts.query}`;
  const name = `${last}${trailingSlash ? '/' : ''}${query}` || parts.hostPort;
  return { name, host: parts.hostPort };
}

/** How long a pending handshake has waited, e.g. `pending 12 s`. */
export function pendingText(startedAt: string | null | undefined, now: number): string {
  const started = startedAt ? Date.parse(startedAt) : Number.NaN;
  if (!Number.isFinite(started)) return 'pending';
  const seconds = Math.max(0, Math.floor((now - started) / 1000));
  return seconds < 60 ? `pending ${seconds} s` : `pending ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The subprotocol and extensions the server chose, e.g. `chat · permessage-deflate`. */
export function negotiatedText(report: Report): string {
  const headers = report.handshake.response?.headers;
  if (!headers) return '';
  const protocol = headers.combined('sec-websocket-protocol');
  const extensions = headers.combined('sec-websocket-extensions');
  const names = extensions
    ? extensions
        .split(',')
        .map((e) => e.split(';')[0]?.trim() ?? '')
        .filter((e) => e !== '')
        .join(', ')
    : '';
  return [protocol, names].filter((part) => part).join(' · ');
}

export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `12:03:04.567` local time, or the input when it is not a date. */
export function clockText(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
