import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import { HeaderList } from '../../../../src/core/headers.js';
import type { Handshake, Report } from '../../../../src/core/model.js';
import { PanelStore, matchesFilter, themeOf, type Analyzer } from '../../../../src/panel/store/store.js';
import { isPending } from '../../../../src/sources/devtools/entry.js';
import type { PanelMessage } from '../../../../src/sources/devtools/link.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY, chromeAccepted, chromePending, chromeRejected } from '../../sources/devtools/entries.js';

const URL_A = 'ws://127.0.0.1:8080/a';
const URL_B = 'ws://127.0.0.1:8080/b';
const URL_C = 'wss://other.example/c';
const KEY_B = 'AQIDBAUGBwgJCgsMDQ4PEA==';
const KEY_C = 'EBEREhMUFRYXGBkaGxwdHg==';

function imported(url: string, source: string): Handshake {
  return {
    source,
    url,
    transport: 'http/1.1',
    request: { method: 'GET', httpVersion: null, headers: HeaderList.fromPairs([['Host', 'h'], ['Sec-WebSocket-Key', SAMPLE_KEY]]) },
    response: null,
    browserError: null,
  };
}

describe('PanelStore with the real analyze()', () => {
  it('lists a Chrome-rejected handshake with its verdict and the rule its reason maps to', async () => {
    const store = new PanelStore();
    await store.addLiveEntries([chromeRejected(URL_A, "Incorrect 'Sec-WebSocket-Accept' header value"), chromeAccepted(URL_B, KEY_B, 'rW6mdnJ9gyUJ8Xwx2SgJSz2w8Bw=')]);
    const [a, b] = store.rows.value;
    expect(a?.report.verdict).toBe('fail');
    expect(a?.report.findings.map((f) => f.rule)).toContain('accept-mismatch');
    expect(a?.report.expectedAccept).toBe(SAMPLE_ACCEPT);
    expect(b?.report.url).toBe(URL_B);
  });

  it('a pending handshake is marked pending, and its answer updates the same row in place', async () => {
    const store = new PanelStore();
    await store.addLiveEntries([chromePending(URL_A), chromeAccepted(URL_B, KEY_B)]);
    const pendingRow = store.rows.value[0]!;
    expect(pendingRow.pending).toBe(true);
    // Not a failure yet: judged on its request, without no-response.
    expect(pendingRow.report.verdict).toBe('pass');
    expect(pendingRow.report.findings.map((f) => f.rule)).not.toContain('no-response');
    expect(pendingRow.report.handshake.missingResponse).toBe('pending');
    store.select(pendingRow.id);
    await store.addLiveEntries([chromeRejected(URL_A, 'Unexpected response code: 404')]);
    const rows = store.rows.value;
    expect(rows.map((r) => r.report.url)).toEqual([URL_A, URL_B]);
    expect(rows[0]?.id).toBe(pendingRow.id);
    expect(rows[0]?.pending).toBe(false);
    expect(rows[0]?.report.findings.map((f) => f.rule)).toContain('status-not-101');
    expect(store.selectedRow.value?.id).toBe(pendingRow.id);
  });

  it('new rows keep the selection', async () => {
    const store = new PanelStore();
    await store.addLiveEntries([chromeAccepted(URL_A)]);
    const id = store.rows.value[0]!.id;
    store.select(id);
    await store.addLiveEntries([chromeAccepted(URL_B, KEY_B), chromeAccepted(URL_C, KEY_C)]);
    expect(store.selectedRow.value?.report.url).toBe(URL_A);
    expect(store.rows.value).toHaveLength(3);
  });

  it('navigation (reset live) keeps imported handshakes; Clear drops everything and tells the devtools page', async () => {
    const store = new PanelStore();
    const sent: PanelMessage[] = [];
    store.send = (m) => sent.push(m);
    await store.addLiveEntries([chromeAccepted(URL_A)]);
    await store.addHandshakes([imported(URL_C, 'capture.har#/log/entries/0')], { file: 'capture.har' });
    store.reset('live');
    expect(store.rows.value.map((r) => r.report.url)).toEqual([URL_C]);
    store.clear();
    expect(store.rows.value).toEqual([]);
    expect(sent).toEqual([{ type: 'clear' }]);
  });

  it('importing the same file twice lists each handshake once', async () => {
    const store = new PanelStore();
    const file = { file: 'capture.har' };
    await store.addHandshakes([imported(URL_A, 'capture.har#/log/entries/0'), imported(URL_B, 'capture.har#/log/entries/1')], file);
    await store.addHandshakes([imported(URL_A, 'capture.har#/log/entries/0'), imported(URL_B, 'capture.har#/log/entries/1')], file);
    expect(store.rows.value).toHaveLength(2);
  });
});

