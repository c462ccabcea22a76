/**
 * Every real stack's recorded answer (tests/fixtures/stacks: the bytes nginx, Apache,
 * HAProxy, Caddy, lighttpd and the app servers really sent to Chromium's handshake),
 * read as raw handshake text like a user's paste, gets the diagnosis tests/stacks/diagnoses.ts
 * names: verdict, rules, the component at fault in the summary and findings, its fix.
 * The live versions (the probe against the running stack, the panel in Chromium) are
 * tests/stacks/probe.test.ts and tests/e2e/stacks.e2e.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../../src/core/analyze.js';
import type { Handshake, Report } from '../../../../src/core/model.js';
import { parseRawHandshake } from '../../../../src/sources/raw.js';
import { DIAGNOSED } from '../../../stacks/diagnoses.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/stacks/', import.meta.url));

function recorded(id: string): Handshake {
  const text = readFileSync(`${FIXTURES}${id}.txt`, 'latin1');
  const parsed = parseRawHandshake(text, `${id}.txt`);
  if (!parsed.ok) throw new Error(`${id}: ${parsed.error}`);
  // The stack closed without a word (a TLS port given plain HTTP): the client got nothing.
  if (!parsed.handshake.response) return { ...parsed.handshake, missingResponse: 'not-received' };
  return parsed.handshake;
}

/** Everything a user reads: the summary, every message and every fix. */
function allText(report: Report): string {
  return [report.summary, ...report.findings.flatMap((f) => [f.message, f.fix])].join('\n');
}

describe('real stacks, as recorded', () => {
  it('covers at least 25 misconfigurations behind a proxy, and the correct configs', () => {
    const failing = DIAGNOSED.filter((d) => d.diagnosis.verdict === 'fail' && d.case.proxy);
    expect(failing.length).toBeGreaterThanOrEqual(25);
    expect(DIAGNOSED.filter((d) => d.case.correct).length).toBeGreaterThanOrEqual(20);
  });

  for (const { case: c, diagnosis } of DIAGNOSED) {
    it(`${c.id}: ${c.misconfig}`, async () => {
      const report = await analyzeOne(recorded(c.id));
      const rules = report.findings.map((f) => f.rule);
      expect(report.verdict, report.summary).toBe(diagnosis.verdict);
      expect(rules).toEqual(expect.arrayContaining([...diagnosis.rules]));
      if (diagnosis.verdict === 'pass') {
        expect(report.findings.filter((f) => f.severity !== 'info'), 'a correct config stays clean').toEqual([]);
        expect(rules, 'no stack findings on a good 101').not.toContain('answered-by');
        return;
      }
      if (diagnosis.names) {
        expect(report.summary, 'the summary leads with the component').toContain(diagnosis.names);
        expect(report.findings.find((f) => f.rule === 'answered-by')?.message ?? '').toContain(diagnosis.names);
      }
      if (diagnosis.answeredBy) expect(report.findings.find((f) => f.rule === 'answered-by')?.message ?? '').toContain(diagnosis.answeredBy);
      if (diagnosis.fix) expect(allText(report)).toContain(diagnosis.fix);
      // The status finding quotes the body's line when the answer was recognised.
      const status = report.findings.find((f) => f.rule === 'status-not-101');
      if (status && diagnosis.names) expect(status.message).toContain(diagnosis.names);
    });
  }
});
