/**
 * The link between the devtools page and the panel: two documents of the same
 * extension origin (in Chrome and Firefox alike) that talk over a BroadcastChannel
 * whose name the devtools page puts in the panel URL, one per DevTools session.
 */
import type { CapturedEntry } from './entry.js';

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
}

/** devtools page → panel. */
export type CaptureMessage =
  | {
      readonly type: 'snapshot';
      readonly entries: readonly CapturedEntry[];
      readonly preserveLog: boolean;
      readonly theme: string;
      readonly stats: HarStats;
      /** How many older handshakes the capture dropped to bound its memory (capture.ts `maxEntries`). */
      readonly dropped?: number;
    }
  | { readonly type: 'entries'; readonly entries: readonly CapturedEntry[] }
  | { readonly type: 'reset'; readonly reason: 'navigated' | 'cleared'; readonly url: string | null }
  | { readonly type: 'theme'; readonly theme: string }
  | { readonly type: 'stats'; readonly stats: HarStats }
  | { readonly type: 'dropped'; readonly keys: readonly string[]; readonly total: number };

/** panel → devtools page. */
export type PanelMessage =
  | { readonly type: 'hello' }
  | { readonly type: 'refresh' }
  | { readonly type: 'clear' }
  | { readonly type: 'preserve-log'; readonly on: boolean }
  | { readonly type: 'reload' };
