/**
 * Idle cuts by real proxies, with short timeouts: nginx (proxy_read_timeout 3s),
 * HAProxy (timeout tunnel 3s), lighttpd (server.max-read-idle = 3) and Apache
 * (ProxyPass … timeout=3) in front of a real ws server that never pings. `probe --stay`
 * holds the connection silent and must see the proxy drop it without a close
 * frame after about the timeout; the connection report names the cut, relative
 * to the configured value (`--idle-timeout`), and the proxy's snippet when the
 * 101 reveals it (nginx: Server). No test waits a real minute.
 *
 *   npx vitest run tests/stacks/idle.test.ts --config tests/stacks/vitest.config.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { JsonConnection, JsonDocument } from '../../src/core/export/json.js';
import { startBackend, type Backend, type BackendKind } from './backends.js';
import { missingPackages } from './harness.js';
import { forgetTempDir, liveGroups, removeOnExit } from './proc.js';
import { startProxy, type ProxyKind, type RunningProxy } from './proxies.js';

const TIMEOUT_S = 3;

/** Each proxy's relevant lines, with its idle timeout set to TIMEOUT_S. */
const PROXIES: ReadonlyArray<{ readonly kind: ProxyKind; readonly config: string; readonly component: string; readonly setting: string }> = [
  {
    kind: 'nginx',
    component: 'nginx',
    setting: 'proxy_read_timeout',
    config: `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_read_timeout ${TIMEOUT_S}s;
}`,
  },
  {
    kind: 'haproxy',
    component: 'haproxy',
    setting: 'timeout tunnel',
    config: `frontend fe
  {{BIND}}
  default_backend app
backend app
  timeout tunnel ${TIMEOUT_S}s
  server app1 {{B}}`,
  },
  {
    kind: 'lighttpd',
    component: 'lighttpd',
    setting: 'server.max-read-idle',
    config: `server.modules += ( "mod_proxy" )
server.max-read-idle = ${TIMEOUT_S}
proxy.server = ( "/ws" => ( ( "host" => "{{BH}}", "port" => {{BP}} ) ) )
proxy.header = ( "upgrade" => "enable" )`,
  },
  {
    kind: 'apache',
    component: 'apache',
    setting: 'Timeout',
    config: `Timeout ${TIMEOUT_S}
ProxyPass /ws http://{{B}}/ws upgrade=websocket`,
  },
];

async function probeJson(args: string[]): Promise<{ code: number; doc: JsonDocument; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false, env: {} };
  const code = await main(['probe', '--json', ...args], io);
  return { code, doc: JSON.parse(stdout) as JsonDocument, stderr };
}

let runDir = '';
let backend: Backend | undefined;
const proxies = new Map<ProxyKind, RunningProxy>();

beforeAll(async () => {
  const missing = missingPackages(PROXIES.map((p) => ({ id: p.kind, backend: 'ws', proxy: { kind: p.kind, config: '' }, correct: true, misconfig: '', expect: { status: 101 } }) as never));
  if (missing) throw new Error(`the idle tests need Debian packages this machine lacks: ${missing}`);
  runDir = mkdtempSync(join(tmpdir(), 'ws-idle-'));
  removeOnExit(runDir);
  backend = await startBackend('ws' as BackendKind, runDir);
  const backends = new Map<BackendKind, Backend>([['ws', backend]]);
  await Promise.all(
    PROXIES.map(async (p) => {
      const dir = join(runDir, p.kind);
      mkdirSync(dir, { recursive: true });
      proxies.set(p.kind, await startProxy({ spec: { kind: p.kind, config: p.config }, dir, backend: backend!, backends }));
    }),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([...proxies.values()].map((p) => p.stop().catch(() => undefined)));
  await backend?.stop();
  rmSync(runDir, { recursive: true, force: true });
  forgetTempDir(runDir);
  expect(liveGroups(), 'processes left behind').toEqual([]);
}, 60_000);

describe.concurrent(`a real proxy cuts a silent WebSocket after ${TIMEOUT_S} s`, () => {
  for (const p of PROXIES) {
    it(`${p.kind} (${p.setting} ${TIMEOUT_S})`, async () => {
      const url = `${proxies.get(p.kind)!.url}/ws`;
      // Both at once: without a configured value, and with it (the cut is named after it).
      const [plain, configured] = await Promise.all([
        probeJson(['--stay-ms', '20000', url]),
        probeJson(['--stay-ms', '20000', '--idle-timeout', `${p.component}=${TIMEOUT_S}`, url]),
      ]);
      for (const run of [plain, configured]) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.doc.handshakes[0]!.verdict).toBe('pass');
      }
      const a = plain.doc.handshakes[0]!.connection as JsonConnection;
      expect(a).toMatchObject({ seen: 'frames', state: 'ended', closedBy: 'nobody', code: null });
      // Relative to the configured timeout: the machine may be slow, the proxy never early.
      expect(a.openForMs! / (TIMEOUT_S * 1000)).toBeGreaterThan(0.97);
      expect(a.openForMs! / (TIMEOUT_S * 1000)).toBeLessThan(1.7);
      // Unconfigured: a silent end; the proxy's setting named when the 101 reveals it.
      expect(a.findings.map((f) => f.rule)).toEqual(['ended-after-silence']);
      const b = configured.doc.handshakes[0]!.connection as JsonConnection;
      expect(b.findings.map((f) => f.rule)).toEqual(['idle-timeout']);
      expect(b.findings[0]!.fix).toContain(p.setting);
    }, 40_000);
  }

  it('nginx shows itself in the 101 (Server: nginx/…): its setting and snippet come without --idle-timeout', async () => {
    const { doc } = await probeJson(['--stay-ms', '20000', `${proxies.get('nginx')!.url}/ws`]);
    const finding = (doc.handshakes[0]!.connection as JsonConnection).findings[0]!;
    expect(finding.message).toMatch(/The 101 came through nginx \(Server: nginx\/[\d.]+\)/);
    expect(finding.fix).toContain('proxy_read_timeout 3600s;');
  }, 40_000);
});
