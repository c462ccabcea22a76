/**
 * The live DevTools feed. Runs in the devtools page from the moment DevTools
 * opens: keeps the WebSocket HAR entries of the inspected page in a buffer,
 * from `onRequestFinished` (finished and rejected handshakes) and from
 * `getHAR()` (the backlog and sockets still open), one entry per handshake.
 * The browser API is injected (`NetworkApi`), so this file has no extension
 * globals and is unit-tested with fakes. Browser differences stay here.
 */
import { completeness, copyEntry, entryKey, isLiveWebSocketEntry, isUnsent, sameEntry, type CapturedEntry } from './entry.js';
import { HarScheduler, realClock, type Clock, type SchedulerOptions } from './scheduler.js';

/** How many request URLs the capture remembers to find a navigation's document request (a page's last few dozen requests). */
const RECENT_REQUESTS = 64;

/**
 * How many handshakes the capture keeps by default. A page that reconnects in a
 * loop makes thousands; beyond this the oldest are dropped (and counted), so the
 * devtools page and the panel stay within bounded memory.
 */
export const DEFAULT_MAX_ENTRIES = 10_000;

/** The slice of `devtools.network` the capture uses, promise-shaped (api.ts adapts Chrome's callbacks). */
export interface NetworkApi {
  getHAR(): Promise<{ entries?: readonly unknown[] }>;
  readonly onRequestFinished: { addListener(listener: (request: unknown) => void): void };
  readonly onNavigated: { addListener(listener: (url: string) => void): void };
}

/** What the capture tells its listeners. */
export type CaptureEvent =
  | { readonly type: 'entries'; readonly entries: readonly CapturedEntry[] }
  | { readonly type: 'reset'; readonly reason: 'navigated' | 'cleared'; readonly url: string | null }
  /** The oldest handshakes were dropped to stay within `maxEntries`; `total` counts every drop since the last reset. */
  | { readonly type: 'dropped'; readonly keys: readonly string[]; readonly total: number };

/**
 * The buffer of WebSocket handshakes for one DevTools session. Starts listening
 * at construction; `getHAR()` is driven by the scheduler. Navigation clears it
 * unless `preserveLog`; `clear()` also ignores whatever started before it.
 */
export class DevtoolsCapture {
  readonly scheduler: HarScheduler;
  preserveLog = false;
  /** The most handshakes kept; the oldest go first (`dropped` counts them). */
  maxEntries: number;
  /** How many handshakes were dropped to stay within `maxEntries` since the last Clear or navigation. */
  dropped = 0;
  private readonly entries = new Map<string, CapturedEntry>();
  private readonly listeners = new Set<(event: CaptureEvent) => void>();
  /** Keys dismissed by Clear or navigation: a later getHAR must not bring them back. */
  private readonly dismissed = new Set<string>();
  /** Entries that started before this wall-clock time (ms) were cleared by the user. */
  private clearedBefore = -Infinity;
  /** HAR pages seen so far, and those a navigation left behind (with when it happened). */
  private readonly seenPages = new Set<string>();
  private stalePages = new Set<string>();
  /** When the current page began (its document request's start, or when onNavigated came), Preserve log or not. */
  private pageStart = -Infinity;
  /** When the navigation that last cleared the list began: what started before is the old page's. */
  private navigatedAt = -Infinity;
  /** The start time of recent requests by URL, to find a navigation's own document request. */
  private readonly recentStarts = new Map<string, string>();

  constructor(
    private readonly network: NetworkApi,
    options: { clock?: Clock; wallNow?: () => number; scheduler?: SchedulerOptions; maxEntries?: number } = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.wallNow = options.wallNow ?? (() => Date.now());
    this.scheduler = new HarScheduler(() => this.pollHar(), options.clock ?? realClock, options.scheduler);
    network.onRequestFinished.addListener((request) => {
      this.notePage(request);
      if (!isLiveWebSocketEntry(request)) return;
      this.accept([copyEntry(request, { finished: true })]);
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
    this.dropped = 0;
    this.emit({ type: 'reset', reason: 'cleared', url: null });
  }

  private navigated(url: string): void {
    // Where the new page begins. Chrome tells a navigation when it commits, before the new page's
    // requests; Firefox only at the page's dom-complete, when its first sockets may have ended and
    // been reported already. The navigation's own document request, reported first, marks the start
    // of the new page in both (a document reported before the previous navigation is an older load).
    const documentStart = Date.parse(this.recentStarts.get(url) ?? '');
    const documentSeen = Number.isFinite(documentStart) && documentStart > this.pageStart;
    this.pageStart = documentSeen ? documentStart : this.wallNow();
    if (this.preserveLog) return;
    this.navigatedAt = this.pageStart;
    // An old page's request that reports late (getHAR with the Network panel's own
    // Preserve log, a handshake aborted by the unload) must not land in the new list.
    this.stalePages = new Set(this.seenPages);
    for (const [key, entry] of this.entries) {
      if (documentSeen && Date.parse(entry.startedDateTime) >= this.navigatedAt) continue; // the new page's, reported before onNavigated
      this.dismissed.add(key);
      this.entries.delete(key);
    }
    this.dropped = 0;
    this.emit({ type: 'reset', reason: 'navigated', url });
    if (this.entries.size > 0) this.emit({ type: 'entries', entries: this.snapshot() });
  }

  /** Every request names its page and its URL; reading two properties keeps this cheap. */
  private notePage(request: unknown): void {
    const r = request as { pageref?: unknown; startedDateTime?: unknown; request?: { url?: unknown } } | null;
    if (typeof r?.pageref === 'string') this.seenPages.add(r.pageref);
    const url = r?.request?.url;
    if (typeof url === 'string' && typeof r?.startedDateTime === 'string') {
      this.recentStarts.delete(url);
      this.recentStarts.set(url, r.startedDateTime);
      if (this.recentStarts.size > RECENT_REQUESTS) this.recentStarts.delete(this.recentStarts.keys().next().value!);
    }
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
    const dropped = this.dropOldest();
    if (changed.length > 0) this.emit({ type: 'entries', entries: dropped.size > 0 ? changed.filter((e) => !dropped.has(entryKey(e))) : changed });
    if (dropped.size > 0) this.emit({ type: 'dropped', keys: [...dropped], total: this.dropped });
  }

  /**
   * Drops the oldest handshakes beyond `maxEntries` (Map order is capture order). Their keys are
   * dismissed, so getHAR, which still lists them, does not bring them back: a key is far smaller than an entry.
   */
  private dropOldest(): Set<string> {
    const dropped = new Set<string>();
    const limit = Math.max(0, Math.floor(this.maxEntries));
    for (const key of this.entries.keys()) {
      if (this.entries.size <= limit) break;
      this.entries.delete(key);
      this.dismissed.add(key);
      dropped.add(key);
    }
    this.dropped += dropped.size;
    return dropped;
  }

  private emit(event: CaptureEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
