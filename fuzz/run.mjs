/**
 * `npm run fuzz -- --seconds N [--workers W] [--seed S] [--sweep full|sample|off] [--quiet]`
 *
 * Mutates the corpus (fuzz/generate.mjs) and runs every parser, analyze(), the summary,
 * redaction and every export format (fuzz/targets.mjs) on each input, on the compiled library
 * (dist/node; `npm run fuzz` builds it first). Each input must: throw nothing, give the same
 * output twice, and — when it carries a long repeat — take at most 10× as long with the repeat
 * 4× as long (the linearity probe; linear code measures ~4). The sweep (fuzz/sweep.mjs) times
 * every hostile shape at n and 4n. A worker silent for 60 s is stopped and its input reported.
 * Findings go to fuzz/crashes/ with the command that replays them; the run exits 1.
 *
 *   node --expose-gc fuzz/run.mjs --repro 12345              replays seed 12345
 *   node --expose-gc fuzz/run.mjs --repro fuzz/crashes/x.json replays a saved input
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const CRASHES = join(HERE, 'crashes');
const DEFAULT_CORPUS = [join(ROOT, 'tests/fixtures/corpus'), join(ROOT, 'tests/fixtures/browsers'), join(ROOT, 'tests/fixtures/connection'), join(ROOT, 'tests/fixtures/stacks')];
/** 4× the repeat may take at most this many times as long. */
const MAX_RATIO = 10;
/** Inputs faster than this are not probed: their time is mostly fixed costs. */
const PROBE_MIN_MS = 3;
/** One input (at most ~60,000 characters) slower than this is reported even when it scales. */
const SLOW_MS = 3000;
const HANG_MS = 60_000;

function parseArgs(argv) {
  const options = { seconds: 60, workers: 1, seed: null, sweep: null, quiet: false, repro: null, corpus: DEFAULT_CORPUS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`fuzz: ${arg} wants a value`);
      return v;
    };
    if (arg === '--seconds') options.seconds = Number(value());
    else if (arg === '--workers') options.workers = Math.max(1, Math.floor(Number(value())));
    else if (arg === '--seed') options.seed = Number(value()) >>> 0;
    else if (arg === '--sweep') options.sweep = value();
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--repro') options.repro = value();
    else if (arg === '--corpus') options.corpus = value().split(',');
    else throw new Error(`fuzz: unknown option ${arg} (--seconds N, --workers W, --seed S, --sweep full|sample|off, --quiet, --repro SEED|FILE, --corpus DIRS)`);
  }
  if (!Number.isFinite(options.seconds) || options.seconds <= 0) throw new Error('fuzz: --seconds wants a positive number');
  // The full sweep takes minutes: long runs do it, short ones sample it.
  options.sweep ??= options.seconds >= 600 ? 'full' : 'sample';
  return options;
}

// --- one input ------------------------------------------------------------------------------------

async function loadTargets() {
  if (!existsSync(join(ROOT, 'dist/node/core/analyze.js'))) throw new Error('fuzz: dist/node is missing; run `npm run build:cli` (npm run fuzz does)');
  const [{ runInput }, generator, sweepModule, timing] = await Promise.all([import('./targets.mjs'), import('./generate.mjs'), import('./sweep.mjs'), import('./timing.mjs')]);
  return { runInput, ...generator, ...sweepModule, ...timing };
}

