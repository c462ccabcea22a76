import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1 } from '../../../src/core/sha1.js';

const reference = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('sha1 (plain code, for explaining wrong accepts)', () => {
  it('gives the FIPS 180 sample digests', () => {
    expect(hex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(Buffer.from('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('agrees with node:crypto on every length across the padding boundaries (0 to 300 bytes)', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = randomBytes(length);
      expect(hex(sha1(bytes)), `length ${length}`).toBe(reference(bytes));
    }
  });

  it('agrees with node:crypto on a large input and on views into a bigger buffer', () => {
    const big = randomBytes(1_000_003);
    expect(hex(sha1(big))).toBe(reference(big));
    const view = big.subarray(17, 77);
    expect(hex(sha1(view))).toBe(reference(view));
  });
});
