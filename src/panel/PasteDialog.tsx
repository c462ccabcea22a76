import { signal } from '@preact/signals';
import { loadPasteForm } from './offline-loaders.js';
import { useLoaded } from './lazy.js';

/** The text the dialog opens with; null while it is closed. */
export const pasteDialogText = signal<string | null>(null);

export function openPasteDialog(text: string): void {
  pasteDialogText.value = text;
}

/** Paste raw handshake text (or HAR JSON) and get the same analysis as a capture; rows are named `paste N`. The form loads on first open. */
export function PasteDialog() {
  const initial = pasteDialogText.value;
  const loaded = useLoaded(loadPasteForm, initial !== null);
  if (initial === null || !loaded) return null;
  return <loaded.PasteForm initial={initial} />;
}
