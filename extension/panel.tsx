// The panel page: creates the one store, links it to the devtools page, and renders the Preact face.
import { render } from 'preact';
import { effect } from '@preact/signals';
import { App } from '../src/panel/App.js';
import { connect } from '../src/panel/store/connection.js';
import { StoreContext } from '../src/panel/store/context.js';
import { PanelStore } from '../src/panel/store/store.js';
import type { CapturedEntry } from '../src/sources/devtools/entry.js';
import type { HarStats } from '../src/sources/devtools/link.js';
import { installFirefoxEscape, toolboxOf } from '../src/sources/devtools/toolbox-keys.js';
import '../src/panel/panel.css';

const store = new PanelStore();
effect(() => {
  document.documentElement.dataset.theme = store.theme.value;
});
connect(store, location.search);
// Firefox's toolbox reads a consumed Escape the other way round (toolbox-keys.ts).
if (toolboxOf(location.protocol) === 'firefox') installFirefoxEscape(window);
render(
  <StoreContext.Provider value={store}>
    <App />
  </StoreContext.Provider>,
  document.getElementById('app')!,
);

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
