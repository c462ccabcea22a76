// After the 101 as HARs record it: real Chromium 156 captures of every pattern (tests/fixtures/connection,
// research/after101), the bounded digest, the DevTools feed's copy, Firefox's nothing, and redaction.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import type { Report } from '../../../../src/core/model.js';
import { DevtoolsCapture, type NetworkApi } from '../../../../src/sources/devtools/capture.js';
import { completeness, copyEntry } from '../../../../src/sources/devtools/entry.js';
import { redactEntry } from '../../../../src/sources/har/export.js';
import { base64Length, digestMessages, readDigest, utf8Length } from '../../../../src/sources/har/messages.js';
import { handshakeFromEntry, parseHar } from '../../../../src/sources/har/parse.js';
import { expectLinear } from '../../linear.js';

const DIR = join(__dirname, '../../../fixtures/connection');
const CHROMIUM = join(DIR, 'chromium-156');

async function reportOf(pattern: string): Promise<Report> {
  const parsed = parseHar(readFileSync(join(CHROMIUM, `${pattern}.har`), 'utf8'), `${pattern}.har`);
  if (!parsed.ok) throw new Error(parsed.error);
  const [report] = await analyze(parsed.handshakes);
  return report!;
}

/** What Chromium 156 recorded of each pattern, and what the inspector must conclude (NOTES.md, per pattern). */
const EXPECTED: Record<string, { state: 'open' | 'ended'; closedBy: string | null; rules: string[]; received?: number; sent?: number }> = {
  normal: { state: 'ended', closedBy: 'unknown', rules: [], received: 2 },
  echo: { state: 'ended', closedBy: 'unknown', rules: [], received: 3, sent: 3 },
  'binary-fragmented': { state: 'ended', closedBy: 'unknown', rules: [], received: 4 },
  'client-close-1000': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'client-close-4000': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'close-1001': { state: 'ended', closedBy: 'unknown', rules: ['ended-at-once'] },
  'close-1008': { state: 'ended', closedBy: 'unknown', rules: ['ended-at-once'] },
  'close-1011': { state: 'ended', closedBy: 'unknown', rules: ['ended-at-once'] },
  'close-4001': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'close-empty': { state: 'ended', closedBy: 'unknown', rules: ['ended-at-once'] },
  'close-linger': { state: 'ended', closedBy: 'unknown', rules: [] },
  'destroy-at-once': { state: 'ended', closedBy: 'unknown', rules: ['ended-at-once'] },
  'destroy-after-frame': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'idle-destroy': { state: 'ended', closedBy: 'unknown', rules: ['ended-after-silence'], received: 1 },
  'idle-fin': { state: 'ended', closedBy: 'unknown', rules: ['ended-after-silence'], received: 1 },
  'idle-rst': { state: 'ended', closedBy: 'unknown', rules: ['ended-after-silence'], received: 1 },
  'rsv1-no-ext': { state: 'ended', closedBy: 'client', rules: ['frame-reserved-bits'], received: 1 },
  rsv2: { state: 'ended', closedBy: 'client', rules: ['frame-reserved-bits'] },
  'deflate-ok': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'deflate-garbage': { state: 'ended', closedBy: 'client', rules: ['frame-header-invalid'] },
  'deflate-rsv1-continuation': { state: 'ended', closedBy: 'client', rules: ['frame-header-invalid'] },
  masked: { state: 'ended', closedBy: 'client', rules: ['frame-masked'] },
  'bad-utf8': { state: 'ended', closedBy: 'client', rules: ['text-invalid-utf8'], received: 1 },
  'bad-utf8-fragmented': { state: 'ended', closedBy: 'client', rules: ['text-invalid-utf8'] },
  'opcode-3': { state: 'ended', closedBy: 'client', rules: ['frame-opcode-unknown'] },
  'continuation-without-start': { state: 'ended', closedBy: 'client', rules: ['frame-fragmentation'] },
  'new-message-while-unfinished': { state: 'ended', closedBy: 'client', rules: ['frame-fragmentation'] },
  'control-too-long': { state: 'ended', closedBy: 'client', rules: ['frame-header-invalid'] },
  'frame-after-close': { state: 'ended', closedBy: 'unknown', rules: ['frame-after-close'] },
  'close-1byte': { state: 'ended', closedBy: 'client', rules: ['close-frame-invalid'] },
  'close-code-1005': { state: 'ended', closedBy: 'client', rules: ['close-frame-invalid'] },
  'close-bad-utf8-reason': { state: 'ended', closedBy: 'client', rules: ['close-frame-invalid'] },
  'http-after-101': { state: 'ended', closedBy: 'client', rules: ['frame-header-invalid'] },
  'sio-eio3-rejected': { state: 'ended', closedBy: 'client', rules: ['http-after-101'] },
  'sio-eio4-no-pong': { state: 'ended', closedBy: 'unknown', rules: ['socketio-ping-timeout'], received: 2 },
  'sio-eio3-allowed-no-ping': { state: 'ended', closedBy: 'unknown', rules: ['socketio-ping-timeout'], received: 2 },
  'sio-eio4-healthy': { state: 'ended', closedBy: 'unknown', rules: [] },
  'sio-eio4-connect-timeout': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'huge-len-delayed-2^31': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'huge-length-2^63': { state: 'ended', closedBy: 'client', rules: ['frame-header-invalid'] },
  'no-close-echo-long': { state: 'ended', closedBy: 'unknown', rules: ['idle-timeout'], received: 1 },
  'stay-open': { state: 'open', closedBy: null, rules: [], received: 1 },
  'ping-pong': { state: 'ended', closedBy: 'unknown', rules: [], received: 1 },
  'good-then-bad-header-same-write': { state: 'ended', closedBy: 'client', rules: ['frame-header-invalid'], received: 0 },
};

