/**
 * The Firefox e2e harness: Debian's Firefox ESR headless with the built
 * extension (dist/firefox) and the real DevTools toolbox open on the inspected
 * tab, driven over Marionette (marionette.ts). The handle mirrors the Chromium
 * one (../harness.ts): open the panel, read its rows, select one, click things,
 * plus what only Firefox's toolbox has: its theme pref, its dock positions, its
 * split console, and key presses that go through the toolbox as a user's do.
 *
 *   const inspector = await launchFirefoxInspector();
 *   await inspector.goto(servers.pageUrl + '?only=good,wrong-accept');
 *   await inspector.openPanel();
 *   const rows = await inspector.waitForRows((r) => r.length === 2);
 *
 * Three places a command can run, tracked here: `chrome` (the browser window and
 * the toolbox), `tab` (the inspected page) and `panel` (the WS Handshakes page,
 * reached by pointing Marionette's content context at it, see toolbox.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor, type HandshakeRow, type HarLog, type WaitOptions } from '../harness.js';
import { EXTENSION_UUID, FIREFOX_PATH, launchFirefox, type DockPosition, type FirefoxOptions, type FirefoxTheme, type RunningFirefox } from './launch.js';
import { chord, Marionette } from './marionette.js';
import {
  CLOSE_SPLIT_CONSOLE, COMPOSE_SCREENSHOT, EXTENSION_ERRORS, FOCUS_PANEL, OPEN_TOOLBOX, READ_CLIPBOARD, SELECT_PANEL, SWITCH_HOST, TARGET_PANEL,
  TOOLBOX_STATE, WAIT_CAPTURE_READY, WATCH_SPLIT_CONSOLE, WRITE_CLIPBOARD,
} from './toolbox.js';

export { FIREFOX_PATH } from './launch.js';
export type { DockPosition, FirefoxTheme } from './launch.js';
export { Keys } from './marionette.js';

export const FIREFOX_DIST = fileURLToPath(new URL('../../../dist/firefox', import.meta.url));
export const PANEL_TITLE = 'WS Handshakes';
/** The extension's origin (its UUID is pinned by a pref in launch.ts). */
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** Why a Firefox test cannot run here, or null when it can. */
export function firefoxMissing(): string | null {
  return existsSync(FIREFOX_PATH) ? null : `Firefox ESR is not installed at ${FIREFOX_PATH} (apt-get install firefox-esr, or set FIREFOX_PATH)`;
}

export interface ToolboxState {
  readonly splitConsole: boolean;
  readonly splitConsoleEnabled: boolean;
  readonly currentToolId: string;
  /** Focus (in the parent) is on the panel's <browser>. */
  readonly panelFocused: boolean;
  readonly focused: string | null;
  /** The toolbox document's class: `theme-light` / `theme-dark`. */
  readonly theme: string;
  /** The panel's <browser> in CSS px. */
  readonly panelSize: readonly [number, number] | null;
}

