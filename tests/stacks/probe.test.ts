/**
 * `ws-handshake probe` against every real stack of cases.ts, running: the probe
 * sends the request a browser sends (same key, same Origin) and the report must
 * name the component at fault and its fix (diagnoses.ts): nginx that dropped the
 * upgrade in front of express, socket.io, aiohttp…; Apache without
 * upgrade=websocket; HAProxy deleting Connection; 502/503/504 by who says them;
 * TLS mismatches in the finding and --json, not only on the `!` line. Correct
 * configs stay clean. A few rows also go through the compiled CLI (`--json`).
 *
 *   npx vitest run tests/stacks/probe.test.ts --config tests/stacks/vitest.config.ts
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeOne } from '../../src/core/analyze.js';
import type { Report } from '../../src/core/model.js';
import { probe, type ProbeOptions } from '../../src/sources/probe/probe.js';
import { CASES, type StackCase } from './cases.js';
import { keyFor } from './client.js';
import { diagnosisOf } from './diagnoses.js';
import { liveGroups, startCase, startContext, type StacksContext } from './harness.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../bin/ws-handshake.js', import.meta.url));
const CLI_BUILD = fileURLToPath(new URL('../../dist/node/cli/main.js', import.meta.url));

const only = process.env.STACKS_ONLY?.split(',').filter(Boolean);
const cases: readonly StackCase[] = only ? CASES.filter((c) => only.includes(c.id)) : CASES;
let ctx: StacksContext | undefined;

beforeAll(async () => {
  ctx = await startContext(cases);
}, 120_000);

afterAll(async () => {
  await ctx?.stop();
  expect(liveGroups(), 'processes left behind').toEqual([]);
}, 60_000);

/** The probe's options for a case: Chromium's key, Origin and (for the "no upgrade" rows) no Upgrade/Connection. */
function probeOptions(c: StackCase, url: string): ProbeOptions {
  const origin = new URL(url.replace(/^ws/, 'http')).origin;
  return {
    url,
    key: keyFor(c.id),
    origin,
    insecure: true,
    timeoutMs: 8_000,
    env: {},
    ...(c.request?.stripUpgrade ? { headers: [{ name: 'Upgrade', value: '' }, { name: 'Connection', value: '' }] } : {}),
  };
}

function allText(report: Report): string {
  return [report.summary, ...report.findings.flatMap((f) => [f.message, f.fix])].join('\n');
}

describe.concurrent('the probe against real stacks', () => {
  for (const c of cases) {
    const diagnosis = diagnosisOf(c);
    const expected = diagnosis.probe ? { ...diagnosis, ...diagnosis.probe } : diagnosis;
    it(`${c.id}: ${expected.verdict}${expected.names ? `, names ${expected.names}` : ''}`, async () => {
      if (!ctx) throw new Error('no context');
      const live = await startCase(c, ctx);
      try {
        const result = await probe(probeOptions(c, live.url));
        const report = await analyzeOne(result.handshake);
        const rules = report.findings.map((f) => f.rule);
        const what = `${c.id}: ${report.summary} [${rules.join(' ')}]${result.failure ? ` ! ${result.failure.message}` : ''}`;
        if (process.env.STACKS_VERBOSE) console.log(`PROBE ${c.id} | ${report.verdict} | ${rules.join(' ')} | ${report.summary}`);
        expect(report.verdict, what).toBe(expected.verdict);
        expect(rules, what).toEqual(expect.arrayContaining([...expected.rules]));
        if (expected.verdict === 'pass') {
          expect(report.findings.filter((f) => f.severity !== 'info'), what).toEqual([]);
          return;
        }
        if (expected.names) expect(report.summary, what).toContain(expected.names);
        if (expected.fix) expect(allText(report), what).toContain(expected.fix);
        // The connection-level cause reaches the finding, not only the `!` line.
        if (result.failure) expect(report.findings.find((f) => f.rule === 'no-response')?.message, what).toContain(result.failure.message.replace(/[.\s]+$/, ''));
      } finally {
        await live.stop();
      }
    });
  }
});

const CLI_CASES = ['nginx-no-upgrade-headers-socketio', 'apache-no-upgrade-param', 'haproxy-backend-down', 'nginx-wss-to-plain-port', 'lighttpd-ws-to-tls-port', 'nginx-correct-ws'];

describe('the compiled CLI against real stacks (--json)', () => {
  for (const id of CLI_CASES.filter((id) => cases.some((c) => c.id === id))) {
    it(id, async () => {
      if (!existsSync(CLI_BUILD)) throw new Error('dist/node is missing: run npm run build:cli first');
      const c = CASES.find((x) => x.id === id)!;
      const diagnosis = diagnosisOf(c);
      const expected = diagnosis.probe ? { ...diagnosis, ...diagnosis.probe } : diagnosis;
      const live = await startCase(c, ctx!);
      try {
        const options = probeOptions(c, live.url);
        const args = ['probe', '--json', '--insecure', '--timeout', '8000', '--key', options.key!, '--origin', options.origin!, live.url];
        const out = await run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '' } }).catch((error: { stdout: string; code: number }) => error);
        const document = JSON.parse(out.stdout) as { handshakes: Array<{ verdict: string; findings: Array<{ rule: string; message: string; fix: string }> }>; errors: Array<{ message: string }> };
        const [handshake] = document.handshakes;
        expect(handshake?.verdict).toBe(expected.verdict);
        const rules = handshake!.findings.map((f) => f.rule);
        expect(rules).toEqual(expect.arrayContaining([...expected.rules]));
        const text = handshake!.findings.map((f) => `${f.message}\n${f.fix}`).join('\n');
        if (expected.names) expect(text).toContain(expected.names);
        if (expected.fix) expect(text).toContain(expected.fix);
        // A connection-level failure is in errors[] and in the no-response finding alike.
        for (const error of document.errors) expect(text).toContain(error.message.replace(/[.\s]+$/, ''));
      } finally {
        await live.stop();
      }
    });
  }
});
