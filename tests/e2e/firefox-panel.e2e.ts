/**
 * The WS Handshakes panel as a Firefox user meets it: Firefox ESR with the
 * built extension (dist/firefox) and the real DevTools toolbox, driven over
 * Marionette (tests/e2e/firefox/), against the demo servers. Every scenario
 * Firefox can run listed with its verdict, rule ids and the status the server
 * really sent; the detail of a wrong accept with the ACTUAL value beside the
 * expected one (Firefox shows a rejected handshake's response); a 403 with its
 * real headers; what Firefox's getHAR() gives (the shape the glue relies on);
 * Firefox's theme followed; navigation with and without Preserve log; the
 * toolbox docked right.
 */
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { analyze } from '../../src/core/analyze.js';
import { handshakesFromHar } from '../../src/sources/har/parse.js';
import { SCENARIOS, startDemoServers, type DemoServers, type Scenario, type ScenarioName } from '../../src/demo/servers.js';
import { waitFor, type HandshakeRow, type HarEntry } from './harness.js';
import { listedAsReported, loadScenarios, settled as pageSettled } from './firefox/demo-page.js';
import { firefoxMissing, launchFirefoxInspector, type FirefoxInspector } from './firefox/inspector.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const sha1Base64 = (text: string): string => createHash('sha1').update(text).digest('base64');
/** wss:// to the self-signed HTTP/2 server needs a certificate headless Firefox does not trust. */
const FIREFOX_SCENARIOS = SCENARIOS.filter((s) => !s.chromiumOnly);
const SETTLED = FIREFOX_SCENARIOS.filter((s) => s.expectedVerdict !== null);

test.skip(firefoxMissing() !== null, firefoxMissing() ?? '');
test.describe.configure({ mode: 'serial' });

let servers: DemoServers;
let inspector: FirefoxInspector;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  servers = await startDemoServers({ http2: false });
  inspector = await launchFirefoxInspector();
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

const pageWith = (names: readonly ScenarioName[]): string => `${servers.pageUrl}?only=${names.join(',')}`;
const rowFor = (rows: readonly HandshakeRow[], name: ScenarioName): HandshakeRow | undefined => rows.find((r) => r.url === servers.urlOf(name));
const detailText = (testid: string): Promise<string | null> => inspector.text(`[data-testid="handshake-detail"] [data-testid="${testid}"]`);
const selectedUrl = (): Promise<string | null> =>
  inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-row"][aria-selected="true"]')?.getAttribute('data-url') ?? null`);

/** The status cell of each row, by URL. */
const statuses = (): Promise<Record<string, string>> =>
  inspector.evaluate(`Object.fromEntries([...document.querySelectorAll('[data-testid="handshake-row"]')].map((r) => [r.dataset.url, r.querySelector('.cell.status')?.textContent.trim()]))`);

async function showDetail(name: ScenarioName): Promise<void> {
  const url = servers.urlOf(name);
  await inspector.select(url);
  await waitFor(async () => (await inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-detail"]')?.getAttribute('data-url') ?? null`)) === url, {
    message: `the detail of ${name}`,
  });
}

test('the devtools page and the panel run in Firefox’s toolbox without errors, and errors would be seen', async () => {
  await inspector.goto(pageWith(['good']));
  await inspector.openPanel();
  await inspector.waitForRows((rows) => rows.length === 1);
  const state = await inspector.toolboxState();
  expect(state.currentToolId).toMatch(/^webext-devtools-panel-/);
  expect(await inspector.evaluate('navigator.userAgent')).toMatch(/Firefox\/\d+/);
  expect(await inspector.extensionErrors()).toEqual([]);
  // The error reader is not blind: an error thrown in the panel page shows up.
  await inspector.evaluate(`(setTimeout(() => { throw new Error('e2e-probe-error'); }), true)`);
  await waitFor(async () => (await inspector.extensionErrors()).some((e) => e.includes('e2e-probe-error')), { message: 'the probe error to be reported' });
});

