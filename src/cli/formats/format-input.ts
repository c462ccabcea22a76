/** What every output format is given: the reports, the inputs that failed, and how to judge and place them. */
import type { JsonError } from '../../core/export/json.js';
import type { Report, Verdict } from '../../core/model.js';
import type { Location } from './location.js';

export interface FormatInput {
  readonly reports: readonly Report[];
  /** Inputs that could not be read or parsed (lint), or the probe's failure. */
  readonly errors: readonly JsonError[];
  /** The tool's version (package.json). */
  readonly version: string;
  /** Whether a verdict fails the run (`--fail-on`). */
  readonly fails: (verdict: Verdict) => boolean;
  /** Where a report or error source sits in its input. */
  readonly locate: (source: string) => Location;
}

/** What github, sarif and junit read of a report: small enough to keep for every handshake of a huge run (no handshake, no raw text). */
export type FormatReport = Pick<Report, 'source' | 'url' | 'findings' | 'verdict' | 'status' | 'transport' | 'summary'>;

export function formatReportOf(report: Report): FormatReport {
  const { source, url, findings, verdict, status, transport, summary } = report;
  return { source, url, findings, verdict, status, transport, summary };
}

/** The input of the formats that place findings: reports cut down to what they print. */
export interface LocatingInput extends Omit<FormatInput, 'reports'> {
  readonly reports: readonly FormatReport[];
}
