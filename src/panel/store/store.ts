/**
 * The panel's one store (@preact/signals): the handshakes with their reports,
 * the list's view state, and two sub-stores, imports and dialogs. Sources write
 * here through `addLiveEntries` (the DevTools feed) or `addReports` (imports);
 * components read it through `useStore()` (context.ts) and call its actions.
 * Nothing here touches the DOM.
 */
import { batch, computed, signal } from '@preact/signals';
import { analyze } from '../../core/analyze.js';
import type { Handshake, Report } from '../../core/model.js';
import { entryKey, isPending, type CapturedEntry } from '../../sources/devtools/entry.js';
import type { Coverage, HarStats, PanelMessage } from '../../sources/devtools/link.js';
import { handshakeFromEntry } from '../../sources/har/parse.js';
import { yieldToEventLoop } from '../../sources/devtools/yield.js';
import { DialogsStore } from './dialogs.js';
import { matchesFilter, type VerdictFilter } from './filter.js';
import { ImportsStore } from './imports.js';
import { nextSortOrder, sortRows, type SortColumn, type SortOrder } from './sort.js';

export { matchesFilter, type VerdictFilter } from './filter.js';
export type { SortColumn, SortOrder } from './sort.js';

/** Where a row came from: the live DevTools feed, or a file the user imported. */
export type Origin = 'live' | { readonly file: string };

export interface Row {
  /** Stable for the row's life, also when a later report of the same handshake replaces its data. */
  readonly id: number;
  /** The dedupe key: one row per handshake. */
  readonly key: string;
  readonly origin: Origin;
  readonly report: Report;
  /** Live only: no response and no error yet (the handshake is still in flight). */
  readonly pending: boolean;
  /** The HAR entry it was read from (an imported file's, or the capture's), which the HAR export keeps. */
  readonly entry?: unknown;
}

export type Theme = 'light' | 'dark';

export type Analyzer = (handshakes: readonly Handshake[]) => Promise<Report[]>;

/** `themeName` is `default`/`dark` in Chrome and `light`/`dark` in Firefox. */
export function themeOf(themeName: string | null | undefined): Theme {
  return themeName === 'dark' ? 'dark' : 'light';
}

/** How many live entries are analysed and listed per task. */
const LIVE_SLICE = 100;

interface RowData {
  readonly key: string;
  readonly origin: Origin;
  readonly report: Report;
  readonly pending: boolean;
  readonly entry?: unknown;
}

export class PanelStore {
  readonly rows = signal<readonly Row[]>([]);
  readonly selectedId = signal<number | null>(null);
  readonly filterText = signal('');
  readonly verdictFilter = signal<VerdictFilter>('all');
  /** The column the list is sorted by; null keeps capture order. */
  readonly sortOrder = signal<SortOrder | null>(null);
  readonly preserveLog = signal(false);
  readonly theme = signal<Theme>('light');
  /** Linked to the devtools page (live capture running). */
  readonly connected = signal(false);
  readonly harStats = signal<HarStats | null>(null);
  /** How many older live handshakes the capture dropped to bound memory (since the last Clear or navigation). */
  readonly droppedCount = signal(0);
  /** Whether the capture saw the page's load from its start (a partial one lacks what the page did before DevTools recorded). */
  readonly coverage = signal<Coverage>({ partial: false, url: null });
  /** The URL of the last navigation that cleared the list, for the empty state. */
  readonly lastNavigation = signal<string | null>(null);

  /** Imports running and finished (progress, notices), and the queue they run in. */
  readonly imports = new ImportsStore();
  /** Which dialog or overlay is open. */
  readonly dialogs = new DialogsStore();

  readonly visibleRows = computed(() => {
    const filter = this.filterText.value;
    const verdict = this.verdictFilter.value;
    const rows = this.rows.value;
    const filtered = filter.trim() === '' && verdict === 'all' ? rows : rows.filter((row) => (verdict === 'all' || row.report.verdict === verdict) && matchesFilter(row.report, filter));
    return sortRows(filtered, this.sortOrder.value);
  });

  /**
   * Whether nothing is listed. The panel's root reads this, not the rows: a computed boolean notifies
   * only when it flips, so a new row re-renders the list, not the whole panel (a storm adds thousands).
   */
  readonly listEmpty = computed(() => this.visibleRows.value.length === 0);

  readonly selectedRow = computed(() => {
    const id = this.selectedId.value;
    return id === null ? null : (this.rows.value.find((row) => row.id === id) ?? null);
  });

