/**
 * The live DevTools feed. Runs in the devtools page from the moment DevTools
 * opens: keeps the WebSocket HAR entries of the inspected page in a buffer,
 * from `onRequestFinished` (finished and rejected handshakes) and from
 * `getHAR()` (the backlog and sockets still open), one entry per handshake.
 * The browser API is injected (`NetworkApi`), so this file has no extension
 * globals and is unit-tested with fakes. Browser differences stay here.
 */
import { entryKey, type CapturedEntry } from './devtools-link.js';

export { entryKey, channelName, type CapturedEntry, type CaptureMessage, type HarStats, type PanelMessage } from './devtools-link.js';

/** The slice of `devtools.network` the capture uses (webextension-polyfill's shape). */
export interface NetworkApi {
  getHAR(): Promise<{ entries?: readonly unknown[] }>;
  readonly onRequestFinished: { addListener(listener: (request: unknown) => void): void };
  readonly onNavigated: { addListener(listener: (url: string) => void): void };
}

/** What the capture tells its listeners. */
export type CaptureEvent =
  | { readonly type: 'entries'; readonly entries: readonly CapturedEntry[] }
  | { readonly type: 'reset'; readonly reason: 'navigated' | 'cleared'; readonly url: string | null };

// --- cheap filtering and copying -------------------------------------------------

/**
 * A cheap test on an entry of any kind from the live feed (it sees every request
 * of the page): Chrome types entries, Firefox's WebSocket URLs say ws(s)://.
 */
export function isLiveWebSocketEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as { _resourceType?: unknown; request?: { url?: unknown } };
  if (e._resourceType !== undefined) return e._resourceType === 'websocket';
  // Firefox has no _resourceType: the URL scheme tells.
  const url = e.request?.url;
  return typeof url === 'string' && (url.startsWith('ws://') || url.startsWith('wss://'));
}

const MAX_ERROR_MESSAGES = 4;

