/**
 * The link between the devtools page and the panel: two documents of the same
 * extension origin (in Chrome and Firefox alike) that talk over a BroadcastChannel
 * whose name the devtools page puts in the panel URL, one per DevTools session.
 */
import type { CapturedEntry } from './entry.js';
import type { ScheduleReason } from './scheduler.js';

/** The channel's name for one DevTools session. */
export function channelName(session: string): string {
  return `ws-handshakes:${session}`;
}

/** The state of the getHAR scheduler, for the Refresh button's tooltip and the bench. */
export interface HarStats {
  readonly costMs: number | null;
  readonly intervalMs: number;
  readonly totalRunMs: number;
  readonly runs: number;
  /** ms since the devtools page started. */
  readonly uptimeMs: number;
  readonly shown: boolean;
  /** Why the next read comes when it does. */
  readonly reason: ScheduleReason;
  /** When the next read is due, epoch ms (the panel's clock and the devtools page's differ in origin, not in Date.now()); null when none is planned. */
  readonly nextReadAt: number | null;
  /** The share of wall time reads may take on a heavy page (0.02). */
  readonly budget: number;
  /** Entries in the last log read (light or heavy page); null before the first. */
  readonly entries: number | null;
  readonly heavy: boolean;
}

/** Whether the page loaded before the capture could see it (DevTools' network recording began after its document request). */
export interface Coverage {
  readonly partial: boolean;
  /** The page whose load was missed. */
  readonly url: string | null;
}

/** devtools page → panel. */
export type CaptureMessage =
  | {
      readonly type: 'snapshot';
      readonly entries: readonly CapturedEntry[];
      readonly preserveLog: boolean;
      readonly theme: string;
      readonly stats: HarStats;
      readonly coverage: Coverage;
      /** How many older handshakes the capture dropped to bound its memory (capture.ts `maxEntries`). */
      readonly dropped?: number;
    }
  | { readonly type: 'entries'; readonly entries: readonly CapturedEntry[] }
  | { readonly type: 'reset'; readonly reason: 'navigated' | 'cleared'; readonly url: string | null }
  | { readonly type: 'theme'; readonly theme: string }
  | { readonly type: 'stats'; readonly stats: HarStats }
  | { readonly type: 'dropped'; readonly keys: readonly string[]; readonly total: number }
  | { readonly type: 'coverage'; readonly coverage: Coverage };

/** panel → devtools page. */
export type PanelMessage =
  | { readonly type: 'hello' }
  | { readonly type: 'refresh' }
  | { readonly type: 'clear' }
  | { readonly type: 'preserve-log'; readonly on: boolean }
  | { readonly type: 'reload' };
