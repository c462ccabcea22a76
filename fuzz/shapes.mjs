/**
 * Hostile shapes: every place untrusted text enters (a raw handshake's lines, a HAR entry's
 * fields, a handshake record's reason and URLs) filled with a long run of one unit (dots,
 * spaces, quotes, backticks, `, `, letters…). Super-linear code shows on these: the fuzzer's
 * sweep times each at n and 4n.
 */

const REQUEST = [
  'GET /chat HTTP/1.1',
  'Host: server.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Origin: http://example.com',
  'Sec-WebSocket-Protocol: chat, superchat',
  'Sec-WebSocket-Version: 13',
];
const RESPONSE_101 = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='];
const RESPONSE_400 = ['HTTP/1.1 400 Bad Request', 'Server: nginx/1.25.3', 'Content-Type: text/html', 'Connection: close'];

const raw = (request, response, body = '') => `${request.join('\r\n')}\r\n\r\n${response.join('\r\n')}\r\n\r\n${body}`;
const withLine = (lines, at, line) => [...lines.slice(0, at), line, ...lines.slice(at)];
const replaceHeader = (lines, name, value) => {
  const i = lines.findIndex((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return i < 0 ? [...lines, `${name}: ${value}`] : [...lines.slice(0, i), `${name}: ${value}`, ...lines.slice(i + 1)];
};

/** Where a filler goes: `make(filler)` builds the fuzzer input. */
export const PLACES = [];
const place = (name, make) => PLACES.push({ name, make });

// --- raw handshake text -----------------------------------------------------------------------
place('raw: request target', (f) => ({ kind: 'raw', text: raw([`GET /chat?${f} HTTP/1.1`, ...REQUEST.slice(1)], RESPONSE_101) }));
place('raw: request line', (f) => ({ kind: 'raw', text: raw([`GET ${f}`, ...REQUEST.slice(1)], RESPONSE_101) }));
for (const name of ['Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Origin', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions', 'Sec-WebSocket-Version', 'Cookie', 'Authorization', 'X-Api-Key', 'Referer']) {
  place(`raw: request ${name}`, (f) => ({ kind: 'raw', text: raw(replaceHeader(REQUEST, name, `x${f}x`), RESPONSE_101) }));
}
for (const name of ['Upgrade', 'Connection', 'Sec-WebSocket-Accept', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions', 'Set-Cookie', 'Location']) {
  place(`raw: 101 ${name}`, (f) => ({ kind: 'raw', text: raw(REQUEST, replaceHeader(RESPONSE_101, name, `x${f}x`)) }));
}
for (const name of ['Server', 'Via', 'Location', 'X-Powered-By', 'Content-Type', 'Transfer-Encoding', 'Upgrade']) {
  place(`raw: 400 ${name}`, (f) => ({ kind: 'raw', text: raw(REQUEST, replaceHeader(RESPONSE_400, name, `x${f}x`), '<html>Bad</html>') }));
}
place('raw: status text', (f) => ({ kind: 'raw', text: raw(REQUEST, [`HTTP/1.1 400 x${f}x`, ...RESPONSE_400.slice(1)]) }));
place('raw: status line', (f) => ({ kind: 'raw', text: raw(REQUEST, [`HTTP/1.1 ${f}`, ...RESPONSE_400.slice(1)]) }));
place('raw: header name', (f) => ({ kind: 'raw', text: raw(withLine(REQUEST, 3, `X${f}: v`), RESPONSE_101) }));
place('raw: header line without colon', (f) => ({ kind: 'raw', text: raw(withLine(REQUEST, 3, `x${f}x`), RESPONSE_101) }));
place('raw: response header line without colon', (f) => ({ kind: 'raw', text: raw(REQUEST, withLine(RESPONSE_400, 1, `x${f}x`)) }));
place('raw: body', (f) => ({ kind: 'raw', text: raw(REQUEST, RESPONSE_400, `<h1>x${f}x</h1>`) }));
place('raw: chunked body', (f) => ({ kind: 'raw', text: raw(REQUEST, [...RESPONSE_400, 'Transfer-Encoding: chunked'], `1a;${f}\r\n<html>${f}</html>\r\n0\r\n\r\n`) }));
place('raw: whole text', (f) => ({ kind: 'raw', text: `x${f}x` }));
place('raw: between heads', (f) => ({ kind: 'raw', text: `${REQUEST.join('\n')}\n\n${f}\n${RESPONSE_101.join('\n')}\n\n` }));

// --- handshake records (the DevTools feed, a plugin) -----------------------------------------------
const requestPairs = REQUEST.slice(1).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]);
const record = (extra) => ({ kind: 'record', spec: { url: 'wss://server.example.com/chat', request: { headers: requestPairs }, response: null, ...extra } });
const REASONS = [
  "'Upgrade' header value is not 'WebSocket': x§x",
  "'Sec-WebSocket-Protocol' header value 'x§x' in response does not match any of sent values",
  "Response must not include 'Sec-WebSocket-Protocol' header if not present in request: x§x",
  "Found an unsupported extension 'x§x' in 'Sec-WebSocket-Extensions' header",
  "'Sec-WebSocket-Extensions' header value is rejected by the parser: x§x",
  'Error in permessage-deflate: x§x',
  "'x§x' header is missing",
  "'x§x' header must not appear more than once in a response",
  'Unexpected response code: x§x',
  'x§x',
  'net::ERR_x§x',
  "Error during WebSocket handshake: 'Upgrade' header value is not 'WebSocket': x§x",
  "WebSocket connection to 'wss://h/x§x' failed: Error during WebSocket handshake: Unexpected response code: 400",
];
for (const reason of REASONS) place(`record: reason ${reason.slice(0, 40)}`, (f) => record({ browserError: reason.replace('§', f) }));
for (const url of ['wss://server.example.com/x§x', 'wss://x§x@server.example.com/', 'wss://server.example.com/?token=x§x', 'wss://server.example.com/?x§x', 'wss://server.example.com/#x§x', 'x§x', 'wss://x§x/', 'wss://[x§x]/']) {
  place(`record: url ${url}`, (f) => record({ url: url.replace('§', f) }));
  place(`record: page url ${url}`, (f) => record({ pageUrl: url.replace('§', f) }));
}
const responsePairs = RESPONSE_101.slice(1).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]);
for (const name of ['Upgrade', 'Connection', 'Sec-WebSocket-Accept', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions', 'Server', 'Via', 'Location']) {
  place(`record: 101 ${name}`, (f) => record({ response: { status: 101, statusText: 'Switching Protocols', headers: [...responsePairs.filter(([n]) => n !== name), [name, `x${f}x`]] } }));
  place(`record: 400 ${name}`, (f) => record({ response: { status: 400, statusText: 'Bad Request', headers: [['Server', 'nginx'], [name, `x${f}x`]], bodyStart: '<html>bad</html>' } }));
}
place('record: status text', (f) => record({ response: { status: 400, statusText: `x${f}x`, headers: [] } }));
place('record: body start', (f) => record({ response: { status: 400, statusText: 'Bad Request', headers: [['Server', 'nginx']], bodyStart: `<html>x${f}x</html>` } }));
place('record: header name', (f) => record({ request: { headers: [...requestPairs, [`X${f}`, 'v']] } }));
place('record: raw request', (f) => record({ raw: { request: `GET / HTTP/1.1\r\nx${f}x\r\nHost: h\r\n\r\n`, response: '' } }));
place('record: raw response', (f) => record({ raw: { request: '', response: `< HTTP/1.1 400 Bad\r\n< X-A: x${f}x\r\n< x${f}x\r\n` } }));
place('record: source', (f) => record({ source: `x${f}x` }));

// --- HAR entries --------------------------------------------------------------------------------
const harEntry = (over = {}) => ({
  startedDateTime: '2024-01-01T00:00:00.000Z',
  time: 12,
  _resourceType: 'websocket',
  request: { method: 'GET', url: 'wss://server.example.com/chat', httpVersion: 'HTTP/1.1', headers: requestPairs.map(([name, value]) => ({ name, value })), queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
  response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: responsePairs.map(([name, value]) => ({ name, value })), cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0 },
  cache: {},
  timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: 10, receive: 2 },
  ...over,
});
const har = (entries, pages = []) => ({ kind: 'har', text: JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages, entries } }) });
place('har: url', (f) => har([harEntry({ request: { ...harEntry().request, url: `wss://server.example.com/x${f}x?token=x${f}` } })]));
place('har: request header', (f) => har([harEntry({ request: { ...harEntry().request, headers: [...harEntry().request.headers, { name: 'Cookie', value: `a=x${f}x` }, { name: 'X-A', value: `x${f}x` }] } })]));
place('har: response status text', (f) => har([harEntry({ response: { ...harEntry().response, status: 400, statusText: `x${f}x` } })]));
place('har: response header', (f) => har([harEntry({ response: { ...harEntry().response, headers: [{ name: 'Upgrade', value: `x${f}x` }, { name: 'Server', value: `x${f}x` }] } })]));
place('har: response body', (f) => har([harEntry({ response: { ...harEntry().response, status: 502, content: { size: 1, mimeType: 'text/html', text: `<html>x${f}x</html>` } } })]));
place('har: error message', (f) => har([harEntry({ response: { status: 0, statusText: '', headers: [], _error: `x${f}x` }, _webSocketMessages: [{ type: 'error', time: 1, opcode: 1, data: `Error during WebSocket handshake: x${f}x` }] })]));
place('har: messages', (f) => har([harEntry({ _webSocketMessages: [{ type: 'receive', time: 1, opcode: 1, data: `x${f}x` }, { type: 'send', time: 2, opcode: 1, data: `0{"sid":"x${f}","pingInterval":25000}` }] })]));
place('har: page title', (f) => har([harEntry({ pageref: 'page_1' })], [{ startedDateTime: '2024-01-01T00:00:00.000Z', id: 'page_1', title: `https://example.com/?token=x${f}x`, pageTimings: {} }]));
place('har: header name', (f) => har([harEntry({ request: { ...harEntry().request, headers: [...harEntry().request.headers, { name: `X${f}`, value: 'v' }] } })]));
place('har text: truncated in a string', (f) => ({ kind: 'har', text: `{"log":{"entries":[{"request":{"url":"x${f}` }));
place('har text: truncated after values', (f) => ({ kind: 'har', text: `{"log":{"entries":[${f}` }));
place('har text: bad token', (f) => ({ kind: 'har', text: `{"log":{"entries":[1${f}x` }));

/** The units a filler repeats. */
export const UNITS = [
  '.', ' ', '"', ', ', '`', 'a', 'A', 'aA', 'Aa', '\n', '\r\n', '\r', ':', '@', '=', '&', '-', ';', "'", '\t', '\\', '/', '%', '%2', 'x ', '. ', ' .',
  '://', 'a@', '@a.', '=a&', 'a=1&', '\u0000', '\u202e', 'é', '\ud83d\ude00', '\ud83d', '<', '&lt;', '#1 ', 'eyJ', '0', '9.', 'www.', ', a', '*', '_', '|', '[', ']', '~', '$', '#', '?', ' :', ': ', '``` ', '```\n', '- ', '{', '}', '[1,', '\\u', '&#39;',
];
