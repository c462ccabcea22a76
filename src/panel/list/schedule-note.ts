/**
 * What the toolbar's schedule note says: when open sockets are next re-read
 * (Chromium lists a socket that stays open only through a getHAR re-read) and
 * why. Pure, so the wording is unit-tested; ScheduleNote.tsx renders it.
 */
import type { HarStats } from '../../sources/devtools/link.js';

export interface ScheduleNoteText {
  /** The words shown in a wide toolbar. */
  readonly long: string;
  /** The words shown when the toolbar is narrow (an icon alone below that). */
  readonly short: string;
  /** The tooltip: everything, with the next read's countdown. */
  readonly title: string;
}

/** `1 s`, `1.5 s`, `40 s`, `2 min`, `1 h`: a schedule, not a measurement. */
export function periodText(ms: number): string {
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number.isInteger(s) || s >= 10 ? Math.round(s) : s.toFixed(1)} s`;
  }
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

export function scheduleNoteText(stats: HarStats, now: number): ScheduleNoteText {
  const every = periodText(stats.intervalMs);
  const entries = stats.entries === null ? '' : ` (${stats.entries.toLocaleString('en-US')} requests)`;
  const next = stats.nextReadAt === null ? '' : ` Next read in ${periodText(Math.max(0, stats.nextReadAt - now))}.`;
  const why = stats.heavy
    ? `This page is heavy${entries}: a read costs ~${Math.round(stats.costMs ?? 0)} ms, so it is re-read every ${every}, keeping reads within ${Math.round(stats.budget * 100)} % of the time.`
    : `This page is light${entries}: it is re-read every ${every} while this tab is shown.`;
  const title = `Sockets that stay open are listed when the DevTools network log is re-read (finished and refused ones at once). ${why}${next} Refresh reads now.`;
  if (!stats.shown) return { long: 'open sockets: re-read when shown', short: 'when shown', title };
  switch (stats.reason) {
    case 'requested':
      return { long: 'reading the network log…', short: 'reading…', title };
    case 'socket-reported':
      return { long: 'a socket was reported: re-reading now', short: 'now', title };
    case 'hidden':
      return { long: 'open sockets: re-read when shown', short: 'when shown', title };
    case 'heavy':
      return { long: `heavy page: every ${every}; Refresh reads now`, short: `every ${every}`, title };
    case 'light':
      return { long: `open sockets: re-read every ${every}`, short: `every ${every}`, title };
  }
}
