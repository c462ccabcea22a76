// lint analyses and prints a few hundred handshakes at a time (issue 14: a 2 GB HAR in bounded
// memory). What it prints must be byte for byte what the whole-run code printed: that code is
// kept here as the reference (load every file, analyse all, render once) and compared on the
// corpus, a broken input, and a generated HAR big enough to be handed out in several batches.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/analyze.js';
import { JsonDocumentWriter, stringifyJsonDocument, toJsonDocument, type JsonError } from '../../../src/core/export/json.js';
import { redactReport } from '../../../src/core/export/redact.js';
import type { Handshake } from '../../../src/core/model.js';
import { renderFormat, locator, type OutputFormat } from '../../../src/cli/formats/index.js';
import { formatReport, formatTotals } from '../../../src/cli/human.js';
import { loadInput } from '../../../src/cli/inputs.js';
import type { CliIo } from '../../../src/cli/io.js';
import { reachesFailOn, runLint, type FailOn } from '../../../src/cli/lint.js';
import { HarScanner } from '../../../src/sources/har/scan.js';
// @ts-expect-error plain .mjs bench helper, no types
import { generateHar } from '../../../bench/generate-har.mjs';
import { CORPUS } from './cli.js';

function memoryIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    isTTY: false,
    env: {},
  } as unknown as CliIo;
  return { io, out: () => out, err: () => err };
}

/** The whole-run lint as it was before batching: the reference output. */
async function wholeRunLint(files: string[], format: OutputFormat, showSecrets: boolean, failOn: FailOn): Promise<{ out: string; code: number }> {
  const { io, out } = memoryIo();
  const handshakes: Handshake[] = [];
  const errors: JsonError[] = [];
  const lines = new Map<string, number>();
  for (const file of files) {
    const input = await loadInput(file, io, { lines: format === 'github' || format === 'sarif' || format === 'junit' });
    if (!input.ok) {
      errors.push({ source: input.source, message: input.error });
      continue;
    }
    handshakes.push(...input.handshakes);
    for (const [source, line] of input.lines ?? []) lines.set(source, line);
  }
  const analysed = await analyze(handshakes, { idleTimeouts: [] });
  const reports = showSecrets ? analysed : analysed.map(redactReport);
  if (format !== 'human') {
    io.stdout.write(renderFormat(format, { reports, errors, version: '9.9.9', fails: (v) => reachesFailOn(v, failOn), locate: locator(lines) }));
  } else {
    const blocks = reports.map((r) => formatReport(r, false).join('\n'));
    if (blocks.length > 0) io.stdout.write(`${blocks.join('\n\n')}\n\n`);
    io.stdout.write(`${formatTotals(reports, { inputs: files.length, inputErrors: errors.length }, false)}\n`);
  }
  const code = errors.length > 0 ? 2 : analysed.some((r) => reachesFailOn(r.verdict, failOn)) ? 1 : 0;
  return { out: out(), code };
}

let dir = '';
let big = '';
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.har'))
  .map((f) => join(CORPUS, f));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lint-stream-'));
  big = join(dir, 'big.har');
  // 1,300 handshakes: two full batches of 500 handed out while reading, the rest at the end.
  generateHar(big, { entries: 2_600, wsEvery: 2 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('batched lint prints what the whole-run lint printed', () => {
  const cases: [string, () => string[]][] = [
    ['the corpus', () => corpus],
    ['the corpus, a missing file and a big HAR', () => [...corpus, join(dir, 'missing.har'), big]],
    ['nothing readable', () => [join(dir, 'missing.har')]],
  ];
  for (const format of ['json', 'human', 'github', 'sarif', 'junit'] as const) {
    for (const [name, files] of cases) {
      it(`${format}: ${name}`, async () => {
        for (const showSecrets of [false, true]) {
          const expected = await wholeRunLint(files(), format, showSecrets, 'warn');
          const { io, out } = memoryIo();
          const code = await runLint({ format, showSecrets, failOn: 'warn', files: files(), idleTimeouts: [] }, io, '9.9.9');
          expect(out()).toBe(expected.out);
          expect(code).toBe(expected.code);
        }
      }, 120_000);
    }
  }
});

describe('HarScanner.takeReady', () => {
  it('hands out the handshakes as they are read; with finish they are exactly the whole scan', async () => {
    const whole = await loadInput(big, memoryIo().io, { lines: true });
    const batches: Handshake[][] = [];
    const lines = new Map<string, number>();
    const rest = await loadInput(big, memoryIo().io, {
      lines: true,
      batchSize: 100,
      onBatch: async (handshakes, at) => {
        batches.push(handshakes);
        for (const [s, l] of at ?? []) lines.set(s, l);
      },
    });
    if (!whole.ok || !rest.ok) throw new Error('not read');
    expect(batches.length).toBeGreaterThanOrEqual(3); // checked once a 1 MB chunk
    for (const [s, l] of rest.lines ?? []) lines.set(s, l);
    expect([...batches.flat(), ...rest.handshakes]).toEqual(whole.handshakes);
    expect(rest.skipped).toBe(whole.skipped);
    expect(lines).toEqual(whole.lines);
  });

  it('hands out nothing before log.pages and log.creator are read (they name the handshakes)', () => {
    const entry = (i: number) =>
      `{"_resourceType":"websocket","request":{"method":"GET","url":"wss://x/${i}","headers":[{"name":"Upgrade","value":"websocket"}]},"response":{"status":101,"headers":[]},"_webSocketMessages":[]}`;
    const text = `{"log":{"entries":[${[0, 1, 2].map(entry).join(',')}],"pages":[],"creator":{"name":"x"}}}`;
    const scanner = new HarScanner();
    scanner.push(new TextEncoder().encode(text.slice(0, text.indexOf('"pages"'))));
    expect(scanner.readyCount).toBe(0);
    expect(scanner.takeReady('x.har').handshakes).toEqual([]);
    scanner.push(new TextEncoder().encode(text.slice(text.indexOf('"pages"'))));
    const result = scanner.finish('x.har');
    expect(result.ok && result.handshakes.length).toBe(3);
  });
});

describe('JsonDocumentWriter', () => {
  it('writes the text of stringifyJsonDocument, whatever the batches', async () => {
    const input = await loadInput(big, memoryIo().io);
    if (!input.ok) throw new Error('not read');
    const reports = (await analyze(input.handshakes.slice(0, 40))).map(redactReport);
    const errors = [{ source: 'a\u0085.har', message: 'not JSON\u2028' }];
    for (const [some, errs] of [
      [reports, errors],
      [reports, []],
      [[], errors],
      [[], []],
    ] as const) {
      for (const size of [1, 7, 1000]) {
        let text = '';
        const writer = new JsonDocumentWriter((t) => (text += t), { version: '1.2.3' });
        for (let i = 0; i < some.length; i += size) writer.add(some.slice(i, i + size));
        writer.end(errs);
        expect(text).toBe(stringifyJsonDocument(toJsonDocument(some, errs, { version: '1.2.3' })));
      }
    }
  });
});
