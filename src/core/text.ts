/**
 * Small text scans for untrusted input, each one pass: what regexes such as `/[.\s]+$/` or
 * `/`+/g` with `Math.max(...)` did, without their worst cases. An end-anchored run is tried
 * at every start by a regex engine (quadratic on a long run that is not at the end), and a
 * spread of every run's length overflows the stack past ~100,000 runs.
 */

/** True for the characters JavaScript's `\s` matches (WhiteSpace and LineTerminator, ECMA-262 §22.2.2.9). */
export function isSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** True for the characters `.` does not match without the `s` flag: \n, \r, U+2028, U+2029. */
export function isLineTerminatorCode(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/**
 * `text` without the trailing run of characters `trimmed` accepts: what
 * `text.replace(/[…]+$/, '')` gives, in one backward pass.
 */
export function trimEndWhere(text: string, trimmed: (code: number) => boolean): string {
  let end = text.length;
  while (end > 0 && trimmed(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text.replace(/[.\s]+$/, '')`: a sentence's trailing dots and spaces. */
export function trimEndDotsAndSpaces(text: string): string {
  return trimEndWhere(text, (code) => code === 0x2e || isSpaceCode(code));
}

/** The length of the longest run of `char` (one UTF-16 unit) in `text`; 0 when none. */
export function longestRun(text: string, char: string): number {
  const wanted = char.charCodeAt(0);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === wanted) {
      run++;
      if (run > longest) longest = run;
    } else {
      run = 0;
    }
  }
  return longest;
}
