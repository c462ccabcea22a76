/**
 * Writes the captured exchanges to tests/fixtures/stacks/: one <case-id>.txt
 * per case (the request bytes, which end in their blank line, then the
 * response bytes as received, latin1) and index.json describing each case.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { BACKEND_LABEL } from './backends.js';
import type { StackCase } from './cases.js';
import { CHROMIUM_UA } from './client.js';
import type { CaseRun } from './harness.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/stacks/', import.meta.url));

export function fixtureEntry(run: CaseRun): Record<string, unknown> {
  const c = run.case;
  const o = run.observed;
  const scheme = c.request?.scheme ?? 'ws';
  const port = c.request?.port ?? (scheme === 'wss' ? 'tls' : 'plain');
  const wire =
    scheme === 'wss' && run.exchange.tlsError !== undefined
      ? 'TLS ClientHello sent; the handshake failed, so the HTTP request in the .txt was never sent; the response is the raw bytes the server wrote in clear'
      : scheme === 'wss'
        ? 'HTTP inside TLS (the .txt holds the decrypted bytes)'
        : 'plain TCP';
  return {
    id: c.id,
    proxy: c.proxy?.kind ?? null,
    proxyVersion: run.proxyVersion,
    backend: c.backend,
    backendLabel: BACKEND_LABEL[c.backend],
    backendVersion: run.backendVersion,
    correct: c.correct,
    misconfig: c.misconfig,
    config: c.proxy?.config ?? null,
    ...(c.proxy?.outer ? { configOuter: c.proxy.outer } : {}),
    ...(c.proxy?.modules ? { apacheModules: c.proxy.modules } : {}),
    ...(c.proxy?.tls ? { tlsListener: true } : {}),
    fix: c.fix ?? null,
    request: {
      url: run.url,
      scheme,
      port,
      ...(c.request?.stripUpgrade ? { strippedUpgrade: true } : {}),
      secWebSocketKey: run.key,
      wire,
    },
    status: o.status,
    statusText: o.statusText,
    statusLine: o.statusLine,
    server: o.server,
    tellingHeaders: o.tellingHeaders,
    headerHabits: o.headerHabits,
    bodyFirstLine: o.bodyFirstLine,
    bodySignature: o.bodySignature,
    bodyBytesRead: o.bodyBytesRead,
    readEnded: o.ended,
    tlsError: o.tlsError,
    ...(o.status === 101 ? { clean101: o.clean101, acceptExpected: o.acceptExpected, acceptReceived: o.acceptReceived } : {}),
    backendSaw: run.backendSaw,
    proxyLog: run.proxyLog,
    ms: run.exchange.ms,
    file: `${c.id}.txt`,
  };
}

/**
 * Writes the runs' files and index.json. Rows of `order` that did not run this
 * time (STACKS_ONLY) keep their entry from the existing index.json; files of
 * ids no longer in the table are removed.
 */
export function writeFixtures(runs: readonly CaseRun[], order: readonly StackCase[]): void {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const ids = new Set(order.map((c) => c.id));
  for (const f of readdirSync(FIXTURE_DIR)) {
    if (f.endsWith('.txt') && !ids.has(f.slice(0, -4))) rmSync(join(FIXTURE_DIR, f));
  }
  const previous = new Map<string, Record<string, unknown>>();
  try {
    const old = JSON.parse(readFileSync(join(FIXTURE_DIR, 'index.json'), 'utf8')) as { cases?: Array<Record<string, unknown>> };
    for (const e of old.cases ?? []) if (typeof e.id === 'string') previous.set(e.id, e);
  } catch {
    // no index yet
  }
  const byId = new Map(runs.map((r) => [r.case.id, r]));
  const entries: Array<Record<string, unknown>> = [];
  for (const c of order) {
    const run = byId.get(c.id);
    if (!run) {
      const kept = previous.get(c.id);
      if (kept) entries.push(kept);
      continue;
    }
    writeFileSync(join(FIXTURE_DIR, `${c.id}.txt`), Buffer.concat([run.exchange.request, run.exchange.response]));
    entries.push(fixtureEntry(run));
  }
  const index = {
    about:
      'Real reverse proxies and WebSocket servers, misconfigured as people do, and what each answered to the handshake Chromium sends. Made by tests/stacks/stacks.test.ts with WRITE_STACK_FIXTURES=1; see tests/stacks/README.md.',
    capturedAt: new Date().toISOString().slice(0, 10),
    client: {
      what: 'Chromium 156 opening handshake, Chromium header order, same-origin page (Origin = the ws URL origin, http/https)',
      userAgent: CHROMIUM_UA,
      readRule: 'response head + up to 2 KB of body, until the body is complete, the connection closes, or 2 s pass (after a 101: 300 ms for the first frames)',
    },
    fileFormat: '<id>.txt: request bytes (ending in their blank line) immediately followed by the response bytes, latin1',
    placeholders: {
      '{{B}}': 'backend host:port',
      '{{BH}} {{BP}}': 'backend host, port',
      '{{B:kind}}': 'another backend of that kind',
      '{{BIND}}': 'HAProxy bind lines (plain port, and the TLS port for TLS cases)',
    },
    cases: entries,
  };
  writeFileSync(join(FIXTURE_DIR, 'index.json'), JSON.stringify(index, null, 2) + '\n');
}
