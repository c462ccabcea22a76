/**
 * HAR → Handshake records: files exported by Chrome, Firefox and proxies
 * (mitmproxy, pcap2har, Charles…), DevTools `getHAR()` logs and single
 * `onRequestFinished` entries. Pure TypeScript (no Node API): the panel runs it
 * in a Web Worker. Never throws; a bad document comes back as `{ ok: false }`.
 *
 * Selection is the hot path for big HARs: an entry is looked at through its URL
 * scheme, `_resourceType` and request header names only, and no object is built
 * for an entry that is not a WebSocket handshake.
 */
import { HeaderList, type HeaderField } from '../core/headers.js';
import type { CapturedBy, Handshake, HandshakeRequest, HandshakeResponse, Transport } from '../core/model.js';

export type HarParseResult =
  | {
      readonly ok: true;
      readonly handshakes: Handshake[];
      /** Entries that are not WebSocket handshakes (ordinary requests, junk), left out. */
      readonly skipped: number;
    }
  | { readonly ok: false; readonly error: string };

/** Chromium's prefix on a rejected handshake's reason (shared/PLATFORM.md). */
const HANDSHAKE_ERROR_PREFIX = 'Error during WebSocket handshake: ';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses HAR text (a file's content). `source` names it in each handshake's source, e.g. `capture.har`. */
export function parseHar(text: string, source: string): HarParseResult {
  if (typeof text !== 'string') return { ok: false, error: 'not text' };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Windows tools (Fiddler) write a BOM
  if (body.trim() === '') return { ok: false, error: 'empty file, not a HAR' };
  if (looksBinary(body)) return { ok: false, error: 'binary data, not a HAR' };
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { ok: false, error: describeJsonError(body, error) };
  }
  return handshakesFromHar(document, source);
}

/**
 * Handshakes from an already-parsed HAR: a whole file (`{ log: { entries } }`)
 * or the DevTools `getHAR()` result (the log itself, `{ entries }`).
 */
export function handshakesFromHar(har: unknown, source: string): HarParseResult {
  try {
    if (!isObject(har)) {
      return { ok: false, error: `JSON but not a HAR (${Array.isArray(har) ? 'an array' : `a ${har === null ? 'null' : typeof har}`}, no log.entries)` };
    }
    let log: JsonObject;
    let pointer: string;
    if (isObject(har.log)) {
      log = har.log;
      pointer = '/log/entries';
    } else if (Array.isArray(har.entries)) {
      log = har;
      pointer = '/entries';
    } else {
      return { ok: false, error: 'JSON but not a HAR (no log.entries)' };
    }
    const entries = log.entries;
    if (!Array.isArray(entries)) return { ok: false, error: 'JSON but not a HAR (no log.entries)' };
    const pageUrls = pageUrlsOf(log.pages);
    const creator = capturerOfCreator(log.creator);
    const handshakes: Handshake[] = [];
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      if (!isWebSocketEntry(entry)) continue;
      const handshake = buildHandshake(entry as JsonObject, `${source}#${pointer}/${i}`, pageUrls, creator ?? capturerOfEntry(entry as JsonObject));
      if (handshake) handshakes.push(handshake);
    }
    return { ok: true, handshakes, skipped: entries.length - handshakes.length };
  } catch (error) {
    // Only a hostile object (getters that throw) gets here.
    return { ok: false, error: `could not read the HAR (${String(error)})` };
  }
}

/**
 * One HAR entry (e.g. from DevTools `onRequestFinished`) → a Handshake, or null
 * when it is not a WebSocket handshake. `source` is used as is. `devtools`: the
 * entry comes from the extension's own DevTools feed, so a browser captured it.
 */
export function handshakeFromEntry(entry: unknown, source: string, options: { readonly devtools?: boolean } = {}): Handshake | null {
  try {
    if (!isWebSocketEntry(entry)) return null;
    const e = entry as JsonObject;
    // The extension runs in Chromium and Firefox; only Chromium types its entries.
    const capturer = options.devtools ? (e._resourceType !== undefined ? 'chromium' : 'firefox') : capturerOfEntry(e);
    return buildHandshake(e, source, null, capturer);
  } catch {
    return null;
  }
}

