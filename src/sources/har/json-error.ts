/**
 * Says where JSON text goes wrong, the same in every engine: V8, SpiderMonkey
 * and JavaScriptCore word (and position) parse errors differently, and V8 gives
 * no position for some. Runs only after JSON.parse has failed.
 */

/** Turns a JSON.parse failure into "not JSON (…)" with a byte offset, the same in every engine. */
export function describeJsonError(text: string, error: unknown): string {
  const trimmed = text.trimStart();
  const first = trimmed.charAt(0);
  if (first !== '{' && first !== '[') {
    const start = trimmed.slice(0, 24).replace(/[\r\n\t]+/g, ' ');
    return `not JSON (starts with "${start}${trimmed.length > 24 ? '…' : ''}")`;
  }
  const problem = findJsonError(text);
  if (problem === null) return `not JSON (${(error instanceof Error ? error.message : String(error)).slice(0, 120)})`;
  if (problem.reason === END) return `not JSON (truncated? unexpected end at byte ${utf8Length(text, text.length)})`;
  return `not JSON (${problem.reason} at byte ${utf8Length(text, problem.at)})`;
}

const END = 'unexpected end';
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Where JSON text first goes wrong, and how; null when it is valid. Engines
 * word (and position) parse errors differently, and V8 gives no position for
 * some; this scan runs only after JSON.parse has failed.
 */
function findJsonError(text: string): { at: number; reason: string } | null {
  const closers: string[] = [];
  let state: 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'after' = 'value';
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (i >= n) return state === 'after' && closers.length === 0 ? null : { at: n, reason: END };
    const c = text[i]!;
    if (state === 'after') {
      const closer = closers[closers.length - 1];
      if (closer === undefined) return { at: i, reason: 'unexpected text after the end of the JSON' };
      if (c === ',') {
        state = closer === '}' ? 'key' : 'value';
        i++;
      } else if (c === closer) {
        closers.pop();
        i++;
      } else {
        return { at: i, reason: `expected ',' or '${closer}'` };
      }
    } else if (state === 'colon') {
      if (c !== ':') return { at: i, reason: "expected ':' after a property name" };
      state = 'value';
      i++;
    } else if (state === 'keyOrEnd' && c === '}') {
      closers.pop();
      state = 'after';
      i++;
    } else if (state === 'valueOrEnd' && c === ']') {
      closers.pop();
      state = 'after';
      i++;
    } else if (state === 'key' || state === 'keyOrEnd') {
      if (c !== '"') return { at: i, reason: 'expected a double-quoted property name' };
      const end = stringEnd(text, i);
      if (end < 0) return { at: -end - 1, reason: -end - 1 >= n ? END : 'bad character or escape in a string' };
      state = 'colon';
      i = end;
    } else if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      state = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
      i++;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return { at: -end - 1, reason: -end - 1 >= n ? END : 'bad character or escape in a string' };
      state = 'after';
      i = end;
    } else {
      NUMBER.lastIndex = i;
      let end = NUMBER.test(text) ? NUMBER.lastIndex : -1;
      for (const literal of ['true', 'false', 'null']) {
        if (text.startsWith(literal, i)) end = i + literal.length;
        else if (n - i < literal.length && literal.startsWith(text.slice(i))) return { at: n, reason: END };
      }
      if (end < 0 && c === '-' && i + 1 === n) return { at: n, reason: END };
      if (end < 0) return { at: i, reason: `unexpected character ${JSON.stringify(c)}` };
      // A number cut after its "." or exponent mark is a truncation too.
      if (end < n && n - end <= 2 && /^(?:\.|[eE][+-]?)$/.test(text.slice(end))) return { at: n, reason: END };
      state = 'after';
      i = end;
    }
  }
}

/** The index after a string's closing quote, or -(error index) - 1. */
function stringEnd(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      const next = text[i + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]*$/.test(hex)) return -i - 1;
        if (hex.length < 4) break;
        i += 5;
      } else if ('"\\/bfnrt'.includes(next)) i++;
      else return -i - 1;
    }
  }
  return -text.length - 1;
}

/** UTF-8 length of text[0, end), without building the bytes. */
function utf8Length(text: string, end: number): number {
  let bytes = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
