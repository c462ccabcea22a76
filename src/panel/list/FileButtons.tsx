/** Import, Paste and Export in the toolbar; the code behind them loads on first use (loaders.ts). */
import { useRef } from 'preact/hooks';
import { loadImports } from '../loaders.js';
import { useStore } from '../store/context.js';

/** File types the picker offers: HAR (JSON) and raw handshake text; anything can still be dropped. */
const ACCEPT = '.har,.json,.txt,.log,.http,application/json,text/plain';

export function ImportButton() {
  const store = useStore();
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
    </>
  );
}

export function PasteButton() {
  const store = useStore();
  return (
    <button
      type="button"
      class="tool"
      title="Paste a raw handshake (request and/or response, from a terminal, tcpdump or a server log) or HAR JSON"
      aria-label="Paste handshake"
      onClick={() => store.dialogs.openPaste('')}
      data-testid="paste-button"
    >
      <span aria-hidden="true">✎</span>
      <span class="tool-word">Paste</span>
    </button>
  );
}

export function ExportButton() {
  const store = useStore();
  return (
    <button
      type="button"
      class="tool"
      title="Export the report: JSON, Markdown for an issue tracker, or a HAR of the WebSocket entries (secrets redacted by default)"
      aria-label="Export"
      disabled={store.visibleRows.value.length === 0}
      onClick={() => (store.dialogs.exportOpen.value = true)}
      data-testid="export-button"
    >
      <span aria-hidden="true">↓</span>
      <span class="tool-word">Export</span>
    </button>
  );
}
