// The connection patterns after the 101, one table per rule: positive and negative cases built as
// the sources build them (a Chromium HAR's messages: no close frames; the probe's frames: codes known).
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../../src/core/analyze.js';
import type { CapturedBy, Connection, ConnectionEnd, ConnectionMessage, ConnectionReport } from '../../../../src/core/model.js';
import type { ConfiguredTimeout } from '../../../../src/core/connection/idle-timeouts.js';
import { handshake, VALID_REQUEST, VALID_RESPONSE, type HeaderPairs } from '../build.js';

const tally = (count: number, bytes = count * 10, largest = count ? 10 : 0) => ({ count, bytes, largest });
const msg = (direction: 'sent' | 'received', atMs: number, preview = 'x', bytes = preview.length): ConnectionMessage => ({ direction, atMs, kind: 'text', bytes, preview });

/** Chromium's view: messages, and an end with no close frame recorded. */
function chromium(over: Partial<Connection> & { endAt?: number | null } = {}): Connection {
  const { endAt = 100, ...rest } = over;
  const first = rest.first ?? [];
  const last = rest.last ?? [];
  const all = [...first, ...last];
  const lastAt = (d: 'sent' | 'received') => all.filter((m) => m.direction === d).reduce<number | null>((t, m) => Math.max(t ?? 0, m.atMs ?? 0), null);
  const ended: ConnectionEnd | null = endAt === null ? null : { atMs: endAt, closedBy: 'unknown', code: null, reason: null, answered: null };
  return {
    seen: 'messages',
    openedAtMs: all.length ? null : 1,
    sent: tally(all.filter((m) => m.direction === 'sent').length),
    received: tally(all.filter((m) => m.direction === 'received').length),
    first,
    last,
    lastSentAtMs: lastAt('sent'),
    lastReceivedAtMs: lastAt('received'),
    errors: [],
    ended,
    recordsEnd: true,
    ...rest,
  };
}

/** The probe's view: every frame, close codes known. */
function probe(end: Partial<ConnectionEnd> & { atMs: number }, over: Partial<Connection> = {}): Connection {
  return {
    ...chromium({ endAt: null, ...over }),
    seen: 'frames',
    openedAtMs: over.openedAtMs ?? 20,
    ended: { closedBy: 'server', code: null, reason: null, answered: true, ...end },
  };
}

interface Case {
  readonly name: string;
  readonly connection: Connection;
  readonly rules: readonly string[];
  readonly mentions?: readonly string[];
  readonly url?: string;
  readonly response?: HeaderPairs;
  /** The request offered permessage-deflate (needed for a 101 that accepts it). */
  readonly offersDeflate?: boolean;
  readonly capturedBy?: CapturedBy;
  readonly idleTimeouts?: readonly ConfiguredTimeout[];
}

async function connectionOf(c: Case): Promise<ConnectionReport> {
  const request = c.offersDeflate ? [...VALID_REQUEST, ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'] as const] : VALID_REQUEST;
  const h = { ...handshake({ url: c.url ?? 'wss://example.com/socket', request, response: { status: 101, headers: c.response ?? VALID_RESPONSE } }), capturedBy: c.capturedBy ?? (c.connection.seen === 'frames' ? 'probe' : 'chromium'), connection: c.connection };
  const report = await analyzeOne(h, { idleTimeouts: c.idleTimeouts ?? [] });
  expect(report.verdict, 'the handshake verdict stays the handshake\'s').toBe('pass');
  expect(report.connection).toBeTruthy();
  return report.connection!;
}

function table(title: string, cases: readonly Case[], only: readonly string[]): void {
  describe(title, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const report = await connectionOf(c);
      const rules = report.findings.map((f) => f.rule).filter((r) => only.includes(r));
      expect(rules.sort()).toEqual([...c.rules].sort());
      const text = report.findings.map((f) => `${f.message} ${f.fix}`).join('\n');
      for (const m of c.mentions ?? []) expect(text).toContain(m);
    });
  });
}

const error = (text: string, atMs = 5): Connection['errors'][number] => ({ atMs, text });

