/**
 * When the devtools page re-reads the whole network log (`getHAR()`, the only way
 * to see sockets that are still open in Chromium). The rule is an entry-count
 * budget, not the wall time of one call: on a busy machine a 23-entry page's
 * getHAR can take hundreds of ms, and "cost / 2 %" then waited 18–37 s before
 * listing a socket that was already open. getHAR costs ≈0.1 ms per entry
 * (PLATFORM.md), so the entry count says what a read will cost on a quiet
 * machine:
 * - light pages (≤ HEAVY_ENTRIES) are re-read every LIGHT_INTERVAL_MS
 *   (VERY_LIGHT_INTERVAL_MS under VERY_LIGHT_ENTRIES) while the tab is shown:
 *   a socket that opens is listed within ~1.5 s plus one read;
 * - heavy pages keep getHAR within `budget` (2 %) of wall time (interval =
 *   smoothed cost / budget, with headroom), at most `maxIntervalMs`.
 * `noteRequestFinished()` (a WebSocket just reported) pulls the next read of a
 * light page earlier: a page that opens one socket often opens others with it.
 * `newPage()` (a navigation) starts the page light again.
 */

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

/** Over this many entries a page is heavy: getHAR then costs ≳150 ms even on a quiet machine. */
export const HEAVY_ENTRIES = 1_500;
/** Under this many entries a read costs a few ms: re-read every second. */
export const VERY_LIGHT_ENTRIES = 170;
export const LIGHT_INTERVAL_MS = 1_500;
export const VERY_LIGHT_INTERVAL_MS = 1_000;
/** After a WebSocket is reported, the next read of a light page comes this soon (not sooner than EARLY_GAP_MS after the last). */
const EARLY_DELAY_MS = 200;
const EARLY_GAP_MS = 500;
/** The next call may cost more than the smoothed one: heavy pages wait this much longer. */
const HEADROOM = 1.2;

export interface SchedulerOptions {
  /** The share of wall time getHAR may take on a heavy page (0.02 = 2 %). */
  readonly budget?: number;
  /** Never wait longer than this while shown. */
  readonly maxIntervalMs?: number;
}

/** Why the next read comes when it does (the panel's schedule note says it). */
export type ScheduleReason =
  /** Shown, light page: the short interval. */
  | 'light'
  /** Shown, heavy page: the wall-time budget. */
  | 'heavy'
  /** A WebSocket was just reported: read soon for the ones opening with it. */
  | 'socket-reported'
  /** A read was asked for (Refresh, the backlog, a navigation). */
  | 'requested'
  /** The tab is hidden: no reads until it is shown (onRequestFinished still lists what finishes). */
  | 'hidden';

/** What a pass reports back: how many entries the log had (drives light/heavy). */
export interface PassResult {
  readonly entries: number;
}

/**
 * Calls `run` (a getHAR pass) repeatedly while `shown`. Calls never overlap;
 * `refreshNow()` runs at once (or right after the call in flight).
 */
export class HarScheduler {
  readonly budget: number;
  readonly maxIntervalMs: number;
  /** Smoothed cost of one call on this page, ms; null before the first. */
  costMs: number | null = null;
  /** Entries in the last log read; null before the first (a new page counts as light). */
  entryCount: number | null = null;
  /** Total time spent inside `run`, ms, and the number of calls (for the bench). */
  totalRunMs = 0;
  runs = 0;
  /** When the next read is due (clock time), null when none is planned. */
  nextReadAt: number | null = null;
  reason: ScheduleReason = 'hidden';
  /** Called after every pass and whenever the plan changes (to report the stats). */
  onChange: () => void = () => {};
  private shown = false;
  private running: Promise<void> | null = null;
  /** A read was asked for during the pass in flight: it runs right after. */
  private rerun = false;
  /** A WebSocket was reported during the pass in flight. */
  private socketRerun = false;
  /** The pass in flight began right after the one before (a rerun). */
  private passIsRerun = false;
  private timer: unknown = null;
  private lastEnd = -Infinity;

  constructor(
    private readonly run: () => Promise<PassResult | void>,
    private readonly clock: Clock = realClock,
    options: SchedulerOptions = {},
  ) {
    this.budget = options.budget ?? 0.02;
    this.maxIntervalMs = options.maxIntervalMs ?? 30 * 60_000;
  }

  get heavy(): boolean {
    return (this.entryCount ?? 0) > HEAVY_ENTRIES;
  }

