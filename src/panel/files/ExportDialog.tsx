/** The export dialog (format, redaction, download or copy), loaded on first use (loaders.ts). */
import { useState } from 'preact/hooks';
import type { Row } from '../store/store.js';
import { useStore } from '../store/context.js';
import { copyText } from '../shared/CopyButton.js';
import { EXPORT_LABELS, buildExport, type ExportFile, type ExportKind } from './exports.js';
import { Dialog } from './Dialog.js';

const KINDS: readonly ExportKind[] = ['json', 'markdown-one', 'markdown-all', 'har'];

/** The extension's version, for the exports' creator fields. */
function extensionVersion(): string {
  const api = (globalThis as { chrome?: { runtime?: { getManifest?: () => { version?: string } } } }).chrome;
  try {
    return api?.runtime?.getManifest?.().version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Saves text as a file: a Blob URL on an `<a download>` (no permission needed). */
export function downloadFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: `${file.mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.className = 'offscreen';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportDialog() {
  const store = useStore();
  const selected = store.selectedRow.value;
  const listed = store.visibleRows.value;
  const [kind, setKind] = useState<ExportKind>(selected ? 'markdown-one' : 'markdown-all');
  // Mounted afresh on each open, so redaction starts on for every export.
  const [redact, setRedact] = useState(true);
  const [status, setStatus] = useState<string | null>(null);

  const close = (): void => {
    store.dialogs.exportOpen.value = false;
  };

  const items = (): readonly Row[] => (kind === 'markdown-one' ? (selected ? [selected] : []) : listed);
  const build = (): ExportFile => buildExport({ kind, items: items(), redact, version: extensionVersion() });
  const count = kind === 'markdown-one' ? (selected ? 1 : 0) : listed.length;
  const blocked = count === 0;

  const exported = (what: string): void => {
    setStatus(`${what}${redact ? ' (secrets redacted)' : ' (secrets NOT redacted)'}`);
    // Turning redaction off lasts one export.
    setRedact(true);
  };

  return (
    <Dialog class="export-dialog" titleId="export-title" testid="export-dialog" onClose={close} initialFocus='input[name="export-kind"]:checked'>
      <h2 id="export-title">Export</h2>
      <fieldset>
        <legend>Format</legend>
        {KINDS.map((k) => {
          const disabled = k === 'markdown-one' && !selected;
          return (
            <label key={k} class={disabled ? 'disabled' : undefined} title={disabled ? 'Select a handshake in the list first' : undefined}>
              <input
                type="radio"
                name="export-kind"
                value={k}
                checked={kind === k}
                disabled={disabled}
                onChange={() => {
                  setKind(k);
                  setStatus(null);
                }}
                data-testid={`export-kind-${k}`}
              />
              {EXPORT_LABELS[k]}
              {k !== 'markdown-one' && <span class="hint"> ({listed.length} listed)</span>}
            </label>
          );
        })}
      </fieldset>
      <label class="redact" title="Masks Cookie, Set-Cookie, Authorization, Proxy-Authorization, credential-like query parameters and URL user info">
        <input type="checkbox" checked={redact} onChange={(e) => setRedact((e.currentTarget as HTMLInputElement).checked)} data-testid="export-redact" />
        Redact secrets (cookies, authorization, tokens and keys in URLs)
      </label>
      {!redact && (
        <p class="dialog-warning" role="note" data-testid="export-unredacted-warning">
          This export will contain credentials. Share it only with people who may see them.
        </p>
      )}
      {status && (
        <p class="hint" role="status" data-testid="export-status">
          {status}
        </p>
      )}
      <div class="dialog-buttons">
        <button type="button" onClick={close} data-testid="export-close">
          Close
        </button>
        <button
          type="button"
          disabled={blocked}
          onClick={async () => {
            const file = build();
            const copied = await copyText(file.text);
            if (copied) exported('Copied to the clipboard');
            else setStatus('Copy failed: use Download instead.');
          }}
          data-testid="export-copy"
        >
          Copy
        </button>
        <button
          type="button"
          class="primary"
          disabled={blocked}
          onClick={() => {
            const file = build();
            downloadFile(file);
            exported(`Saved ${file.fileName}`);
          }}
          data-testid="export-download"
        >
          Download
        </button>
      </div>
    </Dialog>
  );
}
