// The probe library against local servers that answer good and broken
// handshakes, including the ones Chromium hides (it shows only a reason).
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../../src/core/analyze.js';
import type { Report } from '../../../../src/core/model.js';
import { decodeFrames } from '../../../../src/core/frames.js';
import { buildRequestHeaders, noProxyMatches, parseProbeUrl, probe, type ProbeOptions, type ProbeResult } from '../../../../src/sources/probe/probe.js';
import {
  acceptFor, closeFramePayload, freePort, makeCertificates, serverFrame, startProxy, startServer, switching,
  type Certificates, type ScriptedServer, type Script, type ServerOptions,
} from './servers.js';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const running: { close(): Promise<void> }[] = [];

async function serve(script: Script, options?: ServerOptions): Promise<ScriptedServer> {
  const server = await startServer(script, options);
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function probeAndJudge(options: ProbeOptions): Promise<{ result: ProbeResult; report: Report; rules: string[] }> {
  const result = await probe({ timeoutMs: 3000, ...options });
  const report = await analyzeOne(result.handshake);
  return { result, report, rules: report.findings.map((f) => f.rule) };
}

describe('probe: handshakes that succeed', () => {
  it('sends a browser-like request, keeps the 101 head byte for byte, and closes with a close frame', async () => {
    let head = '';
    const server = await serve({ respond: (r) => (head = switching(r.key, ['Sec-WebSocket-Extensions: permessage-deflate'])) });
    const { result, report } = await probeAndJudge({ url: server.url('/chat?room=1'), origin: 'http://127.0.0.1' });
    expect(result.failure).toBeNull();
    expect(report.verdict).toBe('pass');
    expect(result.handshake.raw?.response).toBe(head);
    expect(result.handshake.response?.status).toBe(101);
    expect(result.timing.responseMs).toBeGreaterThanOrEqual(0);

    const seen = server.requests[0]!;
    expect(seen.requestLine).toBe('GET /chat?room=1 HTTP/1.1');
    expect(seen.raw).toBe(result.handshake.raw?.request);
    expect(seen.headers).toEqual([
      ['Host', `127.0.0.1:${server.port}`],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', seen.key],
      ['Sec-WebSocket-Version', '13'],
      ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
      ['Origin', 'http://127.0.0.1'],
      ['User-Agent', 'ws-handshake'],
    ]);
    expect(Buffer.from(seen.key, 'base64')).toHaveLength(16);

    // The server got a masked close frame with 1000 and answered it.
    const frame = await server.closeFrame();
    expect(frame.masked).toBe(true);
    expect(frame.payload.readUInt16BE(0)).toBe(1000);
    expect(result.close).toMatchObject({ initiator: 'client', sentCode: 1000, serverClosed: true, serverCode: 1000 });
  });

  it('reuses --key exactly (replaying what a browser sent)', async () => {
    const server = await serve({ respond: (r) => switching(r.key, [`X-Received-Key: ${r.key}`]) });
    const { result, report } = await probeAndJudge({ url: server.url(), key: KEY });
    expect(server.requests[0]!.key).toBe(KEY);
    expect(result.handshake.raw?.response).toContain(`X-Received-Key: ${KEY}\r\n`);
    expect(report.expectedAccept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(report.verdict).toBe('pass');
  });

  it('offers subprotocols comma-joined and accepts the one chosen', async () => {
    const server = await serve({ respond: (r) => switching(r.key, ['Sec-WebSocket-Protocol: chat']) });
    const { report } = await probeAndJudge({ url: server.url(), protocols: ['chat', 'superchat'] });
    expect(server.requests[0]!.headers).toContainEqual(['Sec-WebSocket-Protocol', 'chat, superchat']);
    expect(report.verdict).toBe('pass');
  });

  it('takes http:// as ws:// and leaves the deflate offer out on request', async () => {
    const server = await serve({ respond: (r) => switching(r.key) });
    const { result } = await probeAndJudge({ url: `http://127.0.0.1:${server.port}`, deflate: false });
    expect(result.handshake.url).toBe(`ws://127.0.0.1:${server.port}/`);
    expect(server.requests[0]!.headers.map(([n]) => n)).not.toContain('Sec-WebSocket-Extensions');
    expect(server.requests[0]!.requestLine).toBe('GET / HTTP/1.1');
  });

  it('keeps odd whitespace, case and LF-only line ends verbatim in raw, and still reads the headers', async () => {
    const odd = (key: string): string =>
      `HTTP/1.1 101 Switching Protocols  \r\nupgrade:websocket\r\nCONNECTION:   upgrade   \r\nsec-websocket-ACCEPT :\t${acceptFor(key)}\nX-Odd:  a  b \r\n\r\n`;
    const server = await serve({ respond: (r) => odd(r.key) });
    const { result, report } = await probeAndJudge({ url: server.url() });
    expect(result.handshake.raw?.response).toBe(odd(server.requests[0]!.key));
    const names = result.handshake.response!.headers.fields.map((f) => f.name);
    expect(names).toEqual(['upgrade', 'CONNECTION', 'sec-websocket-ACCEPT', 'X-Odd']);
    expect(report.actualAccept).toBe(acceptFor(server.requests[0]!.key));
    expect(report.findings.map((f) => f.rule)).not.toContain('accept-mismatch');
  });

  it('a response head ending in LF LF is complete', async () => {
    const server = await serve({ respond: (r) => `HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: ${acceptFor(r.key)}\n\n` });
    const { result } = await probeAndJudge({ url: server.url() });
    expect(result.failure).toBeNull();
    expect(result.handshake.response?.headers.size).toBe(3);
  });

  it('extra headers override defaults, add lines, and an empty value removes a default', async () => {
    const server = await serve({ respond: (r) => switching(r.key) });
    await probeAndJudge({
      url: server.url(),
      headers: [
        { name: 'user-agent', value: 'Mozilla/5.0 test' },
        { name: 'Sec-WebSocket-Extensions', value: '' },
        { name: 'Cookie', value: 'a=1' },
      ],
    });
    const headers = server.requests[0]!.headers;
    expect(headers).toContainEqual(['user-agent', 'Mozilla/5.0 test']);
    expect(headers.map(([n]) => n)).not.toContain('User-Agent');
    expect(headers.map(([n]) => n)).not.toContain('Sec-WebSocket-Extensions');
    expect(headers[headers.length - 1]).toEqual(['Cookie', 'a=1']);
  });

  it('keepOpen hands back the connection: frames arrive, and a server close ends it', async () => {
    const server = await serve(
      { respond: (r) => switching(r.key) },
      { afterHead: Buffer.concat([serverFrame(1, 'hello'), serverFrame(9, 'p')]) },
    );
    const result = await probe({ url: server.url(), keepOpen: true, timeoutMs: 3000 });
    expect(result.connection).not.toBeNull();
    const frames: string[] = [];
    result.connection!.onFrame((f) => frames.push(`${f.kind}:${Buffer.from(f.payload).toString()}`));
    await new Promise((r) => setTimeout(r, 100));
    expect(frames).toEqual(['text:hello', 'ping:p']);
    // The ping was answered with a masked pong carrying the same payload.
    expect(server.frames).toContainEqual({ opcode: 10, masked: true, payload: Buffer.from('p') });
    const outcome = await result.connection!.close(1001);
    expect(outcome).toMatchObject({ initiator: 'client', sentCode: 1001, serverClosed: true, serverCode: 1001 });
  });

  it('a server that closes first gets its close echoed', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { afterHead: serverFrame(8, closeFramePayload(1001, 'going away')) });
    const result = await probe({ url: server.url(), keepOpen: true, timeoutMs: 3000 });
    const outcome = await result.connection!.closed;
    expect(outcome).toMatchObject({ initiator: 'server', serverCode: 1001, serverReason: 'going away', sentCode: null });
    const echoed = await server.closeFrame();
    expect(echoed.payload.readUInt16BE(0)).toBe(1001);
  });
});

