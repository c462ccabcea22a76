/**
 * Files dropped anywhere on the panel are imported; text dropped is analysed as a
 * paste; Ctrl+V outside text fields opens the paste dialog with the clipboard
 * text. Light, at open: the import code loads on the first drop.
 */
import { loadImports } from '../loaders.js';
import type { PanelStore } from '../store/store.js';

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Installs the listeners on `root`; returns what removes them. */
export function installFileDrop(store: PanelStore, root: Document): () => void {
  const { dialogs } = store;
  // enter/leave fire for every child the pointer crosses, so count them.
  let depth = 0;
  const onDragEnter = (event: DragEvent): void => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    dialogs.dragActive.value = true;
  };
  const onDragOver = (event: DragEvent): void => {
    if (!hasFiles(event) && !event.dataTransfer?.types.includes('text/plain')) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (): void => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dialogs.dragActive.value = false;
  };
  const onDrop = (event: DragEvent): void => {
    depth = 0;
    dialogs.dragActive.value = false;
    const transfer = event.dataTransfer;
    if (!transfer) return;
    const files = [...transfer.files];
    if (files.length > 0) {
      event.preventDefault();
      void loadImports().then((imports) => imports.importFiles(store, files));
      return;
    }
    const text = transfer.getData('text/plain');
    if (text.trim() !== '' && !isTextField(event.target)) {
      event.preventDefault();
      void loadImports().then((imports) => imports.importPastedText(store, text));
    }
  };
  // Ctrl+V with the list focused: the clipboard text goes into the paste dialog, to check before analysing.
  const onPaste = (event: ClipboardEvent): void => {
    if (isTextField(event.target) || root.querySelector('dialog[open]')) return;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (text.trim() === '') return;
    event.preventDefault();
    dialogs.openPaste(text);
  };
  root.addEventListener('dragenter', onDragEnter);
  root.addEventListener('dragover', onDragOver);
  root.addEventListener('dragleave', onDragLeave);
  root.addEventListener('drop', onDrop);
  root.addEventListener('paste', onPaste);
  return () => {
    root.removeEventListener('dragenter', onDragEnter);
    root.removeEventListener('dragover', onDragOver);
    root.removeEventListener('dragleave', onDragLeave);
    root.removeEventListener('drop', onDrop);
    root.removeEventListener('paste', onPaste);
  };
}
