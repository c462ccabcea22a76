/**
 * The imports' state: the one running now (for the progress bar), what finished
 * ones gave (notices), and the queue they run in, one after another. The work
 * itself is files/imports.ts, loaded on first use.
 */
import { signal } from '@preact/signals';

export interface ImportProgressState {
  readonly phase: 'reading' | 'parsing' | 'analysing';
  readonly bytesRead: number;
  /** 0 when unknown. */
  readonly totalBytes: number;
  readonly handshakesDone: number;
  readonly handshakesTotal: number;
  /** HAR entries in the file (all kinds), once parsed. */
  readonly entriesTotal: number;
}

export interface ImportJob {
  readonly id: number;
  readonly name: string;
  readonly progress: ImportProgressState | null;
}

/** Where an import ran: the worker, or this thread when no worker could start. */
export type RunnerKind = 'worker' | 'in-thread';

export interface ImportNotice {
  readonly id: number;
  readonly name: string;
  readonly kind: 'error' | 'done';
  /** The problem (error), or a one-line result (done). */
  readonly message: string;
  /** Rows the import listed (done). */
  readonly handshakes?: number;
  readonly ms?: number;
  readonly runner?: RunnerKind;
}

/** How many error notices stay until dismissed: the newest few matter. */
const ERRORS_KEPT = 5;

export class ImportsStore {
  /** The import running now; null when none is. */
  readonly current = signal<ImportJob | null>(null);
  /** Results and errors of finished imports, newest last, until dismissed or cleared. */
  readonly notices = signal<readonly ImportNotice[]>([]);
  /** Imports run one after another: each waits for this, then becomes it. */
  queue: Promise<unknown> = Promise.resolve();
  /** Stops the running import (the Cancel button); null when none runs. */
  cancelCurrent: (() => void) | null = null;
  private nextId = 1;
  private pastes = 0;

  newId(): number {
    return this.nextId++;
  }

  /** The name a paste gets as its rows' origin: `paste 1`, `paste 2`, … */
  nextPasteName(): string {
    this.pastes += 1;
    return `paste ${this.pastes}`;
  }

  /** Adds a notice: errors stay until dismissed (the newest few), a result replaces the previous results. */
  notify(notice: Omit<ImportNotice, 'id'>): void {
    const errors = this.notices.value.filter((n) => n.kind === 'error').slice(-(ERRORS_KEPT - 1));
    this.notices.value = [...errors, { id: this.newId(), ...notice }];
  }

  dismiss(id: number): void {
    this.notices.value = this.notices.value.filter((n) => n.id !== id);
  }

  clearNotices(): void {
    this.notices.value = [];
  }

  cancel(): void {
    this.cancelCurrent?.();
  }
}
