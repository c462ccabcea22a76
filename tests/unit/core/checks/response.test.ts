import { describe, expect, it } from 'vitest';
import { type HandshakeSpec, type HeaderPairs, SAMPLE_ACCEPT, VALID_REQUEST, VALID_RESPONSE, withHeaders } from '../build.js';
import { reportFor, rulesFor } from '../rules-helper.js';

const res = (changes: Record<string, string | null>, status = 101): HandshakeSpec['response'] => ({
  status,
  headers: withHeaders(VALID_RESPONSE, changes),
});
const status = (code: number, statusText = '', headers: HeaderPairs = []): HandshakeSpec => ({ response: { status: code, statusText, headers } });
const h2 = (code: number): HandshakeSpec => ({
  request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null }),
  response: { status: code, headers: [['date', 'x']] },
  transport: 'h2',
});

interface Row {
  readonly name: string;
  readonly spec: HandshakeSpec;
  readonly rule: string;
  readonly present: boolean;
  /** Texts the finding's message must contain. */
  readonly says?: readonly string[];
}

const rows: Row[] = [
  { name: 'accepts 101', spec: {}, rule: 'status-not-101', present: false },
  { name: 'flags 404 as a wrong path', spec: status(404, 'Not Found'), rule: 'status-not-101', present: true, says: ['404 Not Found', 'path'] },
  { name: 'flags a redirect and names its Location', spec: status(301, 'Moved', [['Location', 'wss://example.com/socket/']]), rule: 'status-not-101', present: true, says: ['wss://example.com/socket/', 'do not follow redirects'] },
  { name: 'flags 401 as authentication', spec: status(401), rule: 'status-not-101', present: true, says: ['authentication'] },
  { name: 'flags 403 as an Origin check', spec: status(403), rule: 'status-not-101', present: true, says: ['Origin'] },
  { name: 'flags 426 and lists the server versions', spec: status(426, 'Upgrade Required', [['Sec-WebSocket-Version', '13, 8']]), rule: 'status-not-101', present: true, says: ['13, 8', 'proxy'] },
  { name: 'flags 429 as rate limiting', spec: status(429), rule: 'status-not-101', present: true, says: ['rate-limiting'] },
  { name: 'flags 502 as upstream or proxy', spec: status(502, 'Bad Gateway'), rule: 'status-not-101', present: true, says: ['proxy'] },
  { name: 'explains Chromium\'s own 503 Connection Error', spec: status(503, 'Connection Error'), rule: 'status-not-101', present: true, says: ['Chromium writes itself'] },
  { name: 'flags 200 over HTTP/1.1 as a plain route', spec: status(200, 'OK'), rule: 'status-not-101', present: true, says: ['plain', 'Upgrade'] },
  { name: 'flags 400 with the engine.io note', spec: status(400, 'Bad Request'), rule: 'status-not-101', present: true, says: ['engine.io'] },
  { name: 'accepts 200 over h2', spec: h2(200), rule: 'status-not-101', present: false },
  { name: 'flags 101 over h2', spec: h2(101), rule: 'status-not-101', present: true, says: ['instead of 200'] },
  { name: 'flags 204 over h2', spec: h2(204), rule: 'status-not-101', present: true },

  { name: 'flags an HTTP/1.0 status line', spec: { response: { status: 101, httpVersion: 'HTTP/1.0', headers: VALID_RESPONSE } }, rule: 'response-http-version', present: true, says: ['HTTP/1.0'] },
  { name: 'accepts an HTTP/1.1 status line', spec: { response: { status: 101, httpVersion: 'HTTP/1.1', headers: VALID_RESPONSE } }, rule: 'response-http-version', present: false },

  { name: 'flags a 101 without Upgrade', spec: { response: res({ Upgrade: null }) }, rule: 'upgrade-missing', present: true },
  { name: 'does not flag a missing Upgrade on a 404', spec: status(404), rule: 'upgrade-missing', present: false },
  { name: 'does not flag a missing Upgrade over h2', spec: h2(200), rule: 'upgrade-missing', present: false },
  { name: 'flags Upgrade: h2c', spec: { response: res({ Upgrade: 'h2c' }) }, rule: 'upgrade-not-websocket', present: true, says: ['h2c'] },
  { name: 'flags Upgrade: websocket, h2c (browsers split on commas)', spec: { response: res({ Upgrade: 'websocket, h2c' }) }, rule: 'upgrade-not-websocket', present: true, says: ['commas'] },
  { name: 'accepts Upgrade: WebSocket in any case', spec: { response: res({ Upgrade: 'WebSocket' }) }, rule: 'upgrade-not-websocket', present: false },
  { name: 'accepts Upgrade with surrounding whitespace', spec: { response: res({ Upgrade: ' websocket ' }) }, rule: 'upgrade-not-websocket', present: false },
  { name: 'flags a repeated Upgrade', spec: { response: { status: 101, headers: [...VALID_RESPONSE, ['Upgrade', 'websocket']] } }, rule: 'header-duplicate', present: true, says: ['Upgrade'] },

  { name: 'flags a 101 without Connection', spec: { response: res({ Connection: null }) }, rule: 'connection-missing-upgrade', present: true },
  { name: 'flags Connection: keep-alive', spec: { response: res({ Connection: 'keep-alive' }) }, rule: 'connection-missing-upgrade', present: true, says: ['keep-alive'] },
  { name: 'accepts Connection: keep-alive, Upgrade', spec: { response: res({ Connection: 'keep-alive, Upgrade' }) }, rule: 'connection-missing-upgrade', present: false },
  { name: 'accepts Connection: upgrade in lower case', spec: { response: res({ Connection: 'upgrade' }) }, rule: 'connection-missing-upgrade', present: false },
  {
    name: 'combines repeated Connection lines instead of calling them duplicates',
    spec: { response: { status: 101, headers: [...withHeaders(VALID_RESPONSE, { Connection: 'Upgrade' }), ['Connection', 'close']] } },
    rule: 'header-duplicate',
    present: false,
  },

  { name: 'flags a 101 without accept and gives the right one', spec: { response: res({ 'Sec-WebSocket-Accept': null }) }, rule: 'accept-missing', present: true, says: [SAMPLE_ACCEPT] },
  { name: 'does not flag a missing accept on a 404', spec: status(404), rule: 'accept-missing', present: false },
  { name: 'does not flag a missing accept over h2', spec: h2(200), rule: 'accept-missing', present: false },
  { name: 'flags a wrong accept and shows both values', spec: { response: res({ 'Sec-WebSocket-Accept': 'abc=' }) }, rule: 'accept-mismatch', present: true, says: ['abc=', SAMPLE_ACCEPT] },
  { name: 'accepts the right accept with surrounding whitespace', spec: { response: res({ 'Sec-WebSocket-Accept': ` ${SAMPLE_ACCEPT} ` }) }, rule: 'accept-mismatch', present: false },
  { name: 'names the echoed-key bug', spec: { response: res({ 'Sec-WebSocket-Accept': 'dGhlIHNhbXBsZSBub25jZQ==' }) }, rule: 'accept-mismatch', present: true, says: ['echoed'] },
  {
    name: 'flags a repeated Sec-WebSocket-Accept',
    spec: { response: { status: 101, headers: [...VALID_RESPONSE, ['Sec-WebSocket-Accept', SAMPLE_ACCEPT]] } },
    rule: 'header-duplicate',
    present: true,
    says: ['Sec-WebSocket-Accept'],
  },
  {
    name: 'does not call repeated Sec-WebSocket-Extensions a duplicate (erratum 3433)',
    spec: {
      request: [...VALID_REQUEST, ['Sec-WebSocket-Extensions', 'permessage-deflate']],
      response: { status: 101, headers: [...VALID_RESPONSE, ['Sec-WebSocket-Extensions', 'permessage-deflate'], ['Sec-WebSocket-Extensions', '']] },
    },
    rule: 'header-duplicate',
    present: false,
  },
];