export interface FirefoxInspector {
  readonly marionette: Marionette;
  /** Navigates the inspected tab and waits for `load`. */
  goto(url: string): Promise<void>;
  /** Reloads the inspected tab. */
  reload(): Promise<void>;
  /** Evaluates an expression in the inspected tab (page globals visible). */
  pageEvaluate<T = unknown>(expression: string): Promise<T>;
  /** Runs an async function body in the browser's chrome context (DevTools there, see toolbox.ts). */
  chromeEvaluate<T = unknown>(body: string, args?: readonly unknown[]): Promise<T>;
  /** Selects the WS Handshakes tab and waits for the panel page. */
  openPanel(): Promise<void>;
  /** Evaluates an expression in the panel (a returned Promise is awaited). */
  evaluate<T = unknown>(expression: string): Promise<T>;
  rows(): Promise<HandshakeRow[]>;
  count(): Promise<number>;
  waitForRows(predicate: (rows: HandshakeRow[]) => boolean, options?: WaitOptions): Promise<HandshakeRow[]>;
  /** Clicks (a trusted mouse click) the row whose data-url is `url`. */
  select(url: string): Promise<void>;
  /** Clicks the smallest visible clickable element whose text (or aria-label/title) is `text`, else contains it. */
  click(text: string): Promise<void>;
  /** Clicks `[data-testid=testId]`. */
  clickTestId(testId: string): Promise<void>;
  text(selector: string): Promise<string | null>;
  /** Types into the element matching `selector` in the panel. */
  type(selector: string, text: string): Promise<void>;
  /** Chooses a file (absolute path) in the panel's hidden file input, as the file picker does. */
  chooseFile(path: string): Promise<void>;
  /**
   * Presses keys as a user does: focus on the panel (on `focus`, a selector in
   * the panel, when given), then the keys from the parent process, so the toolbox
   * sees them first and the panel page after (e.g. Keys.Escape, or Keys.Control + 'v').
   */
  press(keys: readonly string[], options?: { readonly focus?: string }): Promise<void>;
  toolboxState(): Promise<ToolboxState>;
  /** Records the split console's toggles from now on; `splitConsoleToggles()` reads them. */
  watchSplitConsole(): Promise<void>;
  splitConsoleToggles(): Promise<boolean[]>;
  closeSplitConsole(): Promise<void>;
  /** Sets Firefox's DevTools theme (the pref Settings writes) and waits for the panel to follow. */
  setTheme(theme: FirefoxTheme): Promise<void>;
  /** Docks the toolbox elsewhere (the panel page is recreated) and waits for the panel again. */
  dock(position: DockPosition): Promise<void>;
  /** The panel page's viewport, CSS px. */
  panelViewport(): Promise<{ width: number; height: number }>;
  /** PNG of the browser window with the docked toolbox, as the user sees it (see COMPOSE_SCREENSHOT in toolbox.ts). */
  screenshot(): Promise<Buffer>;
  /** PNG of the panel page alone. */
  screenshotPanel(): Promise<Buffer>;
  /** `browser.devtools.network.getHAR()` (from the panel page, a devtools context like the devtools page). */
  getHAR(): Promise<HarLog>;
  writeClipboard(text: string): Promise<void>;
  readClipboard(): Promise<string | null>;
  /** Script errors and console.error calls of the extension's pages since launch. */
  extensionErrors(): Promise<string[]>;
  /** Firefox's last output lines (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions extends FirefoxOptions {
  /** The unpacked extension to install (default dist/firefox). */
  readonly extensionDir?: string;
}

type Place = 'chrome' | 'tab' | 'panel';

/** A content context that went away under us (the panel page reloaded, the tab navigated). */
const GONE = /no such window|discarded|dead object|unloaded|no such frame|NS_ERROR_NOT_AVAILABLE|Actor .* destroyed/i;

const PANEL_READY = `document.readyState === 'complete' && (document.getElementById('app')?.childElementCount ?? 0) > 0`;

