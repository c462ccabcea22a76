/**
 * Linearity timing for the fuzzer: best-of CPU time of an async run, and the n vs 4n ratio. CPU
 * time of this process (each fuzz worker is its own process), so other work on a busy machine
 * does not count, as in tests/unit/linear.ts.
 */

/** CPU milliseconds this process has used (user + system). */
export function cpuNow() {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

const collect = globalThis.gc ?? (() => {});

/** The best of `tries` wall times of `run()`, in ms. */
export async function bestMs(run, tries = 3) {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    collect();
    const start = cpuNow();
    await run();
    best = Math.min(best, cpuNow() - start);
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
