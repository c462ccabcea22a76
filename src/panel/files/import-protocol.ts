/**
 * What the panel and its import worker say to each other, and the plain
 * (structured-clone-friendly) form of reports: `HeaderList` is a class, so it
 * crosses `postMessage` as its fields and is rebuilt on the other side.
 */
import { HeaderList, type HeaderField } from '../../core/headers.js';
import type { Handshake, HandshakeRequest, HandshakeResponse, Report } from '../../core/model.js';
import type { ImportProgressState } from '../store/imports.js';

export interface PlainRequest extends Omit<HandshakeRequest, 'headers'> {
  readonly headers: readonly HeaderField[];
}
export interface PlainResponse extends Omit<HandshakeResponse, 'headers'> {
  readonly headers: readonly HeaderField[];
}
export interface PlainHandshake extends Omit<Handshake, 'request' | 'response'> {
  readonly request: PlainRequest | null;
  readonly response: PlainResponse | null;
}
export interface PlainReport extends Omit<Report, 'handshake'> {
  readonly handshake: PlainHandshake;
}

export function toPlainHandshake(h: Handshake): PlainHandshake {
  return {
    ...h,
    request: h.request ? { ...h.request, headers: h.request.headers.fields.map((f) => ({ name: f.name, value: f.value })) } : null,
    response: h.response ? { ...h.response, headers: h.response.headers.fields.map((f) => ({ name: f.name, value: f.value })) } : null,
  };
}

export function fromPlainHandshake(h: PlainHandshake): Handshake {
  return {
    ...h,
    request: h.request ? { ...h.request, headers: new HeaderList(h.request.headers) } : null,
    response: h.response ? { ...h.response, headers: new HeaderList(h.response.headers) } : null,
  };
}

export function toPlainReport(report: Report): PlainReport {
  return { ...report, handshake: toPlainHandshake(report.handshake) };
}

export function fromPlainReport(report: PlainReport): Report {
  return { ...report, handshake: fromPlainHandshake(report.handshake) };
}

/** What to import: a dropped or picked file, its bytes, or pasted text. */
export interface ImportInput {
  /** Names the rows' origin and their sources, e.g. `capture.har`, `paste 2`. */
  readonly name: string;
  /** `auto` tells HAR from raw handshake text by name and content, as the CLI does. */
  readonly kind: 'auto' | 'har' | 'raw';
  readonly data: Blob | ArrayBuffer | string;
}

export type { ImportProgressState as ImportProgress } from '../store/imports.js';

export interface ImportSummary {
  readonly kind: 'har' | 'raw';
  readonly handshakes: number;
  /** HAR entries that were not WebSocket handshakes. */
  readonly skipped: number;
  readonly bytes: number;
  readonly ms: number;
}

/** panel → worker. */
export interface ImportRequest {
  readonly type: 'import';
  readonly id: number;
  readonly input: ImportInput;
}

/** worker → panel (without the id, which the worker adds). */
export type ImportEvent =
  | { readonly type: 'progress'; readonly progress: ImportProgressState }
  /** A batch of analysed handshakes, each with the HAR entry it came from (null for raw text). */
  | { readonly type: 'reports'; readonly reports: readonly PlainReport[]; readonly entries: readonly unknown[] }
  | { readonly type: 'done'; readonly summary: ImportSummary }
  | { readonly type: 'error'; readonly message: string };

export type ImportMessage = ImportEvent & { readonly id: number };
