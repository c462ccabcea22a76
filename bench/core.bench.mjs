// Core and HAR import throughput, each as a ratio against a baseline measured
// in the same run on the same machine:
//  1. analyze() on realistic handshakes vs the bare batched SubtleCrypto SHA-1
//     digest of the same keys (goal: analyze at ≥ 50% of the digest rate);
//  2. HAR import (read + parseHar + analyze) of a ~100 MB, 100k-entry HAR vs
//     read + JSON.parse of the same file (goal: ≤ 1.5×), with peak memory.
// Imports the compiled code from dist/node (npm run bench builds it first).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../dist/node/core/analyze.js';
import { HeaderList } from '../dist/node/core/headers.js';
import { parseHar } from '../dist/node/sources/har/parse.js';
import { WEBSOCKET_MIX, generateHar, randomKeys } from './generate-har.mjs';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const ROUNDS = 3;
const gc = globalThis.gc ?? (() => {});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// Child mode: one import or one JSON.parse in a fresh process, to report its peak memory alone.
if (process.argv[2] === '--memory') {
  const [, , , mode, path] = process.argv;
  const started = performance.now();
  const text = readFileSync(path, 'utf8');
  const result = mode === 'import' ? await importHar(text, path) : JSON.parse(text);
  const ms = performance.now() - started;
  const heapUsed = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({ ms, heapUsed, maxRss: process.resourceUsage().maxRSS * 1024, kept: Array.isArray(result) ? result.length : 1 }));
  process.exit(0);
}

async function importHar(text, source) {
  const parsed = parseHar(text, source);
  if (!parsed.ok) throw new Error(parsed.error);
  return analyze(parsed.handshakes);
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const [i, row] of rows.entries()) {
    process.stdout.write(`  ${row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('   ')}\n`);
    if (i === 0) process.stdout.write(`  ${widths.map((w) => '-'.repeat(w)).join('   ')}\n`);
  }
}

// ---------- 1. analyze() vs bare SubtleCrypto digests ----------

const HANDSHAKES = 20_000;
const pairs = (list) => HeaderList.fromPairs(list);
const ACCEPT_MIX = { good: 0.8, 'wrong accept': 0.05, 'no Upgrade in 101': 0.05, '404': 0.05, 'refused by Chromium (no response)': 0.05 };

async function acceptOf(key) {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(key + GUID));
  return Buffer.from(digest).toString('base64');
}

