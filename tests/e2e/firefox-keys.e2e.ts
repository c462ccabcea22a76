/**
 * The keyboard in the WS Handshakes panel inside Firefox's toolbox. Keys are
 * pressed from the parent process with the panel focused, as a user's are, so
 * the toolbox sees them first (a key synthesized in the panel's own process
 * would never reach the toolbox).
 *
 * Escape is where Firefox differs: its toolbox toggles the split console on
 * Escape, also when the key was pressed in an extension panel, and the panel
 * cannot veto it. What the panel does about it (src/sources/devtools/toolbox-keys.ts):
 * an Escape the panel uses (closing the detail, emptying the filter; a dialog
 * closing itself) leaves the split console as it was and the focus in the panel;
 * an Escape with nothing to close in the panel toggles the split console, as
 * in Firefox's own panels. These tests pin what the real toolbox then does.
 */
import { expect, test } from '@playwright/test';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { waitFor } from './harness.js';
import { loadScenarios } from './firefox/demo-page.js';
import { firefoxMissing, Keys, launchFirefoxInspector, type FirefoxInspector, type ToolboxState } from './firefox/inspector.js';

test.skip(firefoxMissing() !== null, firefoxMissing() ?? '');
test.describe.configure({ mode: 'serial' });

let servers: DemoServers;
let inspector: FirefoxInspector;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  servers = await startDemoServers({ http2: false });
  inspector = await launchFirefoxInspector();
  await inspector.goto(`${servers.pageUrl}?only=`);
  await inspector.openPanel();
  await loadScenarios(inspector, servers, ['good', 'wrong-accept', 'forbidden-403', 'not-found-404']);
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

const LIST = '[data-testid="handshake-list"]';
/** Chrome-context prologue: `toolbox` is the selected tab's DevTools toolbox. */
const TOOLBOX = `const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
  const toolbox = require("devtools/client/framework/devtools").gDevTools.getToolboxForTab(gBrowser.selectedTab);`;
const selectedUrl = (): Promise<string | null> =>
  inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-row"][aria-selected="true"]')?.getAttribute('data-url') ?? null`);
const detailUrl = (): Promise<string | null> =>
  inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-detail"]')?.getAttribute('data-url') ?? null`);
/** The panel's focused element, and whether the panel page has the focus at all. */
const panelFocus = (): Promise<{ testid: string | null; hasFocus: boolean }> =>
  inspector.evaluate(`({ testid: document.activeElement?.getAttribute('data-testid') ?? null, hasFocus: document.hasFocus() })`);

/**
 * Presses Escape and waits until the toolbox has settled: the split console in
 * the state expected and no toggle for a while (a second toggle comes as a reply
 * from the panel's process, later than the first).
 */
async function escape(options: { focus?: string; splitConsoleAfter: boolean }): Promise<{ state: ToolboxState; toggles: boolean[] }> {
  await inspector.watchSplitConsole();
  await inspector.press([Keys.Escape], options.focus ? { focus: options.focus } : {});
  let last = '';
  let stableSince = Date.now();
  const state = await waitFor(async () => {
    const now = await inspector.toolboxState();
    const toggles = await inspector.splitConsoleToggles();
    const seen = JSON.stringify([now.splitConsole, now.panelFocused, toggles]);
    if (seen !== last) {
      last = seen;
      stableSince = Date.now();
    }
    return Boolean(now.splitConsole) === options.splitConsoleAfter && Date.now() - stableSince > 1_000 ? now : null;
  }, { timeout: 20_000, interval: 100, message: `the split console to be ${options.splitConsoleAfter ? 'open' : 'closed'} and settled` });
  return { state, toggles: await inspector.splitConsoleToggles() };
}

test('arrows, Home and End pressed in the toolbox move the selection and the detail follows', async () => {
  const rows = await inspector.rows();
  await inspector.press([Keys.ArrowDown], { focus: LIST });
  await waitFor(async () => (await selectedUrl()) === rows[0]!.url, { message: 'the first row selected' });
  await inspector.press([Keys.ArrowDown]);
  await waitFor(async () => (await detailUrl()) === rows[1]!.url, { message: 'the detail of the second row' });
  await inspector.press([Keys.End]);
  await waitFor(async () => (await selectedUrl()) === rows[3]!.url, { message: 'the last row selected' });
  await inspector.press([Keys.Home]);
  await waitFor(async () => (await selectedUrl()) === rows[0]!.url, { message: 'the first row again' });
  await inspector.press(['j']);
  await waitFor(async () => (await selectedUrl()) === rows[1]!.url, { message: 'j moves down' });
  const state = await inspector.toolboxState();
  expect(state.splitConsole).toBeFalsy();
  expect(state.panelFocused).toBe(true);
});

