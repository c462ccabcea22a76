import { durationText } from '../shared/format.js';
import { useStore } from '../store/context.js';
import type { PanelStore, VerdictFilter } from '../store/store.js';
import { ExportButton, ImportButton, PasteButton } from './FileButtons.js';

const VERDICTS: readonly { value: VerdictFilter; word: string; icon: string }[] = [
  { value: 'all', word: 'All', icon: '' },
  { value: 'fail', word: 'Fail', icon: '✕' },
  { value: 'warn', word: 'Warn', icon: '⚠' },
  { value: 'pass', word: 'Pass', icon: '✓' },
];

function refreshTitle(store: PanelStore): string {
  const stats = store.harStats.value;
  if (!stats || stats.costMs === null) return 'Refresh: read the whole DevTools network log now (also lists sockets still open)';
  return `Refresh: read the whole DevTools network log now. Last read took ${durationText(stats.costMs)}; it is re-read every ${durationText(stats.intervalMs)} while this tab is shown.`;
}

/** Clear, Preserve log, Refresh, the filter, the verdict chips, Import/Paste/Export and the count. */
export function Toolbar() {
  const store = useStore();
  const listed = store.visibleRows.value.length;
  const total = store.rows.value.length;
  const counts = store.counts.value;
  const stats = store.harStats.value;
  return (
    <div class="toolbar" role="toolbar" aria-label="Handshake list">
      <button type="button" class="tool" title="Clear the list" aria-label="Clear" onClick={() => store.clear()} data-testid="clear">
        <span aria-hidden="true">⊘</span>
        <span class="tool-word">Clear</span>
      </button>
      <label class="tool check" title="Keep the list when the page navigates">
        <input
          type="checkbox"
          checked={store.preserveLog.value}
          onChange={(e) => store.setPreserveLog((e.currentTarget as HTMLInputElement).checked)}
          data-testid="preserve-log"
        />
        Preserve log
      </label>
      <button
        type="button"
        class="tool"
        title={refreshTitle(store)}
        aria-label="Refresh"
        onClick={() => store.refresh()}
        data-testid="refresh"
        data-har-runs={stats?.runs}
        data-har-ms={stats ? Math.round(stats.totalRunMs) : undefined}
      >
        <span aria-hidden="true">⟳</span>
        <span class="tool-word">Refresh</span>
      </button>
      <span class="separator" />
      <input
        type="search"
        class="filter"
        placeholder="Filter URL, rule, status"
        aria-label="Filter"
        value={store.filterText.value}
        onInput={(e) => (store.filterText.value = (e.currentTarget as HTMLInputElement).value)}
        data-testid="filter"
      />
      <div class="verdict-filter" role="radiogroup" aria-label="Verdict">
        {VERDICTS.map((v) => {
          const n = v.value === 'all' ? total : counts[v.value];
          return (
            <button
              type="button"
              role="radio"
              aria-checked={store.verdictFilter.value === v.value}
              class={`chip verdict-${v.value}${store.verdictFilter.value === v.value ? ' on' : ''}`}
              onClick={() => (store.verdictFilter.value = v.value)}
              data-testid={`verdict-filter-${v.value}`}
              title={`Show ${v.value === 'all' ? 'every verdict' : `only ${v.word.toLowerCase()}`}`}
            >
              {v.icon && <span aria-hidden="true">{v.icon} </span>}
              {v.word}
              {v.value !== 'all' && n > 0 && <span class="chip-count"> {n}</span>}
            </button>
          );
        })}
      </div>
      <div class="toolbar-slot">
        <ImportButton />
        <PasteButton />
        <ExportButton />
      </div>
      <span class="count" data-testid="handshake-count" data-count={listed} data-total={total}>
        {listed === total ? `${total} handshake${total === 1 ? '' : 's'}` : `${listed} of ${total} handshakes`}
      </span>
    </div>
  );
}
