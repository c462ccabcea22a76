/**
 * `--format human|json|github|sarif|junit`: which output `lint` and `probe` print. `human`
 * is each command's own text; the others are built here from the same reports, one module
 * per format. `--json` stays as the short form of `--format json`.
 */
import { stringifyJsonDocument, toJsonDocument } from '../../core/export/json.js';
import { printable } from '../io.js';
import { UsageError } from '../usage.js';
import type { FormatInput, LocatingInput } from './format-input.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';

export { formatReportOf, type FormatInput, type FormatReport, type LocatingInput } from './format-input.js';
export { locator, NOWHERE, splitSource, type Location } from './location.js';

export const OUTPUT_FORMATS = ['human', 'json', 'github', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** The formats that place findings in their input file, so `lint` measures entry lines for them. */
export const LOCATING_FORMATS: ReadonlySet<OutputFormat> = new Set(['github', 'sarif', 'junit']);

export function parseFormat(value: string | undefined, command: string): OutputFormat {
  const format = OUTPUT_FORMATS.find((f) => f === value);
  if (!format) throw new UsageError(`${command}: --format wants ${OUTPUT_FORMATS.join(', ')}${value === undefined ? '' : `, not "${printable(value)}"`}`);
  return format;
}

/** Reads `--format X`, `--format=X` and `--json` at `args[i]`; returns the format and how many arguments it took, or null when `args[i]` is neither. */
export function readFormatOption(args: readonly string[], i: number, command: string): { readonly format: OutputFormat; readonly consumed: number } | null {
  const arg = args[i]!;
  if (arg === '--json') return { format: 'json', consumed: 1 };
  if (arg === '--format') return { format: parseFormat(args[i + 1], command), consumed: 2 };
  if (arg.startsWith('--format=')) return { format: parseFormat(arg.slice('--format='.length), command), consumed: 1 };
  return null;
}

/** Settles `--json` and `--format` given together: the same format is fine, two different ones are a usage error. */
export function combineFormat(current: OutputFormat | null, next: OutputFormat, command: string): OutputFormat {
  if (current !== null && current !== next) throw new UsageError(`${command}: give one output format, not both ${current} and ${next}`);
  return next;
}

/** The output of a machine-readable format. */
export function renderFormat(format: Exclude<OutputFormat, 'human'>, input: FormatInput): string {
  switch (format) {
    case 'json':
      return `${stringifyJsonDocument(toJsonDocument(input.reports, input.errors, { version: input.version }))}\n`;
    case 'github':
      return formatGithub(input);
    case 'sarif':
      return formatSarif(input);
    case 'junit':
      return formatJunit(input);
  }
}

/** The formats that place findings, from reports cut down to what they print (lint keeps these for a whole run). */
export function renderLocatingFormat(format: 'github' | 'sarif' | 'junit', input: LocatingInput): string {
  switch (format) {
    case 'github':
      return formatGithub(input);
    case 'sarif':
      return formatSarif(input);
    case 'junit':
      return formatJunit(input);
  }
}
