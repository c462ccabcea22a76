/**
 * Pins the Chromium DevTools facts the extension is built on (shared/PLATFORM.md),
 * independent of the panel UI: what getHAR() and onRequestFinished give for
 * rejected, accepted-open, accepted-closed and HTTP/2 WebSocket handshakes.
 * If Chromium changes one of these, this file says which.
 */
import { expect, test } from '@playwright/test';
import { SCENARIOS, startDemoServers, type DemoServers, type ScenarioName } from '../../src/demo/servers.js';
import { launchInspector, type HarEntry, type Inspector } from './harness.js';

const REASON_PREFIX = 'Error during WebSocket handshake: ';

let servers: DemoServers;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startDemoServers();
  inspector = await launchInspector();
  // Record onRequestFinished in the devtools page, as the extension's capture does.
  await inspector.devtoolsPageEvaluate(`(() => {
      globalThis.finishedUrls = [];
      chrome.devtools.network.onRequestFinished.addListener((e) => globalThis.finishedUrls.push(e.request.url));
      return true;
    })()`);
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

function entryFor(entries: readonly HarEntry[], name: ScenarioName): HarEntry | undefined {
  const url = servers.urlOf(name);
  return entries.find((e) => e.request.url === url);
}

function header(headers: HarEntry['request']['headers'], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function errorMessage(entry: HarEntry): string | undefined {
  return entry._webSocketMessages?.find((m) => m.type === 'error')?.data;
}

test('a rejected handshake (wrong accept) is in getHAR with status 0, no response headers, and the reason', async () => {
  await inspector.goto(`${servers.pageUrl}?only=wrong-accept`);
  // An in-flight handshake is already listed (status 0, method ""), so wait for the error itself.
  const entries = await inspector.waitForWebSocketEntries((es) => {
    const e = entryFor(es, 'wrong-accept');
    return e !== undefined && errorMessage(e) !== undefined;
  });
  const entry = entryFor(entries, 'wrong-accept')!;
  expect(entry._resourceType).toBe('websocket');
  expect(entry.request.method).toBe('GET');
  expect(header(entry.request.headers, 'Sec-WebSocket-Key')).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(header(entry.request.headers, 'Sec-WebSocket-Version')).toBe('13');
  expect(entry.response.headers).toEqual([]);
  expect(errorMessage(entry)).toBe(`${REASON_PREFIX}Incorrect 'Sec-WebSocket-Accept' header value`);
  await expect.poll(() => inspector.devtoolsPageEvaluate<string[]>('globalThis.finishedUrls'),
    { message: 'onRequestFinished fires at once for a rejected handshake' }).toContain(servers.urlOf('wrong-accept'));
});

test('an accepted socket that stays open is only in getHAR, with 101 and its headers; one that closes also fires onRequestFinished', async () => {
  await inspector.goto(`${servers.pageUrl}?only=good,good-closes`);
  await inspector.page.waitForFunction(() => {
    const results = (window as unknown as { demoResults: Record<string, { state: string }> }).demoResults;
    return results['good']?.state === 'open' && results['good-closes']?.state === 'closed';
  });
  const entries = await inspector.waitForWebSocketEntries((es) =>
    entryFor(es, 'good')?.response.status === 101 && entryFor(es, 'good-closes')?.response.status === 101);
  const good = entryFor(entries, 'good')!;
  expect(good.response.statusText).toBe('Switching Protocols');
  const key = header(good.request.headers, 'Sec-WebSocket-Key')!;
  const { createHash } = await import('node:crypto');
  const expectedAccept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  expect(header(good.response.headers, 'Sec-WebSocket-Accept')).toBe(expectedAccept);
  expect(header(good.response.headers, 'Upgrade')).toBe('websocket');

  await expect.poll(() => inspector.devtoolsPageEvaluate<string[]>('globalThis.finishedUrls'))
    .toContain(servers.urlOf('good-closes'));
  // Give the open socket the same chance to (wrongly) show up.
  await inspector.page.waitForTimeout(500);
  expect(await inspector.devtoolsPageEvaluate<string[]>('globalThis.finishedUrls')).not.toContain(servers.urlOf('good'));
});

test('every HTTP/1.1 scenario, opened all at once, gives Chromium the reason the SCENARIOS table names', async () => {
  const scenarios = SCENARIOS.filter((s) => s.transport === 'http/1.1');
  await inspector.goto(`${servers.pageUrl}?only=${scenarios.map((s) => s.name).join(',')}`);
  const settled = scenarios.filter((s) => s.name !== 'slow-pending');
  const entries = await inspector.waitForWebSocketEntries((es) =>
    settled.every((s) => {
      const e = entryFor(es, s.name);
      return e !== undefined && (e.response.status !== 0 || errorMessage(e) !== undefined) && (s.chromiumConnectionError === null || errorMessage(e) !== undefined);
    }), { message: 'every scenario but slow-pending to settle in getHAR()' });
  const seen = Object.fromEntries(settled.map((s) => {
    const e = entryFor(entries, s.name)!;
    const error = errorMessage(e);
    // Chromium words some reasons (connection-dropped) without the prefix.
    return [s.name, { status: e.response.status, reason: error?.startsWith(REASON_PREFIX) ? error.slice(REASON_PREFIX.length) : error ?? null }];
  }));
  const expected = Object.fromEntries(settled.map((s) => [s.name, {
    status: s.chromiumReason === null && s.expectedVerdict === 'pass' ? 101 : 0,
    // After a 101 the error item is Chromium's reason for failing the connection (the after-101 scenarios).
    reason: s.chromiumReason ?? s.chromiumConnectionError,
  }]));
  expect(seen).toEqual(expected);
  const pending = entryFor(entries, 'slow-pending');
  expect(pending?.response.status ?? 0).toBe(0);
});

test('a WebSocket over HTTP/2 has no Sec-WebSocket-Key and status 200 (accepted) or 0 with the code (refused)', async () => {
  test.skip(!servers.h2Origin, 'the HTTP/2 server did not start (openssl missing?)');
  await inspector.goto(`${servers.pageUrl}?only=h2-good,h2-not-found`);
  const entries = await inspector.waitForWebSocketEntries((es) =>
    entryFor(es, 'h2-good')?.response.status === 200 && errorMessage(entryFor(es, 'h2-not-found') ?? ({} as HarEntry)) !== undefined);
  const good = entryFor(entries, 'h2-good')!;
  expect(header(good.request.headers, 'Sec-WebSocket-Key')).toBeUndefined();
  expect(header(good.request.headers, 'Upgrade')).toBe('websocket');
  expect(good.response.statusText).toBe('');
  const refused = entryFor(entries, 'h2-not-found')!;
  expect(refused.response.status).toBe(0);
  expect(errorMessage(refused)).toBe(`${REASON_PREFIX}Unexpected response code: 404`);
});

test('the WS Handshakes tab opens and its panel frame can be driven', async () => {
  await inspector.openPanel();
  expect(await inspector.evaluate<string>('location.pathname')).toBe('/extension/panel.html');
  expect(await inspector.evaluate<number>('document.body.childElementCount')).toBeGreaterThan(0);
});
