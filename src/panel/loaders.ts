/**
 * Every part of the panel loaded on first use (import(), each its own chunk), so
 * the panel opens with only the list: the detail with the first selection, the
 * import code with the first import, each dialog when it first opens.
 */
import { once } from './shared/lazy.js';

export const loadDetail = once(() => import('./detail/HandshakeDetail.js'));

/** The import controller (it starts the worker). */
export const loadImports = once(() => import('./files/imports.js'));

/** The import progress bar and notices, shown once there is something to show. */
export const loadImportStatus = once(() => import('./files/ImportStatus.js'));

export const loadExportDialog = once(() => import('./files/ExportDialog.js'));

export const loadPasteForm = once(() => import('./files/PasteForm.js'));
