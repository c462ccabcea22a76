import { useRef } from 'preact/hooks';
import { store } from './store.js';
import { loadImports } from './offline-loaders.js';
import { openPasteDialog } from './PasteDialog.js';

/** File types the picker offers: HAR (JSON) and raw handshake text; anything can still be dropped. */
const ACCEPT = '.har,.json,.txt,.log,.http,application/json,text/plain';

/** Import… (file picker, several files at once) and Paste… in the toolbar; dropping files anywhere works too (offline.ts). */
export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        class="tool"
        title="Import a HAR (Chrome, Firefox, mitmproxy, Charles, Fiddler…) or raw handshake text. You can also drop files on the panel."
        aria-label="Import"
        onClick={() => input.current?.click()}
        data-testid="import-button"
      >
        <span aria-hidden="true">↑</span>
        <span class="tool-word">Import</span>
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        multiple
        hidden
        data-testid="import-input"
        onChange={(e) => {
          const element = e.currentTarget as HTMLInputElement;
          const files = element.files ? [...element.files] : [];
          // Reset first, so choosing the same file again imports it again.
          element.value = '';
          if (files.length > 0) void loadImports().then((imports) => imports.importFiles(store, files));
        }}
      />
      <button
        type="button"
        class="tool"
        title="Paste a raw handshake (request and/or response, from a terminal, tcpdump or a server log) or HAR JSON"
        aria-label="Paste handshake"
        onClick={() => openPasteDialog('')}
        data-testid="paste-button"
      >
        <span aria-hidden="true">✎</span>
        <span class="tool-word">Paste</span>
      </button>
    </>
  );
}
