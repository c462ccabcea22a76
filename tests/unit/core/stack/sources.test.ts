/**
 * What the diagnosis needs from the sources: the body's start (raw text, HAR content,
 * bounded), a request that was never sent (Chromium's method-less, header-less entry),
 * the probe's connection failure in the finding, and the wording that depends on who
 * captured it (Chromium's own "503 Connection Error").
 */
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../../src/core/analyze.js';
import { BODY_START_LIMIT } from '../../../../src/core/model.js';
import { handshakeFromEntry } from '../../../../src/sources/har/parse.js';
import { parseRawHandshake } from '../../../../src/sources/raw.js';
import { handshake, VALID_REQUEST } from '../build.js';

const REQUEST = 'GET /ws HTTP/1.1\r\nHost: app.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

function raw(text: string) {
  const parsed = parseRawHandshake(text, 'paste');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.handshake;
}

describe('the body in raw text', () => {
  it.each([
    ['keeps the body after the blank line', `${REQUEST}HTTP/1.1 404 Not Found\r\nServer: nginx\r\n\r\n<html>\r\n<pre>Cannot GET /ws</pre>\r\n`, '<html>\n<pre>Cannot GET /ws</pre>'],
    ['keeps markup that looks like curl\'s < prefix', `${REQUEST}HTTP/1.1 502 Bad Gateway\r\n\r\n<center>nginx</center>`, '<center>nginx</center>'],
    ['leaves out curl -v\'s notes', `> GET /ws HTTP/1.1\n> Host: a\n>\n< HTTP/1.1 426 Upgrade Required\n< Content-Length: 16\n<\nUpgrade Required\n* Connection #0 to host a left intact\n`, 'Upgrade Required'],
    ['has none when nothing follows the head', `${REQUEST}HTTP/1.1 404 Not Found\r\n\r\n`, null],
  ])('%s', (_name, text, body) => {
    expect(raw(text).response?.bodyStart ?? null).toBe(body);
  });

  it('is bounded', () => {
    const big = raw(`${REQUEST}HTTP/1.1 404 Not Found\r\n\r\n${'x'.repeat(100)}\n`.repeat(1) + `${'y'.repeat(80)}\n`.repeat(200));
    expect(big.response!.bodyStart!.length).toBeLessThanOrEqual(BODY_START_LIMIT);
  });

  it('a pasted nginx + express exchange names both', async () => {
    const report = await analyzeOne(raw(`${REQUEST}HTTP/1.1 404 Not Found\r\nServer: nginx/1.22.1\r\nX-Powered-By: Express\r\n\r\n<pre>Cannot GET /ws</pre>`));
    expect(report.summary).toBe('nginx 1.22.1 most likely did not pass the WebSocket upgrade on: express answered 404 `Cannot GET /ws` to a plain request.');
  });
});