table('frame errors (Chromium\'s words)', [
  { name: 'RSV1 without permessage-deflate', connection: chromium({ first: [msg('received', 4, 'ok first')], errors: [error('One or more reserved bits are on: reserved1 = 1, reserved2 = 0, reserved3 = 0')] }), rules: ['frame-reserved-bits'], mentions: ['negotiated no permessage-deflate', 'reserved1 = 1'] },
  { name: 'RSV1 with deflate negotiated says where RSV1 is legal', connection: chromium({ errors: [error('One or more reserved bits are on: reserved1 = 1, reserved2 = 0, reserved3 = 0')] }), response: [...VALID_RESPONSE, ['Sec-WebSocket-Extensions', 'permessage-deflate']], offersDeflate: true, rules: ['frame-reserved-bits'], mentions: ['first frame of a compressed message'] },
  { name: 'RSV2', connection: chromium({ errors: [error('One or more reserved bits are on: reserved1 = 0, reserved2 = 1, reserved3 = 0')] }), rules: ['frame-reserved-bits'], mentions: ['RSV2 and RSV3'] },
  { name: 'masked server frame', connection: chromium({ errors: [error('A server must not mask any frames that it sends to the client.')] }), rules: ['frame-masked'] },
  { name: 'invalid UTF-8', connection: chromium({ errors: [error('Could not decode a text frame as UTF-8.')] }), rules: ['text-invalid-utf8'] },
  { name: 'reserved opcode', connection: chromium({ errors: [error('Unrecognized frame opcode: 3')] }), rules: ['frame-opcode-unknown'], mentions: ['opcode: 3'] },
  { name: 'continuation without start', connection: chromium({ errors: [error('Received unexpected continuation frame.')] }), rules: ['frame-fragmentation'] },
  { name: 'new message while unfinished', connection: chromium({ errors: [error('Received start of new message but previous message is unfinished.')] }), rules: ['frame-fragmentation'] },
  { name: 'data after close', connection: chromium({ errors: [error('Data frame received after close')] }), rules: ['frame-after-close'] },
  { name: 'broken close frame', connection: chromium({ errors: [error('Received a broken close frame containing a reserved status code.')] }), rules: ['close-frame-invalid'] },
  { name: 'Invalid frame header at once: HTTP text is named first', connection: chromium({ errors: [error('Invalid frame header', 3)] }), rules: ['frame-header-invalid'], mentions: ['HTTP text'] },
  { name: 'Invalid frame header on a socket.io EIO=3 URL: a v2 client', url: 'wss://example.com/socket.io/?EIO=3&transport=websocket', connection: chromium({ errors: [error('Invalid frame header', 3)] }), rules: ['http-after-101'], mentions: ['EIO=3', 'allowEIO3: true'] },
  { name: 'Invalid frame header on EIO=4 is not the v2 story', url: 'wss://example.com/socket.io/?EIO=4&transport=websocket', connection: chromium({ errors: [error('Invalid frame header', 3)] }), rules: ['frame-header-invalid'] },
  { name: 'Invalid frame header late, after messages: the causes are listed', connection: chromium({ first: [msg('received', 4, 'a')], errors: [error('Invalid frame header', 5000)] }), rules: ['frame-header-invalid'], mentions: ['ping or close over 125 bytes'] },
  { name: 'an unknown error text', connection: chromium({ errors: [error('Something Chromium may say one day')] }), rules: ['connection-error'], mentions: ['Something Chromium may say one day'] },
  { name: 'no error: no frame finding', connection: chromium({ first: [msg('received', 4)], endAt: 50 }), rules: [] },
], ['frame-reserved-bits', 'frame-masked', 'text-invalid-utf8', 'frame-opcode-unknown', 'frame-fragmentation', 'frame-after-close', 'close-frame-invalid', 'frame-header-invalid', 'http-after-101', 'connection-error']);

