// The linearity check itself: it passes linear code and still fails quadratic code after its
// re-measures (tests/unit/linear.ts), so the many tests built on it can fail.
import { describe, expect, it } from 'vitest';
import { expectLinear, expectLinearAsync } from '../linear.js';

/** Quadratic on purpose, the way hostile-input bugs are: a native scan of the whole text for every character. */
function quadratic(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) count += text.indexOf('b', i & 7);
  return count;
}

function linear(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 97) count++;
  return count;
}

describe('expectLinear', () => {
  it('passes linear code', () => {
    expectLinear((n) => 'a'.repeat(n), linear);
  });

  it('fails quadratic code', () => {
    expect(() => expectLinear((n) => 'a'.repeat(n), quadratic, { n: 8_000 })).toThrow(/time for 4n \/ time for n/);
  });

  it('fails quadratic async code', async () => {
    await expect(expectLinearAsync((n) => 'a'.repeat(n), async (text) => quadratic(text), { n: 8_000 })).rejects.toThrow(/time for 4n \/ time for n/);
  });
});