test('every scenario Firefox runs is listed once, with its verdict, rule ids and the status the server really sent', async () => {
  // The page opens every scenario while the toolbox shows the Inspector: the WS Handshakes tab was never shown.
  await inspector.chromeEvaluate(`
    const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
    const { gDevTools } = require("devtools/client/framework/devtools");
    await gDevTools.getToolboxForTab(gBrowser.selectedTab).selectTool("inspector");
    return true;`);
  await loadScenarios(inspector, servers, SETTLED.map((s) => s.name), ['slow-pending'], () => inspector.openPanel());
  const rows = await inspector
    .waitForRows((current) => SETTLED.every((s) => rowFor(current, s.name)?.verdict === s.expectedVerdict), { message: 'the expected verdict for every scenario' })
    .catch(async (error: Error) => {
      const seen = (await inspector.rows()).map((r) => `${r.url} ${r.verdict} [${r.rules.join(' ')}]`);
      throw new Error(`${error.message}\nrows:\n${seen.join('\n')}`);
    });
  expect(rows).toHaveLength(FIREFOX_SCENARIOS.length);
  for (const s of SETTLED) {
    const row = rowFor(rows, s.name);
    expect(row?.verdict, s.name).toBe(s.expectedVerdict);
    for (const rule of s.expectedRules) expect(row?.rules, `${s.name} rules`).toContain(rule);
    if (s.expectedVerdict === 'pass') expect(row?.rules, s.name).toEqual([]);
  }
  expect(new Set(rows.map((r) => r.url)).size).toBe(rows.length);
  expect(await inspector.count()).toBe(rows.length);

  // Firefox reports the server's own status, refused handshakes included (Chrome gives 0 for those).
  const status = await statuses();
  for (const s of SETTLED) {
    if (s.serverStatus !== null) expect(status[servers.urlOf(s.name)], `${s.name} status`).toContain(String(s.serverStatus));
  }
  const pending = await inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-row"][data-url="${servers.urlOf('slow-pending')}"]')?.getAttribute('data-pending') ?? null`);
  expect(pending).toBe('true');
});

test('a wrong accept: the actual value the server sent beside the expected one, and no “hidden by the browser” note', async () => {
  await showDetail('wrong-accept');
  const key = (await detailText('key'))!;
  expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  const expected = sha1Base64(key + GUID);
  const sent = sha1Base64(key + GUID.toLowerCase()); // what the demo server computes
  expect(await detailText('expected-accept')).toBe(expected);
  expect(await detailText('actual-accept')).toBe(sent);
  expect(await inspector.evaluate<boolean>(`document.querySelector('[data-testid="accept"] .accept-grid')?.classList.contains('differs') ?? false`)).toBe(true);
  expect(await detailText('hidden-response-note')).toBeNull();
  expect(await detailText('browser-error')).toBeNull();
  expect(await detailText('summary')).toMatch(/lower case/i);
  const finding = await inspector.evaluate<{ severity: string; text: string } | null>(`(() => {
    const card = document.querySelector('[data-testid="handshake-detail"] [data-testid="finding"][data-rule="accept-mismatch"]');
    return card && { severity: card.getAttribute('data-severity'), text: card.textContent };
  })()`);
  expect(finding?.severity).toBe('fail');
  expect(finding?.text).toContain(sent);
  const response = (await detailText('response-headers'))!;
  expect(response).toContain('101');
  expect(response).toContain(sent);
  // The replay command carries the same key.
  expect(await detailText('curl-command')).toContain(`Sec-WebSocket-Key: ${key}`);
});

test('a 403 with the headers the server really sent', async () => {
  await showDetail('forbidden-403');
  const response = (await detailText('response-headers'))!;
  expect(response).toContain('403 Forbidden');
  expect(response).toContain('Content-Type');
  expect(response).toContain('text/plain; charset=utf-8');
  expect(response).toContain('Connection');
  expect(await detailText('hidden-response-note')).toBeNull();
  const finding = await inspector.text('[data-testid="handshake-detail"] [data-testid="finding"][data-rule="status-not-101"]');
  expect(finding).toContain('403');
  // And other refused answers keep their telling headers too.
  await showDetail('upgrade-not-websocket');
  expect(await detailText('response-headers')).toContain('h2c');
  await showDetail('redirect-302');
  expect(await detailText('response-headers')).toContain('/ws/good');
});