describe('real Chromium 156 captures (tests/fixtures/connection/chromium-156)', () => {
  it('has a case for every fixture', () => {
    expect(readdirSync(CHROMIUM).map((f) => f.replace(/\.har$/, '')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', async (pattern, expected) => {
    const report = await reportOf(pattern);
    expect(report.verdict, 'the handshake itself is fine').toBe('pass');
    const c = report.connection!;
    expect(c.seen).toBe('messages');
    expect(c.state).toBe(expected.state);
    expect(c.closedBy).toBe(expected.closedBy);
    expect(c.findings.map((f) => f.rule)).toEqual(expected.rules);
    if (expected.received !== undefined) expect(c.received.count).toBe(expected.received);
    if (expected.sent !== undefined) expect(c.sent.count).toBe(expected.sent);
  });

  it('an idle cut: the end at startedDateTime + time, the silence = timings.receive', async () => {
    const c = (await reportOf('idle-destroy')).connection!;
    const entry = JSON.parse(readFileSync(join(CHROMIUM, 'idle-destroy.har'), 'utf8')).log.entries[0];
    expect(c.endedAtMs).toBeCloseTo(entry.time, 0);
    expect(c.sinceLastReceivedMs! - entry.timings.receive).toBeLessThan(5);
    expect(c.openForMs).toBeGreaterThan(2990);
  });

  it('an error item: Chromium failed the connection (close 1002 to the server, 1006 for the page)', async () => {
    const c = (await reportOf('rsv1-no-ext')).connection!;
    expect(c).toMatchObject({ closedBy: 'client', code: 1002, reason: 'Invalid reserved bit' });
    expect(c.errors[0]?.text).toBe('One or more reserved bits are on: reserved1 = 1, reserved2 = 0, reserved3 = 0');
    expect(c.timeline.map((e) => e.kind)).toEqual(['open', 'received', 'error', 'end']);
  });

  it('binary sizes are decoded from base64, text sizes are UTF-8', async () => {
    const c = (await reportOf('binary-fragmented')).connection!;
    // "AAH/" = 3 bytes, "" = 0, "part1-part2-part3" = 17, "€uro" = 6
    expect(c.received).toEqual({ count: 4, bytes: 26, largest: 17 });
  });

  it('an idle cut with --idle-timeout 3 is named after the configured timeout', async () => {
    const parsed = parseHar(readFileSync(join(CHROMIUM, 'idle-fin.har'), 'utf8'), 'idle-fin.har');
    if (!parsed.ok) throw new Error(parsed.error);
    const [report] = await analyze(parsed.handshakes, { idleTimeouts: [{ seconds: 3, component: 'nginx' }] });
    expect(report!.connection!.findings.map((f) => f.rule)).toEqual(['idle-timeout']);
    expect(report!.connection!.findings[0]!.fix).toContain('proxy_read_timeout');
  });
});

describe('Firefox 153: no messages, no end', () => {
  it('every 101 is "nothing seen", said plainly, with no finding', async () => {
    const parsed = parseHar(readFileSync(join(DIR, 'firefox-153.har'), 'utf8'), 'firefox-153.har');
    if (!parsed.ok) throw new Error(parsed.error);
    const reports = await analyze(parsed.handshakes);
    expect(reports.length).toBe(6);
    for (const r of reports) {
      expect(r.connection?.seen).toBe('nothing');
      expect(r.connection?.state).toBe('unknown');
      expect(r.connection?.findings).toEqual([]);
      expect(r.connection?.summary).toContain('Firefox');
    }
  });
});

describe('the digest of _webSocketMessages', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ type: i % 2 ? 'send' : 'receive', time: 1796172827 + i / 1000, opcode: 1, data: `message ${i}` }));

  it('keeps counts of all, the first and last three, and the times', () => {
    const digest = digestMessages(items(20_000));
    expect(digest.received.count + digest.sent.count).toBe(20_000);
    expect(digest.first.map((m) => m.preview)).toEqual(['message 0', 'message 1', 'message 2']);
    expect(digest.last.map((m) => m.preview)).toEqual(['message 19997', 'message 19998', 'message 19999']);
    expect(digest.lastSentAt).toBeCloseTo((1796172827 + 19.999) * 1000, 0);
  });

  it('keeps a short preview of a 10 MB message, never the data', () => {
    const digest = digestMessages([{ type: 'receive', time: 1, opcode: 1, data: 'a'.repeat(10_000_000) }]);
    expect(digest.received).toEqual({ count: 1, bytes: 10_000_000, largest: 10_000_000 });
    expect(digest.first[0]!.preview!.length).toBe(160);
    expect(JSON.stringify(digest).length).toBeLessThan(1000);
  });

  it('keeps the first four errors, skips junk', () => {
    const digest = digestMessages([null, 3, { type: 'error', data: 'x' }, { type: 'ping' }, ...Array(6).fill({ type: 'error', time: 1, data: 'y' })]);
    expect(digest.errors.length).toBe(4);
    expect(digest.received.count + digest.sent.count).toBe(0);
  });

  it.each([['AAEC/f7/', 6], ['AAH/', 3], ['AA==', 1], ['AAE=', 2], ['', 0]])('base64 %s is %d bytes', (text, n) => {
    expect(base64Length(text)).toBe(n);
  });
  it.each([['abc', 3], ['€uro', 6], ['😀', 4], ['\ud800', 3]])('UTF-8 %s is %d bytes', (text, n) => {
    expect(utf8Length(text)).toBe(n);
  });

  it('is linear in the number and size of messages', () => {
    expectLinear((n) => items(n), (m) => digestMessages(m), { n: 20_000 });
    expectLinear((n) => [{ type: 'receive', time: 1, opcode: 1, data: '€a😀'.repeat(n) }], (m) => digestMessages(m), { n: 20_000 });
    expectLinear((n) => 'A'.repeat(n) + '='.repeat(n), (t) => base64Length(t));
  });

  it('reads a digest back with every field checked', () => {
    expect(readDigest({ sent: {}, received: { count: -3, bytes: 'x' }, first: [{ preview: 'p'.repeat(900), direction: 'sent' }], errors: 'no' })).toEqual({
      sent: { count: 0, bytes: 0, largest: 0 },
      received: { count: 0, bytes: 0, largest: 0 },
      first: [{ direction: 'sent', at: null, kind: 'text', bytes: 0, preview: 'p'.repeat(160) }],
      last: [],
      errors: [],
      lastSentAt: null,
      lastReceivedAt: null,
    });
    expect(readDigest('nope')).toBeNull();
  });
});