table('frame errors the probe found itself', [
  { name: 'HTTP text after the 101, engine.io\'s body', connection: probe({ atMs: 30, closedBy: 'client', code: 1002 }, { errors: [{ atMs: 22, text: 'the server wrote HTTP text after its 101: `HTTP/1.1 400 Bad Request`', kind: 'http-after-101', detail: 'body: {"code":5,"message":"Unsupported protocol version"}' }] }), rules: ['http-after-101'], mentions: ['engine.io', 'HTTP/1.1 400 Bad Request'] },
  { name: 'HTTP text after the 101, another server', connection: probe({ atMs: 30, closedBy: 'client', code: 1002 }, { errors: [{ atMs: 22, text: 'the server wrote HTTP text after its 101: `HTTP/1.1 403 Forbidden`', kind: 'http-after-101' }] }), rules: ['http-after-101'], mentions: ['403 Forbidden'] },
  { name: 'a frame header of 2^31 bytes', connection: probe({ atMs: 30, closedBy: 'client', code: 1002 }, { errors: [{ atMs: 22, text: 'a frame header announcing 2147483648 bytes', kind: 'too-large' }] }), rules: ['frame-too-large'], mentions: ['2147483648'] },
  { name: 'deflate data that does not inflate', connection: probe({ atMs: 30, closedBy: 'client', code: 1002 }, { errors: [{ atMs: 22, text: 'a compressed text message of 9 bytes that does not inflate', kind: 'deflate-data' }] }), response: [...VALID_RESPONSE, ['Sec-WebSocket-Extensions', 'permessage-deflate']], offersDeflate: true, rules: ['deflate-data-invalid'] },
  { name: 'a ping of 126 bytes', connection: probe({ atMs: 30, closedBy: 'client', code: 1002 }, { errors: [{ atMs: 22, text: 'a ping frame of 126 bytes', kind: 'control-frame' }] }), rules: ['frame-control-invalid'] },
], ['http-after-101', 'frame-too-large', 'deflate-data-invalid', 'frame-control-invalid']);

table('close codes (only the probe sees them)', [
  { name: '1008 with its reason quoted', connection: probe({ atMs: 25, code: 1008, reason: 'origin not allowed' }), rules: ['close-policy'], mentions: ['"origin not allowed"', 'policy violation'] },
  { name: '4001 is the application\'s', connection: probe({ atMs: 500, code: 4001, reason: 'unauthorized' }), rules: ['close-policy'], mentions: ['"unauthorized"', 'application'] },
  { name: '4999 too', connection: probe({ atMs: 500, code: 4999, reason: '' }), rules: ['close-policy'], mentions: ['no reason given'] },
  { name: '1009 with the sizes', connection: probe({ atMs: 90, code: 1009, reason: 'too big' }, { sent: { count: 1, bytes: 102400, largest: 102400 }, first: [msg('sent', 30, 'x', 102400)] }), rules: ['message-too-big'], mentions: ['102,400 bytes (100 KiB)'] },
  { name: '1011', connection: probe({ atMs: 90, code: 1011, reason: 'internal error' }), rules: ['close-server-error'] },
  { name: '1014 bad gateway', connection: probe({ atMs: 90, code: 1014 }), rules: ['close-server-error'] },
  { name: '1003 unsupported data', connection: probe({ atMs: 90, code: 1003 }), rules: ['close-protocol-error'] },
  { name: '1000 is a normal close', connection: probe({ atMs: 90000, code: 1000, reason: 'bye' }), rules: [] },
  { name: '1001 going away', connection: probe({ atMs: 90000, code: 1001 }), rules: [] },
  { name: '3000–3999 are a library\'s: no pattern', connection: probe({ atMs: 9000, code: 3008 }), rules: [] },
  { name: 'the client\'s own 4000 is not the server\'s policy', connection: probe({ atMs: 9000, closedBy: 'client', code: 4000, reason: 'app' }), rules: [] },
  { name: 'Chromium\'s HAR: no code, no close-code finding', connection: chromium({ endAt: 9000 }), rules: [] },
], ['close-policy', 'message-too-big', 'close-server-error', 'close-protocol-error']);

table('1009 from Chromium\'s HAR: an end right after a big send', [
  { name: 'a 2 MiB send, then the end', connection: chromium({ first: [msg('sent', 37, 'xxxx', 2 * 1024 * 1024)], endAt: 84 }), rules: ['message-too-big'], mentions: ['2,097,152 bytes (2.0 MiB)', 'event.code'] },
  { name: 'a small send, then the end', connection: chromium({ first: [msg('sent', 37, 'hi')], endAt: 84 }), rules: [] },
  { name: 'a big send answered by the server', connection: chromium({ first: [msg('sent', 37, 'x', 200_000), msg('received', 60, 'got it')], endAt: 84 }), rules: [] },
  { name: 'a big send long before the end', connection: chromium({ first: [msg('sent', 37, 'x', 200_000)], endAt: 60_000 }), rules: [] },
  { name: 'a big send on a socket still open', connection: chromium({ first: [msg('sent', 37, 'x', 200_000)], endAt: null }), rules: [] },
], ['message-too-big']);