test('Firefox’s getHAR(): WebSocket entries by URL scheme, no _resourceType or _webSocketMessages, the real status and headers', async () => {
  // What src/sources/devtools/entry.ts and the HAR mapper rely on for Firefox (PLATFORM.md, tests/fixtures/browsers/firefox/).
  const har = await inspector.getHAR();
  const ws = har.log.entries.filter((e) => /^wss?:/.test(e.request.url));
  const entryFor = (s: Scenario): HarEntry | undefined => ws.find((e) => e.request.url === servers.urlOf(s.name));
  expect(Object.fromEntries(SETTLED.map((s) => [s.name, entryFor(s)?.response.status ?? 'missing']))).toEqual(
    Object.fromEntries(SETTLED.map((s) => [s.name, s.serverStatus ?? 0])),
  );
  for (const entry of ws) {
    expect(entry._resourceType, entry.request.url).toBeUndefined();
    expect(entry._webSocketMessages, entry.request.url).toBeUndefined();
  }
  const header = (entry: HarEntry | undefined, name: string): string[] =>
    entry?.response.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value) ?? [];
  const byName = (name: ScenarioName): HarEntry | undefined => entryFor(SCENARIOS.find((s) => s.name === name)!);
  expect(byName('good')?.response.httpVersion).toBe('HTTP/1.1');
  expect(header(byName('accept-duplicate'), 'Sec-WebSocket-Accept')).toHaveLength(2);
  expect(header(byName('connection-without-upgrade'), 'Connection')).toEqual(['keep-alive']);
  expect(header(byName('deflate-bad-window-bits'), 'Sec-WebSocket-Extensions')).toEqual(['permessage-deflate; server_max_window_bits=7']);
  // The page's own requests are there too: the glue must pick the WebSockets out by scheme.
  expect(har.log.entries.some((e) => e.request.url.startsWith('http://'))).toBe(true);
});

test('Firefox’s getHAR() read as a HAR file (the import path) gets the verdicts the SCENARIOS table names', async () => {
  const parsed = handshakesFromHar(await inspector.getHAR(), 'firefox-getHAR');
  if (!parsed.ok) throw new Error(`handshakesFromHar refused Firefox's getHAR(): ${parsed.error}`);
  const reports = new Map((await analyze(parsed.handshakes)).map((r) => [r.url, r]));
  const judged = Object.fromEntries(SETTLED.map((s) => {
    const rules = reports.get(servers.urlOf(s.name))?.findings.map((f) => f.rule) ?? [];
    return [s.name, { verdict: reports.get(servers.urlOf(s.name))?.verdict ?? 'missing', missingRules: s.expectedRules.filter((r) => !rules.includes(r)) }];
  }));
  expect(judged).toEqual(Object.fromEntries(SETTLED.map((s) => [s.name, { verdict: s.expectedVerdict, missingRules: [] }])));
  expect(reports.get(servers.urlOf('wrong-accept'))?.actualAccept).toBeTruthy();
});

