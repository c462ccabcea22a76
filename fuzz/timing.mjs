/** Linearity timing for the fuzzer: best-of wall time of an async run, and the n vs 4n ratio. */
import { performance } from 'node:perf_hooks';

const collect = globalThis.gc ?? (() => {});

/** The best of `tries` wall times of `run()`, in ms. */
export async function bestMs(run, tries = 3) {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    collect();
    const start = performance.now();
    await run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Times under this are noise: n doubles until the small input takes at least this long. */
const MIN_SMALL_MS = 4;

/**
 * time(make(4n)) / time(make(n)) for `run`, n growing from `n` until the small input takes
 * MIN_SMALL_MS (or `maxN` is reached). Returns the ratio, the n used and both times.
 */
export async function linearRatio(make, run, { n = 2000, maxN = 64_000, tries = 3 } = {}) {
  let small = make(n);
  await run(small);
  let smallMs = await bestMs(() => run(small), tries);
  while (smallMs < MIN_SMALL_MS && n * 2 <= maxN) {
    n *= 2;
    small = make(n);
    smallMs = await bestMs(() => run(small), tries);
  }
  const large = make(4 * n);
  const largeMs = await bestMs(() => run(large), tries);
  return { ratio: largeMs / Math.max(0.5, smallMs), n, smallMs, largeMs };
}
