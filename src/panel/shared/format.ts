/** Small display helpers shared by the list and the detail view. */
import type { Report, Severity, Verdict } from '../../core/model.js';

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

/** The status column: the code, or why there is none. */
export function statusText(report: Report, pending: boolean): string {
  if (report.status !== 0) return String(report.status);
  if (pending) return '(pending)';
  if (report.handshake.invalidStatusLine) return '(not HTTP)';
  if (report.handshake.missingResponse === 'not-captured') return '(not given)';
  return report.browserError !== null ? '(failed)' : '(no response)';
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
