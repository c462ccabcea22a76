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
import { HarScanner } from '../../sources/har/scan.js';
import { parseRawHandshake } from '../../sources/raw.js';
import { binaryKind, inputKind, textEncodingProblem } from '../../sources/sniff.js';
import { toPlainReport, type ImportEvent, type ImportInput, type ImportProgress } from './import-protocol.js';

/**
 * Handshakes analysed and handed over per batch: rows appear while the rest is analysed. The panel lists
 * each batch in a task of its own (structured clone + listing + render), so a batch must stay well under
 * 100 ms there: bench/panel-import on a loaded 2-core machine gave longest stalls of 92/107/89 ms at 500
 * and 170/78/83 ms at 250.
 */
export const ANALYSIS_BATCH = 250;
/** The bytes a file's kind is told from (binaryKind looks at the first 8 KiB). */
const SNIFF_BYTES = 8192;
/** Progress is reported at most this often while reading. */
const PROGRESS_INTERVAL_MS = 50;

type Emit = (event: ImportEvent) => void;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Raw handshake text is a few KB; a bigger file that is not JSON is not one. */
const RAW_TEXT_LIMIT = 16 * 1024 * 1024;

/** The bytes of a Blob chunk by chunk (File.stream()), for the HAR scan: the file is never one string. */
async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
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
    // Bytes: a picked or dropped file streams; pasted text and in-memory buffers are one chunk.
    const bytes = typeof input.data === 'string' ? new TextEncoder().encode(input.data) : input.data instanceof ArrayBuffer ? new Uint8Array(input.data) : null;
    const blob = bytes === null ? (input.data as Blob) : null;
    const head = bytes ? bytes.subarray(0, SNIFF_BYTES) : new Uint8Array(await blob!.slice(0, SNIFF_BYTES).arrayBuffer());
    const notText = textEncodingProblem(head) ?? binaryKind(head);
    if (notText) {
      emit({ type: 'error', message: notText.startsWith('UTF-16') ? notText : `binary data (${notText}), not a HAR or handshake text` });
      return;
    }
    const headText = typeof input.data === 'string' ? input.data : new TextDecoder('utf-8').decode(head);
    const isHar = input.kind === 'har' || (input.kind === 'auto' && inputKind(input.name, headText) === 'har');
    let handshakes: Handshake[];
    let entries: readonly unknown[] = [];
    let entriesTotal = 0;
    let skipped = 0;
    // Handshakes analysed and handed over while the file was still being read.
    let streamed = 0;
    const emitReports = async (batch: readonly Handshake[], batchEntries: readonly unknown[] | null): Promise<void> => {
      const reports = await analyze(batch);
      emit({ type: 'reports', reports: reports.map(toPlainReport), entries: batchEntries ?? batch.map(() => null) });
      streamed += batch.length;
      report({ handshakesDone: streamed });
    };
    if (isHar) {
      let lastReport = 0;
      let bytesRead = 0;
      const scanner = new HarScanner();
      // Batches go out while the file is read (HarScanner.takeReady): rows appear during a long import
      // instead of all at its end, and the worker holds one batch of entries, not every handshake's.
      for await (const chunk of bytes ? oneChunk(bytes) : blobChunks(blob!)) {
        scanner.push(chunk);
        bytesRead += chunk.length;
        if (scanner.settled) break;
        if (scanner.readyCount >= ANALYSIS_BATCH) {
          const ready = scanner.takeReady(input.name);
          for (let start = 0; start < ready.handshakes.length; start += ANALYSIS_BATCH) {
            await emitReports(ready.handshakes.slice(start, start + ANALYSIS_BATCH), ready.entries.slice(start, start + ANALYSIS_BATCH));
          }
        }
        const t = now();
        if (t - lastReport >= PROGRESS_INTERVAL_MS) {
          lastReport = t;
          report({ bytesRead });
        }
      }
      const result = scanner.finish(input.name);
      report({ phase: 'parsing', bytesRead: totalBytes });
      if (!result.ok) {
        emit({ type: 'error', message: result.error });
        return;
      }
      entriesTotal = result.entriesTotal;
      if (result.handshakes.length === 0 && streamed === 0) {
        emit({
          type: 'error',
          message: `no WebSocket handshakes in this HAR (${entriesTotal} entr${entriesTotal === 1 ? 'y' : 'ies'}, none a WebSocket handshake)`,
        });
        return;
      }
      handshakes = result.handshakes;
      entries = result.entries;
      skipped = result.skipped;
    } else {
      if (totalBytes > RAW_TEXT_LIMIT) {
        emit({ type: 'error', message: `not a HAR, nor handshake text: too big for handshake text (over ${RAW_TEXT_LIMIT / 1024 / 1024} MB) and not JSON` });
        return;
      }
      const text = typeof input.data === 'string' ? input.data : new TextDecoder('utf-8').decode(bytes ?? new Uint8Array(await blob!.arrayBuffer()));
      report({ phase: 'parsing', bytesRead: totalBytes });
      const result = parseRawHandshake(text, input.name);
      if (!result.ok) {
        emit({ type: 'error', message: `not a HAR, nor handshake text: ${result.error}` });
        return;
      }
      handshakes = [result.handshake];
    }

    const alreadyStreamed = streamed;
    report({ phase: 'analysing', handshakesTotal: alreadyStreamed + handshakes.length, entriesTotal });
    for (let start = 0; start < handshakes.length; start += ANALYSIS_BATCH) {
      await emitReports(handshakes.slice(start, start + ANALYSIS_BATCH), isHar ? entries.slice(start, start + ANALYSIS_BATCH) : null);
    }
    emit({
      type: 'done',
      summary: { kind: isHar ? 'har' : 'raw', handshakes: streamed, skipped, bytes: totalBytes, ms: Math.round(now() - started) },
    });
  } catch (error) {
    emit({ type: 'error', message: `could not read the file (${error instanceof Error ? error.message : String(error)})` });
  }
}
