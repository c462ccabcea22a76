// The replay command from the core (the panel and the findings both name it): an HTTP/2
// row replays over HTTP/2, a row whose request never went out still gets the URL.
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../src/core/analyze.js';
import { probeCommand, replayInputOfHandshake } from '../../../src/core/replay.js';
import { handshake, VALID_REQUEST, withHeaders } from './build.js';

describe('probeCommand', () => {
  it('adds --http2 for a handshake that went over HTTP/2, and no key (there is none)', async () => {
    const report = await analyzeOne(handshake({ request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null }), response: null, transport: 'h2', browserError: 'Unexpected response code: 404' }));
    const command = probeCommand(replayInputOfHandshake(report.handshake, report.key, report.transport));
    expect(command).toBe('ws-handshake probe --http2 --origin https://example.com wss://example.com/socket');
    expect(report.findings.find((f) => f.rule === 'status-not-101')?.fix).toContain(command);
  });

  it('an HTTP/1.1 row replays with its key and no --http2', async () => {
    const report = await analyzeOne(handshake({ response: null, browserError: 'Unexpected response code: 426' }));
    const command = probeCommand(replayInputOfHandshake(report.handshake, report.key, report.transport));
    expect(command).toMatch(/^ws-handshake probe --key dGhlIHNhbXBsZSBub25jZQ== /);
    expect(command).not.toContain('--http2');
  });

  it('a request that was never sent still replays from its URL', () => {
    const h = { ...handshake({ request: null, response: null, url: 'wss://127.0.0.1:8080/ws' }), requestSent: false };
    expect(probeCommand(replayInputOfHandshake(h, null, 'unknown'))).toBe('ws-handshake probe wss://127.0.0.1:8080/ws');
  });
});
