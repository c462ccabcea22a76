/**
 * `ws-handshake probe [options] URL`: performs the opening handshake against a
 * live server, prints the request sent and the response head exactly as
 * received, then the core's findings. Exit: 0 when the handshake does not reach
 * --fail-on, 1 when it does or no (complete) response came, 2 on a usage error.
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { analyzeOne } from '../core/analyze.js';
import { trimEndWhere } from '../core/text.js';
import { isWellFormedKey } from '../core/accept.js';
import { readClosePayload } from '../core/frames.js';
import { isToken, type HeaderField } from '../core/headers.js';
import { handshakeSecrets, redactHandshake, redactReport, redactUrl } from '../core/export/redact.js';
import type { Report } from '../core/model.js';
import { parseProbeUrl, probe, type ProbeOptions, type ProbeResult, type ReceivedFrame, type CloseOutcome } from '../sources/probe/probe.js';
import type { ConfiguredTimeout } from '../core/connection/idle-timeouts.js';
import { combineFormat, NOWHERE, parseFormat, renderFormat, type OutputFormat } from './formats/index.js';
import { parseIdleTimeout } from './idle-timeout-option.js';
import { connectionLines, formatReport } from './human.js';
import { colourEnabled, palette, printable, type CliIo, type Palette } from './io.js';
import { reachesFailOn, type FailOn } from './lint.js';
import { toolVersion } from './version.js';
import { probeSynopsis, UsageError } from './usage.js';

export const PROBE_USAGE = `${probeSynopsis('Usage: ')}
Opens a WebSocket handshake with URL (ws://, wss://; http(s):// is taken as ws(s)://), prints the
request sent and the server's response head byte for byte, then the findings.
  --protocol P       offer subprotocol P (repeat for more; sent comma-joined)
  --origin O         send Origin: O
  --header "N: v"    add a header, or replace a default one; "N:" with no value removes a default
  --key KEY          send this Sec-WebSocket-Key (replay a browser's request); default random
  --insecure, -k     do not verify the TLS certificate
  --ca FILE          trust the CA certificate(s) in FILE (PEM) as well as the system's
  --timeout MS       give up when no response head arrived within MS (default 10000)
  --no-deflate       do not offer permessage-deflate (offered by default, as browsers do)
  --http2            offer HTTP/2 by ALPN (wss:// only) and, when the server allows extended CONNECT,
                     open the WebSocket over HTTP/2 (RFC 8441) as Chromium does; else HTTP/1.1
  --stay             after a good 101, keep the connection open and print frames until Ctrl-C, then
                     how the connection ended and why (close code, silence, frame errors)
  --stay-ms MS       like --stay, closing after MS
  --send TEXT        with --stay: send TEXT as a text message once open (repeat for more)
  --idle-timeout [C=]S  an idle timeout of S seconds is configured on the path (C: nginx, haproxy,
                     aws-alb…): an end after that much silence is named after it (repeat for more)
  --fail-on LEVEL    exit 1 from this severity on: fail (default), warn, never
  --format F         human (default), json, github, sarif or junit (see ws-handshake --help)
  --json             print the JSON document (with "raw": the request and response as on the wire;
                     with --stay, printed once the connection is over, with "connection")
  --show-secrets     print credentials (Authorization, cookies, tokens in the URL) as they are; masked by default
Proxies: HTTP_PROXY (ws://) and HTTPS_PROXY (wss://), or lower-case, via CONNECT; NO_PROXY is honoured.
`;

export interface ProbeCliOptions {
  readonly url: string;
  /** `--format` (`--json` is `--format json`); `human` is the transcript. */
  readonly format: OutputFormat;
  readonly failOn: FailOn;
  readonly protocols: string[];
  readonly origin: string | null;
  readonly headers: HeaderField[];
  readonly key: string | null;
  readonly insecure: boolean;
  readonly caFile: string | null;
  readonly timeoutMs: number;
  readonly deflate: boolean;
  readonly stay: boolean;
  /** Print credentials (Authorization, cookies, tokens in the URL) as they are; masked by default. */
  readonly showSecrets: boolean;
  /** Close after this long with --stay; null waits for Ctrl-C. */
  readonly stayMs: number | null;
  readonly http2: boolean;
  /** Text messages to send once open (--stay). */
  readonly sends: readonly string[];
  /** Idle timeouts configured on the path (--idle-timeout). */
  readonly idleTimeouts: readonly ConfiguredTimeout[];
}

