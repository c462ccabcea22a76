/**
 * The bounded digest of a HAR entry's `_webSocketMessages` (Chromium: one item per
 * message, `{type: send|receive|error, time: epoch seconds, opcode: 1|2|-1, data}`;
 * binary data base64; no close frames, pings or pongs): counts, bytes and the
 * largest message each way, the first and last few messages with a short preview,
 * the error items, the last time each way. One pass, linear, whatever the size
 * (20,000 messages, a 100 MB one); never the data itself. The DevTools feed keeps
 * this digest instead of the messages (`_webSocketDigest`), so both read alike.
 */
import type { ConnectionMessage, MessageTally } from '../../core/model.js';
import { isObject } from './json.js';

/** Characters of a text message kept as its preview (enough for an Engine.IO open packet). */
export const PREVIEW_CHARS = 160;
const FIRST = 3;
const LAST = 3;
const MAX_ERRORS = 4;

/** A message of the digest; `at` is epoch milliseconds (the HAR's clock), null when the item had no time. */
export interface DigestMessage extends Omit<ConnectionMessage, 'atMs'> {
  readonly at: number | null;
}

export interface MessageDigest {
  readonly sent: MessageTally;
  readonly received: MessageTally;
  readonly first: readonly DigestMessage[];
  readonly last: readonly DigestMessage[];
  readonly errors: readonly { readonly at: number | null; readonly text: string }[];
  readonly lastSentAt: number | null;
  readonly lastReceivedAt: number | null;
  /** The DevTools feed saw the socket finish (`onRequestFinished` fires at close). */
  readonly finished?: boolean;
}

/** UTF-8 length of a string, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Decoded length of standard base64 (Chromium writes binary messages so), padding and whitespace allowed. */
export function base64Length(text: string): number {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) <= 0x20)) end--;
  let padding = 0;
  while (padding < 2 && end > 0 && text.charCodeAt(end - 1) === 0x3d) {
    end--;
    padding++;
  }
  return Math.floor((end * 3) / 4);
}

const tally = (): { count: number; bytes: number; largest: number } => ({ count: 0, bytes: 0, largest: 0 });

function epochMs(time: unknown): number | null {
  if (typeof time !== 'number' || !Number.isFinite(time) || time <= 0) return null;
  // Chromium and mitmproxy write epoch seconds; a value this large is already milliseconds.
  return time > 1e11 ? time : time * 1000;
}

/** The digest of a `_webSocketMessages` value (anything: non-items are skipped). */
export function digestMessages(messages: unknown): MessageDigest {
  const sent = tally();
  const received = tally();
  const first: DigestMessage[] = [];
  const ring: { index: number; message: DigestMessage }[] = [];
  const errors: { at: number | null; text: string }[] = [];
  let lastSentAt: number | null = null;
  let lastReceivedAt: number | null = null;
  let index = 0;
  if (Array.isArray(messages)) {
    for (const item of messages as unknown[]) {
      if (!isObject(item)) continue;
      const at = epochMs(item.time);
      if (item.type === 'error') {
        if (errors.length < MAX_ERRORS) errors.push({ at, text: typeof item.data === 'string' ? item.data.slice(0, 500) : '' });
        continue;
      }
      if (item.type !== 'send' && item.type !== 'receive') continue;
      const data = typeof item.data === 'string' ? item.data : '';
      const kind = item.opcode === 2 ? 'binary' : 'text';
      const bytes = kind === 'binary' ? base64Length(data) : utf8Length(data);
      const direction = item.type === 'send' ? 'sent' : 'received';
      const counts = direction === 'sent' ? sent : received;
      counts.count++;
      counts.bytes += bytes;
      counts.largest = Math.max(counts.largest, bytes);
      if (at !== null) {
        if (direction === 'sent') lastSentAt = Math.max(lastSentAt ?? at, at);
        else lastReceivedAt = Math.max(lastReceivedAt ?? at, at);
      }
      const message: DigestMessage = { direction, at, kind, bytes, ...(kind === 'text' ? { preview: data.slice(0, PREVIEW_CHARS) } : {}) };
      if (index < FIRST) first.push(message);
      else {
        ring.push({ index, message });
        if (ring.length > LAST) ring.shift();
      }
      index++;
    }
  }
  return { sent, received, first, last: ring.map((r) => r.message), errors, lastSentAt, lastReceivedAt };
}

const finiteOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0);

function readTally(value: unknown): MessageTally {
  const v = isObject(value) ? value : {};
  return { count: count(v.count), bytes: count(v.bytes), largest: count(v.largest) };
}

function readMessages(value: unknown, max: number): DigestMessage[] {
  if (!Array.isArray(value)) return [];
  const out: DigestMessage[] = [];
  for (const item of value.slice(0, max) as unknown[]) {
    if (!isObject(item)) continue;
    const kind = item.kind === 'binary' ? 'binary' : 'text';
    const preview = typeof item.preview === 'string' ? item.preview.slice(0, PREVIEW_CHARS) : undefined;
    out.push({
      direction: item.direction === 'sent' ? 'sent' : 'received',
      at: finiteOrNull(item.at),
      kind,
      bytes: count(item.bytes),
      ...(preview !== undefined && kind === 'text' ? { preview } : {}),
    });
  }
  return out;
}

/** A digest read back from an entry (`_webSocketDigest`, written by the DevTools feed), every field checked; null when it is not one. */
export function readDigest(value: unknown): MessageDigest | null {
  if (!isObject(value) || !isObject(value.sent) || !isObject(value.received)) return null;
  const errors = Array.isArray(value.errors)
    ? (value.errors.slice(0, MAX_ERRORS) as unknown[]).filter(isObject).map((e) => ({ at: finiteOrNull(e.at), text: typeof e.text === 'string' ? e.text.slice(0, 500) : '' }))
    : [];
  return {
    sent: readTally(value.sent),
    received: readTally(value.received),
    first: readMessages(value.first, FIRST),
    last: readMessages(value.last, LAST),
    errors,
    lastSentAt: finiteOrNull(value.lastSentAt),
    lastReceivedAt: finiteOrNull(value.lastReceivedAt),
    ...(value.finished === true ? { finished: true } : {}),
  };
}

/** The digest without message previews, for redacted exports (messages may carry anything). */
export function withoutPreviews(digest: MessageDigest): MessageDigest {
  const strip = (m: DigestMessage): DigestMessage => ({ direction: m.direction, at: m.at, kind: m.kind, bytes: m.bytes });
  return { ...digest, first: digest.first.map(strip), last: digest.last.map(strip) };
}
