import { describe, expect, it } from 'vitest';
import { isAtEnd, scrollToReveal, visibleRange } from '../../../../src/panel/list/virtual.js';

describe('visibleRange', () => {
  it.each([
    ['top of a long list', 0, 220, 10_000, 0, { start: 0, end: 10 }],
    ['scrolled into the middle, with overscan', 2_200, 220, 10_000, 5, { start: 95, end: 115 }],
    ['partly visible rows are included', 2_211, 220, 10_000, 0, { start: 100, end: 111 }],
    ['clamped at the end', 219_900, 220, 10_000, 20, { start: 9_975, end: 10_000 }],
    ['an empty list', 0, 220, 0, 20, { start: 0, end: 0 }],
    ['a short list is rendered whole', 0, 600, 12, 20, { start: 0, end: 12 }],
  ])('%s', (_name, scrollTop, height, count, overscan, range) => {
    expect(visibleRange(scrollTop, height, 22, count, overscan)).toEqual(range);
  });
});

describe('scrollToReveal', () => {
  it.each([
    ['already visible', 3, 0, 220, null],
    ['above the view scrolls up to it', 2, 100, 220, 44],
    ['below the view scrolls just enough', 20, 0, 220, 242],
  ])('%s', (_name, index, scrollTop, height, expected) => {
    expect(scrollToReveal(index, scrollTop, height, 22)).toBe(expected);
  });
});

it('isAtEnd follows appended rows only when scrolled to the end', () => {
  expect(isAtEnd(780, 220, 1000)).toBe(true);
  expect(isAtEnd(500, 220, 1000)).toBe(false);
});
