/**
 * Imports into the panel: files (picker, drop) and pasted text go to the import
 * worker one at a time; its report batches become rows of the store, marked
 * with the file name, beside the live ones. Progress, results and errors go to
 * the store's imports (store/imports.ts), which the banner shows. An error
 * never touches rows already listed.
 */
import type { RunnerKind } from '../store/imports.js';
import type { PanelStore } from '../store/store.js';
import { runImport } from './import-core.js';
import { fromPlainReport, type ImportEvent, type ImportInput, type ImportMessage, type ImportRequest, type ImportSummary } from './import-protocol.js';

export type ImportOutcome = { readonly ok: true; readonly summary: ImportSummary; readonly runner?: RunnerKind } | { readonly ok: false; readonly error: string };

type Running = { done: Promise<void>; cancel: () => void; kind: () => RunnerKind };
type Runner = (input: ImportInput, emit: (event: ImportEvent) => void) => Running;

/** Runs the import in a module worker; in-thread when a worker cannot start (it still yields between batches). */
const workerRunner: Runner = (input, emit) => {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: 'ws-handshakes-import' });
  } catch {
    return inThreadRunner(input, emit);
  }
  let settle: () => void = () => {};
  const done = new Promise<void>((resolve) => (settle = resolve));
  let heard = false;
  let kind: RunnerKind = 'worker';
  const finish = (): void => {
    worker.terminate();
    settle();
  };
  worker.onmessage = (event: MessageEvent<ImportMessage>) => {
    heard = true;
    const { id: _id, ...message } = event.data;
    emit(message as ImportEvent);
    if (message.type === 'done' || message.type === 'error') finish();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (!heard) {
      // The worker script did not load (e.g. a browser without module workers): do the work here instead.
      worker.terminate();
      kind = 'in-thread';
      void inThreadRunner(input, emit).done.then(settle);
      return;
    }
    emit({ type: 'error', message: `the import stopped (${event.message || 'worker error'})` });
    finish();
  };
  const request: ImportRequest = { type: 'import', id: 1, input };
  worker.postMessage(request);
  return {
    done,
    cancel: () => {
      emit({ type: 'error', message: 'cancelled' });
      finish();
    },
    kind: () => kind,
  };
};

/** Runs the import on this thread (tests, and the fallback when no worker starts). */
export const inThreadRunner: Runner = (input, emit) => {
  let cancelled = false;
  const done = runImport(input, (event) => {
    if (!cancelled) emit(event);
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      emit({ type: 'error', message: 'cancelled' });
    },
    kind: () => 'in-thread',
  };
};

/**
 * Imports one input into the store; imports run one after another. Resolves when
 * its rows are listed (or it failed). Never throws.
 */
export function importInput(target: PanelStore, input: ImportInput, runner: Runner = workerRunner, notifyDone = true): Promise<ImportOutcome> {
  const imports = target.imports;
  const result = imports.queue.then(() => runOne(target, input, runner, notifyDone));
  imports.queue = result.catch(() => undefined);
  return result;
}

function describeDone(name: string, summary: ImportSummary): string {
  const n = summary.handshakes;
  const skipped = summary.skipped > 0 ? ` (${summary.skipped} other entr${summary.skipped === 1 ? 'y' : 'ies'} skipped)` : '';
  return `Imported ${n} handshake${n === 1 ? '' : 's'} from ${name}${skipped}.`;
}

async function runOne(target: PanelStore, input: ImportInput, runner: Runner, notifyDone = true): Promise<ImportOutcome> {
  const imports = target.imports;
  const id = imports.newId();
  const origin = { file: input.name } as const;
  imports.current.value = { id, name: input.name, progress: null };
  // A holder, so the callback's assignments are visible to TypeScript's flow analysis below.
  const state: { outcome: ImportOutcome | null } = { outcome: null };
  const listed: Promise<void>[] = [];
  const job = runner(input, (event) => {
    if (state.outcome) return;
    switch (event.type) {
      case 'progress':
        imports.current.value = { id, name: input.name, progress: event.progress };
        break;
      case 'reports':
        listed.push(target.addReports(event.reports.map(fromPlainReport), origin, event.entries));
        break;
      case 'done':
        state.outcome = { ok: true, summary: event.summary };
        break;
      case 'error':
        state.outcome = { ok: false, error: event.message };
        break;
    }
  });
  imports.cancelCurrent = job.cancel;
  await job.done;
  await Promise.all(listed);
  imports.cancelCurrent = null;
  imports.current.value = null;
  const final: ImportOutcome = state.outcome ?? { ok: false, error: 'the import ended without a result' };
  const runnerKind = job.kind();
  if (final.ok) {
    Object.assign(final, { runner: runnerKind });
    if (notifyDone) imports.notify({ name: input.name, kind: 'done', message: describeDone(input.name, final.summary), handshakes: final.summary.handshakes, ms: final.summary.ms, runner: runnerKind });
  } else {
    imports.notify({ name: input.name, kind: 'error', message: final.error, runner: runnerKind });
  }
  return final;
}

/** What a batch of files gave, in one line: the rows from each file, e.g. `Imported a.har (3 handshakes) and b.har (1 handshake).` */
export function describeBatch(done: readonly { readonly name: string; readonly summary: ImportSummary }[]): string {
  const plural = (n: number): string => `${n} handshake${n === 1 ? '' : 's'}`;
  const parts = done.map(({ name, summary }) => `${name} (${plural(summary.handshakes)}${summary.skipped > 0 ? `, ${summary.skipped} other entr${summary.skipped === 1 ? 'y' : 'ies'} skipped` : ''})`);
  const list = parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `Imported ${list}.`;
}

/**
 * Files from the picker or a drop, imported one by one; one notice names each file and its rows (errors get
 * their own), and the first imported row is selected, so the user sees what came in.
 */
export async function importFiles(target: PanelStore, files: Iterable<File>, runner: Runner = workerRunner): Promise<ImportOutcome[]> {
  const inputs = [...files].map((file): ImportInput => ({ name: file.name || 'file', kind: 'auto', data: file }));
  const before = new Set(target.rows.value.map((row) => row.id));
  const outcomes = await Promise.all(inputs.map((input) => importInput(target, input, runner, false)));
  const done = inputs.flatMap((input, i) => {
    const outcome = outcomes[i]!;
    return outcome.ok ? [{ name: input.name, summary: outcome.summary, runner: outcome.runner }] : [];
  });
  if (done.length > 0) {
    target.imports.notify({
      name: done.map((d) => d.name).join(', '),
      kind: 'done',
      message: describeBatch(done),
      handshakes: done.reduce((n, d) => n + d.summary.handshakes, 0),
      ms: done.reduce((n, d) => n + d.summary.ms, 0),
      ...(done[0]!.runner ? { runner: done[0]!.runner } : {}),
    });
    const names = new Set(done.map((d) => d.name));
    const first = target.rows.value.find((row) => !before.has(row.id) && typeof row.origin === 'object' && names.has(row.origin.file));
    if (first) target.select(first.id);
  }
  return outcomes;
}

/** Pasted text: raw handshake text, or HAR JSON; rows are named `paste N`. */
export function importPastedText(target: PanelStore, text: string, name = target.imports.nextPasteName()): Promise<ImportOutcome> {
  return importInput(target, { name, kind: 'auto', data: text });
}
