/**
 * One HAR entry → a Handshake: the request and response as the capture holds
 * them, the browser's reason for a refusal, the duration and the page. Who
 * captured it (a browser, a proxy) decides what its fields can be trusted for.
 */
import { HeaderList, type HeaderField } from '../../core/headers.js';
import { BODY_START_LIMIT, type CapturedBy, type Handshake, type HandshakeRequest, type HandshakeResponse, type Transport } from '../../core/model.js';
import { decodeBase64 } from '../../core/base64.js';
import { CHROMIUM_HANDSHAKE_PREFIX } from '../../core/checks/browser-reasons.js';
import { splitUrl } from '../../core/url.js';
import { connectionOfEntry } from './connection.js';
import { isObject, type JsonObject } from './json.js';

export { isObject, type JsonObject } from './json.js';

/** Who wrote a HAR, from `log.creator.name`; undefined when the name says nothing (then each entry's fields tell). */
export function capturerOfCreator(creator: unknown): CapturedBy | undefined {
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
export function capturerOfEntry(entry: JsonObject): CapturedBy | null {
  const response = entry.response;
  if ('_initiator' in entry || (isObject(response) && '_transferSize' in response)) return 'chromium';
  return '_securityState' in entry ? 'firefox' : null;
}

export function buildHandshake(entry: JsonObject, source: string, pageUrls: ReadonlyMap<string, string> | null, capturedBy: CapturedBy | null): Handshake | null {
  const harRequest = isObject(entry.request) ? entry.request : null;
  if (!harRequest) return null;
  const harResponse = isObject(entry.response) ? entry.response : null;
  const headers = headerListOf(harRequest.headers);
  // Chromium lists a socket whose connection failed before the request went out (wss:// to a plain
  // port, refused, DNS) with no method and no headers: there is no request to judge, and no transport.
  const requestSent = !(headers.size === 0 && nonEmptyString(harRequest.method) === null);

  let requestVersion = nonEmptyString(harRequest.httpVersion);
  let responseVersion = harResponse ? nonEmptyString(harResponse.httpVersion) : null;
  let transport = transportOf(requestVersion) ?? transportOf(responseVersion) ?? 'unknown';
  // Browsers always send a key over HTTP/1.1, so a browser capture without one is h2 (or h3), whatever
  // version DevTools writes: Chromium 156 writes "HTTP/1.1" on HTTP/2 WebSockets (shared/PLATFORM.md).
  if (requestSent && (capturedBy === 'chromium' || capturedBy === 'firefox') && !headers.has('sec-websocket-key')) {
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
          bodyStart: bodyStartOf(harResponse.content),
        }
      : null;

  const pageref = entry.pageref;
  const connection = response ? connectionOfEntry(entry, response.status, capturedBy) : null;
  return {
    source,
    url: typeof harRequest.url === 'string' ? harRequest.url : '',
    transport,
    request: requestSent ? request : null,
    response,
    browserError: browserErrorOf(entry, harResponse, response !== null),
    startedAt: nonEmptyString(entry.startedDateTime),
    // A Chromium WebSocket entry's `time` runs to its last message or its close, not to the 101: only with no message is `wait` the 101.
    durationMs: connection && capturedBy === 'chromium' ? connection.openedAtMs : durationOf(entry),
    pageUrl: typeof pageref === 'string' && pageUrls ? (pageUrls.get(pageref) ?? null) : null,
    capturedBy,
    ...(requestSent ? {} : { requestSent: false }),
    ...(connection ? { connection } : {}),
  };
}

/** `content.text` (base64 when `content.encoding` says so), bounded; null when the HAR kept no body. */
function bodyStartOf(content: unknown): string | null {
  if (!isObject(content) || typeof content.text !== 'string' || content.text === '') return null;
  if (content.encoding !== 'base64') return content.text.slice(0, BODY_START_LIMIT);
  // 4 base64 characters per 3 bytes: decode only what the limit keeps.
  const head = content.text.slice(0, Math.ceil(BODY_START_LIMIT / 3) * 4).replace(/\s+/g, '');
  const bytes = decodeBase64(head.slice(0, head.length - (head.length % 4)));
  if (!bytes) return null;
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  return text === '' ? null : text.slice(0, BODY_START_LIMIT);
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
      if (data.startsWith(CHROMIUM_HANDSHAKE_PREFIX)) {
        const reason = data.slice(CHROMIUM_HANDSHAKE_PREFIX.length).trim();
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
export function pageUrlsOf(pages: unknown): Map<string, string> | null {
  if (!Array.isArray(pages) || pages.length === 0) return null;
  const urls = new Map<string, string>();
  for (const page of pages) {
    if (!isObject(page) || typeof page.id !== 'string' || typeof page.title !== 'string') continue;
    const title = page.title.trim();
    if (splitUrl(title) !== null && !/\s/.test(title)) urls.set(page.id, title);
  }
  return urls;
}

