/**
 * Human output of `lint`: one block per handshake, verdict first, then the
 * summary sentence, the accept values and each finding with its fix; a final
 * line of counts. Every value from the input goes through `printable`.
 */
import { offsetText } from '../core/connection/format.js';
import type { ConnectionReport, Finding, Report, Severity, Verdict, TimelineEvent } from '../core/model.js';
import { palette, printable, type Palette } from './io.js';

const VERDICT_WORD: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };
const SEVERITY_WORD: Record<Severity, string> = { fail: 'fail', warn: 'warn', info: 'info' };

function verdictColour(p: Palette, verdict: Verdict | Severity): (text: string) => string {
  if (verdict === 'fail') return p.red;
  if (verdict === 'warn') return p.yellow;
  if (verdict === 'pass') return p.green;
  return p.cyan;
}

export function statusText(report: Report): string {
  if (report.status === 0) return 'no response';
  const text = report.handshake.response?.statusText?.trim() ?? '';
  // The reason phrase is the server's text: an escape sequence in it must not reach the terminal.
  return text ? `${report.status} ${printable(text)}` : String(report.status);
}

function acceptLine(report: Report, p: Palette): string | null {
  const { key, expectedAccept, actualAccept } = report;
  if (key === null && actualAccept === null) return null;
  if (expectedAccept === null) {
    return `accept:  cannot compute the expected value (${key === null ? 'no Sec-WebSocket-Key' : 'the key is not base64 of 16 bytes'}); received ${actualAccept === null ? 'none' : printable(actualAccept)}`;
  }
  if (actualAccept === null) {
    const why = report.status === 0 ? 'no response seen' : 'no Sec-WebSocket-Accept received';
    return `accept:  expected ${printable(expectedAccept)}, ${why}`;
  }
  const match = actualAccept === expectedAccept;
  return `accept:  expected ${printable(expectedAccept)}, received ${printable(actualAccept)} ${match ? p.green('(match)') : p.red('(MISMATCH)')}`;
}

function findingLines(f: Finding, p: Palette): string[] {
  const word = verdictColour(p, f.severity)(SEVERITY_WORD[f.severity].padEnd(4));
  const header = f.header ? `  ${printable(f.header)}` : '';
  const [firstFix = '', ...moreFix] = textLines(f.fix);
  return [
    `  ${word}  ${p.bold(f.rule)}  ${p.dim(`(${printable(f.spec)})`)}${header}`,
    ...textLines(f.message).map((line) => `        ${line}`.trimEnd()),
    `        ${p.dim('fix:')} ${firstFix}`.trimEnd(),
    ...moreFix.map((line) => `             ${line}`.trimEnd()),
  ];
}

/** A message or fix as display lines: its own line breaks kept (lists, ```snippets```), every line made printable. */
function textLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map(printable);
}

/** One handshake's block, lines without trailing newline. */
export function formatReport(report: Report, colour: boolean): string[] {
  const p = palette(colour);
  const verdict = verdictColour(p, report.verdict)(p.bold(VERDICT_WORD[report.verdict]));
  const lines = [
    `${verdict}  ${printable(report.url || '(no URL)')}  ${statusText(report)}  ${report.transport}`,
    `  ${p.dim('source:')}  ${printable(report.source)}`,
  ];
  if (report.summary) lines.push(`  ${printable(report.summary)}`);
  const accept = acceptLine(report, p);
  if (accept) lines.push(`  ${accept}`);
  if (report.browserError) lines.push(`  browser: ${printable(report.browserError)}`);
  for (const f of report.findings) lines.push(...findingLines(f, p));
  if (report.connection) lines.push(...connectionLines(report.connection, p));
  return lines;
}

const TIMELINE_MARK: Record<TimelineEvent['kind'], string> = { open: '*', sent: '→', received: '←', gap: '⋮', error: '!', end: '×' };

/**
 * After the 101: the connection's own verdict and sentence, its timeline (open → first and
 * last messages → errors → end), then its findings. Kept apart from the handshake's.
 */
export function connectionLines(connection: ConnectionReport, p: Palette): string[] {
  const word = connection.state === 'unknown' ? p.dim('----') : verdictColour(p, connection.verdict)(VERDICT_WORD[connection.verdict]);
  const lines = [`  ${p.bold('connection')}  ${word}  ${printable(connection.summary)}`];
  // The timeline only when there is something to explain: a healthy socket is one line.
  if (connection.seen !== 'nothing' && connection.findings.length > 0) {
    for (const event of connection.timeline) {
      lines.push(`    ${p.dim(offsetText(event.atMs).padStart(10))}  ${TIMELINE_MARK[event.kind]} ${printable(event.text)}`);
    }
  }
  for (const f of connection.findings) lines.push(...findingLines(f, p));
  return lines;
}

export interface RunCounts {
  readonly inputs: number;
  readonly inputErrors: number;
}

/** The final line, e.g. `3 handshakes: 1 pass, 1 warn, 1 fail; 1 of 2 inputs could not be read`. */
export function formatTotals(reports: readonly Report[], counts: RunCounts, colour: boolean): string {
  const tally: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0 };
  for (const r of reports) tally[r.verdict]++;
  return formatTally(tally, counts, colour);
}

/** The totals line from verdict counts (lint counts as it goes, holding no reports). */
export function formatTally(tally: Readonly<Record<Verdict, number>>, counts: RunCounts, colour: boolean): string {
  const p = palette(colour);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const total = tally.pass + tally.warn + tally.fail;
  let line = `${plural(total, 'handshake')}: ${p.green(`${tally.pass} pass`)}, ${p.yellow(`${tally.warn} warn`)}, ${p.red(`${tally.fail} fail`)}`;
  if (counts.inputErrors > 0) line += `; ${counts.inputErrors} of ${plural(counts.inputs, 'input')} could not be read`;
  return line;
}
