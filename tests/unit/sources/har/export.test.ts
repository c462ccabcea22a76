// HAR export: a valid HAR 1.2 document of the WebSocket entries; parseHar reads
// it back to the same handshakes and analyze to the same findings (rebuilt
// entries and kept corpus entries alike); redaction keeps the diagnosis.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import type { Handshake } from '../../../../src/core/model.js';
import { REDACTED } from '../../../../src/core/export/redact.js';
import { parseRawHandshake } from '../../../../src/sources/raw.js';
import { handshakesFromHar, parseHar } from '../../../../src/sources/har/parse.js';
import { entryFromHandshake, redactEntry, stringifyHar, toHarDocument } from '../../../../src/sources/har/export.js';
import { SAMPLE_KEY, VALID_REQUEST, VALID_RESPONSE, handshake, withHeaders } from '../../core/build.js';

const CORPUS = join(__dirname, '../../../fixtures/corpus');
const CORPUS_HARS = readdirSync(CORPUS).filter((name) => name.endsWith('.har'));

/** The fields a handshake is made of, without where it came from (the source pointer changes on export). */
function comparable(h: Handshake) {
  return {
    url: h.url,
    request: h.request && { method: h.request.method, httpVersion: h.request.httpVersion, headers: h.request.headers.fields },
    response: h.response && { status: h.response.status, statusText: h.response.statusText, httpVersion: h.response.httpVersion, headers: h.response.headers.fields },
    browserError: h.browserError,
    startedAt: h.startedAt ?? null,
    durationMs: h.durationMs ?? null,
    pageUrl: h.pageUrl ?? null,
  };
}

async function diagnosis(handshakes: readonly Handshake[]) {
  return (await analyze(handshakes)).map((r) => ({ verdict: r.verdict, rules: r.findings.map((f) => f.rule), transport: r.transport, status: r.status }));
}

/** The HAR 1.2 fields every entry must have (http://www.softwareishard.com/blog/har-12-spec/). */
function expectValidHarEntry(entry: Record<string, unknown>): void {
  expect(typeof entry.startedDateTime).toBe('string');
  expect(Number.isNaN(Date.parse(entry.startedDateTime as string))).toBe(false);
  expect(typeof entry.time).toBe('number');
  const request = entry.request as Record<string, unknown>;
  for (const field of ['method', 'url', 'httpVersion']) expect(typeof request[field], field).toBe('string');
  for (const field of ['cookies', 'headers', 'queryString']) expect(Array.isArray(request[field]), field).toBe(true);
  expect(typeof request.headersSize).toBe('number');
  expect(typeof request.bodySize).toBe('number');
  const response = entry.response as Record<string, unknown>;
  expect(typeof response.status).toBe('number');
  for (const field of ['statusText', 'httpVersion', 'redirectURL']) expect(typeof response[field], field).toBe('string');
  for (const field of ['cookies', 'headers']) expect(Array.isArray(response[field]), field).toBe(true);
  const content = response.content as Record<string, unknown>;
  expect(typeof content.size).toBe('number');
  expect(typeof content.mimeType).toBe('string');
  expect(typeof entry.cache).toBe('object');
  const timings = entry.timings as Record<string, unknown>;
  for (const field of ['send', 'wait', 'receive']) expect(typeof timings[field], field).toBe('number');
}

const RAW = 'GET /chat?room=1 HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  `Sec-WebSocket-Key: ${SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n\r\n` +
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: wrongwrongwrongwrongwrong=\r\n\r\n';

function variety(): Handshake[] {
  const raw = parseRawHandshake(RAW, 'paste 1');
  if (!raw.ok) throw new Error(raw.error);
  return [
    { ...handshake(), startedAt: '2026-11-22T10:00:00.000Z', durationMs: 12.5, pageUrl: 'https://example.com/app' },
    handshake({ response: null, browserError: "Incorrect 'Sec-WebSocket-Accept' header value", pageUrl: 'https://example.com/app' }),
    handshake({ response: null, browserError: 'Error in connection establishment: net::ERR_CONNECTION_REFUSED' }),
    handshake({ request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null }), response: { status: 200, headers: [['sec-websocket-protocol', 'chat']] } }),
    handshake({ url: 'wss://example.com/x?token=abcdef', response: { status: 404, statusText: 'Not Found', httpVersion: 'HTTP/1.1', headers: [['Content-Type', 'text/html']] } }),
    { ...raw.handshake, transport: 'unknown' },
  ];
}

