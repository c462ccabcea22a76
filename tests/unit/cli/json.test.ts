// The --json document (shared/SPEC.md): field names, order and types exactly,
// from toJsonDocument directly and from the compiled CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze.js';
import { HeaderList } from '../../../src/core/headers.js';
import { stringifyJsonDocument, toJsonDocument } from '../../../src/core/export/json.js';
import type { Handshake } from '../../../src/core/model.js';
import { RULE_IDS } from '../../../src/core/rules.js';
import { CORPUS, ROOT, buildCli, run } from './cli.js';

const TOP_KEYS = ['tool', 'version', 'handshakes', 'errors'];
const HANDSHAKE_KEYS = ['source', 'url', 'transport', 'status', 'verdict', 'key', 'expectedAccept', 'actualAccept', 'browserError', 'findings'];
const FINDING_KEYS = ['rule', 'severity', 'message', 'spec', 'header', 'fix'];
/** Contract addition (after the 101): `connection`, only when the source saw the connection. */
const CONNECTION_KEYS = ['seen', 'state', 'verdict', 'summary', 'closedBy', 'code', 'codeMeaning', 'reason', 'openedAtMs', 'endedAtMs', 'openForMs', 'sinceLastReceivedMs', 'sinceLastSentMs', 'sent', 'received', 'diedEarly', 'errors', 'findings'];
const numberOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

const stringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/** Checks a parsed document against the SPEC shape; returns the problems found. */
function schemaProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const expectKeys = (where: string, value: unknown, keys: string[], optional: string[] = []) => {
    const actual = Object.keys(value as object);
    const wanted = keys.concat(optional.filter((k) => actual.includes(k)));
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`${where}: keys ${actual.join(',')} ≠ ${wanted.join(',')}`);
  };
  const d = doc as Record<string, unknown>;
  expectKeys('document', d, TOP_KEYS);
  if (d.tool !== 'ws-handshake') problems.push('tool');
  if (typeof d.version !== 'string' || !/^\d+\.\d+\.\d+/.test(d.version)) problems.push('version');
  if (!Array.isArray(d.handshakes)) return [...problems, 'handshakes is not a list'];
  if (!Array.isArray(d.errors)) return [...problems, 'errors is not a list'];
  d.handshakes.forEach((h: Record<string, unknown>, i: number) => {
    const at = `handshakes[${i}]`;
    expectKeys(at, h, HANDSHAKE_KEYS, ['raw', 'connection']);
    if (h.connection !== undefined) problems.push(...connectionProblems(`${at}.connection`, h.connection as Record<string, unknown>, expectKeys));
    if (typeof h.source !== 'string' || h.source === '') problems.push(`${at}.source`);
    if (typeof h.url !== 'string') problems.push(`${at}.url`);
    if (!['http/1.1', 'h2', 'h3', 'unknown'].includes(h.transport as string)) problems.push(`${at}.transport`);
    if (!Number.isInteger(h.status) || (h.status as number) < 0) problems.push(`${at}.status`);
    if (!['pass', 'warn', 'fail'].includes(h.verdict as string)) problems.push(`${at}.verdict`);
    for (const k of ['key', 'expectedAccept', 'actualAccept', 'browserError']) if (!stringOrNull(h[k])) problems.push(`${at}.${k}`);
    if (!Array.isArray(h.findings)) return problems.push(`${at}.findings`);
    let worst = 'pass';
    h.findings.forEach((f: Record<string, unknown>, j: number) => {
      const fat = `${at}.findings[${j}]`;
      expectKeys(fat, f, FINDING_KEYS);
      if (!(RULE_IDS as readonly string[]).includes(f.rule as string)) problems.push(`${fat}.rule ${String(f.rule)}`);
      if (!['fail', 'warn', 'info'].includes(f.severity as string)) problems.push(`${fat}.severity`);
      for (const k of ['message', 'spec', 'fix']) if (typeof f[k] !== 'string' || f[k] === '') problems.push(`${fat}.${k}`);
      if (!stringOrNull(f.header)) problems.push(`${fat}.header`);
      if (f.severity === 'fail') worst = 'fail';
      else if (f.severity === 'warn' && worst === 'pass') worst = 'warn';
    });
    if (h.verdict !== worst) problems.push(`${at}.verdict ${String(h.verdict)} is not the highest severity ${worst}`);
    return undefined;
  });
  d.errors.forEach((e: Record<string, unknown>, i: number) => {
    expectKeys(`errors[${i}]`, e, ['source', 'message']);
    if (typeof e.source !== 'string' || typeof e.message !== 'string' || e.message === '') problems.push(`errors[${i}]`);
  });
  return problems;
}

