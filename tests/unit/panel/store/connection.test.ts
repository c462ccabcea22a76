// The panel's end of the link (src/panel/store/connection.ts) over a real BroadcastChannel, as the
// devtools page of each browser talks to it. The theme is where the browsers differ: Chrome names
// its themes `default`/`dark` and never changes them under a running panel (it reloads DevTools);
// Firefox names them `light`/`dark` and tells every change, sometimes the same one twice
// (tests/e2e/firefox-panel.e2e.ts watches the real toolbox do it).
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../../../src/panel/store/connection.js';
import { PanelStore, themeOf } from '../../../../src/panel/store/store.js';
import { channelName, type CaptureMessage, type PanelMessage } from '../../../../src/sources/devtools/link.js';

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

/** The devtools page's end: what it received, and a way to post. */
function devtoolsPage(session: string): { received: PanelMessage[]; post(message: CaptureMessage): void } {
  const channel = new BroadcastChannel(channelName(session));
  open.push(() => channel.close());
  const received: PanelMessage[] = [];
  channel.onmessage = (event: MessageEvent<PanelMessage>) => received.push(event.data);
  return { received, post: (message) => channel.postMessage(message) };
}

async function until(probe: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const STATS = { costMs: null, intervalMs: 1000, totalRunMs: 0, runs: 0, uptimeMs: 0, shown: true, reason: 'light' as const, nextReadAt: null, budget: 0.02, entries: null, heavy: false };

describe('themeOf: each browser’s theme names', () => {
  it.each([
    ['dark', 'dark'], // both
    ['default', 'light'], // Chrome's light theme
    ['light', 'light'], // Firefox's light theme
    [null, 'light'], // a panel opened without the devtools page
    ['auto', 'light'], // not a themeName either browser gives (Firefox resolves its "auto")
  ] as const)('%s → %s', (name, theme) => {
    expect(themeOf(name)).toBe(theme);
  });
});

describe('connect(): the theme from the panel URL, the snapshot and theme messages', () => {
  it('Chrome: the URL’s `default` is light, and the snapshot keeps it', async () => {
    const page = devtoolsPage('chrome-session');
    const store = new PanelStore();
    open.push(connect(store, '?session=chrome-session&theme=default'));
    expect(store.theme.value).toBe('light');
    await until(() => page.received.length > 0, 'hello');
    expect(page.received).toEqual([{ type: 'hello' }]);
    page.post({ type: 'snapshot', entries: [], preserveLog: false, theme: 'default', stats: STATS, coverage: { partial: false, url: null } });
    await until(() => store.connected.value, 'the snapshot');
    expect(store.theme.value).toBe('light');
  });

  it('Chrome: a dark DevTools opens the panel dark', () => {
    const store = new PanelStore();
    open.push(connect(store, '?session=chrome-dark&theme=dark'));
    expect(store.theme.value).toBe('dark');
  });

  it('Firefox: every theme change is followed, and the same theme told twice changes nothing', async () => {
    const page = devtoolsPage('firefox-session');
    const store = new PanelStore();
    open.push(connect(store, '?session=firefox-session&theme=light'));
    expect(store.theme.value).toBe('light');
    page.post({ type: 'snapshot', entries: [], preserveLog: false, theme: 'light', stats: STATS, coverage: { partial: false, url: null } });
    await until(() => store.connected.value, 'the snapshot');
    const seen: string[] = [];
    const stop = store.theme.subscribe((theme) => seen.push(theme));
    open.push(stop);
    page.post({ type: 'theme', theme: 'dark' });
    await until(() => store.theme.value === 'dark', 'dark');
    page.post({ type: 'theme', theme: 'light' });
    page.post({ type: 'theme', theme: 'light' });
    page.post({ type: 'theme', theme: 'dark' });
    await until(() => seen.length >= 4, 'the second dark');
    // light (at subscribe), dark, light (once for two messages), dark
    expect(seen).toEqual(['light', 'dark', 'light', 'dark']);
  });
});
