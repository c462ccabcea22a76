// HAR source: which entries are WebSocket handshakes (the corpus HARs, incl.
// the msw false-positive traps), how Chrome, Firefox, h2 and proxy entries map
// to Handshake records, and clear errors for documents that are not HARs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import type { Handshake } from '../../../../src/core/model.js';
import { handshakeFromEntry, handshakesFromHar, parseHar } from '../../../../src/sources/har/parse.js';
import { isWebSocketEntry } from '../../../../src/sources/har/select.js';

const CORPUS = join(__dirname, '../../../fixtures/corpus');
const corpus = (name: string): string => readFileSync(join(CORPUS, name), 'utf8');

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

type Pairs = Array<[string, string]>;
const headers = (pairs: Pairs) => pairs.map(([name, value]) => ({ name, value }));

const CHROME_REQUEST: Pairs = [
  ['Host', 'example.com'],
  ['Connection', 'Upgrade'],
  ['Upgrade', 'websocket'],
  ['Origin', 'https://example.com'],
  ['Sec-WebSocket-Version', '13'],
  ['Sec-WebSocket-Key', KEY],
];

interface EntrySpec {
  url?: string;
  method?: string;
  request?: Pairs;
  requestVersion?: string;
  status?: number;
  statusText?: string;
  response?: Pairs;
  responseVersion?: string;
  resourceType?: string;
  messages?: Array<{ type: string; data: string; opcode?: number }>;
  extra?: Record<string, unknown>;
}

/** A HAR entry in Chrome's export shape unless the spec says otherwise. */
function entry(spec: EntrySpec = {}): Record<string, unknown> {
  return {
    startedDateTime: '2026-11-22T10:00:00.000Z',
    time: 12.5,
    request: {
      method: spec.method ?? 'GET',
      url: spec.url ?? 'wss://example.com/chat',
      httpVersion: spec.requestVersion ?? '',
      headers: headers(spec.request ?? CHROME_REQUEST),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: spec.status ?? 101,
      statusText: spec.statusText ?? 'Switching Protocols',
      httpVersion: spec.responseVersion ?? '',
      headers: headers(
        spec.response ?? [
          ['Upgrade', 'websocket'],
          ['Connection', 'Upgrade'],
          ['Sec-WebSocket-Accept', ACCEPT],
        ],
      ),
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _error: null,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 12.5, receive: 0 },
    ...(spec.resourceType === undefined ? { _resourceType: 'websocket' } : spec.resourceType === '' ? {} : { _resourceType: spec.resourceType }),
    ...(spec.messages ? { _webSocketMessages: spec.messages } : {}),
    ...spec.extra,
  };
}

const har = (...entries: unknown[]) => ({ log: { version: '1.2', creator: { name: 'test', version: '1' }, pages: [], entries } });

function only(result: ReturnType<typeof parseHar>): Handshake {
  if (!result.ok) throw new Error(result.error);
  expect(result.handshakes).toHaveLength(1);
  return result.handshakes[0]!;
}

const parse = (...entries: unknown[]) => parseHar(JSON.stringify(har(...entries)), 'test.har');

