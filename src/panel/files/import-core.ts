/**
 * One import, start to end: read the bytes (with progress), tell HAR from raw
 * handshake text, parse with the HAR or raw source, analyse in batches and hand
 * each batch over as soon as it is done. Runs in the import worker so a 100 MB
 * HAR never blocks the panel (SubtleCrypto exists in workers, so analysis runs
 * here too); the panel falls back to running it in-thread when a worker cannot
 * start. No DOM: only Blob, TextDecoder and the core.
 */
import { analyze } from '../../core/analyze.js';
import type { Handshake } from '../../core/model.js';
import { handshakesFromHar, parseHar } from '../../sources/har/parse.js';
import { parseRawHandshake } from '../../sources/raw.js';
import { binaryKind, inputKind } from '../../sources/sniff.js';
import { toPlainReport, type ImportEvent, type ImportInput, type ImportProgress } from './import-protocol.js';

/** Handshakes analysed and handed over per batch: rows appear while the rest is analysed. */
export const ANALYSIS_BATCH = 500;
/** The bytes a file's kind is told from (binaryKind looks at the first 8 KiB). */
const SNIFF_BYTES = 8192;
/** Progress is reported at most this often while reading. */
const PROGRESS_INTERVAL_MS = 50;

type Emit = (event: ImportEvent) => void;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Reads a Blob as UTF-8 text chunk by chunk, reporting bytes read. */
async function readBlob(blob: Blob, onBytes: (bytesRead: number) => void): Promise<{ text: string; head: Uint8Array }> {
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let bytesRead = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytesRead += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    const t = now();
    if (t - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = t;
      onBytes(bytesRead);
    }
  }
  parts.push(decoder.decode());
  onBytes(bytesRead);
  return { text: parts.join(''), head };
}

/** The entry index a HAR handshake's source points at (`file.har#/log/entries/12` → 12). */
function entryIndex(source: string): number | null {
  const match = /\/entries\/(\d+)$/.exec(source);
  return match ? Number(match[1]) : null;
}

function entriesOf(document: unknown): readonly unknown[] {
  if (typeof document !== 'object' || document === null) return [];
  const log = (document as { log?: unknown }).log;
  const holder = typeof log === 'object' && log !== null ? log : document;
  const entries = (holder as { entries?: unknown }).entries;
  return Array.isArray(entries) ? entries : [];
}

/** Runs one import, emitting progress, report batches, then `done` or `error`. Never throws. */
export async function runImport(input: ImportInput, emit: Emit): Promise<void> {
  const started = now();
  const totalBytes = typeof input.data === 'string' ? input.data.length : input.data instanceof ArrayBuffer ? input.data.byteLength : input.data.size;
  let progress: ImportProgress = { phase: 'reading', bytesRead: 0, totalBytes, handshakesDone: 0, handshakesTotal: 0, entriesTotal: 0 };
  const report = (change: Partial<ImportProgress>): void => {
    progress = { ...progress, ...change };
    emit({ type: 'progress', progress });
  };
  try {
    report({});
    let text: string;
    let head: Uint8Array;
    if (typeof input.data === 'string') {
      text = input.data;
      head = new Uint8Array(0);
    } else if (input.data instanceof ArrayBuffer) {
      head = new Uint8Array(input.data, 0, Math.min(SNIFF_BYTES, input.data.byteLength));
      text = new TextDecoder('utf-8').decode(input.data);
    } else {
      ({ text, head } = await readBlob(input.data, (bytesRead) => report({ bytesRead })));
    }
    report({ phase: 'parsing', bytesRead: totalBytes });

    const binary = binaryKind(head);
    if (binary) {
      emit({ type: 'error', message: `binary data (${binary}), not a HAR or handshake text` });
      return;
    }
    const isHar = input.kind === 'har' || (input.kind === 'auto' && inputKind(input.name, text) === 'har');
    let handshakes: Handshake[];
    let entries: readonly unknown[] = [];
    let skipped = 0;
    if (isHar) {
      let document: unknown;
      try {
        document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        // parseHar words the failure (not JSON, truncated at byte N, empty, binary).
        const failed = parseHar(text, input.name);
        emit({ type: 'error', message: failed.ok ? 'not JSON' : failed.error });
        return;
      }
      text = ''; // let the text go before analysis: the parsed document is all that is needed now
      const result = handshakesFromHar(document, input.name);
      if (!result.ok) {
        emit({ type: 'error', message: result.error });
        return;
      }
      entries = entriesOf(document);
      if (result.handshakes.length === 0) {
        emit({
          type: 'error',
          message: `no WebSocket handshakes in this HAR (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, none a WebSocket handshake)`,
        });
        return;
      }
      handshakes = result.handshakes;
      skipped = result.skipped;
    } else {
      const result = parseRawHandshake(text, input.name);
      if (!result.ok) {
        emit({ type: 'error', message: `not a HAR, nor handshake text: ${result.error}` });
        return;
      }
      handshakes = [result.handshake];
    }

    report({ phase: 'analysing', handshakesTotal: handshakes.length, entriesTotal: isHar ? entries.length : 0 });
    for (let start = 0; start < handshakes.length; start += ANALYSIS_BATCH) {
      const batch = handshakes.slice(start, start + ANALYSIS_BATCH);
      const reports = await analyze(batch);
      emit({
        type: 'reports',
        reports: reports.map(toPlainReport),
        entries: batch.map((h) => {
          const index = isHar ? entryIndex(h.source) : null;
          return index === null ? null : (entries[index] ?? null);
        }),
      });
      report({ handshakesDone: start + batch.length });
    }
    emit({
      type: 'done',
      summary: { kind: isHar ? 'har' : 'raw', handshakes: handshakes.length, skipped, bytes: totalBytes, ms: Math.round(now() - started) },
    });
  } catch (error) {
    emit({ type: 'error', message: `could not read the file (${error instanceof Error ? error.message : String(error)})` });
  }
}