test('Escape with a row selected closes the detail and stops there: the split console stays closed, the focus in the list', async () => {
  await inspector.select(servers.urlOf('wrong-accept'));
  await waitFor(async () => (await detailUrl()) === servers.urlOf('wrong-accept'), { message: 'the detail' });
  const { state, toggles } = await escape({ focus: LIST, splitConsoleAfter: false });
  expect(await detailUrl()).toBeNull();
  expect(state.panelFocused).toBe(true);
  expect(await panelFocus()).toEqual({ testid: 'handshake-list', hasFocus: true });
  // Firefox's toolbox toggled twice (open, and closed again on the reply) or not visibly at all: never left open.
  expect(toggles.at(-1) ?? false).toBe(false);
  // The list still has the keyboard.
  await inspector.press([Keys.ArrowDown]);
  await waitFor(() => detailUrl(), { message: 'a row selected again with the arrow' });
});

test('Escape with nothing to close in the panel toggles Firefox’s split console, as in Firefox’s own panels; again closes it', async () => {
  await inspector.press([Keys.Escape], { focus: LIST }); // closes the detail opened above
  await waitFor(async () => (await detailUrl()) === null, { message: 'no detail' });
  const opened = await escape({ focus: LIST, splitConsoleAfter: true });
  expect(opened.toggles).toEqual([true]);
  // The console takes the focus, as Firefox's split console does.
  expect(opened.state.panelFocused).toBe(false);
  const closed = await escape({ focus: LIST, splitConsoleAfter: false });
  expect(closed.toggles).toEqual([false]);
  expect(closed.state.panelFocused).toBe(true);
});

test('Escape in the filter box empties it and stops there; the list shows every row again', async () => {
  await inspector.type('[data-testid="filter"]', '403');
  await inspector.waitForRows((rows) => rows.length === 1, { message: 'the filtered list' });
  const { state } = await escape({ focus: '[data-testid="filter"]', splitConsoleAfter: false });
  expect(await inspector.evaluate(`document.querySelector('[data-testid="filter"]').value`)).toBe('');
  await inspector.waitForRows((rows) => rows.length === 4, { message: 'every row again' });
  expect(state.panelFocused).toBe(true);
  expect((await panelFocus()).testid).toBe('filter');
});

test('Escape in the paste dialog closes the dialog and stops there', async () => {
  await inspector.clickTestId('paste-button');
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="paste-dialog"][open]')`), { message: 'the paste dialog' });
  await escape({ focus: '[data-testid="paste-text"]', splitConsoleAfter: false });
  await waitFor(() => inspector.evaluate<boolean>(`!document.querySelector('[data-testid="paste-dialog"][open]')`), { message: 'the dialog closed' });
  expect(await inspector.rows()).toHaveLength(4);
});

test('with Firefox’s split console turned off in its settings, Escape with nothing to close does nothing', async () => {
  // What the Settings checkbox "Enable Split Console" does: the pref, then the toolbox re-reads it.
  const setEnabled = (on: boolean): Promise<unknown> => inspector.chromeEvaluate(`${TOOLBOX}
    if (arguments[0]) Services.prefs.clearUserPref("devtools.toolbox.splitconsole.enabled");
    else Services.prefs.setBoolPref("devtools.toolbox.splitconsole.enabled", false);
    toolbox.updateIsSplitConsoleEnabled();
    return true;`, [on]);
  await setEnabled(false);
  try {
    expect((await inspector.toolboxState()).splitConsoleEnabled).toBe(false);
    const { state, toggles } = await escape({ focus: LIST, splitConsoleAfter: false });
    expect(toggles).toEqual([]);
    expect(state.panelFocused).toBe(true);
    expect(state.currentToolId).toMatch(/^webext-devtools-panel-/);
  } finally {
    await setEnabled(true);
  }
});
