import { useStore } from '../store/context.js';
import type { ImportJob } from '../store/imports.js';
import './import-status.css';

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(bytes >= 10_485_760 ? 0 : 1);
}

function progressText(job: ImportJob): { text: string; value: number | null } {
  const p = job.progress;
  if (!p || p.phase === 'reading') {
    const read = p?.bytesRead ?? 0;
    const total = p?.totalBytes ?? 0;
    // A big HAR's handshakes are analysed and listed while it is still read.
    const listed = (p?.handshakesDone ?? 0) > 0 ? ` (${p!.handshakesDone} handshakes so far)` : '';
    return total > 0 ? { text: `Reading ${job.name}: ${megabytes(read)} of ${megabytes(total)} MB${listed}`, value: read / total } : { text: `Reading ${job.name}…${listed}`, value: null };
  }
  if (p.phase === 'parsing') return { text: `Parsing ${job.name} (${megabytes(p.totalBytes)} MB)…`, value: null };
  return {
    text: `Analysing ${job.name}: ${p.handshakesDone} of ${p.handshakesTotal} handshakes (${p.entriesTotal} entries in the file)`,
    value: p.handshakesTotal > 0 ? p.handshakesDone / p.handshakesTotal : null,
  };
}

/** Under the toolbar: the running import's progress, and what finished imports gave (errors stay until dismissed). */
export function ImportStatus() {
  const { imports } = useStore();
  const job = imports.current.value;
  const notices = imports.notices.value;
  if (!job && notices.length === 0) return null;
  const progress = job ? progressText(job) : null;
  return (
    <div class="import-status">
      {job && progress && (
        <div
          class="import-progress"
          role="status"
          data-testid="import-progress"
          data-name={job.name}
          data-phase={job.progress?.phase ?? 'reading'}
          data-bytes-read={job.progress?.bytesRead ?? 0}
          data-total-bytes={job.progress?.totalBytes ?? 0}
          data-done={job.progress?.handshakesDone ?? 0}
          data-total={job.progress?.handshakesTotal ?? 0}
        >
          <progress max={1} value={progress.value ?? undefined} />
          <span class="import-progress-text">{progress.text}</span>
          <button type="button" onClick={() => imports.cancel()} data-testid="import-cancel">
            Cancel
          </button>
        </div>
      )}
      {notices.map((n) => (
        <div
          key={n.id}
          class={`import-notice ${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid={n.kind === 'error' ? 'import-error' : 'import-result'}
          data-name={n.name}
          data-runner={n.runner}
          data-ms={n.ms}
        >
          <span aria-hidden="true">{n.kind === 'error' ? '✕ ' : '✓ '}</span>
          {n.kind === 'error' ? (
            <span>
              Could not import <strong>{n.name}</strong>: <span data-testid="import-error-message">{n.message}</span>. Rows already listed are kept.
            </span>
          ) : (
            <span>{n.message}</span>
          )}
          <button type="button" class="close" aria-label="Dismiss" title="Dismiss" onClick={() => imports.dismiss(n.id)} data-testid="import-dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
