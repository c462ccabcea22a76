/**
 * What a HAR entry says of the connection after its 101, as a `Connection`:
 * Chromium records data messages (not close frames, pings or pongs), the error it
 * failed the connection for, and in `timings` the end (`time` = start → close once
 * closed, `receive` = the last message → close). Measured with Chromium 156
 * (research/after101/NOTES.md): nothing says whether a socket is still open but
 * `receive > 0`, an error item, or `onRequestFinished` having fired. Firefox's HAR
 * keeps no WebSocket messages at all: its connections are `seen: 'nothing'`.
 */
import { CHROMIUM_CLOSE_REASON, frameErrorKind } from '../../core/connection/frame-errors.js';
import type { CapturedBy, Connection, ConnectionEnd, ConnectionMessage } from '../../core/model.js';
import { isObject, type JsonObject } from './json.js';
import { digestMessages, readDigest, type DigestMessage, type MessageDigest } from './messages.js';

const EMPTY_TALLY = { count: 0, bytes: 0, largest: 0 } as const;

const NOTHING_SEEN: Connection = {
  seen: 'nothing',
  openedAtMs: null,
  sent: EMPTY_TALLY,
  received: EMPTY_TALLY,
  first: [],
  last: [],
  lastSentAtMs: null,
  lastReceivedAtMs: null,
  errors: [],
  ended: null,
  recordsEnd: false,
};

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The digest an entry carries (the DevTools feed's) or the one its messages make; null when it has neither. */
export function digestOfEntry(entry: JsonObject): MessageDigest | null {
  const kept = readDigest(entry._webSocketDigest);
  if (kept) return kept;
  return Array.isArray(entry._webSocketMessages) ? digestMessages(entry._webSocketMessages) : null;
}

/**
 * The connection of an accepted WebSocket entry (status 101, or 200 for RFC 8441 over HTTP/2);
 * null when the entry was not accepted or its source records nothing after the handshake.
 */
export function connectionOfEntry(entry: JsonObject, status: number, capturedBy: CapturedBy | null): Connection | null {
  if (status !== 101 && status !== 200) return null;
  const digest = digestOfEntry(entry);
  if (!digest) return capturedBy === 'firefox' ? NOTHING_SEEN : null;
  const start = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : Number.NaN;
  const since = (at: number | null): number | null => (at === null || !Number.isFinite(start) ? null : Math.round((at - start) * 1000) / 1000);
  const message = (m: DigestMessage): ConnectionMessage => ({
    direction: m.direction,
    atMs: since(m.at),
    kind: m.kind,
    bytes: m.bytes,
    ...(m.preview !== undefined ? { preview: m.preview } : {}),
  });
  const timings = isObject(entry.timings) ? entry.timings : {};
  const time = numberOf(entry.time);
  const wait = numberOf(timings.wait);
  const receive = numberOf(timings.receive);
  const errors = digest.errors.map((e) => ({ atMs: since(e.at), text: e.text }));
  const anyMessage = digest.sent.count + digest.received.count > 0;
  // Only Chromium's timings tell the end (`receive` grows at close); mitmproxy's and pcap2har's time other things.
  const recordsEnd = capturedBy === 'chromium';
  const ended = errors.length > 0 || (recordsEnd && ((receive !== null && receive > 0) || digest.finished === true));
  // With no message, `wait` runs from the start to the 101; with messages, to the last one.
  const openedAtMs = !anyMessage && errors.length === 0 && wait !== null && wait >= 0 ? wait : null;
  return {
    seen: 'messages',
    openedAtMs,
    sent: digest.sent,
    received: digest.received,
    first: digest.first.map(message),
    last: digest.last.map(message),
    lastSentAtMs: since(digest.lastSentAt),
    lastReceivedAtMs: since(digest.lastReceivedAt),
    errors,
    recordsEnd,
    ended: ended ? endOf(recordsEnd ? endTime(time, [...errors.map((e) => e.atMs), since(digest.lastSentAt), since(digest.lastReceivedAt)]) : (errors[0]?.atMs ?? null), errors[0] ?? null, capturedBy) : null,
  };
}

/**
 * The end: `time` once closed. Message times are the wall clock and `time` a monotonic one, so an
 * end can read a fraction of a millisecond before the last message: never before it.
 */
function endTime(time: number | null, moments: readonly (number | null)[]): number | null {
  if (time === null || time < 0) return null;
  return Math.max(time, ...moments.filter((t): t is number => t !== null));
}

/** Chromium's HAR has no close frames; after an error item, Chromium itself sent close 1002 (measured) and the page saw 1006. */
function endOf(atMs: number | null, error: { atMs: number | null; text: string } | null, capturedBy: CapturedBy | null): ConnectionEnd {
  if (error && capturedBy === 'chromium') {
    const kind = frameErrorKind(error);
    if (kind !== 'data-after-close' && kind !== 'other') {
      const reason = CHROMIUM_CLOSE_REASON[kind];
      return { atMs, closedBy: 'client', code: 1002, reason: reason === '' ? null : reason, answered: null, note: 'the page saw 1006' };
    }
  }
  return { atMs, closedBy: 'unknown', code: null, reason: null, answered: null };
}
