import { useState } from 'preact/hooks';
import { store } from './store.js';
import { loadExportDialog } from './offline-loaders.js';
import { useLoaded } from './lazy.js';

/** Export… in the toolbar: opens the export dialog (its code loads on the first click). */
export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const loaded = useLoaded(loadExportDialog, open);
  const total = store.visibleRows.value.length;
  return (
    <>
      <button
        type="button"
        class="tool"
        title="Export the report: JSON, Markdown for an issue tracker, or a HAR of the WebSocket entries (secrets redacted by default)"
        aria-label="Export"
        disabled={total === 0}
        onClick={() => setOpen(true)}
        data-testid="export-button"
      >
        <span aria-hidden="true">↓</span>
        <span class="tool-word">Export</span>
      </button>
      {open && loaded && <loaded.ExportDialog onClose={() => setOpen(false)} />}
    </>
  );
}

