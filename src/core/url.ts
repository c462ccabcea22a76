/**
 * URLs split by hand, once, for every face: the core has no URL global (no DOM,
 * no Node types), and a handshake URL is untrusted text that must never throw.
 * `scheme://[userinfo@]host[:port][path][?query][#fragment]`, as the regex
 * /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/ would,
 * scanned by char code because it runs for every handshake and its Origin.
 */

/** The parts of an absolute URL; null fields when absent. */
export interface UrlParts {
  /** Lower case, without ":" (e.g. `wss`). */
  readonly scheme: string;
  /** The raw userinfo before "@", or null. */
  readonly userinfo: string | null;
  /** The authority after any userinfo, as written (`Host:8080`, `[::1]:9000`). */
  readonly hostPort: string;
  /** Lower case host without port or trailing dot; IPv6 keeps its brackets. */
  readonly host: string;
  /** The port digits, or null when none is written. */
  readonly port: string | null;
  /** The path as written, '' when there is none. */
  readonly path: string;
  /** The query without "?", or null. */
  readonly query: string | null;
  /** The fragment without "#", or null. */
  readonly fragment: string | null;
}

// Scheme characters after the first letter (RFC 3986 §3.1), by char code.
const SCHEME_CHAR = new Uint8Array(128);
for (let code = 0; code < 128; code++) SCHEME_CHAR[code] = /[A-Za-z0-9+.-]/.test(String.fromCharCode(code)) ? 1 : 0;

const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Where the URL part starting at `from` ends: at the first `/`, `?` or `#` (authority), `?` or `#` (path), or `#` (query). */
function partEnd(text: string, from: number, part: 'authority' | 'path' | 'query'): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 35 || (code === 63 && part !== 'query') || (code === 47 && part === 'authority')) return i;
  }
  return text.length;
}

/** The index of the `:` before a trailing `:digits` port (or a bare trailing `:`) of an unbracketed `host:port`, or -1. */
function portColon(hostPort: string): number {
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0) return -1;
  for (let i = colon + 1; i < hostPort.length; i++) if (!isDigit(hostPort.charCodeAt(i))) return -1;
  return colon;
}

/** Splits an absolute URL; null when `url` is not `scheme://…`. Never throws. */
export function splitUrl(url: string): UrlParts | null {
  const text = url.trim();
  if (!isLetter(text.charCodeAt(0))) return null;
  let colon = 1;
  while (colon < text.length && text.charCodeAt(colon) < 128 && SCHEME_CHAR[text.charCodeAt(colon)] === 1) colon++;
  if (!text.startsWith('://', colon)) return null;
  const authorityStart = colon + 3;
  const authorityEnd = partEnd(text, authorityStart, 'authority');
  const pathEnd = partEnd(text, authorityEnd, 'path');
  const queryEnd = text[pathEnd] === '?' ? partEnd(text, pathEnd + 1, 'query') : pathEnd;
  const authority = text.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  let host: string;
  let port: string | null = null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    host = close < 0 ? hostPort : hostPort.slice(0, close + 1);
    if (close >= 0 && hostPort[close + 1] === ':') port = hostPort.slice(close + 2);
  } else {
    const portAt = portColon(hostPort);
    host = portAt < 0 ? hostPort : hostPort.slice(0, portAt);
    if (portAt >= 0) port = hostPort.slice(portAt + 1);
  }
  const lowerHost = host.toLowerCase();
  return {
    scheme: text.slice(0, colon).toLowerCase(),
    userinfo: at >= 0 ? authority.slice(0, at) : null,
    hostPort,
    host: lowerHost.endsWith('.') ? lowerHost.slice(0, -1) : lowerHost,
    port: port === '' ? null : port,
    path: text.slice(authorityEnd, pathEnd),
    query: text[pathEnd] === '?' ? text.slice(pathEnd + 1, queryEnd) : null,
    fragment: text[queryEnd] === '#' ? text.slice(queryEnd + 1) : null,
  };
}

/** Rebuilds a URL from its parts (the scheme in lower case), the inverse of splitUrl for a trimmed URL. */
export function joinUrl(parts: UrlParts): string {
  const userinfo = parts.userinfo === null ? '' : `${parts.userinfo}@`;
  const query = parts.query === null ? '' : `?${parts.query}`;
  const fragment = parts.fragment === null ? '' : `#${parts.fragment}`;
  return `${parts.scheme}://${userinfo}${parts.hostPort}${parts.path}${query}${fragment}`;
}

/** What a request line carries for `url`: path and query (`/` when there is no path); the text itself when it is not an absolute URL. */
export function requestTargetOf(url: string): string {
  const parts = splitUrl(url);
  if (!parts) return url || '/';
  return `${parts.path || '/'}${parts.query === null ? '' : `?${parts.query}`}`;
}

/** `ws://` ↔ `http://`, `wss://` ↔ `https://`: curl wants the HTTP form, the probe and browsers the WebSocket one. */
export function withScheme(url: string, form: 'http' | 'ws'): string {
  const parts = splitUrl(url);
  if (!parts) return url;
  const secure = parts.scheme === 'wss' || parts.scheme === 'https';
  const plain = parts.scheme === 'ws' || parts.scheme === 'http';
  if (!secure && !plain) return url;
  const scheme = form === 'http' ? (secure ? 'https' : 'http') : secure ? 'wss' : 'ws';
  const trimmed = url.trim();
  return `${scheme}${trimmed.slice(trimmed.indexOf('://'))}`;
}

/** True for `ws:`, `wss:`, `http:` and `https:` URLs (HARs record WebSockets with either). */
export function isWebOrSocketUrl(url: string): boolean {
  const scheme = splitUrl(url)?.scheme;
  return scheme === 'ws' || scheme === 'wss' || scheme === 'http' || scheme === 'https';
}
