/**
 * A single-page app: history.pushState makes Chromium fire onNavigated, but the
 * document (and its sockets) stay. The panel must keep the app's rows (the old
 * capture cleared them, and dropped later reports of those sockets as "from the
 * old page"), list a socket opened after the pushState, and still clear on a
 * real navigation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { launchInspector, type Inspector } from './harness.js';

let servers: DemoServers;
let pages: Server;
let base: string;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startDemoServers({ http2: false });
  pages = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><title>spa</title><script>
      window.open = (url) => new Promise((resolve) => { const ws = new WebSocket(url); ws.onopen = () => resolve('open'); ws.onerror = () => resolve('failed'); (window.sockets ??= []).push(ws); });
    </script>`);
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  inspector = await launchInspector();
});

test.afterAll(async () => {
  await inspector?.close();
  await new Promise((resolve) => pages?.close(resolve));
  await servers?.close();
});

const open = (url: string) => inspector.page.evaluate((u) => (window as unknown as { open(u: string): Promise<string> }).open(u), url);

test('history.pushState keeps the app’s sockets listed, and a socket opened after it is listed too; a real navigation clears', async () => {
  await inspector.openPanel();
  await inspector.goto(`${base}/app`);
  const healthy = servers.urlOf('good');
  const forbidden = servers.urlOf('forbidden-403');
  const wrong = servers.urlOf('wrong-accept');
  expect(await open(healthy)).toBe('open');
  expect(await open(forbidden)).toBe('failed');
  await inspector.waitForRows((rows) => [healthy, forbidden].every((u) => rows.some((r) => r.url === u)));

  await inspector.page.evaluate(() => history.pushState({}, '', '/app/settings'));
  await inspector.page.evaluate(() => history.pushState({}, '', '/app/profile'));
  expect(await open(wrong)).toBe('failed');
  await inspector.waitForRows((rows) => rows.some((r) => r.url === wrong));
  // Some re-reads later, all three are still there.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const rows = await inspector.rows();
  expect([healthy, forbidden, wrong].filter((u) => rows.some((r) => r.url === u))).toEqual([healthy, forbidden, wrong]);
  expect(await inspector.count()).toBe(3);

  // A real navigation (a new document) clears the list.
  await inspector.goto(`${base}/other`);
  await inspector.waitForRows((r) => r.length === 0, { message: 'the list to clear on a new document' });
});