function headersOf(value: unknown): { name: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  const out: { name: string; value: string }[] = [];
  for (const h of value) {
    if (h && typeof h === 'object') out.push({ name: String(h.name ?? ''), value: String(h.value ?? '') });
  }
  return out;
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * A plain, structured-clonable copy of a WebSocket entry with only what the
 * handshake needs (Chrome's entries carry functions and every frame of the socket).
 */
export function copyEntry(entry: unknown): CapturedEntry {
  const e = (entry ?? {}) as Record<string, unknown>;
  const request = (e.request ?? {}) as Record<string, unknown>;
  const response = (e.response ?? {}) as Record<string, unknown>;
  const copy: {
    -readonly [K in keyof CapturedEntry]: CapturedEntry[K];
  } = {
    startedDateTime: str(e.startedDateTime),
    time: num(e.time, -1),
    request: {
      method: str(request.method, 'GET'),
      url: str(request.url),
      httpVersion: str(request.httpVersion),
      headers: headersOf(request.headers),
    },
    response: {
      status: num(response.status, 0),
      statusText: str(response.statusText),
      httpVersion: str(response.httpVersion),
      headers: headersOf(response.headers),
      _error: typeof response._error === 'string' ? response._error : null,
    },
  };
  // Versions are kept as given: the HAR mapper knows when a browser's version is not to be trusted.
  if (typeof e._resourceType === 'string') copy._resourceType = e._resourceType;
  if (typeof e.pageref === 'string') copy.pageref = e.pageref;
  if (e.timings && typeof e.timings === 'object') {
    const timings: Record<string, number> = {};
    for (const [phase, value] of Object.entries(e.timings)) if (typeof value === 'number') timings[phase] = value;
    copy.timings = timings;
  }
  if (Array.isArray(e._webSocketMessages)) {
    const errors = [];
    for (const m of e._webSocketMessages as unknown[]) {
      const message = m as { type?: unknown; opcode?: unknown; data?: unknown; time?: unknown };
      if (message && message.type === 'error') {
        errors.push({ type: 'error', opcode: num(message.opcode, -1), data: str(message.data), time: num(message.time, 0) });
        if (errors.length >= MAX_ERROR_MESSAGES) break;
      }
    }
    copy._webSocketMessages = errors;
  }
  return copy;
}

/**
 * Chromium lists a socket before its request goes out (queued behind another
 * handshake to the same host): no method, no headers, a 1969 start time. Such an
 * entry says nothing and has no stable key; it is reported again once sent.
 */
export function isUnsent(entry: CapturedEntry): boolean {
  return entry.request.headers.length === 0 && entry.response.status === 0 && (entry._webSocketMessages?.length ?? 0) === 0 && !entry.response._error;
}

/** How far a report of a handshake got: a later report only replaces an earlier one that knew less. */
export function completeness(entry: CapturedEntry): number {
  const hasError = (entry._webSocketMessages?.length ?? 0) > 0 || !!entry.response._error;
  return (entry.response.status !== 0 ? 2 : 0) + (hasError ? 2 : 0) + (entry.response.headers.length > 0 ? 1 : 0) + (entry.time >= 0 ? 0.5 : 0);
}

function sameEntry(a: CapturedEntry, b: CapturedEntry): boolean {
  return (
    a.response.status === b.response.status &&
    a.response.headers.length === b.response.headers.length &&
    (a._webSocketMessages?.length ?? 0) === (b._webSocketMessages?.length ?? 0) &&
    a.time === b.time
  );
}

// --- the adaptive getHAR scheduler ----------------------------------------------

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const HEADROOM = 1.2;

export interface SchedulerOptions {
  /** The share of wall time getHAR may take (0.02 = 2 %). */
  readonly budget?: number;
  /** Never poll more often than this, however cheap getHAR is. */
  readonly minIntervalMs?: number;
  /** Never wait longer than this while shown. */
  readonly maxIntervalMs?: number;
}

/**
 * Calls `run` (a getHAR pass) repeatedly while `shown`, waiting after each call
 * long enough that its measured cost stays within `budget` of wall time
 * (interval = cost / budget, smoothed). Calls never overlap; `refreshNow()`
 * runs at once (or right after the call in flight).
 */
export class HarScheduler {
  readonly budget: number;
  readonly minIntervalMs: number;
  readonly maxIntervalMs: number;
  /** Smoothed cost of one call, ms; null before the first. */
  costMs: number | null = null;
  /** Total time spent inside `run`, ms, and the number of calls (for the bench). */
  totalRunMs = 0;
  runs = 0;
  /** Called after every pass (to report the stats). */
  onPass: () => void = () => {};
  private shown = false;
  private running: Promise<void> | null = null;
  private rerun = false;
  private timer: unknown = null;
  private lastEnd = -Infinity;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly clock: Clock = realClock,
    options: SchedulerOptions = {},
  ) {
    this.budget = options.budget ?? 0.02;
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.maxIntervalMs = options.maxIntervalMs ?? 10 * 60_000;
  }

  /** The wait after a call, given the smoothed cost (with headroom, as the next call may cost more). */
  get intervalMs(): number {
    const cost = this.costMs ?? 0;
    return Math.min(this.maxIntervalMs, Math.max(this.minIntervalMs, (cost / this.budget) * HEADROOM));
  }

  get isShown(): boolean {
    return this.shown;
  }

  /** The panel became visible: poll, but not sooner than the budget allows after the last call. */
  show(): void {
    if (this.shown) return;
    this.shown = true;
    this.schedule(Math.max(0, this.lastEnd + this.intervalMs - this.clock.now()));
  }

  hide(): void {
    this.shown = false;
    this.cancelTimer();
  }

  /** Runs a pass now (the Refresh button, the backlog at start); resolves when it is done. */
  refreshNow(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running.then(() => this.running ?? undefined);
    }
    this.cancelTimer();
    return this.start();
  }

  private start(): Promise<void> {
    const began = this.clock.now();
    const pass = (async () => {
      try {
        await this.run();
      } catch {
        // A failed getHAR (DevTools closing) is retried on the next tick.
      }
      const cost = this.clock.now() - began;
      this.totalRunMs += cost;
      this.runs += 1;
      // Smooth so one slow call (GC, a burst of requests) does not swing the interval.
      this.costMs = this.costMs === null ? cost : this.costMs * 0.5 + cost * 0.5;
      this.lastEnd = this.clock.now();
      this.running = null;
      this.onPass();
      if (this.rerun) {
        this.rerun = false;
        return this.start();
      }
      if (this.shown) this.schedule(this.intervalMs);
    })();
    this.running = pass;
    return pass;
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    if (this.running) return; // the pass in flight schedules the next one
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.shown && !this.running) void this.start();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}

