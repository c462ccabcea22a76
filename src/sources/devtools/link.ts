/**
 * What the devtools page and the panel share: the captured entry's shape, the
 * dedupe key and the messages between them. Kept apart from the capture so the
 * panel's bundle does not carry the capture code.
 */

/** The HAR fields the panel reads; everything else (bodies, frames, timings) is dropped. */
export interface CapturedEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly { readonly name: string; readonly value: string }[];
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly headers: readonly { readonly name: string; readonly value: string }[];
    readonly _error?: string | null;
  };
  readonly timings?: Readonly<Record<string, number>>;
  /** The HAR page the request belongs to (Chromium numbers them page_1, page_2… per navigation). */
  readonly pageref?: string;
  readonly _resourceType?: string;
  /** Only the `error` messages Chromium records for a rejected handshake, never the data frames. */
  readonly _webSocketMessages?: readonly { readonly type: string; readonly opcode: number; readonly data: string; readonly time?: number }[];
}

function headerValue(headers: readonly { name: string; value: string }[], name: string): string | null {
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value.trim();
  return null;
}

/**
 * One handshake, however often and by whichever path it is reported: the URL plus
 * its random Sec-WebSocket-Key, or (HTTP/2, or a connection that failed before the
 * request went out) plus the start time and the time of the browser's error.
 */
export function entryKey(entry: CapturedEntry): string {
  const key = headerValue(entry.request.headers, 'sec-websocket-key');
  if (key !== null && key !== '') return `${entry.request.url} ${key}`;
  const errorTime = entry._webSocketMessages?.[0]?.time;
  return `${entry.request.url} @${entry.startedDateTime}${errorTime ? `#${errorTime}` : ''}`;
}

// --- the link between the devtools page and the panel --------------------------

/**
 * The devtools page and the panel are separate documents of the same extension
 * origin (in Chrome and Firefox alike); they talk over a BroadcastChannel whose
 * name the devtools page puts in the panel URL, one per DevTools session.
 */
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
  | { readonly type: 'snapshot'; readonly entries: readonly CapturedEntry[]; readonly preserveLog: boolean; readonly theme: string; readonly stats: HarStats }
  | { readonly type: 'entries'; readonly entries: readonly CapturedEntry[] }
  | { readonly type: 'reset'; readonly reason: 'navigated' | 'cleared'; readonly url: string | null }
  | { readonly type: 'theme'; readonly theme: string }
  | { readonly type: 'stats'; readonly stats: HarStats };

/** panel → devtools page. */
export type PanelMessage =
  | { readonly type: 'hello' }
  | { readonly type: 'refresh' }
  | { readonly type: 'clear' }
  | { readonly type: 'preserve-log'; readonly on: boolean }
  | { readonly type: 'reload' };