describe('probe: broken handshakes a browser would hide', () => {
  const cases: { name: string; answer: (key: string) => string; rule: string; header?: string }[] = [
    { name: 'wrong Sec-WebSocket-Accept', answer: (k) => switching(k, [], { accept: acceptFor(`${k}x`) }), rule: 'accept-mismatch' },
    { name: 'the key echoed as accept', answer: (k) => switching(k, [], { accept: k }), rule: 'accept-mismatch' },
    { name: 'missing Sec-WebSocket-Accept', answer: (k) => switching(k, [], { accept: null }), rule: 'accept-missing' },
    { name: 'duplicate Sec-WebSocket-Accept', answer: (k) => switching(k, [`Sec-WebSocket-Accept: ${acceptFor(k)}`]), rule: 'header-duplicate', header: 'Sec-WebSocket-Accept' },
    { name: 'a proxy ate Upgrade', answer: (k) => switching(k, [], { upgrade: null }), rule: 'upgrade-missing' },
    { name: 'Connection without Upgrade', answer: (k) => switching(k, [], { connection: 'keep-alive' }), rule: 'connection-missing-upgrade' },
    { name: '404', answer: () => 'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nNot Found', rule: 'status-not-101' },
    { name: '302 redirect', answer: () => 'HTTP/1.1 302 Found\r\nLocation: wss://elsewhere.example/ws\r\nContent-Length: 0\r\n\r\n', rule: 'status-not-101' },
    { name: 'plain 200', answer: () => 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello', rule: 'status-not-101' },
    { name: 'HTTP/1.0 101', answer: (k) => switching(k, [], { statusLine: 'HTTP/1.0 101 Switching Protocols' }), rule: 'response-http-version' },
    { name: 'a subprotocol not offered', answer: (k) => switching(k, ['Sec-WebSocket-Protocol: other']), rule: 'protocol-not-offered' },
    { name: 'permessage-deflate with bad window bits', answer: (k) => switching(k, ['Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7']), rule: 'deflate-invalid-param' },
    { name: 'permessage-deflate with an unknown parameter', answer: (k) => switching(k, ['Sec-WebSocket-Extensions: permessage-deflate; foo']), rule: 'deflate-invalid-param' },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.rule}, with the raw response shown`, async () => {
      const server = await serve({ respond: (r) => c.answer(r.key), thenClose: !/ 101 /.test(c.answer(KEY)) });
      const { result, rules, report } = await probeAndJudge({ url: server.url(), protocols: c.rule === 'protocol-not-offered' ? ['chat'] : [] });
      expect(result.failure).toBeNull();
      expect(rules).toContain(c.rule);
      expect(report.verdict).toBe('fail');
      if (c.header) expect(report.findings.find((f) => f.rule === c.rule)?.header).toBe(c.header);
      const head = c.answer(server.requests[0]!.key);
      expect(result.handshake.raw?.response).toBe(head.slice(0, head.indexOf('\r\n\r\n') + 4));
    });
  }

  it('an invalid 101 is dropped without a close frame, as a browser does', async () => {
    const server = await serve({ respond: (r) => switching(r.key, [], { accept: 'wrong=' }) });
    const { result } = await probeAndJudge({ url: server.url() });
    expect(result.close?.sentCode).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(server.frames).toEqual([]);
  });

  it('reads the start of a refusal\'s body that comes after its head, and judges it', async () => {
    // Head first, the body 50 ms later (as nginx relays an app's answer).
    const slowBody = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        socket.write('HTTP/1.1 404 Not Found\r\nServer: nginx/1.22.1\r\nX-Powered-By: Express\r\nContent-Length: 25\r\n\r\n');
        setTimeout(() => socket.end('<pre>Cannot GET /ws</pre>'), 50);
      });
    });
    await new Promise<void>((resolve) => slowBody.listen(0, '127.0.0.1', resolve));
    running.push({ close: () => new Promise<void>((resolve) => slowBody.close(() => resolve())) });
    const { port } = slowBody.address() as AddressInfo;
    const { result, report } = await probeAndJudge({ url: `ws://127.0.0.1:${port}/ws` });
    expect(result.handshake.response?.bodyStart).toBe('<pre>Cannot GET /ws</pre>');
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['status-not-101', 'proxy-dropped-upgrade', 'answered-by']));
    expect(report.summary).toMatch(/^nginx 1\.22\.1 most likely did not pass the WebSocket upgrade on/);
  });

  it('names the redirect target and keeps the body start apart from raw', async () => {
    const server = await serve({ respond: () => 'HTTP/1.1 302 Found\r\nLocation: wss://elsewhere.example/ws\r\n\r\n<html>moved</html>', thenClose: true });
    const { result, report } = await probeAndJudge({ url: server.url() });
    expect(result.handshake.raw?.response).toBe('HTTP/1.1 302 Found\r\nLocation: wss://elsewhere.example/ws\r\n\r\n');
    expect(result.afterHead.toString()).toBe('<html>moved</html>');
    expect(report.findings[0]!.message).toMatch(/redirect/i);
  });
});

