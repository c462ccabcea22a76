/**
 * Firefox shows the real answer of a handshake it refused (status and headers; no body):
 * against real misconfigured stacks (tests/stacks), the WS Handshakes panel in Firefox's
 * own toolbox (tests/e2e/firefox/, over Marionette) names the component at fault and its
 * fix in the detail, as diagnoses.ts says, from the headers alone (nginx's Server,
 * express's X-Powered-By, HAProxy's lower-case names). Build first.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { CASES } from '../stacks/cases.js';
import { diagnosisOf } from '../stacks/diagnoses.js';
import { startCase, startContext, type LiveCase, type StacksContext } from '../stacks/harness.js';
import { waitFor } from './harness.js';
import { firefoxMissing, launchFirefoxInspector, type FirefoxInspector } from './firefox/inspector.js';

const IDS = [
  'nginx-no-upgrade-headers-ws',
  'nginx-no-upgrade-headers-express-404',
  'apache-no-upgrade-param',
  'haproxy-del-header-connection',
  'lighttpd-no-upgrade-enable',
  'nginx-upstream-down',
  'nginx-correct-ws',
];

test.skip(firefoxMissing() !== null, firefoxMissing() ?? '');
test.describe.configure({ mode: 'serial' });

let ctx: StacksContext;
let live: LiveCase[] = [];
let page: Server;
let pageUrl: string;
let inspector: FirefoxInspector;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const cases = IDS.map((id) => CASES.find((c) => c.id === id)!);
  ctx = await startContext(cases);
  live = [];
  for (const c of cases) live.push(await startCase(c, ctx));
  const urls = live.map((l) => l.url);
  // One socket at a time, a second apart: Firefox's network monitor drops entries opened in a burst.
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>stacks</title><script>
      (async () => {
        await new Promise((r) => setTimeout(r, 1000));
        for (const url of ${JSON.stringify(urls)}) {
          await new Promise((resolve) => {
            const socket = new WebSocket(url);
            const done = () => setTimeout(resolve, 1000);
            socket.onopen = () => { socket.close(); };
            socket.onclose = done;
          });
        }
      })();
    </script>`);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', () => resolve()));
  pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}/`;
  inspector = await launchFirefoxInspector();
});

test.afterAll(async () => {
  await inspector?.close();
  await new Promise<void>((resolve) => (page ? page.close(() => resolve()) : resolve()));
  await Promise.all(live.map((l) => l.stop()));
  await ctx?.stop();
});

interface DetailView {
  readonly summary: string;
  readonly browserError: string | null;
  readonly findings: readonly { readonly rule: string; readonly severity: string; readonly text: string }[];
}

async function detailOf(url: string): Promise<DetailView> {
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
        };
      })()`),
    { message: `the detail of ${url}` },
  );
}

test("the panel in Firefox names the component at fault and its fix for real stacks", async () => {
  test.setTimeout(240_000);
  await inspector.openPanel();
  const urls = live.map((l) => l.url);
  // Firefox's own network monitor now and then never reports a handshake the server got: reload, at most twice.
  for (let attempt = 0; ; attempt++) {
    await inspector.goto(pageUrl);
    try {
      await inspector.waitForRows((rows) => urls.every((url) => rows.some((r) => r.url === url && r.verdict !== '')), { timeout: 60_000 });
      break;
    } catch (error) {
      const har = await inspector.getHAR();
      const missingFromHar = urls.filter((url) => !har.log.entries.some((e) => e.request.url === url));
      if (missingFromHar.length === 0 || attempt >= 2) throw error;
    }
  }
  expect(await inspector.extensionErrors()).toEqual([]);
  for (const l of live) {
    const diagnosis = diagnosisOf(l.case);
    const row = (await inspector.rows()).find((r) => r.url === l.url)!;
    if (diagnosis.verdict === 'pass') {
      expect(row.verdict, l.case.id).toBe('pass');
      continue;
    }
    expect(row.verdict, l.case.id).toBe('fail');
    const view = await detailOf(l.url);
    expect(view.browserError, 'Firefox gives no reason, it shows the answer').toBeNull();
    const rules = view.findings.map((f) => f.rule);
    expect(rules, l.case.id).toContain('status-not-101');
    expect(view.summary, l.case.id).toContain(diagnosis.names!);
    if (diagnosis.rules.includes('proxy-dropped-upgrade')) expect(rules, l.case.id).toContain('proxy-dropped-upgrade');
    if (diagnosis.fix && !/the app has no WebSocket server/.test(diagnosis.fix)) {
      expect(view.findings.map((f) => f.text).join('\n'), l.case.id).toContain(diagnosis.fix);
    }
  }
});