table('ends after silence: idle timeouts', [
  { name: 'nginx (Server header) cut at its default 60 s', response: [...VALID_RESPONSE, ['Server', 'nginx/1.22.1']], connection: chromium({ first: [msg('received', 10)], endAt: 60_110 }), rules: ['idle-timeout'], mentions: ["nginx's default idle timeout of 60 s", 'Server: nginx/1.22.1', 'proxy_read_timeout 3600s'] },
  { name: 'Cloudflare (CF-RAY) at 100 s', response: [...VALID_RESPONSE, ['Server', 'cloudflare'], ['CF-RAY', '8a1b2c3d4e5f-AMS']], connection: chromium({ first: [msg('received', 10)], endAt: 100_400 }), rules: ['idle-timeout'], mentions: ['Cloudflare', '100 s'] },
  { name: 'AWS ALB at 60 s', response: [...VALID_RESPONSE, ['Server', 'awselb/2.0']], connection: chromium({ first: [msg('received', 10)], endAt: 60_050 }), rules: ['idle-timeout'], mentions: ['AWS Application Load Balancer', 'idle_timeout.timeout_seconds'] },
  { name: 'Heroku (Via: vegur) at 55 s', response: [...VALID_RESPONSE, ['Via', '1.1 vegur']], connection: chromium({ first: [msg('received', 10)], endAt: 55_300 }), rules: ['idle-timeout'], mentions: ['Heroku'] },
  { name: 'no header, 60 s: every component with that default is named', connection: chromium({ first: [msg('received', 10)], endAt: 60_100 }), rules: ['idle-timeout'], mentions: ['nginx', 'AWS Application Load Balancer', "Chromium's own 60 s"] },
  { name: 'a configured short timeout (relative detection)', idleTimeouts: [{ seconds: 2 }], connection: chromium({ first: [msg('received', 10)], endAt: 2_060 }), rules: ['idle-timeout'], mentions: ['configured on the path (2 s)'] },
  { name: 'a configured timeout naming its component', idleTimeouts: [{ seconds: 4, component: 'haproxy' }], connection: chromium({ first: [msg('received', 10)], endAt: 4_010 }), rules: ['idle-timeout'], mentions: ['HAProxy', 'timeout tunnel'] },
  { name: 'the probe: no close frame at nginx\'s 60 s', response: [...VALID_RESPONSE, ['Server', 'nginx']], connection: probe({ atMs: 60_130, closedBy: 'nobody' }, { lastReceivedAtMs: 25 }), rules: ['idle-timeout'] },
  { name: 'nginx named, silence not its default: the setting and snippet still', response: [...VALID_RESPONSE, ['Server', 'nginx/1.22.1']], connection: chromium({ first: [msg('received', 10)], endAt: 4_100 }), rules: ['ended-after-silence'], mentions: ['proxy_read_timeout', 'about 4.1 s'] },
  { name: 'silence matching nothing known', connection: chromium({ first: [msg('received', 10)], endAt: 37_000 }), rules: ['ended-after-silence'] },
  { name: 'a short silence is no idle cut', connection: chromium({ first: [msg('received', 10)], endAt: 1_500 }), rules: [] },
  { name: 'Chromium\'s 2 s wait after a server close that kept TCP open is no idle cut', connection: chromium({ endAt: 2_002 }), rules: [] },
  { name: 'a configured timeout far from the silence', idleTimeouts: [{ seconds: 300 }], connection: chromium({ first: [msg('received', 10)], endAt: 2_000 }), rules: [] },
  { name: 'the server sent a close frame (probe): not a cut', response: [...VALID_RESPONSE, ['Server', 'nginx']], connection: probe({ atMs: 60_100, code: 1000 }, { lastReceivedAtMs: 25 }), rules: [] },
  { name: 'the client closed: not a cut', connection: probe({ atMs: 60_100, closedBy: 'client', code: 1000 }, { lastReceivedAtMs: 25 }), rules: [] },
  { name: 'still open after a long silence: nothing', connection: chromium({ first: [msg('received', 10)], endAt: null }), rules: [] },
  { name: 'an error explains the end instead', connection: chromium({ first: [msg('received', 10)], endAt: 60_000, errors: [error('Could not decode a text frame as UTF-8.', 59_990)] }), rules: [] },
  { name: 'a GCP load balancer caps the lifetime at 30 s, busy or not', response: [...VALID_RESPONSE, ['Via', '1.1 google']], connection: chromium({ first: [msg('received', 10)], last: [msg('received', 29_800)], endAt: 30_200 }), rules: ['idle-timeout'], mentions: ['lifetime', 'timeoutSec'] },
], ['idle-timeout', 'ended-after-silence']);

