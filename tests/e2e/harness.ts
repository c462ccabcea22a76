/**
 * The e2e harness: real Chromium (Debian's /usr/bin/chromium) with the built
 * extension (dist/chrome) and DevTools open on the inspected tab, driven over
 * CDP as shared/PLATFORM.md describes. Tests get a handle that reads like the
 * user's view: open the panel, read its rows, select one, click things.
 *
 *   const inspector = await launchInspector();
 *   await inspector.goto(servers.pageUrl + '?only=good,wrong-accept');
 *   await inspector.openPanel();
 *   const rows = await inspector.waitForRows((r) => r.length === 2);
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CdpClient, listTargets, type CdpTarget } from './cdp.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROME_DIST = fileURLToPath(new URL('../../dist/chrome', import.meta.url));
/** The tab title in SPEC.md; DevTools ids an extension panel by extension URL + title without spaces. */
export const PANEL_TITLE = 'WS Handshakes';

const DEVTOOLS_FRONTEND = 'devtools://devtools/bundled/devtools_app.html';

export interface HandshakeRow {
  readonly url: string;
  readonly verdict: string;
  readonly rules: readonly string[];
}

/** A HAR entry as far as the tests read it. */
export interface HarEntry {
  readonly _resourceType?: string;
  readonly _webSocketMessages?: ReadonlyArray<{ readonly type: string; readonly opcode: number; readonly data: string }>;
  readonly request: { readonly url: string; readonly method: string; readonly httpVersion: string; readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }> };
  readonly response: { readonly status: number; readonly statusText: string; readonly httpVersion: string; readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }>; readonly _error?: string | null };
  readonly [key: string]: unknown;
}

export interface HarLog {
  readonly log: { readonly version: string; readonly creator: { readonly name: string; readonly version: string }; readonly entries: readonly HarEntry[]; readonly [key: string]: unknown };
}

export interface WaitOptions {
  /** Milliseconds (default 15 000). */
  readonly timeout?: number;
  /** Poll interval in ms (default 100). */
  readonly interval?: number;
  /** What was awaited, for the error message. */
  readonly message?: string;
}

/**
 * Polls `probe` until it returns a value other than undefined/null/false; throws a clear error on timeout,
 * naming `message` and the last value or error seen.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
  const timeout = options.timeout ?? 15_000;
  const interval = options.interval ?? 100;
  const deadline = Date.now() + timeout;
  let last: unknown = undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${options.message ?? 'a condition'} (last: ${String(seen).slice(0, 2000)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export interface LaunchOptions {
  /** The unpacked extension to load (default dist/chrome). */
  readonly extensionDir?: string;
  /** Navigate the inspected tab here once DevTools and the devtools page are up (or see navigateAfterLaunchMs). */
  readonly url?: string;
  /**
   * Navigate to `url` this many ms after the browser launched, without waiting for DevTools or the
   * devtools page (a user who opens a page while DevTools is still starting; issue 13's race).
   */
  readonly navigateAfterLaunchMs?: number;
  /** Extra Chromium flags. */
  readonly args?: readonly string[];
  /** DevTools' own theme (its `ui-theme` preference, set in the profile before launch); the panel follows it. */
  readonly devtoolsTheme?: 'light' | 'dark';
}

