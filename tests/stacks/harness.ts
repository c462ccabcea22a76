/**
 * Runs one stacks case: start the proxy in a fresh dir in front of the
 * (shared, already running) backend, send Chromium's handshake, read the
 * answer, stop the proxy (also when anything throws), and return what was
 * seen.
 *
 *   const ctx = await startContext(CASES);      // backends, certs, temp dir
 *   const rec = await runCase(CASES[0], ctx);   // { exchange, observed, … }
 *   await ctx.stop();                           // kills what is left
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_LABEL, startBackend, type Backend, type BackendKind, type SeenRequest } from './backends.js';
import type { StackCase } from './cases.js';
import { handshake, keyFor, type Exchange } from './client.js';
import { forgetTempDir, liveGroups, removeOnExit, sleep } from './proc.js';
import { makeCerts, startProxy, type Certs, type RunningProxy } from './proxies.js';
import { interestingLog, observe, type Observed } from './record.js';

export interface StacksContext {
  readonly runDir: string;
  readonly backends: ReadonlyMap<BackendKind, Backend>;
  readonly certs: Certs;
  stop(): Promise<void>;
}

export interface CaseRun {
  readonly case: StackCase;
  readonly key: string;
  readonly url: string;
  readonly exchange: Exchange;
  readonly observed: Observed;
  readonly proxyVersion: string | null;
  readonly backendVersion: string;
  readonly backendSaw: SeenRequest | null;
  readonly proxyLog: readonly string[];
  readonly proxyConfigFile: string | null;
}

/** Backends named by a case: its own and any {{B:kind}} in its lines. */
export function backendsNeeded(cases: readonly StackCase[]): Set<BackendKind> {
  const kinds = new Set<BackendKind>();
  for (const c of cases) {
    kinds.add(c.backend);
    const text = `${c.proxy?.config ?? ''}\n${c.proxy?.outer ?? ''}`;
    for (const m of text.matchAll(/\{\{B:([a-z0-9-]+)\}\}/g)) kinds.add(m[1] as BackendKind);
  }
  return kinds;
}

/** The Debian packages the stacks need, by the file each brings. */
export const REQUIREMENTS: ReadonlyArray<{ readonly path: string; readonly apt: string; readonly needed: (c: StackCase) => boolean }> = [
  { path: '/usr/sbin/nginx', apt: 'nginx', needed: (c) => c.proxy?.kind === 'nginx' },
  { path: '/usr/sbin/apache2', apt: 'apache2-bin', needed: (c) => c.proxy?.kind === 'apache' },
  { path: '/usr/sbin/haproxy', apt: 'haproxy', needed: (c) => c.proxy?.kind === 'haproxy' },
  { path: '/usr/bin/caddy', apt: 'caddy', needed: (c) => c.proxy?.kind === 'caddy' },
  { path: '/usr/sbin/lighttpd', apt: 'lighttpd', needed: (c) => c.proxy?.kind === 'lighttpd' },
  { path: '/usr/lib/lighttpd/mod_openssl.so', apt: 'lighttpd-mod-openssl', needed: (c) => c.proxy?.kind === 'lighttpd' && c.proxy.tls === true },
  { path: '/usr/bin/openssl', apt: 'openssl', needed: () => true },
  { path: '/usr/bin/python3', apt: 'python3', needed: (c) => ['py-websockets', 'aiohttp', 'tornado'].includes(c.backend) },
  { path: '/usr/lib/python3/dist-packages/websockets/__init__.py', apt: 'python3-websockets', needed: (c) => c.backend === 'py-websockets' },
  { path: '/usr/lib/python3/dist-packages/aiohttp/__init__.py', apt: 'python3-aiohttp', needed: (c) => c.backend === 'aiohttp' },
  { path: '/usr/lib/python3/dist-packages/tornado/__init__.py', apt: 'python3-tornado', needed: (c) => c.backend === 'tornado' },
  { path: '/usr/bin/go', apt: 'golang-go', needed: (c) => c.backend === 'gorilla' },
  { path: '/usr/share/gocode/src/github.com/gorilla/websocket/conn.go', apt: 'golang-github-gorilla-websocket-dev', needed: (c) => c.backend === 'gorilla' },
];

/** "apt-get install …" for what these cases need and this machine lacks, or null. */
export function missingPackages(cases: readonly StackCase[]): string | null {
  const missing = REQUIREMENTS.filter((r) => cases.some(r.needed) && !existsSync(r.path)).map((r) => r.apt);
  return missing.length ? `apt-get install -y ${[...new Set(missing)].join(' ')}` : null;
}

