/**
 * When the devtools page re-reads the whole network log (`getHAR()`, the only way
 * to see sockets that are still open): often enough to list them soon, rarely
 * enough that its cost stays within a small share of wall time (PLATFORM.md:
 * one call costs ~80 ms at 1,000 entries, seconds at 20,000).
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
