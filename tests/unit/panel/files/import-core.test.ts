// Import (the worker's job, run here in-thread): every corpus HAR gives the same
// reports as the CLI path (parseHar + analyze), with its original entries; raw
// text; progress while reading and analysing; and each bad-file kind gives its
// message and no rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import { toJsonHandshake } from '../../../../src/core/export/json.js';
import { parseHar } from '../../../../src/sources/har/parse.js';
import { ANALYSIS_BATCH, runImport } from '../../../../src/panel/files/import-core.js';
import { fromPlainReport, type ImportEvent, type ImportInput, type PlainReport } from '../../../../src/panel/files/import-protocol.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY } from '../../core/build.js';

const CORPUS = join(__dirname, '../../../fixtures/corpus');
const corpusText = (name: string): string => readFileSync(join(CORPUS, name), 'utf8');

interface Outcome {
  events: ImportEvent[];
  reports: PlainReport[];
  entries: unknown[];
  error: string | null;
  done: Extract<ImportEvent, { type: 'done' }>['summary'] | null;
}

async function run(input: ImportInput): Promise<Outcome> {
  const outcome: Outcome = { events: [], reports: [], entries: [], error: null, done: null };
  await runImport(input, (event) => {
    // Everything posted must survive structured cloning (postMessage).
    const cloned = structuredClone(event);
    outcome.events.push(cloned);
    if (cloned.type === 'reports') {
      outcome.reports.push(...cloned.reports);
      outcome.entries.push(...cloned.entries);
    } else if (cloned.type === 'error') outcome.error = cloned.message;
    else if (cloned.type === 'done') outcome.done = cloned.summary;
  });
  return outcome;
}

const blob = (data: string | Uint8Array<ArrayBuffer>): Blob => new Blob([data]);

describe.each([
  ['mitmproxy_savehar_websocket.har', 3],
  ['pcap2har_golden_wireshark-websocket-pcap.har', 1],
  ['pcap2har_golden_ipv4-websocket-segmented.har', 1],
  ['gatling_chromium32_play-chat.har', 1],
])('corpus %s', (name, count) => {
  it(`imports ${count} handshake(s) with the same reports as the CLI and their original entries`, async () => {
    const text = corpusText(name);
    const outcome = await run({ name, kind: 'auto', data: blob(text) });
    expect(outcome.error).toBeNull();
    expect(outcome.reports).toHaveLength(count);
    expect(outcome.done).toMatchObject({ kind: 'har', handshakes: count, bytes: Buffer.byteLength(text) });

    const cli = parseHar(text, name);
    if (!cli.ok) throw new Error(cli.error);
    const expected = (await analyze(cli.handshakes)).map(toJsonHandshake);
    const imported = outcome.reports.map(fromPlainReport);
    expect(imported.map(toJsonHandshake)).toEqual(expected);
    // HeaderList is rebuilt, with working lookups.
    expect(imported[0]!.handshake.request!.headers.first('upgrade')?.toLowerCase()).toBe('websocket');

    const entries = (JSON.parse(text) as { log: { entries: Array<{ request: { url: string } }> } }).log.entries;
    outcome.entries.forEach((entry, i) => {
      const index = Number(/(\d+)$/.exec(imported[i]!.source)![1]);
      expect(entry).toEqual(entries[index]);
    });
  });
});

describe('raw handshake text', () => {
  const RAW = `GET /chat HTTP/1.1\nHost: example.com\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: ${SAMPLE_KEY}\nSec-WebSocket-Version: 13\n\nHTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`;

  it('pasted text gives one analysed handshake, no entry', async () => {
    const outcome = await run({ name: 'paste 1', kind: 'auto', data: RAW });
    expect(outcome.error).toBeNull();
    expect(outcome.done?.kind).toBe('raw');
    expect(outcome.reports).toHaveLength(1);
    expect(outcome.reports[0]!.url).toBe('ws://example.com/chat');
    expect(outcome.reports[0]!.findings.map((f) => f.rule)).toContain('accept-mismatch');
    expect(outcome.entries).toEqual([null]);
  });

  it('a .txt file of handshake text is read as raw text', async () => {
    const outcome = await run({ name: 'server.log', kind: 'auto', data: blob(`> ${RAW.split('\n').join('\n> ')}`) });
    expect(outcome.error).toBeNull();
    expect(outcome.reports).toHaveLength(1);
  });

  it('pasted HAR JSON is read as a HAR', async () => {
    const outcome = await run({ name: 'paste 2', kind: 'auto', data: corpusText('mitmproxy_savehar_websocket.har') });
    expect(outcome.done?.kind).toBe('har');
    expect(outcome.reports).toHaveLength(3);
  });
});