describe('PanelStore ordering', () => {
  it('keeps capture order when analyses finish out of order', async () => {
    let release: (() => void) | null = null;
    const slowFirst: Analyzer = async (handshakes) => {
      if (handshakes[0]?.url === URL_A) await new Promise<void>((resolve) => (release = resolve));
      return analyze(handshakes);
    };
    const store = new PanelStore(slowFirst);
    const first = store.addLiveEntries([chromeAccepted(URL_A)]);
    const second = store.addLiveEntries([chromeAccepted(URL_B, KEY_B)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.rows.value).toHaveLength(0);
    release!();
    await Promise.all([first, second]);
    expect(store.rows.value.map((r) => r.report.url)).toEqual([URL_A, URL_B]);
  });

  it('drops analyses that finish after a navigation', async () => {
    let release: (() => void) | null = null;
    const slow: Analyzer = async (handshakes) => {
      await new Promise<void>((resolve) => (release = resolve));
      return analyze(handshakes);
    };
    const store = new PanelStore(slow);
    const pending = store.addLiveEntries([chromeAccepted(URL_A)]);
    store.reset('live');
    release!();
    await pending;
    expect(store.rows.value).toEqual([]);
  });
});

describe('PanelStore in a reconnect storm', () => {
  const stormUrls = Array.from({ length: 250 }, (_, i) => `ws://127.0.0.1:8080/storm/${i}`);
  const stormEntries = () => stormUrls.map((url) => chromeRejected(url, 'Unexpected response code: 400'));

  it('lists a batch of hundreds in slices, all of it, in order, one row each', async () => {
    const sizes: number[] = [];
    const store = new PanelStore(async (handshakes) => {
      sizes.push(handshakes.length);
      return analyze(handshakes);
    });
    await store.addLiveEntries(stormEntries());
    expect(store.rows.value.map((r) => r.report.url)).toEqual(stormUrls);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('a navigation between slices drops the slices not yet listed', async () => {
    const store = new PanelStore();
    const done = store.addLiveEntries(stormEntries());
    await expect.poll(() => store.rows.value.length).toBeGreaterThanOrEqual(100);
    store.reset('live');
    await done;
    expect(store.rows.value).toEqual([]);
    await store.addLiveEntries([chromeAccepted(URL_A)]);
    expect(store.rows.value.map((r) => r.report.url)).toEqual([URL_A]);
  });
});

describe('filter and keyboard selection', () => {
  async function filled(): Promise<PanelStore> {
    const store = new PanelStore();
    await store.addLiveEntries([
      chromeAccepted(URL_A),
      chromeRejected(URL_B, "'Upgrade' header is missing", KEY_B),
      chromeRejected(URL_C, 'Unexpected response code: 404', KEY_C),
    ]);
    return store;
  }

  it('filters by URL text, rule id, status and negated terms', async () => {
    const store = await filled();
    const urls = () => store.visibleRows.value.map((r) => r.report.url);
    store.filterText.value = '/b';
    expect(urls()).toEqual([URL_B]);
    store.filterText.value = 'status-not-101';
    expect(urls()).toEqual([URL_C]);
    store.filterText.value = '-other.example';
    expect(urls()).toEqual([URL_A, URL_B]);
    store.filterText.value = '  ';
    expect(urls()).toHaveLength(3);
  });

  it('filters by verdict and counts each verdict', async () => {
    const store = await filled();
    store.verdictFilter.value = 'fail';
    expect(store.visibleRows.value.map((r) => r.report.url)).toEqual([URL_B, URL_C]);
    expect(store.counts.value.fail).toBe(2);
  });

  it('moves the selection with arrows, pages and ends, within the listed rows', async () => {
    const store = await filled();
    const url = () => store.selectedRow.value?.report.url;
    store.moveSelection(1);
    expect(url()).toBe(URL_A);
    store.moveSelection(1);
    expect(url()).toBe(URL_B);
    store.moveSelection(10);
    expect(url()).toBe(URL_C);
    store.moveSelection(-1);
    expect(url()).toBe(URL_B);
    store.moveSelection('first');
    expect(url()).toBe(URL_A);
    store.moveSelection('last');
    expect(url()).toBe(URL_C);
    store.moveSelection(-10);
    expect(url()).toBe(URL_A);
  });
});

describe('helpers', () => {
  it.each([
    ['dark', 'dark'],
    ['default', 'light'],
    ['light', 'light'],
    [null, 'light'],
  ] as const)('theme %s → %s', (name, theme) => {
    expect(themeOf(name)).toBe(theme);
  });

  it('pending means no status and no error yet', () => {
    expect(isPending(chromePending(URL_A))).toBe(true);
    expect(isPending(chromeRejected(URL_A, 'x'))).toBe(false);
    expect(isPending(chromeAccepted(URL_A))).toBe(false);
  });

  it('an empty filter matches everything', () => {
    const report = { url: 'ws://x', findings: [], status: 101, transport: 'http/1.1' } as unknown as Report;
    expect(matchesFilter(report, '')).toBe(true);
    expect(matchesFilter(report, 'WS://X')).toBe(true);
    expect(matchesFilter(report, 'nope')).toBe(false);
  });
});
