// HARs of any size (issue 14), with the built CLI (bin/ws-handshake.js → dist/node):
//  1. a 2 GB HAR (generated to /tmp, removed after) lints with peak RSS ≤ 256 MB
//     (measured by /usr/bin/time -f %M around the real command);
//  2. on the 118 MB bench HAR, streaming `lint` takes ≤ 0.5× the time of
//     read + JSON.parse alone, both measured in this run (median of rounds, alternated).
// `HAR_STREAM_GB=0.5 npm run bench har-stream` makes the big file smaller.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateHar } from './generate-har.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '../bin/ws-handshake.js');
const ROUNDS = 3;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gc = globalThis.gc ?? (() => {});

// Child mode: one measurement alone in a fresh process.
if (process.argv[2] === '--parse') {
  const started = performance.now();
  const document = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, entries: document.log.entries.length }));
  process.exit(0);
}
if (process.argv[2] === '--scan') {
  const { loadInput } = await import('../dist/node/cli/inputs.js');
  const started = performance.now();
  const input = await loadInput(process.argv[3], {});
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, handshakes: input.ok ? input.handshakes.length : input.error }));
  process.exit(0);
}
if (process.argv[2] === '--lint') {
  const { main } = await import('../dist/node/cli/main.js');
  const sink = { write: () => true };
  const started = performance.now();
  const code = await main(['lint', '--format', 'json', '--fail-on', 'never', process.argv[3]], { stdout: sink, stderr: process.stderr, isTTY: false, env: {} });
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, code }));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'har-stream-bench-'));
try {
  // ---------- 1. streaming lint vs read + JSON.parse on the 118 MB bench HAR ----------
  const small = join(dir, 'bench.har');
  const counts = generateHar(small, { entries: 100_000, wsEvery: 33 });
  process.stdout.write(`bench HAR: ${mb(counts.bytes)}, ${counts.entries} entries, ${counts.websocket} WebSocket handshakes\n`);
  const child = (mode) => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), mode, small], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout).ms;
  };
  const parseMs = [];
  const lintMs = [];
  const scanMs = [];
  for (let round = 0; round < ROUNDS; round++) {
    gc();
    parseMs.push(child('--parse'));
    lintMs.push(child('--lint'));
    scanMs.push(child('--scan'));
  }
  const ratio = median(lintMs) / median(parseMs);
  process.stdout.write(
    `read + JSON.parse: ${median(parseMs).toFixed(0)} ms (rounds ${parseMs.map((m) => m.toFixed(0)).join(', ')})\n` +
      `streaming lint (scan + analyze ${counts.websocket} handshakes): ${median(lintMs).toFixed(0)} ms (rounds ${lintMs.map((m) => m.toFixed(0)).join(', ')})\n` +
      `ratio lint / (read + JSON.parse): ${ratio.toFixed(2)}× (goal ≤ 0.5×) ${ratio <= 0.5 ? 'MET' : 'MISSED'}\n` +
      `for reference, the streamed read alone (scan + build the handshakes, no analysis or report): ${median(scanMs).toFixed(0)} ms, ${(median(scanMs) / median(parseMs)).toFixed(2)}× read + JSON.parse\n`,
  );
  rmSync(small);

  // ---------- 2. peak RSS of lint on a 2 GB HAR ----------
  const gigabytes = Number(process.env.HAR_STREAM_GB ?? 2);
  if (gigabytes > 0) {
    const big = join(dir, 'big.har');
    let started = performance.now();
    // generate-har writes ~1,232 bytes an entry.
    const bigCounts = generateHar(big, { entries: Math.round((gigabytes * 1024 ** 3) / 1232), wsEvery: 33 });
    process.stdout.write(`generated ${mb(statSync(big).size)} (${bigCounts.entries} entries, ${bigCounts.websocket} WebSocket handshakes) in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed to measure peak RSS');
    started = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, BIN, 'lint', '--format', 'json', '--fail-on', 'never', big], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = (performance.now() - started) / 1000;
    const rss = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? NaN) * 1024;
    const reported = r.status === 0 ? JSON.parse(r.stdout).handshakes.length : `exit ${r.status}: ${r.stderr.slice(0, 300)}`;
    process.stdout.write(
      `lint of ${mb(statSync(big).size)}: ${seconds.toFixed(1)} s, ${reported} handshakes reported, peak RSS ${mb(rss)} (goal ≤ 256 MB) ${rss <= 256 * 1024 * 1024 ? 'MET' : 'MISSED'}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