describe('selection on the corpus HARs', () => {
  const cases: Array<{ file: string; picked: number[]; total: number }> = [
    { file: 'mitmproxy_savehar_websocket.har', picked: [0, 1, 2], total: 3 },
    { file: 'pcap2har_golden_wireshark-websocket-pcap.har', picked: [0], total: 1 },
    { file: 'pcap2har_golden_ipv4-websocket-segmented.har', picked: [0], total: 1 },
    { file: 'gatling_chromium32_play-chat.har', picked: [9], total: 10 },
    { file: 'mswjs-source_chrome93-edited_response-status-101.har', picked: [], total: 1 },
    { file: 'mswjs-source_chrome93-edited_response-status-304.har', picked: [], total: 1 },
  ];
  it.each(cases)('$file: picks entries $picked', ({ file, picked, total }) => {
    const result = parseHar(corpus(file), file);
    if (!result.ok) throw new Error(result.error);
    expect(result.handshakes.map((h) => h.source)).toEqual(picked.map((i) => `${file}#/log/entries/${i}`));
    expect(result.skipped).toBe(total - picked.length);
  });

  it('keeps the http(s) URLs proxies write for WebSockets', () => {
    const result = parseHar(corpus('mitmproxy_savehar_websocket.har'), 'm.har');
    if (!result.ok) throw new Error(result.error);
    expect(result.handshakes[1]!.url).toBe('https://demo.piesocket.com/v3/channel_123');
  });

  it('reads the Chromium 32 entry that is not strict HAR 1.2 (no request httpVersion, no _resourceType)', () => {
    const h = only(parseHar(corpus('gatling_chromium32_play-chat.har'), 'g.har'));
    expect(h.url).toBe('ws://localhost:9000/room/chat?username=robert');
    expect(h.request?.httpVersion).toBeNull();
    expect(h.response?.status).toBe(101);
    expect(h.response?.headers.first('sec-websocket-accept')).toBe('1LFs9mKW0hgW7Wv/I7Ssf+kArjI=');
    expect(h.pageUrl).toBe('http://localhost:9000/room?username=robert');
    expect(h.startedAt).toBe('2014-03-12T18:36:50.048Z');
    expect(h.durationMs).toBeNull(); // time 0, timings all -1/0: not measured
  });

  it('takes the duration from time when the timings back it, not a socket lifetime', () => {
    const mitm = parseHar(corpus('mitmproxy_savehar_websocket.har'), 'm.har');
    if (!mitm.ok) throw new Error(mitm.error);
    expect(mitm.handshakes[2]!.durationMs).toBeCloseTo(508.446, 2);
    const pcap = only(parseHar(corpus('pcap2har_golden_wireshark-websocket-pcap.har'), 'p.har'));
    expect(pcap.durationMs).toBeNull(); // 77 s of socket lifetime, timings all 0/-1
  });

  it('judges every real corpus handshake free of failures (all key/accept pairs verify)', async () => {
    const files = [
      'mitmproxy_savehar_websocket.har',
      'pcap2har_golden_wireshark-websocket-pcap.har',
      'pcap2har_golden_ipv4-websocket-segmented.har',
      'gatling_chromium32_play-chat.har',
    ];
    const handshakes = files.flatMap((f) => {
      const r = parseHar(corpus(f), f);
      return r.ok ? r.handshakes : [];
    });
    expect(handshakes).toHaveLength(6);
    const reports = await analyze(handshakes);
    for (const report of reports) {
      expect(report.verdict, `${report.source}: ${report.findings.map((f) => f.rule).join(' ')}`).not.toBe('fail');
      expect(report.actualAccept).toBe(report.expectedAccept);
      expect(report.transport).toBe('http/1.1');
    }
  });
});

