/**
 * The mutation engine: an input is a function of its seed. From the corpus (raw handshakes and
 * header lists of vectors.json, HAR entries of every fixture HAR) it picks a base, then applies
 * a few mutations: byte flips, inserted control and Unicode characters, deleted ranges,
 * duplicated lines and headers, spliced lines from other inputs, truncation, wrong JSON types,
 * and — last, so it can be replayed larger — a long repeat of one unit at one place.
 * `generate(seed, scale)` with scale 4 gives the same input with the repeat 4× as long: the
 * linearity probe compares the two.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UNITS } from './shapes.mjs';

/** mulberry32: a small seeded generator, so every input replays from its seed. */
export function rngOf(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

// Characters that break parsers: controls, line breaks of every kind, quotes, markup, bidi, surrogate halves, BOM.
const CHARS = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\u000b', '\f', '\r', '\u001b', '\u007f', '\u0085', '\u009b', '\u00a0', '\u2028', '\u2029',
  '\u202e', '\u2066', '\u200b', '\ufeff', '\ufffd', '\ud800', '\udc00', '\ud83d\ude00', 'é', 'ß', 'İ', '\u0130', 'ﬀ',
  '"', "'", '`', '\\', '/', ':', ';', ',', '=', '&', '?', '#', '%', '@', '<', '>', '|', '*', '_', '~', '$', '[', ']', '{', '}', '(', ')', '!', '^', '-', '.', ' ',
  'a', 'Z', '0', '9',
];
const WORDS = [
  'websocket', 'WebSocket', 'Upgrade', 'upgrade, keep-alive', 'keep-alive', 'close', '13', '8, 13', 'permessage-deflate',
  'permessage-deflate; client_max_window_bits', 'permessage-deflate; server_max_window_bits=16', 'x-webkit-deflate-frame', 'chat, superchat',
  'dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=', 'HTTP/1.1', 'HTTP/2', 'HTTP/1.0 101', 'GET', 'CONNECT', ':protocol',
  'wss://example.com/socket?token=abc', 'ws://user:pass@h/', 'javascript:alert(1)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '\u202egnp.exe', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'a=1; b=2', 'id=x; Path=/; HttpOnly', 'nginx/1.25.3', 'cloudflare', 'awselb/2.0',
  '1.1 google', '1.1 vegur', 'Apache/2.4.58 (Debian)', 'envoy', 'chunked', 'text/html', '0', '-1', '999', '1e309', 'NaN', 'null', '[]', '{}',
  '@user', '#123', 'GH-1', 'www.example.com', 'a@b.co', '```js\nx\n```', '`code`', '**bold**', '| cell |', '&amp;', '&#39;', '%00', '%ZZ', '+',
  'Error during WebSocket handshake: Unexpected response code: 400', "Error during WebSocket handshake: 'Upgrade' header value is not 'WebSocket': x",
  'net::ERR_CONNECTION_REFUSED', 'net::ERR_SSL_PROTOCOL_ERROR',
];
const HEADER_NAMES = [
  'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Accept', 'Sec-WebSocket-Version', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions',
  'Host', 'Origin', 'Cookie', 'Set-Cookie', 'Authorization', 'Proxy-Authorization', 'X-Api-Key', 'Server', 'Via', 'Location', 'Referer',
  'Content-Type', 'Content-Length', 'Transfer-Encoding', 'X-Powered-By', 'CF-RAY', 'X-Amzn-Trace-Id', ':status', ':protocol', 'content-encoding',
];

/** The corpus: raw handshake texts, header lists, HAR entries (with the HAR's creator), from `dir` and the fixture HARs. */
export function loadCorpus(dirs) {
  const raws = [];
  const headerLists = [];
  const entries = [];
  const hars = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.har')) hars.push(path);
      else if (name === 'vectors.json') {
        for (const v of JSON.parse(readFileSync(path, 'utf8'))) {
          if (typeof v.request === 'string' || typeof v.response === 'string') raws.push(`${v.request ?? ''}${v.response ?? ''}`);
          if (Array.isArray(v.requestHeaders)) headerLists.push({ side: 'request', pairs: v.requestHeaders });
          if (Array.isArray(v.responseHeaders)) headerLists.push({ side: 'response', pairs: v.responseHeaders });
        }
      }
    }
  };
  for (const dir of dirs) walk(dir);
  for (const path of hars.sort()) {
    let doc;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    const list = doc?.log?.entries;
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const headers = entry?.request?.headers;
      const upgrade = Array.isArray(headers) && headers.some((h) => String(h?.name).toLowerCase() === 'upgrade');
      // Every WebSocket entry; a few others, which the selection must skip. Frames trimmed to keep inputs small.
      if (!upgrade && entry?._resourceType !== 'websocket' && entries.length % 7 !== 0) continue;
      const copy = JSON.parse(JSON.stringify(entry));
      if (Array.isArray(copy._webSocketMessages)) copy._webSocketMessages = copy._webSocketMessages.slice(0, 6);
      if (typeof copy?.response?.content?.text === 'string') copy.response.content.text = copy.response.content.text.slice(0, 1500);
      entries.push({ entry: copy, creator: doc.log.creator ?? null, pages: Array.isArray(doc.log.pages) ? doc.log.pages.slice(0, 3) : [] });
    }
  }
  return { raws, headerLists, entries };
}