describe('response rules', () => {
  it.each(rows)('$name', async ({ spec, rule, present, says }) => {
    const report = await reportFor(spec);
    const found = report.findings.filter((f) => f.rule === rule);
    expect(found.length > 0, report.findings.map((f) => `${f.rule}: ${f.message}`).join('\n')).toBe(present);
    for (const text of says ?? []) expect(found.map((f) => f.message).join('\n')).toContain(text);
  });

  it('a valid 101 has no findings and passes', async () => {
    const report = await reportFor({});
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe('pass');
  });

  it('a 404 reports only the status', async () => {
    expect(await rulesFor(status(404))).toEqual(['status-not-101']);
  });

  it('over h2 a 200 is success with only the h2 note', async () => {
    const report = await reportFor(h2(200));
    expect(report.findings.map((f) => f.rule)).toEqual(['h2-websocket']);
    expect(report.verdict).toBe('pass');
  });

  it('the 426 note about proxies appears only when the request carried Upgrade and version 13', async () => {
    const report = await reportFor({
      request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Version': '8' }),
      response: { status: 426, headers: [['Sec-WebSocket-Version', '13']] },
    });
    expect(report.findings.find((f) => f.rule === 'status-not-101')?.message).not.toContain('proxy');
  });

  it('names the header of each 101 finding', async () => {
    const report = await reportFor({ response: res({ Upgrade: 'h2c', Connection: 'close', 'Sec-WebSocket-Accept': 'x' }) });
    const headers = Object.fromEntries(report.findings.map((f) => [f.rule, f.header]));
    expect(headers).toMatchObject({ 'upgrade-not-websocket': 'Upgrade', 'connection-missing-upgrade': 'Connection', 'accept-mismatch': 'Sec-WebSocket-Accept' });
  });
});
