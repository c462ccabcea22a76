/**
 * The panel in real Chromium, pointed at real misconfigured stacks (nginx,
 * Apache, HAProxy, Caddy, lighttpd in front of ws, socket.io, express,
 * python and Go servers: tests/stacks). Chromium hides a rejected handshake's
 * response, so there the detail must give the likely causes of that status and
 * the replay command; a request that never went out (wss:// to a plain port)
 * is not judged. Where the response is visible (a raw exchange pasted, a proxy
 * HAR imported) the detail names the component that answered and its fix, as
 * tests/stacks/diagnoses.ts says. Correct configs stay clean.
 *
 * Needs the Debian packages of tests/stacks (see its README) and `npm run build`.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { CASES, type StackCase } from '../stacks/cases.js';
import { handshake, keyFor } from '../stacks/client.js';
import { diagnosisOf, type Diagnosis } from '../stacks/diagnoses.js';
import { startCase, startContext, type LiveCase, type StacksContext } from '../stacks/harness.js';
import { launchInspector, waitFor, type Inspector } from './harness.js';

/** Misconfigurations as Chromium meets them (response hidden), and correct configs that must stay clean. */
const LIVE_IDS = [
  'nginx-no-upgrade-headers-express-404',
  'nginx-no-upgrade-headers-socketio',
  'nginx-no-upgrade-headers-ws',
  'nginx-no-upgrade-headers-aiohttp',
  'nginx-no-upgrade-headers-gorilla',
  'nginx-no-http-version-py-websockets',
  'nginx-location-trailing-slash',
  'nginx-proxy-pass-strips-prefix-express-ws',
  'nginx-upstream-down',
  'nginx-read-timeout',
  'nginx-host-without-port-gorilla',
  'nginx-correct-to-express-spa',
  'nginx-ws-to-tls-port',
  'nginx-wss-to-plain-port',
  'apache-no-upgrade-param',
  'apache-proxypass-order-trap',
  'apache-rewrite-without-p',
  'apache-backend-down',
  'apache-timeout',
  'haproxy-del-header-connection',
  'haproxy-del-header-connection-aiohttp',
  'haproxy-backend-down',
  'haproxy-timeout-server',
  'haproxy-ws-to-tls-port',
  'caddy-header-up-minus-connection',
  'caddy-handle-path-strips',
  'caddy-backend-down',
  'lighttpd-no-upgrade-enable',
  'lighttpd-backend-down',
  'lighttpd-wss-to-plain-port',
  // correct configs: clean
  'nginx-correct-ws',
  'nginx-correct-socketio',
  'apache-correct',
  'haproxy-correct',
  'caddy-correct',
  'lighttpd-correct',
  'nginx-tls-correct',
];

/** Recorded visible answers: pasted one by one, and all of them in one proxy HAR. */
const PASTED_IDS = ['nginx-no-upgrade-headers-express-404', 'apache-no-upgrade-param', 'haproxy-del-header-connection-tornado'];
const HAR_IDS = [
  'nginx-no-upgrade-headers-express-404',
  'nginx-no-upgrade-headers-socketio',
  'nginx-no-upgrade-headers-aiohttp',
  'nginx-no-upgrade-headers-gorilla',
  'nginx-no-upgrade-headers-py-websockets',
  'nginx-upgrade-without-connection',
  'nginx-location-trailing-slash',
  'nginx-proxy-pass-strips-prefix-gorilla',
  'nginx-upstream-down',
  'nginx-read-timeout',
  'nginx-host-default-tornado',
  'nginx-ws-to-tls-port',
  'apache-no-upgrade-param',
  'apache-proxypass-order-trap',
  'apache-rewrite-without-p',
  'apache-backend-down',
  'apache-timeout',
  'haproxy-del-header-connection',
  'haproxy-del-header-connection-tornado',
  'haproxy-backend-down',
  'haproxy-no-backend-for-path',
  'caddy-header-up-minus-upgrade',
  'caddy-route-to-spa',
  'lighttpd-no-upgrade-enable',
  'lighttpd-backend-down',
  'nginx-correct-ws',
  'apache-correct',
];

