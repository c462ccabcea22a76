/**
 * `lint` inputs: a file (or stdin) → handshakes, or a one-line reason why not.
 * HAR (JSON) or raw handshake text, told apart by content; a `.har`/`.json`
 * name always means HAR, so a broken HAR is reported as a broken HAR.
 */
import { readFile } from 'node:fs/promises';
import type { Handshake } from '../core/model.js';
import { jsonPointerLines } from '../sources/har/locate.js';
import { parseHar } from '../sources/har/parse.js';
import { parseRawHandshake } from '../sources/raw.js';
import { binaryKind, inputKind } from '../sources/sniff.js';
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
}

export async function loadInput(path: string, io: CliIo, options: LoadOptions = {}): Promise<InputResult> {
  const source = path === '-' ? STDIN_SOURCE : path;
  let bytes: Uint8Array;
  try {
    bytes = path === '-' ? await readStdin(io) : await readFile(path);
  } catch (error) {
    return { ok: false, source, error: describeReadError(error) };
  }
  const binary = binaryKind(bytes);
  if (binary) return { ok: false, source, error: `binary data (${binary}), not a HAR or handshake text` };
  const text = new TextDecoder('utf-8').decode(bytes);
  if (inputKind(path, text) === 'har') {
    const result = parseHar(text, source);
    if (!result.ok) return { ok: false, source, error: result.error };
    const lines = options.lines ? entryLines(text, source, result.handshakes) : undefined;
    return { ok: true, source, kind: 'har', handshakes: result.handshakes, skipped: result.skipped, ...(lines ? { lines } : {}) };
  }
  const raw = parseRawHandshake(text, source);
  if (!raw.ok) return { ok: false, source, error: raw.error };
  return { ok: true, source, kind: 'raw', handshakes: [raw.handshake], skipped: 0 };
}

/** Handshake source (`capture.har#/log/entries/12`) → the line its entry starts on. */
function entryLines(text: string, source: string, handshakes: readonly Handshake[]): Map<string, number> {
  const prefix = `${source}#`;
  const pointers = handshakes.filter((h) => h.source.startsWith(prefix)).map((h) => h.source.slice(prefix.length));
  const lines = new Map<string, number>();
  for (const [pointer, line] of jsonPointerLines(text, pointers)) lines.set(`${prefix}${pointer}`, line);
  return lines;
}

async function readStdin(io: CliIo): Promise<Uint8Array> {
  if (!io.stdin) throw new Error('no standard input');
  const chunks: Uint8Array[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(chunks);
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${error instanceof Error ? error.message : String(error)})`;
}
