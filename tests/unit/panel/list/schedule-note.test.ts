// The toolbar's schedule note: when open sockets are next re-read, and why, in the words the panel shows.
import { describe, expect, it } from 'vitest';
import type { HarStats } from '../../../../src/sources/devtools/link.js';
import { periodText, scheduleNoteText } from '../../../../src/panel/list/schedule-note.js';

const base: HarStats = { costMs: 20, intervalMs: 1_000, totalRunMs: 40, runs: 2, uptimeMs: 5_000, shown: true, reason: 'light', nextReadAt: 10_700, budget: 0.02, entries: 23, heavy: false };

describe('scheduleNoteText', () => {
  it('a light page: re-read every second, the countdown in the tooltip', () => {
    const text = scheduleNoteText(base, 10_000);
    expect(text.long).toBe('open sockets: re-read every 1 s');
    expect(text.short).toBe('every 1 s');
    expect(text.title).toContain('This page is light (23 requests): it is re-read every 1 s while this tab is shown.');
    expect(text.title).toContain('Next read in 0.7 s.');
  });

  it('a heavy page: the interval, the budget and that Refresh reads now', () => {
    const text = scheduleNoteText({ ...base, reason: 'heavy', heavy: true, entries: 20_000, costMs: 2_000, intervalMs: 120_000, nextReadAt: 100_000 }, 10_000);
    expect(text.long).toBe('heavy page: every 2 min; Refresh reads now');
    expect(text.short).toBe('every 2 min');
    expect(text.title).toContain('This page is heavy (20,000 requests): a read costs ~2000 ms, so it is re-read every 2 min, keeping reads within 2 % of the time.');
    expect(text.title).toContain('Next read in 2 min.');
  });

  it.each([
    ['requested', 'reading the network log…'],
    ['socket-reported', 'a socket was reported: re-reading now'],
    ['hidden', 'open sockets: re-read when shown'],
  ] as const)('reason %s → %s', (reason, long) => {
    expect(scheduleNoteText({ ...base, reason }, 0).long).toBe(long);
  });

  it('says "when shown" while the tab is hidden, whatever the reason', () => {
    expect(scheduleNoteText({ ...base, shown: false }, 0).long).toBe('open sockets: re-read when shown');
  });

  it.each([
    [1_000, '1 s'],
    [1_500, '1.5 s'],
    [18_500, '19 s'],
    [120_000, '2 min'],
    [30 * 60_000, '30 min'],
    [2 * 3_600_000, '2 h'],
  ])('periodText(%d) = %s', (ms, text) => expect(periodText(ms)).toBe(text));
});
