/**
 * The WebSocket entries of the live DevTools feed: which entries are WebSocket
 * handshakes (cheaply: the feed sees every request of the page), the slim copy
 * kept of each, the key that makes it one handshake however often it is
 * reported, and how far a report got (pending, complete). Shared by the
 * devtools page (capture) and the panel.
 */

import { digestMessages, type MessageDigest } from '../har/messages.js';

/** The HAR fields the panel reads; everything else (bodies, the messages' data) is dropped. */
export interface CapturedEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly { readonly name: string; readonly value: string }[];
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly headers: readonly { readonly name: string; readonly value: string }[];
    readonly _error?: string | null;
  };
  readonly timings?: Readonly<Record<string, number>>;
  /** The HAR page the request belongs to (Chromium numbers them page_1, page_2… per navigation). */
  readonly pageref?: string;
  readonly _resourceType?: string;
  /** Only the `error` messages Chromium records (a rejected handshake, a connection it failed), never the data frames. */
  readonly _webSocketMessages?: readonly { readonly type: string; readonly opcode: number; readonly data: string; readonly time?: number }[];
  /** The bounded digest of the messages (counts, sizes, first and last few with a preview, times): what happened after the 101. */
  readonly _webSocketDigest?: MessageDigest;
}

function headerValue(headers: readonly { name: string; value: string }[], name: string): string | null {
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value.trim();
  return null;
}

/**
 * One handshake, however often and by whichever path it is reported: the URL plus
 * its random Sec-WebSocket-Key, or (HTTP/2, or a connection that failed before the
 * request went out) plus the start time and the time of the browser's error.
 */
export function entryKey(entry: CapturedEntry): string {
  const key = headerValue(entry.request.headers, 'sec-websocket-key');
  if (key !== null && key !== '') return `${entry.request.url} ${key}`;
  const errorTime = entry._webSocketMessages?.[0]?.time;
  return `${entry.request.url} @${entry.startedDateTime}${errorTime ? `#${errorTime}` : ''}`;
}

/**
 * Chromium lists a socket before its request goes out (queued behind another
 * handshake to the same host): no method, no headers, a 1969 start time. Such an
 * entry says nothing and has no stable key; it is reported again once sent.
 */
export function isUnsent(entry: CapturedEntry): boolean {
  return entry.request.headers.length === 0 && !hasAnswer(entry);
}

/** A handshake still waiting for its answer: no status, no error. */
export function isPending(entry: CapturedEntry): boolean {
  return !hasAnswer(entry);
}

function hasAnswer(entry: CapturedEntry): boolean {
  return entry.response.status !== 0 || hasError(entry) || endedWithoutAnswer(entry);
}

function hasError(entry: CapturedEntry): boolean {
  return (entry._webSocketMessages?.length ?? 0) > 0 || !!entry.response._error;
}

/**
 * Firefox gives no reason when a handshake ends without an answer (the server
 * dropped the connection): status 0 and no headers, as while it is pending. What
 * tells them apart is the timings: a full set (zeros) once it ended, `{}` while
 * waiting (tests/fixtures/browsers/firefox/http1-rejected.har, pending.har).
 * Chromium says why in `_webSocketMessages` instead, and gives timings to both.
 */
function endedWithoutAnswer(entry: CapturedEntry): boolean {
  return entry._resourceType === undefined && entry.response.status === 0 && typeof entry.timings?.receive === 'number';
}

/**
 * A cheap test on an entry of any kind from the live feed (it sees every request
 * of the page): Chrome types entries, Firefox's WebSocket URLs say ws(s)://.
 */
export function isLiveWebSocketEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as { _resourceType?: unknown; request?: { url?: unknown } };
  if (e._resourceType !== undefined) return e._resourceType === 'websocket';
  // Firefox has no _resourceType: the URL scheme tells.
  const url = e.request?.url;
  return typeof url === 'string' && (url.startsWith('ws://') || url.startsWith('wss://'));
}

const MAX_ERROR_MESSAGES = 4;

