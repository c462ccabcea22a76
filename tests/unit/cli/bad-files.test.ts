// Every broken input of tests/fixtures/bad/cases.ts through the real built CLI: one line each on
// stderr with the table's exact message, exit 2, the good files of the run still reported, never
// a stack trace. The huge but valid ones (a million entries, a 10 MB header, 100,000 headers,
// 100,000-level nesting) are read without error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_CASES, BAD_DIR, makeGenerated } from '../../fixtures/bad/cases.js';
import { CORPUS, buildCli, run } from './cli.js';

const GATLING = join(CORPUS, 'gatling_chromium32_play-chat.har');
let dir = '';
let generated = new Map<string, string>();
const pathOf = (file: string, isGenerated?: boolean): string => (isGenerated ? generated.get(file)! : join(BAD_DIR, file));

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'bad-files-'));
  generated = makeGenerated(dir);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad files in the CLI', () => {
  it('has at least 25 broken inputs, each with its message', () => {
    expect(BAD_CASES.filter((c) => c.message !== null).length).toBeGreaterThanOrEqual(25);
  });

  it('one run with every case and a good file: one line per case, in order, exit 2, the good file still reported', async () => {
    const cases = BAD_CASES;
    const r = await run(['lint', GATLING, ...cases.map((c) => pathOf(c.file, c.generated)), '--fail-on', 'never']);
    expect(r.code).toBe(2);
    const expected = cases.flatMap((c) => {
      const path = pathOf(c.file, c.generated);
      if (c.message !== null) return [`ws-handshake: ${path}: ${c.message}`];
      return c.cliNote ? [`ws-handshake: ${path}: ${c.cliNote}`] : [];
    });
    expect(r.stderr.trimEnd().split('\n')).toEqual(expected);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
    const handshakes = 1 + cases.reduce((n, c) => n + (c.handshakes ?? 0), 0);
    const errors = cases.filter((c) => c.message !== null).length;
    expect(r.stdout).toMatch(new RegExp(`^${handshakes} handshakes: .*; ${errors} of ${cases.length + 1} inputs could not be read$`, 'm'));
    expect(r.stdout).toContain(`source:  ${GATLING}#/log/entries/`);
  }, 120_000);

  it.each(BAD_CASES.filter((c) => c.message !== null && !c.generated).slice(0, 8))('$file alone: exit 2, exactly one line', async (c) => {
    const r = await run(['lint', pathOf(c.file)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ws-handshake: ${pathOf(c.file)}: ${c.message}\n`);
  });

  it('--json lists each broken input in errors[] with the same message', async () => {
    const cases = BAD_CASES.filter((c) => c.message !== null);
    const r = await run(['lint', '--json', ...cases.map((c) => pathOf(c.file, c.generated)), GATLING]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { errors: { source: string; message: string }[]; handshakes: unknown[] };
    expect(doc.errors).toEqual(cases.map((c) => ({ source: pathOf(c.file, c.generated), message: c.message })));
    expect(doc.handshakes).toHaveLength(1);
  }, 120_000);
});