// --- string mutations ---------------------------------------------------------------------------

function randomChars(rng, count) {
  let out = '';
  for (let i = 0; i < count; i++) out += rng.pick(CHARS);
  return out;
}

const STRING_OPS = [
  ['flip', (rng, s) => {
    if (s === '') return rng.pick(CHARS);
    const at = rng.int(s.length);
    return s.slice(0, at) + rng.pick(CHARS) + s.slice(at + 1);
  }],
  ['bitflip', (rng, s) => {
    if (s === '') return s;
    const at = rng.int(s.length);
    return s.slice(0, at) + String.fromCharCode(s.charCodeAt(at) ^ (1 << rng.int(8))) + s.slice(at + 1);
  }],
  ['insert', (rng, s) => {
    const at = rng.int(s.length + 1);
    return s.slice(0, at) + randomChars(rng, 1 + rng.int(8)) + s.slice(at);
  }],
  ['word', (rng, s) => {
    const at = rng.int(s.length + 1);
    return s.slice(0, at) + rng.pick(WORDS) + s.slice(at);
  }],
  ['replace', (rng) => rng.pick(WORDS)],
  ['delete', (rng, s) => {
    if (s === '') return s;
    const at = rng.int(s.length);
    return s.slice(0, at) + s.slice(at + 1 + rng.int(Math.min(64, s.length - at)));
  }],
  ['truncate', (rng, s) => s.slice(0, rng.int(s.length + 1))],
  ['case', (rng, s) => (rng.chance(0.5) ? s.toUpperCase() : s.toLowerCase())],
  ['empty', () => ''],
];

const TEXT_OPS = [
  ...STRING_OPS.filter(([name]) => name !== 'replace' && name !== 'empty'),
  ['duplicate-line', (rng, s) => {
    const lines = s.split('\n');
    const at = rng.int(lines.length);
    lines.splice(at, 0, ...Array(1 + rng.int(rng.chance(0.03) ? 300 : 3)).fill(lines[at]));
    return lines.join('\n');
  }],
  ['drop-line', (rng, s) => {
    const lines = s.split('\n');
    lines.splice(rng.int(lines.length), 1);
    return lines.join('\n');
  }],
  ['header-line', (rng, s) => {
    const lines = s.split('\n');
    lines.splice(1 + rng.int(Math.max(1, lines.length - 1)), 0, `${rng.pick(HEADER_NAMES)}: ${rng.pick(WORDS)}\r`);
    return lines.join('\n');
  }],
  ['line-ends', (rng, s) => (rng.chance(0.5) ? s.replace(/\r\n/g, '\n') : s.replace(/\r?\n/g, rng.pick(['\r', '\r\r\n', '\n\n', ' \r\n', '\r\n\t'])))],
  ['trace-prefix', (rng, s) => s.split('\n').map((l) => `${rng.pick(['> ', '< ', '* ', '>', '<'])}${l}`).join('\n')],
];

function mutateString(rng, s, ops = STRING_OPS) {
  const [, op] = rng.pick(ops);
  return op(rng, s);
}

// --- the repeat: the last mutation, replayed at 4× for the linearity probe ------------------------------

function repeatSpec(rng, sample) {
  const unit = rng.chance(0.7) || sample === '' ? rng.pick(UNITS) : sample.slice(0, 1 + rng.int(4));
  // Mostly long enough that quadratic work shows (thousands of characters), at most ~12,000 at scale 1.
  const chars = rng.chance(0.8) ? Math.floor(500 * Math.pow(24, rng.next())) : 1 + rng.int(64);
  return { unit, count: Math.max(1, Math.round(chars / unit.length)), at: rng.next() };
}

function applyRepeat(s, spec, scale) {
  const at = Math.floor(spec.at * (s.length + 1));
  return s.slice(0, at) + spec.unit.repeat(spec.count * scale) + s.slice(at);
}

// --- structured values (records, HAR entries) ----------------------------------------------------

/** The paths of every string (and, with `all`, every value) inside `value`. */
function pathsOf(value, all, prefix = [], out = []) {
  if (typeof value === 'string') out.push(prefix);
  else if (value !== null && typeof value === 'object') {
    if (all) out.push(prefix);
    for (const key of Object.keys(value)) pathsOf(value[key], all, [...prefix, key], out);
  } else if (all) out.push(prefix);
  return out;
}