/**
 * A WebSocket handshake is an entry with a ws:/wss: URL, or an `Upgrade:
 * websocket` request header, or an extended CONNECT (`:protocol: websocket`),
 * or `_resourceType: "websocket"` backed by WebSocket evidence. The type alone
 * proves nothing: the msw corpus HARs label plain fetches "websocket", while
 * mitmproxy and pcap2har give real WebSockets http(s):// URLs.
 */
export function isWebSocketEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const request = (entry as JsonObject).request;
  if (typeof request !== 'object' || request === null) return false;
  const url = (request as JsonObject).url;
  if (typeof url === 'string' && hasWebSocketScheme(url)) return true;

  const headers = (request as JsonObject).headers;
  let webSocketHeader = false;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i++) {
      const header: unknown = headers[i];
      if (typeof header !== 'object' || header === null) continue;
      const name = (header as JsonObject).name;
      if (typeof name !== 'string') continue;
      // Compare only names of the right length, so most headers cost one length check.
      switch (name.length) {
        case 7: // Upgrade
          if (name.toLowerCase() === 'upgrade' && mentionsWebSocket((header as JsonObject).value)) return true;
          break;
        case 9: // :protocol (RFC 8441 extended CONNECT)
          if (name === ':protocol' && mentionsWebSocket((header as JsonObject).value)) return true;
          break;
        case 17: // Sec-WebSocket-Key
        case 21: // Sec-WebSocket-Version
          if (name.toLowerCase().startsWith('sec-websocket-')) webSocketHeader = true;
          break;
        default:
          break;
      }
    }
  }
  if (!webSocketHeader && Array.isArray((entry as JsonObject)._webSocketMessages) && (entry as JsonObject)._resourceType === 'websocket') {
    return true;
  }
  if (!webSocketHeader) return false;
  const method = (request as JsonObject).method;
  return (entry as JsonObject)._resourceType === 'websocket' || (typeof method === 'string' && method.toUpperCase() === 'CONNECT');
}

function hasWebSocketScheme(url: string): boolean {
  const c0 = url.charCodeAt(0) | 0x20;
  const c1 = url.charCodeAt(1) | 0x20;
  if (c0 !== 0x77 || c1 !== 0x73) return false; // "ws"
  const c2 = url.charCodeAt(2);
  return c2 === 0x3a || ((c2 | 0x20) === 0x73 && url.charCodeAt(3) === 0x3a); // "ws:" or "wss:"
}

function mentionsWebSocket(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase().includes('websocket');
}

/** Who wrote a HAR, from `log.creator.name`; undefined when the name says nothing (then each entry's fields tell). */
function capturerOfCreator(creator: unknown): CapturedBy | undefined {
  const name = isObject(creator) && typeof creator.name === 'string' ? creator.name.trim().toLowerCase() : '';
  if (name === 'webinspector') return 'chromium'; // Chrome, Edge and every Chromium DevTools export
  if (name.includes('firefox')) return 'firefox';
  if (/mitmproxy|charles|fiddler|burp|zap|proxyman|http ?toolkit|browsermob|pcap2har/.test(name)) return 'proxy';
  return undefined;
}

/**
 * A browser's own entry fields, for entries without a telling creator: Chromium's `_initiator` and
 * `response._transferSize`, Firefox's `_securityState`. (mitmproxy and pcap2har copy `_resourceType`
 * and `_webSocketMessages`, and both browsers write `_priority`, so those do not tell.)
 */
function capturerOfEntry(entry: JsonObject): CapturedBy | null {
  const response = entry.response;
  if ('_initiator' in entry || (isObject(response) && '_transferSize' in response)) return 'chromium';
  return '_securityState' in entry ? 'firefox' : null;
}

