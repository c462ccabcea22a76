/**
 * `lint` inputs: a file (or stdin) → handshakes, or a one-line reason why not.
 * HAR (JSON) or raw handshake text, told apart by content; a `.har`/`.json`
 * name always means HAR, so a broken HAR is reported as a broken HAR.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Handshake } from '../core/model.js';
import { HarScanner } from '../sources/har/scan.js';
import { parseRawHandshake } from '../sources/raw.js';
import { binaryKind, inputKind, textEncodingProblem } from '../sources/sniff.js';
import type { CliIo } from './io.js';

export type InputResult =
  | {
      readonly ok: true;
      readonly source: string;
      readonly kind: 'har' | 'raw';
      readonly handshakes: Handshake[];
      /** HAR entries that were not WebSocket handshakes. */
      readonly skipped: number;
      /** The line each handshake starts on, by source, when asked for (`--format github|sarif|junit`). */
      readonly lines?: ReadonlyMap<string, number>;
    }
  | { readonly ok: false; readonly source: string; readonly error: string };

/** The name stdin gets in sources and messages. */
export const STDIN_SOURCE = 'stdin';

export interface LoadOptions {
  /** Measure the line each HAR entry starts on (one more pass over the text). */
  readonly lines?: boolean;
  /**
   * Given, a HAR's handshakes are handed out in batches of about `batchSize` as they are read
   * (HarScanner.takeReady), so memory follows the batch, not the file; the result then holds
   * only the rest. A batch handed out stays reported even if the file later turns out broken.
   */
  readonly onBatch?: (handshakes: Handshake[], lines: ReadonlyMap<string, number> | undefined) => Promise<void>;
  readonly batchSize?: number;
}

/** The most raw handshake text read (a handshake is a few KB; a bigger non-HAR file is not one). */
const RAW_TEXT_LIMIT = 16 * 1024 * 1024;
/** What is read before deciding HAR or raw text (binaryKind and inputKind look at this much). */
const HEAD_BYTES = 8192;

/**
 * Reads one input as a stream: a HAR of any size is scanned chunk by chunk (sources/har/scan.ts),
 * so memory stays at the largest WebSocket entry, not the file.
 */
export async function loadInput(path: string, io: CliIo, options: LoadOptions = {}): Promise<InputResult> {
  const source = path === '-' ? STDIN_SOURCE : path;
  let chunks: AsyncIterator<Uint8Array>;
  let close: () => void = () => {};
  try {
    if (path === '-') {
      if (!io.stdin) throw new Error('no standard input');
      chunks = bytesOf(io.stdin)[Symbol.asyncIterator]();
    } else {
      const kind = await fileKind(path);
      if (kind) return { ok: false, source, error: kind };
      const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
      close = () => stream.destroy();
      chunks = bytesOf(stream)[Symbol.asyncIterator]();
    }
  } catch (error) {
    return { ok: false, source, error: describeReadError(error) };
  }
  try {
    return await readInput(path, source, chunks, options);
  } catch (error) {
    return { ok: false, source, error: describeReadError(error) };
  } finally {
    close();
  }
}

async function readInput(path: string, source: string, chunks: AsyncIterator<Uint8Array>, options: LoadOptions): Promise<InputResult> {
  // The head: enough to tell binary data, UTF-16, HAR and raw text apart.
  const head: Uint8Array[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head);
  const notText = textEncodingProblem(first) ?? binaryKind(first);
  if (notText) return { ok: false, source, error: notText.startsWith('UTF-16') ? notText : `binary data (${notText}), not a HAR or handshake text` };
  const headText = new TextDecoder('utf-8').decode(first.subarray(0, HEAD_BYTES));

  if (inputKind(path, headText) === 'har') {
    const scanner = new HarScanner({ lines: options.lines === true });
    scanner.push(first);
    const batchSize = options.batchSize ?? 500;
    const linesOf = (handshakes: readonly Handshake[], at: readonly number[]): Map<string, number> | undefined =>
      options.lines ? new Map(handshakes.map((h, i) => [h.source, at[i]!] as const)) : undefined;
    while (!ended && !scanner.settled) {
      if (options.onBatch && scanner.readyCount >= batchSize) {
        const batch = scanner.takeReady(source);
        await options.onBatch(batch.handshakes, linesOf(batch.handshakes, batch.lines));
      }
      const next = await chunks.next();
      if (next.done) break;
      scanner.push(next.value);
    }
    const result = scanner.finish(source);
    if (!result.ok) return { ok: false, source, error: result.error };
    const lines = linesOf(result.handshakes, result.lines);
    return { ok: true, source, kind: 'har', handshakes: result.handshakes, skipped: result.skipped, ...(lines ? { lines } : {}) };
  }

  const parts = [first];
  let length = first.length;
  while (!ended) {
    const next = await chunks.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
    if (length > RAW_TEXT_LIMIT) {
      return { ok: false, source, error: `too big for handshake text (over ${RAW_TEXT_LIMIT / 1024 / 1024} MB) and not JSON; a HAR must start with { or be named .har` };
    }
  }
  const text = new TextDecoder('utf-8').decode(Buffer.concat(parts));
  const raw = parseRawHandshake(text, source);
  if (!raw.ok) return { ok: false, source, error: raw.error };
  return { ok: true, source, kind: 'raw', handshakes: [raw.handshake], skipped: 0 };
}

/** Stream chunks as bytes (stdin may give strings). */
async function* bytesOf(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

/**
 * Why a path cannot be linted as a file, or null: a directory, a named pipe (reading one
 * waits for a writer forever) or a device. /dev and /proc paths (`/dev/stdin`, a shell's
 * `<(gunzip -c x.har.gz)`) are pipes meant to be read, so they are read.
 */
async function fileKind(path: string): Promise<string | null> {
  const info = await stat(path);
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'is a directory, not a file';
  if (path.startsWith('/dev/') || path.startsWith('/proc/')) return null;
  if (info.isFIFO()) return 'a named pipe (FIFO), not a file; pipe it into "ws-handshake lint -" instead';
  if (info.isSocket()) return 'a socket, not a file';
  return 'a device, not a file';
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${error instanceof Error ? error.message : String(error)})`;
}