function getAt(value, path) {
  return path.reduce((v, key) => (v === null || v === undefined ? v : v[key]), value);
}

function setAt(value, path, next) {
  if (path.length === 0) return next;
  const parent = getAt(value, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') parent[path[path.length - 1]] = next;
  return value;
}

const WRONG_TYPES = [null, 0, -1, 1.5, 1e21, true, false, '', [], {}, 'x', [1, 2], { name: 1 }];

/** `typed`: keep every value's type (a handshake record is typed API input; HARs are untyped JSON). */
function mutateObject(rng, value, typed = false) {
  const r = typed ? rng.next() * 0.8 : rng.next();
  if (r < 0.55) {
    const paths = pathsOf(value, false);
    if (paths.length === 0) return value;
    const path = rng.pick(paths);
    return setAt(value, path, mutateString(rng, getAt(value, path)));
  }
  if (r < 0.8) {
    // Header lists: duplicate, drop or add a header.
    const lists = pathsOf(value, true).filter((p) => Array.isArray(getAt(value, p)) && (p[p.length - 1] === 'headers' || p[p.length - 1] === 'cookies' || p[p.length - 1] === 'queryString'));
    if (lists.length === 0) return value;
    const list = getAt(value, rng.pick(lists));
    const pairs = list.length > 0 && Array.isArray(list[0]);
    const op = rng.int(3);
    if (op === 0 && list.length > 0) {
      const at = rng.int(list.length);
      const copies = rng.chance(0.03) ? 200 : 1 + rng.int(3);
      for (let i = 0; i < copies; i++) list.splice(at, 0, JSON.parse(JSON.stringify(list[at])));
    } else if (op === 1 && list.length > 0) list.splice(rng.int(list.length), 1);
    else {
      const name = rng.chance(0.8) ? rng.pick(HEADER_NAMES) : randomChars(rng, 1 + rng.int(6));
      const headerValue = rng.chance(0.7) ? rng.pick(WORDS) : randomChars(rng, rng.int(12));
      list.splice(rng.int(list.length + 1), 0, pairs ? [name, headerValue] : { name, value: headerValue });
    }
    return value;
  }
  // A value of the wrong type, or a field deleted.
  const paths = pathsOf(value, true).filter((p) => p.length > 0);
  if (paths.length === 0) return value;
  const path = rng.pick(paths);
  if (rng.chance(0.3)) {
    const parent = getAt(value, path.slice(0, -1));
    if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) delete parent[path[path.length - 1]];
    return value;
  }
  return setAt(value, path, JSON.parse(JSON.stringify(rng.pick(WRONG_TYPES))));
}

function repeatInObject(rng, value) {
  const paths = pathsOf(value, false);
  if (paths.length === 0) return null;
  const path = rng.pick(paths);
  return { path, spec: repeatSpec(rng, getAt(value, path)) };
}

// --- records ----------------------------------------------------------------------------------------

const REASON_TEMPLATES = [
  "'Upgrade' header value is not 'WebSocket': §", "'Sec-WebSocket-Protocol' header value '§' in response does not match any of sent values",
  "Found an unsupported extension '§' in 'Sec-WebSocket-Extensions' header", "'Sec-WebSocket-Extensions' header value is rejected by the parser: §",
  'Error in permessage-deflate: §', "'§' header is missing", 'Unexpected response code: §', 'Incorrect \'Sec-WebSocket-Accept\' header value',
  'net::ERR_§', 'Error in connection establishment: net::ERR_CONNECTION_REFUSED', 'WebSocket is closed before the connection is established.', '§',
  "Response must not include 'Sec-WebSocket-Protocol' header if not present in request: §",
];