const HAS_LINE_BREAK = /[\r\n\0]/;

function positiveInteger(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`probe: ${flag} wants a positive number of milliseconds, not "${printable(value)}"`);
  return Number(value);
}

function parseHeaderArg(value: string): HeaderField {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new UsageError(`probe: --header wants "Name: value", not "${printable(value)}"`);
  const name = value.slice(0, colon).trim();
  const fieldValue = value.slice(colon + 1).trim();
  if (!isToken(name)) throw new UsageError(`probe: --header name "${printable(name)}" is not an HTTP token`);
  if (HAS_LINE_BREAK.test(fieldValue)) throw new UsageError(`probe: --header ${name} value contains a line break`);
  return { name, value: fieldValue };
}

export function parseProbeArgs(args: readonly string[]): ProbeCliOptions | 'help' {
  let format: OutputFormat | null = null;
  let failOn: FailOn = 'fail';
  const protocols: string[] = [];
  let origin: string | null = null;
  const headers: HeaderField[] = [];
  let key: string | null = null;
  let insecure = false;
  let caFile: string | null = null;
  let timeoutMs = 10_000;
  let deflate = true;
  let stay = false;
  let showSecrets = false;
  let stayMs: number | null = null;
  let http2 = false;
  const sends: string[] = [];
  const idleTimeouts: ConfiguredTimeout[] = [];
  const urls: string[] = [];
  let optionsEnded = false;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      urls.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`probe: ${flag} needs a value`);
      return next;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`probe: ${flag} takes no value`);
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--json':
        noValue();
        format = combineFormat(format, 'json', 'probe');
        break;
      case '--format':
        format = combineFormat(format, parseFormat(value(), 'probe'), 'probe');
        break;
      case '--show-secrets':
        noValue();
        showSecrets = true;
        break;
      case '--protocol': {
        const protocol = value();
        if (HAS_LINE_BREAK.test(protocol)) throw new UsageError('probe: --protocol contains a line break');
        protocols.push(protocol);
        break;
      }
      case '--origin':
        origin = value();
        if (HAS_LINE_BREAK.test(origin)) throw new UsageError('probe: --origin contains a line break');
        break;
      case '--header':
      case '-H':
        headers.push(parseHeaderArg(value()));
        break;
      case '--key':
        key = value().trim();
        if (HAS_LINE_BREAK.test(key) || key === '') throw new UsageError('probe: --key wants a Sec-WebSocket-Key on one line');
        break;
      case '--insecure':
      case '-k':
        noValue();
        insecure = true;
        break;
      case '--ca':
        caFile = value();
        break;
      case '--timeout':
        timeoutMs = positiveInteger(flag, value());
        break;
      case '--no-deflate':
        noValue();
        deflate = false;
        break;
      case '--http2':
        noValue();
        http2 = true;
        break;
      case '--stay':
        noValue();
        stay = true;
        break;
      case '--stay-ms':
        stayMs = positiveInteger(flag, value());
        stay = true;
        break;
      case '--send':
        sends.push(value());
        break;
      case '--idle-timeout':
        idleTimeouts.push(parseIdleTimeout('probe', value()));
        break;
      case '--fail-on': {
        const level = value();
        if (level !== 'fail' && level !== 'warn' && level !== 'never') throw new UsageError(`probe: --fail-on wants fail, warn or never, not "${printable(level)}"`);
        failOn = level;
        break;
      }
      default:
        throw new UsageError(`probe: unknown option ${printable(arg)} (ws-handshake probe --help)`);
    }
  }
  if (urls.length === 0) throw new UsageError('probe: give the URL to probe, e.g. ws-handshake probe wss://example.com/socket');
  if (urls.length > 1) throw new UsageError(`probe: give one URL, not ${urls.length}`);
  const url = urls[0]!;
  const parsed = parseProbeUrl(url);
  if (!parsed.ok) throw new UsageError(`probe: ${printable(parsed.error)}`);
  if (http2 && !parsed.target.secure) throw new UsageError('probe: --http2 needs a wss:// URL (browsers use WebSockets over HTTP/2 only with TLS)');
  if (sends.length > 0 && !stay) throw new UsageError('probe: --send needs --stay or --stay-ms (the connection must stay open)');
  return { url, format: format ?? 'human', failOn, protocols, origin, headers, key, insecure, caFile, timeoutMs, deflate, stay, stayMs, showSecrets, http2, sends, idleTimeouts };
}