describe('probe: no usable answer', () => {
  it('non-HTTP garbage (an SSH banner) is reported as such, bytes kept', async () => {
    const server = await serve({ greet: 'SSH-2.0-OpenSSH_9.2\r\n' });
    const { result, rules } = await probeAndJudge({ url: server.url() });
    expect(result.failure?.kind).toBe('not-http');
    expect(result.failure?.message).toMatch(/SSH banner/);
    expect(result.handshake.raw?.response).toBe('SSH-2.0-OpenSSH_9.2\r\n');
    expect(result.handshake.response).toBeNull();
    expect(rules).toEqual(['no-response', 'origin-missing']);
  });

  it('binary garbage is quoted with escapes', async () => {
    const server = await serve({ respond: () => Buffer.from([0x00, 0xff, 0x41, 0x0a]) });
    const { result } = await probeAndJudge({ url: server.url() });
    expect(result.failure?.kind).toBe('not-http');
    expect(result.failure?.message).toContain('"\\x00\\xffA\\x0a"');
  });

  it('an immediate reset after the request', async () => {
    const server = await serve({ reset: true });
    const { result, report } = await probeAndJudge({ url: server.url() });
    expect(result.failure?.kind).toBe('reset');
    expect(result.failure?.code).toBe('ECONNRESET');
    expect(result.requestSent).toBe(true);
    expect(report.status).toBe(0);
    expect(report.findings.map((f) => f.rule)).toContain('no-response');
  });

  it('a close without any answer', async () => {
    const server = await serve({ closeAtOnce: true });
    const { result } = await probeAndJudge({ url: server.url() });
    expect(['closed', 'reset']).toContain(result.failure?.kind);
    expect(result.failure?.message).toMatch(/without answering|reset/);
    expect(result.handshake.raw?.response).toBe('');
  });

  it('a server that never answers times out with the budget named', async () => {
    const server = await serve({ silent: true });
    const started = Date.now();
    const { result } = await probeAndJudge({ url: server.url(), timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.failure?.kind).toBe('timeout');
    expect(result.failure?.message).toMatch(/^no response within 300 ms \(request sent, waiting for the response\)/);
  });

  it('half a head then silence: the timeout keeps what came', async () => {
    const server = await serve({ respond: () => 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n' });
    const { result } = await probeAndJudge({ url: server.url(), timeoutMs: 300 });
    expect(result.failure?.kind).toBe('timeout');
    expect(result.handshake.raw?.response).toBe('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n');
  });

  it('half a head then close is incomplete, and what came is still judged', async () => {
    const server = await serve({ respond: () => 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n', thenClose: true });
    const { result } = await probeAndJudge({ url: server.url() });
    expect(result.failure?.kind).toBe('incomplete');
    expect(result.handshake.response?.status).toBe(101);
  });

  it('a response head larger than the cap is cut with a clear error', async () => {
    const server = await serve({ respond: () => `HTTP/1.1 200 OK\r\n${'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(200)}` });
    const { result } = await probeAndJudge({ url: server.url(), maxHeadBytes: 4096 });
    expect(result.failure?.kind).toBe('too-large');
    expect(result.failure?.message).toMatch(/larger than 4096 bytes/);
    expect(result.handshake.raw?.response.length).toBe(4096);
  });

  it('connection refused', async () => {
    const port = await freePort();
    const { result, report } = await probeAndJudge({ url: `ws://127.0.0.1:${port}/` });
    expect(result.failure).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' });
    expect(result.requestSent).toBe(false);
    expect(result.handshake.raw).toEqual({ request: '', response: '' });
    expect(report.findings.map((f) => f.rule)).toContain('no-response');
  });

  it('a host name that does not resolve', async () => {
    const { result } = await probeAndJudge({ url: 'ws://no-such-host.invalid/', timeoutMs: 8000 });
    expect(result.failure?.kind).toBe('dns');
  });

  it('an invalid URL is a typed failure, not a throw', async () => {
    const result = await probe({ url: 'ftp://example.com/' });
    expect(result.failure?.kind).toBe('invalid-url');
  });
});

describe('probe over TLS', () => {
  let certs: Certificates;
  beforeAll(() => {
    certs = makeCertificates();
  });
  afterAll(() => certs?.cleanup());

  it('trusts the certificate given as CA, sends SNI for a host name, and passes', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.local });
    const { result, report } = await probeAndJudge({ url: `wss://localhost:${server.port}/secure`, ca: certs.local.cert });
    expect(result.failure).toBeNull();
    expect(report.verdict).toBe('pass');
    expect(result.tls).toMatchObject({ authorized: true, alpn: null });
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(result.tls?.subject).toContain('CN=localhost');
    expect(server.requests[0]!.servername).toBe('localhost');
    expect(server.requests[0]!.headers).toContainEqual(['Host', `localhost:${server.port}`]);
    await server.closeFrame();
  });

  it('without the CA, a self-signed certificate fails with a clear message', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.local });
    const { result, report } = await probeAndJudge({ url: server.url() });
    expect(result.failure).toMatchObject({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(result.failure?.message).toMatch(/self-signed.*--ca FILE.*--insecure/);
    expect(report.status).toBe(0);
    expect(server.requests).toEqual([]);
  });

  it('insecure skips verification and says why it would have failed', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.local });
    const { result, report } = await probeAndJudge({ url: server.url(), insecure: true });
    expect(result.failure).toBeNull();
    expect(report.verdict).toBe('pass');
    expect(result.tls).toMatchObject({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('a certificate for another host name fails as a mismatch', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.other });
    const { result } = await probeAndJudge({ url: server.url(), ca: certs.other.cert });
    expect(result.failure).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(result.failure?.message).toMatch(/not valid for this host name/);
  });

  it('a broken handshake over TLS is judged the same', async () => {
    const server = await serve({ respond: (r) => switching(r.key, [`Sec-WebSocket-Accept: ${acceptFor(r.key)}`]) }, { tls: certs.local });
    const { rules } = await probeAndJudge({ url: server.url(), ca: certs.local.cert });
    expect(rules).toContain('header-duplicate');
  });

  it('wss:// to a plain HTTP port says the port does not speak TLS', async () => {
    const plain = http.createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    running.push({ close: () => new Promise<void>((resolve) => { plain.closeAllConnections(); plain.close(() => resolve()); }) });
    const { port } = plain.address() as AddressInfo;
    const { result } = await probeAndJudge({ url: `wss://127.0.0.1:${port}/` });
    expect(result.failure?.kind).toBe('tls');
    expect(result.failure?.message).toMatch(/does not speak TLS|closed during the TLS handshake/);
  });

  it('wss:// to a plain port: the plain answer names who wrote it, and the cause reaches the finding', async () => {
    const nginxLike = net.createServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body><center>nginx/1.22.1</center></body></html>\r\n'));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => nginxLike.listen(0, '127.0.0.1', resolve));
    running.push({ close: () => new Promise<void>((resolve) => nginxLike.close(() => resolve())) });
    const { port } = nginxLike.address() as AddressInfo;
    const { result, report } = await probeAndJudge({ url: `wss://127.0.0.1:${port}/ws` });
    expect(result.failure?.message).toContain('nginx 1.22.1 answered in plain HTTP: `HTTP/1.1 400 Bad Request`');
    expect(result.handshake.raw?.response).toContain('Server: nginx/1.22.1');
    expect(result.handshake.requestSent).toBe(false);
    expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
    expect(report.findings[0]!.message).toContain(result.failure!.message.replace(/[.\s]+$/, ''));
    expect(report.findings[0]!.fix).toContain('`ws://`');
  });

  it('ws:// to a TLS port is reported clearly', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.local });
    const { result } = await probeAndJudge({ url: `ws://127.0.0.1:${server.port}/` });
    expect(['closed', 'reset', 'not-http']).toContain(result.failure?.kind);
    expect(result.failure?.message).toMatch(/wss:\/\//);
  });
});

