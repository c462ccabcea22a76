// The getHAR scheduler (src/sources/devtools/scheduler.ts) over an hour of a fake clock, with
// getHAR's cost modelled from PLATFORM.md (≈0.1 ms per entry on a quiet machine, ×1.5–3 and noisy
// on a busy one): the share of wall time spent in getHAR (goal at 20k entries: ≤ 2 %) and the
// longest a socket that opened at any moment waits for a read (goal up to 1,000 entries: ≤ 3 s),
// beside the old rule ("interval = smoothed cost / 2 % × 1.2", at least 1 s) in the same run.
// The real-Chromium measure of the same share is in panel.bench.mjs. Benches report numbers only.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, '..', 'src', 'sources', 'devtools', 'scheduler.ts'), 'utf8');
const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const { HarScheduler } = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);

class FakeClock {
  time = 0;
  timers = [];
  id = 1;
  now = () => this.time;
  setTimeout = (fn, ms) => { const id = this.id++; this.timers.push({ at: this.time + Math.max(0, ms), fn, id }); return id; };
  clearTimeout = (h) => { this.timers = this.timers.filter((t) => t.id !== h); };
  async advanceTo(until) {
    for (;;) {
      for (let i = 0; i < 10; i++) await Promise.resolve();
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = until;
  }
}

/** The old rule, as it was before issue 13: interval = smoothed cost / budget × 1.2, at least 1 s. */
class OldScheduler {
  costMs = null; totalRunMs = 0; runs = 0;
  constructor(run, clock) { this.run = run; this.clock = clock; }
  get intervalMs() { return Math.min(600_000, Math.max(1_000, ((this.costMs ?? 0) / 0.02) * 1.2)); }
  show() { this.loop(); }
  async loop() {
    const began = this.clock.now();
    await this.run();
    const cost = this.clock.now() - began;
    this.totalRunMs += cost; this.runs++;
    this.costMs = this.costMs === null ? cost : this.costMs * 0.5 + cost * 0.5;
    this.clock.setTimeout(() => this.loop(), this.intervalMs);
  }
}

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

async function simulate(Scheduler, entries, busy, hourMs = 3_600_000) {
  const clock = new FakeClock();
  const starts = [];
  const ends = [];
  const run = async () => {
    starts.push(clock.time);
    await Promise.resolve();
    // 0.1 ms/entry plus a 20 ms floor, ×busy, ±50 % noise.
    clock.time += (20 + entries * 0.1) * busy * (0.5 + random());
    ends.push(clock.time);
    return { entries };
  };
  const scheduler = new Scheduler(run, clock);
  scheduler.show();
  await clock.advanceTo(hourMs);
  let worst = 0;
  for (let i = 0; i + 1 < starts.length; i++) worst = Math.max(worst, ends[i + 1] - starts[i]);
  return { share: scheduler.totalRunMs / clock.time, worst, runs: scheduler.runs };
}

const pct = (x) => `${(x * 100).toFixed(2)} %`;
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log('entries  machine   new: share  worst wait  reads/h |  old: share  worst wait  reads/h');
for (const entries of [23, 170, 1_000, 1_500, 5_000, 20_000]) {
  for (const [name, busy] of [['quiet', 1], ['busy ×3', 3]]) {
    const now = await simulate(HarScheduler, entries, busy);
    const old = await simulate(OldScheduler, entries, busy);
    console.log(`${String(entries).padStart(7)}  ${name.padEnd(8)} ${pct(now.share).padStart(10)} ${s(now.worst).padStart(10)} ${String(now.runs).padStart(8)} | ${pct(old.share).padStart(10)} ${s(old.worst).padStart(10)} ${String(old.runs).padStart(8)}`);
  }
}
const heavy = await simulate(HarScheduler, 20_000, 3);
console.log(`\n20k entries, busy: getHAR share ${pct(heavy.share)} (goal ≤ 2 %: ${heavy.share <= 0.02 ? 'met' : 'missed'}; ratio to goal ${(heavy.share / 0.02).toFixed(2)})`);
const light = await simulate(HarScheduler, 1_000, 3);
const lightOld = await simulate(OldScheduler, 1_000, 3);
console.log(`1,000 entries, busy: worst open→read ${s(light.worst)} (goal ≤ 3 s: ${light.worst <= 3_000 ? 'met' : 'missed'}); old rule ${s(lightOld.worst)} (ratio old/new ${(lightOld.worst / light.worst).toFixed(1)})`);
