import { describe, expect, it } from 'vitest';
import { HarScheduler, type Clock } from '../../../../src/sources/devtools/scheduler.js';

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

/** A getHAR pass that takes `cost(n)` ms of the fake clock. */
function pass(clock: FakeClock, cost: (n: number) => number) {
  const calls: number[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const run = async () => {
    running += 1;
    maxConcurrent = Math.max(maxConcurrent, running);
    calls.push(clock.time);
    await Promise.resolve();
    clock.time += cost(calls.length);
    running -= 1;
  };
  return { run, calls, concurrency: () => maxConcurrent };
}

describe('HarScheduler', () => {
  it('keeps getHAR within 2% of wall time on a page where it costs 2.9 s (20k requests)', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 2_900);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(60 * 60_000);
    expect(calls.length).toBeGreaterThan(5);
    expect(scheduler.totalRunMs / clock.time).toBeLessThanOrEqual(0.02);
    expect(scheduler.intervalMs).toBeGreaterThanOrEqual(2_900 / 0.02);
  });

  it('polls every second on a light page, not faster', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 3);
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(10_000);
    expect(calls.length).toBeGreaterThanOrEqual(9);
    expect(calls.length).toBeLessThanOrEqual(11);
    expect(scheduler.intervalMs).toBe(1_000);
  });

  it('adapts when the page grows: the interval follows the measured cost', async () => {
    const clock = new FakeClock();
    const { run } = pass(clock, (n) => (n < 5 ? 10 : 1_000));
    const scheduler = new HarScheduler(run, clock);
    scheduler.show();
    await clock.advanceTo(3_500);
    expect(scheduler.intervalMs).toBe(1_000);
    await clock.advanceTo(200_000);
    expect(scheduler.intervalMs).toBeGreaterThan(40_000);
    expect(scheduler.totalRunMs / clock.time).toBeLessThan(0.05);
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

  it('showing the tab again does not poll sooner than the budget allows', async () => {
    const clock = new FakeClock();
    const { run, calls } = pass(clock, () => 2_000);
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
    await clock.advanceTo(2_000 + 2_000 / 0.02 * 1.2 + 1);
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
