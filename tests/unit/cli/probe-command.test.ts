// `ws-handshake probe` as users run it: argument parsing, the raw exchange in
// the human output, --json with raw, exit codes; through runProbe with a
// captured CliIo, and through the compiled binary in a child process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';
import { runProbe } from '../../../src/cli/probe-command.js';
import type { JsonDocument } from '../../../src/core/export/json.js';
import { buildCli, run } from './cli.js';
import { acceptFor, closeFramePayload, freePort, makeCertificates, serverFrame, startProxy, startServer, switching, type Certificates, type ScriptedServer, type Script, type ServerOptions } from '../sources/probe/servers.js';

interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ws-handshake probe ARGS` in-process through main (the dispatch users get). */
async function probeCli(args: string[], env: Record<string, string> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    isTTY: false,
    env,
  };
  const code = await main(['probe', ...args], io);
  return { code, stdout, stderr };
}

const running: ScriptedServer[] = [];
async function serve(script: Script, options?: ServerOptions): Promise<ScriptedServer> {
  const server = await startServer(script, options);
  running.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('probe: usage errors exit 2 with one line on stderr', () => {
  const cases: [string, string[], RegExp][] = [
    ['no URL', [], /give the URL to probe/],
    ['two URLs', ['ws://a/', 'ws://b/'], /one URL, not 2/],
    ['an unknown option', ['--bogus', 'ws://a/'], /unknown option --bogus/],
    ['a missing value', ['ws://a/', '--protocol'], /--protocol needs a value/],
    ['a bad scheme', ['ftp://a/'], /unsupported scheme "ftp:"/],
    ['not a URL', ['localhost:8080'], /unsupported scheme|not a URL/],
    ['a bad timeout', ['--timeout', 'soon', 'ws://a/'], /--timeout wants a positive number/],
    ['a zero timeout', ['--timeout=0', 'ws://a/'], /--timeout wants a positive number/],
    ['a header without colon', ['--header', 'NoColon', 'ws://a/'], /--header wants "Name: value"/],
    ['a header name with a space', ['--header', 'Bad Name: x', 'ws://a/'], /not an HTTP token/],
    ['a bad --fail-on', ['--fail-on', 'sometimes', 'ws://a/'], /--fail-on wants fail, warn or never/],
    ['a flag given a value', ['--json=yes', 'ws://a/'], /--json takes no value/],
    ['an unreadable --ca', ['--ca', '/nonexistent/ca.pem', 'wss://a/'], /cannot read --ca \/nonexistent\/ca.pem: ENOENT/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const { code, stdout, stderr } = await probeCli(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    });
  }

  it('--help prints the probe usage and exits 0', async () => {
    const { code, stdout } = await probeCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--stay-ms MS/);
  });
});

describe('probe: human output', () => {
  it('shows the request as sent, the response as received, the time, and the verdict', async () => {
    const server = await serve({ respond: (r) => switching(r.key, ['Server: test']) });
    const { code, stdout, stderr } = await probeCli(['--protocol', 'chat', '--key', 'dGhlIHNhbXBsZSBub25jZQ==', server.url('/x')]);
    expect(stderr).toBe('');
    expect(code).toBe(1); // the server chose no subprotocol: protocol-missing
    const lines = stdout.split('\n');
    expect(lines).toContain('> GET /x HTTP/1.1');
    expect(lines).toContain('> Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
    expect(lines).toContain('> Sec-WebSocket-Protocol: chat');
    expect(lines.find((l) => l.startsWith('> User-Agent: ws-handshake/'))).toBeDefined();
    expect(lines).toContain('< HTTP/1.1 101 Switching Protocols');
    expect(lines).toContain('< Server: test');
    expect(lines).toContain('< Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(stdout).toMatch(/\* response in [\d.]+ ms/);
    expect(stdout).toMatch(/^FAIL {2}ws:\/\/127\.0\.0\.1:\d+\/x {2}101 Switching Protocols/m);
    expect(stdout).toContain('protocol-missing');
  });

  it('masks the credentials the request carries (Authorization, a token in the URL) in the transcript and --json; --show-secrets prints them', async () => {
    const server = await serve({ respond: (r) => switching(r.key) });
    const secret = 'sk_live_51Hq7NbCq';
    const args = ['--header', `Authorization: Bearer ${secret}`, server.url(`/x?token=${secret}`)];
    const masked = await probeCli(args);
    expect(masked.stdout).not.toContain(secret);
    expect(masked.stdout).toContain('> Authorization: Bearer [redacted]');
    expect(masked.stdout).toContain('token=[redacted]');
    const json = await probeCli(['--json', ...args]);
    expect(json.stdout).not.toContain(secret);
    const shown = await probeCli(['--show-secrets', ...args]);
    expect(shown.stdout).toContain(`> Authorization: Bearer ${secret}`);
    // The server got the real values either way.
    expect(server.requests.every((r) => r.raw.includes(`Bearer ${secret}`))).toBe(true);
  });

  it('a good handshake exits 0 and reports the close handshake', async () => {
    const server = await serve({ respond: (r) => switching(r.key) });
    const { code, stdout } = await probeCli(['--origin', 'http://127.0.0.1', server.url()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PASS /m);
    expect(stdout).toContain('* sent close 1000; the server answered close 1000');
    expect((await server.closeFrame()).payload.readUInt16BE(0)).toBe(1000);
  });

  it('marks odd whitespace: trailing blanks, tabs, bare LF, control characters', async () => {
    const server = await serve({ respond: (r) => `HTTP/1.1 101 Switching Protocols \r\nUpgrade:\twebsocket\r\nConnection: Upgrade\nSec-WebSocket-Accept: ${acceptFor(r.key)}\r\nX-Esc: a\u001b[31mb\r\n\r\n` });
    const { stdout } = await probeCli([server.url()]);
    const lines = stdout.split('\n');
    expect(lines).toContain('< HTTP/1.1 101 Switching Protocols␠');
    expect(lines).toContain('< Upgrade:\\twebsocket');
    expect(lines).toContain('< Connection: Upgrade  (LF without CR)');
    expect(lines).toContain('< X-Esc: a\\x1b[31mb');
    expect(stdout).not.toContain('\u001b');
  });

  it('names the failure and shows the wrong accept', async () => {
    const server = await serve({ respond: (r) => switching(r.key, [], { accept: 'n4UuCLd17P4Pc7oywQKX3SX3RdA=' }) });
    const { code, stdout } = await probeCli(['--key', 'dGhlIHNhbXBsZSBub25jZQ==', server.url()]);
    expect(code).toBe(1);
    expect(stdout).toContain('< Sec-WebSocket-Accept: n4UuCLd17P4Pc7oywQKX3SX3RdA=');
    expect(stdout).toContain('expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, received n4UuCLd17P4Pc7oywQKX3SX3RdA= (MISMATCH)');
    expect(stdout).toContain('accept-mismatch');
    expect(stdout).toContain('connection dropped');
  });

  it('a refused connection: the request not sent, one clear line, exit 1', async () => {
    const port = await freePort();
    const { code, stdout } = await probeCli([`ws://127.0.0.1:${port}/`]);
    expect(code).toBe(1);
    expect(stdout).toContain('* request not sent:');
    expect(stdout).toContain(`! connection refused by 127.0.0.1:${port}: nothing listens there [ECONNREFUSED]`);
    expect(stdout).toMatch(/^FAIL .* no response/m);
    expect(stdout).toContain('no-response');
  });

  it('a timeout names the budget', async () => {
    const server = await serve({ silent: true });
    const { code, stdout } = await probeCli(['--timeout', '200', server.url()]);
    expect(code).toBe(1);
    expect(stdout).toContain('! no response within 200 ms (request sent, waiting for the response)');
  });

  it('a 404 shows the start of its body', async () => {
    const server = await serve({ respond: () => 'HTTP/1.1 404 Not Found\r\nContent-Length: 12\r\n\r\nno such path', thenClose: true });
    const { code, stdout } = await probeCli([server.url('/nope')]);
    expect(code).toBe(1);
    expect(stdout).toContain('* body after the head (first 12 bytes): no such path');
    expect(stdout).toContain('status-not-101');
  });

  it('--fail-on never exits 0 on a failed handshake verdict, but not when nothing answered', async () => {
    const server = await serve({ respond: (r) => switching(r.key, [], { upgrade: null }) });
    expect((await probeCli(['--fail-on', 'never', server.url()])).code).toBe(0);
    const port = await freePort();
    expect((await probeCli(['--fail-on', 'never', `ws://127.0.0.1:${port}/`])).code).toBe(1);
  });

  it('--stay-ms keeps the connection, prints frames, then closes', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { afterHead: serverFrame(1, 'welcome') });
    const { code, stdout } = await probeCli(['--stay-ms', '150', server.url()]);
    expect(code).toBe(0);
    expect(stdout).toContain('* connection open; closing after 150 ms');
    expect(stdout).toContain('< frame text (7 bytes): welcome');
    expect(stdout).toMatch(/\* sent close 1000; the server answered close 1000/);
  });

  it('--stay ends when the server closes', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { afterHead: serverFrame(8, closeFramePayload(1001, 'bye')) });
    const { code, stdout } = await probeCli(['--stay', server.url()]);
    expect(code).toBe(0);
    expect(stdout).toContain('the server closed first with close 1001 "bye"');
  });
});

