/**
 * Fixed-height list virtualisation: which rows to render for a scroll position.
 * Rows here all have one height, so this is arithmetic; a general virtualiser
 * (@tanstack/virtual-core, ~9 KB gzip) would double the panel's script size.
 */
export interface RowRange {
  /** First row to render (inclusive). */
  readonly start: number;
  /** Last row to render (exclusive). */
  readonly end: number;
}

export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): RowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.max(0, Math.min(count, last + overscan)) };
}

/** The scrollTop that brings row `index` fully into view with the least movement, or null when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

/** Whether a list scrolled to within `slack` px of its end should follow rows appended to it. */
export function isAtEnd(scrollTop: number, viewportHeight: number, scrollHeight: number, slack = 4): boolean {
  return scrollTop + viewportHeight >= scrollHeight - slack;
}