/** The connection object's shape; its verdict is its own findings' highest severity (not the handshake's). */
function connectionProblems(at: string, c: Record<string, unknown>, expectKeys: (where: string, value: unknown, keys: string[]) => void): string[] {
  const problems: string[] = [];
  expectKeys(at, c, CONNECTION_KEYS);
  if (!['messages', 'frames', 'nothing'].includes(c.seen as string)) problems.push(`${at}.seen`);
  if (!['open', 'ended', 'unknown'].includes(c.state as string)) problems.push(`${at}.state`);
  if (!['server', 'client', 'nobody', 'unknown', null].includes(c.closedBy as string | null)) problems.push(`${at}.closedBy`);
  for (const k of ['code', 'openedAtMs', 'endedAtMs', 'openForMs', 'sinceLastReceivedMs', 'sinceLastSentMs']) if (!numberOrNull(c[k])) problems.push(`${at}.${k}`);
  for (const k of ['codeMeaning', 'reason']) if (!stringOrNull(c[k])) problems.push(`${at}.${k}`);
  if (typeof c.summary !== 'string' || c.summary === '') problems.push(`${at}.summary`);
  if (typeof c.diedEarly !== 'boolean') problems.push(`${at}.diedEarly`);
  for (const side of ['sent', 'received']) {
    const t = c[side] as Record<string, unknown>;
    if (JSON.stringify(Object.keys(t ?? {})) !== JSON.stringify(['count', 'bytes', 'largest'])) problems.push(`${at}.${side}`);
  }
  if (!Array.isArray(c.errors) || !Array.isArray(c.findings)) return [...problems, `${at}.errors/findings`];
  let worst = 'pass';
  for (const f of c.findings as Record<string, unknown>[]) {
    if (!(RULE_IDS as readonly string[]).includes(f.rule as string)) problems.push(`${at}.findings rule ${String(f.rule)}`);
    if (f.severity === 'fail') worst = 'fail';
    else if (f.severity === 'warn' && worst === 'pass') worst = 'warn';
  }
  if (c.verdict !== worst) problems.push(`${at}.verdict ${String(c.verdict)} ≠ ${worst}`);
  return problems;
}

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

function handshake(accept: string, extra: Partial<Handshake> = {}): Handshake {
  return {
    source: 'unit',
    url: 'wss://example.com/chat',
    transport: 'unknown',
    request: {
      method: 'GET',
      httpVersion: 'HTTP/1.1',
      headers: HeaderList.fromPairs([
        ['Host', 'example.com'],
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Key', KEY],
        ['Sec-WebSocket-Version', '13'],
        ['Origin', 'https://example.com'],
      ]),
    },
    response: {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'HTTP/1.1',
      headers: HeaderList.fromPairs([
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Accept', accept],
      ]),
    },
    browserError: null,
    ...extra,
  };
}

