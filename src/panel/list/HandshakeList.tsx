import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useStore } from '../store/context.js';
import type { Row, SortColumn } from '../store/store.js';
import { HandshakeRow } from './HandshakeRow.js';
import { isAtEnd, scrollToReveal, visibleRange } from './virtual.js';

export const ROW_HEIGHT = 22;

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
  const range = visibleRange(viewport.top, viewport.height, ROW_HEIGHT, rows.length, OVERSCAN);

  const selectedIndex = rows.findIndex((row) => row.id === selectedId);
  // Keep the selected row in view when it moves (keyboard) or the list changes under it.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || selectedIndex < 0) return;
    const top = scrollToReveal(selectedIndex, element.scrollTop, element.clientHeight, ROW_HEIGHT);
    if (top !== null) element.scrollTop = top;
  }, [selectedId, selectedIndex === -1]);

  // Like the Network panel: a list scrolled to its end follows new rows.
  const followRef = useRef(true);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && followRef.current && store.selectedId.value === null) element.scrollTop = element.scrollHeight;
  }, [rows.length]);
  const onScroll = (event: Event) => {
    const element = event.currentTarget as HTMLDivElement;
    followRef.current = isAtEnd(element.scrollTop, element.clientHeight, element.scrollHeight, ROW_HEIGHT);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewport.height / ROW_HEIGHT) - 1);
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
      <div class="list-header" role="row" data-testid="list-header">
        {COLUMNS.map((column) => {
          const sorted = order?.column === column.id ? order.direction : undefined;
          return (
            <button
              type="button"
              key={column.id}
              role="columnheader"
              class={`cell ${column.id}${sorted ? ` sorted-${sorted}` : ''}`}
              aria-sort={sorted ?? 'none'}
              title={`Sort by ${column.label.toLowerCase()}${sorted === 'descending' ? ' (again: capture order)' : ''}`}
              onClick={() => store.sortBy(column.id)}
              data-testid={`sort-${column.id}`}
            >
              {column.label}
              {sorted && <span class="sort-mark" aria-hidden="true">{sorted === 'ascending' ? ' ▲' : ' ▼'}</span>}
            </button>
          );
        })}
      </div>
      <div
        class="list"
        ref={scrollRef}
        tabIndex={0}
        role="listbox"
        aria-label="WebSocket handshakes"
        aria-activedescendant={selectedId !== null && selectedIndex >= 0 ? `row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        data-testid="handshake-list"
      >
        <div class="list-body" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
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
