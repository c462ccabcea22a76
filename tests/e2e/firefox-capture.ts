/**
 * Captures what Firefox's DevTools give the extension, headless, with the real
 * Firefox build (dist/firefox). Playwright cannot drive Debian's Firefox, so:
 *
 * 1. dist/firefox is copied to a temp dir and a test-only script
 *    (`e2e-collector.js`) is added to the COPY's devtools page; the shipped
 *    build never contains it.
 * 2. `web-ext run` starts Firefox ESR headless with the toolbox open
 *    (shared/PLATFORM.md). The tab starts on a lobby page served by the collector.
 * 3. When the devtools page runs, the collector script says so; the lobby then
 *    navigates to the target URL, so DevTools sees every handshake.
 * 4. The script POSTs each WebSocket `onRequestFinished` entry, and `getHAR()`
 *    once the network is quiet, to the collector, a loopback HTTP server here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HarEntry, HarLog } from './harness.js';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_DIST = fileURLToPath(new URL('../../dist/firefox', import.meta.url));
const WEB_EXT = fileURLToPath(new URL('../../node_modules/web-ext/bin/web-ext.js', import.meta.url));

export interface FirefoxCaptureOptions {
  /** The page the inspected tab opens once the devtools page runs. */
  readonly url: string;
  /** Resolve as soon as this holds for the latest getHAR() (and the onRequestFinished entries so far). */
  readonly until: (har: HarLog, finished: readonly HarEntry[]) => boolean;
  /** Overall limit in ms (default 90 000). */
  readonly timeout?: number;
  readonly extensionDir?: string;
}

export interface FirefoxCapture {
  /** The latest `browser.devtools.network.getHAR()`, wrapped as a HAR file. */
  readonly har: HarLog;
  /** WebSocket entries `onRequestFinished` delivered, in order. */
  readonly finished: readonly HarEntry[];
  /** `navigator.userAgent` of the devtools page. */
  readonly userAgent: string;
  /** Uncaught errors and unhandled rejections in the devtools page (the extension's own script included). */
  readonly devtoolsPageErrors: readonly string[];
}

/** The test-only devtools script; `collectorOrigin` is baked in when the copy is made. */
function collectorScript(collectorOrigin: string): string {
  return `// Test-only (tests/e2e/firefox-capture.ts): reports DevTools network data to a loopback collector.
(() => {
  const collector = ${JSON.stringify(collectorOrigin)};
  const post = (path, body) => fetch(collector + path, { method: 'POST', body: JSON.stringify(body) });
  const network = browser.devtools.network;
  // Errors of the extension's own devtools script (a module, so it runs after this one).
  addEventListener('error', (e) => void post('/error', { message: String(e.message || e.error), source: e.filename, line: e.lineno }));
  addEventListener('unhandledrejection', (e) => void post('/error', { message: String(e.reason) }));
  let harTimer = null;
  const postHar = async () => {
    harTimer = null;
    try { await post('/har', await network.getHAR()); } catch (e) { void post('/log', String(e)); }
  };
  // getHAR() only when the network has been quiet for a second, and every 5 s at most otherwise.
  const scheduleHar = () => { if (harTimer) clearTimeout(harTimer); harTimer = setTimeout(postHar, 1000); };
  network.onRequestFinished.addListener((entry) => {
    if (/^wss?:/i.test(entry.request.url)) void post('/finished', JSON.parse(JSON.stringify(entry)));
    scheduleHar();
  });
  const pollHar = () => { if (!harTimer) void postHar(); setTimeout(pollHar, 5000); };
  // The first getHAR() sets up the toolbox's network monitor; events that arrive meanwhile can be lost, so do it before the page loads.
  network.getHAR()
    .then(() => post('/ready', { userAgent: navigator.userAgent }))
    .then(() => pollHar(), (e) => console.error('collector', e));
})();
`;
}

/** A lobby page: waits until the devtools page reported in, then goes to the target. */
function lobbyHtml(): string {
  return `<!doctype html><meta charset="utf-8"><title>waiting for DevTools</title><p>waiting for the devtools page…</p>
<script>
(async function poll() {
  try {
    const r = await fetch('/go', { cache: 'no-store' });
    if (r.status === 200) { location.assign((await r.json()).url); return; }
  } catch (e) {}
  setTimeout(poll, 200);
})();
</script>`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Collector {
  readonly server: Server;
  readonly origin: string;
  ready: { userAgent: string } | null;
  har: HarLog | null;
  readonly finished: HarEntry[];
  readonly logs: string[];
  readonly errors: string[];
  /** Called on every message, to re-check the wait condition. */
  onUpdate: () => void;
}

async function startCollector(targetUrl: string): Promise<Collector> {
  const collector: Collector = {
    server: createServer(),
    origin: '',
    ready: null,
    har: null,
    finished: [],
    logs: [],
    errors: [],
    onUpdate: () => {},
  };
  collector.server.on('request', (req, res) => {
    void (async () => {
      const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'GET' && path === '/lobby') {
        res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(lobbyHtml());
        return;
      }
      if (req.method === 'GET' && path === '/go') {
        if (collector.ready) res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ url: targetUrl }));
        else res.writeHead(204, headers).end();
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(404, headers).end();
        return;
      }
      const body = await readBody(req);
      try {
        const value: unknown = JSON.parse(body);
        if (path === '/ready') collector.ready = value as { userAgent: string };
        else if (path === '/har') collector.har = { log: (value as { log?: HarLog['log'] }).log ?? (value as HarLog['log']) };
        else if (path === '/finished') collector.finished.push(value as HarEntry);
        else if (path === '/error') collector.errors.push(JSON.stringify(value));
        else collector.logs.push(`${path}: ${body.slice(0, 500)}`);
      } catch (error) {
        collector.logs.push(`${path}: unparsable ${String(error)}`);
      }
      res.writeHead(204, headers).end();
      collector.onUpdate();
    })();
  });
  await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
  (collector as { origin: string }).origin = `http://127.0.0.1:${(collector.server.address() as AddressInfo).port}`;
  return collector;
}

