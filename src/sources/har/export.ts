/**
 * Handshakes → a HAR 1.2 document of WebSocket entries, for sharing or for
 * re-import (here, by the CLI or by other HAR tools). An entry the handshake
 * came from (an imported file, the DevTools capture) is kept as it was; other
 * handshakes (pasted text, the probe) get an entry rebuilt in Chrome's shape,
 * which `parseHar` reads back to the same handshake. Redaction (on by default)
 * masks credentials in headers, cookies, query parameters and URLs, drops
 * message frames and bodies (they may carry anything), and scrubs copies of the
 * secrets from every other string. Pure: no DOM, no Node API.
 */
import { CHROMIUM_HANDSHAKE_PREFIX } from '../../core/checks/browser-reasons.js';
import type { HeaderField } from '../../core/headers.js';
import type { Handshake } from '../../core/model.js';
import { isObject, type JsonObject } from './entry.js';
import { digestMessages, readDigest, withoutPreviews } from './messages.js';
import {
  REDACTED,
  handshakeSecrets,
  headerSecrets,
  redactHeaderFields,
  redactUrl,
  scrubText,
  sortSecrets,
  urlSecrets,
} from '../../core/export/redact.js';
import { isSecretParamName } from '../../core/secrets.js';

export interface HarExportItem {
  readonly handshake: Handshake;
  /** The HAR entry the handshake was read from, when there is one: kept in the export. */
  readonly entry?: unknown;
}

export interface HarExportOptions {
  /** The tool's version, for `log.creator`. */
  readonly version: string;
  /** Mask credentials (default true). */
  readonly redact?: boolean;
  /** `startedDateTime` for rebuilt entries whose handshake has no start time (HAR requires one). */
  readonly fallbackStartedAt?: string;
}

export interface HarNameValue {
  name: string;
  value: string;
}

/** The HAR 1.2 shape this module writes (entries may carry more fields when kept from a source). */
export interface HarDocument {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: { startedDateTime: string; id: string; title: string; pageTimings: Record<string, number> }[];
    entries: Record<string, unknown>[];
  };
}

const EPOCH = '1970-01-01T00:00:00.000Z';


/** A deep copy made of plain JSON values only (the entry may come from any source). */
function jsonCopy(value: unknown): JsonObject | null {
  try {
    const copy: unknown = JSON.parse(JSON.stringify(value));
    return isObject(copy) ? copy : null;
  } catch {
    return null;
  }
}

function queryStringOf(url: string): HarNameValue[] {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return [];
  const hashAt = url.indexOf('#', queryAt);
  const query = url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt);
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
}

function cookiesOf(headers: readonly HeaderField[], kind: 'cookie' | 'set-cookie'): HarNameValue[] {
  const cookies: HarNameValue[] = [];
  for (const field of headers) {
    if (field.name.toLowerCase() !== kind) continue;
    const pairs = kind === 'cookie' ? field.value.split(';') : [field.value.split(';', 1)[0] ?? ''];
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.push({ name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() });
    }
  }
  return cookies;
}

/** An entry in Chrome's export shape, read back by `parseHar` as the same handshake. */
export function entryFromHandshake(handshake: Handshake, fallbackStartedAt = EPOCH): JsonObject {
  const request = handshake.request;
  const response = handshake.response;
  const requestHeaders = request ? request.headers.fields.map((f) => ({ name: f.name, value: f.value })) : [];
  const responseHeaders = response ? response.headers.fields.map((f) => ({ name: f.name, value: f.value })) : [];
  const duration = typeof handshake.durationMs === 'number' && handshake.durationMs > 0 ? handshake.durationMs : null;
  const entry: JsonObject = {
    startedDateTime: handshake.startedAt || fallbackStartedAt,
    time: duration ?? 0,
    request: {
      // No method and no headers is how Chromium records a request that was never sent.
      method: request?.method ?? (handshake.requestSent === false ? '' : 'GET'),
      url: handshake.url,
      httpVersion: request?.httpVersion ?? '',
      headers: requestHeaders,
      queryString: queryStringOf(handshake.url),
      cookies: cookiesOf(requestHeaders, 'cookie'),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: response?.httpVersion ?? '',
      headers: responseHeaders,
      cookies: cookiesOf(responseHeaders, 'set-cookie'),
      content: response?.bodyStart
        ? { size: response.bodyStart.length, mimeType: response.headers.first('content-type') ?? 'x-unknown', text: response.bodyStart }
        : { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _error: null,
    },
    cache: {},
    // `wait` carries the duration so readers (parseHar among them) know it was measured.
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: duration ?? 0, receive: 0 },
    _resourceType: 'websocket',
  };
  if (handshake.browserError) {
    entry._webSocketMessages = [{ type: 'error', time: 0, opcode: -1, data: `${CHROMIUM_HANDSHAKE_PREFIX} ${handshake.browserError}` }];
  }
  return entry;
}

function redactNameValues(list: unknown, mask: (name: string, value: string) => string): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((item: unknown) => {
    if (!isObject(item) || typeof item.name !== 'string') return item;
    const value = typeof item.value === 'string' ? item.value : '';
    return { ...item, value: mask(item.name, value) };
  });
}

