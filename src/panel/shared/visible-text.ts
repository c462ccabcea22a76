/**
 * Text from a server or a file shown as what it is: characters that would be
 * invisible or would reorder what is around them (control characters, NUL,
 * zero-width and bidi controls, BOM, line and paragraph separators) are shown as
 * a marker such as ⟨U+202E⟩, and very long values are cut with the count of what
 * was left out. Pure string work, one linear scan; Preact renders the parts as text.
 */

/** Header values longer than this are shown cut, with a control that shows all. */
export const LONG_VALUE_CHARS = 2_000;

export type VisiblePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'marker'; readonly text: string; readonly code: number };

/**
 * C0 and C1 controls (tab kept: it is whitespace a user expects), DEL, soft hyphen, combining grapheme joiner,
 * Arabic letter mark, Hangul fillers, Mongolian vowel separator, zero-width and bidi controls, word joiner and
 * the invisible operators, line/paragraph separators, the BOM / zero-width no-break space, interlinear
 * annotation marks and tag characters.
 */
const HIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;

/** `U+202E`-style name of a code point. */
export function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface VisibleOptions {
  /** Keep line feeds as line breaks (prose and snippets) instead of marking them (a header value cannot hold one). */
  readonly keepLineBreaks?: boolean;
}

/** Splits `text` into plain runs and markers for the characters a reader could not see. */
export function visibleParts(text: string, options: VisibleOptions = {}): VisiblePart[] {
  const parts: VisiblePart[] = [];
  let last = 0;
  HIDDEN.lastIndex = 0;
  for (let match = HIDDEN.exec(text); match !== null; match = HIDDEN.exec(text)) {
    if (options.keepLineBreaks && match[0] === '\n') continue;
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    const code = match[0].codePointAt(0)!;
    parts.push({ kind: 'marker', text: `⟨${codePointName(code)}⟩`, code });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The whole text with its hidden characters replaced by their markers (tooltips, plain-text places). */
export function visibleText(text: string): string {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return text;
  HIDDEN.lastIndex = 0;
  return text.replace(HIDDEN, (c) => `⟨${codePointName(c.codePointAt(0)!)}⟩`);
}

/** Whether `text` has a character `visibleParts` would mark. */
export function hasHiddenCharacters(text: string): boolean {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(text);
  HIDDEN.lastIndex = 0;
  return found;
}

/** The first `limit` characters (never splitting a surrogate pair) and how many were left out. */
export function cutText(text: string, limit: number = LONG_VALUE_CHARS): { readonly shown: string; readonly hidden: number } {
  if (text.length <= limit) return { shown: text, hidden: 0 };
  let end = limit;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { shown: text.slice(0, end), hidden: text.length - end };
}
