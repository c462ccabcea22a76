/**
 * The `--json` document (shared/SPEC.md): reports and input errors as one
 * plain object with a fixed field order. The CLI prints it; the panel's export
 * reuses it, so both faces write the same format.
 */
import type { ConnectionReport, Finding, Report } from '../model.js';

/** A finding's documented fields (rule, severity, message, spec, header, fix), in that order. */
export type JsonFinding = Pick<Finding, 'rule' | 'severity' | 'message' | 'spec' | 'header' | 'fix'>;

/** A report's public fields, in the documented order (the summary and the parsed handshake stay out). */
export interface JsonHandshake
  extends Pick<Report, 'source' | 'url' | 'transport' | 'status' | 'verdict' | 'key' | 'expectedAccept' | 'actualAccept' | 'browserError'> {
  readonly findings: JsonFinding[];
  /** The request sent and the response received, exactly as on the wire; only when the source saw them (the probe). */
  readonly raw?: { readonly request: string; readonly response: string };
  /** What happened after the 101 (contract addition): only when the source saw the connection (Chrome HARs, the probe). */
  readonly connection?: JsonConnection;
}

/**
 * The connection after the 101, in a fixed field order. Its findings have their own
 * severity and `verdict`, never folded into the handshake's. No message data: counts,
 * sizes and times only (the errors are the client's words).
 */
export interface JsonConnection
  extends Pick<
    ConnectionReport,
    | 'seen'
    | 'state'
    | 'verdict'
    | 'summary'
    | 'closedBy'
    | 'code'
    | 'codeMeaning'
    | 'reason'
    | 'openedAtMs'
    | 'endedAtMs'
    | 'openForMs'
    | 'sinceLastReceivedMs'
    | 'sinceLastSentMs'
    | 'sent'
    | 'received'
    | 'diedEarly'
  > {
  readonly errors: { readonly atMs: number | null; readonly text: string }[];
  readonly findings: JsonFinding[];
}

/** An input that could not be read or parsed. */
export interface JsonError {
  readonly source: string;
  readonly message: string;
}

export interface JsonDocument {
  readonly tool: 'ws-handshake';
  readonly version: string;
  readonly handshakes: JsonHandshake[];
  readonly errors: JsonError[];
}

export interface JsonDocumentOptions {
  /** The tool's version (package.json). */
  readonly version: string;
}

function jsonFinding(f: Finding): JsonFinding {
  return { rule: f.rule, severity: f.severity, message: f.message, spec: f.spec, header: f.header, fix: f.fix };
}

export function toJsonConnection(c: ConnectionReport): JsonConnection {
  return {
    seen: c.seen,
    state: c.state,
    verdict: c.verdict,
    summary: c.summary,
    closedBy: c.closedBy,
    code: c.code,
    codeMeaning: c.codeMeaning,
    reason: c.reason,
    openedAtMs: c.openedAtMs,
    endedAtMs: c.endedAtMs,
    openForMs: c.openForMs,
    sinceLastReceivedMs: c.sinceLastReceivedMs,
    sinceLastSentMs: c.sinceLastSentMs,
    sent: { count: c.sent.count, bytes: c.sent.bytes, largest: c.sent.largest },
    received: { count: c.received.count, bytes: c.received.bytes, largest: c.received.largest },
    diedEarly: c.diedEarly,
    errors: c.errors.map((e) => ({ atMs: e.atMs, text: e.text })),
    findings: c.findings.map(jsonFinding),
  };
}

export function toJsonHandshake(report: Report): JsonHandshake {
  const handshake: JsonHandshake = {
    source: report.source,
    url: report.url,
    transport: report.transport,
    status: report.status,
    verdict: report.verdict,
    key: report.key,
    expectedAccept: report.expectedAccept,
    actualAccept: report.actualAccept,
    browserError: report.browserError,
    findings: report.findings.map(jsonFinding),
  };
  const raw = report.handshake.raw;
  const withRaw = raw ? { ...handshake, raw: { request: raw.request, response: raw.response } } : handshake;
  return report.connection ? { ...withRaw, connection: toJsonConnection(report.connection) } : withRaw;
}

export function toJsonDocument(
  reports: readonly Report[],
  errors: readonly JsonError[],
  options: JsonDocumentOptions,
): JsonDocument {
  return {
    tool: 'ws-handshake',
    version: options.version,
    handshakes: reports.map(toJsonHandshake),
    errors: errors.map((e) => ({ source: e.source, message: e.message })),
  };
}

/**
 * The document as text. JSON.stringify leaves C1 controls (U+0080–U+009F) and
 * DEL raw; header values are untrusted, so they are escaped too, keeping a
 * terminal that shows the output safe.
 */
export function stringifyJsonDocument(document: JsonDocument): string {
  return escapeUnsafe(JSON.stringify(document, null, 2));
}

function escapeUnsafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One array element as `JSON.stringify(document, null, 2)` lays it out two levels deep (no raw newline is inside a JSON string, so indenting every line is exact). */
function nested(value: unknown): string {
  return escapeUnsafe(JSON.stringify(value, null, 2)).replace(/\n/g, '\n    ');
}

/**
 * The same text as `stringifyJsonDocument(toJsonDocument(...))`, written a few handshakes at a
 * time, so a run over a huge HAR never holds every report: `add` writes each batch, `end`
 * writes the errors and closes the document.
 */
export class JsonDocumentWriter {
  private count = 0;

  constructor(
    private readonly write: (text: string) => void,
    options: JsonDocumentOptions,
  ) {
    write(`{\n  "tool": "ws-handshake",\n  "version": ${escapeUnsafe(JSON.stringify(options.version))},\n  "handshakes": [`);
  }

  add(reports: readonly Report[]): void {
    if (reports.length === 0) return;
    let text = '';
    for (const report of reports) {
      text += `${this.count === 0 ? '' : ','}\n    ${nested(toJsonHandshake(report))}`;
      this.count++;
    }
    this.write(text);
  }

  end(errors: readonly JsonError[]): void {
    const items = errors.map((e) => `\n    ${nested({ source: e.source, message: e.message })}`);
    this.write(`${this.count === 0 ? ']' : '\n  ]'},\n  "errors": ${items.length === 0 ? '[]' : `[${items.join(',')}\n  ]`}\n}`);
  }
}
