/** Sorting the list by a column, as the Network panel does: a click on a header sorts by it, again reverses. */
import type { Report } from '../../core/model.js';
import { shownStatus } from '../../core/status.js';
import { nameParts, negotiatedText } from '../shared/format.js';

export type SortColumn = 'verdict' | 'name' | 'status' | 'transport' | 'negotiated' | 'time';

export interface SortOrder {
  readonly column: SortColumn;
  readonly direction: 'ascending' | 'descending';
}

/** What a row sorts by in a column; pending rows count as their own verdict, between pass and warn. */
interface Sortable {
  readonly report: Report;
  readonly pending: boolean;
}

const VERDICT_RANK = { pass: 0, pending: 1, warn: 2, fail: 3 } as const;

function keyOf(row: Sortable, column: SortColumn): number | string {
  const report = row.report;
  switch (column) {
    case 'verdict':
      return VERDICT_RANK[row.pending ? 'pending' : report.verdict];
    case 'name':
      return nameParts(report.url).name.toLowerCase();
    case 'status':
      return shownStatus(report).code;
    case 'transport':
      return report.transport;
    case 'negotiated':
      return negotiatedText(report).toLowerCase();
    case 'time': {
      const ms = report.handshake.durationMs;
      return typeof ms === 'number' && Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
    }
  }
}

/** The rows in `order` (stable: equal keys keep capture order); the rows themselves when there is no order. */
export function sortRows<T extends Sortable>(rows: readonly T[], order: SortOrder | null): readonly T[] {
  if (!order) return rows;
  const sign = order.direction === 'ascending' ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, key: keyOf(row, order.column) }));
  keyed.sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.index - b.index));
  return keyed.map((k) => k.row);
}

/** The next order after a click on `column`: ascending, then descending, then capture order again. */
export function nextSortOrder(current: SortOrder | null, column: SortColumn): SortOrder | null {
  if (current?.column !== column) return { column, direction: 'ascending' };
  return current.direction === 'ascending' ? { column, direction: 'descending' } : null;
}
