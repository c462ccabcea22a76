/**
 * Offline analysis in the panel: Import / Paste / Export in the toolbar, the
 * import progress and notices under it, the paste dialog, a drop zone over the
 * whole panel, and Ctrl+V on the panel (outside text fields) opening the paste
 * dialog with the clipboard text. Installed once by extension/panel.tsx; the
 * dialogs and the import code load on first use (offline-loaders.ts).
 */
import { render } from 'preact';
import { signal } from '@preact/signals';
import { toolbarExtras } from './App.js';
import type { PanelStore } from './store.js';
import { ImportButton } from './ImportButton.js';
import { ExportMenu } from './ExportMenu.js';
import { PasteDialog, openPasteDialog } from './PasteDialog.js';
import { loadImports } from './offline-loaders.js';
import './offline.css';

/** True while files are dragged over the panel, for the drop overlay. */
export const dragActive = signal(false);

function DropOverlay() {
  if (!dragActive.value) return null;
  return (
    <div class="drop-overlay" data-testid="drop-overlay">
      <div>Drop HAR files or handshake text to analyse them here</div>
    </div>
  );
}

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function installOffline(target: PanelStore, root: Document = document): void {
  toolbarExtras.value = [...toolbarExtras.value, ImportButton, ExportMenu];
  // The import progress and notices join the banner when the import code first loads (offline-loaders.ts).

  const layer = root.createElement('div');
  layer.className = 'offline-layer';
  root.body.append(layer);
  render(
    <>
      <DropOverlay />
      <PasteDialog />
    </>,
    layer,
  );

  // The whole panel is a drop zone; enter/leave fire for every child, so count them.
  let depth = 0;
  root.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    dragActive.value = true;
  });
  root.addEventListener('dragover', (event) => {
    if (!hasFiles(event) && !event.dataTransfer?.types.includes('text/plain')) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  root.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragActive.value = false;
  });
  root.addEventListener('drop', (event) => {
    depth = 0;
    dragActive.value = false;
    const transfer = event.dataTransfer;
    if (!transfer) return;
    const files = [...transfer.files];
    if (files.length > 0) {
      event.preventDefault();
      void loadImports().then((imports) => imports.importFiles(target, files));
      return;
    }
    const text = transfer.getData('text/plain');
    if (text.trim() !== '' && !isTextField(event.target)) {
      event.preventDefault();
      void loadImports().then((imports) => imports.importPastedText(target, text));
    }
  });
  // Ctrl+V with the list focused: the clipboard text goes into the paste dialog to check before analysing.
  root.addEventListener('paste', (event) => {
    if (isTextField(event.target) || root.querySelector('dialog[open]')) return;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (text.trim() === '') return;
    event.preventDefault();
    openPasteDialog(text);
  });
}