export async function startContext(cases: readonly StackCase[]): Promise<StacksContext> {
  const missing = missingPackages(cases);
  if (missing) throw new Error(`the stacks tests need Debian packages this machine lacks: ${missing}`);
  const runDir = mkdtempSync(join(tmpdir(), 'ws-stacks-'));
  // Apache's children (www-data) must reach the proxy dirs inside.
  chmodSync(runDir, 0o755);
  removeOnExit(runDir);
  const backends = new Map<BackendKind, Backend>();
  const stop = async (): Promise<void> => {
    await Promise.all([...backends.values()].map((b) => b.stop().catch(() => undefined)));
    if (!process.env.KEEP_STACKS_TMP) rmSync(runDir, { recursive: true, force: true });
    forgetTempDir(runDir);
  };
  try {
    const [certs] = await Promise.all([
      makeCerts(runDir),
      ...[...backendsNeeded(cases)].map(async (kind) => {
        backends.set(kind, await startBackend(kind, runDir));
      }),
    ]);
    return { runDir, backends, certs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

let caseSeq = 0;

/** A case's stack, running: the URL a client (the probe, a browser) opens, and how to stop it. */
export interface LiveCase {
  readonly case: StackCase;
  /** ws:// or wss:// URL of the proxy port the case asks for (or of the backend alone). */
  readonly url: string;
  readonly port: number;
  readonly proxy: RunningProxy | null;
  readonly backend: Backend;
  stop(): Promise<void>;
}

/**
 * Starts a case's proxy in a fresh dir in front of its (already running) backend and gives its URL,
 * so the probe or a real browser can be pointed at it; `stop()` stops the proxy.
 */
export async function startCase(c: StackCase, ctx: StacksContext): Promise<LiveCase> {
  const backend = ctx.backends.get(c.backend);
  if (!backend) throw new Error(`backend ${c.backend} (${BACKEND_LABEL[c.backend]}) not started`);
  const scheme = c.request?.scheme ?? 'ws';
  const path = c.request?.path ?? '/ws';
  let proxy: RunningProxy | null = null;
  let port = backend.port;
  if (c.proxy) {
    const dir = join(ctx.runDir, 'proxies', `${String(++caseSeq).padStart(3, '0')}-${c.id}`);
    mkdirSync(dir, { recursive: true });
    proxy = await startProxy({ spec: c.proxy, dir, backend, backends: ctx.backends, certs: ctx.certs });
    const which = c.request?.port ?? (scheme === 'wss' ? 'tls' : 'plain');
    if (which === 'tls' && proxy.tlsPort === undefined) {
      await proxy.stop();
      throw new Error(`${c.id}: asks for the TLS port, the proxy has none`);
    }
    port = which === 'tls' ? (proxy.tlsPort ?? 0) : proxy.port;
  }
  const running = proxy;
  return {
    case: c,
    url: `${scheme}://127.0.0.1:${port}${path}`,
    port,
    proxy,
    backend,
    stop: async () => {
      await running?.stop();
    },
  };
}

export async function runCase(c: StackCase, ctx: StacksContext): Promise<CaseRun> {
  const key = keyFor(c.id);
  const scheme = c.request?.scheme ?? 'ws';
  const path = c.request?.path ?? '/ws';
  const live = await startCase(c, ctx);
  const { proxy, backend, port } = live;
  try {
    const logBefore = proxy ? (await proxy.logs()).length : 0;
    const exchange = await handshake({
      host: '127.0.0.1',
      port,
      tls: scheme === 'wss',
      path,
      key,
      ...(c.request?.stripUpgrade ? { stripUpgrade: true } : {}),
      ...(c.request?.headTimeoutMs ? { headTimeoutMs: c.request.headTimeoutMs } : {}),
    });
    // Let the proxy write its log line(s) for this request.
    let proxyLog: string[] = [];
    if (proxy) {
      await sleep(150);
      proxyLog = interestingLog((await proxy.logs()).slice(logBefore));
    }
    return {
      case: c,
      key,
      url: live.url,
      exchange,
      observed: observe(exchange, key),
      proxyVersion: proxy?.version ?? null,
      backendVersion: backend.version,
      backendSaw: backend.saw(key) ?? null,
      proxyLog,
      proxyConfigFile: proxy?.configText ?? null,
    };
  } finally {
    await live.stop();
  }
}

export { liveGroups };
