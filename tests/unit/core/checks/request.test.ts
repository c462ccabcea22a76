import { describe, expect, it } from 'vitest';
import { type HandshakeSpec, VALID_REQUEST, withHeaders } from '../build.js';
import { reportFor, rulesFor } from '../rules-helper.js';

const req = (changes: Record<string, string | null>): HandshakeSpec['request'] => withHeaders(VALID_REQUEST, changes);
const h2 = (changes: Record<string, string | null>): HandshakeSpec => ({
  request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null, ...changes }),
  response: { status: 200, headers: [['date', 'x']] },
});

interface Row {
  readonly name: string;
  readonly spec: HandshakeSpec;
  readonly rule: string;
  readonly present: boolean;
  /** A value the finding's message must quote. */
  readonly quotes?: string;
}

const rows: Row[] = [
  { name: 'flags a POST', spec: { method: 'POST' }, rule: 'request-method-not-get', present: true, quotes: 'POST' },
  { name: 'accepts GET', spec: {}, rule: 'request-method-not-get', present: false },
  { name: 'does not flag GET over h2 (browsers dress CONNECT as GET)', spec: h2({}), rule: 'request-method-not-get', present: false },
  { name: 'accepts CONNECT over h2', spec: { ...h2({}), method: 'CONNECT' }, rule: 'request-method-not-get', present: false },
  { name: 'flags PUT over h2', spec: { ...h2({}), method: 'PUT' }, rule: 'request-method-not-get', present: true },

  { name: 'flags an HTTP/1.0 request line', spec: { httpVersion: 'HTTP/1.0' }, rule: 'request-http-version', present: true, quotes: 'HTTP/1.0' },
  { name: 'accepts an HTTP/1.1 request line', spec: { httpVersion: 'HTTP/1.1' }, rule: 'request-http-version', present: false },
  { name: 'does not judge an unknown request version', spec: { httpVersion: null }, rule: 'request-http-version', present: false },

  { name: 'flags a missing Host', spec: { request: req({ Host: null }) }, rule: 'request-host-missing', present: true },
  { name: 'accepts a lower-case host header', spec: { request: req({ Host: null, host: 'example.com' }) }, rule: 'request-host-missing', present: false },
  { name: 'accepts :authority instead of Host over h2', spec: h2({ Host: null, ':authority': 'example.com', ':protocol': 'websocket' }), rule: 'request-host-missing', present: false },

  { name: 'flags a missing Upgrade', spec: { request: req({ Upgrade: null }) }, rule: 'request-upgrade-missing', present: true },
  { name: 'does not flag a missing Upgrade over h2', spec: h2({ Upgrade: null }), rule: 'request-upgrade-missing', present: false },
  { name: 'flags Upgrade: h2c', spec: { request: req({ Upgrade: 'h2c' }) }, rule: 'request-upgrade-not-websocket', present: true, quotes: 'h2c' },
  { name: 'accepts Upgrade: WebSocket in any case', spec: { request: req({ Upgrade: 'WebSocket' }) }, rule: 'request-upgrade-not-websocket', present: false },
  { name: 'accepts a request Upgrade list naming websocket', spec: { request: req({ Upgrade: 'h2c, websocket' }) }, rule: 'request-upgrade-not-websocket', present: false },

  { name: 'flags a missing Connection', spec: { request: req({ Connection: null }) }, rule: 'request-connection-missing-upgrade', present: true },
  { name: 'flags Connection: keep-alive', spec: { request: req({ Connection: 'keep-alive' }) }, rule: 'request-connection-missing-upgrade', present: true, quotes: 'keep-alive' },
  { name: 'accepts Connection: keep-alive, Upgrade', spec: { request: req({ Connection: 'keep-alive, Upgrade' }) }, rule: 'request-connection-missing-upgrade', present: false },
  { name: 'accepts Connection: upgrade in lower case', spec: { request: req({ Connection: 'upgrade' }) }, rule: 'request-connection-missing-upgrade', present: false },
  {
    name: 'combines repeated Connection lines',
    spec: { request: [...VALID_REQUEST.filter(([n]) => n !== 'Connection'), ['Connection', 'keep-alive'], ['Connection', 'Upgrade']] },
    rule: 'request-connection-missing-upgrade',
    present: false,
  },
  { name: 'does not flag Connection over h2', spec: h2({ Connection: 'keep-alive' }), rule: 'request-connection-missing-upgrade', present: false },

  { name: 'flags a missing key', spec: { request: req({ 'Sec-WebSocket-Key': null }), response: { status: 101 } }, rule: 'key-missing', present: true },
  { name: 'does not flag a missing key over h2', spec: h2({}), rule: 'key-missing', present: false },
  { name: 'flags a key of 15 bytes', spec: { request: req({ 'Sec-WebSocket-Key': 'AAAAAAAAAAAAAAAAAAAA' }) }, rule: 'key-malformed', present: true, quotes: 'AAAAAAAAAAAAAAAAAAAA' },
  { name: 'flags a key that is not base64', spec: { request: req({ 'Sec-WebSocket-Key': 'not base64 at all!!!!!==' }) }, rule: 'key-malformed', present: true },
  { name: 'flags an empty key', spec: { request: req({ 'Sec-WebSocket-Key': '' }) }, rule: 'key-malformed', present: true },
  { name: 'accepts a key with surrounding whitespace', spec: { request: req({ 'Sec-WebSocket-Key': '  dGhlIHNhbXBsZSBub25jZQ==\t' }) }, rule: 'key-malformed', present: false },
  {
    name: 'flags a repeated Sec-WebSocket-Key',
    spec: { request: [...VALID_REQUEST, ['Sec-WebSocket-Key', 'x3JJHMbDL1EzLkh9GBhXDw==']] },
    rule: 'header-duplicate',
    present: true,
    quotes: 'x3JJHMbDL1EzLkh9GBhXDw==',
  },

  { name: 'flags a missing version', spec: { request: req({ 'Sec-WebSocket-Version': null }) }, rule: 'version-missing', present: true },
  { name: 'flags a missing version over h2 too', spec: h2({ 'Sec-WebSocket-Version': null }), rule: 'version-missing', present: true },
  { name: 'flags version 8', spec: { request: req({ 'Sec-WebSocket-Version': '8' }) }, rule: 'version-unsupported', present: true, quotes: '8' },
  { name: 'flags a version list', spec: { request: req({ 'Sec-WebSocket-Version': '13, 8' }) }, rule: 'version-unsupported', present: true },
  { name: 'accepts version 13 with whitespace', spec: { request: req({ 'Sec-WebSocket-Version': ' 13 ' }) }, rule: 'version-unsupported', present: false },
  {
    name: 'flags a repeated Sec-WebSocket-Version',
    spec: { request: [...VALID_REQUEST, ['Sec-WebSocket-Version', '13']] },
    rule: 'header-duplicate',
    present: true,
  },

  { name: 'notes a request without Origin', spec: { request: req({ Origin: null }) }, rule: 'origin-missing', present: true },
  { name: 'does not note a request with Origin', spec: {}, rule: 'origin-missing', present: false },
];

describe('request rules', () => {
  it.each(rows)('$name', async ({ spec, rule, present, quotes }) => {
    const report = await reportFor(spec);
    const found = report.findings.filter((f) => f.rule === rule);
    expect(found.length > 0, report.findings.map((f) => f.rule).join(',')).toBe(present);
    if (quotes) expect(found[0]!.message).toContain(quotes);
  });

  it('a valid browser request has no request findings', async () => {
    expect(await rulesFor({})).toEqual([]);
  });

  it('names the duplicated header', async () => {
    const report = await reportFor({ request: [...VALID_REQUEST, ['Sec-WebSocket-Version', '13']] });
    expect(report.findings.find((f) => f.rule === 'header-duplicate')?.header).toBe('Sec-WebSocket-Version');
  });

  it('origin-missing is info: the verdict stays pass', async () => {
    const report = await reportFor({ request: req({ Origin: null }) });
    expect(report.verdict).toBe('pass');
  });

  it('judges nothing about the request when there is none', async () => {
    const rules = await rulesFor({ request: null });
    expect(rules.filter((r) => r.startsWith('request-') || r.startsWith('key-') || r.startsWith('version-') || r === 'origin-missing')).toEqual([]);
  });
});
