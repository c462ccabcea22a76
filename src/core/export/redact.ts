/**
 * Redaction for reports people share (JSON, Markdown, HAR exports): credentials
 * are masked, everything the diagnosis needs stays. Masked: Cookie,
 * Set-Cookie, Authorization, Proxy-Authorization and other credential-named
 * headers (X-Api-Key, X-Auth-Token…), credential-like query parameters
 * (`isSecretParamName`), URL userinfo, and bearer tokens smuggled in
 * Sec-WebSocket-Protocol. Kept: Sec-WebSocket-Key and -Accept (not secrets:
 * the accept check needs them), cookie names and Set-Cookie attributes.
 * Pure: no DOM, no Node API; never throws on odd input.
 */
import { HeaderList, type HeaderField } from '../headers.js';
import type { Finding, Handshake, HandshakeRequest, HandshakeResponse, RawExchange, Report } from '../model.js';
import { isSecretParamName } from '../secrets.js';
import { isLineTerminatorCode, isSpaceCode } from '../text.js';
import { joinUrl, splitUrl } from '../url.js';

/** What a masked value becomes. */
export const REDACTED = '[redacted]';

// Headers whose whole value is a credential.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
// Handshake headers named like secrets that are not: the diagnosis needs them.
const HANDSHAKE_HEADERS = new Set(['sec-websocket-key', 'sec-websocket-accept', 'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-protocol']);
// Headers whose value is a URL that may carry credentials in its query or userinfo.
const URL_HEADERS = new Set(['referer', 'location', 'content-location', 'origin']);
// Kubernetes and others pass a bearer token as a subprotocol (RFC 6455 leaves no other header to a browser).
const BEARER_PROTOCOL = /^(base64url\.bearer\.authorization\.k8s\.io\.|bearer[.,_-]?|access_token[.,_-]?|token[.,_-]?)(.+)$/i;
const JWT = /^eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$/;
// Free text is scrubbed of known secret values; shorter ones would mask ordinary words and digits.
const MIN_SCRUB_LENGTH = 4;

/** True for a header whose value is a credential (case-insensitive): it is masked, its name kept. */
export function isSecretHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (CREDENTIAL_HEADERS.has(lower)) return true;
  if (HANDSHAKE_HEADERS.has(lower) || lower.startsWith(':')) return false;
  return isSecretParamName(lower);
}

/** `Bearer abc` → `Bearer [redacted]`: the scheme tells what kind of credential it was. */
function maskAuthorization(value: string): string {
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
  return match ? `${match[1]} ${REDACTED}` : REDACTED;
}

/** `a=1; b=2` → `a=[redacted]; b=[redacted]`: cookie names help (cross-site checks), values are sessions. */
function maskCookie(value: string): string {
  return value
    .split(';')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? (pair.trim() === '' ? pair : REDACTED) : `${pair.slice(0, eq)}=${REDACTED}`;
    })
    .join(';');
}

/** `id=abc; Path=/; HttpOnly` → `id=[redacted]; Path=/; HttpOnly`: the attributes are not secret and matter (SameSite). */
function maskSetCookie(value: string): string {
  const semicolon = value.indexOf(';');
  const first = semicolon < 0 ? value : value.slice(0, semicolon);
  const rest = semicolon < 0 ? '' : value.slice(semicolon);
  const eq = first.indexOf('=');
  return `${eq < 0 ? REDACTED : `${first.slice(0, eq)}=${REDACTED}`}${rest}`;
}

/** Masks subprotocols that carry a token, keeping the rest of the list (and its prefix) for the negotiation checks. */
function maskProtocols(value: string): string {
  return value
    .split(',')
    .map((part) => {
      const element = part.trim();
      const bearer = BEARER_PROTOCOL.exec(element);
      if (bearer && bearer[2]!.length >= 8) return part.replace(element, `${bearer[1]}${REDACTED}`);
      if (JWT.test(element)) return part.replace(element, REDACTED);
      return part;
    })
    .join(',');
}