// --- the capture -----------------------------------------------------------------

/**
 * The buffer of WebSocket handshakes for one DevTools session. Starts listening
 * at construction; `getHAR()` is driven by the scheduler. Navigation clears it
 * unless `preserveLog`; `clear()` also ignores whatever started before it.
 */
export class DevtoolsCapture {
  readonly scheduler: HarScheduler;
  preserveLog = false;
  private readonly entries = new Map<string, CapturedEntry>();
  private readonly listeners = new Set<(event: CaptureEvent) => void>();
  /** Keys dismissed by Clear or navigation: a later getHAR must not bring them back. */
  private readonly dismissed = new Set<string>();
  /** Entries that started before this wall-clock time (ms) were cleared by the user. */
  private clearedBefore = -Infinity;
  /** HAR pages seen so far, and those a navigation left behind (with when it happened). */
  private readonly seenPages = new Set<string>();
  private stalePages = new Set<string>();
  private navigatedAt = -Infinity;

  constructor(
    private readonly network: NetworkApi,
    options: { clock?: Clock; wallNow?: () => number; scheduler?: SchedulerOptions } = {},
  ) {
    this.wallNow = options.wallNow ?? (() => Date.now());
    this.scheduler = new HarScheduler(() => this.pollHar(), options.clock ?? realClock, options.scheduler);
    network.onRequestFinished.addListener((request) => {
      this.notePage(request);
      if (!isLiveWebSocketEntry(request)) return;
      this.accept([copyEntry(request)]);
    });
    network.onNavigated.addListener((url) => this.navigated(url));
  }

  private readonly wallNow: () => number;

  /** Every buffered handshake, in capture order. */
  snapshot(): CapturedEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  subscribe(listener: (event: CaptureEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One getHAR pass: adds what the incremental path has not seen (backlog, open sockets). */
  async pollHar(): Promise<void> {
    const log = await this.network.getHAR();
    const fresh: CapturedEntry[] = [];
    for (const entry of log.entries ?? []) {
      if (!isLiveWebSocketEntry(entry)) continue;
      const copy = copyEntry(entry);
      if (copy.pageref !== undefined) this.seenPages.add(copy.pageref);
      fresh.push(copy);
    }
    this.accept(fresh);
  }

  /** The user pressed Clear: forget everything, and ignore handshakes that started before now. */
  clear(): void {
    this.clearedBefore = this.wallNow();
    this.dismissAll();
    this.emit({ type: 'reset', reason: 'cleared', url: null });
  }

  private navigated(url: string): void {
    if (this.preserveLog) return;
    // An old page's request that reports late (getHAR with the Network panel's own
    // Preserve log, a handshake aborted by the unload) must not land in the new list.
    this.stalePages = new Set(this.seenPages);
    this.navigatedAt = this.wallNow();
    this.dismissAll();
    this.emit({ type: 'reset', reason: 'navigated', url });
  }

  /** Every request names its page; reading one property keeps this cheap. */
  private notePage(request: unknown): void {
    const pageref = (request as { pageref?: unknown } | null)?.pageref;
    if (typeof pageref === 'string') this.seenPages.add(pageref);
  }

  private isFromOldPage(entry: CapturedEntry, started: number): boolean {
    // Both tests: Firefox may name every page alike, and a new page's first socket can start before onNavigated arrives.
    return entry.pageref !== undefined && this.stalePages.has(entry.pageref) && Number.isFinite(started) && started < this.navigatedAt;
  }

  private dismissAll(): void {
    for (const key of this.entries.keys()) this.dismissed.add(key);
    this.entries.clear();
  }

  private accept(candidates: readonly CapturedEntry[]): void {
    const changed: CapturedEntry[] = [];
    for (const entry of candidates) {
      if (isUnsent(entry)) continue;
      const key = entryKey(entry);
      if (this.dismissed.has(key)) continue;
      const started = Date.parse(entry.startedDateTime);
      if (Number.isFinite(started) && started < this.clearedBefore) continue;
      if (this.isFromOldPage(entry, started)) continue;
      const known = this.entries.get(key);
      if (known && (sameEntry(known, entry) || completeness(entry) < completeness(known))) continue;
      this.entries.set(key, entry);
      changed.push(entry);
    }
    if (changed.length > 0) this.emit({ type: 'entries', entries: changed });
  }

  private emit(event: CaptureEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
