/**
 * Where a handshake came from, as CI tools want it: the input file, the JSON pointer of its
 * HAR entry and the line the entry starts on. Sources look like `capture.har#/log/entries/12`
 * (HAR), `handshake.txt` (raw text), `stdin` or `probe` (no file).
 */

export interface Location {
  /** The input file as given on the command line; null for stdin and the probe. */
  readonly file: string | null;
  /** The HAR entry's JSON pointer (`/log/entries/12`), or null. */
  readonly pointer: string | null;
  /** 1-based line in `file`, when known. */
  readonly line: number | null;
}

/** For what has no input file (the probe's live handshake). */
export const NOWHERE: Location = { file: null, pointer: null, line: null };

/** Sources that name no file. */
const NOT_FILES = new Set(['stdin', 'probe']);

/** Splits a source at its last `#/`: the file before, the pointer after. */
export function splitSource(source: string): { readonly file: string | null; readonly pointer: string | null } {
  const at = source.lastIndexOf('#/');
  const file = at >= 0 ? source.slice(0, at) : source;
  const pointer = at >= 0 ? source.slice(at + 1) : null;
  return { file: NOT_FILES.has(file) || file === '' ? null : file, pointer };
}

/** Line numbers by source, as `lint` measured them (HAR entries; raw text starts on line 1). */
export function locator(lines: ReadonlyMap<string, number>): (source: string) => Location {
  return (source) => {
    const { file, pointer } = splitSource(source);
    return { file, pointer, line: lines.get(source) ?? (file !== null && pointer === null ? 1 : null) };
  };
}
