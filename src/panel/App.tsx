import { signal, type Signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { store } from './store.js';
import { Toolbar } from './Toolbar.js';
import { HandshakeList } from './HandshakeList.js';
import { once, useLoaded } from './lazy.js';
import { EmptyState } from './EmptyState.js';

/** Buttons other parts add to the toolbar (import, export), without editing it. */
export const toolbarExtras: Signal<readonly ComponentType[]> = signal([]);
/** Bars other parts show under the toolbar (import progress and notices), without editing it. */
export const bannerExtras: Signal<readonly ComponentType[]> = signal([]);

/** The detail view loads with the first selection: the panel opens with the list only. */
const loadDetail = once(() => import('./HandshakeDetail.js'));

export function App() {
  const selected = store.selectedRow.value;
  const detail = useLoaded(loadDetail, selected !== null);
  const empty = store.visibleRows.value.length === 0;
  const extras = toolbarExtras.value;
  return (
    <main class={`panel${selected ? ' with-detail' : ''}`} data-testid="panel">
      <Toolbar>{extras.length > 0 ? extras.map((Extra, i) => <Extra key={i} />) : undefined}</Toolbar>
      {bannerExtras.value.map((Banner, i) => <Banner key={i} />)}
      <div class="body">
        {empty ? <EmptyState /> : <HandshakeList />}
        {selected && detail && <detail.HandshakeDetail key={selected.id} row={selected} />}
      </div>
    </main>
  );
}