function preview(input) {
  const text = input.kind === 'record' ? JSON.stringify(input.spec) : input.text;
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

/** Runs one generated input through the checks; returns a finding or null. */
async function check(t, corpus, seed) {
  const generated = t.generate(seed, corpus, 1);
  const { input } = generated;
  let first;
  let second;
  let ms1;
  let ms2;
  try {
    let start = t.cpuNow();
    first = await t.runInput(input);
    ms1 = t.cpuNow() - start;
    start = t.cpuNow();
    second = await t.runInput(input);
    ms2 = t.cpuNow() - start;
  } catch (error) {
    return { kind: 'exception', seed, message: String(error?.stack ?? error), generated };
  }
  if (first !== second) {
    let at = 0;
    while (at < first.length && first[at] === second[at]) at++;
    return { kind: 'nondeterministic', seed, message: `outputs differ at ${at}: ${JSON.stringify(first.slice(at, at + 80))} vs ${JSON.stringify(second.slice(at, at + 80))}`, generated };
  }
  const ms = Math.min(ms1, ms2);
  if (ms > SLOW_MS) return { kind: 'slow', seed, message: `${ms.toFixed(0)} ms for one input`, generated };
  if (generated.repeat && ms >= PROBE_MIN_MS) {
    const finding = await probeLinearity(t, corpus, seed, ms);
    if (finding) return { ...finding, generated };
  }
  return null;
}

/**
 * The linearity probe: the same input with its repeat 4× as long, timed against the original.
 * A ratio over MAX_RATIO is confirmed one step up (4× against 16×): a busy machine can slow one
 * timing, it does not make 16× cost 10× of 4× where the code is linear.
 */
async function probeLinearity(t, corpus, seed, ms) {
  const large = t.generate(seed, corpus, 4).input;
  const largeMs = await t.bestMs(() => t.runInput(large), 2);
  const ratio = largeMs / Math.max(0.5, ms);
  if (ratio <= MAX_RATIO) return null;
  const larger = t.generate(seed, corpus, 16).input;
  const fourMs = await t.bestMs(() => t.runInput(large), 3);
  const sixteenMs = await t.bestMs(() => t.runInput(larger), 2);
  const confirmed = sixteenMs / Math.max(0.5, fourMs);
  if (confirmed <= MAX_RATIO) return null;
  return { kind: 'superlinear', seed, message: `4× the repeat took ${ratio.toFixed(1)}× as long (${ms.toFixed(1)} ms → ${largeMs.toFixed(1)} ms), 16× took ${confirmed.toFixed(1)}× the 4× (${fourMs.toFixed(1)} ms → ${sixteenMs.toFixed(1)} ms)` };
}

// --- worker -----------------------------------------------------------------------------------

async function workerMain() {
  const workerData = JSON.parse(process.env.FUZZ_WORKER);
  const { index, workers, seedBase, deadline, corpusDirs, sweepMode, sweepUntil } = workerData;
  const t = await loadTargets();
  const corpus = t.loadCorpus(corpusDirs);
  const send = (message) => process.send(message);
  const report = (finding) => send({ type: 'finding', finding: { ...finding, input: finding.generated?.input, ops: finding.generated?.ops, repeat: finding.generated?.repeat, generated: undefined } });
  let swept = 0;
  if (index === 0 && sweepMode !== 'off') {
    const { PLACES, UNITS } = await import('./shapes.mjs');
    let combos = PLACES.flatMap((place) => UNITS.map((unit) => ({ place, unit })));
    if (sweepMode === 'sample') {
      const rng = t.rngOf(seedBase ^ 0x5eed);
      combos = combos.map((c) => ({ c, k: rng.next() })).sort((a, b) => a.k - b.k).map(({ c }) => c);
    }
    for (const { place, unit } of combos) {
      if (Date.now() > sweepUntil) break;
      send({ type: 'tick' });
      const slow = await t.sweep({ places: [place], units: [unit], maxRatio: MAX_RATIO });
      swept++;
      for (const s of slow) report({ kind: 'superlinear', seed: null, message: `sweep: ${s.place}, unit ${JSON.stringify(s.unit)}: 4n took ${s.ratio.toFixed(1)}× as long as n (n = ${s.n}, ${s.smallMs.toFixed(1)} ms → ${s.largeMs.toFixed(1)} ms)`, shape: { place: s.place, unit: s.unit, n: s.n } });
    }
  }
  let count = 0;
  let k = workerData.startAt ?? 0;
  while (Date.now() < deadline) {
    const seed = (seedBase + index + k * workers) >>> 0;
    send({ type: 'current', seed, k });
    const finding = await check(t, corpus, seed);
    count++;
    k++;
    if (finding) report(finding);
  }
  process.send({ type: 'done', count, swept }, () => process.exit(0));
}

// --- parent ------------------------------------------------------------------------------------

function saveFinding(finding) {
  mkdirSync(CRASHES, { recursive: true });
  const name = finding.seed === null ? `${finding.kind}-sweep-${Date.now()}` : `${finding.kind}-${finding.seed}`;
  const file = join(CRASHES, `${name}.json`);
  const repro = finding.shape ? `node --expose-gc fuzz/sweep.mjs --filter ${JSON.stringify(finding.shape.place)}` : finding.input ? `node --expose-gc fuzz/run.mjs --repro ${relative(ROOT, file)}` : `node --expose-gc fuzz/run.mjs --repro ${finding.seed}`;
  writeFileSync(file, `${JSON.stringify({ ...finding, repro }, null, 2)}\n`);
  return { file, repro };
}

async function reproMain(options) {
  const t = await loadTargets();
  const corpus = t.loadCorpus(options.corpus);
  let seed;
  let input;
  if (/^\d+$/.test(options.repro)) {
    seed = Number(options.repro) >>> 0;
    input = t.generate(seed, corpus, 1).input;
  } else {
    const saved = JSON.parse(readFileSync(options.repro, 'utf8'));
    seed = saved.seed;
    input = saved.input;
  }
  console.log(`input (${input.kind}): ${preview(input)}`);
  const start = t.cpuNow();
  const out = await t.runInput(input);
  const ms = t.cpuNow() - start;
  const again = await t.runInput(input);
  console.log(`ran in ${ms.toFixed(1)} ms, ${out.length} characters of output, ${out === again ? 'same' : 'DIFFERENT'} output twice`);
  if (seed !== null && seed !== undefined && /^\d+$/.test(options.repro)) {
    const large = t.generate(seed, corpus, 4);
    if (large.repeat) {
      const small = await t.bestMs(() => t.runInput(input), 3);
      const big = await t.bestMs(() => t.runInput(large.input), 3);
      console.log(`linearity: ${small.toFixed(1)} ms → ${big.toFixed(1)} ms at 4× the repeat (${(big / Math.max(0.5, small)).toFixed(1)}×)`);
    }
  }
}

async function parentMain(options) {
  if (options.repro) return reproMain(options);
  const seedBase = options.seed ?? (Math.floor(Math.random() * 2 ** 31) >>> 0);
  const startedAt = Date.now();
  const deadline = startedAt + options.seconds * 1000;
  // The sweep gets up to a third of worker 0's time in a short run, a quarter in a long one (in full it needs ~10 minutes).
  const sweepUntil = startedAt + options.seconds * 1000 * (options.sweep === 'full' ? 0.25 : 0.3);
  const progress = new Array(options.workers).fill(0);
  const findings = [];
  let total = 0;
  let swept = 0;
  const log = (line) => {
    if (!options.quiet) console.log(line);
  };
  log(`fuzz: seed ${seedBase}, ${options.workers} worker${options.workers === 1 ? '' : 's'}, ${options.seconds} s, sweep ${options.sweep}`);

  const startWorker = (index, startAt, sweepMode) =>
    new Promise((resolve) => {
      // A process per worker: its CPU time is its own, so the linearity timings ignore the rest of the machine.
      const workerData = { index, workers: options.workers, seedBase, deadline, corpusDirs: options.corpus, sweepMode, sweepUntil, startAt };
      const worker = fork(fileURLToPath(import.meta.url), [], {
        env: { ...process.env, FUZZ_WORKER: JSON.stringify(workerData) },
        execArgv: [...new Set([...process.execArgv, '--expose-gc'])],
        serialization: 'advanced',
      });
      let current = null;
      let counted = 0;
      let done = false;
      let hung = false;
      let lastProgress = -1;
      let lastChange = Date.now();
      const watchdog = setInterval(() => {
        const now = progress[index];
        if (now !== lastProgress) {
          lastProgress = now;
          lastChange = Date.now();
        } else if (!hung && Date.now() - lastChange > HANG_MS) {
          hung = true;
          const finding = { kind: 'hang', seed: current?.seed ?? null, message: `no progress for ${HANG_MS / 1000} s` };
          findings.push(finding);
          const { repro } = saveFinding(finding);
          console.log(`fuzz: HANG  seed ${finding.seed}  (${repro})`);
          worker.kill('SIGKILL');
        }
      }, 1000);
      worker.on('message', (message) => {
        if (message.type === 'current') {
          current = message;
          counted++;
          progress[index]++;
        } else if (message.type === 'tick') {
          progress[index]++;
        } else if (message.type === 'finding') {
          findings.push(message.finding);
          const { repro } = saveFinding(message.finding);
          console.log(`fuzz: ${message.finding.kind.toUpperCase()}  ${message.finding.message.split('\n')[0]}  (${repro})`);
        } else if (message.type === 'done') {
          total += message.count;
          swept += message.swept;
          done = true;
        }
      });
      worker.on('error', (error) => {
        findings.push({ kind: 'worker-error', seed: current?.seed ?? null, message: String(error?.stack ?? error) });
        console.log(`fuzz: WORKER ERROR ${String(error?.message ?? error)} at seed ${current?.seed}`);
      });
      worker.on('exit', (code, signal) => {
        clearInterval(watchdog);
        if (!done && !hung) {
          // A worker that died (out of memory, a crash in native code) is a finding too.
          const finding = { kind: 'worker-died', seed: current?.seed ?? null, message: `the worker exited (${signal ?? `code ${code}`}) during this input` };
          findings.push(finding);
          const { repro } = saveFinding(finding);
          console.log(`fuzz: WORKER DIED  seed ${finding.seed}  (${repro})`);
        }
        // A worker that was stopped counts the inputs it started; one that hung goes on after that input.
        if (!done) total += counted;
        if (hung && current && Date.now() < deadline) startWorker(index, current.k + 1, 'off').then(resolve);
        else resolve();
      });
    });

  // Long runs say how far they are each minute (inputs started so far, all workers).
  const ticker = options.quiet ? null : setInterval(() => {
    const started = progress.reduce((a, b) => a + b, 0);
    const elapsed = (Date.now() - startedAt) / 1000;
    console.log(`fuzz: … ${started.toLocaleString('en-US')} inputs and shapes after ${elapsed.toFixed(0)} s (${(started / elapsed).toFixed(0)}/s), ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  }, 60_000);
  await Promise.all(Array.from({ length: options.workers }, (_, i) => startWorker(i, 0, i === 0 ? options.sweep : 'off')));
  if (ticker) clearInterval(ticker);
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = total / seconds;
  const line = `fuzz: ${total.toLocaleString('en-US')} inputs in ${seconds.toFixed(1)} s (${rate.toFixed(0)} inputs/s, ${options.workers} worker${options.workers === 1 ? '' : 's'}, seed ${seedBase}), sweep ${swept} shape${swept === 1 ? '' : 's'}, ${findings.length} finding${findings.length === 1 ? '' : 's'}${findings.length ? ` (in ${relative(ROOT, CRASHES)}/)` : ''}`;
  console.log(line);
  process.exitCode = findings.length > 0 ? 1 : 0;
}

if (!process.env.FUZZ_WORKER) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(String(error.message));
    process.exit(2);
  }
  await parentMain(options);
} else {
  await workerMain();
}
