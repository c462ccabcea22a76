/**
 * `ws-handshake lint [--format human|json|github|sarif|junit] [--show-secrets] [--fail-on fail|warn|never] FILE...`: judge the
 * handshakes in HAR files and raw handshake text. Every input is reported even
 * when another one is broken. Exit: 2 when an input could not be read or parsed
 * (the run is incomplete), else 1 when a handshake reaches --fail-on, else 0.
 * A HAR without WebSocket handshakes is not an error: a note on stderr says so.
 */
import { analyze } from '../core/analyze.js';
import { JsonDocumentWriter, type JsonError } from '../core/export/json.js';
import { redactReport } from '../core/export/redact.js';
import type { Handshake, Verdict } from '../core/model.js';
import type { ConfiguredTimeout } from '../core/connection/idle-timeouts.js';
import { combineFormat, formatReportOf, locator, readFormatOption, renderLocatingFormat, type FormatReport, type OutputFormat } from './formats/index.js';
import { formatReport, formatTally } from './human.js';
import { parseIdleTimeout } from './idle-timeout-option.js';
import { loadInput } from './inputs.js';
import { colourEnabled, printable, type CliIo } from './io.js';
import { UsageError } from './usage.js';

export type FailOn = 'fail' | 'warn' | 'never';

export interface LintOptions {
  /** `--format` (`--json` is `--format json`). */
  readonly format: OutputFormat;
  /** Print credentials as they are; by default they are masked in every line and every format, as the panel's exports do. */
  readonly showSecrets: boolean;
  readonly failOn: FailOn;
  readonly files: readonly string[];
  /** Idle timeouts configured on the path (--idle-timeout): a connection's end after that much silence is named after them. */
  readonly idleTimeouts?: readonly ConfiguredTimeout[];
}

export function parseLintArgs(args: readonly string[]): LintOptions {
  let format: OutputFormat | null = null;
  let showSecrets = false;
  let failOn: FailOn = 'fail';
  const files: string[] = [];
  const idleTimeouts: ConfiguredTimeout[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--json' || arg === '--format' || arg.startsWith('--format=')) {
      const option = readFormatOption(args, i, 'lint')!;
      format = combineFormat(format, option.format, 'lint');
      i += option.consumed - 1;
    } else if (arg === '--show-secrets') {
      showSecrets = true;
    } else if (arg === '--fail-on' || arg.startsWith('--fail-on=')) {
      const value = arg === '--fail-on' ? args[++i] : arg.slice('--fail-on='.length);
      if (value !== 'fail' && value !== 'warn' && value !== 'never') {
        throw new UsageError(`--fail-on wants fail, warn or never${value === undefined ? '' : `, not "${value}"`}`);
      }
      failOn = value;
    } else if (arg === '--idle-timeout' || arg.startsWith('--idle-timeout=')) {
      const value = arg === '--idle-timeout' ? args[++i] : arg.slice('--idle-timeout='.length);
      if (value === undefined) throw new UsageError('lint: --idle-timeout needs a value');
      idleTimeouts.push(parseIdleTimeout('lint', value));
    } else {
      throw new UsageError(`lint: unknown option ${arg}`);
    }
  }
  if (files.length === 0) throw new UsageError('lint: give at least one FILE (a HAR or raw handshake text; - reads stdin)');
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('lint: stdin (-) can be read only once');
  return { format: format ?? 'human', showSecrets, failOn, files, idleTimeouts };
}

export function reachesFailOn(verdict: Verdict, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warn') return verdict !== 'pass';
  return verdict === 'fail';
}

/** Handshakes analysed and printed together: memory follows this, not the file (issue 14). */
const BATCH = 500;

export async function runLint(options: LintOptions, io: CliIo, version: string): Promise<number> {
  const errors: JsonError[] = [];
  const locating = options.format === 'github' || options.format === 'sarif' || options.format === 'junit' ? options.format : null;
  // What the locating formats print, kept for the whole run (they group and count at the end); no handshakes in it.
  const kept: FormatReport[] = [];
  const lines = new Map<string, number>();
  const tally: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0 };
  let failed = false;
  const colour = options.format === 'human' ? colourEnabled(io) : false;
  const json = options.format === 'json' ? new JsonDocumentWriter((text) => io.stdout.write(text), { version }) : null;

  const report = async (handshakes: readonly Handshake[], at: ReadonlyMap<string, number> | undefined): Promise<void> => {
    if (handshakes.length === 0) return;
    const analysed = await analyze(handshakes, { idleTimeouts: options.idleTimeouts ?? [] });
    let text = '';
    for (const real of analysed) {
      tally[real.verdict]++;
      if (reachesFailOn(real.verdict, options.failOn)) failed = true;
    }
    // Verdicts come from the real values; what is printed (every format) has credentials masked unless asked otherwise.
    const reports = options.showSecrets ? analysed : analysed.map(redactReport);
    if (json) json.add(reports);
    else if (locating) {
      for (const r of reports) kept.push(formatReportOf(r));
      for (const [source, line] of at ?? []) lines.set(source, line);
    } else {
      for (const r of reports) text += `${formatReport(r, colour).join('\n')}\n\n`;
      io.stdout.write(text);
    }
  };

  for (const file of options.files) {
    let count = 0;
    const input = await loadInput(file, io, {
      lines: locating !== null,
      batchSize: BATCH,
      onBatch: async (handshakes, at) => {
        count += handshakes.length;
        await report(handshakes, at);
      },
    });
    if (!input.ok) {
      errors.push({ source: input.source, message: input.error });
      io.stderr.write(`ws-handshake: ${printable(input.source)}: ${printable(input.error)}\n`);
      continue;
    }
    count += input.handshakes.length;
    if (count === 0) {
      const entries = `${input.skipped} ${input.skipped === 1 ? 'entry' : 'entries'}`;
      io.stderr.write(`ws-handshake: ${printable(input.source)}: no WebSocket handshakes found (${entries}, none a WebSocket handshake)\n`);
    }
    // The rest of the file (all of a small one), in batches too.
    for (let i = 0; i < input.handshakes.length; i += BATCH) await report(input.handshakes.slice(i, i + BATCH), input.lines);
  }

  if (json) {
    json.end(errors);
    io.stdout.write('\n');
  } else if (locating) {
    const fails = (verdict: Verdict): boolean => reachesFailOn(verdict, options.failOn);
    io.stdout.write(renderLocatingFormat(locating, { reports: kept, errors, version, fails, locate: locator(lines) }));
  } else {
    io.stdout.write(`${formatTally(tally, { inputs: options.files.length, inputErrors: errors.length }, colour)}\n`);
  }

  if (errors.length > 0) return 2;
  return failed ? 1 : 0;
}