/** Copies the Firefox build to a temp dir and adds the collector script to its devtools page. */
async function prepareExtension(extensionDir: string, collectorOrigin: string): Promise<string> {
  const manifestPath = join(extensionDir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`no Firefox build at ${extensionDir}: run \`npm run build:extension\` first`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { devtools_page?: string };
  if (!manifest.devtools_page) throw new Error(`${manifestPath} has no devtools_page`);
  const dir = await mkdtemp(join(tmpdir(), 'ws-inspector-firefox-'));
  await cp(extensionDir, dir, { recursive: true });
  await writeFile(join(dir, 'e2e-collector.js'), collectorScript(collectorOrigin));
  const pagePath = join(dir, manifest.devtools_page);
  const html = await readFile(pagePath, 'utf8');
  if (!html.includes('</body>')) throw new Error(`${pagePath} has no </body> to add the collector before`);
  await writeFile(pagePath, html.replace('</body>', '<script src="/e2e-collector.js"></script></body>'));
  return dir;
}

/** Stops web-ext and the Firefox it started (its own process group, by id). */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals): void => {
    try { process.kill(-child.pid!, signal); } catch { /* already gone */ }
  };
  // SIGINT lets web-ext remove its temporary profile; SIGKILL if it lingers.
  signalGroup('SIGINT');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // Firefox's content processes may outlive web-ext for a moment.
  signalGroup('SIGKILL');
}

/** Runs Firefox ESR headless with the extension and the collector until `until` holds; throws on timeout with the logs. */
export async function captureWithFirefox(options: FirefoxCaptureOptions): Promise<FirefoxCapture> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox not found at ${FIREFOX_PATH}`);
  const timeout = options.timeout ?? 90_000;
  const collector = await startCollector(options.url);
  let extensionCopy: string | null = null;
  let child: ChildProcess | null = null;
  const output: string[] = [];
  try {
    extensionCopy = await prepareExtension(options.extensionDir ?? FIREFOX_DIST, collector.origin);
    child = spawn(process.execPath, [
      WEB_EXT, 'run',
      '--source-dir', extensionCopy,
      '--firefox', FIREFOX_PATH,
      '--no-reload', '--no-input',
      '--arg=--headless', '--arg=--devtools',
      '--start-url', `${collector.origin}/lobby`,
      // Keep the run quiet and local: no updates, telemetry or first-run pages.
      '--pref=app.update.enabled=false',
      '--pref=datareporting.policy.dataSubmissionEnabled=false',
      '--pref=browser.shell.checkDefaultBrowser=false',
      // Keep entries across the lobby → target navigation: clearing on navigation raced with the target's first requests.
      '--pref=devtools.netmonitor.persistlog=true',
    ], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOZ_HEADLESS: '1' },
    });
    const keep = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
      if (output.length > 400) output.splice(0, output.length - 400);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const started = child;

    return await new Promise<FirefoxCapture>((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        const entries = collector.har?.log.entries.map((e) => `${e.request.url} ${e.response.status}`).join('\n    ') ?? 'none';
        reject(new Error(`${why}\n  devtools page reported in: ${collector.ready !== null}; latest getHAR() entries:\n    ${entries}` +
          `\n  collector log: ${[...collector.errors, ...collector.logs].join(' | ') || '(empty)'}\n  web-ext output (tail):\n${output.join('').split('\n').slice(-30).join('\n')}`));
      };
      const timer = setTimeout(() => fail(`Firefox capture timed out after ${timeout} ms`), timeout);
      started.once('exit', (code, signal) => fail(`web-ext exited early (code ${code}, signal ${signal})`));
      collector.onUpdate = () => {
        if (!collector.ready || !collector.har) return;
        let done = false;
        try { done = options.until(collector.har, collector.finished); } catch (error) { fail(`until() threw: ${String(error)}`); return; }
        if (!done) return;
        clearTimeout(timer);
        collector.onUpdate = () => {};
        resolve({ har: collector.har, finished: [...collector.finished], userAgent: collector.ready.userAgent, devtoolsPageErrors: [...collector.errors] });
      };
    });
  } finally {
    if (child) await stopProcessGroup(child);
    await new Promise<void>((resolve) => { collector.server.closeAllConnections(); collector.server.close(() => resolve()); });
    if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true }).catch(() => {});
  }
}
