/**
 * Issue 13, "nothing lost, nothing late", on a busy machine: two CPU hogs run
 * for the whole file (`node -e 'for(;;){}'` ×2 on this 2-core machine).
 * - Chromium launches with DevTools open and the page is opened ~1.5 s later,
 *   while DevTools is still starting; it opens three sockets 300 ms after load
 *   (one healthy that stays open, a 403, a wrong accept). Every handshake
 *   DevTools recorded must be listed; the ones it did not record (its network
 *   recording began late) cannot be, so the panel must say so (partial notice),
 *   and its Reload then lists all three.
 * - On a page with 1,000 requests, a healthy socket that opens while the tab is
 *   shown, or before it is shown, is listed soon (goal: 3 s). The times are
 *   printed; the goal itself is checked on their median, with the machine's
 *   noise (other helpers' tests) allowed in the single worst one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { launchInspector, waitFor, type Inspector } from './harness.js';

const HOGS = Number(process.env.BUSY_HOGS ?? 2);
const GOAL_MS = 3_000;

let servers: DemoServers;
let pages: Server;
let pagesBase: string;
const hogs: ChildProcess[] = [];

test.describe.configure({ mode: 'serial' });

/** Pages for this file: one that opens three sockets 300 ms after load, one with `n` requests and a socket on demand. */
function startPages(socketUrls: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/busy.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><html lang="en"><title>three sockets</title><script>
        window.results = {};
        addEventListener('load', () => setTimeout(() => {
          for (const [name, url] of Object.entries(${JSON.stringify(socketUrls)})) {
            const ws = new WebSocket(url);
            results[name] = 'connecting';
            ws.onopen = () => (results[name] = 'open');
            ws.onerror = () => (results[name] = 'failed');
          }
        }, 300));
      </script>`);
    } else if (url.pathname === '/heavy.html') {
      const n = Number(url.searchParams.get('n') ?? '1000');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><html lang="en"><title>${n} requests</title><script>
        window.requestsDone = 0;
        (async () => {
          for (let i = 0; i < ${n}; i += 50) {
            await Promise.all(Array.from({ length: Math.min(50, ${n} - i) }, (_, j) => fetch('/r/' + (i + j), { cache: 'no-store' }).then((r) => r.text())));
            window.requestsDone = Math.min(${n}, i + 50);
          }
        })();
        window.sockets = [];
        window.openSocket = (url) => new Promise((resolve, reject) => {
          const ws = new WebSocket(url);
          window.sockets.push(ws);
          ws.onopen = () => resolve(Date.now());
          ws.onerror = () => reject(new Error('socket failed'));
        });
      </script>`);
    } else if (url.pathname.startsWith('/r/')) {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
      res.end('ok');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test.beforeAll(async () => {
  servers = await startDemoServers({ http2: false });
  pages = await startPages({ healthy: servers.urlOf('good'), forbidden: servers.urlOf('forbidden-403'), 'wrong-accept': servers.urlOf('wrong-accept') });
  pagesBase = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  for (let i = 0; i < HOGS; i++) hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
});

test.afterAll(async () => {
  for (const hog of hogs.splice(0)) hog.kill('SIGKILL');
  await new Promise((resolve) => pages?.close(resolve));
  await servers?.close();
});

const THREE = () => [servers.urlOf('good'), servers.urlOf('forbidden-403'), servers.urlOf('wrong-accept')];

test(`busy machine (${HOGS} CPU hogs): a page opened 1.5 s after launch, its three sockets 300 ms after load: all DevTools recorded are listed, or the partial notice says why and Reload lists them`, async () => {
  test.setTimeout(180_000);
  const inspector: Inspector = await launchInspector({ url: `${pagesBase}/busy.html`, navigateAfterLaunchMs: 1_500 });
  try {
    await waitFor(() => inspector.page.evaluate(() => Object.values((window as unknown as { results: Record<string, string> }).results).length === 3 && Object.values((window as unknown as { results: Record<string, string> }).results).every((s) => s !== 'connecting')), { timeout: 30_000, message: 'the page to open its three sockets' });
    await inspector.openPanel();
    const har = (await inspector.getHAR()).log.entries;
    const recorded = har.map((e) => e.request.url);
    const documentRecorded = recorded.includes(`${pagesBase}/busy.html`);
    const wanted = THREE();
    const recordedOfThree = wanted.filter((url) => recorded.includes(url));
    console.log(`[busy] DevTools recorded ${recordedOfThree.length} of 3 handshakes (${recordedOfThree.map((u) => u.split('/').pop()).join(', ') || 'none'}); the page's document: ${documentRecorded ? 'recorded' : 'not recorded'}`);
    // Every handshake DevTools recorded is listed.
    const started = Date.now();
    await inspector.waitForRows((rows) => recordedOfThree.every((url) => rows.some((r) => r.url === url)), { timeout: 20_000, message: `the panel to list ${recordedOfThree.join(', ')}` });
    console.log(`[busy] recorded handshakes listed ${Date.now() - started} ms after the panel was shown`);
    const notice = async () => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="partial-notice"]')`);
    if (!documentRecorded) {
      // DevTools began recording after the page began loading: the panel must say so (handshakes may be
      // missing, as they are when fewer than three were recorded), and its Reload lists all three.
      await waitFor(notice, { timeout: 10_000, message: 'the partial notice (DevTools missed the start of the page load)' });
      console.log('[busy] partial notice shown; pressing its Reload');
      await inspector.evaluate(`document.querySelector('[data-testid="partial-reload"]').click()`);
      await inspector.waitForRows((rows) => wanted.every((url) => rows.some((r) => r.url === url)), { timeout: 30_000, message: 'Reload to list all three' });
      await waitFor(async () => !(await notice()), { timeout: 10_000, message: 'the notice to go once the reload was recorded' });
    } else {
      // The whole load was recorded: all three are listed, and a notice would be a false alarm.
      expect(recordedOfThree).toEqual(wanted);
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // a few re-reads
      expect(await notice()).toBe(false);
    }
    const rows = await inspector.rows();
    expect(wanted.filter((url) => rows.some((r) => r.url === url))).toEqual(wanted);
  } finally {
    await inspector.close();
  }
});