describe('toJsonDocument', () => {
  it('writes the SPEC fields in the SPEC order, values taken from the reports', async () => {
    const reports = await analyze([handshake(ACCEPT), handshake('n4UuCLd17P4Pc7oywQKX3SX3RdA=', { source: 'bad' })]);
    const doc = toJsonDocument(reports, [{ source: 'broken.har', message: 'not JSON (truncated? unexpected end at byte 10)' }], { version: '1.2.3' });
    expect(schemaProblems(JSON.parse(JSON.stringify(doc)))).toEqual([]);
    expect(doc.version).toBe('1.2.3');
    expect(doc.handshakes[0]).toMatchObject({ source: 'unit', url: 'wss://example.com/chat', transport: 'http/1.1', status: 101, verdict: 'pass', key: KEY, expectedAccept: ACCEPT, actualAccept: ACCEPT, browserError: null });
    expect(doc.handshakes[1]!.verdict).toBe('fail');
    expect(doc.handshakes[1]!.findings.map((f) => f.rule)).toContain('accept-mismatch');
    expect(doc.errors).toEqual([{ source: 'broken.har', message: 'not JSON (truncated? unexpected end at byte 10)' }]);
    expect(doc.handshakes[0]).not.toHaveProperty('raw');
  });

  it('adds raw, last, only when the handshake has it (the probe)', async () => {
    const raw = { request: 'GET / HTTP/1.1\r\n\r\n', response: 'HTTP/1.1 101 Switching Protocols\r\n\r\n' };
    const [report] = await analyze([handshake(ACCEPT, { raw })]);
    const json = toJsonDocument([report!], [], { version: '0.1.0' }).handshakes[0]!;
    expect(Object.keys(json)).toEqual([...HANDSHAKE_KEYS, 'raw']);
    expect(json.raw).toEqual(raw);
    const [withNull] = await analyze([handshake(ACCEPT, { raw: null })]);
    expect(Object.keys(toJsonDocument([withNull!], [], { version: '0.1.0' }).handshakes[0]!)).toEqual(HANDSHAKE_KEYS);
  });

  it('status 0 and null accept when the client saw no response', async () => {
    const [report] = await analyze([handshake(ACCEPT, { response: null, browserError: 'Connection closed before receiving a handshake response' })]);
    const json = toJsonDocument([report!], [], { version: '0.1.0' }).handshakes[0]!;
    expect(json.status).toBe(0);
    expect(json.actualAccept).toBeNull();
    expect(json.expectedAccept).toBe(ACCEPT);
    expect(json.browserError).toBe('Connection closed before receiving a handshake response');
  });

  it('escapes C1 controls and DEL that JSON.stringify leaves raw', () => {
    const text = stringifyJsonDocument({ tool: 'ws-handshake', version: '1.0.0', handshakes: [], errors: [{ source: 'a\u009bb\u007f', message: 'm' }] });
    expect(text).not.toMatch(/[\u007f-\u009f]/);
    expect(JSON.parse(text).errors[0].source).toBe('a\u009bb\u007f');
  });
});

describe('lint --json from the compiled CLI', () => {
  beforeAll(() => buildCli());

  it('matches the SPEC shape for every corpus HAR in one run', async () => {
    const files = ['mitmproxy_savehar_websocket.har', 'gatling_chromium32_play-chat.har', 'mswjs-source_chrome93-edited_response-status-101.har', 'pcap2har_golden_wireshark-websocket-pcap.har', 'pcap2har_golden_ipv4-websocket-segmented.har'].map((f) => join(CORPUS, f));
    const r = await run(['lint', '--json', ...files]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(schemaProblems(doc)).toEqual([]);
    expect(doc.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(doc.handshakes.map((h: { source: string }) => h.source)).toEqual([
      `${files[0]}#/log/entries/0`,
      `${files[0]}#/log/entries/1`,
      `${files[0]}#/log/entries/2`,
      `${files[1]}#/log/entries/9`,
      `${files[3]}#/log/entries/0`,
      `${files[4]}#/log/entries/0`,
    ]);
    for (const h of doc.handshakes) {
      expect(h.status).toBe(101);
      expect(h.transport).toBe('http/1.1');
      expect(h.actualAccept).toBe(h.expectedAccept);
      expect(h.verdict).not.toBe('fail');
    }
    expect(doc.errors).toEqual([]);
  });

  it('is the only thing on stdout, also with errors and colour forced', async () => {
    const r = await run(['lint', '--json', join(CORPUS, 'missing.har'), '-'], {
      input: 'GET /x HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\n',
      env: { FORCE_COLOR: '1' },
    });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(schemaProblems(doc)).toEqual([]);
    expect(doc.errors).toEqual([{ source: join(CORPUS, 'missing.har'), message: 'no such file' }]);
    expect(doc.handshakes).toHaveLength(1);
    expect(doc.handshakes[0]).toMatchObject({ source: 'stdin', url: 'ws://a/x', status: 404, verdict: 'fail' });
    expect(r.stdout).not.toContain('\u001b');
  });
});
