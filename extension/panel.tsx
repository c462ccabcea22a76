// The panel page: the Preact face, fed by the devtools page (src/panel/connection.ts).
import { render } from 'preact';
import { effect } from '@preact/signals';
import { App } from '../src/panel/App.js';
import { store } from '../src/panel/store.js';
import { connect } from '../src/panel/connection.js';
import { installOffline } from '../src/panel/offline.js';
import type { CapturedEntry, HarStats } from '../src/sources/devtools-link.js';
import '../src/panel/panel.css';

effect(() => {
  document.documentElement.dataset.theme = store.theme.value;
});
connect(store, location.search);
installOffline(store);
render(<App />, document.getElementById('app')!);

// An automation hook (tests, the bench, users' own scripts): add entries as if captured.
declare global {
  interface Window {
    wsHandshakes?: { addEntries(entries: readonly CapturedEntry[]): Promise<void>; rowCount(): number; harStats(): HarStats | null };
  }
}
window.wsHandshakes = {
  addEntries: (entries) => store.addLiveEntries(entries),
  rowCount: () => store.rows.value.length,
  harStats: () => store.harStats.value,
};
