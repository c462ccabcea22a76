// The capture's cap (capture.ts `maxEntries`): a page reconnecting in a loop makes thousands of
// handshakes; beyond the cap the oldest go, are counted, and a later getHAR (which still lists
// them) does not bring them back.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ENTRIES, DevtoolsCapture, type CaptureEvent, type NetworkApi } from '../../../../src/sources/devtools/capture.js';
import { entryKey } from '../../../../src/sources/devtools/entry.js';
import { chromeRefused } from './entries.js';

class FakeNetwork implements NetworkApi {
  har: unknown[] = [];
  private finished: ((request: unknown) => void)[] = [];
  private navigated: ((url: string) => void)[] = [];
  readonly onRequestFinished = { addListener: (l: (request: unknown) => void) => void this.finished.push(l) };
  readonly onNavigated = { addListener: (l: (url: string) => void) => void this.navigated.push(l) };
  async getHAR() {
    return { entries: this.har };
  }
  finish(entry: unknown): void {
    for (const l of this.finished) l(entry);
  }
  navigate(url: string): void {
    for (const l of this.navigated) l(url);
  }
}

const refused = (i: number) => chromeRefused(`ws://127.0.0.1:9/storm/${i}`, 1_000 + i);

function setup(maxEntries?: number) {
  const network = new FakeNetwork();
  const capture = new DevtoolsCapture(network, { wallNow: () => Date.parse('2025-01-01T10:00:00.000Z'), ...(maxEntries === undefined ? {} : { maxEntries }) });
  const events: CaptureEvent[] = [];
  capture.subscribe((e) => events.push(e));
  return { network, capture, events };
}

describe('DevtoolsCapture maxEntries', () => {
  it('keeps 10,000 handshakes by default', () => {
    expect(DEFAULT_MAX_ENTRIES).toBe(10_000);
    expect(setup().capture.maxEntries).toBe(10_000);
  });

  it('drops the oldest beyond the cap, counts them and tells which', () => {
    const { network, capture, events } = setup(3);
    for (let i = 0; i < 5; i++) network.finish(refused(i));
    expect(capture.size).toBe(3);
    expect(capture.dropped).toBe(2);
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([2, 3, 4].map((i) => `ws://127.0.0.1:9/storm/${i}`));
    const drops = events.filter((e) => e.type === 'dropped');
    expect(drops).toHaveLength(2);
    expect(drops.at(-1)).toMatchObject({ type: 'dropped', total: 2 });
    expect(drops.flatMap((e) => (e.type === 'dropped' ? e.keys : []))).toEqual([0, 1].map((i) => entryKey(refused(i))));
  });

  it('a batch larger than the cap lists only what is kept', async () => {
    const { network, capture, events } = setup(2);
    network.har = [0, 1, 2, 3].map(refused);
    await capture.pollHar();
    const listed = events.flatMap((e) => (e.type === 'entries' ? e.entries.map((x) => x.request.url) : []));
    expect(listed).toEqual(['ws://127.0.0.1:9/storm/2', 'ws://127.0.0.1:9/storm/3']);
    expect(capture.dropped).toBe(2);
  });

  it('getHAR, which still lists the dropped ones, does not bring them back', async () => {
    const { network, capture } = setup(2);
    const all = [0, 1, 2, 3].map(refused);
    for (const e of all) network.finish(e);
    network.har = all;
    await capture.pollHar();
    expect(capture.size).toBe(2);
    expect(capture.dropped).toBe(2);
    expect(capture.snapshot().map((e) => e.request.url)).toEqual(['ws://127.0.0.1:9/storm/2', 'ws://127.0.0.1:9/storm/3']);
  });

  it('a lower cap set later applies at the next handshake; Clear and navigation reset the count', () => {
    const { network, capture } = setup();
    for (let i = 0; i < 4; i++) network.finish(refused(i));
    capture.maxEntries = 2;
    network.finish(refused(4));
    expect(capture.size).toBe(2);
    expect(capture.dropped).toBe(3);
    capture.clear();
    expect(capture.dropped).toBe(0);
    network.navigate('http://127.0.0.1/next');
    expect(capture.dropped).toBe(0);
  });
});