describe('HAR entries', () => {
  const entry = (request: Record<string, unknown>, response: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    _resourceType: 'websocket',
    _initiator: { type: 'script' },
    startedDateTime: '1969-12-31T23:59:59.000Z',
    request: { method: 'GET', url: 'wss://127.0.0.1:8080/ws', httpVersion: 'HTTP/1.1', headers: [], ...request },
    response: { status: 0, statusText: '', httpVersion: '', headers: [], ...response },
    ...extra,
  });

  it('Chromium\'s entry for wss:// to a plain port (no method, no headers) has no request to judge and no transport guess', async () => {
    const h = handshakeFromEntry(
      entry({ method: '', httpVersion: '' }, {}, { _webSocketMessages: [{ type: 'error', opcode: -1, data: 'Error in connection establishment: net::ERR_SSL_PROTOCOL_ERROR' }] }),
      'x.har#/log/entries/0',
      { devtools: true },
    )!;
    expect(h.request).toBeNull();
    expect(h.requestSent).toBe(false);
    const report = await analyzeOne(h);
    expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
    expect(report.transport).toBe('unknown');
  });

  it('a Chromium entry with headers and no key is still HTTP/2 (the request was sent)', async () => {
    const h = handshakeFromEntry(entry({ headers: [{ name: 'Host', value: 'a' }, { name: 'Upgrade', value: 'websocket' }, { name: 'Sec-WebSocket-Version', value: '13' }] }, { status: 200, headers: [{ name: 'date', value: 'x' }] }), 'x', { devtools: true })!;
    expect(h.transport).toBe('h2');
    expect(h.requestSent).toBeUndefined();
  });

  it.each([
    ['reads content.text as the body start', { text: 'Upgrade Required', mimeType: 'text/plain' }, 'Upgrade Required'],
    ['decodes base64 content', { text: Buffer.from('No WebSocket UPGRADE hdr: None').toString('base64'), encoding: 'base64' }, 'No WebSocket UPGRADE hdr: None'],
    ['has none without text', { size: 0 }, null],
  ])('%s', (_name, content, body) => {
    const h = handshakeFromEntry(entry({ headers: [{ name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' }] }, { status: 426, content }), 'x')!;
    expect(h.response?.bodyStart ?? null).toBe(body);
  });
});

describe('connection failures and the capture', () => {
  it('the probe\'s connection-level cause is the finding\'s message, with a fix for that kind', async () => {
    const failures = [
      { kind: 'tls', message: 'TLS: 127.0.0.1:8080 does not speak TLS (nginx 1.22.1 answered in plain HTTP: `HTTP/1.1 400 Bad Request`); use ws:// for this port [ERR_SSL_WRONG_VERSION_NUMBER]', code: 'ERR_SSL_WRONG_VERSION_NUMBER', fix: 'open the socket with `ws://`', url: 'wss://127.0.0.1:8080/ws' },
      { kind: 'closed', message: '127.0.0.1:8443 closed the connection without answering (if this port serves TLS, use wss://)', code: null, fix: 'open the socket with `wss://`', url: 'ws://127.0.0.1:8443/ws' },
      { kind: 'refused', message: 'connection refused by 127.0.0.1:9: nothing listens there [ECONNREFUSED]', code: 'ECONNREFUSED', fix: 'start the server', url: 'ws://127.0.0.1:9/ws' },
      { kind: 'timeout', message: 'no response within 100 ms (request sent, waiting for the response)', code: null, fix: 'waiting for a ClientHello', url: 'ws://127.0.0.1:9/ws' },
    ];
    for (const f of failures) {
      const report = await analyzeOne({ ...handshake({ response: null, url: f.url }), capturedBy: 'probe', connectionFailure: { kind: f.kind, message: f.message, code: f.code } });
      const finding = report.findings.find((x) => x.rule === 'no-response')!;
      expect(finding.message).toContain(f.message.replace(/[.\s]+$/, ''));
      expect(finding.fix).toContain(f.fix);
      expect(report.summary).toContain(f.message.slice(0, 30));
    }
  });

  it('a request that was never sent is not judged (no origin, host or version findings)', async () => {
    const report = await analyzeOne({
      ...handshake({ response: null, request: [['Host', 'a']] }),
      capturedBy: 'probe',
      requestSent: false,
      connectionFailure: { kind: 'refused', message: 'connection refused by a:80: nothing listens there [ECONNREFUSED]', code: 'ECONNREFUSED' },
    });
    expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
    expect(report.findings[0]!.message).toContain('The request was never sent');
  });

  it.each([
    ['chromium', true],
    [null, true],
    ['probe', false],
    ['firefox', false],
    ['proxy', false],
    ['text', false],
  ] as const)('Chromium\'s own "503 Connection Error" note, captured by %s: %s', async (capturedBy, note) => {
    const report = await analyzeOne(handshake({ response: { status: 503, statusText: 'Connection Error' }, ...(capturedBy ? { capturedBy } : {}) }));
    const text = report.findings.find((f) => f.rule === 'status-not-101')!.message;
    expect(text.includes('Chromium writes itself')).toBe(note);
  });

  it.each([
    [502, 'could not get a valid answer'],
    [503, 'no live server'],
    [504, 'read timeout'],
    [500, 'failed on the upgrade request'],
  ])('a %i nobody is named in is worded by its meaning', async (status, words) => {
    const report = await analyzeOne(handshake({ request: VALID_REQUEST, response: { status } }));
    expect(report.findings.find((f) => f.rule === 'status-not-101')!.message).toContain(words);
  });
});
