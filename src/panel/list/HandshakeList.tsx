import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useStore } from '../store/context.js';
import type { Row, SortColumn } from '../store/store.js';
import { HandshakeRow } from './HandshakeRow.js';
import { isAtEnd, scrollToReveal, visibleRange } from './virtual.js';

export const ROW_HEIGHT = 22;
/** The column header row, sticky at the top of the scroll box. */
const HEADER_HEIGHT = 23;

const COLUMNS: readonly { readonly id: SortColumn; readonly label: string }[] = [
  { id: 'verdict', label: 'Verdict' },
  { id: 'name', label: 'Name' },
  { id: 'status', label: 'Status' },
  { id: 'transport', label: 'Transport' },
  { id: 'negotiated', label: 'Protocol · Extensions' },
  { id: 'time', label: 'Time' },
];
const OVERSCAN = 20;

/** Tracks the list's scroll position and height, so only rows in view (plus a margin) are rendered. */
function useViewport(scrollElement: { current: HTMLDivElement | null }) {
  const [viewport, setViewport] = useState({ top: 0, height: 600 });
  useLayoutEffect(() => {
    const element = scrollElement.current;
    if (!element) return;
    const update = () => setViewport({ top: element.scrollTop, height: element.clientHeight });
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, []);
  return viewport;
}

export function HandshakeList() {
  const store = useStore();
  const rows = store.visibleRows.value;
  const order = store.sortOrder.value;
  const selectedId = store.selectedId.value;
  const scrollRef = useRef<HTMLDivElement>(null);
  const viewport = useViewport(scrollRef);
  // The sticky header row covers the top of the scroll box: rows are seen below it.
  const range = visibleRange(viewport.top, viewport.height - HEADER_HEIGHT, ROW_HEIGHT, rows.length, OVERSCAN);

  const selectedIndex = rows.findIndex((row) => row.id === selectedId);
  // Keep the selected row in view when it moves (keyboard) or the list changes under it.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || selectedIndex < 0) return;
    const top = scrollToReveal(selectedIndex, element.scrollTop, element.clientHeight - HEADER_HEIGHT, ROW_HEIGHT);
    if (top !== null) element.scrollTop = top;
  }, [selectedId, selectedIndex === -1]);

  // Like the Network panel: a list scrolled to its end follows new rows. Not while a file is imported:
  // its first row is selected (and scrolled to) at the end, and following each batch to the bottom
  // would mount a fresh screen of rows per batch, the main cost of a big import on this thread.
  const followRef = useRef(true);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && followRef.current && store.selectedId.value === null && store.imports.current.peek() === null) element.scrollTop = element.scrollHeight;
  }, [rows.length]);
  const onScroll = (event: Event) => {
    const element = event.currentTarget as HTMLDivElement;
    followRef.current = isAtEnd(element.scrollTop, element.clientHeight, element.scrollHeight, ROW_HEIGHT);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((viewport.height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const steps: Record<string, number | 'first' | 'last'> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: 'first',
      End: 'last',
      j: 1,
      k: -1,
    };
    const step = steps[event.key];
    if (step !== undefined) {
      event.preventDefault();
      store.moveSelection(step);
    } else if (event.key === 'Escape' && store.selectedId.value !== null) {
      // Handled here: DevTools must not also see it (its Esc opens the console drawer).
      event.preventDefault();
      event.stopPropagation();
      store.select(null);
    }
  };

  return (
    <div class="list-pane">
      <div
        class="list"
        ref={scrollRef}
        tabIndex={0}
        role="grid"
        aria-label="WebSocket handshakes"
        aria-rowcount={rows.length + 1}
        aria-colcount={COLUMNS.length}
        aria-activedescendant={selectedId !== null && selectedIndex >= 0 ? `row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        data-testid="handshake-list"
      >
        <div class="list-head" role="rowgroup">
          <div class="list-header" role="row" aria-rowindex={1} data-testid="list-header">
            {COLUMNS.map((column) => {
              const sorted = order?.column === column.id ? order.direction : undefined;
              return (
                <div key={column.id} role="columnheader" class={`cell ${column.id}`} aria-sort={sorted ?? 'none'}>
                  <button
                    type="button"
                    class={sorted ? `sorted-${sorted}` : undefined}
                    title={`Sort by ${column.label.toLowerCase()}${sorted === 'descending' ? ' (again: capture order)' : ''}`}
                    onClick={() => store.sortBy(column.id)}
                    data-testid={`sort-${column.id}`}
                  >
                    {column.label}
                    {sorted && <span class="sort-mark" aria-hidden="true">{sorted === 'ascending' ? ' ▲' : ' ▼'}</span>}
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div class="list-body" role="rowgroup" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          {rows.slice(range.start, range.end).map((row: Row, offset) => {
            const index = range.start + offset;
            return (
              <HandshakeRow
                key={row.id}
                row={row}
                index={index}
                top={index * ROW_HEIGHT}
                selected={row.id === selectedId}
                onSelect={(id) => store.select(id)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