export interface Inspector {
  /** The inspected tab. */
  readonly page: Page;
  readonly context: BrowserContext;
  /** The `--remote-debugging-port` Chromium chose. */
  readonly debuggingPort: number;
  readonly extensionId: string;
  /** Navigates the inspected tab and waits for `load`. */
  goto(url: string): Promise<void>;
  /** Evaluates in the DevTools front-end (devtools_app.html). */
  frontendEvaluate<T = unknown>(expression: string): Promise<T>;
  /** Evaluates in the extension's devtools page (where chrome.devtools.network lives). */
  devtoolsPageEvaluate<T = unknown>(expression: string): Promise<T>;
  /** A raw CDP command to the extension's devtools page (Runtime.getHeapUsage, Network.enable…). */
  devtoolsPageSend<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** A raw CDP command to the panel frame (openPanel first). */
  panelSend<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** CDP events of the devtools page or the panel frame (openPanel first) named `method`; returns a function that stops listening. */
  onCdpEvent(target: 'devtools-page' | 'panel', method: string, listener: (params: Record<string, unknown>) => void): () => void;
  /** `chrome.devtools.network.getHAR()` from the devtools page. */
  getHAR(): Promise<HarLog>;
  /** getHAR() entries whose URL is ws:// or wss://. */
  webSocketEntries(): Promise<HarEntry[]>;
  /** Polls getHAR() until `predicate` holds for the WebSocket entries. */
  waitForWebSocketEntries(predicate: (entries: HarEntry[]) => boolean, options?: WaitOptions): Promise<HarEntry[]>;
  /** Shows the WS Handshakes tab and connects to the panel's frame. */
  openPanel(): Promise<void>;
  /** Evaluates in the panel (openPanel first). */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** The rendered `[data-testid=handshake-row]` rows (a virtualised list renders only what is in view). */
  rows(): Promise<HandshakeRow[]>;
  /** The number `[data-testid=handshake-count]` shows (its data-count, else the first integer in its text). */
  count(): Promise<number>;
  /** Polls rows() until `predicate` holds; returns those rows. */
  waitForRows(predicate: (rows: HandshakeRow[]) => boolean, options?: WaitOptions): Promise<HandshakeRow[]>;
  /** Clicks the row whose data-url is `url`. */
  select(url: string): Promise<void>;
  /** Clicks the smallest visible clickable element whose text (or aria-label/title) is `text`, else contains it. */
  click(text: string): Promise<void>;
  /** textContent of the first element matching `selector` in the panel, or null. */
  text(selector: string): Promise<string | null>;
  /**
   * Docks DevTools ('right', 'bottom', 'left' or 'undocked') and, when docked, sets its width (right, left)
   * or height (bottom) in CSS px: the panel frame follows, as when a user drags the split.
   */
  dock(side: 'right' | 'bottom' | 'left' | 'undocked', size?: number): Promise<void>;
  /** The panel frame's size in CSS px. */
  panelSize(): Promise<{ width: number; height: number }>;
  /** A PNG of the DevTools window as the user sees it (the panel included). */
  screenshot(): Promise<Buffer>;
  /** A real key press (CDP Input.dispatchKeyEvent) into whatever has focus, as a user's keyboard does. */
  press(key: 'Escape' | 'PageDown' | 'PageUp' | 'End' | 'Home' | 'ArrowDown' | 'ArrowUp' | 'ArrowLeft' | 'ArrowRight' | 'Tab' | 'Space'): Promise<void>;
  /** A mouse wheel turn at a point of the panel frame (CSS px inside it). */
  wheel(x: number, y: number, deltaY: number): Promise<void>;
  /** Whether DevTools shows its drawer (the Console drawer Esc toggles). */
  drawerShown(): Promise<boolean>;
  close(): Promise<void>;
}

/** CDP key descriptions for Input.dispatchKeyEvent. */
const KEYS = {
  Escape: { key: 'Escape', code: 'Escape', windowsVirtualKeyCode: 27 },
  PageDown: { key: 'PageDown', code: 'PageDown', windowsVirtualKeyCode: 34 },
  PageUp: { key: 'PageUp', code: 'PageUp', windowsVirtualKeyCode: 33 },
  End: { key: 'End', code: 'End', windowsVirtualKeyCode: 35 },
  Home: { key: 'Home', code: 'Home', windowsVirtualKeyCode: 36 },
  ArrowDown: { key: 'ArrowDown', code: 'ArrowDown', windowsVirtualKeyCode: 40 },
  ArrowUp: { key: 'ArrowUp', code: 'ArrowUp', windowsVirtualKeyCode: 38 },
  ArrowLeft: { key: 'ArrowLeft', code: 'ArrowLeft', windowsVirtualKeyCode: 37 },
  ArrowRight: { key: 'ArrowRight', code: 'ArrowRight', windowsVirtualKeyCode: 39 },
  Tab: { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 },
  Space: { key: ' ', code: 'Space', windowsVirtualKeyCode: 32 },
} as const;

