/**
 * The two shapes src/sources/devtools/api.ts relies on, in real Chromium: `browser.devtools`
 * returning promises (Chromium 152+, what the page uses here) and `chrome.devtools` taking
 * callbacks (what it falls back to where Chrome 148–151 leave devtools out of `browser`).
 * The unit tests (tests/unit/extension/devtools-page.test.ts) play both shapes with fakes;
 * this checks the fakes tell the truth about the callback forms.
 */
import { expect, test } from '@playwright/test';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { launchInspector, type Inspector } from './harness.js';

let servers: DemoServers;
let inspector: Inspector;

test.beforeAll(async () => {
  servers = await startDemoServers({ http2: false });
  inspector = await launchInspector();
  await inspector.goto(`${servers.pageUrl}?only=wrong-accept`);
  await inspector.waitForWebSocketEntries((entries) => entries.length === 1);
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

test('Chromium 156 has browser.devtools, so the devtools page uses it', async () => {
  expect(await inspector.devtoolsPageEvaluate<boolean>(`typeof globalThis.browser?.devtools?.panels?.create === 'function'`)).toBe(true);
});

test('chrome.devtools.network.getHAR(callback) hands the log to the callback', async () => {
  const urls = await inspector.devtoolsPageEvaluate<string[]>(`new Promise((resolve) => {
      const result = chrome.devtools.network.getHAR((log) => resolve(log.entries.map((e) => e.request.url)));
      if (result !== undefined && typeof result.then !== 'function') resolve(['unexpected return value']);
    })`);
  expect(urls).toContain(servers.urlOf('wrong-accept'));
});

test('chrome.devtools.panels.create(…, callback) hands the panel, with onShown and onHidden, to the callback', async () => {
  const shape = await inspector.devtoolsPageEvaluate<{ shown: string; hidden: string }>(`new Promise((resolve) => {
      chrome.devtools.panels.create('Callback check', '/icons/icon-16.png', '/extension/panel.html', (panel) =>
        resolve({ shown: typeof panel.onShown.addListener, hidden: typeof panel.onHidden.addListener }));
    })`);
  expect(shape).toEqual({ shown: 'function', hidden: 'function' });
});