describe('rebuilt entries (pasted text, probe)', () => {
  it('make a valid HAR 1.2 document', () => {
    const document = toHarDocument(variety().map((h) => ({ handshake: h })), { version: '1.2.3', redact: false });
    expect(document.log.version).toBe('1.2');
    expect(document.log.creator).toEqual({ name: 'WebSocket Handshake Inspector', version: '1.2.3' });
    expect(document.log.entries).toHaveLength(6);
    for (const entry of document.log.entries) expectValidHarEntry(entry);
    expect(document.log.pages).toEqual([{ startedDateTime: '2026-11-22T10:00:00.000Z', id: 'page_1', title: 'https://example.com/app', pageTimings: { onContentLoad: -1, onLoad: -1 } }]);
  });

  it('read back by parseHar to the same handshakes and findings', async () => {
    const handshakes = variety();
    const text = stringifyHar(toHarDocument(handshakes.map((h) => ({ handshake: h })), { version: '1', redact: false }));
    const parsed = parseHar(text, 'export.har');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.skipped).toBe(0);
    const startedAt = (h: Handshake) => ({ ...comparable(h), startedAt: null });
    expect(parsed.handshakes.map(startedAt)).toEqual(handshakes.map(startedAt));
    expect(parsed.handshakes[0]!.startedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(await diagnosis(parsed.handshakes)).toEqual(await diagnosis(handshakes));
  });

  it('a rejected handshake keeps Chromium\'s reason in _webSocketMessages', () => {
    const entry = entryFromHandshake(handshake({ response: null, browserError: 'Unexpected response code: 404' }));
    expect(entry._webSocketMessages).toEqual([{ type: 'error', time: 0, opcode: -1, data: 'Error during WebSocket handshake: Unexpected response code: 404' }]);
    expect((entry.response as { status: number }).status).toBe(0);
  });
});

describe.each(CORPUS_HARS)('corpus %s', (name) => {
  const text = readFileSync(join(CORPUS, name), 'utf8');
  const original = parseHar(text, name);
  const document: unknown = JSON.parse(text);
  const entries = (document as { log: { entries: unknown[] } }).log.entries;
  const items = original.ok
    ? original.handshakes.map((h) => ({ handshake: h, entry: entries[Number(/(\d+)$/.exec(h.source)![1])] }))
    : [];

  it('keeps the original entries and exports only the WebSocket ones', () => {
    const exported = toHarDocument(items, { version: '1', redact: false });
    expect(exported.log.entries).toHaveLength(items.length);
    exported.log.entries.forEach((entry, i) => {
      const { pageref: _a, ...kept } = entry;
      const { pageref: _b, ...source } = items[i]!.entry as Record<string, unknown>;
      expect(kept).toEqual(source);
    });
  });

  it.each([false, true])('parseHar of the export (redact %s) gives the same handshakes and diagnosis', async (redact) => {
    const exported = handshakesFromHar(JSON.parse(stringifyHar(toHarDocument(items, { version: '1', redact }))), 'again.har');
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    const originals = items.map((i) => i.handshake);
    expect(exported.handshakes).toHaveLength(originals.length);
    if (!redact) expect(exported.handshakes.map(comparable)).toEqual(originals.map(comparable));
    expect(await diagnosis(exported.handshakes)).toEqual(await diagnosis(originals));
  });
});

describe('redactEntry', () => {
  const entry = {
    startedDateTime: '2026-11-22T10:00:00.000Z',
    time: 1,
    request: {
      method: 'GET',
      url: 'wss://example.com/s?api_key=QUERYSECRET1&room=5',
      httpVersion: '',
      headers: [...VALID_REQUEST.map(([name, value]) => ({ name, value })), { name: 'cookie', value: 'sid=COOKIESECRET2' }, { name: 'Authorization', value: 'Bearer AUTHSECRET3' }],
      queryString: [{ name: 'api_key', value: 'QUERYSECRET1' }, { name: 'room', value: '5' }],
      cookies: [{ name: 'sid', value: 'COOKIESECRET2' }],
      postData: { mimeType: 'text/plain', text: 'AUTHSECRET3' },
    },
    response: {
      status: 101,
      statusText: 'Switching Protocols',
      headers: [...VALID_RESPONSE.map(([name, value]) => ({ name, value })), { name: 'Set-Cookie', value: 'sid=SETSECRET4; Path=/' }],
      cookies: [{ name: 'sid', value: 'SETSECRET4', path: '/' }],
      content: { size: 10, mimeType: 'text/plain', text: 'BODYSECRET5' },
      redirectURL: '',
    },
    _initiator: { url: 'https://example.com/app.js?token=INITSECRET6' },
    _webSocketMessages: [
      { type: 'send', opcode: 1, data: '{"auth":"FRAMESECRET7"}', time: 1 },
      { type: 'error', opcode: -1, data: 'Error during WebSocket handshake: echoed AUTHSECRET3', time: 2 },
    ],
  };

  it('masks every copy of every secret, keeps what the diagnosis needs', () => {
    const out = JSON.stringify(redactEntry(entry, ['INITSECRET6']));
    for (const secret of ['QUERYSECRET1', 'COOKIESECRET2', 'AUTHSECRET3', 'SETSECRET4', 'BODYSECRET5', 'INITSECRET6', 'FRAMESECRET7']) {
      expect(out, secret).not.toContain(secret);
    }
    expect(out).toContain(SAMPLE_KEY);
    expect(out).toContain(`api_key=${REDACTED}&room=5`);
    expect(out).toContain(`"Bearer ${REDACTED}"`);
    expect(out).toContain(`sid=${REDACTED}; Path=/`);
    expect(out).toContain(`Error during WebSocket handshake: echoed ${REDACTED}`);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(entry);
    redactEntry(entry);
    expect(JSON.stringify(entry)).toBe(before);
  });
});