describe('bad files: a message naming the problem, no rows', () => {
  const mitm = corpusText('mitmproxy_savehar_websocket.har');
  it.each([
    ['not JSON', 'notes.har', blob('hello, this is not json'), /^not JSON \(starts with "hello, this is not json"\)$/],
    ['JSON but not a HAR', 'data.json', blob('{"foo": [1, 2, 3]}'), /^JSON but not a HAR \(no log\.entries\)$/],
    ['a JSON array', 'list.json', blob('[1, 2]'), /^JSON but not a HAR \(an array, no log\.entries\)$/],
    ['a HAR with no WebSocket entries (msw false positive)', 'msw.har', blob(corpusText('mswjs-source_chrome93-edited_response-status-101.har')), /^no WebSocket handshakes in this HAR \(1 entry, none a WebSocket handshake\)$/],
    ['an empty HAR', 'empty.har', blob('{"log":{"version":"1.2","entries":[]}}'), /^no WebSocket handshakes in this HAR \(0 entries/],
    ['a truncated HAR', 'cut.har', blob(mitm.slice(0, Math.floor(mitm.length / 2))), /^not JSON \(truncated\? unexpected end at byte \d+\)$/],
    ['an empty file', 'zero.har', blob(''), /^empty file, not a HAR$/],
    ['gzip', 'capture.har.gz', blob(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])), /^binary data \(gzip-compressed; decompress it first\)/],
    ['text that is neither', 'notes.txt', blob('just some words'), /^not a HAR, nor handshake text: no HTTP request line/],
  ])('%s', async (_kind, name, data, message) => {
    const outcome = await run({ name, kind: 'auto', data });
    expect(outcome.error).toMatch(message);
    expect(outcome.reports).toEqual([]);
    expect(outcome.done).toBeNull();
  });
});

/** A Chrome-like HAR: ordinary requests, and every `wsEvery`-th entry a handshake (every 10th of those refused). */
function bigHar(entries: number, wsEvery: number): string {
  const header = (name: string, value: string) => ({ name, value });
  const list = Array.from({ length: entries }, (_, i) => {
    const ws = i % wsEvery === 0;
    const refused = ws && (i / wsEvery) % 10 === 0;
    return {
      startedDateTime: '2026-11-22T10:00:00.000Z',
      time: 5,
      _resourceType: ws ? 'websocket' : 'script',
      request: {
        method: 'GET',
        url: ws ? `wss://example.com/socket/${i}` : `https://example.com/static/${i}.js`,
        httpVersion: ws ? '' : 'h2',
        headers: ws
          ? [header('Host', 'example.com'), header('Upgrade', 'websocket'), header('Connection', 'Upgrade'), header('Sec-WebSocket-Key', SAMPLE_KEY), header('Sec-WebSocket-Version', '13')]
          : [header(':authority', 'example.com'), header('accept', '*/*'), header('cookie', 'session=abc')],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: refused ? 0 : ws ? 101 : 200,
        statusText: '',
        httpVersion: '',
        headers: ws && !refused ? [header('Upgrade', 'websocket'), header('Connection', 'Upgrade'), header('Sec-WebSocket-Accept', SAMPLE_ACCEPT)] : [],
        cookies: [],
        content: { size: 100, mimeType: 'text/javascript', text: ws ? undefined : 'x'.repeat(200) },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 1, wait: 3, receive: 1 },
      ...(refused ? { _webSocketMessages: [{ type: 'error', opcode: -1, time: 0, data: 'Error during WebSocket handshake: Unexpected response code: 404' }] } : {}),
    };
  });
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, pages: [], entries: list } });
}

describe('progress on a big HAR', () => {
  it('reports bytes read, then handshakes analysed in batches, and lists them all', async () => {
    const text = bigHar(6000, 4);
    const total = 1500;
    expect(total).toBeGreaterThan(ANALYSIS_BATCH);

    const outcome = await run({ name: 'big.har', kind: 'auto', data: blob(text) });
    expect(outcome.error).toBeNull();
    const progress = outcome.events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    const reading = progress.filter((p) => p.phase === 'reading');
    expect(reading.at(-1)!.bytesRead).toBe(Buffer.byteLength(text));
    const analysing = progress.filter((p) => p.phase === 'analysing');
    expect(analysing.at(-1)).toMatchObject({ handshakesDone: total, handshakesTotal: total, entriesTotal: 6000 });
    // Batches go out while the file is still read (rows appear during the import), each about ANALYSIS_BATCH.
    const done = progress.map((p) => p.handshakesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const firstReports = outcome.events.findIndex((e) => e.type === 'reports');
    const lastReading = outcome.events.findLastIndex((e) => e.type === 'progress' && e.progress.phase === 'reading');
    expect(firstReports).toBeLessThan(lastReading);
    const batches = outcome.events.flatMap((e) => (e.type === 'reports' ? [e.reports.length] : []));
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(total / ANALYSIS_BATCH));
    for (const size of batches) expect(size).toBeLessThanOrEqual(ANALYSIS_BATCH);
    expect(outcome.reports).toHaveLength(total);
    expect(outcome.done).toMatchObject({ handshakes: total, skipped: 4500 });
    const verdicts = outcome.reports.map((r) => r.verdict);
    expect(verdicts.filter((v) => v === 'fail')).toHaveLength(150);
    expect(verdicts.filter((v) => v === 'pass')).toHaveLength(1350);
  });
});
