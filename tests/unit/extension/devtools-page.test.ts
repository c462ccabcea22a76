// The devtools page (extension/devtools-page.ts) against each browser's DevTools API shape:
// it registers the tab, captures what DevTools reports and answers the panel over the channel.
import { afterEach, describe, expect, it } from 'vitest';
import { PANEL_ICON, PANEL_TITLE, startDevtoolsPage, type DevtoolsPage } from '../../../extension/devtools-page.js';
import { DOCUMENT_URL_EXPRESSION, devtoolsApi } from '../../../src/sources/devtools/api.js';
import { channelName, type CaptureMessage } from '../../../src/sources/devtools/link.js';
import { browserGlobals } from '../sources/devtools/fake-devtools.js';
import { chromeRejected } from '../sources/devtools/entries.js';

const pages: DevtoolsPage[] = [];
const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const page of pages.splice(0)) page.stop();
  for (const channel of channels.splice(0)) channel.close();
});

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return { values, getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v) };
}

/** The panel's end of the channel: sends a message, collects what comes back. */
function panelEnd(session: string) {
  const channel = new BroadcastChannel(channelName(session));
  channels.push(channel);
  const received: CaptureMessage[] = [];
  channel.onmessage = (event: MessageEvent<CaptureMessage>) => void received.push(event.data);
  const next = async (type: CaptureMessage['type']): Promise<CaptureMessage> => {
    for (let i = 0; i < 200; i++) {
      const found = received.find((m) => m.type === type);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no ${type} message; got ${received.map((m) => m.type).join(', ')}`);
  };
  return { send: (message: unknown) => channel.postMessage(message), next, received };
}

describe.each(['firefox', 'chrome-152', 'chrome-148-151', 'chrome-147'] as const)('the devtools page in %s', (browser) => {
  it('registers the WS Handshakes tab with its session and theme, and serves the panel what DevTools reported', async () => {
    const { globals, used } = browserGlobals(browser, 'dark');
    const storage = memoryStorage({ 'ws-handshakes.preserveLog': 'true' });
    const page = startDevtoolsPage(devtoolsApi(globals), storage);
    pages.push(page);
    await page.panelReady;

    expect(used.calls.create).toHaveLength(1);
    const [title, icon, url] = used.calls.create[0]!;
    expect([title, icon]).toEqual([PANEL_TITLE, PANEL_ICON]);
    const params = new URL(url, 'chrome-extension://x/').searchParams;
    expect(params.get('session')).toBe(page.session);
    expect(params.get('theme')).toBe('dark');
    // The backlog read at start.
    expect(used.calls.getHAR).toBeGreaterThanOrEqual(1);

    const rejected = chromeRejected('ws://127.0.0.1:8080/wrong-accept', "Incorrect 'Sec-WebSocket-Accept' header value");
    for (const listener of used.network.onRequestFinished.listeners) listener(rejected);

    const panel = panelEnd(page.session);
    panel.send({ type: 'hello' });
    const snapshot = await panel.next('snapshot');
    expect(snapshot).toMatchObject({ type: 'snapshot', preserveLog: true, theme: 'dark' });
    expect(snapshot.type === 'snapshot' && snapshot.entries.map((e) => (e as { request: { url: string } }).request.url)).toEqual(['ws://127.0.0.1:8080/wrong-accept']);

    panel.send({ type: 'reload' });
    panel.send({ type: 'preserve-log', on: false });
    await expect.poll(() => used.calls.reload).toBe(1);
    await expect.poll(() => storage.values.get('ws-handshakes.preserveLog')).toBe('false');

    // Shown: getHAR is polled; hidden: it stops.
    for (const listener of used.panel.onShown.listeners) listener({});
    expect(page.capture.scheduler.isShown).toBe(true);
    for (const listener of used.panel.onHidden.listeners) listener();
    expect(page.capture.scheduler.isShown).toBe(false);
  });
});

describe.each(['firefox', 'chrome-152', 'chrome-148-151', 'chrome-147'] as const)('the devtools page in %s, order of calls', (browser) => {
  it('registers the tab before the first getHAR (DevTools answers in order: a create behind a 20k-entry getHAR waited 9.7 s)', async () => {
    const { globals, used } = browserGlobals(browser);
    const page = startDevtoolsPage(devtoolsApi(globals), null);
    pages.push(page);
    await page.panelReady;
    expect(used.calls.order.indexOf('panels.create')).toBe(0);
    expect(used.calls.order).toContain('getHAR');
  });
});

it.each([
  ['chrome-152', true],
  ['chrome-147', true],
  ['firefox', false],
] as const)('%s: a page whose load DevTools did not record is told to the panel as partial (%s); never in Firefox', async (browser, told) => {
  const { globals, used, evalUsed } = browserGlobals(browser);
  evalUsed.href = 'http://127.0.0.1:8080/busy.html';
  used.har = [chromeRejected('ws://127.0.0.1:8080/late', 'x')]; // recorded from mid-page: no document request
  const page = startDevtoolsPage(devtoolsApi(globals), null);
  pages.push(page);
  await page.panelReady;
  if (told) await expect.poll(() => evalUsed.calls.eval).toEqual([DOCUMENT_URL_EXPRESSION]);
  else await new Promise((resolve) => setTimeout(resolve, 20));
  await page.capture.scheduler.refreshNow();
  if (told) await expect.poll(() => page.capture.coverage.partial).toBe(true);
  else expect(evalUsed.calls.eval).toEqual([]);
  const panel = panelEnd(page.session);
  panel.send({ type: 'hello' });
  const snapshot = await panel.next('snapshot');
  expect(snapshot.type === 'snapshot' && snapshot.coverage.partial).toBe(told);
});

it('the devtools page works without storage (Preserve log then lasts the session)', async () => {
  const { globals } = browserGlobals('chrome-148-151');
  const page = startDevtoolsPage(devtoolsApi(globals), null);
  pages.push(page);
  await page.panelReady;
  expect(page.capture.preserveLog).toBe(false);
});

describe('the devtools page in a reconnect storm', () => {
  it('posts the handshakes reported together as one entries message, in capture order', async () => {
    const { globals, used } = browserGlobals('chrome-152');
    const page = startDevtoolsPage(devtoolsApi(globals), memoryStorage());
    pages.push(page);
    await page.panelReady;
    const panel = panelEnd(page.session);
    const urls = Array.from({ length: 40 }, (_, i) => `ws://127.0.0.1:8080/storm/${i}`);
    for (const url of urls) for (const listener of used.network.onRequestFinished.listeners) listener(chromeRejected(url, 'Unexpected response code: 400'));
    await panel.next('entries');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const posted = panel.received.filter((m) => m.type === 'entries');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.type === 'entries' && posted[0]!.entries.map((e) => (e as { request: { url: string } }).request.url)).toEqual(urls);
  });
});