// ---------------------------------------------------------------------------
// Human output

/** One raw line made visible: control characters escaped, trailing blanks marked, bare LF noted. */
function visibleLine(line: string, ending: string, p: Palette): string {
  // A backward scan: /[ \t]+$/ retried every start of a long run of blanks inside the line.
  const kept = trimEndWhere(line, (code) => code === 0x20 || code === 0x09);
  const trailing = line.slice(kept.length);
  const body = printable(kept);
  const marks = trailing.replace(/ /g, '␠').replace(/\t/g, '␉');
  const note = ending === '\n' ? p.dim('  (LF without CR)') : ending === '' ? p.dim('  (no line end)') : '';
  return `${body}${marks ? p.yellow(marks) : ''}${note}`;
}

/** Raw head text → display lines, each with its own line end kept apart. */
export function rawLines(raw: string, marker: string, p: Palette): string[] {
  if (raw === '') return [];
  const out: string[] = [];
  const pattern = /([^\n]*?)(\r?\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(raw)) !== null) {
    const [whole, line = '', ending = ''] = match;
    if (whole === '') break;
    out.push(`${marker} ${visibleLine(line, ending, p)}`.trimEnd());
  }
  return out;
}

function ms(value: number | null): string {
  return value === null ? '–' : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function describeClose(close: CloseOutcome): string {
  if (close.sentCode === null && close.initiator === 'client') return `connection dropped: ${close.note ?? ''}`;
  const server = close.serverClosed
    ? `close ${close.serverCode ?? '(no code)'}${close.serverReason ? ` "${printable(close.serverReason)}"` : ''}`
    : null;
  if (close.initiator === 'server') return `the server closed first with ${server ?? 'no close frame'}${close.note ? ` (${close.note})` : ''}`;
  return `sent close ${close.sentCode}; ${server ? `the server answered ${server}` : close.note ?? 'no answer'}`;
}

/** A permessage-deflate message on its own (RFC 7692 §7.2.2); null when it needs the previous messages' window. */
function inflateMessage(payload: Uint8Array): string | null {
  try {
    return inflateRawSync(Buffer.concat([payload, Buffer.from([0x00, 0x00, 0xff, 0xff])]), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    return null;
  }
}

function describeFrame(frame: ReceivedFrame): string {
  // RSV1 on a data frame: compressed with permessage-deflate (RFC 7692 §6).
  const compressed = (frame.rsv & 0b100) !== 0;
  const size = frame.payload.length;
  const flags = `${compressed ? ' compressed' : ''}${frame.fin ? '' : ' (fragment)'}`;
  if (frame.kind === 'text') {
    const text = compressed ? inflateMessage(frame.payload) : Buffer.from(frame.payload).toString('utf8');
    if (text === null) return `text${flags} (${size} bytes, not readable without the earlier messages' context)`;
    return `text${flags} (${size} bytes): ${printable(text.length > 200 ? `${text.slice(0, 200)}…` : text)}`;
  }
  if (frame.kind === 'close') {
    const { code, reason } = readClosePayload(frame.payload);
    return `close ${code ?? '(no code)'}${size > 2 ? ` "${printable(reason)}"` : ''}`;
  }
  return `${frame.kind}${flags} (${size} bytes)`;
}

function transcript(result: ProbeResult, p: Palette): string[] {
  const lines: string[] = [];
  const info = (text: string): void => void lines.push(p.dim(`* ${text}`));
  const t = result.target;
  if (t) info(`${printable(t.url)} → ${printable(t.hostHeader)} over ${t.secure ? 'TLS' : 'TCP'}${result.timing.connectMs !== null ? `, connected in ${ms(result.timing.connectMs)}` : ''}`);
  if (result.proxy) {
    const answer = result.proxy.response ? result.proxy.response.split(/\r?\n/)[0] ?? '' : '';
    info(`via proxy ${printable(result.proxy.url)} (${result.proxy.variable})${answer ? `: ${printable(answer)}` : ''}${result.timing.proxyMs !== null ? ` in ${ms(result.timing.proxyMs)}` : ''}`);
  }
  if (result.tls) {
    const tlsInfo = result.tls;
    info(`TLS ${tlsInfo.protocol ?? '?'} ${tlsInfo.cipher ?? ''}${tlsInfo.alpn ? ` ALPN ${tlsInfo.alpn}` : ''} in ${ms(result.timing.tlsMs)}`);
    if (tlsInfo.subject) info(`certificate ${printable(tlsInfo.subject)}; issuer ${printable(tlsInfo.issuer ?? '?')}; valid until ${tlsInfo.validTo ?? '?'}${tlsInfo.altNames ? `; ${printable(tlsInfo.altNames)}` : ''}`);
    if (!tlsInfo.authorized) info(p.yellow(`certificate NOT verified (--insecure)${tlsInfo.authorizationError ? `: ${printable(tlsInfo.authorizationError)}` : ''}`));
  }
  if (result.transportNote) info(printable(result.transportNote));
  const request = result.handshake.raw?.request || (result.requestSent ? '' : requestTextOf(result));
  if (!result.requestSent && result.target) info('request not sent:');
  lines.push(...rawLines(request, p.cyan('>'), p));
  const response = result.handshake.raw?.response ?? '';
  lines.push(...rawLines(response, p.bold('<'), p));
  if (result.timing.responseMs !== null && result.handshake.response) info(`response in ${ms(result.timing.responseMs)} (total ${ms(result.timing.totalMs)})`);
  if (result.malformedLines.length > 0) info(p.yellow(`${result.malformedLines.length} response line(s) without a colon, not read as headers`));
  if (result.failure) lines.push(p.red(`! ${printable(result.failure.message)}`));
  if (result.afterHead.length > 0 && result.handshake.response) {
    const what = result.handshake.response.status === (result.handshake.transport === 'h2' ? 200 : 101) ? 'frame bytes' : 'body';
    const preview = result.afterHead.subarray(0, 300).toString('latin1');
    info(`${what} after the head (first ${Math.min(result.afterHead.length, 300)} bytes): ${printable(preview)}`);
  }
  if (result.close) info(describeClose(result.close));
  return lines;
}

/** The request the probe would have sent, for failures before sending (connect, TLS, proxy). */
function requestTextOf(result: ProbeResult): string {
  const request = result.handshake.request;
  if (!request || !result.target) return '';
  return `GET ${result.target.path} HTTP/1.1\r\n${request.headers.fields.map((h) => `${h.name}: ${h.value}\r\n`).join('')}\r\n`;
}

// ---------------------------------------------------------------------------

function exitCode(result: ProbeResult, report: Report, failOn: FailOn): number {
  if (result.failure) return 1;
  return reachesFailOn(report.verdict, failOn) ? 1 : 0;
}

/** The result and report with every credential masked, as the panel's exports mask them. */
function masked(result: ProbeResult, report: Report): { result: ProbeResult; report: Report } {
  const secrets = handshakeSecrets(result.handshake);
  const handshake = redactHandshake(result.handshake, secrets);
  const target = result.target && { ...result.target, url: redactUrl(result.target.url) };
  return { result: { ...result, handshake, target }, report: redactReport(report) };
}

/** Waits for Ctrl-C (SIGINT), --stay-ms, or the server closing. */
async function stayOpen(result: ProbeResult, options: ProbeCliOptions, io: CliIo, p: Palette): Promise<void> {
  const connection = result.connection!;
  if (options.format === 'human') io.stdout.write(p.dim(`* connection open; ${options.stayMs !== null ? `closing after ${options.stayMs} ms` : 'Ctrl-C closes it'}\n`));
  // With a machine format, stdout holds the document alone; frames go to stderr.
  const out = options.format === 'human' ? io.stdout : io.stderr;
  connection.onFrame((frame) => out.write(`${p.bold('<')} ${p.dim('frame')} ${describeFrame(frame)}\n`));
  for (const text of options.sends) {
    connection.send(text);
    out.write(`${p.cyan('>')} ${p.dim('frame')} text (${Buffer.byteLength(text)} bytes): ${printable(text.length > 200 ? `${text.slice(0, 200)}…` : text)}\n`);
  }
  let timer: NodeJS.Timeout | null = null;
  const interrupt = (): void => void connection.close(1000);
  process.once('SIGINT', interrupt);
  if (options.stayMs !== null) timer = setTimeout(interrupt, options.stayMs);
  try {
    const close = await connection.closed;
    if (options.format === 'human') io.stdout.write(p.dim(`* ${describeClose(close)}\n`));
  } finally {
    process.off('SIGINT', interrupt);
    if (timer) clearTimeout(timer);
  }
}

export async function runProbe(args: string[], io: CliIo): Promise<number> {
  const parsed = parseProbeArgs(args);
  if (parsed === 'help') {
    io.stdout.write(PROBE_USAGE);
    return 0;
  }
  const options = parsed;
  let ca: string | null = null;
  if (options.caFile !== null) {
    try {
      ca = readFileSync(options.caFile, 'latin1');
    } catch (error) {
      throw new UsageError(`probe: cannot read --ca ${printable(options.caFile)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`probe: --ca ${printable(options.caFile)} holds no PEM certificate`);
  }
  if (options.key !== null && !isWellFormedKey(options.key)) {
    io.stderr.write(`ws-handshake: note: --key "${printable(options.key)}" is not base64 of 16 bytes; sent as given\n`);
  }

  const version = toolVersion();
  const probeOptions: ProbeOptions = {
    url: options.url,
    protocols: options.protocols,
    origin: options.origin,
    headers: options.headers,
    key: options.key,
    deflate: options.deflate,
    userAgent: `ws-handshake/${version}`,
    insecure: options.insecure,
    ca,
    timeoutMs: options.timeoutMs,
    env: io.env,
    keepOpen: options.stay,
    http2: options.http2,
  };
  const result = await probe(probeOptions);
  const analyzeOptions = { idleTimeouts: options.idleTimeouts };
  const report = await analyzeOne(result.handshake, analyzeOptions);
  const colour = colourEnabled(io);
  const p = palette(colour && options.format === 'human');
  // What is printed has credentials masked (the request's own Authorization, cookies, tokens in the URL) unless asked otherwise.
  const show = (shownReport: Report): Report => (options.showSecrets ? shownReport : redactReport(shownReport));
  const errors = result.failure ? [{ source: show(report).url, message: result.failure.message }] : [];
  const fails = (): boolean => exitCode(result, report, options.failOn) !== 0;
  const format = options.format;
  const printDocument = (shownReport: Report): void => {
    if (format !== 'human') io.stdout.write(renderFormat(format, { reports: [show(shownReport)], errors, version, fails, locate: () => NOWHERE }));
  };

  if (format !== 'human') {
    // With --stay the document waits for the connection's end, to carry it.
    if (!result.connection) printDocument(report);
    if (result.failure) io.stderr.write(`ws-handshake: probe: ${printable(result.failure.message)}\n`);
  } else {
    const shown = options.showSecrets ? { result, report } : masked(result, report);
    io.stdout.write(`${transcript(shown.result, p).join('\n')}\n\n${formatReport(quietConnection(shown.report), colour).join('\n')}\n`);
  }

  if (result.connection) {
    await stayOpen(result, options, io, p);
    // The handshake's verdict stays the exit status; the connection is judged apart.
    const stayed = await analyzeOne({ ...result.handshake, connection: result.connection.record() }, analyzeOptions);
    if (options.format !== 'human') printDocument(stayed);
    else if (stayed.connection) io.stdout.write(`\n${connectionLines(show(stayed).connection!, p).join('\n')}\n`);
  }
  return exitCode(result, report, options.failOn);
}

/** Without --stay the probe closes at once: its connection is worth printing only when something was found. */
function quietConnection(report: Report): Report {
  return report.connection && report.connection.findings.length === 0 ? { ...report, connection: null } : report;
}
