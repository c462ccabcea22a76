/** Code the panel loads on first use (import()), and a hook that renders it once loaded. */
import { useEffect, useState } from 'preact/hooks';

/** Runs `load` once; later calls share its promise (a failed load is tried again next time). */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}

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
