/**
 * After the 101, in real Chromium with DevTools open: sockets that open and then
 * die (the demo's after-101 scenarios, and a real nginx with a short
 * proxy_read_timeout in front of a ws server) keep their handshake verdict in
 * the list, get a "died" marker, and the detail's Connection section tells how
 * each ended and which pattern it is, from what Chromium records
 * (`_webSocketMessages`, timings; no close frames).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SCENARIOS, startDemoServers, type DemoServers, type ScenarioName } from '../../src/demo/servers.js';
import { startBackend, type Backend, type BackendKind } from '../stacks/backends.js';
import { forgetTempDir, removeOnExit } from '../stacks/proc.js';
import { startProxy, type RunningProxy } from '../stacks/proxies.js';
import { launchInspector, waitFor, type Inspector } from './harness.js';

let servers: DemoServers;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startDemoServers({ http2: false });
  inspector = await launchInspector();
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

interface RowState {
  readonly url: string;
  readonly verdict: string;
  readonly connection: string | null;
  readonly marker: string | null;
}

const rowStates = (): Promise<RowState[]> =>
  inspector.evaluate<RowState[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]')].map((r) => ({
      url: r.getAttribute('data-url'), verdict: r.getAttribute('data-verdict'), connection: r.getAttribute('data-connection'),
      marker: r.querySelector('[data-testid="connection-marker"]')?.textContent ?? null }))`);

interface ConnectionView {
  readonly state: string | null;
  readonly verdict: string | null;
  readonly rules: string[];
  readonly summary: string;
  readonly timeline: string[];
  readonly findings: { rule: string; severity: string; text: string }[];
  readonly handshakeSummary: string;
  readonly handshakeFindings: number;
}

const connectionView = (): Promise<ConnectionView | null> =>
  inspector.evaluate<ConnectionView | null>(`(() => {
    const detail = document.querySelector('[data-testid="handshake-detail"]');
    const section = detail?.querySelector('[data-testid="connection"]');
    if (!section) return null;
    return {
      state: section.getAttribute('data-state'), verdict: section.getAttribute('data-verdict'),
      rules: (section.getAttribute('data-rules') ?? '').split(' ').filter(Boolean),
      summary: section.querySelector('[data-testid="connection-summary"]')?.textContent ?? '',
      timeline: [...section.querySelectorAll('[data-testid="connection-timeline"] li')].map((li) => li.textContent),
      findings: [...section.querySelectorAll('[data-testid="connection-finding"]')].map((f) => ({ rule: f.getAttribute('data-rule'), severity: f.getAttribute('data-severity'), text: f.textContent })),
      handshakeSummary: detail.querySelector('[data-testid="summary"]')?.textContent ?? '',
      handshakeFindings: detail.querySelectorAll('[data-testid="finding"]').length,
    };
  })()`);

async function select(url: string): Promise<ConnectionView> {
  await inspector.select(url);
  return waitFor(async () => {
    const view = await connectionView();
    const shown = await inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-detail"]')?.getAttribute('data-url') ?? null`);
    return shown === url ? view : null;
  }, { message: `the Connection section of ${url}` });
}

/** The page's close events for these scenarios (what Chromium's HAR does not keep). */
async function settled(names: readonly ScenarioName[]): Promise<void> {
  await waitFor(
    () => inspector.page.evaluate((wanted) => wanted.every((n) => ['closed', 'failed'].includes((window as unknown as { demoResults: Record<string, { state: string }> }).demoResults[n]?.state ?? '')), [...names]),
    { timeout: 30_000, message: `the sockets of ${names.join(', ')} to end` },
  );
}

const AFTER_101: readonly ScenarioName[] = SCENARIOS.filter((s) => s.expectedConnectionRules.length > 0).map((s) => s.name);

test('sockets that open and then die keep a passing handshake, get a "died" marker, and the detail tells the pattern', async () => {
  await inspector.goto(`${servers.pageUrl}?only=${[...AFTER_101, 'good'].join(',')}`);
  await inspector.openPanel();
  await settled(AFTER_101);
  const states = await waitFor(async () => {
    const rows = await rowStates();
    const ready = AFTER_101.every((n) => rows.find((r) => r.url === servers.urlOf(n))?.connection === 'died');
    return ready && rows.find((r) => r.url === servers.urlOf('good'))?.connection === 'open' ? rows : null;
  }, { timeout: 30_000, message: 'every after-101 row marked died, the good one open' }).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${JSON.stringify(await rowStates(), null, 1)}`);
  });

  for (const name of AFTER_101) {
    const row = states.find((r) => r.url === servers.urlOf(name))!;
    expect(row.verdict, `${name}: the row keeps the handshake's verdict`).toBe('pass');
    expect(row.marker, name).toMatch(/^↯ died after [\d.]+ (ms|s)$/);
  }
  expect(states.find((r) => r.url === servers.urlOf('good'))?.marker).toBeNull();

  for (const name of AFTER_101) {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    const view = await select(servers.urlOf(name));
    expect(view.handshakeSummary, name).toBe('The WebSocket handshake is valid (101 Switching Protocols).');
    expect(view.handshakeFindings, `${name}: no handshake finding`).toBe(0);
    expect(view.state, name).toBe('ended');
    for (const rule of scenario.expectedConnectionRules) expect(view.rules, name).toContain(rule);
    expect(view.timeline[0], name).toMatch(/opened \(101 Switching Protocols/);
    expect(view.timeline.at(-1), name).toMatch(/ended/);
  }
});