/** The value a header is shown with once redacted. */
export function redactHeaderValue(name: string, value: string): string {
  const lower = name.trim().toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') return maskAuthorization(value);
  if (lower === 'cookie') return maskCookie(value);
  if (lower === 'set-cookie') return maskSetCookie(value);
  if (lower === 'sec-websocket-protocol') return maskProtocols(value);
  if (URL_HEADERS.has(lower)) return redactUrl(value);
  if (isSecretHeaderName(lower)) return REDACTED;
  return value;
}

export function redactHeaderFields(fields: readonly HeaderField[]): HeaderField[] {
  return fields.map((f) => ({ name: f.name, value: redactHeaderValue(f.name, f.value) }));
}

export function redactHeaders(headers: HeaderList): HeaderList {
  return new HeaderList(redactHeaderFields(headers.fields));
}

/** `a=1&token=x` → `a=1&token=[redacted]`; names are kept, as are parameters that are not credentials. */
export function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (name === '' || !isSecretParamName(name)) return pair;
      return `${name}=${REDACTED}`;
    })
    .join('&');
}

/**
 * Masks userinfo (`wss://user:pass@host` → `wss://[redacted]:[redacted]@host`;
 * the user name alone can be a token) and credential-like parameters in the
 * query and in a `k=v` fragment (OAuth puts `access_token` there). Text that is
 * not an absolute URL gets only its query masked.
 */
export function redactUrl(url: string): string {
  if (typeof url !== 'string' || url === '') return url;
  const parts = splitUrl(url);
  if (parts) {
    return joinUrl({
      ...parts,
      userinfo: parts.userinfo === null ? null : maskUserinfo(parts.userinfo),
      query: parts.query === null ? null : redactQuery(parts.query),
      fragment: parts.fragment === null ? null : redactFragment(parts.fragment),
    });
  }
  // A request target (`/path?query#fragment`) or other text: only its query and fragment.
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  let out = queryAt < 0 ? beforeHash : `${beforeHash.slice(0, queryAt)}?${redactQuery(beforeHash.slice(queryAt + 1))}`;
  if (hashAt >= 0) out += `#${redactFragment(url.slice(hashAt + 1))}`;
  return out;
}

/** `user:pass` → `[redacted]:[redacted]`; the user name alone can be a token, so it goes too. */
function maskUserinfo(userinfo: string): string {
  return userinfo.includes(':') ? `${REDACTED}:${REDACTED}` : REDACTED;
}

/** A fragment of `k=v` pairs (OAuth's implicit flow) is masked like a query; any other fragment stays. */
function redactFragment(fragment: string): string {
  return fragment.includes('=') ? redactQuery(fragment) : fragment;
}

// --- what the secrets are, to scrub copies of them from free text ----------------------------

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function addSecret(secrets: Set<string>, value: string | null | undefined): void {
  if (typeof value !== 'string') return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SCRUB_LENGTH || trimmed === REDACTED) return;
  secrets.add(trimmed);
  const decoded = decodeComponent(trimmed);
  if (decoded !== trimmed && decoded.length >= MIN_SCRUB_LENGTH) secrets.add(decoded);
}

/** The credential values a URL carries: userinfo parts and secret parameter values (raw and decoded). */
export function urlSecrets(url: string | null | undefined, into: Set<string> = new Set()): Set<string> {
  if (typeof url !== 'string') return into;
  const parts = splitUrl(url);
  if (parts?.userinfo) {
    addSecret(into, parts.userinfo);
    for (const part of parts.userinfo.split(':')) addSecret(into, part);
  }
  const hashAt = url.indexOf('#');
  const queryAt = url.indexOf('?');
  const lists = parts ? [parts.query, parts.fragment] : [queryAt >= 0 && (hashAt < 0 || queryAt < hashAt) ? url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt) : null, hashAt >= 0 ? url.slice(hashAt + 1) : null];
  for (const list of lists) {
    if (list === null) continue;
    for (const pair of list.split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && isSecretParamName(pair.slice(0, eq))) addSecret(into, pair.slice(eq + 1));
    }
  }
  return into;
}