test('onRequestFinished reports a socket that stays open as soon as its handshake completes (Chrome: only when it closes)', async () => {
  // A page of its own: while a handshake to a host is pending, Firefox holds back every new WebSocket to that host (slow-pending above).
  await inspector.goto(pageWith([]));
  await inspector.evaluate(`(() => {
    window.finishedUrls = [];
    browser.devtools.network.onRequestFinished.addListener((e) => window.finishedUrls.push(e.request.url));
    return true;
  })()`);
  // The listener reaches the toolbox asynchronously, with nothing to wait for: until a refused handshake is reported, it is not attached yet.
  const reported = (name: ScenarioName): Promise<boolean> => inspector.evaluate<boolean>(`window.finishedUrls.includes(${JSON.stringify(servers.urlOf(name))})`);
  await waitFor(async () => {
    if (await reported('not-found-404')) return true;
    await inspector.pageEvaluate(`(window.openScenario('not-found-404'), true)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return reported('not-found-404');
  }, { message: 'the listener to be attached' });
  await inspector.pageEvaluate(`(window.openScenario('good-subprotocol-deflate'), true)`);
  await waitFor(() => inspector.evaluate<boolean>(`window.finishedUrls.includes(${JSON.stringify(servers.urlOf('good-subprotocol-deflate'))})`), {
    message: 'onRequestFinished for the open socket',
  });
  expect(await inspector.pageEvaluate(`window.demoResults['good-subprotocol-deflate'].state`)).toBe('open');
});

test('Firefox’s theme is followed: dark and back to light, as the user switches it in the toolbox settings', async () => {
  const background = (): Promise<string> => inspector.evaluate(`getComputedStyle(document.body).backgroundColor`);
  const light = await background();
  await inspector.setTheme('dark');
  expect((await inspector.toolboxState()).theme).toContain('theme-dark');
  const dark = await background();
  expect(dark).not.toBe(light);
  const luminance = (rgb: string): number => {
    const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  expect(luminance(dark)).toBeLessThan(luminance(light));
  // Firefox's own theme name, as the panel sees it.
  expect(await inspector.evaluate('browser.devtools.panels.themeName')).toBe('dark');
  await inspector.setTheme('light');
  expect(await background()).toBe(light);
});

test('navigation clears the list; with Preserve log on it keeps it; Clear empties it', async () => {
  const url = (name: ScenarioName): string => servers.urlOf(name);
  let rows = await loadScenarios(inspector, servers, ['not-found-404']);
  expect(rows.map((r) => [r.url, r.verdict])).toEqual([[url('not-found-404'), 'fail']]);

  await inspector.click('Preserve log');
  expect(await inspector.evaluate(`document.querySelector('[data-testid="preserve-log"]').checked`)).toBe(true);
  rows = await loadScenarios(inspector, servers, ['wrong-accept', 'good-closes']);
  // The old page's row first, then the new page's (twice over if Firefox lost some and the page was loaded again).
  expect(rows[0]?.url).toBe(url('not-found-404'));
  expect(new Set(rows.map((r) => r.url))).toEqual(new Set([url('not-found-404'), url('wrong-accept'), url('good-closes')]));

  await inspector.click('Preserve log');
  await inspector.reload();
  await pageSettled(inspector, ['wrong-accept', 'good-closes']);
  // Cleared: nothing from before the reload; what Firefox reported of the reload is listed (listedAsReported).
  rows = await listedAsReported(inspector, [url('wrong-accept'), url('good-closes')], (r) => !r.some((x) => x.url === url('not-found-404')) && r.length <= 2);
  expect(rows.every((r) => r.url === url('wrong-accept') || r.url === url('good-closes'))).toBe(true);

  await inspector.clickTestId('clear');
  await waitFor(async () => (await inspector.rows()).length === 0, { message: 'an empty list' });
  expect(await inspector.count()).toBe(0);
  await inspector.pageEvaluate(`(window.openScenario('forbidden-403'), true)`);
  rows = await listedAsReported(inspector, [url('forbidden-403')], (r) => r.length <= 1);
  expect(rows.every((r) => r.url === url('forbidden-403'))).toBe(true);
});

test('docked right: the panel page is recreated in a 500 px column and gets its rows back', async () => {
  await loadScenarios(inspector, servers, ['good', 'wrong-accept', 'forbidden-403']);
  const bottom = await inspector.panelViewport();
  expect(bottom.width).toBeGreaterThan(bottom.height);
  await inspector.select(servers.urlOf('wrong-accept'));
  await inspector.dock('right');
  const right = await inspector.panelViewport();
  expect(right.width).toBeLessThan(right.height);
  expect(right.width).toBeLessThanOrEqual(520);
  const rows = await inspector.waitForRows((r) => r.length === 3, { message: 'the rows again after the dock change' });
  expect(rows.map((r) => r.verdict).sort()).toEqual(['fail', 'fail', 'pass']);
  // Firefox reloads the panel page on a dock change: the rows come back from the devtools page, the selection does not.
  expect(await selectedUrl()).toBeNull();
  await inspector.select(servers.urlOf('wrong-accept'));
  await waitFor(() => detailText('actual-accept'), { message: 'the detail, docked right' });
  await inspector.dock('bottom');
  await inspector.waitForRows((r) => r.length === 3, { message: 'the rows after docking back' });
});
