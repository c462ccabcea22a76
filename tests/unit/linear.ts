/**
 * Linearity checks for code that reads untrusted text: time `run` on an input of
 * size n and of size 4n, each the best of a few tries (the machine may be busy),
 * and compare. Linear code takes ~4x; quadratic code ~16x. A ratio, not a time.
 */
import { expect } from 'vitest';

export interface LinearOptions {
  /** The smaller size (default 50,000). */
  readonly n?: number;
  /** Runs per timing (default 3). */
  readonly repeat?: number;
  /** Largest ratio accepted for 4x the input (default 7). */
  readonly maxRatio?: number;
}

function bestTime(run: () => void, repeat: number): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    const start = performance.now();
    for (let i = 0; i < repeat; i++) run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Asserts that `run(make(4n))` takes less than `maxRatio` times `run(make(n))`. */
export function expectLinear<T>(make: (n: number) => T, run: (input: T) => unknown, options: LinearOptions = {}): void {
  const n = options.n ?? 50_000;
  const repeat = options.repeat ?? 3;
  const small = make(n);
  const large = make(4 * n);
  run(small); // warm up the JIT
  const ratio = bestTime(() => run(large), repeat) / Math.max(0.2, bestTime(() => run(small), repeat));
  expect(ratio, `time for 4n / time for n (n = ${n})`).toBeLessThan(options.maxRatio ?? 7);
}