function headersOf(value: unknown): { name: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  const out: { name: string; value: string }[] = [];
  for (const h of value) {
    if (h && typeof h === 'object') out.push({ name: String(h.name ?? ''), value: String(h.value ?? '') });
  }
  return out;
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export interface CopyOptions {
  /** The entry came from `onRequestFinished`, which Chromium fires once the socket has closed. */
  readonly finished?: boolean;
}

/**
 * A plain, structured-clonable copy of a WebSocket entry with only what the
 * handshake and its connection need (Chrome's entries carry functions and every
 * frame of the socket; the copy keeps a bounded digest of the frames).
 */
export function copyEntry(entry: unknown, options: CopyOptions = {}): CapturedEntry {
  const e = (entry ?? {}) as Record<string, unknown>;
  const request = (e.request ?? {}) as Record<string, unknown>;
  const response = (e.response ?? {}) as Record<string, unknown>;
  const copy: {
    -readonly [K in keyof CapturedEntry]: CapturedEntry[K];
  } = {
    startedDateTime: str(e.startedDateTime),
    time: num(e.time, -1),
    request: {
      method: str(request.method, 'GET'),
      url: str(request.url),
      httpVersion: str(request.httpVersion),
      headers: headersOf(request.headers),
    },
    response: {
      status: num(response.status, 0),
      statusText: str(response.statusText),
      httpVersion: str(response.httpVersion),
      headers: headersOf(response.headers),
      _error: typeof response._error === 'string' ? response._error : null,
    },
  };
  // Versions are kept as given: the HAR mapper knows when a browser's version is not to be trusted.
  if (typeof e._resourceType === 'string') copy._resourceType = e._resourceType;
  if (typeof e.pageref === 'string') copy.pageref = e.pageref;
  if (e.timings && typeof e.timings === 'object') {
    const timings: Record<string, number> = {};
    for (const [phase, value] of Object.entries(e.timings)) if (typeof value === 'number') timings[phase] = value;
    copy.timings = timings;
  }
  if (Array.isArray(e._webSocketMessages)) {
    const errors = [];
    for (const m of e._webSocketMessages as unknown[]) {
      const message = m as { type?: unknown; opcode?: unknown; data?: unknown; time?: unknown };
      if (message && message.type === 'error') {
        errors.push({ type: 'error', opcode: num(message.opcode, -1), data: str(message.data), time: num(message.time, 0) });
        if (errors.length >= MAX_ERROR_MESSAGES) break;
      }
    }
    copy._webSocketMessages = errors;
    const digest = digestMessages(e._webSocketMessages);
    copy._webSocketDigest = options.finished ? { ...digest, finished: true } : digest;
  }
  // Firefox has no messages (and fires onRequestFinished at the 101, not at close): no digest.
  return copy;
}

/** How far a report of a handshake got: a later report only replaces an earlier one that knew less. */
export function completeness(entry: CapturedEntry): number {
  const ended = hasError(entry) || endedWithoutAnswer(entry);
  // A closed socket's report knows more than an open one's: an open snapshot never replaces it.
  const closed = entry._webSocketDigest?.finished === true || (entry.timings?.receive ?? 0) > 0;
  return (entry.response.status !== 0 ? 2 : 0) + (ended ? 2 : 0) + (entry.response.headers.length > 0 ? 1 : 0) + (entry.time >= 0 ? 0.5 : 0) + (closed ? 0.25 : 0);
}

function messageCount(entry: CapturedEntry): number {
  const digest = entry._webSocketDigest;
  return digest ? digest.sent.count + digest.received.count : 0;
}

export function sameEntry(a: CapturedEntry, b: CapturedEntry): boolean {
  return (
    a.response.status === b.response.status &&
    a.response.headers.length === b.response.headers.length &&
    (a._webSocketMessages?.length ?? 0) === (b._webSocketMessages?.length ?? 0) &&
    endedWithoutAnswer(a) === endedWithoutAnswer(b) &&
    a.time === b.time &&
    messageCount(a) === messageCount(b) &&
    (a._webSocketDigest?.finished === true) === (b._webSocketDigest?.finished === true)
  );
}