/** Handshakes with distinct keys; `mixed` spreads the broken kinds of ACCEPT_MIX through the list, else all are valid. */
async function buildHandshakes(keys, mixed) {
  const accepts = [];
  for (let i = 0; i < keys.length; i += 1024) accepts.push(...(await Promise.all(keys.slice(i, i + 1024).map(acceptOf))));
  return keys.map((key, i) => {
    const r = mixed ? (i * 7919) % 100 : 0;
    const request = {
      method: 'GET',
      httpVersion: null,
      headers: pairs([
        ['Host', 'app.example.com'], ['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Origin', 'https://app.example.com'],
        ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Key', key], ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
        ['Sec-WebSocket-Protocol', 'chat, v2.chat'], ['User-Agent', 'Mozilla/5.0 Chrome/156'], ['Cookie', 'session=abc'],
      ]),
    };
    const ok = [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Accept', accepts[i]], ['Sec-WebSocket-Protocol', 'chat'], ['Sec-WebSocket-Extensions', 'permessage-deflate']];
    let response = { status: 101, statusText: 'Switching Protocols', httpVersion: null, headers: pairs(ok) };
    let browserError = null;
    if (r >= 80 && r < 85) response = { ...response, headers: pairs(ok.map(([n, v]) => (n === 'Sec-WebSocket-Accept' ? [n, accepts[(i + 1) % keys.length]] : [n, v]))) };
    else if (r >= 85 && r < 90) response = { ...response, headers: pairs(ok.filter(([n]) => n !== 'Upgrade')) };
    else if (r >= 90 && r < 95) response = { status: 404, statusText: 'Not Found', httpVersion: null, headers: pairs([['Content-Type', 'text/html']]) };
    else if (r >= 95) {
      response = null;
      browserError = "Incorrect 'Sec-WebSocket-Accept' header value";
    }
    return { source: `bench#${i}`, url: `wss://app.example.com/socket/${i}`, transport: 'unknown', request, response, browserError };
  });
}

async function digestAll(keys) {
  const encoder = new TextEncoder();
  for (let i = 0; i < keys.length; i += 1024) {
    await Promise.all(keys.slice(i, i + 1024).map((k) => crypto.subtle.digest('SHA-1', encoder.encode(k + GUID))));
  }
}

async function time(fn) {
  gc();
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

async function benchAnalyze() {
  process.stdout.write(`\n1) analyze() vs bare SubtleCrypto SHA-1, ${HANDSHAKES.toLocaleString('en')} handshakes, distinct keys\n`);
  process.stdout.write(`   mixed: ${Object.entries(ACCEPT_MIX).map(([k, v]) => `${v * 100}% ${k}`).join(', ')}\n\n`);
  // Each measurement gets keys never hashed before in this process.
  const baselineKeys = Array.from({ length: ROUNDS + 1 }, () => randomKeys(HANDSHAKES));
  const valid = Array.from({ length: ROUNDS + 1 }, () => buildHandshakes(randomKeys(HANDSHAKES), false));
  const mixed = Array.from({ length: ROUNDS + 1 }, () => buildHandshakes(randomKeys(HANDSHAKES), true));
  await digestAll(baselineKeys[ROUNDS]); // warm-up
  await analyze(await valid[ROUNDS]);
  await analyze(await mixed[ROUNDS]);
  const digestMs = [];
  const validMs = [];
  const mixedMs = [];
  let verdicts = {};
  for (let round = 0; round < ROUNDS; round++) {
    const validHandshakes = await valid[round];
    const mixedHandshakes = await mixed[round];
    digestMs.push((await time(() => digestAll(baselineKeys[round]))).ms);
    validMs.push((await time(() => analyze(validHandshakes))).ms);
    const { ms, result } = await time(() => analyze(mixedHandshakes));
    mixedMs.push(ms);
    verdicts = result.reduce((acc, r) => ({ ...acc, [r.verdict]: (acc[r.verdict] ?? 0) + 1 }), {});
  }
  const rate = (ms) => HANDSHAKES / (median(ms) / 1000);
  const digestRate = rate(digestMs);
  const percent = (ms) => `${((rate(ms) / digestRate) * 100).toFixed(0)}%`;
  table([
    ['measure', `median of ${ROUNDS} (ms)`, 'per second', 'vs digests'],
    ['bare digests (batched 1024)', median(digestMs).toFixed(0), Math.round(digestRate).toLocaleString('en'), '100%'],
    ['analyze(), all valid', median(validMs).toFixed(0), Math.round(rate(validMs)).toLocaleString('en'), percent(validMs)],
    ['analyze(), mixed', median(mixedMs).toFixed(0), Math.round(rate(mixedMs)).toLocaleString('en'), percent(mixedMs)],
  ]);
  const ratio = rate(mixedMs) / digestRate;
  process.stdout.write(`\n   analyze (mixed) rate / digest rate = ${(ratio * 100).toFixed(0)}%  (goal ≥ 50%: ${ratio >= 0.5 ? 'met' : 'MISSED'})\n`);
  process.stdout.write(`   mixed verdicts: ${JSON.stringify(verdicts)}\n`);
}

// ---------- 2. HAR import vs JSON.parse ----------

function memoryChild(mode, path) {
  const out = execFileSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--memory', mode, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out);
}

async function benchHarImport() {
  const dir = mkdtempSync(join(tmpdir(), 'ws-handshake-bench-'));
  try {
    const path = join(dir, 'big.har');
    const generated = await time(() => generateHar(path, { entries: 100_000, wsEvery: 33 }));
    const counts = generated.result;
    const size = statSync(path).size;
    process.stdout.write(`\n2) HAR import vs JSON.parse: ${mb(size)}, ${counts.entries.toLocaleString('en')} entries (generated in ${(generated.ms / 1000).toFixed(1)} s)\n`);
    process.stdout.write(
      `   mix: ${counts.ordinary.toLocaleString('en')} ordinary h2 requests (8 request + 5 response headers, 6% with a body), ` +
        `${counts.websocket.toLocaleString('en')} WebSocket handshakes (${counts.good} accepted, ${counts.rejected} refused by Chromium, ${counts.h2} over HTTP/2, ${counts['wrong-accept']} wrong accept; ` +
        `planned ${Object.entries(WEBSOCKET_MIX).map(([k, v]) => `${v * 100}% ${k}`).join(', ')})\n\n`,
    );

    const parseMs = [];
    const importMs = [];
    let reports = [];
    for (let round = 0; round < ROUNDS; round++) {
      parseMs.push((await time(() => JSON.parse(readFileSync(path, 'utf8')).log.entries.length)).ms);
      const run = await time(() => importHar(readFileSync(path, 'utf8'), 'big.har'));
      importMs.push(run.ms);
      reports = run.result;
      run.result = null;
    }
    // The import's parts, once, to show where the time goes.
    gc();
    let t = performance.now();
    const text = readFileSync(path, 'utf8');
    const readMs = performance.now() - t;
    t = performance.now();
    const parsed = parseHar(text, 'big.har');
    const parseHarMs = performance.now() - t;
    t = performance.now();
    await analyze(parsed.handshakes);
    const analyzeMs = performance.now() - t;

    const baselineMemory = memoryChild('parse', path);
    const importMemory = memoryChild('import', path);
    const ratio = median(importMs) / median(parseMs);
    table([
      ['measure', `median of ${ROUNDS} (ms)`, 'peak RSS', 'heap after'],
      ['read + JSON.parse (baseline)', median(parseMs).toFixed(0), mb(baselineMemory.maxRss), mb(baselineMemory.heapUsed)],
      ['read + parseHar + analyze', median(importMs).toFixed(0), mb(importMemory.maxRss), mb(importMemory.heapUsed)],
      ['  of which: read file', readMs.toFixed(0), '', ''],
      ['  of which: parseHar (JSON.parse + select)', parseHarMs.toFixed(0), '', ''],
      ['  of which: analyze', analyzeMs.toFixed(0), '', ''],
    ]);
    const verdicts = reports.reduce((acc, r) => ({ ...acc, [r.verdict]: (acc[r.verdict] ?? 0) + 1 }), {});
    process.stdout.write(`\n   import / JSON.parse = ${ratio.toFixed(2)}×  (goal ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'MISSED'})\n`);
    process.stdout.write(`   handshakes found: ${reports.length.toLocaleString('en')} of ${counts.websocket.toLocaleString('en')} written; verdicts: ${JSON.stringify(verdicts)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await benchAnalyze();
await benchHarImport();
