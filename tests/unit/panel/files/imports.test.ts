// The panel's import controller with the real store (in-thread runner): rows
// marked with their file, kept entries for the HAR export, notices for results
// and errors, errors never touching listed rows, navigation keeping imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../../src/panel/store/store.js';
import { describeBatch, importFiles, importInput, importPastedText, inThreadRunner } from '../../../../src/panel/files/imports.js';

const corpus = (name: string): string => readFileSync(join(__dirname, '../../../fixtures/corpus', name), 'utf8');
const MITM = 'mitmproxy_savehar_websocket.har';

describe('importInput into the store', () => {
  it('lists imported handshakes marked with the file, remembers their entries, and says what it did', async () => {
    const store = new PanelStore();
    const outcome = await importInput(store, { name: MITM, kind: 'auto', data: new Blob([corpus(MITM)]) }, inThreadRunner);
    expect(outcome).toMatchObject({ ok: true, summary: { handshakes: 3, kind: 'har' } });
    const rows = store.rows.value;
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => typeof r.origin === 'object' && r.origin.file === MITM)).toBe(true);
    expect((rows[0]!.entry as { request: { url: string } }).request.url).toBe(rows[0]!.report.url);
    expect(store.imports.notices.value.at(-1)).toMatchObject({ kind: 'done', name: MITM, runner: 'in-thread', message: `Imported 3 handshakes from ${MITM}.` });
    expect(store.imports.current.value).toBeNull();

    // The same file again replaces its rows instead of doubling them.
    await importInput(store, { name: MITM, kind: 'auto', data: corpus(MITM) }, inThreadRunner);
    expect(store.rows.value).toHaveLength(3);
  });

  it('a bad file leaves the rows as they were and reports the problem', async () => {
    const store = new PanelStore();
    await importInput(store, { name: MITM, kind: 'auto', data: corpus(MITM) }, inThreadRunner);
    const before = store.rows.value;
    const outcome = await importInput(store, { name: 'cut.har', kind: 'auto', data: corpus(MITM).slice(0, 500) }, inThreadRunner);
    expect(outcome.ok).toBe(false);
    expect(store.rows.value).toBe(before);
    expect(store.imports.notices.value.at(-1)).toMatchObject({ kind: 'error', name: 'cut.har' });
    expect(store.imports.notices.value.at(-1)!.message).toMatch(/^not JSON \(truncated\? unexpected end at byte 500\)$/);
  });

  it('navigation (reset live) keeps imported rows; Clear drops them', async () => {
    const store = new PanelStore();
    await importPastedText(store, 'GET /x HTTP/1.1\nHost: a.example\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n', 'paste 9');
    expect(store.rows.value).toHaveLength(1);
    store.reset('live');
    expect(store.rows.value).toHaveLength(1);
    expect(store.rows.value[0]!.origin).toEqual({ file: 'paste 9' });
    store.reset('all');
    expect(store.rows.value).toHaveLength(0);
  });

  it('imports run one after another, rows in the order the files were given', async () => {
    const store = new PanelStore();
    await Promise.all([
      importInput(store, { name: 'a.har', kind: 'auto', data: corpus(MITM) }, inThreadRunner),
      importInput(store, { name: 'b.har', kind: 'auto', data: corpus('gatling_chromium32_play-chat.har') }, inThreadRunner),
    ]);
    expect(store.rows.value.map((r) => (typeof r.origin === 'object' ? r.origin.file : 'live'))).toEqual(['a.har', 'a.har', 'a.har', 'b.har']);
  });

  it('a batch of files gives one notice naming each file and its rows, errors apart, and selects the first imported row', async () => {
    const store = new PanelStore();
    const files = [
      new File([corpus(MITM)], 'a.har'),
      new File(['not JSON'], 'broken.har'),
      new File([corpus('gatling_chromium32_play-chat.har')], 'b.har'),
    ];
    await importFiles(store, files, inThreadRunner);
    const notices = store.imports.notices.value;
    expect(notices.filter((n) => n.kind === 'error').map((n) => n.name)).toEqual(['broken.har']);
    expect(notices.filter((n) => n.kind === 'done')).toEqual([
      expect.objectContaining({ name: 'a.har, b.har', handshakes: 4, message: 'Imported a.har (3 handshakes) and b.har (1 handshake, 9 other entries skipped).' }),
    ]);
    const selected = store.selectedRow.value;
    expect(selected?.origin).toEqual({ file: 'a.har' });
    expect(selected?.id).toBe(store.rows.value[0]!.id);
    // Clear drops the rows and the notices.
    store.clear();
    expect(store.imports.notices.value).toEqual([]);
  });

  it('describeBatch lists one file, two, or more', () => {
    const summary = (handshakes: number) => ({ kind: 'har' as const, handshakes, skipped: 0, bytes: 1, ms: 1 });
    expect(describeBatch([{ name: 'a', summary: summary(1) }])).toBe('Imported a (1 handshake).');
    expect(describeBatch([{ name: 'a', summary: summary(2) }, { name: 'b', summary: summary(0) }, { name: 'c', summary: summary(5) }])).toBe('Imported a (2 handshakes), b (0 handshakes) and c (5 handshakes).');
  });
});
