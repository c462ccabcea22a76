import { durationText } from '../shared/format.js';
import { useStore } from '../store/context.js';
import type { PanelStore } from '../store/store.js';
import { ExportButton, ImportButton, PasteButton } from './FileButtons.js';
import { ScheduleNote } from './ScheduleNote.js';
import { VerdictChips } from './VerdictChips.js';

function refreshTitle(store: PanelStore): string {
  const stats = store.harStats.value;
  if (!stats || stats.costMs === null) return 'Refresh: read the whole DevTools network log now (also lists sockets still open)';
  return `Refresh: read the whole DevTools network log now. Last read took ${durationText(stats.costMs)}; it is re-read every ${durationText(stats.intervalMs)} while this tab is shown${stats.heavy ? ' (a heavy page: reads stay within ' + Math.round(stats.budget * 100) + ' % of the time)' : ''}.`;
}

/**
 * Two one-line bars, as the Network panel has: the capture (Clear, Preserve log,
 * Refresh, Import/Paste/Export, the count) and the filter (text and verdict).
 */
export function Toolbar() {
  const store = useStore();
  const listed = store.visibleRows.value.length;
  const total = store.rows.value.length;
  const stats = store.harStats.value;
  return (
    <div class="toolbars">
      <div class="toolbar" role="toolbar" aria-label="Capture">
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
          <span class="tool-word">Preserve log</span>
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
        <ImportButton />
        <PasteButton />
        <ExportButton />
        <span class="count" data-testid="handshake-count" data-count={listed} data-total={total}>
          {listed === total ? `${total} handshake${total === 1 ? '' : 's'}` : `${listed} of ${total}`}
        </span>
      </div>
      <div class="toolbar filter-bar" role="toolbar" aria-label="Filter">
        <input
          type="search"
          class="filter"
          placeholder="Filter URL, rule, status"
          aria-label="Filter"
          value={store.filterText.value}
          onInput={(e) => (store.filterText.value = (e.currentTarget as HTMLInputElement).value)}
          data-testid="filter"
        />
        <VerdictChips />
        <ScheduleNote />
      </div>
    </div>
  );
}
