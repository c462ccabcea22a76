/** The panel: toolbar, import banner, the list (or why it is empty), the detail of the selected row, and the dialogs. */
import { useEffect } from 'preact/hooks';
import { DropOverlay } from './list/DropOverlay.js';
import { DroppedNotice } from './list/DroppedNotice.js';
import { EmptyState } from './list/EmptyState.js';
import { HandshakeList } from './list/HandshakeList.js';
import { PartialNotice } from './list/PartialNotice.js';
import { installFileDrop } from './list/file-drop.js';
import { Toolbar } from './list/Toolbar.js';
import { loadDetail, loadExportDialog, loadImportStatus, loadPasteForm } from './loaders.js';
import { useLoaded } from './shared/lazy.js';
import { useStore } from './store/context.js';

export function App() {
  const store = useStore();
  const selected = store.selectedRow.value;
  const detail = useLoaded(loadDetail, selected !== null);
  const { imports, dialogs } = store;
  const importStatus = useLoaded(loadImportStatus, imports.current.value !== null || imports.notices.value.length > 0);
  const pasteText = dialogs.pasteText.value;
  const pasteForm = useLoaded(loadPasteForm, pasteText !== null);
  const exportDialog = useLoaded(loadExportDialog, dialogs.exportOpen.value);
  useEffect(() => installFileDrop(store, document), [store]);
  const empty = store.listEmpty.value;
  return (
    <main class={`panel${selected ? ' with-detail' : ''}`} data-testid="panel">
      <h1 class="offscreen">WS Handshakes: WebSocket opening handshakes of the inspected page</h1>
      <Toolbar />
      <PartialNotice />
      {importStatus && <importStatus.ImportStatus />}
      <DroppedNotice />
      <div class="body">
        {empty ? <EmptyState /> : <HandshakeList />}
        {selected && detail && <detail.HandshakeDetail key={selected.id} row={selected} />}
      </div>
      <DropOverlay />
      {pasteText !== null && pasteForm && <pasteForm.PasteForm initial={pasteText} />}
      {dialogs.exportOpen.value && exportDialog && <exportDialog.ExportDialog />}
    </main>
  );
}
