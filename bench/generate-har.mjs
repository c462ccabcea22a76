// A big, realistic Chrome-style HAR for benches: mostly ordinary requests with
// full header sets and response bodies, plus WebSocket handshakes (accepted,
// refused by Chromium, HTTP/2, wrong accept). Deterministic (seeded).
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** mulberry32: a small seeded PRNG so every run builds the same file. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const TYPES = [
  ['script', 'application/javascript', 2600],
  ['stylesheet', 'text/css', 1400],
  ['fetch', 'application/json', 900],
  ['xhr', 'application/json', 700],
  ['image', 'image/png', 0],
  ['document', 'text/html', 3000],
  ['font', 'font/woff2', 0],
];
const LOREM = 'function(e){return e&&e.__esModule?e:{default:e}};var t=require("./chunk");window.__data={"items":[1,2,3],"user":"someone"};'.repeat(40);

const h = (name, value) => ({ name, value });
const key = (random) => Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256))).toString('base64');
const accept = (k) => createHash('sha1').update(k + GUID).digest('base64');

function ordinaryEntry(i, random) {
  const [type, mime, size] = TYPES[Math.floor(random() * TYPES.length)];
  const path = `/static/${type}/${i.toString(36)}-${Math.floor(random() * 1e9).toString(36)}.${mime.split('/')[1]}`;
  // About one response in sixteen keeps its body in the HAR (DevTools drops most bodies on export).
  const bodyLength = size && random() < 0.06 ? Math.floor(size * (0.1 + random() * 0.4)) : 0;
  const start = Math.floor((random() * LOREM.length) / 2);
  return {
    _priority: 'High',
    _resourceType: type,
    cache: {},
    pageref: 'page_1',
    request: {
      method: type === 'fetch' && random() < 0.3 ? 'POST' : 'GET',
      url: `https://app.example.com${path}`,
      httpVersion: 'h2',
      headers: [
        h(':authority', 'app.example.com'), h(':method', 'GET'), h(':path', path),
        h('accept', '*/*'), h('accept-encoding', 'gzip, deflate, br, zstd'), h('cookie', `session=${Math.floor(random() * 1e12).toString(36)}`),
        h('referer', 'https://app.example.com/'), h('sec-fetch-dest', type),
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: random() < 0.1 ? 304 : 200,
      statusText: '',
      httpVersion: 'h2',
      headers: [
        h('cache-control', 'public, max-age=31536000'), h('content-length', String(bodyLength)), h('content-type', mime),
        h('etag', `"${Math.floor(random() * 1e12).toString(16)}"`), h('server', 'nginx'),
      ],
      cookies: [],
      content: bodyLength ? { size: bodyLength, mimeType: mime, text: LOREM.slice(start, start + bodyLength) } : { size: 0, mimeType: mime },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    startedDateTime: new Date(1_795_000_000_000 + i * 7).toISOString(),
    time: Math.round((20 + random() * 80) * 1000) / 1000,
    timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: Math.round((15 + random() * 50) * 1000) / 1000, receive: 2.5 },
  };
}

/** kind: good | rejected | h2 | wrong-accept */
function webSocketEntry(i, random, kind) {
  const k = key(random);
  const request = [
    h('Host', 'app.example.com'), h('Connection', 'Upgrade'), h('Pragma', 'no-cache'), h('Cache-Control', 'no-cache'), h('User-Agent', UA),
    h('Upgrade', 'websocket'), h('Origin', 'https://app.example.com'), h('Sec-WebSocket-Version', '13'),
    h('Accept-Encoding', 'gzip, deflate, br, zstd'), h('Accept-Language', 'en-GB,en;q=0.9'),
    h('Sec-WebSocket-Key', k), h('Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'), h('Sec-WebSocket-Protocol', 'chat, v2.chat'),
  ];
  let response;
  let messages = [{ type: 'send', time: 1, opcode: 1, data: '{"hello":1}' }, { type: 'receive', time: 1.1, opcode: 1, data: '{"welcome":true}' }];
  if (kind === 'rejected') {
    response = { status: 0, statusText: '', httpVersion: '', headers: [] };
    messages = [{ type: 'error', time: 1, opcode: -1, data: "Error during WebSocket handshake: Incorrect 'Sec-WebSocket-Accept' header value" }];
  } else if (kind === 'h2') {
    request.splice(10, 1); // no key over HTTP/2 (PLATFORM.md)
    response = { status: 200, statusText: '', httpVersion: '', headers: [h('date', 'Sun, 22 Nov 2026 10:00:00 GMT'), h('sec-websocket-protocol', 'chat')] };
  } else {
    const value = kind === 'wrong-accept' ? accept(key(random)) : accept(k);
    response = {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: '',
      headers: [h('Upgrade', 'websocket'), h('Connection', 'Upgrade'), h('Sec-WebSocket-Accept', value), h('Sec-WebSocket-Protocol', 'chat'), h('Sec-WebSocket-Extensions', 'permessage-deflate')],
    };
  }
  return {
    _initiator: { type: 'script', url: 'https://app.example.com/main.js' },
    _priority: 'Low',
    _resourceType: 'websocket',
    _webSocketMessages: messages,
    cache: {},
    connection: String(i),
    pageref: 'page_1',
    request: { method: 'GET', url: `wss://app.example.com/socket/${i}`, httpVersion: '', headers: request, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { ...response, cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1, _error: null },
    startedDateTime: new Date(1_795_000_000_000 + i * 7).toISOString(),
    time: 30,
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 28, receive: 1 },
  };
}

export const WEBSOCKET_MIX = { good: 0.85, rejected: 0.05, h2: 0.05, 'wrong-accept': 0.05 };

/**
 * Writes the HAR to `path`. Every `wsEvery`-th entry is a WebSocket handshake.
 * Returns counts of what was written.
 */
export function generateHar(path, { entries = 100_000, wsEvery = 33, seed = 6455 } = {}) {
  const random = prng(seed);
  const fd = openSync(path, 'w');
  const counts = { entries, ordinary: 0, websocket: 0, good: 0, rejected: 0, h2: 0, 'wrong-accept': 0, bytes: 0 };
  const write = (text) => {
    counts.bytes += Buffer.byteLength(text);
    writeSync(fd, text);
  };
  write('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"startedDateTime":"2026-11-22T10:00:00.000Z","id":"page_1","title":"https://app.example.com/","pageTimings":{"onContentLoad":400,"onLoad":900}}],"entries":[\n');
  let batch = [];
  for (let i = 0; i < entries; i++) {
    let entry;
    if (i % wsEvery === wsEvery - 1) {
      const r = random();
      const kind = r < WEBSOCKET_MIX.good ? 'good' : r < WEBSOCKET_MIX.good + WEBSOCKET_MIX.rejected ? 'rejected' : r < 1 - WEBSOCKET_MIX['wrong-accept'] ? 'h2' : 'wrong-accept';
      counts.websocket++;
      counts[kind]++;
      entry = webSocketEntry(i, random, kind);
    } else {
      counts.ordinary++;
      entry = ordinaryEntry(i, random);
    }
    batch.push(JSON.stringify(entry));
    if (batch.length === 1000) {
      write(`${i >= 1000 ? ',\n' : ''}${batch.join(',\n')}`);
      batch = [];
    }
  }
  if (batch.length) write(`${entries > batch.length ? ',\n' : ''}${batch.join(',\n')}`);
  write('\n]}}\n');
  closeSync(fd);
  return counts;
}

/** Distinct random keys (for digest benches). */
export function randomKeys(n) {
  return Array.from({ length: n }, () => randomBytes(16).toString('base64'));
}
