/**
 * The panel's exports as text: the CLI's `--json` document, Markdown for one
 * handshake or all, and a HAR of the WebSocket entries; redacted unless the
 * user turned it off for this export. Pure (no DOM), so tests check exactly
 * what a user would download.
 */
import { toJsonDocument, stringifyJsonDocument } from '../core/json.js';
import { markdownForAll, markdownForOne } from '../core/markdown.js';
import type { Handshake, Report } from '../core/model.js';
import { redactReport } from '../core/redact.js';
import { stringifyHar, toHarDocument } from '../sources/har-export.js';

export type ExportKind = 'json' | 'markdown-one' | 'markdown-all' | 'har';

export interface ExportRequest {
  readonly kind: ExportKind;
  /** The handshakes to export; `markdown-one` uses the first. */
  readonly reports: readonly Report[];
  /** Mask credentials; the user may turn it off for one export. */
  readonly redact: boolean;
  readonly version: string;
  /** The HAR entry a handshake came from, kept in the HAR export. */
  readonly entryOf?: (handshake: Handshake) => unknown;
  /** For file names and rebuilt entries without a start time. */
  readonly now?: Date;
}

export interface ExportFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
}

export const EXPORT_LABELS: Readonly<Record<ExportKind, string>> = {
  json: 'JSON report (CLI --json schema)',
  'markdown-one': 'Markdown: selected handshake',
  'markdown-all': 'Markdown: all listed handshakes',
  har: 'HAR of the WebSocket entries',
};

function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
}

/** A host for file names, safe on every file system. */
function hostOf(url: string): string {
  const host = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]*)/.exec(url)?.[1] ?? '';
  return host.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 60) || 'handshake';
}

export function buildExport(request: ExportRequest): ExportFile {
  const now = request.now ?? new Date();
  const reports = request.redact ? request.reports.map(redactReport) : request.reports;
  switch (request.kind) {
    case 'json':
      return {
        fileName: `ws-handshakes-${stamp(now)}.json`,
        mimeType: 'application/json',
        text: `${stringifyJsonDocument(toJsonDocument(reports, [], { version: request.version }))}\n`,
      };
    case 'markdown-one': {
      const report = reports[0];
      if (!report) throw new Error('no handshake selected');
      return {
        fileName: `ws-handshake-${hostOf(request.reports[0]!.url)}-${stamp(now)}.md`,
        mimeType: 'text/markdown',
        text: markdownForOne(report, { version: request.version, redacted: request.redact }),
      };
    }
    case 'markdown-all':
      return {
        fileName: `ws-handshakes-${stamp(now)}.md`,
        mimeType: 'text/markdown',
        text: markdownForAll(reports, { version: request.version, redacted: request.redact }),
      };
    case 'har': {
      // Entries are looked up on the original handshakes; har-export redacts entry and handshake together.
      const items = request.reports.map((r) => ({ handshake: r.handshake, entry: request.entryOf?.(r.handshake) }));
      return {
        fileName: `ws-handshakes-${stamp(now)}.har`,
        mimeType: 'application/json',
        text: stringifyHar(toHarDocument(items, { version: request.version, redact: request.redact, fallbackStartedAt: now.toISOString() })),
      };
    }
  }
}