export async function launchFirefoxInspector(options: FirefoxLaunchOptions = {}): Promise<FirefoxInspector> {
  const extensionDir = options.extensionDir ?? FIREFOX_DIST;
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`no Firefox build at ${extensionDir}: run \`npm run build:extension\` first`);
  // The id comes from the build, so the pinned UUID (and EXTENSION_ORIGIN) follow a change of id.
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const extensionId = manifest.browser_specific_settings?.gecko?.id;
  if (extensionId === undefined) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  const firefox: RunningFirefox = await launchFirefox({ ...options, extensionId });
  const m = firefox.marionette;
  let place: Place | null = null;
  let panelId: string | null = null;
  let tabHandle = '';

  const to = async (where: Place): Promise<void> => {
    if (place === where) return;
    place = null;
    if (where === 'chrome') {
      await m.setContext('chrome');
    } else if (where === 'tab') {
      await m.setContext('content');
      await m.switchToWindow(tabHandle);
    } else {
      if (!panelId) throw new Error('the panel is not open: call openPanel() first');
      await m.setContext('chrome');
      await m.evaluate(TARGET_PANEL, [panelId]);
      await m.setContext('content');
    }
    place = where;
  };

  /** Runs `run` in `where`; a context that went away is re-targeted next time. */
  const at = async <T>(where: Place, run: () => Promise<T>): Promise<T> => {
    await to(where);
    try {
      return await run();
    } catch (error) {
      if (GONE.test(String(error))) place = null;
      throw error;
    }
  };

  const chromeEvaluate = <T>(body: string, args: readonly unknown[] = []): Promise<T> => at('chrome', () => m.evaluate<T>(body, args));
  const panelScript = <T>(body: string, args: readonly unknown[] = []): Promise<T> => at('panel', () => m.evaluate<T>(body, args));
  const evaluate = <T>(expression: string): Promise<T> => panelScript<T>(`return (${expression});`);

  const rows = (): Promise<HandshakeRow[]> => evaluate<HandshakeRow[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]')]
      .map((r) => ({ url: r.getAttribute('data-url') ?? '', verdict: r.getAttribute('data-verdict') ?? '',
        rules: (r.getAttribute('data-rules') ?? '').split(/\\s+/).filter(Boolean) }))`);

  /** Marks the element `find` (a panel function body returning an element or null) and clicks it with a trusted click. */
  const clickFound = async (find: string, what: string): Promise<void> => {
    const found = await panelScript<boolean>(`
      const element = (() => { ${find} })();
      if (!element) return false;
      document.querySelectorAll('[data-e2e-target]').forEach((e) => e.removeAttribute('data-e2e-target'));
      element.setAttribute('data-e2e-target', '');
      element.scrollIntoView({ block: 'center' });
      return true;`);
    if (!found) throw new Error(`nothing to click in the panel: ${what}`);
    await at('panel', async () => {
      const [element] = await m.findElements('[data-e2e-target]');
      if (!element) throw new Error(`the element to click went away: ${what}`);
      await m.elementClick(element);
    });
    await panelScript(`document.querySelector('[data-e2e-target]')?.removeAttribute('data-e2e-target'); return true;`).catch(() => {});
  };

  const waitForPanelPage = async (): Promise<void> => {
    await chromeEvaluate(SELECT_PANEL, [panelId, 30_000]);
    place = null;
    await waitFor(() => evaluate<boolean>(PANEL_READY), { timeout: 30_000, message: 'the panel page to render' });
  };

  try {
    await m.setContext('content');
    tabHandle = await m.getWindowHandle();
    await at('chrome', () => m.installAddon(extensionDir, true));
    // The toolbox first (as a user opens DevTools), then the page: the devtools page is capturing before the page's sockets open.
    await chromeEvaluate(OPEN_TOOLBOX, [options.dock ?? null]);
    panelId = await chromeEvaluate<string>(WAIT_CAPTURE_READY, [PANEL_TITLE, 30_000]);
  } catch (error) {
    const output = firefox.output();
    await firefox.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nFirefox output (tail):\n${output}`);
  }

  const inspector: FirefoxInspector = {
    marionette: m,
    async goto(url) {
      await at('tab', () => m.navigate(url));
    },
    async reload() {
      await at('tab', () => m.refresh());
    },
    pageEvaluate: (expression) => at('tab', () => m.evaluate(`return (${expression});`)),
    chromeEvaluate,
    openPanel: waitForPanelPage,
    evaluate,
    rows,
    async count() {
      const value = await evaluate<string | null>(`document.querySelector('[data-testid="handshake-count"]')?.getAttribute('data-count') ?? document.querySelector('[data-testid="handshake-count"]')?.textContent ?? null`);
      const match = value === null ? null : /\d+/.exec(value);
      if (!match) throw new Error(`no number in [data-testid=handshake-count] (found ${JSON.stringify(value)})`);
      return Number(match[0]);
    },
    async waitForRows(predicate, waitOptions = {}) {
      let last: HandshakeRow[] = [];
      try {
        return await waitFor(async () => {
          last = await rows();
          return predicate(last) ? last : false;
        }, { message: 'panel rows to match', ...waitOptions });
      } catch (error) {
        // What the panel showed and what Firefox reported, to tell a panel bug from Firefox losing a handshake.
        const reported = await inspector.getHAR().then((har) => har.log.entries.filter((e) => /^wss?:/.test(e.request.url)).map((e) => `${e.request.url} ${e.response.status}`), (e: Error) => [`getHAR failed: ${e.message}`]);
        throw new Error(`${(error as Error).message}\n  rows: ${last.map((r) => `${r.url} ${r.verdict}`).join(' | ') || '(none)'}\n  getHAR() WebSockets: ${reported.join(' | ') || '(none)'}`);
      }
    },
    async select(url) {
      await clickFound(`return [...document.querySelectorAll('[data-testid="handshake-row"]')].find((r) => r.getAttribute('data-url') === ${JSON.stringify(url)}) ?? null;`, `the row ${url}`)
        .catch(async (error: Error) => { throw new Error(`${error.message}; rows: ${JSON.stringify(await rows())}`); });
    },
    click(text) {
      return clickFound(`
        const wanted = ${JSON.stringify(text)};
        const clickable = 'button, a, [role=button], [role=tab], [role=option], [role=row], [role=menuitem], summary, label, input, [tabindex], [data-testid]';
        const visible = (el) => el.getClientRects().length > 0;
        const labelOf = (el) => [el.textContent ?? '', el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '', el.value ?? '']
          .map((s) => String(s).trim().replace(/\\s+/g, ' '));
        const all = [...document.querySelectorAll(clickable)].filter(visible);
        const exact = all.filter((el) => labelOf(el).includes(wanted));
        const partial = all.filter((el) => labelOf(el).some((s) => s.includes(wanted)));
        const pool = exact.length ? exact : partial;
        // The innermost match is the control itself, not a container around it.
        return pool.find((el) => !pool.some((other) => other !== el && el.contains(other))) ?? null;`, `text ${JSON.stringify(text)}`);
    },
    clickTestId(testId) {
      return clickFound(`return document.querySelector('[data-testid=${JSON.stringify(testId)}]');`, `[data-testid=${testId}]`);
    },
    text: (selector) => evaluate<string | null>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`),
    async type(selector, text) {
      await at('panel', async () => {
        const [element] = await m.findElements(selector);
        if (!element) throw new Error(`no ${selector} in the panel to type into`);
        await m.elementSendKeys(element, text);
      });
    },
    async chooseFile(path) {
      // Marionette fills a (hidden) <input type=file> from a path; the panel gets a real File and a change event.
      await at('panel', async () => {
        const [input] = await m.findElements('[data-testid="import-input"]');
        if (!input) throw new Error('no [data-testid=import-input] in the panel');
        await m.elementSendKeys(input, path);
      });
    },
    async press(keys, pressOptions = {}) {
      await panelScript(`
        const wanted = arguments[0] ? document.querySelector(arguments[0]) : null;
        if (arguments[0] && !wanted) throw new Error('nothing to focus: ' + arguments[0]);
        const target = wanted ?? (document.activeElement && document.activeElement !== document.body ? document.activeElement : document.querySelector('[data-testid="handshake-list"]'));
        target.focus();
        return true;`, [pressOptions.focus ?? null]);
      const focused = await chromeEvaluate<boolean>(FOCUS_PANEL, [panelId]);
      if (!focused) throw new Error('could not focus the panel in the toolbox');
      await at('chrome', () => m.performActions(chord(...keys)));
    },
    toolboxState: () => chromeEvaluate<ToolboxState>(TOOLBOX_STATE, [panelId]),
    async watchSplitConsole() {
      await chromeEvaluate(WATCH_SPLIT_CONSOLE);
    },
    splitConsoleToggles: () => chromeEvaluate<boolean[]>('return window.__splitConsoleToggles ?? [];'),
    async closeSplitConsole() {
      await chromeEvaluate(CLOSE_SPLIT_CONSOLE);
    },
    async setTheme(theme) {
      await chromeEvaluate(`Services.prefs.setCharPref("devtools.theme", arguments[0]); return true;`, [theme]);
      await waitFor(() => evaluate<boolean>(`document.documentElement.dataset.theme === ${JSON.stringify(theme)}`), { message: `the panel to follow the ${theme} theme` });
    },
    async dock(position) {
      await chromeEvaluate(SWITCH_HOST, [position]);
      place = null;
      await waitForPanelPage();
    },
    panelViewport: () => evaluate<{ width: number; height: number }>(`({ width: innerWidth, height: innerHeight })`),
    async screenshot() {
      if (!panelId) return Buffer.from(await at('chrome', () => m.takeScreenshot()), 'base64');
      const panel = await at('panel', () => m.takeScreenshot());
      const window = await at('chrome', () => m.takeScreenshot());
      const composed = await chromeEvaluate<string>(COMPOSE_SCREENSHOT, [window, panel, panelId]);
      return Buffer.from(composed.slice(composed.indexOf(',') + 1), 'base64');
    },
    async screenshotPanel() {
      return Buffer.from(await at('panel', () => m.takeScreenshot()), 'base64');
    },
    async getHAR() {
      const log = await evaluate<HarLog['log']>(`browser.devtools.network.getHAR().then((log) => JSON.parse(JSON.stringify(log)))`);
      // Firefox, like Chromium, gives the log object itself; wrap it as a HAR file.
      return { log };
    },
    async writeClipboard(text) {
      await chromeEvaluate(WRITE_CLIPBOARD, [text]);
    },
    readClipboard: () => chromeEvaluate<string | null>(READ_CLIPBOARD),
    extensionErrors: () => chromeEvaluate<string[]>(EXTENSION_ERRORS, [EXTENSION_ORIGIN]),
    output: () => firefox.output(),
    close: () => firefox.stop(),
  };
  return inspector;
}