describe('probe --json', () => {
  it('the SPEC document with raw request and response exactly as on the wire', async () => {
    let head = '';
    const server = await serve({ respond: (r) => (head = switching(r.key, ['Sec-WebSocket-Accept: duplicate='])) });
    const { code, stdout, stderr } = await runProbeCaptured(['--json', '--no-deflate', server.url('/j')]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout) as JsonDocument;
    expect(doc.tool).toBe('ws-handshake');
    expect(doc.errors).toEqual([]);
    const h = doc.handshakes[0]!;
    expect(h).toMatchObject({ source: 'probe', url: server.url('/j'), transport: 'http/1.1', status: 101, verdict: 'fail', browserError: null });
    expect(h.raw?.response).toBe(head);
    expect(h.raw?.request).toBe(server.requests[0]!.raw);
    expect(h.raw?.request).not.toContain('Sec-WebSocket-Extensions');
    expect(h.findings.map((f) => f.rule)).toContain('header-duplicate');
    expect(h.key).toBe(server.requests[0]!.key);
  });

  it('a failure: status 0, no-response, the message in errors, one line on stderr', async () => {
    const server = await serve({ greet: 'SSH-2.0-OpenSSH_9.2\r\n' });
    const { code, stdout, stderr } = await runProbeCaptured(['--json', server.url()]);
    expect(code).toBe(1);
    const doc = JSON.parse(stdout) as JsonDocument;
    const h = doc.handshakes[0]!;
    expect(h.status).toBe(0);
    expect(h.findings.map((f) => f.rule)).toContain('no-response');
    expect(h.raw).toEqual({ request: server.requests[0]?.raw ?? h.raw?.request, response: 'SSH-2.0-OpenSSH_9.2\r\n' });
    expect(doc.errors).toEqual([{ source: server.url(), message: expect.stringMatching(/SSH banner/) }]);
    expect(stderr).toMatch(/^ws-handshake: probe: the answer is not HTTP but an SSH banner/);
  });
});

