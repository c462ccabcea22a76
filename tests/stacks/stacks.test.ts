/**
 * Real stacks: every row of cases.ts started for real (proxy in front of the
 * app server, or the app server alone), sent Chromium's opening handshake,
 * and checked against the answer captured in the table.
 *
 *   npx vitest run tests/stacks --config tests/stacks/vitest.config.ts
 *   WRITE_STACK_FIXTURES=1 npx vitest run tests/stacks --config tests/stacks/vitest.config.ts
 *
 * The second form also rewrites tests/fixtures/stacks/ (one .txt per case and
 * index.json). STACKS_ONLY=id1,id2 runs only those rows; STACKS_VERBOSE=1
 * prints one line per case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, type StackCase } from './cases.js';
import { headerAll } from './client.js';
import { writeFixtures } from './fixtures.js';
import { liveGroups, runCase, startContext, type CaseRun, type StacksContext } from './harness.js';

const only = process.env.STACKS_ONLY?.split(',').filter(Boolean);
const cases: readonly StackCase[] = only ? CASES.filter((c) => only.includes(c.id)) : CASES;
const runs: CaseRun[] = [];
let ctx: StacksContext | undefined;

beforeAll(async () => {
  ctx = await startContext(cases);
}, 120_000);

afterAll(async () => {
  await ctx?.stop();
  if (process.env.WRITE_STACK_FIXTURES === '1') writeFixtures(runs, CASES);
  const left = liveGroups();
  expect(left, 'processes left behind').toEqual([]);
}, 60_000);

describe('table', () => {
  it('has at least 25 misconfigurations and a correct config per proxy', () => {
    expect(CASES.filter((c) => !c.correct && c.proxy).length).toBeGreaterThanOrEqual(25);
    for (const kind of ['nginx', 'apache', 'haproxy', 'caddy', 'lighttpd'] as const) {
      expect(CASES.some((c) => c.correct && c.proxy?.kind === kind), kind).toBe(true);
    }
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const c of CASES) if (c.correct) expect(c.expect.status, c.id).toBe(101);
  });
});

describe.concurrent('stacks', () => {
  for (const c of cases) {
    it(c.id, async () => {
      if (!ctx) throw new Error('no context');
      const run = await runCase(c, ctx);
      runs.push(run);
      const o = run.observed;
      if (process.env.STACKS_VERBOSE) {
        console.log(`${c.id.padEnd(44)} ${String(o.statusLine)} | server=${String(o.server)} | ${String(o.bodyFirstLine).slice(0, 120)}${o.tlsError ? ' | tls: ' + o.tlsError : ''} | ${run.exchange.ms}ms`);
      }
      const res = run.exchange.parsed;
      const what = `${c.id}: got ${JSON.stringify(run.exchange.response.toString('latin1').slice(0, 600))}${run.exchange.error ? ' error ' + run.exchange.error : ''}`;
      if (c.expect.status === null) {
        expect(res, what).toBeUndefined();
      } else {
        expect(res?.status, what).toBe(c.expect.status);
      }
      if (c.expect.statusText !== undefined) expect(res?.statusText, what).toBe(c.expect.statusText);
      if (c.expect.server !== undefined) {
        const server = headerAll(res, 'server') ?? null;
        if (c.expect.server === null || typeof c.expect.server === 'string') expect(server, what).toBe(c.expect.server);
        else expect(server ?? '', what).toMatch(c.expect.server);
      }
      if (c.expect.body !== undefined) {
        const body = res?.body.toString('latin1') ?? '';
        if (typeof c.expect.body === 'string') expect(body, what).toContain(c.expect.body);
        else expect(body, what).toMatch(c.expect.body);
      }
      for (const [name, value] of Object.entries(c.expect.headers ?? {})) {
        const got = res?.headers.find(([n]) => n === name)?.[1];
        expect(got, `${what}: header ${name} (spelled so)`).toBeDefined();
        if (typeof value === 'string') expect(got, what).toBe(value);
        else expect(got ?? '', what).toMatch(value);
      }
      if (c.expect.tlsError) expect(run.exchange.tlsError ?? '', what).toMatch(c.expect.tlsError);
      else expect(run.exchange.tlsError, what).toBeUndefined();
      if (c.correct) {
        expect(o.clean101, `${what}: a correct config gives a clean 101`).toBe(true);
      }
    });
  }
});
