/**
 * Security smells in a handshake (RFC 6455 §10): cross-site handshakes the
 * server accepted with cookies (cross-site WebSocket hijacking), ws:// from
 * https:// pages, and credentials in the URL. URLs are split by hand because the
 * core has no URL global (no DOM, no Node types); this parser never throws.
 */
import type { Check, HandshakeContext } from './context.js';
import type { Finding } from './model.js';
import { finding } from './rules.js';
import { isAcceptedResponse } from './subprotocol.js';

/** The parts of an absolute URL the security checks need; null fields when absent. */
export interface UrlParts {
  /** Lower case, without ":" (e.g. `wss`). */
  readonly scheme: string;
  /** The raw userinfo before "@", or null. */
  readonly userinfo: string | null;
  /** Lower case host without port or trailing dot; IPv6 keeps its brackets. */
  readonly host: string;
  /** The query without "?", or null. */
  readonly query: string | null;
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

/** `host:port` → `host`: drops a trailing `:digits` (or a bare trailing `:`). */
function withoutPort(hostPort: string): string {
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0) return hostPort;
  for (let i = colon + 1; i < hostPort.length; i++) if (!isDigit(hostPort.charCodeAt(i))) return hostPort;
  return hostPort.slice(0, colon);
}

/**
 * Splits `scheme://[userinfo@]host[:port][/path][?query][#fragment]`; null when it is not such a URL.
 * Scanned by hand (it runs for every handshake and its Origin), as the regex
 * /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/ would.
 */
export function splitUrl(url: string): UrlParts | null {
  const text = url.trim();
  if (!isLetter(text.charCodeAt(0))) return null;
  let colon = 1;
  while (colon < text.length && text.charCodeAt(colon) < 128 && SCHEME_CHAR[text.charCodeAt(colon)] === 1) colon++;
  if (!text.startsWith('://', colon)) return null;
  const authorityStart = colon + 3;
  const authorityEnd = partEnd(text, authorityStart, 'authority');
  const pathEnd = partEnd(text, authorityEnd, 'path');
  const query = text[pathEnd] === '?' ? text.slice(pathEnd + 1, partEnd(text, pathEnd + 1, 'query')) : null;
  const authority = text.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : null;
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1 || undefined) : withoutPort(hostPort);
  const lowerHost = host.toLowerCase();
  return {
    scheme: text.slice(0, colon).toLowerCase(),
    userinfo,
    host: lowerHost.endsWith('.') ? lowerHost.slice(0, -1) : lowerHost,
    query,
  };
}

// Whole parameter names (separators removed, lower case) that carry secrets.
const SECRET_NAMES = new Set([
  'token', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'sessiontoken', 'apitoken', 'bearer',
  'apikey', 'key', 'secret', 'clientsecret', 'password', 'passwd', 'pwd', 'pass', 'passphrase',
  'auth', 'authorization', 'session', 'sessionid', 'sessid', 'phpsessid', 'jsessionid',
  'jwt', 'sig', 'signature', 'credential', 'credentials', 'privatekey',
]);
// Words that make a compound name secret wherever they stand: `access_token`, `x-api-key`, `X-Amz-Signature`.
const SECRET_WORDS = new Set([
  'token', 'key', 'apikey', 'secret', 'password', 'passwd', 'pwd', 'auth', 'session', 'sessionid',
  'jwt', 'sig', 'signature', 'credential', 'credentials', 'bearer',
]);

/** Words of a parameter name: split on non-alphanumerics and camelCase (`apiKey` → api, key). */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * True for query parameter names that look like credentials (token, key, password, auth, session,
 * secret, jwt, signature…), matched as whole words so `keyboard`, `monkey` or `username` do not count.
 */
export function isSecretParamName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // a malformed escape: judge the name as written
  }
  const words = wordsOf(decoded);
  if (words.length === 0) return false;
  if (SECRET_NAMES.has(words.join(''))) return true;
  return words.some((w) => SECRET_WORDS.has(w));
}

