/**
 * `npm start`: the demo servers, then Chromium with the built extension and
 * DevTools open on the demo page, the WS Handshakes tab shown. Headed when a
 * display exists, else headless (the panel's rows are printed here instead).
 * Stays until Ctrl-C, or until the browser window is closed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from '@playwright/test';
import WebSocket from 'ws';
import { startDemoServers, type DemoServers } from './servers.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EXTENSION_DIR = resolve(fileURLToPath(new URL('../../chrome', import.meta.url)));
const PANEL_TAB = 'WSHandshakes';

interface Target {
  readonly type: string;
  readonly url: string;
  readonly webSocketDebuggerUrl?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function poll<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

async function targets(port: number): Promise<Target[]> {
  return (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Target[];
}

/** One Runtime.evaluate over a target's CDP socket. */
async function evaluate<T>(target: Target, expression: string): Promise<T> {
  if (!target.webSocketDebuggerUrl) throw new Error(`no debugger URL for ${target.url}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
  try {
    await new Promise<void>((done, fail) => {
      socket.once('open', () => done());
      socket.once('error', fail);
    });
    socket.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } }));
    const reply = await new Promise<{ result?: { result?: { value?: T }; exceptionDetails?: { text?: string } } }>((done) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.id === 1) done(message);
      }),
    );
    if (reply.result?.exceptionDetails) throw new Error(reply.result.exceptionDetails.text ?? 'evaluation failed');
    return reply.result?.result?.value as T;
  } finally {
    socket.close();
  }
}

/** Shows the WS Handshakes tab in the DevTools window, as a user clicking it would. */
async function showPanel(port: number): Promise<Target> {
  const frontend = await poll('the DevTools window', async () => (await targets(port)).find((t) => t.url.startsWith('devtools://devtools/')));
  const id = await poll('the WS Handshakes tab', () =>
    evaluate<string | null>(frontend, `(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      return UI.InspectorView.InspectorView.instance().tabbedPane.tabIds().find((id) => id.endsWith(${JSON.stringify(PANEL_TAB)})) ?? null;
    })()`),
  );
  await evaluate(frontend, `(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(id)});
    return true;
  })()`);
  return poll('the panel page', async () => (await targets(port)).find((t) => t.url.includes('/extension/panel.html')));
}

interface PanelRow {
  readonly verdict: string;
  readonly url: string;
  readonly rules: string;
}

/**
 * Prints the panel's rows once every scenario the demo page opened is listed (or a deadline passes), and
 * says which are still open or missing instead of printing a short list as if it were all.
 */
async function printRows(panel: Target, servers: DemoServers, deadlineMs = 30_000): Promise<void> {
  const wanted = servers.scenarios.map((s) => ({ name: s.name, url: servers.urlOf(s.name), pendingForever: s.expectedVerdict === null }));
  let rows: PanelRow[] = [];
  const started = Date.now();
  for (;;) {
    rows = await evaluate<PanelRow[]>(panel, `[...document.querySelectorAll('[data-testid="handshake-row"]')].map((r) => ({
      verdict: r.getAttribute('data-pending') ? 'pending' : r.getAttribute('data-verdict'), url: r.getAttribute('data-url'), rules: r.getAttribute('data-rules') }))`).catch(() => rows);
    const settled = wanted.every((w) => rows.some((r) => r.url === w.url && (w.pendingForever || r.verdict !== 'pending')));
    if (settled || Date.now() - started > deadlineMs) break;
    await sleep(250);
  }
  const nameOf = (url: string): string => wanted.find((w) => w.url === url)?.name ?? url;
  console.log(`\nThe panel lists ${rows.length} of the ${wanted.length} handshakes the demo page opened:`);
  for (const row of rows) console.log(`  ${row.verdict.padEnd(8)} ${nameOf(row.url).padEnd(28)} ${row.rules}`);
  const missing = wanted.filter((w) => !rows.some((r) => r.url === w.url)).map((w) => w.name);
  const open = wanted.filter((w) => !w.pendingForever && rows.some((r) => r.url === w.url && r.verdict === 'pending')).map((w) => w.name);
  if (missing.length > 0) console.log(`Not listed after ${Math.round(deadlineMs / 1000)} s: ${missing.join(', ')} (press Refresh in the panel to re-read DevTools' log now).`);
  if (open.length > 0) console.log(`Still waiting for their answer: ${open.join(', ')}.`);
  const forever = wanted.filter((w) => w.pendingForever).map((w) => w.name);
  if (forever.length > 0) console.log(`Pending on purpose (the server never answers): ${forever.join(', ')}.`);
}

async function main(): Promise<void> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`no extension build at ${EXTENSION_DIR}: run \`npm run build\` first (npm start does)`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`);
  }
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) {
    console.log('No display (DISPLAY and WAYLAND_DISPLAY are unset): running Chromium headless.');
    console.log('The panel works the same; its rows are printed below. Run `npm start` on a desktop to see the window.');
  }

  const servers = await startDemoServers({ log: (message) => console.error(`demo server: ${message}`) });
  const userDataDir = await mkdtemp(join(tmpdir(), 'ws-handshake-demo-'));
  let context: BrowserContext | null = null;
  // One cleanup, however many ways stop is asked for (Ctrl-C, the browser closing): each waits for it to end.
  let cleanup: Promise<void> | null = null;
  const stop = async (code = 0): Promise<never> => {
    cleanup ??= (async () => {
      // The browser first (it writes into the profile until it exits), then the profile, with retries.
      await context?.close().catch(() => {});
      await servers.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => {});
    })();
    await cleanup;
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: !hasDisplay,
      // Ctrl-C is handled above (close the browser, then remove the profile); Playwright's own handler would exit first.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: null,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
        '--auto-open-devtools-for-tabs',
        '--remote-debugging-port=0',
        '--no-first-run',
        '--no-default-browser-check',
        // The demo's HTTP/2 server has a self-signed certificate; this throw-away profile accepts it.
        '--ignore-certificate-errors',
        '--window-size=1400,900',
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
    });
    const port = Number((await poll('the debugging port', () => readFile(join(userDataDir, 'DevToolsActivePort'), 'utf8'))).split('\n')[0]);
    // DevTools records only while open: wait for the extension's devtools page before loading the demo.
    await poll('the extension in DevTools', async () => (await targets(port)).some((t) => t.url.includes('/extension/devtools.html')));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(servers.pageUrl);
    const panel = await showPanel(port);
    context.on('close', () => void stop(0));

    console.log(`\nDemo page:  ${servers.pageUrl}`);
    console.log(`Scenarios:  ${servers.scenarios.length} (good and broken handshakes; each row of the demo page says what its server does)`);
    console.log('DevTools is open on the WS Handshakes tab.');
    console.log('Try: click a row for the explanation and the replay commands; reload the page; type in the filter;');
    console.log(`     Preserve log and navigate; open one scenario: ${servers.pageUrl}?only=wrong-accept`);
    if (!hasDisplay) await printRows(panel, servers);
    console.log('\nPress Ctrl-C to stop.');
  } catch (error) {
    console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

void main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
