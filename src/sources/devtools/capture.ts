/**
 * The live DevTools feed. Runs in the devtools page from the moment DevTools
 * opens: keeps the WebSocket HAR entries of the inspected page in a buffer,
 * from `onRequestFinished` (finished and rejected handshakes) and from
 * `getHAR()` (the backlog and sockets still open), one entry per handshake.
 * The browser API is injected (`NetworkApi`), so this file has no extension
 * globals and is unit-tested with fakes. Browser differences stay here.
 */
import { completeness, copyEntry, entryKey, isLiveWebSocketEntry, isUnsent, sameEntry, type CapturedEntry } from './entry.js';
import type { Coverage } from './link.js';
import { HarScheduler, realClock, type Clock, type PassResult, type SchedulerOptions } from './scheduler.js';
import { yieldToEventLoop } from './yield.js';

/**
 * How many log entries a getHAR answer is read in per task. A reconnect storm's log holds
 * thousands of WebSocket entries; copying them in one go blocked the devtools page, and the
 * panel sharing its thread, for 100+ ms on a busy machine.
 */
export const HAR_SLICE = 200;

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
  getHAR(): Promise<{ entries?: readonly unknown[]; pages?: readonly unknown[] }>;
  readonly onRequestFinished: { addListener(listener: (request: unknown) => void): void };
  readonly onNavigated: { addListener(listener: (url: string) => void): void };
}

/** What the capture tells its listeners. */
export type CaptureEvent =
  | { readonly type: 'entries'; readonly entries: readonly CapturedEntry[] }
  | { readonly type: 'reset'; readonly reason: 'navigated' | 'cleared'; readonly url: string | null }
  /** The oldest handshakes were dropped to stay within `maxEntries`; `total` counts every drop since the last reset. */
  | { readonly type: 'dropped'; readonly keys: readonly string[]; readonly total: number }
  | { readonly type: 'coverage'; readonly coverage: Coverage };

export interface CaptureOptions {
  clock?: Clock;
  wallNow?: () => number;
  scheduler?: SchedulerOptions;
  /**
   * Chromium: tell pages apart by the HAR's numbered page loads (`pages[].id`
   * `page_N`, entries' `pageref`), which getHAR gives and onRequestFinished
   * does not. onNavigated also fires for same-document navigations
   * (history.pushState), so a navigation is only known to be a new page once
   * the next getHAR shows a new page id; what is reported meanwhile is held.
   * Firefox names pages alike or not at all (pageref null) and tells a
   * navigation at dom-complete: it keeps the time-based rules (false).
   */
  pagesFromHar?: boolean;
  /** How many handshakes to keep (default DEFAULT_MAX_ENTRIES); the oldest beyond it are dropped and counted. */
  maxEntries?: number;
}

/** A HAR page as Chromium's getHAR gives it. */
interface HarPage {
  readonly id: string;
  readonly started: number;
}

function harPages(pages: readonly unknown[] | undefined): HarPage[] {
  const found: HarPage[] = [];
  for (const page of pages ?? []) {
    const p = page as { id?: unknown; startedDateTime?: unknown } | null;
    if (typeof p?.id !== 'string') continue;
    found.push({ id: p.id, started: typeof p.startedDateTime === 'string' ? Date.parse(p.startedDateTime) : NaN });
  }
  return found;
}

/**
 * When a handshake started (ms), or NaN when unknown. Chromium dates a socket it refused
 * before sending (ERR_CONNECTION_REFUSED) at the epoch's edge (1969-12-31): no real time, so
 * the time filters (Clear, the old page's late reports) must not judge it by that date.
 */
const EARLIEST_REAL_START = Date.UTC(2000, 0, 1);
export function startedAt(entry: { readonly startedDateTime: string }): number {
  const started = Date.parse(entry.startedDateTime);
  return started >= EARLIEST_REAL_START ? started : NaN;
}