async function readDevToolsPort(userDataDir: string): Promise<number> {
  const file = join(userDataDir, 'DevToolsActivePort');
  const content = await waitFor(async () => (existsSync(file) ? await readFile(file, 'utf8') : null), {
    timeout: 15_000,
    message: `${file} (Chromium's --remote-debugging-port=0 answer)`,
  });
  const port = Number(content.split('\n')[0]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`bad DevToolsActivePort: ${JSON.stringify(content)}`);
  return port;
}

const EXTENSION_PAGE = /^chrome-extension:\/\/([a-p]{32})\/extension\/devtools\.html/;

export async function launchInspector(options: LaunchOptions = {}): Promise<Inspector> {
  const extensionDir = options.extensionDir ?? CHROME_DIST;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no extension build at ${extensionDir}: run \`npm run build:extension\` first`);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  const userDataDir = await mkdtemp(join(tmpdir(), 'ws-inspector-e2e-'));
  if (options.devtoolsTheme) {
    // DevTools reads its preferences from the profile; values are JSON strings inside JSON.
    await mkdir(join(userDataDir, 'Default'), { recursive: true });
    await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ devtools: { preferences: { 'ui-theme': JSON.stringify(options.devtoolsTheme) } } }));
  }
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--auto-open-devtools-for-tabs',
    // 0: Chromium picks a free port and writes it to DevToolsActivePort.
    '--remote-debugging-port=0',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-gpu',
    // The HTTP/2 demo server's certificate is self-signed.
    '--ignore-certificate-errors',
    '--window-size=1400,1600',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...(options.args ?? []),
  ];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args,
      ignoreDefaultArgs: ['--disable-extensions'],
      viewport: null,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const clients: CdpClient[] = [];
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const client of clients) client.close();
    await context.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  };

  try {
    const debuggingPort = await readDevToolsPort(userDataDir);
    const page = context.pages()[0] ?? (await context.newPage());
    let early: Promise<unknown> | null = null;
    if (options.url && options.navigateAfterLaunchMs !== undefined) {
      const url = options.url;
      early = new Promise((resolve) => setTimeout(resolve, options.navigateAfterLaunchMs)).then(() => page.goto(url, { waitUntil: 'load' }));
      early.catch(() => {}); // awaited below; a failure surfaces there
    }

    const findTarget = (match: (t: CdpTarget) => boolean, message: string): Promise<CdpTarget> =>
      waitFor(async () => (await listTargets(debuggingPort)).find(match), { timeout: 20_000, message });

    const connect = async (target: CdpTarget): Promise<CdpClient> => {
      const client = await CdpClient.connect(target);
      clients.push(client);
      return client;
    };

    // One tab, so one DevTools front-end: the one for the inspected page.
    const frontendTarget = await findTarget((t) => t.type === 'page' && t.url.startsWith(DEVTOOLS_FRONTEND),
      'the DevTools front-end target (devtools_app.html) in /json/list');
    const frontend = await connect(frontendTarget);
    const devtoolsPageTarget = await findTarget((t) => EXTENSION_PAGE.test(t.url),
      "the extension's devtools page target (chrome-extension://…/extension/devtools.html); is the extension built and loaded?");
    const extensionId = EXTENSION_PAGE.exec(devtoolsPageTarget.url)![1]!;
    const devtoolsPage = await connect(devtoolsPageTarget);
    // The devtools page registers the panel in its first task; wait until DevTools lists the tab.
    const panelTabId = `chrome-extension://${extensionId}${PANEL_TITLE.replace(/\s+/g, '')}`;
    await waitFor(() => frontend.evaluate<boolean>(`(async () => {
        const UI = await import('./ui/legacy/legacy.js');
        return UI.InspectorView.InspectorView.instance().tabbedPane.tabIds().includes(${JSON.stringify(panelTabId)});
      })()`), { timeout: 20_000, message: `DevTools to list the ${PANEL_TITLE} tab (${panelTabId})` });

    let panel: CdpClient | null = null;
    const inPanel = <T>(expression: string): Promise<T> => {
      if (!panel) throw new Error('the panel is not open: call openPanel() first');
      return panel.evaluate<T>(expression);
    };

    const getHAR = async (): Promise<HarLog> => {
      const log = await devtoolsPage.evaluate<HarLog['log']>(`(async () => {
          const api = (globalThis.browser ?? globalThis.chrome).devtools.network;
          const har = await new Promise((resolve) => { const p = api.getHAR(resolve); if (p && p.then) p.then(resolve); });
          return JSON.parse(JSON.stringify(har));
        })()`);
      // Chromium gives the log object itself; wrap it as a HAR file.
      return { log };
    };
    const webSocketEntries = async (): Promise<HarEntry[]> =>
      (await getHAR()).log.entries.filter((e) => /^wss?:/i.test(e.request.url));

    const rows = (): Promise<HandshakeRow[]> => inPanel<HandshakeRow[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]')]
        .map((r) => ({ url: r.getAttribute('data-url') ?? '', verdict: r.getAttribute('data-verdict') ?? '',
          rules: (r.getAttribute('data-rules') ?? '').split(/\\s+/).filter(Boolean) }))`);

    const inspector: Inspector = {
      page,
      context,
      debuggingPort,
      extensionId,
      async goto(url) {
        await page.goto(url, { waitUntil: 'load' });
      },
      frontendEvaluate: (expression) => frontend.evaluate(expression),
      devtoolsPageEvaluate: (expression) => devtoolsPage.evaluate(expression),
      devtoolsPageSend: (method, params) => devtoolsPage.send(method, params),
      panelSend: (method, params) => {
        if (!panel) throw new Error('the panel is not open: call openPanel() first');
        return panel.send(method, params);
      },
      onCdpEvent(target, method, listener) {
        const client = target === 'panel' ? panel : devtoolsPage;
        if (!client) throw new Error('the panel is not open: call openPanel() first');
        return client.on(method, listener);
      },
      getHAR,
      webSocketEntries,
      async waitForWebSocketEntries(predicate, waitOptions = {}) {
        let last: HarEntry[] = [];
        try {
          return await waitFor(async () => {
            last = await webSocketEntries();
            return predicate(last) ? last : false;
          }, { interval: 250, message: 'getHAR() WebSocket entries to match', ...waitOptions });
        } catch (error) {
          const seen = last.map((e) => `${e.request.url} ${e.response.status} ${JSON.stringify(e._webSocketMessages?.find((m) => m.type === 'error')?.data ?? null)}`);
          throw new Error(`${error instanceof Error ? error.message : String(error)}\n  WebSocket entries seen:\n    ${seen.join('\n    ') || '(none)'}`);
        }
      },
      async openPanel() {
        const shown = await frontend.evaluate<{ ok: boolean; ids?: string[] }>(`(async () => {
            const UI = await import('./ui/legacy/legacy.js');
            const iv = UI.InspectorView.InspectorView.instance();
            const ids = iv.tabbedPane.tabIds();
            if (!ids.includes(${JSON.stringify(panelTabId)})) return { ok: false, ids };
            await iv.showPanel(${JSON.stringify(panelTabId)});
            return { ok: true };
          })()`);
        if (!shown.ok) throw new Error(`no ${PANEL_TITLE} tab; DevTools tabs: ${shown.ids?.join(', ')}`);
        const panelUrl = `chrome-extension://${extensionId}/extension/panel.html`;
        const panelTarget = await findTarget((t) => t.url.startsWith(panelUrl), `the panel frame target ${panelUrl}`);
        if (!panel || panel.closed || panel.target.id !== panelTarget.id) panel = await connect(panelTarget);
        const client = panel;
        await waitFor(() => client.evaluate<boolean>(`document.readyState === 'complete' && !!document.body && document.body.childElementCount > 0`),
          { message: 'the panel document to load' });
      },
      evaluate: (expression) => inPanel(expression),
      rows,
      async count() {
        const value = await inPanel<string | null>(`(() => {
            const el = document.querySelector('[data-testid="handshake-count"]');
            if (!el) return null;
            return el.getAttribute('data-count') ?? el.textContent;
          })()`);
        const match = value === null ? null : /\d+/.exec(value);
        if (!match) throw new Error(`no number in [data-testid=handshake-count] (found ${JSON.stringify(value)})`);
        return Number(match[0]);
      },
      waitForRows(predicate, waitOptions = {}) {
        return waitFor(async () => {
          const current = await rows();
          return predicate(current) ? current : false;
        }, { message: 'panel rows to match', ...waitOptions });
      },
      async select(url) {
        const found = await inPanel<boolean>(`(() => {
            const row = [...document.querySelectorAll('[data-testid="handshake-row"]')]
              .find((r) => r.getAttribute('data-url') === ${JSON.stringify(url)});
            if (!row) return false;
            row.scrollIntoView({ block: 'nearest' });
            row.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
            row.click();
            return true;
          })()`);
        if (!found) throw new Error(`no handshake row with data-url ${url}; rows: ${JSON.stringify(await rows())}`);
      },
      async click(text) {
        const result = await inPanel<string | null>(`(() => {
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
            const target = pool.find((el) => !pool.some((other) => other !== el && el.contains(other)));
            if (!target) return null;
            target.scrollIntoView({ block: 'nearest' });
            target.click();
            return target.outerHTML.slice(0, 120);
          })()`);
        if (result === null) throw new Error(`nothing clickable with text ${JSON.stringify(text)} in the panel`);
      },
      text: (selector) => inPanel<string | null>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`),
      async dock(side, size) {
        await frontend.evaluate(`(async () => {
            const UI = await import('./ui/legacy/legacy.js');
            UI.DockController.DockController.instance().setDockSide(${JSON.stringify(side)});
            await new Promise((r) => setTimeout(r, 300));
            const split = UI.InspectorView.InspectorView.instance().parentWidget();
            if (${size === undefined ? 'false' : 'true'} && split && typeof split.setSidebarSize === 'function') split.setSidebarSize(${size ?? 0});
            return true;
          })()`);
        await new Promise((resolve) => setTimeout(resolve, 400));
      },
      panelSize: () => inPanel<{ width: number; height: number }>('({ width: innerWidth, height: innerHeight })'),
      async screenshot() {
        const { data } = await frontend.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
        return Buffer.from(data, 'base64');
      },
      async press(name) {
        const key = KEYS[name];
        const text = name === 'Space' ? ' ' : undefined;
        await frontend.send('Input.dispatchKeyEvent', { type: text ? 'keyDown' : 'rawKeyDown', ...key, ...(text ? { text } : {}) });
        await frontend.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
      },
      async wheel(x, y, deltaY) {
        // The panel frame's offset in the DevTools window, so the event lands in it.
        const offset = await frontend.evaluate<{ x: number; y: number }>(`(() => {
            const find = (root) => { for (const el of root.querySelectorAll('*')) { if (el.tagName === 'IFRAME' && el.src.includes('/extension/panel.html')) return el; if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; } } return null; };
            const frame = find(document);
            const r = frame.getBoundingClientRect();
            return { x: r.left, y: r.top };
          })()`);
        await frontend.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: offset.x + x, y: offset.y + y, deltaX: 0, deltaY });
      },
      drawerShown: () => frontend.evaluate<boolean>(`(async () => {
          const UI = await import('./ui/legacy/legacy.js');
          return UI.InspectorView.InspectorView.instance().drawerVisible();
        })()`),
      close,
    };
    if (early) await early;
    else if (options.url) await inspector.goto(options.url);
    return inspector;
  } catch (error) {
    await close();
    throw error;
  }
}