  readonly counts = computed(() => {
    const counts = { pass: 0, warn: 0, fail: 0 };
    for (const row of this.rows.value) counts[row.report.verdict] += 1;
    return counts;
  });

  /** Sends a request to the devtools page; set by the connection. */
  send: (message: PanelMessage) => void = () => {};

  private nextId = 1;
  private readonly idByKey = new Map<string, number>();
  /** Bumped by resets, so analyses begun before one are dropped (live: navigation; all: Clear). */
  private liveGeneration = 0;
  private allGeneration = 0;
  /** Analyses finish in order, so rows keep capture order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly analyzer: Analyzer = analyze) {}

  /** Handshakes from any source; `keys` dedupes them (defaults to source + url). Resolves once they are listed. */
  addHandshakes(handshakes: readonly Handshake[], origin: Origin, extra: { readonly keys?: readonly string[]; readonly pending?: readonly boolean[]; readonly entries?: readonly unknown[] } = {}): Promise<void> {
    if (handshakes.length === 0) return this.queue;
    const live = origin === 'live';
    const generations = [this.liveGeneration, this.allGeneration];
    const reports = this.analyzer(handshakes);
    this.queue = this.queue.then(async () => {
      let analysed: Report[];
      try {
        analysed = await reports;
      } catch {
        return; // analyze() never throws; a broken analyzer must not wedge the queue
      }
      if ((live && generations[0] !== this.liveGeneration) || generations[1] !== this.allGeneration) return;
      this.upsert(
        analysed.map((report, i) => ({
          key: extra.keys?.[i] ?? defaultKey(origin, report),
          origin,
          report,
          pending: extra.pending?.[i] ?? false,
          entry: extra.entries?.[i] ?? undefined,
        })),
      );
    });
    return this.queue;
  }

  /** Reports analysed elsewhere (the import worker), listed like `addHandshakes`' results, in order. */
  addReports(reports: readonly Report[], origin: Origin, entries: readonly unknown[] = []): Promise<void> {
    if (reports.length === 0) return this.queue;
    const generation = this.allGeneration;
    // Each batch is listed in a task of its own: batches that arrive together (a big import's last
    // messages) would otherwise be listed and rendered back to back, one long stall of the panel.
    this.queue = this.queue.then(nextTask).then(() => {
      if (generation !== this.allGeneration) return; // Clear was pressed meanwhile
      this.upsert(reports.map((report, i) => ({ key: defaultKey(origin, report), origin, report, pending: false, entry: entries[i] ?? undefined })));
    });
    return this.queue;
  }

  /**
   * Entries from the DevTools feed (already one per handshake). A storm's batch can hold hundreds:
   * the first LIVE_SLICE are analysed at once (as any source's), the rest LIVE_SLICE at a time, each
   * slice in a task of its own after the one before is listed (analyze's checks run synchronously
   * once the accepts are computed: one slice of hundreds blocked the panel for 100+ ms).
   */
  addLiveEntries(entries: readonly CapturedEntry[]): Promise<void> {
    const first = liveHandshakes(entries.slice(0, LIVE_SLICE));
    const done = this.addHandshakes(first.handshakes, 'live', first);
    if (entries.length <= LIVE_SLICE) return done;
    const generation = this.liveGeneration;
    const all = this.allGeneration;
    for (let start = LIVE_SLICE; start < entries.length; start += LIVE_SLICE) {
      const slice = entries.slice(start, start + LIVE_SLICE);
      this.queue = this.queue.then(async () => {
        await yieldToEventLoop();
        if (generation !== this.liveGeneration || all !== this.allGeneration) return;
        const { handshakes, keys, pending, entries: kept } = liveHandshakes(slice);
        if (handshakes.length === 0) return;
        let analysed: Report[];
        try {
          analysed = await this.analyzer(handshakes);
        } catch {
          return; // analyze() never throws; a broken analyzer must not wedge the queue
        }
        if (generation !== this.liveGeneration || all !== this.allGeneration) return;
        this.upsert(analysed.map((report, i) => ({ key: keys[i]!, origin: 'live' as const, report, pending: pending[i]!, entry: kept[i] })));
      });
    }
    return this.queue;
  }

