/**
 * The extension makes no network request of its own: CDP's Network domain on the
 * devtools page and on the panel frame (plus their resource timing, which also
 * covers what loaded before CDP attached) while DevTools opens, the panel opens, a
 * HAR is imported, a report is exported and the page runs a small reconnect storm.
 * Every request must be one of the extension's own files (chrome-extension://<id>/),
 * or the blob: the export is saved from. And both pages run under the manifest's
 * strict CSP: an injected inline script and an inline event handler are refused
 * (securitypolicyviolation events). (eval cannot be checked from here: code that
 * CDP's Runtime.evaluate runs may eval whatever the page's CSP says.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROME_DIST, launchInspector, waitFor, type Inspector } from './harness.js';
import { acceptFor, startHostileServer, type HostileServer } from './hostile-server.js';

let server: HostileServer;
let inspector: Inspector;

test.beforeAll(async () => {
  server = await startHostileServer();
  inspector = await launchInspector();
});

test.afterAll(async () => {
  await inspector?.close();
  await server?.close();
});

const RESOURCES = `performance.getEntriesByType('resource').map((e) => e.name).concat(performance.getEntriesByType('navigation').map((e) => e.name))`;

function smallHar(): string {
  const key = 'dGhlIHNhbXBsZSBub25jZQ==';
  const entry = (i: number) => ({
    startedDateTime: '2026-11-22T10:00:00.000Z', time: 3, _resourceType: 'websocket',
    request: { method: 'GET', url: `wss://elsewhere.example/socket/${i}`, httpVersion: 'HTTP/1.1', headers: [
      { name: 'Host', value: 'elsewhere.example' }, { name: 'Upgrade', value: 'websocket' }, { name: 'Connection', value: 'Upgrade' },
      { name: 'Origin', value: 'https://elsewhere.example' }, { name: 'Sec-WebSocket-Key', value: key }, { name: 'Sec-WebSocket-Version', value: '13' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 101, statusText: 'Switching Protocols', httpVersion: '', headers: [
      { name: 'Upgrade', value: 'websocket' }, { name: 'Connection', value: 'Upgrade' }, { name: 'Sec-WebSocket-Accept', value: i % 2 ? acceptFor(key) : 'd3JvbmcgYWNjZXB0IHZhbHVlIQ==' },
      { name: 'Link', value: '<https://elsewhere.example/style.css>; rel=preload; as=style' }, { name: 'X-Img', value: '<img src="https://elsewhere.example/pixel.gif">' }],
      cookies: [], content: { size: 0, mimeType: '' }, redirectURL: 'https://elsewhere.example/moved', headersSize: -1, bodySize: 0 },
    cache: {}, timings: { send: 0, wait: 2, receive: 1 },
  });
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries: [0, 1, 2, 3].map(entry) } });
}

async function clickTestId(testId: string): Promise<void> {
  const found = await inspector.evaluate<boolean>(`(() => { const el = document.querySelector('[data-testid="${testId}"]'); if (!el) return false; el.click(); return true; })()`);
  if (!found) throw new Error(`no [data-testid=${testId}] in the panel`);
}

test('no request of its own while opening, importing, exporting and through a storm; both pages under the strict CSP', async () => {
  test.setTimeout(240_000);
  const seen: Array<{ target: string; url: string }> = [];
  const watch = (target: 'devtools-page' | 'panel') => {
    inspector.onCdpEvent(target, 'Network.requestWillBeSent', (p) => seen.push({ target, url: String((p.request as { url: string }).url) }));
    inspector.onCdpEvent(target, 'Network.webSocketCreated', (p) => seen.push({ target, url: String(p.url) }));
  };
  watch('devtools-page');
  await inspector.devtoolsPageSend('Network.enable');

  await inspector.goto(`${server.origin}/storm-page`);
  await inspector.openPanel();
  watch('panel');
  await inspector.panelSend('Network.enable');

  // Import a HAR whose values name other hosts (a preload Link, an <img>, a redirect): nothing may fetch them.
  await inspector.evaluate(`(() => {
    const input = document.querySelector('[data-testid="import-input"]');
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(smallHar())}], 'elsewhere.har', { type: 'application/json' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  })()`);
  await waitFor(() => inspector.evaluate<string | null>(`document.querySelector('[data-testid="import-result"][data-name="elsewhere.har"]')?.textContent ?? null`), { message: 'elsewhere.har imported' });
  await inspector.evaluate(`(async () => {
    const row = document.querySelector('[data-testid="handshake-row"]');
    row.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    while (!document.querySelector('[data-testid="handshake-detail"]')) await new Promise((resolve) => setTimeout(resolve, 20));
    return true;
  })()`);

  // Export: the JSON report, saved as a download (kept in the page instead of a file).
  await inspector.evaluate(`(() => {
    window.__saved = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () { if (this.download) { window.__saved.push(this.href); return; } return click.call(this); };
    return true;
  })()`);
  await clickTestId('export-button');
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="export-dialog"][open]')`), { message: 'the export dialog' });
  await clickTestId('export-kind-json');
  await clickTestId('export-download');
  await waitFor(() => inspector.evaluate<boolean>('window.__saved.length > 0'), { message: 'the export saved' });
  await clickTestId('export-close');

  // A small storm from the page, listed by the panel.
  const before = await inspector.count();
  await inspector.page.evaluate((port) => {
    for (let i = 0; i < 100; i++) new WebSocket(`ws://127.0.0.1:${port}/storm/${['400', 'accept', 'drop'][i % 3]}/nn/${i}`);
  }, server.port);
  await waitFor(async () => (await inspector.count()) >= before + 100, { timeout: 60_000, message: '100 storm handshakes listed' });
  await inspector.click('Refresh');
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const resources = [
    ...(await inspector.devtoolsPageEvaluate<string[]>(RESOURCES)).map((url) => ({ target: 'devtools-page (resource timing)', url })),
    ...(await inspector.evaluate<string[]>(RESOURCES)).map((url) => ({ target: 'panel (resource timing)', url })),
  ];
  const own = `chrome-extension://${inspector.extensionId}/`;
  const foreign = [...seen, ...resources].filter(({ url }) => !url.startsWith(own) && !url.startsWith(`blob:${own}`));
  console.log(`no-network: ${seen.length} requests seen over CDP, ${resources.length} resource timing entries, ${foreign.length} not the extension's own; ${server.hits.length} hits on the test server from the panel`);
  expect(foreign).toEqual([]);
  expect(seen.length + resources.length).toBeGreaterThan(0); // the watch works: the pages' own files were seen

  // The manifest's CSP for extension pages, and both pages enforcing it.
  const manifest = JSON.parse(readFileSync(join(CHROME_DIST, 'manifest.json'), 'utf8')) as { content_security_policy?: { extension_pages?: string } };
  const csp = manifest.content_security_policy?.extension_pages ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  const injection = `(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.__handlerRan = true');
    document.body.append(button);
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 200));
    script.remove();
    button.remove();
    return { ran: window.__inlineRan === true, handlerRan: window.__handlerRan === true, violations };
  })()`;
  type Injected = { ran: boolean; handlerRan: boolean; violations: string[] };
  for (const [name, result] of [
    ['panel', await inspector.evaluate<Injected>(injection)],
    ['devtools page', await inspector.devtoolsPageEvaluate<Injected>(injection)],
  ] as const) {
    console.log(`no-network: CSP in the ${name}: inline script ran ${result.ran}, inline handler ran ${result.handlerRan}, violations ${JSON.stringify(result.violations)}`);
    expect(result.ran, `${name}: inline script`).toBe(false);
    expect(result.handlerRan, `${name}: inline handler`).toBe(false);
    expect(result.violations.filter((v) => v.startsWith('script-src')).length, `${name}: securitypolicyviolation events`).toBeGreaterThanOrEqual(2);
  }
  expect(server.hits).toEqual([]);
});