describe('probe through an HTTP CONNECT proxy', () => {
  let certs: Certificates;
  beforeAll(() => {
    certs = makeCertificates();
  });
  afterAll(() => certs?.cleanup());

  it('wss:// goes through HTTPS_PROXY with CONNECT, credentials from the proxy URL', async () => {
    const proxy = await startProxy({ requireAuth: `Basic ${Buffer.from('user:p@ss').toString('base64')}` });
    running.push(proxy);
    const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.local });
    const { result, report } = await probeAndJudge({
      url: `wss://localhost:${server.port}/`,
      ca: certs.local.cert,
      env: { HTTPS_PROXY: `http://user:p%40ss@127.0.0.1:${proxy.port}` },
    });
    expect(result.failure).toBeNull();
    expect(report.verdict).toBe('pass');
    expect(proxy.connects[0]).toMatch(new RegExp(`^CONNECT localhost:${server.port} HTTP/1\\.1\r\nHost: localhost:${server.port}\r\n`));
    expect(result.proxy).toMatchObject({ url: `http://127.0.0.1:${proxy.port}`, variable: 'HTTPS_PROXY' });
    expect(result.proxy?.response).toMatch(/^HTTP\/1\.1 200/);
    expect(server.requests[0]!.servername).toBe('localhost');
  });

  it('ws:// uses http_proxy (lower case first)', async () => {
    const proxy = await startProxy();
    running.push(proxy);
    const server = await serve({ respond: (r) => switching(r.key) });
    const { result } = await probeAndJudge({ url: server.url(), env: { http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:1' } });
    expect(result.failure).toBeNull();
    expect(proxy.connects).toHaveLength(1);
  });

  it('NO_PROXY sends the request direct', async () => {
    const proxy = await startProxy();
    running.push(proxy);
    const server = await serve({ respond: (r) => switching(r.key) });
    const { result } = await probeAndJudge({ url: server.url(), env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com, 127.0.0.1' } });
    expect(result.failure).toBeNull();
    expect(result.proxy).toBeNull();
    expect(proxy.connects).toEqual([]);
  });

  it('a proxy that refuses CONNECT is a proxy failure naming its answer', async () => {
    const proxy = await startProxy({ refuse: 'HTTP/1.1 403 Forbidden' });
    running.push(proxy);
    const { result, report } = await probeAndJudge({ url: 'ws://127.0.0.1:9/', env: { HTTP_PROXY: proxy.url } });
    expect(result.failure?.kind).toBe('proxy');
    expect(result.failure?.message).toContain('refused CONNECT 127.0.0.1:9: 403 Forbidden');
    expect(report.status).toBe(0);
  });

  it('a proxy wanting credentials says so', async () => {
    const proxy = await startProxy({ requireAuth: 'Basic eDp5' });
    running.push(proxy);
    const { result } = await probeAndJudge({ url: 'ws://127.0.0.1:9/', env: { HTTP_PROXY: proxy.url } });
    expect(result.failure?.message).toMatch(/407.*wants credentials/);
  });

  it('an unreachable proxy is a proxy failure', async () => {
    const port = await freePort();
    const { result } = await probeAndJudge({ url: 'ws://127.0.0.1:9/', env: { HTTP_PROXY: `127.0.0.1:${port}` } });
    expect(result.failure).toMatchObject({ kind: 'proxy', code: 'ECONNREFUSED' });
  });

  it('NO_PROXY matching', () => {
    const rows: [string, string, number, boolean][] = [
      ['*', 'anything.example', 443, true],
      ['example.com', 'example.com', 443, true],
      ['example.com', 'api.example.com', 443, true],
      ['.example.com', 'api.example.com', 443, true],
      ['*.example.com', 'example.com', 443, true],
      ['example.com', 'badexample.com', 443, false],
      ['example.com:8080', 'example.com', 443, false],
      ['example.com:8080', 'example.com', 8080, true],
      ['127.0.0.1', '127.0.0.1', 80, true],
      ['[::1]:80', '::1', 80, true],
      ['::1', '::1', 80, true],
      ['localhost other', 'other', 80, true],
      ['', 'example.com', 80, false],
    ];
    for (const [noProxy, host, port, expected] of rows) expect([noProxy, host, port, noProxyMatches(noProxy, host, port)]).toEqual([noProxy, host, port, expected]);
  });
});

describe('probe helpers', () => {
  it('URL parsing: default ports, IPv6, http(s) schemes, query kept, fragment dropped', () => {
    expect(parseProbeUrl('wss://example.com/a?b=1#frag')).toMatchObject({ ok: true, target: { url: 'wss://example.com/a?b=1', port: 443, hostHeader: 'example.com', path: '/a?b=1', secure: true } });
    expect(parseProbeUrl('https://example.com:8443')).toMatchObject({ ok: true, target: { url: 'wss://example.com:8443/', hostHeader: 'example.com:8443' } });
    expect(parseProbeUrl('ws://[::1]:8080/x')).toMatchObject({ ok: true, target: { host: '::1', hostHeader: '[::1]:8080' } });
    expect(parseProbeUrl('ws://example.com:80/')).toMatchObject({ ok: true, target: { hostHeader: 'example.com' } });
    expect(parseProbeUrl('example.com')).toMatchObject({ ok: false });
    expect(parseProbeUrl('ftp://example.com')).toMatchObject({ ok: false, error: expect.stringMatching(/unsupported scheme/) });
  });

  it('request headers: protocols and origin only when given', () => {
    const { target } = parseProbeUrl('ws://h/') as { target: Parameters<typeof buildRequestHeaders>[0] };
    const names = buildRequestHeaders(target, { url: 'ws://h/', deflate: false }, KEY).map((h) => h.name);
    expect(names).toEqual(['Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'User-Agent']);
  });

  it('frames split across reads are parsed once complete', () => {
    const frame = serverFrame(1, 'hello');
    expect(decodeFrames(frame.subarray(0, 3)).frames).toEqual([]);
    const { frames, rest } = decodeFrames(Buffer.concat([frame, frame.subarray(0, 1)]));
    expect(frames.map((f) => Buffer.from(f.payload).toString())).toEqual(['hello']);
    expect(rest).toHaveLength(1);
  });
});
