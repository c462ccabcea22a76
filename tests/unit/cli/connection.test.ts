// After the 101 from the command line: `lint` on real Chrome captures prints the connection's story and
// findings (and the `connection` JSON field), `probe --stay` against the demo servers that reproduce each
// pattern for real sees the frames and close codes a browser hides. The handshake verdict and the exit
// status stay the handshake's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { main } from '../../../src/cli/main.js';
import type { JsonDocument } from '../../../src/core/export/json.js';
import { AFTER_101_NAMES, DEMO_BIG_MESSAGE_BYTES, DEMO_IDLE_TIMEOUT_MS, SCENARIOS, startDemoServers, type DemoServers, type ScenarioName } from '../../../src/demo/servers.js';
import { ROOT, buildCli, run } from './cli.js';
import { closeFramePayload, serverFrame, startServer, switching } from '../sources/probe/servers.js';
import { createDeflateRaw, constants as zlib } from 'node:zlib';

const FIXTURES = join(ROOT, 'tests/fixtures/connection');
const fixture = (name: string): string => join(FIXTURES, 'chromium-156', `${name}.har`);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('lint on Chrome HARs: the connection story', () => {
  beforeAll(() => buildCli(), 180_000);

  it('an idle cut: the timeline and the finding, the handshake still PASS, exit 0', async () => {
    const r = await run(['lint', fixture('idle-destroy')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}ws:\/\/127\.0\.0\.1:45943\/ws\/idle-destroy/m);
    expect(r.stdout).toContain('connection  WARN  Open 3.0 s, 1 message received, 0 sent; ended after 3.0 s of silence');
    expect(r.stdout).toContain('← received text 5 bytes "hello"');
    expect(r.stdout).toContain('warn  ended-after-silence');
    expect(r.stdout).toContain('1 handshake: 1 pass, 0 warn, 0 fail');
  });

  it('--idle-timeout names the configured timeout and prints the proxy\'s snippet as it is', async () => {
    const r = await run(['lint', '--idle-timeout', 'nginx=3', fixture('idle-fin')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warn  idle-timeout');
    expect(r.stdout).toContain('matching the idle timeout configured on nginx (3 s)');
    expect(r.stdout).toContain('            proxy_read_timeout 3600s;');
  });

  it('an unknown --idle-timeout component is a usage error', async () => {
    const r = await run(['lint', '--idle-timeout', 'squid=3', fixture('idle-fin')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown component "squid"/);
  });

  it.each([
    ['rsv1-no-ext', 'fail  frame-reserved-bits', 'reserved1 = 1'],
    ['sio-eio3-rejected', 'fail  http-after-101', 'allowEIO3: true'],
    ['masked', 'fail  frame-masked', 'A server must not mask any frames'],
    ['bad-utf8', 'fail  text-invalid-utf8', 'Could not decode a text frame as UTF-8.'],
    ['close-1008', 'warn  ended-at-once', 'the page\'s close event tells which it was'],
    ['sio-eio4-no-pong', 'warn  socketio-ping-timeout', 'pingTimeout (1000 ms, from its open packet)'],
    ['no-close-echo-long', 'warn  idle-timeout', "Chromium's own 60 s wait"],
  ])('%s → %s', async (name, finding, quote) => {
    const r = await run(['lint', fixture(name)]);
    expect(r.code, 'the handshake verdict sets the exit status').toBe(0);
    expect(r.stdout).toContain(finding);
    expect(r.stdout).toContain(quote);
  });

  it('a healthy socket is one line', async () => {
    const r = await run(['lint', fixture('normal')]);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  connection'));
    expect(lines).toEqual(["  connection  PASS  Open 206 ms, 2 messages received, 0 sent; ended: who closed and the code are not recorded (Chromium's HAR keeps no close frames; the page's close event has them)."]);
    expect(r.stdout).not.toContain('←');
  });

  it('Firefox: says that nothing after the 101 is recorded', async () => {
    const r = await run(['lint', join(FIXTURES, 'firefox-153.har')]);
    expect(r.stdout).toContain("connection  ----  Firefox's HAR keeps no WebSocket messages and no end");
  });

  it('--json: `connection` with its own verdict beside the handshake\'s, no message data', async () => {
    const r = await run(['lint', '--json', fixture('rsv1-no-ext'), fixture('echo'), join(FIXTURES, 'firefox-153.har')]);
    const doc = JSON.parse(r.stdout) as JsonDocument;
    const [rsv1, echo, firefox] = doc.handshakes;
    expect(rsv1!.verdict).toBe('pass');
    expect(rsv1!.connection).toMatchObject({ seen: 'messages', state: 'ended', verdict: 'fail', closedBy: 'client', code: 1002, diedEarly: true });
    expect(rsv1!.connection!.findings.map((f) => f.rule)).toEqual(['frame-reserved-bits']);
    expect(echo!.connection).toMatchObject({ verdict: 'pass', received: { count: 3, bytes: 18, largest: 12 }, sent: { count: 3, bytes: 18, largest: 12 } });
    expect(r.stdout).not.toContain('hi from page');
    expect(firefox!.connection).toMatchObject({ seen: 'nothing', state: 'unknown', verdict: 'pass' });
  });
});

describe('probe --stay against the demo servers (each pattern for real)', () => {
  let servers: DemoServers;
  beforeAll(async () => {
    servers = await startDemoServers({ http2: false });
  });
  afterAll(async () => {
    await servers?.close();
  });

  const probeScenarios = SCENARIOS.filter((s) => s.probeConnectionRules.length > 0 && s.name !== 'idle-cut' && s.name !== 'message-too-big');

  it.each(probeScenarios.map((s) => [s.name, s.probeConnectionRules] as const))('%s → %s', async (name, rules) => {
    const r = await cli(['probe', '--json', '--no-deflate', '--stay-ms', '4000', servers.urlOf(name)]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as JsonDocument;
    const h = doc.handshakes[0]!;
    expect(h.verdict).toBe('pass');
    expect(h.connection?.seen).toBe('frames');
    expect(h.connection?.findings.map((f) => f.rule)).toEqual(rules);
  }, 20_000);

  it('policy-close: the code, its meaning and the reason, quoted', async () => {
    const r = await cli(['probe', '--stay-ms', '4000', servers.urlOf('policy-close')]);
    expect(r.stdout).toContain('< frame close 1008 "origin not allowed"');
    expect(r.stdout).toContain('connection  WARN');
    expect(r.stdout).toContain('the server closed with 1008 (policy violation) "origin not allowed"');
    expect(r.stdout).toContain('warn  close-policy');
  }, 20_000);

  it('socketio-v2-client: the probe reads the HTTP 400 and engine.io\'s body after the 101', async () => {
    const r = await cli(['probe', '--stay-ms', '4000', servers.urlOf('socketio-v2-client')]);
    expect(r.stdout).toContain('fail  http-after-101');
    expect(r.stdout).toContain('HTTP/1.1 400 Bad Request');
    expect(r.stdout).toContain('{"code":5,"message":"Unsupported protocol version"}');
    expect(r.stdout).toContain('allowEIO3: true');
  }, 20_000);

  it('without --stay the probe still judges what came before its own close', async () => {
    const r = await cli(['probe', '--json', servers.urlOf('socketio-v2-client')]);
    const h = (JSON.parse(r.stdout) as JsonDocument).handshakes[0]!;
    expect(h.connection?.findings.map((f) => f.rule)).toEqual(['http-after-101']);
    const quiet = await cli(['probe', servers.urlOf('good-closes')]);
    expect(quiet.stdout).not.toContain('  connection  ');
  }, 20_000);

  it('message-too-big: --send a message over the server\'s limit, 1009 with the sizes', async () => {
    const text = 'x'.repeat(DEMO_BIG_MESSAGE_BYTES);
    const r = await cli(['probe', '--no-deflate', '--stay-ms', '4000', '--send', text, servers.urlOf('message-too-big')]);
    expect(r.stdout).toContain(`> frame text (${DEMO_BIG_MESSAGE_BYTES} bytes)`);
    expect(r.stdout).toContain('warn  message-too-big');
    expect(r.stdout).toContain('The largest message sent was 102,400 bytes (100 KiB)');
  }, 20_000);

  it(`idle-cut: dropped without a close frame after ${DEMO_IDLE_TIMEOUT_MS} ms of silence; --idle-timeout names it`, async () => {
    const seconds = String(DEMO_IDLE_TIMEOUT_MS / 1000);
    const [plain, configured] = await Promise.all([
      cli(['probe', '--json', '--stay-ms', '20000', servers.urlOf('idle-cut')]),
      cli(['probe', '--json', '--stay-ms', '20000', '--idle-timeout', `haproxy=${seconds}`, servers.urlOf('idle-cut')]),
    ]);
    const a = (JSON.parse(plain.stdout) as JsonDocument).handshakes[0]!.connection!;
    expect(a).toMatchObject({ closedBy: 'nobody', code: null, state: 'ended' });
    expect(a.findings.map((f) => f.rule)).toEqual(['ended-after-silence']);
    // Relative, not absolute: the silence is the server's timeout, give or take the machine's load.
    expect(a.openForMs! / DEMO_IDLE_TIMEOUT_MS).toBeGreaterThan(0.95);
    expect(a.openForMs! / DEMO_IDLE_TIMEOUT_MS).toBeLessThan(1.5);
    const b = (JSON.parse(configured.stdout) as JsonDocument).handshakes[0]!.connection!;
    expect(b.findings.map((f) => f.rule)).toEqual(['idle-timeout']);
    expect(b.findings[0]!.fix).toContain('timeout tunnel');
  }, 30_000);

  it('--send without --stay is a usage error', async () => {
    const r = await cli(['probe', '--send', 'hi', servers.urlOf('good')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--send needs --stay');
  });

  it('the demo table names a probe expectation for every after-101 scenario', () => {
    const after: readonly ScenarioName[] = AFTER_101_NAMES;
    for (const name of after) expect(SCENARIOS.find((s) => s.name === name)?.probeConnectionRules.length, name).toBeGreaterThan(0);
    expect(readFileSync(fixture('idle-destroy'), 'utf8')).toContain('_webSocketMessages');
  });
});

describe('probe --stay against scripted servers: pings, compressed messages, codes', () => {
  it('counts the server\'s pings, reads a message, and names a 4001 close with its reason', async () => {
    const afterHead = Buffer.concat([serverFrame(9, 'are you there?'), serverFrame(1, '{"type":"hello"}'), serverFrame(8, closeFramePayload(4001, 'unauthorized'))]);
    const server = await startServer({ respond: (r) => switching(r.key) }, { afterHead });
    try {
      const r = await cli(['probe', '--json', '--stay-ms', '4000', server.url()]);
      const c = (JSON.parse(r.stdout) as JsonDocument).handshakes[0]!.connection!;
      expect(c).toMatchObject({ closedBy: 'server', code: 4001, reason: 'unauthorized', received: { count: 1, bytes: 16, largest: 16 } });
      expect(c.codeMeaning).toContain('application');
      expect(c.summary).toContain('1 ping from the server answered');
      expect(c.findings.map((f) => f.rule)).toEqual(['close-policy']);
      // The probe answered the ping with a pong carrying the same payload, as browsers do.
      expect(server.frames.some((f) => f.opcode === 10 && f.payload.toString() === 'are you there?')).toBe(true);
    } finally {
      await server.close();
    }
  }, 20_000);

  /** Messages from one raw DEFLATE stream, each flushed and stripped of 00 00 FF FF (RFC 7692 §7.2.1): the later ones need the earlier as their window. */
  async function deflateStream(texts: readonly string[]): Promise<Buffer[]> {
    const deflate = createDeflateRaw();
    const chunks: Buffer[] = [];
    deflate.on('data', (c: Buffer) => chunks.push(c));
    const out: Buffer[] = [];
    for (const text of texts) {
      await new Promise<void>((resolve) => {
        deflate.write(text);
        deflate.flush(zlib.Z_SYNC_FLUSH, () => resolve());
      });
      const message = Buffer.concat(chunks.splice(0));
      out.push(message.subarray(0, message.length - 4));
    }
    deflate.close();
    return out;
  }
  const compressedFrame = (payload: Buffer): Buffer => Buffer.concat([Buffer.from([0xc1, payload.length]), payload]); // FIN + RSV1 + text

  it.each([
    ['context takeover (the default)', 'permessage-deflate', ['hello world, hello world', 'hello world again, hello world']],
    ['server_no_context_takeover', 'permessage-deflate; server_no_context_takeover', null],
  ] as const)('inflates permessage-deflate messages: %s', async (_name, extension, stream) => {
    const texts = ['hello world, hello world', 'hello world again, hello world'];
    const payloads = stream ? await deflateStream(stream) : await Promise.all(texts.map(async (t) => (await deflateStream([t]))[0]!));
    const afterHead = Buffer.concat([...payloads.map(compressedFrame), serverFrame(8, closeFramePayload(1000))]);
    const server = await startServer({ respond: (r) => switching(r.key, [`Sec-WebSocket-Extensions: ${extension}`]) }, { afterHead });
    try {
      const r = await cli(['probe', '--json', '--stay-ms', '4000', server.url()]);
      const c = (JSON.parse(r.stdout) as JsonDocument).handshakes[0]!.connection!;
      expect(c.received).toEqual({ count: 2, bytes: texts[0]!.length + texts[1]!.length, largest: texts[1]!.length });
      expect(c.findings).toEqual([]);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('compressed data that does not inflate fails the connection: deflate-data-invalid', async () => {
    const afterHead = compressedFrame(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    const server = await startServer({ respond: (r) => switching(r.key, ['Sec-WebSocket-Extensions: permessage-deflate']) }, { afterHead });
    try {
      const r = await cli(['probe', '--json', '--stay-ms', '4000', server.url()]);
      const c = (JSON.parse(r.stdout) as JsonDocument).handshakes[0]!.connection!;
      expect(c.findings.map((f) => f.rule)).toEqual(['deflate-data-invalid']);
      expect(c).toMatchObject({ closedBy: 'client', code: 1002 });
    } finally {
      await server.close();
    }
  }, 20_000);
});
