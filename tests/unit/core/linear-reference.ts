/**
 * The regex versions the linear scans replaced (issue 14), kept as references: on short inputs
 * (where their backtracking costs nothing) the scans must give exactly what they gave.
 */

/** markdown.ts's REFERENCE: the spans escapeMarkdown puts in code spans. */
export const OLD_REFERENCE = /([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s`]*|www\.[^\s`]+|[^\s@`]+@[^\s@`]+\.[^\s@`]+|@[A-Za-z0-9][A-Za-z0-9_-]*|#\d+|\bGH-\d+)/g;

export function oldReferenceSpans(line: string): Array<readonly [number, number]> {
  return [...line.matchAll(OLD_REFERENCE)].map((m) => [m.index, m.index + m[0].length] as const);
}

/** redact.ts's RAW_HEADER. */
export const OLD_RAW_HEADER = /^([<>]\s?)?([^\s:][^:]*?)(\s*:\s?)(.*)$/;

export function oldRawHeaderLine(line: string): { prefix: string; name: string; separator: string; value: string } | null {
  const m = OLD_RAW_HEADER.exec(line);
  return m ? { prefix: m[1] ?? '', name: m[2]!, separator: m[3]!, value: m[4]! } : null;
}

/** secrets.ts's camelCase split of a run of capitals. */
export function oldSplitCapitals(text: string): string {
  return text.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

/** summary.ts's sentence end. */
export function oldSentenceTrim(text: string): string {
  return text.trim().replace(/[.:;,\s]+$/, '');
}

/** markdown.ts's firstLineOf. */
export function oldFirstLine(line: string): string {
  return line.replace(/```.*$/, '').replace(/:\s*$/, '');
}

/** redact.ts's scrubText: secret by secret, longest first. */
export function oldScrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}
