/**
 * Chromium 156's own HAR of the real stacks (tests/fixtures/browsers/chromium/stacks.har,
 * captured by tests/e2e/stacks.e2e.ts with WRITE_STACK_HAR=1; stacks.cases.json says
 * which case each URL was): the response is hidden, so each refused handshake must get
 * the likely causes for its status and the one command that tells them apart; a request
 * that never went out (wss:// to a plain port) is not judged, and no HTTP/2 is guessed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import type { Report } from '../../../../src/core/model.js';
import { parseHar } from '../../../../src/sources/har/parse.js';
import { CASES } from '../../../stacks/cases.js';
import { diagnosisOf } from '../../../stacks/diagnoses.js';

const DIR = fileURLToPath(new URL('../../../fixtures/browsers/chromium/', import.meta.url));
const CASE_OF: Record<string, string> = JSON.parse(readFileSync(`${DIR}stacks.cases.json`, 'utf8'));

async function reports(): Promise<Report[]> {
  const parsed = parseHar(readFileSync(`${DIR}stacks.har`, 'utf8'), 'stacks.har');
  if (!parsed.ok) throw new Error(parsed.error);
  return analyze(parsed.handshakes);
}

describe('Chromium\'s HAR of real stacks', async () => {
  const all = await reports();

  it('holds every stack the capture opened', () => {
    expect(all.map((r) => r.url).sort()).toEqual(Object.keys(CASE_OF).sort());
  });

  for (const report of all) {
    const id = CASE_OF[report.url]!;
    const diagnosis = diagnosisOf(CASES.find((c) => c.id === id)!);
    it(`${id}: ${diagnosis.chromium ? diagnosis.chromium.reason : 'accepted'}`, () => {
      if (!diagnosis.chromium) {
        expect(report.verdict).toBe('pass');
        expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
        return;
      }
      expect(report.verdict).toBe('fail');
      expect(report.browserError).toContain(typeof diagnosis.chromium.reason === 'string' ? diagnosis.chromium.reason : '');
      const text = report.findings.map((f) => `${f.message}\n${f.fix}`).join('\n');
      expect(text).toContain(diagnosis.chromium.cause);
      if (report.browserError?.startsWith('Unexpected response code')) {
        expect(report.findings.filter((f) => f.severity === 'fail').map((f) => f.rule)).toEqual(['status-not-101']);
        const status = report.findings.find((f) => f.rule === 'status-not-101')!;
        expect(status.message).toMatch(/most often first:\n1\. /);
        expect(status.fix).toContain(`ws-handshake probe --key ${report.key}`);
        expect(status.fix).toContain(report.url);
      } else {
        // Never sent, or nothing came back: the missing response only; no request rules, no h2 guess.
        expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
        expect(report.transport).not.toBe('h2');
      }
    });
  }

  it('a wss:// handshake to a plain port is not judged as a request: no Host, version or HTTP/2 findings', () => {
    const tls = all.filter((r) => r.browserError === 'Error in connection establishment: net::ERR_SSL_PROTOCOL_ERROR');
    expect(tls.length).toBeGreaterThanOrEqual(2);
    for (const report of tls) {
      expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
      expect(report.transport).toBe('unknown');
      expect(report.handshake.requestSent).toBe(false);
      expect(report.findings[0]!.message).toContain('The request was never sent');
      expect(report.findings[0]!.message).toContain('wss:// to a port that speaks plain HTTP');
    }
  });
});