/** The credential values in header fields: whole values, cookie values, the credentials after an auth scheme. */
export function headerSecrets(fields: readonly HeaderField[], into: Set<string> = new Set()): Set<string> {
  for (const { name, value } of fields) {
    const lower = name.trim().toLowerCase();
    if (lower === 'cookie' || lower === 'set-cookie') {
      const pairs = lower === 'cookie' ? value.split(';') : [value.split(';', 1)[0] ?? ''];
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        addSecret(into, eq < 0 ? pair : pair.slice(eq + 1));
      }
    } else if (lower === 'authorization' || lower === 'proxy-authorization') {
      addSecret(into, value);
      const credentials = /^\s*\S+\s+(.+)$/.exec(value);
      if (credentials) addSecret(into, credentials[1]);
    } else if (URL_HEADERS.has(lower)) {
      urlSecrets(value, into);
    } else if (lower === 'sec-websocket-protocol') {
      for (const element of value.split(',')) {
        const trimmed = element.trim();
        const bearer = BEARER_PROTOCOL.exec(trimmed);
        if (bearer && bearer[2]!.length >= 8) addSecret(into, bearer[2]);
        else if (JWT.test(trimmed)) addSecret(into, trimmed);
      }
    } else if (isSecretHeaderName(lower)) {
      addSecret(into, value);
    }
  }
  return into;
}

/** Every credential value a handshake carries, longest first (so a value inside another is masked as part of it). */
export function handshakeSecrets(handshake: Handshake): string[] {
  const secrets = new Set<string>();
  urlSecrets(handshake.url, secrets);
  urlSecrets(handshake.pageUrl ?? null, secrets);
  if (handshake.request) headerSecrets(handshake.request.headers.fields, secrets);
  if (handshake.response) headerSecrets(handshake.response.headers.fields, secrets);
  if (handshake.raw) {
    for (const text of [handshake.raw.request, handshake.raw.response]) {
      const { fields, targets } = rawHeadFields(text);
      headerSecrets(fields, secrets);
      for (const target of targets) urlSecrets(target.startsWith('/') ? `ws://host${target}` : target, secrets);
    }
  }
  return sortSecrets(secrets);
}

export function sortSecrets(secrets: Iterable<string>): string[] {
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

/** Secrets longer than this are few (the input bounds their total length) and are replaced one by one. */
const LONG_SECRET = 256;

/**
 * Every secret up to LONG_SECRET characters in one Aho–Corasick automaton: a scan of the text
 * finds, at each position, the longest secret ending there. A text scrubbed secret by secret
 * (`split(secret)` for each) took time secrets × text: a Cookie of 10,000 pairs is 10,000 secrets.
 */
interface SecretMatcher {
  readonly long: readonly string[];
  /** Transitions, keyed node × 65,536 + UTF-16 code unit. */
  readonly next: Map<number, number>;
  readonly fail: Int32Array;
  /** The length of the longest secret that ends at each node (its own or a suffix's); 0 for none. */
  readonly longest: Int32Array;
}

const matchers = new WeakMap<readonly string[], SecretMatcher>();

function matcherOf(secrets: readonly string[]): SecretMatcher {
  const cached = matchers.get(secrets);
  if (cached) return cached;
  const long: string[] = [];
  const next = new Map<number, number>();
  const depthOf: number[] = [0];
  const ends: number[] = [0];
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    if (secret.length > LONG_SECRET) {
      long.push(secret);
      continue;
    }
    let node = 0;
    for (let i = 0; i < secret.length; i++) {
      const key = node * 65536 + secret.charCodeAt(i);
      let child = next.get(key);
      if (child === undefined) {
        child = depthOf.length;
        depthOf.push(depthOf[node]! + 1);
        ends.push(0);
        next.set(key, child);
      }
      node = child;
    }
    ends[node] = secret.length;
  }
  const count = depthOf.length;
  const fail = new Int32Array(count);
  const longest = Int32Array.from(ends);
  // Breadth first: a node's fail link (its longest proper suffix in the trie) is known before its children's.
  const children: number[][] = Array.from({ length: count }, () => []);
  const codes: number[][] = Array.from({ length: count }, () => []);
  for (const [key, child] of next) {
    const parent = Math.floor(key / 65536);
    children[parent]!.push(child);
    codes[parent]!.push(key % 65536);
  }
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    const kids = children[node]!;
    for (let k = 0; k < kids.length; k++) {
      const child = kids[k]!;
      const code = codes[node]![k]!;
      let link = 0;
      if (node !== 0) {
        let f = fail[node]!;
        for (;;) {
          const step = next.get(f * 65536 + code);
          if (step !== undefined) {
            link = step;
            break;
          }
          if (f === 0) break;
          f = fail[f]!;
        }
      }
      fail[child] = link;
      if (longest[link]! > longest[child]!) longest[child] = longest[link]!;
      queue.push(child);
    }
  }
  const matcher = { long, next, fail, longest };
  matchers.set(secrets, matcher);
  return matcher;
}