describe('the DevTools feed keeps a bounded digest, not the messages', () => {
  const entry = () => JSON.parse(readFileSync(join(CHROMIUM, 'idle-destroy.har'), 'utf8')).log.entries[0];

  it('the copy reads as the original entry does', async () => {
    const original = entry();
    const copy = copyEntry(original, { finished: true });
    expect(copy._webSocketMessages).toEqual([]);
    expect(copy._webSocketDigest?.finished).toBe(true);
    const [fromCopy, fromOriginal] = await analyze([handshakeFromEntry(copy, 'devtools', { devtools: true })!, handshakeFromEntry(original, 'devtools', { devtools: true })!]);
    expect(fromCopy!.connection).toEqual(fromOriginal!.connection);
  });

  it('a 20,000-message socket makes a small copy', () => {
    const big = { ...entry(), _webSocketMessages: Array.from({ length: 20_000 }, (_, i) => ({ type: 'receive', time: 1796172827 + i, opcode: 1, data: 'x'.repeat(100) })) };
    expect(JSON.stringify(copyEntry(big)).length).toBeLessThan(JSON.stringify(entry()).length + 2000);
  });

  it('a closed report replaces an open one, never the reverse', async () => {
    const open = { ...entry(), time: 3.6, timings: { ...entry().timings, wait: 3.6, receive: 0 } };
    expect(completeness(copyEntry(entry(), { finished: true }))).toBeGreaterThan(completeness(copyEntry(open)));
    let finishedListener: ((e: unknown) => void) | null = null;
    let har: unknown[] = [open];
    const network: NetworkApi = {
      getHAR: async () => ({ entries: har }),
      onRequestFinished: { addListener: (l) => void (finishedListener = l) },
      onNavigated: { addListener: () => {} },
    };
    const capture = new DevtoolsCapture(network);
    await capture.pollHar();
    finishedListener!(entry());
    await capture.pollHar(); // a stale getHAR still showing it open
    const [kept] = capture.snapshot();
    expect(kept!._webSocketDigest?.finished).toBe(true);
    har = [entry()];
  });

  it('Firefox entries get no digest (no messages; onRequestFinished fires at the 101)', () => {
    const firefox = JSON.parse(readFileSync(join(DIR, 'firefox-153.har'), 'utf8')).log.entries[0];
    expect(copyEntry(firefox, { finished: true })._webSocketDigest).toBeUndefined();
  });
});

describe('redacted exports keep the story, not the messages', () => {
  it('the digest without previews replaces the messages', async () => {
    const original = JSON.parse(readFileSync(join(CHROMIUM, 'echo.har'), 'utf8')).log.entries[0];
    const redacted = redactEntry(original);
    expect(JSON.stringify(redacted)).not.toContain('hi from page');
    expect(redacted._webSocketMessages).toEqual([]);
    const [before, after] = await analyze([handshakeFromEntry(original, 'a')!, handshakeFromEntry(redacted, 'a')!]);
    expect(after!.connection!.received).toEqual(before!.connection!.received);
    expect(after!.connection!.state).toBe('ended');
  });
});
