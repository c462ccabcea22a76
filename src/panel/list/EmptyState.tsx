import { useStore } from '../store/context.js';

/** What an empty list means: DevTools records nothing from before it opened, or the filter hides everything. */
export function EmptyState() {
  const store = useStore();
  const total = store.rows.value.length;
  if (total > 0) {
    return (
      <div class="empty" data-testid="empty-state" data-reason="filtered">
        <p>No handshake matches the filter.</p>
        <button
          type="button"
          onClick={() => store.clearFilters()}
        >
          Clear the filter
        </button>
      </div>
    );
  }
  return (
    <div class="empty" data-testid="empty-state" data-reason="none">
      <p>
        <strong>No WebSocket handshakes recorded yet.</strong>
      </p>
      <p>DevTools records only while it is open: handshakes the page made before that are not shown. Reload the page to capture the ones it makes on load.</p>
      <button type="button" class="primary" onClick={() => store.reloadInspectedPage()} data-testid="reload-page">
        Reload page
      </button>
      {!store.connected.value && <p class="hint">Waiting for the DevTools capture…</p>}
    </div>
  );
}