/**
 * Replaces every occurrence of each secret in `text` with the mask. `secrets` longest first.
 * Occurrences that overlap are masked as one (no part of any secret is left), occurrences side
 * by side each get their mask. Linear in the text, whatever the number of secrets.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  if (typeof text !== 'string' || secrets.length === 0 || text.length === 0) return text;
  const { long, next, fail, longest } = matcherOf(secrets);
  let out = text;
  for (const secret of long) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  if (longest.length === 1) return out;
  // Masked spans [start, end), merged where they overlap; ends only grow, so a stack suffices.
  const starts: number[] = [];
  const spanEnds: number[] = [];
  let node = 0;
  for (let i = 0; i < out.length; i++) {
    const code = out.charCodeAt(i);
    for (;;) {
      const step = next.get(node * 65536 + code);
      if (step !== undefined) {
        node = step;
        break;
      }
      if (node === 0) break;
      node = fail[node]!;
    }
    const length = longest[node]!;
    if (length === 0) continue;
    let start = i + 1 - length;
    while (spanEnds.length > 0 && spanEnds[spanEnds.length - 1]! > start) {
      start = Math.min(start, starts.pop()!);
      spanEnds.pop();
    }
    starts.push(start);
    spanEnds.push(i + 1);
  }
  if (starts.length === 0) return out;
  let scrubbed = '';
  let last = 0;
  for (let k = 0; k < starts.length; k++) {
    scrubbed += `${out.slice(last, starts[k])}${REDACTED}`;
    last = spanEnds[k]!;
  }
  return scrubbed + out.slice(last);
}

// --- raw handshake text (the probe's wire copy) ----------------------------------------------

/** A raw header line cut into its parts: curl's `< ` / `> ` prefix, the name, the colon with its spaces, the value. */
interface RawHeaderLine {
  readonly prefix: string;
  readonly name: string;
  readonly separator: string;
  readonly value: string;
}

/**
 * What /^([<>]\s?)?([^\s:][^:]*?)(\s*:\s?)(.*)$/ matched, in one pass: that regex retried its
 * lazy name at every position of a colon-less line of spaces (quadratic). The name starts after
 * the prefix (the longest that leaves a name start), runs to the first colon less the spaces
 * before it; the value is the rest after one optional space, and holds no line terminator.
 */
export function rawHeaderLine(line: string): RawHeaderLine | null {
  const first = line.charCodeAt(0);
  const starts = first === 0x3c || first === 0x3e ? (isSpaceCode(line.charCodeAt(1)) ? [2, 1, 0] : [1, 0]) : [0];
  for (const start of starts) {
    if (start >= line.length) continue;
    const code = line.charCodeAt(start);
    if (code === 0x3a || isSpaceCode(code)) continue;
    const colon = line.indexOf(':', start);
    if (colon < 0) return null;
    let nameEnd = colon;
    while (nameEnd > start + 1 && isSpaceCode(line.charCodeAt(nameEnd - 1))) nameEnd--;
    // One space after the colon goes with it; the value must then reach the end of the line (`.` stops at a line terminator).
    let valueStart = colon + 1;
    if (valueStart < line.length && isSpaceCode(line.charCodeAt(valueStart))) valueStart++;
    if (firstLineTerminator(line, valueStart) >= 0) return null;
    return { prefix: line.slice(0, start), name: line.slice(start, nameEnd), separator: line.slice(nameEnd, valueStart), value: line.slice(valueStart) };
  }
  return null;
}

function firstLineTerminator(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isLineTerminatorCode(text.charCodeAt(i))) return i;
  return -1;
}

