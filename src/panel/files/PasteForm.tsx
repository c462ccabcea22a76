/** The paste dialog, loaded on first use (loaders.ts): raw handshake text or HAR JSON, analysed like a capture. */
import { useState } from 'preact/hooks';
import { useStore } from '../store/context.js';
import { importPastedText } from './imports.js';
import { Dialog } from './Dialog.js';

const PLACEHOLDER = `GET /chat HTTP/1.1
Host: example.com
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
Sec-WebSocket-Version: 13

HTTP/1.1 101 Switching Protocols
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`;

/** Paste raw handshake text (or HAR JSON) and get the same analysis as a capture; rows are named `paste N`. */
export function PasteForm({ initial }: { initial: string }) {
  const store = useStore();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = (): void => {
    store.dialogs.closePaste();
  };

  const submit = async (): Promise<void> => {
    if (text.trim() === '') {
      setError('Paste a request, a response, or both first.');
      return;
    }
    setBusy(true);
    setError(null);
    const before = new Set(store.rows.value.map((row) => row.id));
    const outcome = await importPastedText(store, text);
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    // Show what the paste gave: select its first row.
    const added = store.rows.value.find((row) => !before.has(row.id));
    if (added) store.select(added.id);
    close();
  };

  return (
    <Dialog class="paste-dialog" titleId="paste-title" testid="paste-dialog" onClose={close} initialFocus="textarea">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="paste-title">Paste a handshake</h2>
        <p class="hint">
          The request (request line and headers), the response (status line and headers), or both, as copied from a terminal
          (curl -v), tcpdump or a server log; or HAR JSON. Nothing leaves this panel.
        </p>
        <textarea
          spellcheck={false}
          rows={14}
          value={text}
          placeholder={PLACEHOLDER}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            }
          }}
          aria-label="Handshake text"
          data-testid="paste-text"
        />
        {error && (
          <p class="dialog-error" role="alert" data-testid="paste-error">
            {error}
          </p>
        )}
        <div class="dialog-buttons">
          <button type="button" onClick={close} data-testid="paste-cancel">
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy} data-testid="paste-submit">
            {busy ? 'Analysing…' : 'Analyse'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