/** The URL without its fragment (a document request never carries one). */
function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

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
  /** navigatedAt is the new document request's own start (not the time onNavigated came): nothing of the new page starts before it. */
  private navigatedAtIsDocumentStart = false;
  /** The start time of recent requests by URL, to find a navigation's own document request. */
  private readonly recentStarts = new Map<string, string>();

  // Chromium (pagesFromHar): pages by the HAR's page ids.
  private readonly pagesFromHar: boolean;
  /** The newest page id the last getHAR gave; null before one named a page. */
  private currentPage: string | null = null;
  /** A navigation told by onNavigated that no getHAR begun after it has resolved yet (new document, or same-document). */
  private pendingNavigation: { readonly url: string; readonly seq: number; readonly pageBefore: string | null } | null = null;
  private navigationSeq = 0;
  /** Handshakes reported while a navigation is pending: whose page they are, the next getHAR tells. */
  private held: CapturedEntry[] = [];
  private lastNavigationUrl: string | null = null;

  // Coverage: did the capture see the page's load from its start?
  private coverageState: Coverage = { partial: false, url: null };
  /** The inspected page's URL, told once at start (coverage is judged against the first log read). */
  private startUrl: string | null = null;
  private coverageDecided = false;

  constructor(
    private readonly network: NetworkApi,
    options: CaptureOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.wallNow = options.wallNow ?? (() => Date.now());
    this.pagesFromHar = options.pagesFromHar ?? false;
    this.scheduler = new HarScheduler(() => this.pollHar(), options.clock ?? realClock, options.scheduler);
    network.onRequestFinished.addListener((request) => {
      this.notePage(request);
      if (!isLiveWebSocketEntry(request)) return;
      const copy = copyEntry(request, { finished: true });
      if (this.pendingNavigation) this.held.push(copy);
      else this.accept([copy]);
      // Sockets a page opens together: the open ones only come with getHAR.
      this.scheduler.noteRequestFinished();
    });
    network.onNavigated.addListener((url) => (this.pagesFromHar ? this.navigatedByPages(url) : this.navigated(url)));
  }

  get coverage(): Coverage {
    return this.coverageState;
  }

  /**
   * The inspected page's document URL, told once at start. If the next log read
   * begun after it has no request for it, the page loaded before DevTools
   * recorded (on a busy machine DevTools' front-end enables network recording
   * seconds after it opens): handshakes it made then are not in DevTools at all,
   * and only a reload lists them. Only a read begun after the answer counts: the
   * answer can wait for a navigation in progress, whose document an earlier read
   * could not have. Only for http(s) pages (about:blank, chrome:// load nothing).
   */
  noteStartUrl(url: string | null): void {
    if (this.coverageDecided || url === null || !/^https?:/i.test(url)) return;
    this.startUrl = withoutFragment(url);
    void this.scheduler.refreshNow();
  }

  private decideCoverage(urls: ReadonlySet<string>): void {
    if (this.coverageDecided || this.startUrl === null) return;
    this.coverageDecided = true;
    if (!urls.has(this.startUrl)) this.setCoverage({ partial: true, url: this.startUrl });
  }

  private setCoverage(coverage: Coverage): void {
    if (coverage.partial === this.coverageState.partial && coverage.url === this.coverageState.url) return;
    this.coverageState = coverage;
    this.emit({ type: 'coverage', coverage });
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
  async pollHar(): Promise<PassResult> {
    const seqAtStart = this.navigationSeq;
    const judgesCoverage = !this.coverageDecided && this.startUrl !== null;
    const log = await this.network.getHAR();
    const entries = log.entries ?? [];
    const fresh: CapturedEntry[] = [];
    const urls = judgesCoverage && !this.coverageDecided ? new Set<string>() : null;
    for (let i = 0; i < entries.length; i++) {
      if (i > 0 && i % HAR_SLICE === 0) await yieldToEventLoop();
      const entry = entries[i];
      if (urls) {
        const url = (entry as { request?: { url?: unknown } } | null)?.request?.url;
        if (typeof url === 'string') urls.add(url);
      }
      if (!isLiveWebSocketEntry(entry)) continue;
      const copy = copyEntry(entry);
      if (copy.pageref !== undefined) this.seenPages.add(copy.pageref);
      fresh.push(copy);
    }
    if (urls) this.decideCoverage(urls);
    if (this.pagesFromHar) this.acceptByPages(fresh, harPages(log.pages), seqAtStart);
    else this.accept(fresh);
    return { entries: entries.length };
  }

  /** Chromium: a navigation was told; whether it made a new page, the next getHAR says (its page ids). */
  private navigatedByPages(url: string): void {
    this.navigationSeq += 1;
    // A second navigation before the first resolved keeps the page before the first.
    const pageBefore = this.pendingNavigation ? this.pendingNavigation.pageBefore : this.currentPage;
    this.pendingNavigation = { url, seq: this.navigationSeq, pageBefore };
    this.lastNavigationUrl = url;
    void this.scheduler.refreshNow();
  }

  private acceptByPages(fresh: readonly CapturedEntry[], pages: readonly HarPage[], seqAtStart: number): void {
    const newest = pages.at(-1) ?? null;
    const pending = this.pendingNavigation;
    if (pending && pending.seq > seqAtStart) return; // read before the navigation: the next read resolves it
    const pageBefore = this.currentPage;
    if (newest) this.currentPage = newest.id;
    if (pending) {
      this.pendingNavigation = null;
      // No page ids at all (recording began after the page loaded): judge it a new document, as the time rules would.
      const newDocument = newest === null ? true : newest.id !== pending.pageBefore;
      if (newDocument) this.newDocument(pending.url, newest, fresh);
      const inHar = new Set(fresh.map(entryKey));
      const held = this.held.filter((entry) => !inHar.has(entryKey(entry)));
      this.held = [];
      this.accept([...fresh, ...held]);
      return;
    }
    // A new page id with no navigation pending: the read that resolved the navigation came before DevTools
    // numbered the new page (it then looked like a same-document one). The new page is known now.
    if (newest && pageBefore !== null && newest.id !== pageBefore) this.newDocument(this.lastNavigationUrl, newest, fresh);
    this.accept(fresh);
  }

  /** A navigation made a new document: the old page's rows go (unless Preserve log), the new page starts light and fully seen. */
  private newDocument(url: string | null, page: HarPage | null, fresh: readonly CapturedEntry[]): void {
    this.scheduler.newPage();
    // A load the capture saw begin is recorded from its start.
    this.coverageDecided = true;
    this.setCoverage({ partial: false, url: null });
    this.pageStart = page && Number.isFinite(page.started) ? page.started : this.wallNow();
    if (this.preserveLog) return;
    this.navigatedAt = this.pageStart;
    this.stalePages = new Set(this.seenPages);
    if (page) this.stalePages.delete(page.id);
    const pageOf = new Map(fresh.map((entry) => [entryKey(entry), entry.pageref]));
    for (const [key, entry] of this.entries) {
      const pageref = pageOf.get(key) ?? entry.pageref;
      if (page && pageref === page.id) continue; // the new page's, listed before the read told
      this.dismissed.add(key);
      this.entries.delete(key);
    }
    this.emit({ type: 'reset', reason: 'navigated', url });
    if (this.entries.size > 0) this.emit({ type: 'entries', entries: this.snapshot() });
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
    this.navigatedAtIsDocumentStart = documentSeen;
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
    if (this.pagesFromHar) {
      if (this.preserveLog) return false;
      // getHAR names the page; onRequestFinished does not, so a late report from the old page is told by its start.
      if (entry.pageref !== undefined) return this.currentPage !== null && entry.pageref !== this.currentPage && this.stalePages.has(entry.pageref);
      return Number.isFinite(started) && started < this.navigatedAt;
    }
    if (!Number.isFinite(started) || started >= this.navigatedAt) return false;
    // Both tests: Firefox may name every page alike, and a new page's first socket can start before onNavigated arrives.
    if (entry.pageref !== undefined) return this.stalePages.has(entry.pageref);
    // No page named (Firefox's onRequestFinished): an old page's socket that the unload closed reports late. Told by its
    // start only when the navigation's own document request marked where the new page begins.
    return this.navigatedAtIsDocumentStart;
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
      const started = startedAt(entry);
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