/** The names of the query parameters of `url` that look like credentials, in order, each once. */
export function secretParamNames(query: string): string[] {
  const names: string[] = [];
  for (const pair of query.split('&')) {
    const name = pair.split('=', 1)[0] ?? '';
    if (name !== '' && isSecretParamName(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// Shared-hosting suffixes whose subdomains belong to different owners (a tiny stand-in for the Public Suffix List).
const PRIVATE_SUFFIXES = new Set([
  'github.io', 'gitlab.io', 'herokuapp.com', 'vercel.app', 'netlify.app', 'pages.dev', 'workers.dev',
  'appspot.com', 'web.app', 'firebaseapp.com', 'azurewebsites.net', 'cloudfront.net', 'onrender.com',
  'fly.dev', 'glitch.me', 'ngrok.io', 'ngrok-free.app', 'repl.co', 'blogspot.com',
]);
// Second-level labels under a country code that act as public suffixes (`example.co.uk`).
const COUNTRY_SECOND_LEVELS = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gv', 'nic']);

/** A heuristic registrable domain ("site"): the last two labels, three under `co.uk`-like or shared-hosting suffixes. */
export function siteOf(host: string): string {
  // Found by index, not split/join: this runs twice per accepted handshake with cookies.
  const last = host.lastIndexOf('.');
  if (host.startsWith('[') || last < 0 || IPV4.test(host)) return host;
  const second = last > 0 ? host.lastIndexOf('.', last - 1) : -1;
  const lastTwo = host.slice(second + 1);
  const needsThird = PRIVATE_SUFFIXES.has(lastTwo) || (host.length - last - 1 === 2 && COUNTRY_SECOND_LEVELS.has(host.slice(second + 1, last)));
  if (!needsThird) return lastTwo;
  const third = second > 0 ? host.lastIndexOf('.', second - 1) : -1;
  return host.slice(third + 1);
}

/** ws/http and wss/https are the same scheme for site comparison. */
function schemeClass(scheme: string): string {
  if (scheme === 'ws') return 'http';
  if (scheme === 'wss') return 'https';
  return scheme;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]';
}

/** The handshake URL's parts: analyze() splits it once per handshake; a hand-built context leaves that to here. */
function targetOf(context: HandshakeContext): UrlParts | null {
  return context.targetUrl !== undefined ? context.targetUrl : splitUrl(context.handshake.url);
}

/** Why an Origin is another site than the WebSocket URL, or null when it is the same site (or cannot be told). */
function crossSiteReason(origin: string, context: HandshakeContext): string | null {
  const trimmed = origin.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'null') return 'Origin is "null" (a sandboxed frame, a file, or a redirect across sites)';
  const target = targetOf(context);
  if (!target || target.host === '') return null;
  if (lower.startsWith('file:')) return `Origin is "${trimmed}" (a local file)`;
  const from = splitUrl(trimmed);
  if (!from) return null;
  // The same host is the same site: the usual case needs no site computed.
  if (from.host !== target.host && siteOf(from.host) !== siteOf(target.host)) return `Origin "${trimmed}" is another site than ${target.host}`;
  if (schemeClass(from.scheme) !== schemeClass(target.scheme)) return `Origin "${trimmed}" uses another scheme than ${target.scheme}://${target.host}`;
  return null;
}

/** RFC 6455 §10.2: an accepted cross-site handshake with cookies is what cross-site WebSocket hijacking looks like. */
const checkCrossSiteCookies: Check = (context) => {
  const request = context.request;
  if (!request || !isAcceptedResponse(context)) return [];
  // DevTools may hide Cookie: no header means unknown, not "no cookies".
  const cookie = request.headers.combined('cookie');
  const origin = request.headers.first('origin');
  if (!cookie || origin === null) return [];
  const reason = crossSiteReason(origin, context);
  if (reason === null) return [];
  const cookieNames = [...new Set(cookie.split(/[;,]/).map((c) => c.split('=', 1)[0]!.trim()).filter((n) => n !== ''))];
  return [
    finding('cross-site-cookie-handshake', `The server accepted this handshake (${context.response!.status}) although the ${reason}, and the request carried cookies (${cookieNames.slice(0, 5).join(', ')}${cookieNames.length > 5 ? ', …' : ''}). Unless the server checks Origin, any site can open this socket with the user's session.`, {
      header: 'Origin',
    }),
  ];
};

/** RFC 6455 §10, WHATWG mixed content: ws:// from an https:// page is unencrypted and blocked by browsers. */
const checkInsecureFromHttps: Check = (context) => {
  const target = targetOf(context);
  if (!target || (target.scheme !== 'ws' && target.scheme !== 'http') || isLoopback(target.host)) return [];
  const pageUrl = context.handshake.pageUrl?.trim() || null;
  const page = pageUrl ?? context.request?.headers.first('origin') ?? null;
  if (page === null || !/^https:\/\//i.test(page)) return [];
  return [
    finding('insecure-ws-from-https', `The socket uses unencrypted ws://${target.host} from the ${pageUrl !== null ? 'page' : 'origin'} ${page}: anyone on the path can read and change its traffic, and browsers block it as mixed content.`, {
      header: pageUrl !== null ? null : 'Origin',
    }),
  ];
};

/** RFC 6455 §10: secrets in the URL end up in server, proxy and browser logs. Values are never shown. */
const checkCredentialsInUrl: Check = (context) => {
  const url = targetOf(context);
  if (!url) return [];
  const findings: Finding[] = [];
  if (url.userinfo !== null && url.userinfo !== '') {
    // The user name can itself be a token (`https://TOKEN:x-oauth-basic@host`), so neither part is shown.
    const shown = url.userinfo.includes(':') ? '***:***@' : '***@';
    findings.push(finding('credentials-in-url', `The URL carries credentials in its userinfo (${shown}${url.host}); values hidden here.`));
  }
  const names = url.query === null ? [] : secretParamNames(url.query);
  if (names.length > 0) {
    const list = names.map((n) => `${n}=***`).join(', ');
    findings.push(
      finding('credentials-in-url', `The URL's query carries ${names.length === 1 ? 'a parameter that looks' : 'parameters that look'} like credentials: ${list} (values hidden here).`),
    );
  }
  return findings;
};

export const securityChecks: readonly Check[] = [checkCrossSiteCookies, checkInsecureFromHttps, checkCredentialsInUrl];
