import { describe, expect, it } from 'vitest';
import { type HandshakeSpec, VALID_REQUEST, VALID_RESPONSE, withHeaders } from './build.js';
import { reportFor } from './rules-helper.js';

const keyless = withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null });

const rows: Array<{ name: string; spec: HandshakeSpec; summary: string | RegExp }> = [
  { name: 'a valid handshake', spec: {}, summary: 'The WebSocket handshake is valid (101 Switching Protocols).' },
  { name: 'a valid h2 handshake', spec: { request: keyless, response: { status: 200 } }, summary: 'The WebSocket handshake succeeded over HTTP/2 extended CONNECT (200).' },
  { name: 'a 404', spec: { response: { status: 404, statusText: 'Not Found' } }, summary: 'The server answered 404 Not Found instead of 101: the WebSocket path is wrong.' },
  { name: 'a 404 seen only as a Chromium reason: the likely causes, not a guess', spec: { response: null, browserError: 'Unexpected response code: 404' }, summary: 'The server answered 404 instead of 101 (Chromium hides the answer; replay it to see who): most often a proxy that dropped the upgrade so the app\'s HTTP router answered, or a wrong path.' },
  { name: 'a 426 seen only as a Chromium reason', spec: { response: null, browserError: 'Unexpected response code: 426' }, summary: 'The server answered 426 instead of 101 (Chromium hides the answer; replay it to see who): most often a proxy that dropped `Upgrade`/`Connection`, so the app refused a plain request.' },
  { name: 'a recognised answer leads with the hop', spec: { response: { status: 502, statusText: 'Bad Gateway', headers: [['Server', 'nginx/1.22.1']], body: '<title>502 Bad Gateway</title>\n<center>nginx/1.22.1</center>' } }, summary: 'nginx 1.22.1 could not get an answer from the WebSocket server behind it (502).' },
  { name: 'a redirect', spec: { response: { status: 302, statusText: 'Found', headers: [['Location', 'https://example.com/login']] } }, summary: /^The server answered 302 Found instead of 101: it redirects to `https:\/\/example.com\/login`/ },
  { name: 'a 200 from a plain route', spec: { response: { status: 200, statusText: 'OK' } }, summary: /instead of 101: the URL is served by a plain HTTP route/ },
  { name: 'a wrong accept the browser hid', spec: { response: null, browserError: "Incorrect 'Sec-WebSocket-Accept' header value" }, summary: "The browser refused the server's Sec-WebSocket-Accept: it does not match the key (the expected value is computed from the key)." },
  { name: 'a wrong accept with no recognisable bug', spec: { response: { status: 101, headers: withHeaders(VALID_RESPONSE, { 'Sec-WebSocket-Accept': 'abc=' }) } }, summary: "The server's Sec-WebSocket-Accept does not match the key." },
  { name: 'a missing accept', spec: { response: { status: 101, headers: withHeaders(VALID_RESPONSE, { 'Sec-WebSocket-Accept': null }) } }, summary: "The server's 101 response has no Sec-WebSocket-Accept." },
  { name: 'Upgrade: h2c', spec: { response: { status: 101, headers: withHeaders(VALID_RESPONSE, { Upgrade: 'h2c' }) } }, summary: "The server's 101 response says Upgrade: h2c instead of websocket." },
  { name: 'a refused connection', spec: { response: null, browserError: 'Error in connection establishment: net::ERR_CONNECTION_REFUSED' }, summary: /^The client got no response \(net::ERR_CONNECTION_REFUSED\): nothing listens on that host and port/ },
  { name: 'no response and no reason', spec: { response: null }, summary: 'The client got no response.' },
  { name: 'the page closed early', spec: { response: null, browserError: 'WebSocket is closed before the connection is established.' }, summary: 'The page closed the socket before the handshake finished: not a server fault.' },
  { name: 'an unknown browser reason', spec: { response: null, browserError: 'Something new' }, summary: 'The browser refused the handshake: "Something new".' },
  { name: 'several problems at once', spec: { response: { status: 101, headers: [['Upgrade', 'h2c'], ['Connection', 'close']] } }, summary: /^The server's 101 response says Upgrade: h2c instead of websocket \(and 2 more problems\)\.$/ },
  { name: 'a request problem', spec: { request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Version': '8' }), response: { status: 426, headers: [['Sec-WebSocket-Version', '13']] } }, summary: /Sec-WebSocket-Version: 8/ },
];

describe('summary', () => {
  it.each(rows)('$name', async ({ spec, summary }) => {
    const report = await reportFor(spec);
    if (typeof summary === 'string') expect(report.summary).toBe(summary);
    else expect(report.summary).toMatch(summary);
  });

  it('a handshake that works with a warning says so', async () => {
    const report = await reportFor({ url: 'wss://example.com/socket?token=abc123' });
    expect(report.verdict).toBe('warn');
    expect(report.summary).toBe('The handshake works, with a warning: credentials in the WebSocket URL.');
  });

  it('is one sentence with no line breaks for every case', async () => {
    for (const { spec } of rows) {
      const text = (await reportFor(spec)).summary;
      expect(text).not.toMatch(/\n/);
      // A sentence: upper case first, unless it starts with a component's own lower-case name (nginx).
      expect(text).toMatch(/^([A-Z]|nginx |lighttpd |ws |express |aiohttp |gorilla\/websocket |socket\.io ).*\.$/);
    }
  });
});