table('ended at once', [
  { name: 'Chromium: no message, ended 2 ms after the 101 (code unknown)', connection: chromium({ endAt: 3 }), rules: ['ended-at-once'], mentions: ['1006', '1008 or 4000–4999'] },
  { name: 'Chromium: one message then the end is too common a clean close to flag', connection: chromium({ first: [msg('received', 5, 'last words')], endAt: 8 }), rules: [] },
  { name: 'the probe: one message then dropped', connection: probe({ atMs: 30, closedBy: 'nobody' }, { first: [msg('received', 25, 'last words')], received: tally(1) }), rules: ['ended-at-once'], mentions: ['after one message'] },
  { name: 'the probe: dropped without a close frame', connection: probe({ atMs: 22, closedBy: 'nobody' }), rules: ['ended-at-once'], mentions: ['without a close frame'] },
  { name: 'the probe: a clean 1000 at once is the server\'s choice', connection: probe({ atMs: 22, code: 1000 }), rules: [] },
  { name: 'a short exchange is not "at once"', connection: chromium({ first: [msg('sent', 3), msg('received', 4), msg('received', 5)], endAt: 200 }), rules: [] },
  { name: 'after two seconds is not at once', connection: chromium({ endAt: 2_000 }), rules: [] },
  { name: 'a frame error explains it instead', connection: chromium({ endAt: 3, errors: [error('A server must not mask any frames that it sends to the client.', 2)] }), rules: [] },
], ['ended-at-once']);

const OPEN_PACKET = '0{"sid":"VTfMuMDzCh4L5wHgAAAA","upgrades":[],"pingInterval":2000,"pingTimeout":1000,"maxPayload":1000000}';
table('Engine.IO heartbeat', [
  { name: 'v4: the server\'s "2" unanswered, end after pingTimeout', url: 'wss://example.com/socket.io/?EIO=4&transport=websocket', connection: chromium({ first: [msg('received', 9, OPEN_PACKET), msg('received', 2027, '2')], endAt: 3023 }), rules: ['socketio-ping-timeout'], mentions: ['1000 ms, from its open packet'] },
  { name: 'v4 with the defaults (no open packet seen)', url: 'wss://example.com/socket.io/?EIO=4&transport=websocket', connection: chromium({ first: [msg('received', 25_000, '2')], endAt: 45_010 }), rules: ['socketio-ping-timeout'], mentions: ['20000 ms, the default'] },
  { name: 'v4 answered with "3": no timeout', url: 'wss://example.com/socket.io/?EIO=4&transport=websocket', connection: chromium({ first: [msg('received', 9, OPEN_PACKET), msg('received', 2027, '2'), msg('sent', 2028, '3')], endAt: 3023 }), rules: [] },
  { name: 'v3: the client never pinged', url: 'wss://example.com/socket.io/?EIO=3&transport=websocket', connection: chromium({ first: [msg('received', 9, OPEN_PACKET), msg('received', 12, '40')], endAt: 3026 }), rules: ['socketio-ping-timeout'] },
  { name: 'not a socket.io URL', url: 'wss://example.com/chat', connection: chromium({ first: [msg('received', 9, OPEN_PACKET), msg('received', 2027, '2')], endAt: 3023 }), rules: [] },
], ['socketio-ping-timeout']);