async function runProbeCaptured(args: string[], env: Record<string, string> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runProbe(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false, env });
  return { code, stdout, stderr };
}

describe('the compiled ws-handshake probe', () => {
  let certs: Certificates;
  beforeAll(() => {
    buildCli();
    certs = makeCertificates();
  }, 180_000);
  afterAll(() => certs?.cleanup());

  const cleanEnv = { HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', NO_PROXY: '', no_proxy: '' };

  it('TLS with --ca passes; without it fails with a certificate error; --insecure passes', async () => {
    const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.local });
    const url = `wss://localhost:${server.port}/`;
    const trusted = await run(['probe', '--ca', certs.local.certPath, url], { env: cleanEnv });
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/\* TLS TLSv1\.[23] /);
    expect(trusted.stdout).toMatch(/^PASS /m);

    const untrusted = await run(['probe', url], { env: cleanEnv });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain('! TLS: the server\'s certificate is self-signed [DEPTH_ZERO_SELF_SIGNED_CERT]; trust it with --ca FILE, or skip the check with --insecure');

    const insecure = await run(['probe', '--insecure', url], { env: cleanEnv });
    expect(insecure.code).toBe(0);
    expect(insecure.stdout).toContain('certificate NOT verified (--insecure): DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('goes through HTTPS_PROXY from the environment, and NO_PROXY skips it', async () => {
    const proxy = await startProxy();
    try {
      const server = await serve({ respond: (r) => switching(r.key) }, { tls: certs.local });
      const url = `wss://localhost:${server.port}/`;
      const viaProxy = await run(['probe', '--json', '--ca', certs.local.certPath, url], { env: { ...cleanEnv, HTTPS_PROXY: proxy.url } });
      expect(viaProxy.code).toBe(0);
      expect(proxy.connects).toHaveLength(1);
      const direct = await run(['probe', '--ca', certs.local.certPath, url], { env: { ...cleanEnv, HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost' } });
      expect(direct.code).toBe(0);
      expect(proxy.connects).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('usage errors exit 2 without a stack trace', async () => {
    const result = await run(['probe', '--timeout'], { env: cleanEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ws-handshake: probe: --timeout needs a value\n');
  });

  it('a --ca file without a certificate is a usage error', async () => {
    const path = join(certs.dir, 'not-a-cert.pem');
    writeFileSync(path, 'hello');
    const result = await run(['probe', '--ca', path, 'wss://localhost:1/'], { env: cleanEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds no PEM certificate/);
  });
});
