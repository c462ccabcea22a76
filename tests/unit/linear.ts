/**
 * Linearity checks for code that reads untrusted text: time `run` on an input of
 * size n and of size 4n, each the best of a few tries, and compare. Linear code
 * takes ~4x; quadratic code ~16x. A ratio, not a time. Timed in this process's CPU
 * time (process.cpuUsage), so other work on a busy machine does not count.
 */
import { expect } from 'vitest';

export interface LinearOptions {
  /** The smaller size (default 50,000). */
  readonly n?: number;
  /** Runs per timing (default 3). */
  readonly repeat?: number;
  /** Largest ratio accepted for 4x the input (default 10: linear code measures 4–8 with cache and GC effects, quadratic 16). */
  readonly maxRatio?: number;
}

/** CPU milliseconds this process spent since `since` (user + system). */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** A full collection before each timing when the worker runs with --expose-gc (vitest.config.ts), so earlier garbage does not count. */
const collect = (globalThis as { gc?: () => void }).gc ?? ((): void => {});

function bestTime(run: () => void, repeat: number): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    collect();
    const start = process.cpuUsage();
    for (let i = 0; i < repeat; i++) run();
    best = Math.min(best, cpuMs(start));
  }
  return best;
}

/** Times under this are mostly timer and GC noise: n grows until the small input takes at least this long. */
const MIN_SMALL_MS = 8;
const MAX_N = 4_000_000;
/** Runs per timing grow up to this before n does. */
const MAX_REPEAT = 48;
/**
 * An over-limit ratio is measured again, both sizes afresh, up to this many times: other processes on a
 * shared core, and major GCs of a large result, can slow one timing; super-linear code (16× for 4n) is
 * over the limit every time.
 */
const REMEASURES = 3;

/** Asserts that `run(make(4n))` takes less than `maxRatio` times `run(make(n))`. */
export function expectLinear<T>(make: (n: number) => T, run: (input: T) => unknown, options: LinearOptions = {}): void {
  let n = options.n ?? 50_000;
  let repeat = options.repeat ?? 3;
  let small = make(n);
  for (let i = 0; i < 3; i++) run(small); // warm up the JIT: optimised code for both sizes, not baseline code for the small one
  let smallMs = bestTime(() => run(small), repeat);
  // Too quick to time: more runs first (inputs stay small, so a big result's garbage does not reach old space and
  // time the GC instead of the code), then a larger n.
  while (smallMs < MIN_SMALL_MS && repeat * 2 <= MAX_REPEAT) {
    repeat *= 2;
    smallMs = bestTime(() => run(small), repeat);
  }
  while (smallMs < MIN_SMALL_MS && n * 2 <= MAX_N) {
    n *= 2;
    small = make(n);
    smallMs = bestTime(() => run(small), repeat);
  }
  const large = make(4 * n);
  let ratio = bestTime(() => run(large), repeat) / Math.max(0.2, smallMs);
  for (let again = 0; again < REMEASURES && ratio >= (options.maxRatio ?? 10); again++) {
    ratio = Math.min(ratio, bestTime(() => run(large), repeat) / Math.max(0.2, bestTime(() => run(small), repeat)));
  }
  expect(ratio, `time for 4n / time for n (n = ${n}, n took ${smallMs.toFixed(1)} ms)`).toBeLessThan(options.maxRatio ?? 10);
}

async function bestTimeAsync(run: () => Promise<unknown>, repeat: number): Promise<number> {
  let best = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    collect();
    const start = process.cpuUsage();
    for (let i = 0; i < repeat; i++) await run();
    best = Math.min(best, cpuMs(start));
  }
  return best;
}

/** expectLinear for async code (analyze() awaits SubtleCrypto): the same n vs 4n ratio. */
export async function expectLinearAsync<T>(make: (n: number) => T, run: (input: T) => Promise<unknown>, options: LinearOptions = {}): Promise<void> {
  let n = options.n ?? 50_000;
  let repeat = options.repeat ?? 3;
  let small = make(n);
  for (let i = 0; i < 3; i++) await run(small);
  let smallMs = await bestTimeAsync(() => run(small), repeat);
  while (smallMs < MIN_SMALL_MS && repeat * 2 <= MAX_REPEAT) {
    repeat *= 2;
    smallMs = await bestTimeAsync(() => run(small), repeat);
  }
  while (smallMs < MIN_SMALL_MS && n * 2 <= MAX_N) {
    n *= 2;
    small = make(n);
    smallMs = await bestTimeAsync(() => run(small), repeat);
  }
  const large = make(4 * n);
  let ratio = (await bestTimeAsync(() => run(large), repeat)) / Math.max(0.2, smallMs);
  for (let again = 0; again < REMEASURES && ratio >= (options.maxRatio ?? 10); again++) {
    ratio = Math.min(ratio, (await bestTimeAsync(() => run(large), repeat)) / Math.max(0.2, await bestTimeAsync(() => run(small), repeat)));
  }
  expect(ratio, `time for 4n / time for n (n = ${n}, n took ${smallMs.toFixed(1)} ms)`).toBeLessThan(options.maxRatio ?? 10);
}
