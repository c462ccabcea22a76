// The panel's side of the capture cap: dropped live rows go (after analyses queued before them), the
// count is kept for the notice, imported rows stay, a reset clears the count.
import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../../src/panel/store/store.js';
import { entryKey } from '../../../../src/sources/devtools/entry.js';
import { chromeRefused } from '../../sources/devtools/entries.js';

const refused = (i: number) => chromeRefused(`ws://127.0.0.1:9/storm/${i}`, 1_000 + i);

describe('PanelStore.dropLiveRows', () => {
  it('removes the dropped live rows, keeps the rest in order, and counts the drops', async () => {
    const store = new PanelStore();
    const entries = [0, 1, 2, 3].map(refused);
    void store.addLiveEntries(entries);
    // Sent before the analysis finished: the drop still applies after it.
    await store.dropLiveRows([entryKey(entries[0]!), entryKey(entries[1]!)], 2);
    expect(store.rows.value.map((r) => r.report.url)).toEqual(['ws://127.0.0.1:9/storm/2', 'ws://127.0.0.1:9/storm/3']);
    expect(store.droppedCount.value).toBe(2);
  });

  it('closes the detail of a dropped row; a reset clears the count', async () => {
    const store = new PanelStore();
    const entries = [0, 1].map(refused);
    await store.addLiveEntries(entries);
    store.select(store.rows.value[0]!.id);
    await store.dropLiveRows([entryKey(entries[0]!)], 1);
    expect(store.selectedId.value).toBeNull();
    store.reset('live');
    expect(store.droppedCount.value).toBe(0);
  });

  it('a dropped handshake reported again is listed again as a new row', async () => {
    const store = new PanelStore();
    const entry = refused(0);
    await store.addLiveEntries([entry]);
    await store.dropLiveRows([entryKey(entry)], 1);
    await store.addLiveEntries([entry]);
    expect(store.rows.value).toHaveLength(1);
  });
});