function buildHandshake(entry: JsonObject, source: string, pageUrls: ReadonlyMap<string, string> | null, capturedBy: CapturedBy | null): Handshake | null {
  const harRequest = isObject(entry.request) ? entry.request : null;
  if (!harRequest) return null;
  const harResponse = isObject(entry.response) ? entry.response : null;
  const headers = headerListOf(harRequest.headers);

  let requestVersion = nonEmptyString(harRequest.httpVersion);
  let responseVersion = harResponse ? nonEmptyString(harResponse.httpVersion) : null;
  let transport = transportOf(requestVersion) ?? transportOf(responseVersion) ?? 'unknown';
  // Browsers always send a key over HTTP/1.1, so a browser capture without one is h2 (or h3), whatever
  // version DevTools writes: Chromium 156 writes "HTTP/1.1" on HTTP/2 WebSockets (shared/PLATFORM.md).
  if ((capturedBy === 'chromium' || capturedBy === 'firefox') && !headers.has('sec-websocket-key')) {
    if (transport === 'unknown') transport = 'h2';
    requestVersion = null;
    responseVersion = null;
  }
  const request: HandshakeRequest = {
    method: nonEmptyString(harRequest.method) ?? 'GET',
    httpVersion: requestVersion,
    headers,
  };

  // Status 0: the client saw no response, or Chromium hid it after rejecting the handshake.
  const status = harResponse ? Number(harResponse.status) : 0;
  const response: HandshakeResponse | null =
    harResponse && Number.isInteger(status) && status > 0
      ? {
          status,
          statusText: typeof harResponse.statusText === 'string' ? harResponse.statusText : '',
          httpVersion: responseVersion,
          headers: headerListOf(harResponse.headers),
        }
      : null;

  const pageref = entry.pageref;
  return {
    source,
    url: typeof harRequest.url === 'string' ? harRequest.url : '',
    transport,
    request,
    response,
    browserError: browserErrorOf(entry, harResponse, response !== null),
    startedAt: nonEmptyString(entry.startedDateTime),
    durationMs: durationOf(entry),
    pageUrl: typeof pageref === 'string' && pageUrls ? (pageUrls.get(pageref) ?? null) : null,
    capturedBy,
  };
}

function headerListOf(headers: unknown): HeaderList {
  if (!Array.isArray(headers)) return new HeaderList();
  const fields: HeaderField[] = [];
  for (const header of headers) {
    if (!isObject(header) || typeof header.name !== 'string') continue;
    const value = header.value;
    fields.push({ name: header.name, value: typeof value === 'string' ? value : value == null ? '' : String(value) });
  }
  return new HeaderList(fields);
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** h2/h3 only when the HAR says so; anything else is left to the core's inference. */
function transportOf(version: string | null): Transport | null {
  if (!version) return null;
  const v = version.toLowerCase();
  if (v === 'h3' || v.startsWith('http/3') || v.startsWith('h3-')) return 'h3';
  if (v === 'h2' || v === 'h2c' || v.startsWith('http/2')) return 'h2';
  return null;
}

/**
 * The browser's reason for a rejected handshake. Chromium puts it in
 * `_webSocketMessages` as an `error` message; after a 101 only a prefixed
 * reason is about the handshake (later errors are about frames).
 */
function browserErrorOf(entry: JsonObject, harResponse: JsonObject | null, hasResponse: boolean): string | null {
  const messages = entry._webSocketMessages;
  if (Array.isArray(messages)) {
    for (const message of messages) {
      if (!isObject(message) || message.type !== 'error' || typeof message.data !== 'string') continue;
      const data = message.data.trim();
      if (data.startsWith(HANDSHAKE_ERROR_PREFIX.trim())) {
        const reason = data.slice(HANDSHAKE_ERROR_PREFIX.trim().length).trim();
        if (reason !== '') return reason;
      } else if (!hasResponse && data !== '') {
        return data;
      }
    }
  }
  if (!hasResponse && harResponse) {
    const error = nonEmptyString(harResponse._error);
    if (error) return error;
  }
  return null;
}

/**
 * HAR `time` is the sum of the timings; when every timing is missing (-1) or 0
 * the tool did not measure the handshake (pcap2har puts the socket's lifetime
 * in `time`, Chromium 32 puts 0), so the duration is unknown.
 */
function durationOf(entry: JsonObject): number | null {
  const time = entry.time;
  if (typeof time !== 'number' || !Number.isFinite(time) || time <= 0) return null;
  const timings = entry.timings;
  if (!isObject(timings)) return null;
  for (const phase of ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive']) {
    const value = timings[phase];
    if (typeof value === 'number' && value > 0) return time;
  }
  return null;
}

/** page id → page URL, for pages whose title is a URL (Chromium titles pages with their URL; Firefox with the document title). */
function pageUrlsOf(pages: unknown): Map<string, string> | null {
  if (!Array.isArray(pages) || pages.length === 0) return null;
  const urls = new Map<string, string>();
  for (const page of pages) {
    if (!isObject(page) || typeof page.id !== 'string' || typeof page.title !== 'string') continue;
    const title = page.title.trim();
    if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(title)) urls.set(page.id, title);
  }
  return urls;
}

