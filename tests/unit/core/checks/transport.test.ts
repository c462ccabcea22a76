import { describe, expect, it } from 'vitest';
import { HeaderList } from '../../../../src/core/headers.js';
import { inferTransport } from '../../../../src/core/checks/transport.js';
import { handshake, VALID_REQUEST, withHeaders } from '../build.js';
import { reportFor } from '../rules-helper.js';

const keyless = withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null });

describe('transport findings', () => {
  it.each([
    { name: 'notes h2 when the source says h2', spec: { transport: 'h2' as const, request: keyless, response: { status: 200 } }, rule: 'h2-websocket' },
    { name: 'notes h3 when the source says h3', spec: { transport: 'h3' as const, request: keyless, response: { status: 200 } }, rule: 'h3-websocket' },
    { name: 'notes h2 for a browser capture without a key answered 200', spec: { request: keyless, response: { status: 200 } }, rule: 'h2-websocket' },
    { name: 'notes h2 for an extended CONNECT', spec: { method: 'CONNECT', request: [...keyless, [':protocol', 'websocket']] as const, response: { status: 200 } }, rule: 'h2-websocket' },
    { name: 'notes h3 for an extended CONNECT over HTTP/3', spec: { method: 'CONNECT', httpVersion: 'HTTP/3', request: [...keyless, [':protocol', 'websocket']] as const, response: { status: 200 } }, rule: 'h3-websocket' },
  ])('$name', async ({ spec, rule }) => {
    const report = await reportFor(spec);
    expect(report.findings.map((f) => f.rule)).toEqual([rule]);
    expect(report.findings[0]!.severity).toBe('info');
    expect(report.verdict).toBe('pass');
  });

  it.each([
    { name: 'does not note h2 for an HTTP/1.1 handshake', spec: {} },
    { name: 'does not note h2 for a keyless request answered 101', spec: { request: keyless, response: { status: 101 } } },
    { name: 'does not note h2 when the source says http/1.1', spec: { transport: 'http/1.1' as const } },
  ])('$name', async ({ spec }) => {
    const rules = (await reportFor(spec)).findings.map((f) => f.rule);
    expect(rules).not.toContain('h2-websocket');
    expect(rules).not.toContain('h3-websocket');
  });

  it('says what the server answered over h2', async () => {
    const report = await reportFor({ transport: 'h2', request: keyless, response: { status: 200 } });
    expect(report.findings[0]!.message).toContain('answered 200');
  });

  it('judges a rejected h2 handshake by RFC 8441: 404 instead of 200, no key or accept findings', async () => {
    const report = await reportFor({ request: keyless, response: null, browserError: 'Unexpected response code: 404' });
    const rules = report.findings.map((f) => f.rule);
    expect(rules).toContain('h2-websocket');
    expect(rules).toContain('status-not-101');
    expect(rules).not.toContain('key-missing');
    expect(report.summary).toContain('instead of 200');
  });

  it('infers the transport the same way analyze reports it', async () => {
    const h = handshake({ request: keyless, response: { status: 200 } });
    expect(inferTransport(h)).toBe('h2');
    expect((await reportFor({ request: keyless, response: { status: 200 } })).transport).toBe('h2');
    expect(inferTransport({ ...h, request: { method: 'GET', httpVersion: null, headers: HeaderList.fromPairs(VALID_REQUEST) } })).toBe('http/1.1');
  });
});