describe('which entries are WebSocket handshakes', () => {
  const rows: Array<[string, Record<string, unknown>, boolean]> = [
    ['a wss:// URL (Chrome, Firefox)', entry({ resourceType: '' }), true],
    ['a ws:// URL in upper case', entry({ url: 'WS://example.com/', resourceType: '' }), true],
    ['an https:// URL with Upgrade: websocket (mitmproxy, pcap2har)', entry({ url: 'https://example.com/chat', resourceType: '' }), true],
    ['Upgrade: WebSocket in any case', entry({ url: 'http://x/', resourceType: '', request: [['upgrade', 'WebSocket']] }), true],
    [
      'an extended CONNECT with :protocol: websocket (RFC 8441)',
      entry({ url: 'https://example.com/chat', method: 'CONNECT', resourceType: '', request: [[':protocol', 'websocket'], ['sec-websocket-version', '13']] }),
      true,
    ],
    [
      'a CONNECT with WebSocket headers but no :protocol',
      entry({ url: 'https://example.com/chat', method: 'CONNECT', resourceType: '', request: [['sec-websocket-version', '13']] }),
      true,
    ],
    [
      'a proxy tunnel CONNECT (Charles, Fiddler) is not one',
      entry({ url: 'https://example.com:443', method: 'CONNECT', resourceType: '', request: [['Host', 'example.com:443']] }),
      false,
    ],
    [
      ':protocol of another kind (connect-udp) is not one',
      entry({ url: 'https://example.com/', method: 'CONNECT', resourceType: '', request: [[':protocol', 'connect-udp']] }),
      false,
    ],
    [
      '_resourceType websocket on a plain fetch (the msw trap) is not one',
      entry({ url: 'http://127.0.0.1/status', request: [['Connection', 'keep-alive'], ['Sec-Fetch-Mode', 'cors']] }),
      false,
    ],
    [
      '_resourceType websocket with a Sec-WebSocket-Key on an http URL is one',
      entry({ url: 'http://127.0.0.1/socket', request: [['Sec-WebSocket-Key', KEY], ['Connection', 'Upgrade']] }),
      true,
    ],
    ['_resourceType websocket with _webSocketMessages is one', entry({ url: 'http://x/', request: [], messages: [] }), true],
    ['Sec-WebSocket-Key alone, untyped, on GET https is not one', entry({ url: 'https://x/', resourceType: '', request: [['Sec-WebSocket-Key', KEY]] }), false],
    ['an ordinary page load is not one', entry({ url: 'https://example.com/', resourceType: 'document', request: [['Accept', 'text/html']] }), false],
  ];
  it.each(rows)('%s', (_name, harEntry, expected) => {
    expect(isWebSocketEntry(harEntry)).toBe(expected);
    expect(handshakeFromEntry(harEntry, 'x') !== null).toBe(expected);
  });

  it.each([null, 1, 'x', [], {}, { request: null }, { request: { url: 42 } }, { request: { headers: 'Upgrade: websocket' } }])(
    'junk entry %j is not one and does not throw',
    (junk) => {
      expect(isWebSocketEntry(junk)).toBe(false);
      expect(handshakeFromEntry(junk, 'x')).toBeNull();
    },
  );
});