/** The credential values an entry carries beyond its handshake: the HAR's cookie lists and query lists. */
function entrySecrets(entry: JsonObject, into: Set<string>): void {
  for (const side of ['request', 'response'] as const) {
    const part = entry[side];
    if (!isObject(part)) continue;
    if (Array.isArray(part.headers)) {
      headerSecrets(part.headers.filter((h): h is HeaderField => isObject(h) && typeof h.name === 'string' && typeof h.value === 'string'), into);
    }
    if (Array.isArray(part.cookies)) {
      for (const cookie of part.cookies) if (isObject(cookie) && typeof cookie.value === 'string' && cookie.value.length >= 4) into.add(cookie.value);
    }
    if (Array.isArray(part.queryString)) {
      for (const param of part.queryString) {
        if (isObject(param) && typeof param.name === 'string' && typeof param.value === 'string' && isSecretParamName(param.name) && param.value.length >= 4) {
          into.add(param.value);
        }
      }
    }
    if (typeof part.url === 'string') urlSecrets(part.url, into);
    if (typeof part.redirectURL === 'string') urlSecrets(part.redirectURL, into);
  }
}

/** Replaces copies of the secrets in every string of a JSON value (the fields redaction does not know). */
function scrubDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, secrets);
    return out;
  }
  return value;
}

/** Masks credentials in a HAR entry in place of a copy; frames and bodies are dropped (only handshake errors stay). */
export function redactEntry(entry: JsonObject, extraSecrets: Iterable<string> = []): JsonObject {
  const secretSet = new Set(extraSecrets);
  entrySecrets(entry, secretSet);
  const secrets = sortSecrets(secretSet);
  const out: JsonObject = { ...entry };
  const request = isObject(entry.request) ? { ...entry.request } : null;
  if (request) {
    if (typeof request.url === 'string') request.url = redactUrl(request.url);
    request.headers = redactNameValues(request.headers, (name, value) => redactHeaderFields([{ name, value }])[0]!.value);
    request.cookies = redactNameValues(request.cookies, () => REDACTED);
    request.queryString = redactNameValues(request.queryString, (name, value) => (isSecretParamName(name) ? REDACTED : value));
    if ('postData' in request) delete request.postData;
    out.request = request;
  }
  const response = isObject(entry.response) ? { ...entry.response } : null;
  if (response) {
    response.headers = redactNameValues(response.headers, (name, value) => redactHeaderFields([{ name, value }])[0]!.value);
    response.cookies = redactNameValues(response.cookies, () => REDACTED);
    if (typeof response.redirectURL === 'string') response.redirectURL = redactUrl(response.redirectURL);
    if (isObject(response.content)) {
      const { text: _text, encoding: _encoding, ...content } = response.content;
      response.content = content;
    }
    out.response = response;
  }
  // Frames may carry anything (auth messages, personal data); only Chromium's handshake error is diagnosis.
  if (Array.isArray(entry._webSocketMessages)) {
    out._webSocketMessages = entry._webSocketMessages.filter((m: unknown) => isObject(m) && m.type === 'error');
  }
  // The digest keeps counts, sizes and times (the diagnosis); its message previews go like the frames.
  const digest = readDigest(entry._webSocketDigest) ?? (Array.isArray(entry._webSocketMessages) ? digestMessages(entry._webSocketMessages) : null);
  if (digest) out._webSocketDigest = withoutPreviews(digest);
  else delete out._webSocketDigest;
  return scrubDeep(out, secrets) as JsonObject;
}

/**
 * The HAR document: one entry per handshake, in order. Pages are rebuilt from
 * the handshakes' page URLs (entries from different files would clash on ids).
 */
export function toHarDocument(items: readonly HarExportItem[], options: HarExportOptions): HarDocument {
  const redact = options.redact ?? true;
  const fallback = options.fallbackStartedAt ?? EPOCH;
  const pages: HarDocument['log']['pages'] = [];
  const pageIds = new Map<string, string>();
  const entries = items.map(({ handshake, entry }) => {
    const kept = entry === undefined || entry === null ? null : jsonCopy(entry);
    let out = kept ?? entryFromHandshake(handshake, fallback);
    if (typeof out.startedDateTime !== 'string' || out.startedDateTime === '') out.startedDateTime = handshake.startedAt || fallback;
    delete out.pageref;
    const pageUrl = handshake.pageUrl ?? null;
    if (pageUrl) {
      let id = pageIds.get(pageUrl);
      if (id === undefined) {
        id = `page_${pageIds.size + 1}`;
        pageIds.set(pageUrl, id);
        pages.push({ startedDateTime: String(out.startedDateTime), id, title: pageUrl, pageTimings: { onContentLoad: -1, onLoad: -1 } });
      }
      out.pageref = id;
    }
    if (redact) out = redactEntry(out, handshakeSecrets(handshake));
    return out;
  });
  const document: HarDocument = {
    log: {
      version: '1.2',
      creator: { name: 'WebSocket Handshake Inspector', version: options.version },
      pages,
      entries,
    },
  };
  if (redact) {
    const pageSecrets = new Set<string>();
    for (const page of pages) urlSecrets(page.title, pageSecrets);
    const secrets = sortSecrets(pageSecrets);
    for (const page of pages) page.title = scrubText(redactUrl(page.title), secrets);
  }
  return document;
}

/** The document as text (two-space indented JSON, like browser exports). */
export function stringifyHar(document: HarDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