/** NUL and other C0 controls that never appear in JSON text outside strings (where they must be escaped). */
function looksBinary(text: string): boolean {
  const end = Math.min(text.length, 4096);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

/** Turns a JSON.parse failure into "not JSON (…)" with a byte offset, the same in every engine. */
function describeJsonError(text: string, error: unknown): string {
  const trimmed = text.trimStart();
  const first = trimmed.charAt(0);
  if (first !== '{' && first !== '[') {
    const start = trimmed.slice(0, 24).replace(/[\r\n\t]+/g, ' ');
    return `not JSON (starts with "${start}${trimmed.length > 24 ? '…' : ''}")`;
  }
  const problem = findJsonError(text);
  if (problem === null) return `not JSON (${(error instanceof Error ? error.message : String(error)).slice(0, 120)})`;
  if (problem.reason === END) return `not JSON (truncated? unexpected end at byte ${utf8Length(text, text.length)})`;
  return `not JSON (${problem.reason} at byte ${utf8Length(text, problem.at)})`;
}

const END = 'unexpected end';
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Where JSON text first goes wrong, and how; null when it is valid. Engines
 * word (and position) parse errors differently, and V8 gives no position for
 * some; this scan runs only after JSON.parse has failed.
 */
function findJsonError(text: string): { at: number; reason: string } | null {
  const closers: string[] = [];
  let state: 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'after' = 'value';
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (i >= n) return state === 'after' && closers.length === 0 ? null : { at: n, reason: END };
    const c = text[i]!;
    if (state === 'after') {
      const closer = closers[closers.length - 1];
      if (closer === undefined) return { at: i, reason: 'unexpected text after the end of the JSON' };
      if (c === ',') {
        state = closer === '}' ? 'key' : 'value';
        i++;
      } else if (c === closer) {
        closers.pop();
        i++;
      } else {
        return { at: i, reason: `expected ',' or '${closer}'` };
      }
    } else if (state === 'colon') {
      if (c !== ':') return { at: i, reason: "expected ':' after a property name" };
      state = 'value';
      i++;
    } else if (state === 'keyOrEnd' && c === '}') {
      closers.pop();
      state = 'after';
      i++;
    } else if (state === 'valueOrEnd' && c === ']') {
      closers.pop();
      state = 'after';
      i++;
    } else if (state === 'key' || state === 'keyOrEnd') {
      if (c !== '"') return { at: i, reason: 'expected a double-quoted property name' };
      const end = stringEnd(text, i);
      if (end < 0) return { at: -end - 1, reason: -end - 1 >= n ? END : 'bad character or escape in a string' };
      state = 'colon';
      i = end;
    } else if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      state = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
      i++;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return { at: -end - 1, reason: -end - 1 >= n ? END : 'bad character or escape in a string' };
      state = 'after';
      i = end;
    } else {
      NUMBER.lastIndex = i;
      let end = NUMBER.test(text) ? NUMBER.lastIndex : -1;
      for (const literal of ['true', 'false', 'null']) {
        if (text.startsWith(literal, i)) end = i + literal.length;
        else if (n - i < literal.length && literal.startsWith(text.slice(i))) return { at: n, reason: END };
      }
      if (end < 0 && c === '-' && i + 1 === n) return { at: n, reason: END };
      if (end < 0) return { at: i, reason: `unexpected character ${JSON.stringify(c)}` };
      // A number cut after its "." or exponent mark is a truncation too.
      if (end < n && n - end <= 2 && /^(?:\.|[eE][+-]?)$/.test(text.slice(end))) return { at: n, reason: END };
      state = 'after';
      i = end;
    }
  }
}

/** The index after a string's closing quote, or -(error index) - 1. */
function stringEnd(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      const next = text[i + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]*$/.test(hex)) return -i - 1;
        if (hex.length < 4) break;
        i += 5;
      } else if ('"\\/bfnrt'.includes(next)) i++;
      else return -i - 1;
    }
  }
  return -text.length - 1;
}

/** UTF-8 length of text[0, end), without building the bytes. */
function utf8Length(text: string, end: number): number {
  let bytes = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
