/** The one way components reach the store: a Preact context set by the panel page (extension/panel.tsx). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelStore } from './store.js';

export const StoreContext = createContext<PanelStore | null>(null);

export function useStore(): PanelStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('WS Handshakes: a component was rendered outside the StoreContext provider');
  return store;
}
