// A handshake without a response: no-response only when the client really got none (not for
// pasted text without one, nor a handshake still in flight), worded for whoever captured it; and a
// status line that is not HTTP fails like Chromium's "Invalid status line".
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../src/core/analyze.js';
import type { CapturedBy, Handshake } from '../../../src/core/model.js';
import { handshake, VALID_REQUEST, withHeaders } from './build.js';

const noResponse = (extra: Partial<Handshake> = {}): Handshake => ({ ...handshake({ response: null }), ...extra });

describe('no response and no reason, worded for the capture', () => {
  it.each<[CapturedBy | null, string]>([
    ['chromium', 'No response was received, and the browser gave no reason (status 0).'],
    ['firefox', 'No response was received, and the browser gave no reason (status 0).'],
    ['probe', 'No response was received.'],
    ['proxy', 'No response was received: the capture records no status and no error.'],
    [null, 'No response was received.'],
  ])('captured by %s', async (capturedBy, message) => {
    const report = await analyzeOne(noResponse({ capturedBy }));
    expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
    expect(report.findings[0]!.message).toBe(message);
    expect(report.verdict).toBe('fail');
  });

  it('never speaks of a browser outside a browser capture', async () => {
    for (const capturedBy of ['probe', 'proxy', 'text', null] as const) {
      const report = await analyzeOne(noResponse({ capturedBy }));
      expect(`${report.findings[0]!.message} ${report.summary}`).not.toMatch(/browser/i);
    }
  });
});

describe('a response that is unknown, not absent', () => {
  it('pasted text without a response is judged on its request alone', async () => {
    const report = await analyzeOne(noResponse({ capturedBy: 'text', missingResponse: 'not-captured' }));
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(report.status).toBe(0);
    expect(report.summary).toBe('The request is a valid WebSocket handshake; no response was given to judge.');
  });

  it('its request findings still count', async () => {
    const request = withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null });
    const h = { ...handshake({ response: null, request, transport: 'http/1.1' }), missingResponse: 'not-captured' as const };
    const report = await analyzeOne(h);
    expect(report.findings.map((f) => f.rule)).toEqual(['key-missing']);
  });

  it('a handshake still awaiting its response is not a failure yet', async () => {
    const report = await analyzeOne(noResponse({ capturedBy: 'chromium', missingResponse: 'pending' }));
    expect(report.findings.map((f) => f.rule)).not.toContain('no-response');
    expect(report.verdict).toBe('pass');
    expect(report.summary).toBe('The request is a valid WebSocket handshake; its response has not arrived yet.');
  });

  it('a browser reason still counts when the response is pending or not captured', async () => {
    const report = await analyzeOne(noResponse({ missingResponse: 'not-captured', browserError: 'net::ERR_CONNECTION_REFUSED' }));
    expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
  });

  it('not-received is the default', async () => {
    expect((await analyzeOne(noResponse({ missingResponse: 'not-received' }))).findings.map((f) => f.rule)).toEqual(['no-response']);
  });
});

describe('a status line that is not HTTP', () => {
  it('fails the handshake with status-not-101, quoting the line', async () => {
    const report = await analyzeOne(noResponse({ capturedBy: 'text', invalidStatusLine: 'HTTP/1.1 4 Switching Protocols' }));
    expect(report.findings.map((f) => f.rule)).toEqual(['status-not-101']);
    expect(report.findings[0]!.message).toContain('`HTTP/1.1 4 Switching Protocols`');
    expect(report.findings[0]!.message).toContain('Invalid status line');
    expect(report.verdict).toBe('fail');
    expect(report.summary).toBe('The response\'s status line is not valid HTTP: `HTTP/1.1 4 Switching Protocols`.');
  });

  it('quotes a long line only in part', async () => {
    const report = await analyzeOne(noResponse({ invalidStatusLine: `HTTP/1.1 ${'x'.repeat(5000)}` }));
    expect(report.findings[0]!.message.length).toBeLessThan(400);
    expect(report.summary.length).toBeLessThan(200);
  });
});