  /** The wait after a call on this page. */
  get intervalMs(): number {
    const count = this.entryCount ?? 0;
    if (count <= VERY_LIGHT_ENTRIES) return VERY_LIGHT_INTERVAL_MS;
    if (count <= HEAVY_ENTRIES) return LIGHT_INTERVAL_MS;
    const cost = this.costMs ?? 0;
    return Math.min(this.maxIntervalMs, Math.max(LIGHT_INTERVAL_MS, (cost / this.budget) * HEADROOM));
  }

  get isShown(): boolean {
    return this.shown;
  }

  /** The panel became visible: read, but not sooner than the interval allows after the last call. */
  show(): void {
    if (this.shown) return;
    this.shown = true;
    this.planAt(Math.max(this.clock.now(), this.lastEnd + this.intervalMs), this.heavy ? 'heavy' : 'light');
  }

  hide(): void {
    this.shown = false;
    this.cancelTimer();
    this.nextReadAt = null;
    this.reason = 'hidden';
    this.onChange();
  }

  /** A navigation to a new document: its log starts empty, so it is light until a read says otherwise. */
  newPage(): void {
    this.entryCount = null;
    this.costMs = null;
  }

  /** A WebSocket was reported (onRequestFinished): on a light page, read soon for the sockets still open beside it. */
  noteRequestFinished(): void {
    if (!this.shown || this.heavy) return;
    const at = Math.max(this.clock.now() + EARLY_DELAY_MS, this.lastEnd + this.earlyGapMs);
    if (this.running) {
      this.socketRerun = true; // the pass in flight may have missed it; read again after it
      return;
    }
    if (this.nextReadAt !== null && this.nextReadAt <= at) return;
    this.planAt(at, 'socket-reported');
  }

  /**
   * The least wait after a read before one pulled early by a reported socket: EARLY_GAP_MS, and no
   * less than what a read costs. In a reconnect storm sockets are reported every few ms; without it
   * getHAR ran back to back, and each answer (thousands of entries) is a long task in the devtools
   * page, which in Chromium shares its thread with the panel.
   */
  private get earlyGapMs(): number {
    return Math.max(EARLY_GAP_MS, this.costMs ?? 0);
  }

  /** Runs a pass now (the Refresh button, the backlog at start, a navigation); resolves when it is done. */
  refreshNow(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running.then(() => this.running ?? undefined);
    }
    this.cancelTimer();
    return this.start(false);
  }

  private start(rerun: boolean): Promise<void> {
    const began = this.clock.now();
    this.passIsRerun = rerun;
    this.nextReadAt = began;
    this.reason = 'requested';
    const pass = (async () => {
      let result: PassResult | void = undefined;
      try {
        result = await this.run();
      } catch {
        // A failed getHAR (DevTools closing) is retried on the next tick.
      }
      const cost = this.clock.now() - began;
      this.totalRunMs += cost;
      this.runs += 1;
      if (result) this.entryCount = result.entries;
      // Smooth so one slow call (GC, a burst of requests) does not swing a heavy page's interval.
      this.costMs = this.costMs === null ? cost : this.costMs * 0.5 + cost * 0.5;
      this.lastEnd = this.clock.now();
      this.running = null;
      this.nextReadAt = null;
      const socketRerun = this.socketRerun;
      this.socketRerun = false;
      // Asked for, or a socket reported during a read: read again right after. A socket reported during
      // a read that was itself such a rerun waits the early gap instead (a storm must not chain reads).
      if (this.rerun || (socketRerun && !this.passIsRerun)) {
        this.rerun = false;
        this.onChange();
        return this.start(true);
      }
      if (this.shown && socketRerun) this.planAt(Math.max(this.clock.now(), this.lastEnd + this.earlyGapMs), 'socket-reported');
      else if (this.shown) this.planAt(this.lastEnd + this.intervalMs, this.heavy ? 'heavy' : 'light');
      else {
        this.reason = 'hidden';
        this.onChange();
      }
    })();
    this.running = pass;
    return pass;
  }

  private planAt(at: number, reason: ScheduleReason): void {
    this.cancelTimer();
    if (this.running) return; // the pass in flight plans the next one
    this.nextReadAt = at;
    this.reason = reason;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.shown && !this.running) void this.start(false);
    }, Math.max(0, at - this.clock.now()));
    this.onChange();
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