test('what each pattern says, in the words users read', async () => {
  const idle = await select(servers.urlOf('idle-cut'));
  expect(idle.summary).toMatch(/ended after 4\.\d s of silence/);
  expect(idle.timeline.some((t) => t.includes('received text 19 bytes "hello, then silence"'))).toBe(true);
  expect(idle.findings[0]).toMatchObject({ rule: 'ended-after-silence', severity: 'warn' });

  const rsv1 = await select(servers.urlOf('rsv1-without-deflate'));
  expect(rsv1.findings[0]?.text).toContain('One or more reserved bits are on: reserved1 = 1, reserved2 = 0, reserved3 = 0');
  expect(rsv1.findings[0]?.text).toContain('negotiated no permessage-deflate');
  expect(rsv1.timeline.some((t) => t.includes('"ok first"')), 'the good message before the bad frame').toBe(true);

  const sio = await select(servers.urlOf('socketio-v2-client'));
  expect(sio.findings[0]).toMatchObject({ rule: 'http-after-101', severity: 'fail' });
  expect(sio.findings[0]?.text).toContain('Invalid frame header');
  expect(sio.findings[0]?.text).toContain('allowEIO3: true');

  const big = await select(servers.urlOf('message-too-big'));
  expect(big.findings[0]?.text).toContain('102,400 bytes (100 KiB)');
  expect(big.findings[0]?.text).toContain('1009');

  const policy = await select(servers.urlOf('policy-close'));
  expect(policy.findings[0]).toMatchObject({ rule: 'ended-at-once' });
  expect(policy.summary).toContain("Chromium's HAR keeps no close frames");
  // The page saw 1008 "origin not allowed": only the page's close event has it.
  const closed = await inspector.page.evaluate(() => (window as unknown as { demoResults: Record<string, { code: number; reason: string }> }).demoResults['policy-close']);
  expect(closed).toMatchObject({ code: 1008, reason: 'origin not allowed' });

  const open = await select(servers.urlOf('good'));
  expect(open.state).toBe('open');
  expect(open.summary).toMatch(/^Still open when captured/);
  expect(open.findings).toEqual([]);
});

test('the filter finds rows by their connection rule ids', async () => {
  await inspector.evaluate(`(() => {
    const input = document.querySelector('[data-testid="filter"]');
    input.value = 'frame-masked';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return true;
  })()`);
  const rows = await inspector.waitForRows((r) => r.length === 1);
  expect(rows[0]?.url).toBe(servers.urlOf('server-masked'));
  await inspector.evaluate(`(() => {
    const input = document.querySelector('[data-testid="filter"]');
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return true;
  })()`);
});

test('a real nginx with proxy_read_timeout 3s cuts a silent ws socket: the panel names nginx and its snippet', async () => {
  const runDir = mkdtempSync(join(tmpdir(), 'ws-e2e-nginx-'));
  removeOnExit(runDir);
  let backend: Backend | undefined;
  let proxy: RunningProxy | undefined;
  try {
    backend = await startBackend('ws' as BackendKind, runDir);
    const dir = join(runDir, 'nginx');
    mkdirSync(dir, { recursive: true });
    proxy = await startProxy({
      spec: {
        kind: 'nginx',
        config: `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_read_timeout 3s;
}`,
      },
      dir,
      backend,
      backends: new Map([['ws', backend]]),
    });
    const url = `${proxy.url}/ws`;
    await inspector.goto(`${servers.pageUrl}?only=`);
    // The page opens a socket through nginx and stays silent; nginx drops it after 3 s.
    const closed = await inspector.page.evaluate((target) => new Promise<{ code: number; after: number }>((resolve) => {
      const ws = new WebSocket(target);
      let opened = 0;
      ws.onopen = () => (opened = Date.now());
      ws.onclose = (e) => resolve({ code: e.code, after: Date.now() - opened });
    }), url);
    expect(closed.code).toBe(1006);
    expect(closed.after / 3000).toBeGreaterThan(0.95);
    await inspector.waitForRows((rows) => rows.some((r) => r.url === url));
    await waitFor(async () => (await rowStates()).find((r) => r.url === url)?.connection === 'died', { timeout: 20_000, message: 'the nginx row marked died' });
    const view = await select(url);
    expect(view.handshakeSummary).toBe('The WebSocket handshake is valid (101 Switching Protocols).');
    expect(view.findings[0]).toMatchObject({ rule: 'ended-after-silence', severity: 'warn' });
    expect(view.findings[0]?.text).toMatch(/The 101 came through nginx \(Server: nginx\/[\d.]+\)/);
    expect(view.findings[0]?.text).toContain('proxy_read_timeout 3600s;');
  } finally {
    await proxy?.stop();
    await backend?.stop();
    rmSync(runDir, { recursive: true, force: true });
    forgetTempDir(runDir);
  }
});
