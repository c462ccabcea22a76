/**
 * How a connection went, from what its source saw: the times that matter (open,
 * end, the silence before the end, the last frame each way), who closed and with
 * what, a timeline (open → first and last messages → errors → end) and one plain
 * sentence. Pure; every value from the wire is quoted, never interpreted.
 */
import type { Connection, ConnectionMessage, TimelineEvent } from '../model.js';
import { closeCodeMeaning } from './close-codes.js';
import { bytesText, durationText, quoted } from './format.js';

export interface ConnectionTimes {
  readonly state: 'open' | 'ended' | 'unknown';
  readonly openedAtMs: number | null;
  readonly endedAtMs: number | null;
  /** From the 101 (or the start when its time is unknown) to the end. */
  readonly openForMs: number | null;
  /** The last moment anything went either way: a frame, or the 101 itself. */
  readonly lastActivityAtMs: number | null;
  /** From the last activity to the end. */
  readonly silenceMs: number | null;
  readonly sinceLastReceivedMs: number | null;
  readonly sinceLastSentMs: number | null;
}

/** Tenths of a millisecond: what the sources measure to, without the float noise of a subtraction. */
const tenths = (ms: number): number => Math.round(ms * 10) / 10;
const since = (end: number | null, at: number | null): number | null => (end === null || at === null ? null : tenths(Math.max(0, end - at)));

export function connectionTimes(connection: Connection): ConnectionTimes {
  const ended = connection.ended;
  const endedAtMs = ended?.atMs ?? null;
  const state = ended ? 'ended' : connection.seen === 'nothing' || !connection.recordsEnd ? 'unknown' : 'open';
  const activity = [connection.openedAtMs, connection.lastSentAtMs, connection.lastReceivedAtMs].filter((t): t is number => t !== null);
  const lastActivityAtMs = activity.length > 0 ? Math.max(...activity) : null;
  return {
    state,
    openedAtMs: connection.openedAtMs,
    endedAtMs,
    openForMs: endedAtMs === null ? null : tenths(Math.max(0, endedAtMs - (connection.openedAtMs ?? 0))),
    lastActivityAtMs,
    silenceMs: since(endedAtMs, lastActivityAtMs ?? 0),
    sinceLastReceivedMs: since(endedAtMs, connection.lastReceivedAtMs),
    sinceLastSentMs: since(endedAtMs, connection.lastSentAtMs),
  };
}

const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function messageText(message: ConnectionMessage): string {
  const what = `${message.kind} ${bytesText(message.bytes)}`;
  const preview = message.preview !== undefined && message.kind === 'text' ? ` ${quoted(message.preview, 60)}` : '';
  return `${message.direction === 'sent' ? 'sent' : 'received'} ${what}${preview}`;
}

/** How it ended, in a clause: "the server closed with 1008 (policy violation) "origin not allowed"". */
export function endClause(connection: Connection): string {
  const ended = connection.ended;
  if (!ended) return connection.seen === 'nothing' || !connection.recordsEnd ? 'not recorded' : 'still open';
  const code = ended.code;
  const withCode = code === null ? 'an empty close frame (no code: 1005 for the page)' : `${code} (${closeCodeMeaning(code)})`;
  const reason = ended.reason ? ` ${quoted(ended.reason)}` : '';
  switch (ended.closedBy) {
    case 'server':
      return `the server closed with ${withCode}${reason}${ended.answered === false ? ', and the client\'s answer did not complete' : ''}`;
    case 'client':
      return `the client closed with ${withCode}${reason}${ended.answered === true ? ', the server answered' : ended.answered === false ? ', the server did not answer' : ''}${ended.note ? ` (${ended.note})` : ''}`;
    case 'nobody':
      return `the connection ended without a close frame${ended.note ? ` (${ended.note})` : ''}: 1006 for the page`;
    case 'unknown':
      return 'who closed and the code are not recorded (Chromium\'s HAR keeps no close frames; the page\'s close event has them)';
  }
}

export function timelineOf(connection: Connection, times: ConnectionTimes): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  events.push({
    atMs: connection.openedAtMs,
    kind: 'open',
    text: connection.openedAtMs === null ? 'opened (101 Switching Protocols; its time is not recorded)' : 'opened (101 Switching Protocols)',
  });
  for (const message of connection.first) events.push({ atMs: message.atMs, kind: message.direction, text: messageText(message) });
  const shown = connection.first.length + connection.last.length;
  const total = connection.sent.count + connection.received.count;
  if (total > shown) events.push({ atMs: null, kind: 'gap', text: `… ${plural(total - shown, 'more message')} …` });
  for (const message of connection.last) events.push({ atMs: message.atMs, kind: message.direction, text: messageText(message) });
  // Errors go after the last event at or before their time (they usually end the story).
  for (const error of connection.errors) {
    const event: TimelineEvent = { atMs: error.atMs, kind: 'error', text: `the client failed the connection: ${quoted(error.text, 120)}` };
    let at = events.length;
    if (error.atMs !== null) while (at > 1 && events[at - 1]!.atMs !== null && events[at - 1]!.atMs! > error.atMs) at--;
    events.splice(at, 0, event);
  }
  if (connection.ended) {
    const silence = times.silenceMs !== null && times.silenceMs >= 1000 ? ` after ${durationText(times.silenceMs)} of silence` : '';
    events.push({ atMs: connection.ended.atMs, kind: 'end', text: `ended${silence}: ${endClause(connection)}` });
  }
  return events;
}

/** One sentence: how long it was open, what went through, how it ended. */
export function storySentence(connection: Connection, times: ConnectionTimes): string {
  if (connection.seen === 'nothing') {
    return 'Firefox\'s HAR keeps no WebSocket messages and no end: nothing is known of this socket after the 101 (capture it in Chrome, or run `ws-handshake probe --stay`).';
  }
  const { sent, received } = connection;
  const messages = sent.count + received.count === 0 ? 'no messages' : `${plural(received.count, 'message')} received, ${sent.count.toLocaleString('en-US')} sent`;
  const traffic = connection.pings ? `${messages}, ${plural(connection.pings, 'ping')} from the server answered` : messages;
  const error = connection.errors[0];
  if (!connection.ended) return connection.recordsEnd ? `Still open when captured: ${traffic}.` : `${upperFirst(traffic)}; this capture does not record when or how the socket ended.`;
  const open = times.openForMs !== null ? `Open ${durationText(times.openForMs)}` : 'Ended';
  if (error) return `${open}, ${traffic}; the client failed the connection: ${quoted(error.text, 120)}.`;
  const silence = times.silenceMs !== null && times.silenceMs >= 1000 ? ` after ${durationText(times.silenceMs)} of silence` : '';
  return `${open}, ${traffic}; ended${silence}: ${endClause(connection)}.`;
}