describe('Chrome exports and getHAR()', () => {
  it('reads an accepted handshake: empty httpVersion → null, headers kept in order', () => {
    const h = only(parse(entry()));
    expect(h.source).toBe('test.har#/log/entries/0');
    expect(h.transport).toBe('unknown');
    expect(h.request?.httpVersion).toBeNull();
    expect(h.request?.method).toBe('GET');
    expect(h.request?.headers.first('sec-websocket-key')).toBe(KEY);
    expect(h.response?.httpVersion).toBeNull();
    expect(h.response?.statusText).toBe('Switching Protocols');
    expect(h.browserError).toBeNull();
    expect(h.startedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(h.durationMs).toBe(12.5);
  });

  it('reads a rejected handshake: status 0 → no response, the reason without its prefix', async () => {
    const h = only(
      parse(
        entry({
          status: 0,
          statusText: '',
          response: [],
          messages: [{ type: 'error', opcode: -1, data: "Error during WebSocket handshake: Incorrect 'Sec-WebSocket-Accept' header value" }],
        }),
      ),
    );
    expect(h.response).toBeNull();
    expect(h.browserError).toBe("Incorrect 'Sec-WebSocket-Accept' header value");
    const [report] = await analyze([h]);
    expect(report!.status).toBe(0);
    expect(report!.verdict).toBe('fail');
    expect(report!.expectedAccept).toBe(ACCEPT);
    expect(report!.findings.map((f) => f.rule)).toContain('accept-mismatch');
  });

  it('keeps a reason Chromium gives without the prefix', async () => {
    const h = only(parse(entry({ status: 0, response: [], messages: [{ type: 'error', data: 'Connection closed before receiving a handshake response' }] })));
    expect(h.response).toBeNull();
    expect(h.browserError).toBe('Connection closed before receiving a handshake response');
    const [report] = await analyze([h]);
    expect(report!.findings.map((f) => f.rule)).toContain('no-response');
  });

  it('maps an empty reason (Chromium with webRequest) to no reason', () => {
    const h = only(parse(entry({ status: 0, response: [], messages: [{ type: 'error', data: '' }] })));
    expect(h.browserError).toBeNull();
    expect(h.response).toBeNull();
  });

  it('falls back to response._error when there is no message', () => {
    const h = only(parse(entry({ status: 0, response: [], extra: {} , messages: [] , resourceType: 'websocket' })));
    expect(h.browserError).toBeNull();
    const withError = entry({ status: 0, response: [] });
    (withError.response as Record<string, unknown>)._error = 'net::ERR_CONNECTION_REFUSED';
    expect(only(parse(withError)).browserError).toBe('net::ERR_CONNECTION_REFUSED');
  });

  it('ignores frame errors after an accepted handshake', () => {
    const h = only(parse(entry({ messages: [{ type: 'receive', data: 'hi' }, { type: 'error', data: 'Could not decode a text frame as UTF-8.' }] })));
    expect(h.browserError).toBeNull();
    expect(h.response?.status).toBe(101);
  });

  it('reads the getHAR() log object (entries at the top) with matching pointers', () => {
    const log = har(entry({ url: 'https://example.com/', resourceType: 'document', request: [] }), entry()).log;
    const result = handshakesFromHar(log, 'devtools');
    if (!result.ok) throw new Error(result.error);
    expect(result.handshakes.map((h) => h.source)).toEqual(['devtools#/entries/1']);
    expect(result.skipped).toBe(1);
  });

  it('takes the page URL from pageref when the page title is a URL', () => {
    const doc = har({ ...entry(), pageref: 'page_1' }, { ...entry(), pageref: 'page_2' });
    (doc.log as Record<string, unknown>).pages = [
      { id: 'page_1', title: 'https://app.example.com/room' },
      { id: 'page_2', title: 'Chat room' },
    ];
    const result = handshakesFromHar(doc, 'p.har');
    if (!result.ok) throw new Error(result.error);
    expect(result.handshakes.map((h) => h.pageUrl)).toEqual(['https://app.example.com/room', null]);
  });

  it('keeps an h2 WebSocket dressed as HTTP/1.1 (no key, 200, lower-case headers) for the core to judge as h2', async () => {
    const h = only(
      parse(
        entry({
          request: CHROME_REQUEST.filter(([name]) => name !== 'Sec-WebSocket-Key'),
          status: 200,
          statusText: '',
          response: [['date', 'Sun, 22 Nov 2026 10:00:00 GMT'], ['sec-websocket-protocol', 'chat']],
        }),
      ),
    );
    expect(h.transport).toBe('unknown');
    expect(h.response?.headers.first('Sec-WebSocket-Protocol')).toBe('chat');
    const [report] = await analyze([h]);
    expect(report!.transport).toBe('h2');
    expect(report!.key).toBeNull();
    expect(report!.findings.map((f) => f.rule)).not.toContain('key-missing');
    expect(report!.findings.map((f) => f.rule)).not.toContain('status-not-101');
  });
});

describe('who captured it, and HTTP/2 WebSockets in browser captures', () => {
  const withCreator = (name: string, ...entries: unknown[]) => ({ log: { version: '1.2', creator: { name, version: '1' }, pages: [], entries } });
  const fromDoc = (doc: unknown): Handshake => only(handshakesFromHar(doc, 'c.har') as ReturnType<typeof parseHar>);
  const NO_KEY = CHROME_REQUEST.filter(([name]) => name !== 'Sec-WebSocket-Key');
  /** An accepted HTTP/2 WebSocket as Chromium 156 exports it (tests/fixtures/browsers/chromium/h2.har): "HTTP/1.1", no key, 200, lower-case headers. */
  const chromiumH2 = (extra: Record<string, unknown> = {}) =>
    entry({
      request: NO_KEY,
      requestVersion: 'HTTP/1.1',
      responseVersion: 'HTTP/1.1',
      status: 200,
      statusText: '',
      response: [['date', 'Sun, 22 Nov 2026 10:00:00 GMT']],
      extra,
    });

  it.each([
    ['WebInspector', 'chromium'],
    ['Firefox', 'firefox'],
    ['mitmproxy', 'proxy'],
    ['pcap2har', 'proxy'],
    ['Charles Proxy', 'proxy'],
    ['test', null],
  ] as const)('log.creator %s → capturedBy %s', (creator, capturedBy) => {
    expect(fromDoc(withCreator(creator, entry())).capturedBy).toBe(capturedBy);
  });

  it('tells Chromium and Firefox entries apart by their own fields when the creator says nothing', () => {
    expect(only(parse(entry({ extra: { _initiator: { type: 'script' }, _priority: 'High' } }))).capturedBy).toBe('chromium');
    expect(only(parse(entry({ resourceType: '', extra: { _securityState: 'insecure', _priority: 'HIGHEST' } }))).capturedBy).toBe('firefox');
    expect(only(parse(entry())).capturedBy).toBeNull();
  });

  it('the DevTools feed is a browser capture: Chromium when the entry is typed, Firefox otherwise', () => {
    expect(handshakeFromEntry(entry(), 'devtools', { devtools: true })!.capturedBy).toBe('chromium');
    expect(handshakeFromEntry(entry({ resourceType: '' }), 'devtools', { devtools: true })!.capturedBy).toBe('firefox');
  });

  it('judges a Chromium export\'s HTTP/2 WebSocket ("HTTP/1.1", no key, 200) as h2, not as a keyless HTTP/1.1 handshake', async () => {
    for (const h of [fromDoc(withCreator('WebInspector', chromiumH2())), only(parse(chromiumH2({ _initiator: { type: 'script' } })))]) {
      expect(h.transport).toBe('h2');
      expect([h.request?.httpVersion, h.response?.httpVersion]).toEqual([null, null]);
      const [report] = await analyze([h]);
      expect(report!.findings.map((f) => f.rule)).toEqual(['h2-websocket']);
      expect(report!.verdict).toBe('pass');
    }
  });

  it('the same entry from the live feed is h2 too (the feed no longer drops versions itself)', async () => {
    const [report] = await analyze([handshakeFromEntry(chromiumH2(), 'devtools', { devtools: true })!]);
    expect(report!.transport).toBe('h2');
    expect(report!.verdict).toBe('pass');
  });

  it('keeps an explicit h3 version on a keyless browser entry', () => {
    expect(fromDoc(withCreator('WebInspector', entry({ request: NO_KEY, requestVersion: 'h3', status: 200 }))).transport).toBe('h3');
  });

  it('keeps a Chromium HTTP/1.1 entry with a key as HTTP/1.1, version included', () => {
    const h = fromDoc(withCreator('WebInspector', entry({ requestVersion: 'HTTP/1.1', responseVersion: 'HTTP/1.1' })));
    expect(h.transport).toBe('unknown');
    expect(h.request?.httpVersion).toBe('HTTP/1.1');
  });

  it.each(['mitmproxy', 'pcap2har', 'test'])('a keyless request in a %s HAR is what went on the wire: key-missing', async (creator) => {
    const h = fromDoc(withCreator(creator, entry({ request: NO_KEY, requestVersion: 'HTTP/1.1', responseVersion: 'HTTP/1.1' })));
    expect(h.request?.httpVersion).toBe('HTTP/1.1');
    const [report] = await analyze([h]);
    expect(report!.transport).toBe('http/1.1');
    expect(report!.findings.map((f) => f.rule)).toContain('key-missing');
  });

  const H2_FIXTURE = join(__dirname, '../../../fixtures/browsers/chromium/h2.har');
  it.skipIf(!existsSync(H2_FIXTURE))('the real Chromium 156 h2 capture: accepted and rejected HTTP/2 WebSockets are h2, without key-missing', async () => {
    const result = parseHar(readFileSync(H2_FIXTURE, 'utf8'), 'h2.har');
    if (!result.ok) throw new Error(result.error);
    const accepted = result.handshakes.filter((h) => h.response?.status === 200);
    expect(accepted.length).toBeGreaterThan(0);
    const reports = await analyze(result.handshakes);
    for (const report of reports) {
      expect(report.handshake.capturedBy).toBe('chromium');
      expect(report.transport, report.url).toBe('h2');
      const rules = report.findings.map((f) => f.rule);
      expect(rules, report.url).not.toContain('key-missing');
      expect(rules, report.url).not.toContain('accept-missing');
      if (report.status === 200) expect(rules, report.url).not.toContain('status-not-101');
    }
  });
});

describe('transport from httpVersion', () => {
  it.each([
    ['h2', 'h2'],
    ['HTTP/2.0', 'h2'],
    ['http/2.0', 'h2'],
    ['HTTP/2', 'h2'],
    ['h3', 'h3'],
    ['HTTP/3', 'h3'],
    ['HTTP/1.1', 'unknown'],
    ['', 'unknown'],
    ['nonsense', 'unknown'],
  ])('request httpVersion %j → %s', (version, transport) => {
    const h = only(parse(entry({ requestVersion: version })));
    expect(h.transport).toBe(transport);
    expect(h.request?.httpVersion).toBe(version === '' ? null : version);
  });

  it('uses the response version when the request has none', () => {
    expect(only(parse(entry({ responseVersion: 'h3' }))).transport).toBe('h3');
  });
});

describe('Firefox exports (real status and headers, no _resourceType)', () => {
  const firefox = (status: number, statusText: string, response: Pairs) =>
    entry({ resourceType: '', requestVersion: 'HTTP/1.1', responseVersion: 'HTTP/1.1', status, statusText, response });

  it('keeps a rejected handshake’s real response', async () => {
    const h = only(parse(firefox(101, 'Switching Protocols', [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Accept', 'wrongI5XUXU2CdhtjixE7QCkCcMZM=']])));
    expect(h.response?.httpVersion).toBe('HTTP/1.1');
    expect(h.browserError).toBeNull();
    const [report] = await analyze([h]);
    expect(report!.actualAccept).toBe('wrongI5XUXU2CdhtjixE7QCkCcMZM=');
    expect(report!.findings.map((f) => f.rule)).toContain('accept-mismatch');
  });

  it('keeps a 403 with its headers', async () => {
    const h = only(parse(firefox(403, 'Forbidden', [['Content-Type', 'text/plain']])));
    expect(h.response?.status).toBe(403);
    const [report] = await analyze([h]);
    expect(report!.status).toBe(403);
    expect(report!.transport).toBe('http/1.1');
    expect(report!.findings.map((f) => f.rule)).toContain('status-not-101');
  });
});

describe('documents that are not HARs', () => {
  const full = JSON.stringify(har(entry()));
  it.each([
    ['truncated JSON', full.slice(0, 200), /^not JSON \(truncated\? unexpected end at byte 200\)$/],
    ['truncated right after an opening brace', '{', /^not JSON \(truncated\? unexpected end at byte 1\)$/],
    ['a syntax error in the middle', '{"log": {"entries": [}]}}', /^not JSON \(.+ at byte 21\)$/],
    ['plain text', 'hello world', /^not JSON \(starts with "hello world"\)$/],
    ['binary junk', '\u0000\u0001\u0002PK\u0003\u0004', /^binary data, not a HAR$/],
    ['an empty file', '  \n', /^empty file, not a HAR$/],
    ['JSON without log', '{"foo": 1}', /^JSON but not a HAR \(no log\.entries\)$/],
    ['log without entries', '{"log": {"version": "1.2"}}', /^JSON but not a HAR \(no log\.entries\)$/],
    ['entries that are not a list', '{"log": {"entries": {}}}', /^JSON but not a HAR \(no log\.entries\)$/],
    ['a JSON array', '[1, 2]', /^JSON but not a HAR \(an array, no log\.entries\)$/],
    ['a JSON string', '"log"', /^not JSON|^JSON but not a HAR \(a string, no log\.entries\)$/],
  ])('%s → a clear error', (_name, text, message) => {
    const result = parseHar(text, 'x.har');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it.each([
    ['{"a":1,}', "not JSON (expected a double-quoted property name at byte 7)"],
    ['{"a" 1}', "not JSON (expected ':' after a property name at byte 5)"],
    ['{"a":1} x', 'not JSON (unexpected text after the end of the JSON at byte 8)'],
    ['[1 2]', "not JSON (expected ',' or ']' at byte 3)"],
    ['{"a":"x\ty"}', 'not JSON (bad character or escape in a string at byte 7)'],
    ['{"a":"\\q"}', 'not JSON (bad character or escape in a string at byte 6)'],
    ['{"a":nul}', 'not JSON (unexpected character "n" at byte 5)'],
    ['{"é":x}', 'not JSON (unexpected character "x" at byte 6)'],
  ])('locates the syntax error in %j the same way in every engine', (text, message) => {
    const result = parseHar(text.replace('\\t', '\t'), 'x.har');
    expect(result.ok ? '' : result.error).toBe(message);
  });

  it('calls any cut through a HAR a truncation at its byte length', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.double({ min: 0, max: 1, noNaN: true }), (value, where) => {
        const text = JSON.stringify({ log: { entries: [{ v: value }] } });
        const cut = text.slice(0, 1 + Math.floor(where * (text.length - 2)));
        const result = parseHar(cut, 'x.har');
        expect(result.ok ? '' : result.error).toBe(`not JSON (truncated? unexpected end at byte ${Buffer.byteLength(cut)})`);
      }),
      { numRuns: 300 },
    );
  });

  it('counts bytes, not characters, in the truncation offset', () => {
    const text = '{"log": {"entries": [{"comment": "héllo';
    const result = parseHar(text, 'x.har');
    expect(result.ok ? '' : result.error).toBe(`not JSON (truncated? unexpected end at byte ${Buffer.byteLength(text)})`);
  });

  it('reads a HAR with a byte order mark', () => {
    expect(only(parseHar(`\ufeff${full}`, 'bom.har')).url).toBe('wss://example.com/chat');
  });

  it('reports a HAR without WebSocket entries as ok with nothing picked', () => {
    const result = parse(entry({ url: 'https://example.com/', resourceType: 'document', request: [] }));
    expect(result).toEqual({ ok: true, handshakes: [], skipped: 1 });
  });
});

describe('never throws', () => {
  it('on any JSON value as text or object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => parseHar(JSON.stringify(value) ?? '', 's')).not.toThrow();
        expect(() => handshakesFromHar(value, 's')).not.toThrow();
        expect(() => handshakeFromEntry(value, 's')).not.toThrow();
      }),
    );
  });

  it('on HAR-shaped documents with junk in every field', () => {
    const junk = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([]), fc.constant({}), fc.boolean());
    const junkEntry = fc.record({
      request: fc.oneof(junk, fc.record({ url: fc.oneof(junk, fc.constant('wss://x/')), method: junk, httpVersion: junk, headers: fc.oneof(junk, fc.array(fc.oneof(junk, fc.record({ name: fc.oneof(junk, fc.constant('Upgrade')), value: junk })))) })),
      response: fc.oneof(junk, fc.record({ status: junk, statusText: junk, httpVersion: junk, headers: junk })),
      _webSocketMessages: fc.oneof(junk, fc.array(fc.record({ type: fc.oneof(junk, fc.constant('error')), data: junk }))),
      time: junk,
      timings: junk,
      pageref: junk,
      startedDateTime: junk,
    });
    fc.assert(
      fc.property(fc.array(junkEntry), fc.oneof(junk, fc.array(fc.record({ id: junk, title: junk }))), (entries, pages) => {
        const result = handshakesFromHar({ log: { pages, entries } }, 's');
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.handshakes.length + result.skipped).toBe(entries.length);
      }),
    );
  });

  it('on an object whose getters throw', () => {
    const hostile = { get log(): unknown { throw new Error('boom'); } };
    const result = handshakesFromHar(hostile, 's');
    expect(result.ok).toBe(false);
  });
});
