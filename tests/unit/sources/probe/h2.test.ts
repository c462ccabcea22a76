// probe over HTTP/2 (RFC 8441) against the demo's HTTP/2 server, which allows extended
// CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL) as Chromium needs: ALPN picks h2, the
// WebSocket goes over a CONNECT stream with :protocol websocket; a server that does not
// allow it, or picks http/1.1 by ALPN, gets HTTP/1.1 with a note saying why.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../../src/core/analyze.js';
import { startDemoServers, type DemoServers } from '../../../../src/demo/servers.js';
import { probe } from '../../../../src/sources/probe/probe.js';
import { makeCertificates, type Certificates } from './servers.js';

let servers: DemoServers;
let certs: Certificates;

beforeAll(async () => {
  servers = await startDemoServers();
  certs = makeCertificates();
}, 60_000);

afterAll(async () => {
  await servers?.close();
  certs?.cleanup();
});

const h2Url = (path: string): string => `${servers.h2Origin!.replace(/^https/, 'wss')}${path}`;

describe('probe --http2', () => {
  it('opens the WebSocket as an extended CONNECT over h2 and the server accepts it with 200', async () => {
    const result = await probe({ url: h2Url('/h2/h2-good'), http2: true, insecure: true, timeoutMs: 5000, env: {}, origin: 'https://app.example.com' });
    expect(result.failure).toBeNull();
    expect(result.tls?.alpn).toBe('h2');
    expect(result.handshake.transport).toBe('h2');
    expect(result.handshake.request?.method).toBe('CONNECT');
    expect(result.handshake.raw?.request).toMatch(/^:method: CONNECT\r\n:protocol: websocket\r\n:scheme: https\r\n:path: \/h2\/h2-good\r\n:authority: /);
    expect(result.handshake.raw?.request).not.toMatch(/sec-websocket-key|^upgrade|^connection/im);
    expect(result.handshake.response?.status).toBe(200);
    expect(result.transportNote).toMatch(/SETTINGS_ENABLE_CONNECT_PROTOCOL/);
    const report = await analyzeOne(result.handshake);
    expect(report.verdict).toBe('pass');
    expect(report.findings.map((f) => f.rule)).toEqual(['h2-websocket']);
    expect(result.close?.sentCode).toBe(1000);
  });

  it('a refused extended CONNECT is judged by RFC 8441, with the body start', async () => {
    const result = await probe({ url: h2Url('/h2/h2-not-found'), http2: true, insecure: true, timeoutMs: 5000, env: {} });
    expect(result.handshake.response?.status).toBe(404);
    expect(result.handshake.response?.bodyStart).toBe('no such route\n');
    const report = await analyzeOne(result.handshake);
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['status-not-101', 'h2-websocket', 'answered-by']));
    expect(report.summary).toContain('instead of 200');
  });

  it('without --http2 the same server is asked over HTTP/1.1 (ALPN http/1.1)', async () => {
    const result = await probe({ url: h2Url('/h2/h2-good'), insecure: true, timeoutMs: 5000, env: {} });
    expect(result.tls?.alpn).toBe('http/1.1');
    expect(result.handshake.transport).toBe('http/1.1');
    expect(result.transportNote).toBeNull();
  });

  it('an HTTP/2 server that does not allow extended CONNECT: HTTP/1.1 on a new connection, as browsers do', async () => {
    const server = http2.createSecureServer({ key: certs.local.key, cert: certs.local.cert, allowHTTP1: true });
    server.on('request', (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('Upgrade Required');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await probe({ url: `wss://127.0.0.1:${port}/ws`, http2: true, insecure: true, timeoutMs: 5000, env: {} });
      expect(result.transportNote).toMatch(/does not allow extended CONNECT/);
      expect(result.handshake.transport).toBe('http/1.1');
      expect(result.handshake.raw?.request).toMatch(/^GET \/ws HTTP\/1\.1\r\n/);
      expect(result.handshake.response?.status).toBe(426);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
