// Raw handshake text: what the parser says about the response when there is none, or when its
// status line is not HTTP (corpus vector v081, faye/websocket-driver-node "Client with a bad status line").
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../src/core/analyze.js';
import type { Handshake } from '../../../src/core/model.js';
import { parseRawHandshake } from '../../../src/sources/raw.js';

const REQUEST = [
  'GET /socket HTTP/1.1',
  'Host: www.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: 2vBVWg4Qyk3ZoM/5d3QD9Q==',
  'Sec-WebSocket-Version: 13',
  '',
  '',
].join('\r\n');

const RESPONSE_HEADERS = ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Accept: QV3I5XUXU2CdhtjixE7QCkCcMZM=', '', ''].join('\r\n');

function parsed(text: string): Handshake {
  const result = parseRawHandshake(text, 'paste');
  if (!result.ok) throw new Error(result.error);
  return result.handshake;
}

describe('raw text without a response', () => {
  it('marks the response as not captured, so the request is judged alone', async () => {
    const h = parsed(REQUEST);
    expect(h.capturedBy).toBe('text');
    expect(h.missingResponse).toBe('not-captured');
    const report = await analyzeOne(h);
    expect(report.verdict).toBe('pass');
    expect(report.findings.map((f) => f.rule)).not.toContain('no-response');
  });

  it('a complete exchange has no missingResponse', () => {
    const h = parsed(`${REQUEST}HTTP/1.1 101 Switching Protocols\r\n${RESPONSE_HEADERS}`);
    expect(h.missingResponse).toBeUndefined();
    expect(h.invalidStatusLine).toBeUndefined();
    expect(h.response?.status).toBe(101);
  });
});

describe('a response line that is not a valid status line', () => {
  it.each([
    'HTTP/1.1 4 Switching Protocols',
    'HTTP/1.1 1O1 Switching Protocols',
    'HTTP/1.1',
    'HTTP/1.1 101x',
    'http/1.1 101 Switching Protocols',
  ])('%j fails the handshake with status-not-101', async (line) => {
    const h = parsed(`${REQUEST}${line}\r\n${RESPONSE_HEADERS}`);
    expect(h.response).toBeNull();
    expect(h.invalidStatusLine).toBe(line);
    expect(h.missingResponse).toBeUndefined();
    const report = await analyzeOne(h);
    expect(report.verdict).toBe('fail');
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => f.rule)).toEqual(['status-not-101']);
  });

  it('is reported on its own too (no request pasted)', async () => {
    const h = parsed(`HTTP/1.1 4 Bad\r\n${RESPONSE_HEADERS}`);
    expect(h.request).toBeNull();
    expect((await analyzeOne(h)).findings.map((f) => f.rule)).toEqual(['status-not-101']);
  });

  it('valid status lines still parse: HTTP/2 from curl -v, a missing reason, trace marks', () => {
    expect(parsed(`${REQUEST}< HTTP/2 200\r\n< date: x\r\n`).response?.status).toBe(200);
    expect(parsed(`${REQUEST}HTTP/1.1 101\r\n${RESPONSE_HEADERS}`).response?.statusText).toBe('');
  });

  it('a header named like HTTP2-Settings is a header, not a status line', () => {
    const h = parsed(REQUEST.replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 13\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA'));
    expect(h.request?.headers.first('http2-settings')).toBe('AAMAAABkAAQCAAAAAAIAAAAA');
    expect(h.invalidStatusLine).toBeUndefined();
  });
});
