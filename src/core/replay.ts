/**
 * Replay commands for a captured handshake: a curl command and a
 * `ws-handshake probe` command that send the same Sec-WebSocket-Key (over
 * HTTP/2 when the browser used it), so the server's real answer (which
 * Chromium hides) can be seen and compared with the expected accept. Used by
 * the panel's replay section and by findings that name the command. Pure
 * functions. Every value comes from the network and is untrusted: it is
 * shell-quoted.
 */
import type { Handshake, Report, Transport } from './model.js';
import { withScheme } from './url.js';

// Words made only of these characters need no quoting in a POSIX shell.
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes `text` as one POSIX shell word; nothing inside can expand or end the word. */
export function shellQuote(text: string): string {
  // NUL cannot be passed in an argument at all; drop it rather than truncate silently later.
  const clean = text.replace(/\0/g, '');
  if (clean !== '' && SAFE_WORD.test(clean)) return clean;
  return `'${clean.replace(/'/g, `'\\''`)}'`;
}

/** What the replay commands need from a handshake's request. */
export interface ReplayInput {
  readonly url: string;
  readonly key: string | null;
  readonly version: string | null;
  readonly protocols: readonly string[];
  readonly extensions: string | null;
  readonly origin: string | null;
  /** The browser used HTTP/2 (RFC 8441): replay it so (`--http2`). */
  readonly http2?: boolean;
}

export function replayInputOf(report: Report): ReplayInput {
  return replayInputOfHandshake(report.handshake, report.key, report.transport);
}

/** The replay input from a handshake, its key as sent and the transport it used. */
export function replayInputOfHandshake(handshake: Handshake, key: string | null, transport: Transport): ReplayInput {
  const headers = handshake.request?.headers;
  const protocols = (headers?.getAll('sec-websocket-protocol') ?? [])
    .flatMap((line) => line.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return {
    url: handshake.url,
    key,
    version: headers?.first('sec-websocket-version') ?? null,
    protocols,
    extensions: headers?.combined('sec-websocket-extensions') ?? null,
    origin: headers?.first('origin') ?? null,
    ...(transport === 'h2' ? { http2: true } : {}),
  };
}

/**
 * curl with the http(s):// form of the URL and the handshake headers spelled out
 * (given a ws:// URL curl adds its own key and version, and the duplicates earn a 400).
 */
/** How long curl stays on a switched connection before it gives up: long enough for a slow head, short enough to wait. */
const CURL_WAIT_SECONDS = 2;

export function curlCommand(input: ReplayInput): string {
  const headers: string[] = ['Upgrade: websocket', 'Connection: Upgrade'];
  if (input.key !== null) headers.push(`Sec-WebSocket-Key: ${input.key}`);
  headers.push(`Sec-WebSocket-Version: ${input.version ?? '13'}`);
  if (input.protocols.length > 0) headers.push(`Sec-WebSocket-Protocol: ${input.protocols.join(', ')}`);
  if (input.extensions !== null) headers.push(`Sec-WebSocket-Extensions: ${input.extensions}`);
  if (input.origin !== null) headers.push(`Origin: ${input.origin}`);
  // -i shows the status line and headers. After a 101 the server keeps the connection open and curl reads it
  // until --max-time; its "(28) Operation timed out" is then expected, so only that line is filtered out.
  const words = ['curl', '-i', '-N', '-sS', '--http1.1', '--max-time', String(CURL_WAIT_SECONDS)];
  for (const header of headers) words.push('-H', shellQuote(header));
  words.push(shellQuote(withScheme(input.url, 'http')));
  return `${words.join(' ')} 2>&1 | grep -v '^curl: (28) '`;
}

/** `ws-handshake probe [--http2] --key <key> [--protocol P]... [--origin O] URL`. */
export function probeCommand(input: ReplayInput): string {
  const words = ['ws-handshake', 'probe'];
  if (input.http2) words.push('--http2');
  if (input.key !== null) words.push('--key', shellQuote(input.key));
  for (const protocol of input.protocols) words.push('--protocol', shellQuote(protocol));
  if (input.origin !== null) words.push('--origin', shellQuote(input.origin));
  if (input.extensions !== null) words.push('--header', shellQuote(`Sec-WebSocket-Extensions: ${input.extensions}`));
  words.push(shellQuote(withScheme(input.url, 'ws')));
  return words.join(' ');
}
