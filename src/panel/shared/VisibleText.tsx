/**
 * Untrusted text (a server's header value, a file's URL) rendered as text, with
 * its invisible and reordering characters shown as markers (visible-text.ts)
 * and, when `limit` is given, cut at that many characters behind a
 * "Show all (N characters)" button.
 */
import { useState } from 'preact/hooks';
import { LONG_VALUE_CHARS, codePointName, cutText, visibleParts } from './visible-text.js';

/** The text with markers for hidden characters; each marker names its code point. */
export function MarkedText({ text, keepLineBreaks = false }: { readonly text: string; readonly keepLineBreaks?: boolean }) {
  return (
    <>
      {visibleParts(text, { keepLineBreaks }).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span key={i} class="hidden-char" data-testid="hidden-char" data-code={codePointName(part.code)} title={`An invisible character (${codePointName(part.code)}) is here`}>
            {part.text}
          </span>
        ),
      )}
    </>
  );
}

/** A value cut at `limit` characters, with a button that shows all of it. */
export function LongText({ text, limit = LONG_VALUE_CHARS }: { readonly text: string; readonly limit?: number }) {
  const [expanded, setExpanded] = useState(false);
  const { shown, hidden } = expanded ? { shown: text, hidden: 0 } : cutText(text, limit);
  return (
    <>
      <MarkedText text={shown} />
      {hidden > 0 && (
        <>
          <span class="cut-mark" aria-hidden="true">…</span>{' '}
          <button type="button" class="show-all" data-testid="show-all" data-length={text.length} onClick={() => setExpanded(true)}>
            Show all ({text.length.toLocaleString('en-US')} characters)
          </button>
        </>
      )}
    </>
  );
}