function recordFrom(rng, corpus) {
  const lists = corpus.headerLists;
  const requestPairs = lists.filter((l) => l.side === 'request');
  const responsePairs = lists.filter((l) => l.side === 'response');
  const clone = (pairs) => pairs.map(([n, v]) => [String(n), String(v)]);
  const spec = {
    source: rng.chance(0.9) ? 'record' : rng.pick(WORDS),
    url: rng.pick(['wss://example.com/chat', 'ws://127.0.0.1:8080/?token=secret123&EIO=4&transport=websocket', 'wss://u:p@example.com/socket.io/', rng.pick(WORDS)]),
    transport: rng.pick(['http/1.1', 'http/1.1', 'h2', 'h3', 'unknown']),
    request: rng.chance(0.9) ? { headers: clone(rng.pick(requestPairs)?.pairs ?? [['Upgrade', 'websocket']]) } : null,
    response: rng.chance(0.7)
      ? {
          status: rng.pick([101, 101, 200, 400, 403, 404, 426, 502, 0]),
          statusText: rng.pick(['Switching Protocols', 'Bad Request', '', 'OK']),
          headers: clone(rng.pick(responsePairs)?.pairs ?? []),
          bodyStart: rng.chance(0.3) ? rng.pick(['<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>', '{"code":5}', 'Not Found']) : null,
        }
      : null,
    browserError: rng.chance(0.4) ? rng.pick(REASON_TEMPLATES).replace('§', rng.pick(WORDS)) : null,
    capturedBy: rng.pick(['devtools', 'chromium', 'firefox', 'text', 'probe']),
  };
  if (rng.chance(0.3)) spec.pageUrl = rng.pick(['https://example.com/app?session=abcdef', 'https://example.com/', rng.pick(WORDS)]);
  if (rng.chance(0.3)) spec.raw = { request: rng.pick(corpus.raws) ?? '', response: rng.pick(corpus.raws) ?? '' };
  return spec;
}

/**
 * The input for `seed`: `{ input, ops, repeat }`. `scale` multiplies the repeat's length only.
 * Kinds: `raw` (handshake text), `har` (HAR text), `record` (a handshake record).
 */
export function generate(seed, corpus, scale = 1) {
  const rng = rngOf(seed);
  const ops = [];
  const kind = rng.pick(['raw', 'raw', 'har', 'har', 'record']);
  const mutations = 1 + rng.int(rng.chance(0.2) ? 12 : 4);
  const withRepeat = rng.chance(0.12);
  if (kind === 'raw') {
    let text = rng.pick(corpus.raws) ?? 'GET / HTTP/1.1\r\n\r\n';
    if (rng.chance(0.2)) text += rng.pick(corpus.raws) ?? '';
    for (let i = 0; i < mutations; i++) {
      const [name, op] = rng.pick(TEXT_OPS);
      ops.push(name);
      text = op(rng, text);
    }
    let repeat = null;
    if (withRepeat) {
      const spec = repeatSpec(rng, text.slice(Math.floor(rng.next() * text.length)));
      text = applyRepeat(text, spec, scale);
      repeat = { unit: spec.unit, chars: spec.unit.length * spec.count * scale };
      ops.push('repeat');
    }
    return { input: { kind: 'raw', text }, ops, repeat };
  }
  if (kind === 'record') {
    let spec = recordFrom(rng, corpus);
    for (let i = 0; i < mutations; i++) {
      ops.push('object');
      spec = mutateObject(rng, spec, true);
    }
    let repeat = null;
    if (withRepeat) {
      const where = repeatInObject(rng, spec);
      if (where) {
        setAt(spec, where.path, applyRepeat(getAt(spec, where.path), where.spec, scale));
        repeat = { unit: where.spec.unit, chars: where.spec.unit.length * where.spec.count * scale, path: where.path.join('.') };
        ops.push('repeat');
      }
    }
    // Records are built by code, not parsed: they keep the shape the record builder needs.
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) spec = {};
    return { input: { kind: 'record', spec }, ops, repeat };
  }
  // HAR: one to three entries, mutated as objects; then, without a repeat, sometimes as text (truncation, flips).
  const count = 1 + (rng.chance(0.3) ? rng.int(3) : 0);
  const base = rng.pick(corpus.entries);
  const entries = [];
  for (let i = 0; i < count; i++) entries.push(JSON.parse(JSON.stringify((i === 0 ? base : rng.pick(corpus.entries)).entry)));
  let doc = { log: { version: '1.2', creator: base.creator, pages: JSON.parse(JSON.stringify(base.pages)), entries } };
  if (rng.chance(0.1)) doc = { entries }; // DevTools getHAR(): the log itself
  for (let i = 0; i < mutations; i++) {
    ops.push('object');
    doc = mutateObject(rng, doc);
  }
  let repeat = null;
  if (withRepeat) {
    const where = repeatInObject(rng, doc);
    if (where) {
      setAt(doc, where.path, applyRepeat(getAt(doc, where.path), where.spec, scale));
      repeat = { unit: where.spec.unit, chars: where.spec.unit.length * where.spec.count * scale, path: where.path.join('.') };
      ops.push('repeat');
    }
  }
  let text = JSON.stringify(doc, null, rng.chance(0.5) ? 2 : undefined) ?? 'null';
  if (!repeat && rng.chance(0.25)) {
    const [name, op] = rng.pick(STRING_OPS.filter(([n]) => n !== 'case' && n !== 'empty' && n !== 'replace'));
    ops.push(`text-${name}`);
    text = op(rng, text);
  }
  return { input: { kind: 'har', text }, ops, repeat };
}
