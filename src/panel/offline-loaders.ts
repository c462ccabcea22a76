/**
 * The offline UI's code is loaded on first use (import(), its own chunks), so
 * the panel opens with only the capture view: the toolbar buttons, the drop
 * handler and Ctrl+V stay here and fetch the rest when the user reaches for it.
 */
import { useEffect, useState } from 'preact/hooks';
import { bannerExtras } from './App.js';

/** Runs `load` once; later calls share its promise (a failed load is tried again next time). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}

/** The import controller; its progress bar and notices join the banner when it first loads. */
export const loadImports = once(async () => {
  const [imports, status] = await Promise.all([import('./imports.js'), import('./ImportStatus.js')]);
  if (!bannerExtras.value.includes(status.ImportStatus)) bannerExtras.value = [...bannerExtras.value, status.ImportStatus];
  return imports;
});

export const loadExportDialog = once(() => import('./ExportDialog.js'));

export const loadPasteForm = once(() => import('./PasteForm.js'));

/** The module `load` gives, once `wanted` has been true (null until it has loaded). */
export function useLoaded<T>(load: () => Promise<T>, wanted: boolean): T | null {
  const [loaded, setLoaded] = useState<T | null>(null);
  useEffect(() => {
    if (!wanted || loaded) return;
    let mounted = true;
    load().then(
      (module) => mounted && setLoaded(() => module),
      (error: unknown) => console.error('WS Handshakes: could not load a part of the panel', error),
    );
    return () => {
      mounted = false;
    };
  }, [wanted, loaded]);
  return loaded;
}
