/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding
 * (`::error file=capture.har,line=40,title=accept-mismatch::…`), shown on the run's summary
 * and on the pull request's files. fail → error, warn → warning, info → notice; an input
 * that could not be read is an error on that file. The last line counts, as `lint` does.
 * Escaping follows @actions/core: `%`, CR and LF in the message, and also `:` and `,` in
 * properties, so a header value cannot end the command or start another one.
 */
import type { Severity } from '../../core/model.js';
import { printable } from '../io.js';
import type { FormatReport, LocatingInput } from './format-input.js';
import type { Location } from './location.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { fail: 'error', warn: 'warning', info: 'notice' };

/** Message text: `%`, CR and LF escaped; other control characters made visible. */
export function escapeData(text: string): string {
  return printable(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value: as data, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function properties(location: Location, title: string): string {
  const parts: string[] = [];
  if (location.file !== null) parts.push(`file=${escapeProperty(location.file)}`);
  if (location.file !== null && location.line !== null) parts.push(`line=${location.line}`);
  parts.push(`title=${escapeProperty(title)}`);
  return parts.join(',');
}

export function formatGithub(input: LocatingInput): string {
  const lines: string[] = [];
  for (const report of input.reports) {
    const location = input.locate(report.source);
    const where = `${report.url || '(no URL)'}${location.pointer ? ` (${location.pointer})` : ''}`;
    for (const finding of report.findings) {
      const title = `${finding.rule} (${finding.spec})`;
      const message = `${where}: ${finding.message}\nFix: ${finding.fix}`;
      lines.push(`::${COMMAND[finding.severity]} ${properties(location, title)}::${escapeData(message)}`);
    }
  }
  for (const error of input.errors) {
    // The whole input failed, not one line of it.
    lines.push(`::error ${properties({ ...input.locate(error.source), line: null }, 'ws-handshake: input not read')}::${escapeData(`${error.source}: ${error.message}`)}`);
  }
  const tally = { pass: 0, warn: 0, fail: 0 };
  for (const report of input.reports) tally[report.verdict]++;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const unread = input.errors.length > 0 ? `; ${plural(input.errors.length, 'input')} could not be read` : '';
  lines.push(`${plural(input.reports.length, 'handshake')}: ${tally.pass} pass, ${tally.warn} warn, ${tally.fail} fail${unread}`);
  return `${lines.join('\n')}\n`;
}
