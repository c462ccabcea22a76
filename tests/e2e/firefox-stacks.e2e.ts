/**
 * Firefox shows the real answer of a handshake it refused (status and headers; no body):
 * against real misconfigured stacks (tests/stacks), what the extension's devtools page
 * gets names the component at fault and its fix once analysed, as diagnoses.ts says,
 * from the headers alone (nginx's Server, express's X-Powered-By, HAProxy's lower-case
 * names). Firefox ESR headless through tests/e2e/firefox-capture.ts; build first.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { analyze } from '../../src/core/analyze.js';
import type { Report } from '../../src/core/model.js';
import { handshakesFromHar } from '../../src/sources/har/parse.js';
import { CASES } from '../stacks/cases.js';
import { diagnosisOf } from '../stacks/diagnoses.js';
import { startCase, startContext, type LiveCase, type StacksContext } from '../stacks/harness.js';
import { captureWithFirefox, type FirefoxCapture } from './firefox-capture.js';
import type { HarEntry } from './harness.js';

const IDS = [
  'nginx-no-upgrade-headers-ws',
  'nginx-no-upgrade-headers-express-404',
  'apache-no-upgrade-param',
  'haproxy-del-header-connection',
  'lighttpd-no-upgrade-enable',
  'nginx-upstream-down',
  'nginx-correct-ws',
];

let ctx: StacksContext;
let live: LiveCase[] = [];
let page: Server;
let capture: FirefoxCapture;
let reports: Map<string, Report>;

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
        await new Promise((r) => setTimeout(r, 2000));
        for (const url of ${JSON.stringify(urls)}) {
          await new Promise((resolve) => {
            const socket = new WebSocket(url);
            const done = () => setTimeout(resolve, 1500);
            socket.onopen = () => { socket.close(); };
            socket.onclose = done;
          });
        }
      })();
    </script>`);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', () => resolve()));
  const pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}/`;
  const options = {
    url: pageUrl,
    // getHAR() and onRequestFinished together: Firefox now and then leaves an entry out of one of them.
    until: (har: FirefoxCapture['har'], finished: readonly HarEntry[]) =>
      urls.every((url) => [...har.log.entries, ...finished].some((e) => e.request.url === url && e.response.status > 0)),
    timeout: 90_000,
  };
  try {
    capture = await captureWithFirefox(options);
  } catch (error) {
    // Firefox now and then drops a handshake from getHAR() (tests/fixtures/browsers/README.md): one more run.
    console.warn(`Firefox capture incomplete, retrying once: ${String(error).split('\n').slice(0, 20).join('\n')}`);
    capture = await captureWithFirefox(options);
  }
  // Each handshake once, the getHAR() entry first, else the onRequestFinished one.
  const entries = [...capture.har.log.entries, ...capture.finished].filter((e, i, all) => all.findIndex((x) => x.request.url === e.request.url) === i);
  const parsed = handshakesFromHar({ log: { ...capture.har.log, entries } }, 'firefox-getHAR');
  if (!parsed.ok) throw new Error(parsed.error);
  reports = new Map((await analyze(parsed.handshakes)).map((r) => [r.url, r]));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (page ? page.close(() => resolve()) : resolve()));
  await Promise.all(live.map((l) => l.stop()));
  await ctx?.stop();
});

test('Firefox\'s view of real stacks names the component at fault and its fix', () => {
  expect(capture.devtoolsPageErrors).toEqual([]);
  for (const l of live) {
    const diagnosis = diagnosisOf(l.case);
    const report = reports.get(l.url);
    expect(report, l.case.id).toBeDefined();
    if (diagnosis.verdict === 'pass') {
      expect(report!.findings.filter((f) => f.severity !== 'info'), l.case.id).toEqual([]);
      continue;
    }
    expect(report!.verdict, l.case.id).toBe('fail');
    expect(report!.browserError, 'Firefox gives no reason, it shows the answer').toBeNull();
    const rules = report!.findings.map((f) => f.rule);
    expect(rules, l.case.id).toContain('status-not-101');
    expect(report!.summary, l.case.id).toContain(diagnosis.names!);
    if (diagnosis.rules.includes('proxy-dropped-upgrade')) expect(rules, l.case.id).toContain('proxy-dropped-upgrade');
    if (diagnosis.fix && !/the app has no WebSocket server/.test(diagnosis.fix)) {
      expect(report!.findings.map((f) => f.fix).join('\n'), l.case.id).toContain(diagnosis.fix);
    }
  }
});