test(`busy machine (${HOGS} CPU hogs): on a 1,000-request page a healthy socket is listed within ${GOAL_MS / 1000} s of opening, tab shown or not yet shown`, async () => {
  test.setTimeout(240_000);
  const inspector = await launchInspector();
  try {
    await inspector.goto(`${pagesBase}/heavy.html?n=1000`);
    await waitFor(() => inspector.page.evaluate(() => (window as unknown as { requestsDone: number }).requestsDone === 1000), { timeout: 90_000, message: 'the page to make its 1,000 requests' });
    const good = servers.urlOf('good');
    const openSocket = (trial: string): Promise<number> => inspector.page.evaluate((url) => (window as unknown as { openSocket(u: string): Promise<number> }).openSocket(url), `${good}?trial=${trial}`);
    const listedAfter = async (trial: string, from: number): Promise<number> => {
      const url = `${good}?trial=${trial}`;
      await waitFor(async () => (await inspector.rows()).some((r) => r.url === url), { timeout: 60_000, interval: 50, message: `the row for ${url}` });
      return Date.now() - from;
    };

    // Opened before the tab was first shown: listed once it is.
    const before = await openSocket('before');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const shownAt = Date.now();
    await inspector.openPanel();
    const beforeMs = await listedAfter('before', shownAt);
    console.log(`[busy] socket opened before the tab was shown: listed ${beforeMs} ms after showing it (${Date.now() - before} ms after it opened)`);

    // Opened while the tab is shown.
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300 + i * 370)); // not in step with the re-reads
      const openedAt = await openSocket(`shown-${i}`);
      times.push(await listedAfter(`shown-${i}`, openedAt));
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = (sorted[2]! + sorted[3]!) / 2;
    const note = await inspector.evaluate<string | null>(`document.querySelector('[data-testid="schedule-note"]')?.getAttribute('title') ?? null`);
    console.log(`[busy] open → row with ${HOGS} hogs, 1,000 requests, tab shown: ${times.join(', ')} ms; median ${median} ms, max ${sorted.at(-1)} ms`);
    console.log(`[busy] schedule note: ${note}`);
    expect(note).toMatch(/light \(1,0\d\d requests\)/);
    expect(median).toBeLessThanOrEqual(GOAL_MS);
    expect(beforeMs).toBeLessThanOrEqual(GOAL_MS * 2);
  } finally {
    await inspector.close();
  }
});