const byId = (id: string): StackCase => {
  const found = CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no stack case ${id}`);
  return found;
};
const usedCases = [...new Set([...LIVE_IDS, ...HAR_IDS, ...PASTED_IDS])].map(byId);

let ctx: StacksContext;
let page: Server;
let pageUrl: string;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ctx = await startContext(usedCases);
  // The inspected page: any http origin (the apps here do not check Origin, except the 403 rows).
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>stacks</title><p>WebSockets to real stacks</p>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', () => resolve()));
  pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}/`;
  inspector = await launchInspector(process.env.WS_EXTENSION_DIR ? { extensionDir: process.env.WS_EXTENSION_DIR } : {});
  await inspector.goto(pageUrl);
  await inspector.openPanel();
});

test.afterAll(async () => {
  await inspector?.close();
  await new Promise<void>((resolve) => (page ? page.close(() => resolve()) : resolve()));
  await ctx?.stop();
});

interface DetailView {
  readonly summary: string;
  readonly browserError: string | null;
  readonly findings: ReadonlyArray<{ readonly rule: string; readonly severity: string; readonly text: string }>;
  readonly probeCommand: string | null;
  readonly key: string | null;
}

/** Types the URL into the filter box (the list is virtualised: only rows in view exist), then selects its row. */
async function showOnly(url: string): Promise<void> {
  await inspector.evaluate(`(() => {
    const box = document.querySelector('[data-testid="filter"]');
    box.value = ${JSON.stringify(url)};
    box.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
  await waitFor(async () => (await inspector.rows()).some((r) => r.url === url), { message: `the row of ${url} after filtering` });
}

/** Selects the row and reads its detail pane as the user sees it. */
async function detailOf(url: string): Promise<DetailView> {
  await showOnly(url);
  await inspector.select(url);
  return waitFor(
    () =>
      inspector.evaluate<DetailView | null>(`(() => {
        const detail = document.querySelector('[data-testid="handshake-detail"]');
        if (!detail || detail.getAttribute('data-url') !== ${JSON.stringify(url)}) return null;
        return {
          summary: detail.querySelector('[data-testid="summary"]')?.textContent ?? '',
          browserError: detail.querySelector('[data-testid="browser-error"]')?.textContent ?? null,
          findings: [...detail.querySelectorAll('[data-testid="finding"]')].map((f) => ({ rule: f.dataset.rule, severity: f.dataset.severity, text: f.textContent })),
          probeCommand: detail.querySelector('[data-testid="probe-command"]')?.textContent ?? null,
          // The key as sent, from the request table (a refusal by status has no accept block to show it in).
          key: [...detail.querySelectorAll('[data-testid="request-headers"] tr')].find((tr) => tr.querySelector('th')?.textContent === 'Sec-WebSocket-Key')?.querySelector('.header-value')?.textContent ?? null,
        };
      })()`),
    { message: `the detail of ${url}` },
  );
}

async function clickTestId(testId: string): Promise<void> {
  const found = await inspector.evaluate<boolean>(`(() => {
    const element = document.querySelector('[data-testid="${testId}"]');
    if (!element) return false;
    element.click();
    return true;
  })()`);
  if (!found) throw new Error(`no [data-testid=${testId}] in the panel`);
}

const clean = (d: Diagnosis): boolean => d.verdict === 'pass';

test('Chromium hides the answers: each detail gives the likely causes for its status and the command that tells them apart; correct configs stay clean', async () => {
  test.setTimeout(240_000);
  const cases = LIVE_IDS.map(byId);
  const live: LiveCase[] = await Promise.all(cases.map((c) => startCase(c, ctx)));
  try {
    const urls = live.map((l) => l.url);
    expect(new Set(urls).size, 'one port per stack').toBe(urls.length);
    await inspector.page.evaluate((list) => {
      (window as unknown as { sockets: WebSocket[] }).sockets = list.map((url) => new WebSocket(url));
    }, urls);
    await waitFor(
      async () => {
        const settled = await inspector.evaluate<string[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]:not([data-pending])')].map((r) => r.dataset.url)`);
        return urls.every((url) => settled.includes(url));
      },
      { timeout: 60_000, interval: 250, message: 'a settled row per stack' },
    );
    if (process.env.WRITE_STACK_HAR === '1') {
      const har = await inspector.getHAR();
      const entries = har.log.entries.filter((e) => urls.includes(e.request.url));
      writeFileSync(fileURLToPath(new URL('../fixtures/browsers/chromium/stacks.har', import.meta.url)), `${JSON.stringify({ log: { ...har.log, entries } }, null, 2)}\n`);
      // Which stack case each URL was (ports are random): beside the HAR, so the HAR stays as Chromium wrote it.
      const index = Object.fromEntries(live.map((l) => [l.url, l.case.id]));
      writeFileSync(fileURLToPath(new URL('../fixtures/browsers/chromium/stacks.cases.json', import.meta.url)), `${JSON.stringify(index, null, 2)}\n`);
    }
    for (const l of live) {
      const diagnosis = diagnosisOf(l.case);
      await showOnly(l.url);
      const row = (await inspector.rows()).find((r) => r.url === l.url)!;
      const what = `${l.case.id} (${l.url})`;
      if (clean(diagnosis)) {
        // A good 101 stays open: wait until the panel shows it accepted.
        expect(row.verdict, what).toBe('pass');
        continue;
      }
      expect(row.verdict, what).toBe('fail');
      const view = await detailOf(l.url);
      const chromium = diagnosis.chromium!;
      expect(view.browserError ?? '', what).toMatch(typeof chromium.reason === 'string' ? new RegExp(chromium.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : chromium.reason);
      const text = view.findings.map((f) => f.text).join('\n');
      expect(text, what).toContain(shown(chromium.cause));
      const failing = view.findings.filter((f) => f.severity === 'fail').map((f) => f.rule);
      if (/^Unexpected response code/.test(view.browserError ?? '')) {
        expect(failing, what).toEqual(['status-not-101']);
        // The one command that tells the causes apart, with the key Chromium sent.
        expect(view.key, what).toMatch(/^[A-Za-z0-9+/]{22}==$/);
        expect(text, what).toContain(`ws-handshake probe --key ${view.key}`);
        expect(view.probeCommand, what).toContain(`--key ${view.key}`);
      } else {
        // Nothing was sent, or nothing came back: only the missing response is judged (no h2 guess, no request rules).
        expect(row.rules, what).toEqual(['no-response']);
      }
    }
  } finally {
    await inspector.page.evaluate(() => (window as unknown as { sockets?: WebSocket[] }).sockets?.forEach((s) => s.close()));
    await Promise.all(live.map((l) => l.stop()));
  }
});

