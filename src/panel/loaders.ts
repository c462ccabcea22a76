/**
 * The offline UI's code is loaded on first use (import(), its own chunks), so
 * the panel opens with only the capture view: the toolbar buttons, the drop
 * handler and Ctrl+V stay here and fetch the rest when the user reaches for it.
 */
import { bannerExtras } from './App.js';
import { once } from './lazy.js';

/** The import controller; its progress bar and notices join the banner when it first loads. */
export const loadImports = once(async () => {
  const [imports, status] = await Promise.all([import('./imports.js'), import('./ImportStatus.js')]);
  if (!bannerExtras.value.includes(status.ImportStatus)) bannerExtras.value = [...bannerExtras.value, status.ImportStatus];
  return imports;
});

export const loadExportDialog = once(() => import('./ExportDialog.js'));

export const loadPasteForm = once(() => import('./PasteForm.js'));
