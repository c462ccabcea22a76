import { describe, expect, it } from 'vitest';
import { HarScheduler, type Clock, type PassResult } from '../../../../src/sources/devtools/scheduler.js';

/** A clock whose time moves only when told; timers fire in order as it passes them. */
class FakeClock implements Clock {
  time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + Math.max(0, ms), fn, id });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  get pending(): number {
    return this.timers.length;
  }
  /** Moves time forward to `until`, firing due timers and letting the passes they start finish. */
  async advanceTo(until: number): Promise<void> {
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = Math.max(this.time, until);
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A getHAR pass over a log of `entries(n)` entries that takes `cost(n)` ms of the fake clock. */
function pass(clock: FakeClock, cost: (n: number) => number, entries: (n: number) => number = () => 20) {
  const calls: number[] = [];
  const ends: number[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const run = async (): Promise<PassResult> => {
    running += 1;
    maxConcurrent = Math.max(maxConcurrent, running);
    calls.push(clock.time);
    const n = calls.length;
    await Promise.resolve();
    clock.time += cost(n);
    ends.push(clock.time);
    running -= 1;
    return { entries: entries(n) };
  };
  return { run, calls, ends, concurrency: () => maxConcurrent };
}

/** The longest a socket that opened at any moment in [from, to] waits for a read that began after it and ended: gap between read starts plus the read's cost. */
function worstWait(calls: readonly number[], ends: readonly number[], from: number, to: number): number {
  let worst = 0;
  for (let i = 0; i + 1 < calls.length; i++) {
    if (calls[i]! < from || calls[i + 1]! > to) continue;
    worst = Math.max(worst, ends[i + 1]! - calls[i]!);
  }
  return worst;
}

describe('HarScheduler', () => {
  it('keeps getHAR within 2% of wall time on a page where it costs 2.9 s (20k requests)', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 2_900, () => 20_000);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(60 * 60_000);
    expect(calls.length).toBeGreaterThan(5);
    expect(scheduler.totalRunMs / clock.time).toBeLessThanOrEqual(0.02);
    expect(scheduler.intervalMs).toBeGreaterThanOrEqual(2_900 / 0.02);
    expect(scheduler.heavy).toBe(true);
    expect(scheduler.reason).toBe('heavy');
  });

  it('a light page on a busy machine (23 entries, 300 ms a read) is re-read every second, not every 18 s', async () => {
    const clock = new FakeClock();
    const { run, calls, ends } = pass(clock, () => 300, () => 23);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(20_000);
    expect(scheduler.intervalMs).toBe(1_000);
    expect(scheduler.reason).toBe('light');
    expect(calls.length).toBeGreaterThanOrEqual(14);
    expect(worstWait(calls, ends, 0, 20_000)).toBeLessThanOrEqual(3_000);
  });

  it('a 1,000-request page is re-read every 1.5 s: a socket waits at most ~1.5 s plus one read', async () => {
    const clock = new FakeClock();
    const { run, calls, ends } = pass(clock, () => 250, () => 1_000);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(30_000);
    expect(scheduler.intervalMs).toBe(1_500);
    expect(worstWait(calls, ends, 0, 30_000)).toBeLessThanOrEqual(3_000);
  });

  it('never polls faster than every second, however cheap getHAR is', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 3, () => 5);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(10_000);
    expect(calls.length).toBeGreaterThanOrEqual(9);
    expect(calls.length).toBeLessThanOrEqual(11);
  });

  it('adapts when the page grows: heavy past 1,500 entries, then the interval follows the measured cost', async () => {
    const clock = new FakeClock();
    const { run } = pass(clock, (n) => (n < 5 ? 10 : 1_000), (n) => (n < 5 ? 100 : 10_000));
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(3_500);
    expect(scheduler.intervalMs).toBe(1_000);
    await clock.advanceTo(200_000);
    expect(scheduler.intervalMs).toBeGreaterThan(40_000);
    expect(scheduler.totalRunMs / clock.time).toBeLessThan(0.05);
  });

  it('waits at most 30 min on the heaviest page', async () => {
    const clock = new FakeClock();
    const { run } = pass(clock, () => 60_000, () => 200_000);
    const scheduler = new HarScheduler(run, clock);
    await scheduler.refreshNow();
    expect(scheduler.intervalMs).toBe(30 * 60_000);
  });

  it('a reported WebSocket pulls the next read of a light page to ~200 ms; a heavy page keeps its budget', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 20, () => 1_000);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(100); // the first read, at 0
    expect(calls).toEqual([0]);
    scheduler.noteRequestFinished();
    expect(scheduler.reason).toBe('socket-reported');
    await clock.advanceTo(700);
    expect(calls).toEqual([0, 520]); // not sooner than 500 ms after the last read ended
    // Heavy: ignored.
    const heavyClock = new FakeClock();
    const heavy = pass(heavyClock, () => 2_000, () => 20_000);
    const heavyScheduler = new HarScheduler(heavy.run, heavyClock);
    heavyScheduler.show();
    await heavyClock.advanceTo(5_000);
    heavyScheduler.noteRequestFinished();
    await heavyClock.advanceTo(60_000);
    expect(heavy.calls).toEqual([0]);
  });

  it('a socket reported during a read brings one more read right after it', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 300, () => 50);
    const scheduler = new HarScheduler(run, clock);
    const first = scheduler.refreshNow();
    scheduler.noteRequestFinished(); // hidden: nothing
    scheduler.show();
    scheduler.noteRequestFinished();
    await first;
    await clock.advanceTo(305);
    expect(calls).toEqual([0, 300]);
  });

  it('a reconnect storm (a socket reported during every read) does not chain reads back to back', async () => {
    const clock = new FakeClock();
    const calls: number[] = [];
    const ends: number[] = [];
    let scheduler: HarScheduler | null = null;
    const run = async (): Promise<PassResult> => {
      calls.push(clock.time);
      await Promise.resolve();
      clock.time += 400;
      scheduler!.noteRequestFinished(); // reported while the read was in flight
      ends.push(clock.time);
      return { entries: 1_000 };
    };
    scheduler = new HarScheduler(run, clock);
    scheduler.show();
    const report = (): void => {
      scheduler!.noteRequestFinished();
      if (clock.time < 20_000) clock.setTimeout(report, 50);
    };
    report();
    await clock.advanceTo(20_000);
    const busy = ends.reduce((sum, end, i) => sum + (end - calls[i]!), 0);
    // Back to back it was 100 %; one rerun, then the gap (≥ a read's cost): about 60 %.
    expect(busy / clock.time).toBeLessThanOrEqual(0.65);
    // Still read often: a socket opened at any moment is seen within about 1.5 s.
    expect(worstWait(calls, ends, 0, 19_000)).toBeLessThanOrEqual(2_000);
  });

  it('a new page starts light', async () => {
    const clock = new FakeClock();
    const { run } = pass(clock, () => 2_000, () => 20_000);
    const scheduler = new HarScheduler(run, clock);
    await scheduler.refreshNow();
    expect(scheduler.heavy).toBe(true);
    scheduler.newPage();
    expect(scheduler.heavy).toBe(false);
    expect(scheduler.intervalMs).toBe(1_000);
    expect(scheduler.costMs).toBeNull();
  });

  it('tells every change of plan: the reason and when the next read is due', async () => {
    const clock = new FakeClock();
    const { run } = pass(clock, () => 2_000, () => 20_000);
    const scheduler = new HarScheduler(run, clock);
    const seen: [string, number | null][] = [];
    scheduler.onChange = () => seen.push([scheduler.reason, scheduler.nextReadAt]);
    scheduler.show();
    await clock.advanceTo(2_500);
    scheduler.hide();
    expect(seen).toEqual([
      ['light', 0],
      ['heavy', 2_000 + (2_000 / 0.02) * 1.2],
      ['hidden', null],
    ]);
  });

  it('does not poll while the tab is hidden', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 5);
    const scheduler = new HarScheduler(run, clock);
    await clock.advanceTo(60_000);
    expect(calls).toEqual([]);
    scheduler.show();
    await clock.advanceTo(61_500);
    const seen = calls.length;
    expect(seen).toBeGreaterThan(0);
    scheduler.hide();
    await clock.advanceTo(120_000);
    expect(calls.length).toBe(seen);
    expect(clock.pending).toBe(0);
  });

  it('showing the tab again does not poll a heavy page sooner than the budget allows', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 2_000, () => 20_000);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(1);
    expect(calls.length).toBe(1);
    for (let i = 0; i < 20; i++) {
      scheduler.hide();
      scheduler.show();
    }
    await clock.advanceTo(50_000);
    expect(calls.length).toBe(1);
    await clock.advanceTo(2_000 + (2_000 / 0.02) * 1.2 + 1);
    expect(calls.length).toBe(2);
  });

  it('Refresh runs at once, and passes never overlap', async () => {
    const clock = new FakeClock();
    const { run, calls, concurrency } = pass(clock, () => 50);
    const scheduler = new HarScheduler(run, clock);
    const first = scheduler.refreshNow();
    const second = scheduler.refreshNow();
    const third = scheduler.refreshNow();
    await Promise.all([first, second, third]);
    expect(concurrency()).toBe(1);
    // The clicks during the pass fold into one more pass, which sees what happened meanwhile.
    expect(calls.length).toBe(2);
  });

  it('survives a failing getHAR and keeps polling', async () => {
    const clock = new FakeClock();
    let n = 0;
    const scheduler = new HarScheduler(async () => {
      n += 1;
      if (n === 1) throw new Error('DevTools is closing');
    }, clock);
    scheduler.show();
    await clock.advanceTo(3_500);
    expect(n).toBeGreaterThan(2);
  });
});