/** The recorded exchange of a live case, as a proxy or a terminal shows it: request, response, body. */
async function exchangeOf(c: StackCase): Promise<{ request: string; response: string; url: string }> {
  const l = await startCase(c, ctx);
  try {
    const scheme = c.request?.scheme ?? 'ws';
    const exchange = await handshake({ host: '127.0.0.1', port: l.port, tls: scheme === 'wss', path: c.request?.path ?? '/ws', key: keyFor(c.id) });
    return { request: exchange.request.toString('latin1'), response: exchange.response.toString('latin1'), url: l.url };
  } finally {
    await l.stop();
  }
}

function expectNamed(view: DetailView, diagnosis: Diagnosis, what: string): void {
  const rules = view.findings.map((f) => f.rule);
  expect(rules, what).toEqual(expect.arrayContaining([...diagnosis.rules]));
  if (diagnosis.names) {
    expect(view.summary, what).toContain(diagnosis.names);
    expect(view.findings.find((f) => f.rule === 'answered-by')?.text ?? '', what).toContain(diagnosis.names);
  }
  if (diagnosis.fix) expect(view.findings.map((f) => f.text).join('\n'), what).toContain(shown(diagnosis.fix));
}

/** How a message reads on screen: `code` marks become code elements, so the backticks are not in the text. */
function shown(text: string): string {
  return text.replace(/`/g, '');
}

test('a pasted raw exchange of a real stack names the component that answered and its fix', async () => {
  test.setTimeout(120_000);
  for (const id of PASTED_IDS) {
    const c = byId(id);
    const { request, response } = await exchangeOf(c);
    await clickTestId('paste-button');
    await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="paste-dialog"][open]')`), { message: 'the paste dialog' });
    await inspector.evaluate(`(() => {
      const area = document.querySelector('[data-testid="paste-text"]');
      area.value = ${JSON.stringify(request + response)};
      area.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    await clickTestId('paste-submit');
    await waitFor(() => inspector.evaluate<boolean>(`!document.querySelector('[data-testid="paste-dialog"]')`), { message: 'the dialog to close' });
    // The pasted row is selected; its URL comes from the request's Host.
    const view = await waitFor(
      () =>
        inspector.evaluate<DetailView | null>(`(() => {
          const detail = document.querySelector('[data-testid="handshake-detail"]');
          const summary = detail?.querySelector('[data-testid="summary"]')?.textContent ?? '';
          if (!detail || !summary.includes(${JSON.stringify(diagnosisOf(c).names ?? '')})) return null;
          return { summary, browserError: null, probeCommand: null, key: null,
            findings: [...detail.querySelectorAll('[data-testid="finding"]')].map((f) => ({ rule: f.dataset.rule, severity: f.dataset.severity, text: f.textContent })) };
        })()`),
      { message: `the pasted ${id} in the detail` },
    );
    expectNamed(view, diagnosisOf(c), id);
    // Config snippets are shown as code blocks.
    expect(await inspector.evaluate<number>(`document.querySelectorAll('[data-testid="handshake-detail"] pre.snippet').length`), id).toBeGreaterThan(0);
  }
});

test('a proxy HAR of real stacks (responses and bodies visible) names the component and its fix in each detail', async () => {
  test.setTimeout(180_000);
  const entries = [];
  const expected: Array<{ url: string; case: StackCase }> = [];
  for (const id of HAR_IDS) {
    const c = byId(id);
    const { request, response, url } = await exchangeOf(c);
    const [requestHead = ''] = request.split('\r\n\r\n');
    const cut = response.indexOf('\r\n\r\n');
    const [statusLine = '', ...responseLines] = response.slice(0, cut).split('\r\n');
    const status = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/.exec(statusLine);
    const header = (line: string) => ({ name: line.slice(0, line.indexOf(':')), value: line.slice(line.indexOf(':') + 1).trim() });
    // A proxy HAR's URL for a WebSocket is the http(s):// form; the body is content.text.
    const httpUrl = url.replace(/^ws/, 'http');
    expected.push({ url: httpUrl, case: c });
    entries.push({
      startedDateTime: new Date().toISOString(),
      time: 5,
      request: { method: 'GET', url: httpUrl, httpVersion: 'HTTP/1.1', headers: requestHead.split('\r\n').slice(1).map(header), queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: {
        status: Number(status?.[1] ?? 0),
        statusText: status?.[2] ?? '',
        httpVersion: 'HTTP/1.1',
        headers: responseLines.map(header),
        cookies: [],
        content: { size: response.length - cut - 4, mimeType: 'text/html', text: response.slice(cut + 4) },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 1, wait: 3, receive: 1 },
    });
  }
  const har = { log: { version: '1.2', creator: { name: 'mitmproxy har_dump', version: '11.0' }, entries } };
  await clickTestId('clear');
  await inspector.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(JSON.stringify(har))}], 'stacks-proxy.har', { type: 'application/json' }));
    const input = document.querySelector('[data-testid="import-input"]');
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  })()`);
  const notice = await waitFor(
    () => inspector.evaluate<string | null>(`document.querySelector('[data-testid="import-result"][data-name="stacks-proxy.har"]')?.textContent ?? null`),
    { timeout: 30_000, message: 'the import notice' },
  );
  expect(notice).toContain(`Imported stacks-proxy.har (${expected.length} handshakes)`);
  for (const { url, case: c } of expected) {
    const diagnosis = diagnosisOf(c);
    const view = await detailOf(url);
    if (clean(diagnosis)) {
      expect(view.findings.filter((f) => f.severity !== 'info'), c.id).toEqual([]);
      continue;
    }
    expectNamed(view, diagnosis, c.id);
  }
});
