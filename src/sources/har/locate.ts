/**
 * Where a HAR entry sits in its file: the 1-based line on which each JSON pointer's value
 * starts (`/log/entries/12` → 40), so CI annotations (GitHub, SARIF, JUnit) point at the
 * entry. One linear pass over text that already parsed as JSON; pointers deeper than the
 * deepest one asked for cost nothing beyond the scan.
 */

interface Frame {
  readonly array: boolean;
  /** Objects: the pointer token of the member being read (its key). */
  key: string;
  /** Arrays: how many values have started (the current one is `count - 1`). */
  count: number;
  /** Objects: the next string is a key (after `{` or `,`). */
  expectKey: boolean;
}

/** RFC 6901 §3: `~` → `~0`, `/` → `~1`. */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The index just past the string starting at `start` (its opening quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2; // backslash: skip the escaped character
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return text.length;
}

/** Whitespace, `,`, `:`, `]` or `}`: where a number or literal ends. */
function isDelimiter(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x3a || c === 0x5d || c === 0x7d;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x0a) n++;
  return n;
}

/** The line of each pointer found in `text`; pointers not in it are left out. */
export function jsonPointerLines(text: string, pointers: Iterable<string>): Map<string, number> {
  const wanted = new Set(pointers);
  const found = new Map<string, number>();
  let maxDepth = -1;
  for (const pointer of wanted) maxDepth = Math.max(maxDepth, pointer === '' ? 0 : pointer.split('/').length - 1);
  if (maxDepth < 0) return found;

  // Frames only down to the deepest pointer; below that, a depth count is all the scan needs.
  const stack: Frame[] = [];
  let deeper = 0;
  let line = 1;
  const valueStarts = (): void => {
    if (deeper > 0) return;
    const top = stack[stack.length - 1];
    if (top?.array) top.count++;
    let pointer = '';
    for (const frame of stack) pointer += `/${frame.array ? frame.count - 1 : frame.key}`;
    if (wanted.has(pointer) && !found.has(pointer)) found.set(pointer, line);
  };

  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      i++;
    } else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x3a /* : */) {
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (deeper === 0 && top && !top.array) top.expectKey = true;
      i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      valueStarts();
      if (deeper === 0 && stack.length < maxDepth) stack.push({ array: c === 0x5b, key: '', count: 0, expectKey: c === 0x7b });
      else deeper++;
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (deeper > 0) deeper--;
      else stack.pop();
      i++;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (deeper === 0 && top && !top.array && top.expectKey) {
        try {
          top.key = pointerToken(JSON.parse(text.slice(i, end)) as string);
        } catch {
          top.key = '';
        }
        top.expectKey = false;
      } else {
        valueStarts();
      }
      line += countNewlines(text, i, end);
      i = end;
    } else {
      // A number or a literal (true, false, null): runs to the next delimiter.
      valueStarts();
      i++;
      while (i < text.length && !isDelimiter(text.charCodeAt(i))) i++;
    }
  }
  return found;
}
