/**
 * The panel's exports as text: the CLI's `--json` document, Markdown for one
 * handshake or all, and a HAR of the WebSocket entries; redacted unless the
 * user turned it off for this export. Pure (no DOM), so tests check exactly
 * what a user would download.
 */
import { toJsonDocument, stringifyJsonDocument } from '../../core/export/json.js';
import { markdownForAll, markdownForOne } from '../../core/export/markdown.js';
import type { Report } from '../../core/model.js';
import { splitUrl } from '../../core/url.js';
import { redactReport } from '../../core/export/redact.js';
import { stringifyHar, toHarDocument } from '../../sources/har/export.js';

export type ExportKind = 'json' | 'markdown-one' | 'markdown-all' | 'har';

export interface ExportItem {
  readonly report: Report;
  /** The HAR entry the handshake was read from, kept in the HAR export. */
  readonly entry?: unknown;
}

export interface ExportRequest {
  readonly kind: ExportKind;
  /** The handshakes to export with the HAR entries they came from (a list row is one); `markdown-one` uses the first. */
  readonly items: readonly ExportItem[];
  /** Mask credentials; the user may turn it off for one export. */
  readonly redact: boolean;
  readonly version: string;
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
  const host = splitUrl(url)?.host ?? '';
  return host.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 60) || 'handshake';
}

export function buildExport(request: ExportRequest): ExportFile {
  const now = request.now ?? new Date();
  const originals = request.items.map((item) => item.report);
  const reports = request.redact ? originals.map(redactReport) : originals;
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
        fileName: `ws-handshake-${hostOf(originals[0]!.url)}-${stamp(now)}.md`,
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
      const items = request.items.map((item) => ({ handshake: item.report.handshake, entry: item.entry }));
      return {
        fileName: `ws-handshakes-${stamp(now)}.har`,
        mimeType: 'application/json',
        text: stringifyHar(toHarDocument(items, { version: request.version, redact: request.redact, fallbackStartedAt: now.toISOString() })),
      };
    }
  }
}
