// The bad-file table (tests/fixtures/bad/cases.ts) through the panel's import (import-core, the
// worker's job, run in-thread here with File objects as a picker gives them): the same message
// as the CLI, and no rows. The huge valid ones import (or say they hold no handshake).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../../../src/panel/files/import-core.js';
import type { ImportEvent } from '../../../../src/panel/files/import-protocol.js';
import { BAD_CASES, BAD_DIR, makeGenerated } from '../../../fixtures/bad/cases.js';

let dir = '';
let generated = new Map<string, string>();
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bad-imports-'));
  generated = makeGenerated(dir);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importFile(path: string): Promise<{ error: string | null; reports: number; progress: number }> {
  const file = new File([readFileSync(path)], basename(path));
  let error: string | null = null;
  let reports = 0;
  let progress = 0;
  await runImport({ name: file.name, kind: 'auto', data: file }, (event: ImportEvent) => {
    if (event.type === 'error') error = event.message;
    else if (event.type === 'reports') reports += event.reports.length;
    else if (event.type === 'progress') progress++;
  });
  return { error, reports, progress };
}

describe('bad files in the panel import', () => {
  it.each(BAD_CASES.filter((c) => !c.cliOnly))('$file → its message, no rows', async (c) => {
    const outcome = await importFile(c.generated ? generated.get(c.file)! : join(BAD_DIR, c.file));
    if (c.message !== null) {
      expect(outcome.error).toBe(c.message);
      expect(outcome.reports).toBe(0);
    } else {
      expect(outcome.error).toBe(c.panelMessage ?? null);
      expect(outcome.reports).toBe(c.handshakes);
    }
    expect(outcome.progress).toBeGreaterThan(0);
  }, 60_000);
});
