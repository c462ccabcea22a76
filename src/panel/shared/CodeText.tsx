/**
 * Finding messages and fixes mark code the way Markdown does: `inline code` and
 * ``` fenced blocks ``` (a config snippet). Shown here as code, as text: nothing
 * in them is HTML. Parsed by one linear scan.
 */
import type { ComponentChildren } from 'preact';
import { MarkedText } from './VisibleText.js';

export type CodeTextPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'block'; readonly text: string; readonly language: string };

/** Splits `text` into plain runs, `code` spans and ```fenced``` blocks; an unclosed marker stays plain text. */
export function codeTextParts(text: string): CodeTextPart[] {
  const parts: CodeTextPart[] = [];
  // Plain text runs from plainStart to the current position; it is cut once a marker closes.
  let plainStart = 0;
  let at = 0;
  // The next line break at or after `at`, found once per line (at only grows), so the scan stays linear.
  let newline = -1;
  const nextNewline = (): number => {
    if (newline !== Infinity && newline < at) {
      const found = text.indexOf('\n', at);
      newline = found < 0 ? Infinity : found;
    }
    return newline;
  };
  const flush = (): void => {
    if (at > plainStart) parts.push({ kind: 'text', text: text.slice(plainStart, at) });
  };
  while (at < text.length) {
    const next = text.indexOf('`', at);
    if (next < 0) break;
    at = next;
    if (text.startsWith('```', at)) {
      const close = text.indexOf('```', at + 3);
      if (close >= 0) {
        const inner = text.slice(at + 3, close);
        const lineEnd = inner.indexOf('\n');
        const language = lineEnd >= 0 && /^[\w-]*$/.test(inner.slice(0, lineEnd)) ? inner.slice(0, lineEnd) : null;
        const body = language !== null ? inner.slice(lineEnd + 1) : inner;
        flush();
        parts.push({ kind: 'block', text: body.replace(/\n$/, ''), language: language ?? '' });
        at = close + 3;
        plainStart = at;
        continue;
      }
      // No closing fence anywhere after: none of the later backticks can close one either.
      at += 3;
      continue;
    }
    const close = text.indexOf('`', at + 1);
    // A span never crosses a line: a stray backtick is text.
    if (close > at + 1 && close < nextNewline()) {
      flush();
      parts.push({ kind: 'code', text: text.slice(at + 1, close) });
      at = close + 1;
      plainStart = at;
      continue;
    }
    at += 1;
  }
  at = text.length;
  flush();
  return parts;
}

/** Text with its `code` and ```blocks``` rendered as code; a quoted value's hidden characters are marked (VisibleText.tsx). */
export function CodeText({ text }: { readonly text: string }): ComponentChildren {
  return codeTextParts(text).map((part, i) => {
    if (part.kind === 'code') {
      return (
        <code key={i}>
          <MarkedText text={part.text} />
        </code>
      );
    }
    if (part.kind === 'block') {
      return (
        <pre key={i} class="snippet" tabIndex={0} data-language={part.language || undefined}>
          <code>
            <MarkedText text={part.text} keepLineBreaks />
          </code>
        </pre>
      );
    }
    return <MarkedText key={i} text={part.text} keepLineBreaks />;
  });
}