const RAW_REQUEST_LINE = /^([<>]\s?)?([A-Za-z]+\s+)(\S+)(\s+HTTP\/\d(?:\.\d)?\s*)$/;

function rawHeadFields(text: string): { fields: HeaderField[]; targets: string[] } {
  const fields: HeaderField[] = [];
  const targets: string[] = [];
  if (typeof text !== 'string') return { fields, targets }; // a record built by hand; redaction never throws
  for (const line of text.split(/\r?\n/)) {
    const request = RAW_REQUEST_LINE.exec(line);
    if (request) {
      targets.push(request[3]!);
      continue;
    }
    const header = rawHeaderLine(line);
    if (header) fields.push({ name: header.name, value: header.value });
  }
  return { fields, targets };
}

/** Masks credentials in raw HTTP head text line by line, keeping its line ends and layout. */
export function redactRawText(text: string, secrets: readonly string[] = []): string {
  if (typeof text !== 'string') return text;
  const masked = text.replace(/[^\r\n]+/g, (line) => {
    const request = RAW_REQUEST_LINE.exec(line);
    if (request) return `${request[1] ?? ''}${request[2]}${redactUrl(request[3]!)}${request[4]}`;
    const header = rawHeaderLine(line);
    if (header && !/^HTTP\//i.test(header.name)) {
      const value = redactHeaderValue(header.name, header.value);
      if (value !== header.value) return `${header.prefix}${header.name}${header.separator}${value}`;
    }
    return line;
  });
  return scrubText(masked, secrets);
}

// --- handshakes and reports --------------------------------------------------------------------

function redactRequest(request: HandshakeRequest | null): HandshakeRequest | null {
  return request ? { ...request, headers: redactHeaders(request.headers) } : null;
}

function redactResponse(response: HandshakeResponse | null, secrets: readonly string[]): HandshakeResponse | null {
  if (!response) return null;
  const redacted = { ...response, statusText: scrubText(response.statusText, secrets), headers: redactHeaders(response.headers) };
  return typeof response.bodyStart === 'string' ? { ...redacted, bodyStart: scrubText(response.bodyStart, secrets) } : redacted;
}

function redactRaw(raw: RawExchange | null | undefined, secrets: readonly string[]): RawExchange | null | undefined {
  return raw ? { request: redactRawText(raw.request, secrets), response: redactRawText(raw.response, secrets) } : raw;
}

/** A copy of the handshake with every credential masked (headers, URL, page URL, raw text, browser reason). */
export function redactHandshake(handshake: Handshake, secrets: readonly string[] = handshakeSecrets(handshake)): Handshake {
  const redacted: Handshake = {
    ...handshake,
    source: scrubText(handshake.source, secrets),
    url: scrubText(redactUrl(handshake.url), secrets),
    request: redactRequest(handshake.request),
    response: redactResponse(handshake.response, secrets),
    browserError: handshake.browserError === null ? null : scrubText(handshake.browserError, secrets),
  };
  // Optional fields stay absent when absent, so a redacted handshake has the same shape.
  if (handshake.pageUrl) Object.assign(redacted, { pageUrl: scrubText(redactUrl(handshake.pageUrl), secrets) });
  if (handshake.raw) Object.assign(redacted, { raw: redactRaw(handshake.raw, secrets) });
  return redacted;
}

function redactFinding(f: Finding, secrets: readonly string[]): Finding {
  return { ...f, message: scrubText(f.message, secrets), fix: scrubText(f.fix, secrets) };
}

/**
 * A copy of the report fit to share: the handshake redacted, and copies of its
 * secrets scrubbed from every message, the summary and the browser's reason.
 * Key and accept values are kept (they are random nonces, and the diagnosis).
 */
export function redactReport(report: Report): Report {
  const secrets = handshakeSecrets(report.handshake);
  return {
    ...report,
    handshake: redactHandshake(report.handshake, secrets),
    source: scrubText(report.source, secrets),
    url: scrubText(redactUrl(report.url), secrets),
    browserError: report.browserError === null ? null : scrubText(report.browserError, secrets),
    findings: report.findings.map((f) => redactFinding(f, secrets)),
    summary: scrubText(report.summary, secrets),
  };
}