describe('the connection report', () => {
  it('never changes the handshake verdict, and has its own', async () => {
    const h = { ...handshake(), capturedBy: 'chromium' as const, connection: chromium({ errors: [error('A server must not mask any frames that it sends to the client.')] }) };
    const report = await analyzeOne(h);
    expect(report.verdict).toBe('pass');
    expect(report.findings).toEqual([]);
    expect(report.connection?.verdict).toBe('fail');
    expect(report.connection?.diedEarly).toBe(true);
  });

  it('is absent for a refused handshake, even with a connection record', async () => {
    const h = { ...handshake({ response: { status: 403 } }), connection: chromium({ endAt: 3 }) };
    expect((await analyzeOne(h)).connection).toBeUndefined();
  });

  it('says so when Firefox recorded nothing', async () => {
    const nothing: Connection = { ...chromium({ endAt: null }), seen: 'nothing', recordsEnd: false };
    const report = await analyzeOne({ ...handshake(), capturedBy: 'firefox', connection: nothing });
    expect(report.connection?.state).toBe('unknown');
    expect(report.connection?.summary).toContain("Firefox's HAR keeps no WebSocket messages");
    expect(report.connection?.findings).toEqual([]);
  });

  it('tells how it ended: who closed, the code and its meaning, the times each way', async () => {
    const c = probe({ atMs: 5_020, code: 4001, reason: 'unauthorized' }, { first: [msg('received', 40, '{"type":"hello"}'), msg('sent', 60, 'token')], lastReceivedAtMs: 40, lastSentAtMs: 60 });
    const report = (await analyzeOne({ ...handshake(), capturedBy: 'probe', connection: c })).connection!;
    expect(report).toMatchObject({ state: 'ended', closedBy: 'server', code: 4001, reason: 'unauthorized', openedAtMs: 20, endedAtMs: 5020, openForMs: 5000, sinceLastReceivedMs: 4980, sinceLastSentMs: 4960 });
    expect(report.codeMeaning).toContain('application');
    expect(report.timeline.map((e) => e.kind)).toEqual(['open', 'received', 'sent', 'end']);
    expect(report.summary).toContain('4001 (application');
  });

  it('a socket still open is "open", with no findings', async () => {
    const report = (await analyzeOne({ ...handshake(), capturedBy: 'chromium', connection: chromium({ first: [msg('received', 5)], endAt: null }) })).connection!;
    expect(report.state).toBe('open');
    expect(report.summary).toMatch(/^Still open when captured/);
    expect(report.diedEarly).toBe(false);
  });

  it('a capture that does not record the end (mitmproxy) is "unknown", not open', async () => {
    const report = (await analyzeOne({ ...handshake(), capturedBy: 'proxy', connection: chromium({ first: [msg('received', 5)], endAt: null, recordsEnd: false }) })).connection!;
    expect(report.state).toBe('unknown');
    expect(report.summary).toContain('does not record when or how the socket ended');
  });

  it('quotes untrusted previews and reasons as text, one line', async () => {
    const c = probe({ atMs: 50, code: 1008, reason: 'a\nb<script>' }, { first: [msg('received', 30, 'line1\nline2')] });
    const report = (await analyzeOne({ ...handshake(), capturedBy: 'probe', connection: c })).connection!;
    expect(report.timeline.find((e) => e.kind === 'received')?.text).toContain('"line1 line2"');
    expect(report.findings[0]?.message).toContain('"a b<script>"');
  });
});

describe('the Markdown report', () => {
  it('has a Connection section with its verdict, summary and findings, and no message data', async () => {
    const { markdownForOne } = await import('../../../../src/core/export/markdown.js');
    const c = chromium({ first: [msg('received', 4, 'secret-token-123')], errors: [error('A server must not mask any frames that it sends to the client.', 6)] });
    const report = await analyzeOne({ ...handshake(), capturedBy: 'chromium', connection: c });
    const md = markdownForOne(report, { version: '0.1.0', redacted: true });
    expect(md).toContain('## Connection after the 101: ✕ FAIL');
    expect(md).toContain('`frame-masked`');
    expect(md).not.toContain('secret-token-123');
  });
});