  /**
   * The capture dropped its oldest handshakes (its `maxEntries` cap): their rows go too, after any analysis
   * queued before (so a row still being analysed is not listed after its drop).
   */
  dropLiveRows(keys: readonly string[], total: number): Promise<void> {
    const generation = this.liveGeneration;
    const gone = new Set(keys);
    this.queue = this.queue.then(() => {
      if (generation !== this.liveGeneration) return;
      const rows: Row[] = [];
      for (const row of this.rows.value) {
        if (row.origin === 'live' && gone.has(row.key)) this.idByKey.delete(row.key);
        else rows.push(row);
      }
      batch(() => {
        this.rows.value = rows;
        this.droppedCount.value = total;
        if (!rows.some((row) => row.id === this.selectedId.value)) this.selectedId.value = null;
      });
    });
    return this.queue;
  }

  /** Empties the list: `live` drops what the page did (navigation) and keeps imported files; `all` drops everything. */
  reset(scope: 'live' | 'all' = 'all'): void {
    this.liveGeneration += 1;
    if (scope === 'all') this.allGeneration += 1;
    const kept = scope === 'all' ? [] : this.rows.value.filter((row) => row.origin !== 'live');
    this.idByKey.clear();
    for (const row of kept) this.idByKey.set(row.key, row.id);
    batch(() => {
      this.rows.value = kept;
      this.droppedCount.value = 0;
      if (!kept.some((row) => row.id === this.selectedId.value)) this.selectedId.value = null;
      if (scope === 'all') this.imports.clearNotices();
    });
  }

  // --- user actions -------------------------------------------------------------

  clear(): void {
    this.reset();
    this.lastNavigation.value = null;
    this.send({ type: 'clear' });
  }

  refresh(): void {
    this.send({ type: 'refresh' });
  }

  reloadInspectedPage(): void {
    this.send({ type: 'reload' });
  }

  setPreserveLog(on: boolean): void {
    this.preserveLog.value = on;
    this.send({ type: 'preserve-log', on });
  }

  select(id: number | null): void {
    this.selectedId.value = id;
  }

  /** A click on a column header: sort by it, then reverse, then back to capture order. */
  sortBy(column: SortColumn): void {
    this.sortOrder.value = nextSortOrder(this.sortOrder.value, column);
  }

  clearFilters(): void {
    batch(() => {
      this.filterText.value = '';
      this.verdictFilter.value = 'all';
    });
  }

  /** Moves the selection within the listed rows: a step (±1, ±page) or to an end. */
  moveSelection(step: number | 'first' | 'last'): Row | null {
    const rows = this.visibleRows.value;
    if (rows.length === 0) return null;
    const current = rows.findIndex((row) => row.id === this.selectedId.value);
    let index: number;
    if (step === 'first') index = 0;
    else if (step === 'last') index = rows.length - 1;
    else if (current === -1) index = step > 0 ? 0 : rows.length - 1;
    else index = Math.min(rows.length - 1, Math.max(0, current + step));
    const row = rows[index] ?? null;
    this.selectedId.value = row?.id ?? null;
    return row;
  }

  private upsert(items: readonly RowData[]): void {
    const rows = this.rows.value.slice();
    let positions: Map<number, number> | null = null;
    for (const item of items) {
      const id = this.idByKey.get(item.key);
      if (id === undefined) {
        const row: Row = { id: this.nextId++, ...item };
        this.idByKey.set(item.key, row.id);
        rows.push(row);
        continue;
      }
      positions ??= new Map(rows.map((row, i) => [row.id, i]));
      const at = positions.get(id);
      if (at !== undefined) rows[at] = { id, ...item };
    }
    this.rows.value = rows;
  }
}

/** Resolves in a later task (after timers, input and rendering already due). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The handshakes of live entries (those that read as one), with their keys, in-flight flags and entries. */
function liveHandshakes(entries: readonly CapturedEntry[]): { handshakes: Handshake[]; keys: string[]; pending: boolean[]; entries: CapturedEntry[] } {
  const handshakes: Handshake[] = [];
  const keys: string[] = [];
  const pending: boolean[] = [];
  const kept: CapturedEntry[] = [];
  for (const entry of entries) {
    const captured = handshakeFromEntry(entry, 'devtools', { devtools: true });
    if (!captured) continue;
    const inFlight = isPending(entry);
    // Still awaiting its response: not a no-response failure (yet).
    handshakes.push(inFlight ? { ...captured, missingResponse: 'pending' } : captured);
    keys.push(entryKey(entry));
    pending.push(inFlight);
    kept.push(entry);
  }
  return { handshakes, keys, pending, entries: kept };
}

/** Imported handshakes are one per file, entry and URL: importing a file again replaces its rows. */
function defaultKey(origin: Origin, report: Report): string {
  return `${typeof origin === 'string' ? origin : origin.file} ${report.source} ${report.url}`;
}
