/**
 * Live probe: performs a WebSocket opening handshake itself (TCP, or TLS with
 * SNI; optionally through an HTTP CONNECT proxy), keeps the server's response
 * head byte for byte, and returns it as a `Handshake` with `raw` set, so the
 * core can judge what a browser would hide. Network trouble never throws: it
 * comes back as a typed `ProbeFailure` next to whatever was seen.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { analyzeOne } from '../core/analyze.js';
import { HeaderList, type HeaderField } from '../core/headers.js';
import type { Handshake, HandshakeRequest, HandshakeResponse } from '../core/model.js';
import { parseHeaderLines } from './raw.js';

/** What to probe and how. */
export interface ProbeOptions {
  /** ws://, wss://, or http(s):// (taken as ws(s)://). */
  readonly url: string;
  /** Offered subprotocols, sent comma-joined in one Sec-WebSocket-Protocol line. */
  readonly protocols?: readonly string[];
  readonly origin?: string | null;
  /** Extra header lines; one whose name matches a default replaces it, an empty value removes it. */
  readonly headers?: readonly HeaderField[];
  /** Sec-WebSocket-Key to send as given (replays a browser's request); random 16 bytes when absent. */
  readonly key?: string | null;
  /** Offer `permessage-deflate; client_max_window_bits` as browsers do (default true). */
  readonly deflate?: boolean;
  /** Default `ws-handshake`. */
  readonly userAgent?: string;
  /** Skip TLS certificate verification. */
  readonly insecure?: boolean;
  /** Extra trusted CA certificate(s), PEM; added to the system roots. */
  readonly ca?: string | Buffer | null;
  /** Budget from connect to the end of the response head, ms (default 10000). */
  readonly timeoutMs?: number;
  /** How long to wait for the server's close frame after ours, ms (default 1000). */
  readonly closeWaitMs?: number;
  /** Proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too); none read when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** After a good 101, hand the open connection back instead of closing it. */
  readonly keepOpen?: boolean;
  /** Largest response head accepted, bytes (default 64 KiB). */
  readonly maxHeadBytes?: number;
}

export type ProbeFailureKind =
  | 'invalid-url' // the URL cannot be probed
  | 'dns' // the host name does not resolve
  | 'refused' // nothing listens there
  | 'unreachable' // no route to the host
  | 'reset' // the peer reset the connection
  | 'closed' // the peer closed the connection without an answer
  | 'timeout' // no answer within the budget
  | 'tls' // TLS handshake or certificate failure
  | 'proxy' // the forward proxy could not be used or refused CONNECT
  | 'not-http' // the answer is not an HTTP status line
  | 'too-large' // the response head exceeds the cap
  | 'incomplete' // the connection ended in the middle of the response head
  | 'network'; // any other socket error

export interface ProbeFailure {
  readonly kind: ProbeFailureKind;
  /** One line for a human, with the values seen. */
  readonly message: string;
  /** The Node or OpenSSL error code when there was one (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT…). */
  readonly code: string | null;
}

export interface ProbeTiming {
  /** TCP connect (to the proxy when there is one). */
  readonly connectMs: number | null;
  /** CONNECT request → the proxy's answer. */
  readonly proxyMs: number | null;
  readonly tlsMs: number | null;
  /** Request written → end of the response head: the server's time to answer. */
  readonly responseMs: number | null;
  /** Start → end of the response head (or the failure). */
  readonly totalMs: number;
}

/** Where the probe goes, from the URL. */
export interface ProbeTarget {
  /** The URL as ws:// or wss://. */
  readonly url: string;
  readonly secure: boolean;
  /** Host name or IP address, without IPv6 brackets. */
  readonly host: string;
  readonly port: number;
  /** The request target: path and query. */
  readonly path: string;
  /** The Host header value: host, plus the port when it is not the scheme's default. */
  readonly hostHeader: string;
}

export interface ProbeProxy {
  /** The proxy URL without credentials. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The environment variable it came from. */
  readonly variable: string;
  /** The proxy's answer to CONNECT (status line and headers), when one came. */
  readonly response: string | null;
}

export interface ProbeTlsInfo {
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly alpn: string | null;
  /** Whether the certificate chain and host name were verified (false with `insecure`). */
  readonly authorized: boolean;
  /** Why verification failed, when `insecure` let it pass anyway. */
  readonly authorizationError: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly validTo: string | null;
  readonly altNames: string | null;
}

/** A frame the server sent after the handshake. */
export interface ReceivedFrame {
  readonly opcode: number;
  readonly kind: 'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved';
  readonly fin: boolean;
  /** RSV1: compressed with permessage-deflate. */
  readonly compressed: boolean;
  readonly length: number;
  readonly payload: Buffer;
}

export interface CloseOutcome {
  /** Who closed first. */
  readonly initiator: 'client' | 'server';
  /** The close code this client sent (1000), or null when none was sent. */
  readonly sentCode: number | null;
  /** Whether the server answered with a close frame. */
  readonly serverClosed: boolean;
  readonly serverCode: number | null;
  readonly serverReason: string | null;
  /** Set when the server dropped the connection or did not answer within the wait. */
  readonly note: string | null;
}

/** An open WebSocket after a good handshake (`keepOpen`). */
export interface ProbeConnection {
  /** Called for every frame the server sends from now on; pings are answered with pongs. */
  onFrame(listener: (frame: ReceivedFrame) => void): void;
  /** Settles when the connection is over, whoever ended it. */
  readonly closed: Promise<CloseOutcome>;
  /** Sends a close frame, waits for the server's, ends the connection. */
  close(code?: number): Promise<CloseOutcome>;
}

export interface ProbeResult {
  /** Request and response (null when none was parsed), `raw` always set. */
  readonly handshake: Handshake;
  readonly target: ProbeTarget | null;
  readonly proxy: ProbeProxy | null;
  readonly tls: ProbeTlsInfo | null;
  /** Null when an HTTP response head arrived in full. */
  readonly failure: ProbeFailure | null;
  /** Whether the request was written to the connection. */
  readonly requestSent: boolean;
  readonly timing: ProbeTiming;
  /** Bytes that arrived together with the head (the start of a body, or the first frames). */
  readonly afterHead: Buffer;
  /** Response header lines the parser could not read (no colon). */
  readonly malformedLines: readonly string[];
  /** How the connection ended after a 101; null when it was not a 101 or it is kept open. */
  readonly close: CloseOutcome | null;
  /** The open connection, with `keepOpen` after a 101 the core judged valid. */
  readonly connection: ProbeConnection | null;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CLOSE_WAIT_MS = 1_000;
const DEFAULT_MAX_HEAD_BYTES = 64 * 1024;
const AFTER_HEAD_KEEP = 4096;

/** Parses a ws(s):// or http(s):// URL into what the probe needs, or says why it cannot. */
export function parseProbeUrl(text: string): { ok: true; target: ProbeTarget } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `not a URL: "${text}" (expected ws://host[:port]/path or wss://…)` };
  }
  const scheme = url.protocol.toLowerCase();
  const secure = scheme === 'wss:' || scheme === 'https:';
  if (!secure && scheme !== 'ws:' && scheme !== 'http:') {
    return { ok: false, error: `unsupported scheme "${scheme}" (use ws://, wss://, http:// or https://)` };
  }
  if (url.hostname === '') return { ok: false, error: `no host in "${text}"` };
  const defaultPort = secure ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostForHeader = net.isIPv6(host) ? `[${host}]` : host;
  const path = `${url.pathname || '/'}${url.search}`;
  const userinfo = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  const wsUrl = `${secure ? 'wss' : 'ws'}://${userinfo}${hostForHeader}${port === defaultPort ? '' : `:${port}`}${path}`;
  return {
    ok: true,
    target: { url: wsUrl, secure, host, port, path, hostHeader: port === defaultPort ? hostForHeader : `${hostForHeader}:${port}` },
  };
}

/** A fresh Sec-WebSocket-Key: base64 of 16 random bytes (RFC 6455 §4.1 (7)). */
export function randomKey(): string {
  return randomBytes(16).toString('base64');
}

/** The request header lines, in the order sent: defaults, then overrides and extras. */
export function buildRequestHeaders(target: ProbeTarget, options: ProbeOptions, key: string): HeaderField[] {
  const headers: HeaderField[] = [
    { name: 'Host', value: target.hostHeader },
    { name: 'Upgrade', value: 'websocket' },
    { name: 'Connection', value: 'Upgrade' },
    { name: 'Sec-WebSocket-Key', value: key },
    { name: 'Sec-WebSocket-Version', value: '13' },
  ];
  if (options.deflate !== false) headers.push({ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; client_max_window_bits' });
  if (options.protocols && options.protocols.length > 0) headers.push({ name: 'Sec-WebSocket-Protocol', value: options.protocols.join(', ') });
  if (options.origin) headers.push({ name: 'Origin', value: options.origin });
  headers.push({ name: 'User-Agent', value: options.userAgent ?? 'ws-handshake' });
  const defaults = new Set(headers.map((h) => h.name.toLowerCase()));
  const overridden = new Set<string>();
  for (const extra of options.headers ?? []) {
    const lower = extra.name.toLowerCase();
    // The first line given for a default header replaces it; later ones add duplicates on purpose.
    if (defaults.has(lower) && !overridden.has(lower)) {
      overridden.add(lower);
      const index = headers.findIndex((h) => h.name.toLowerCase() === lower);
      if (extra.value === '') headers.splice(index, 1);
      else headers[index] = { name: extra.name, value: extra.value };
    } else {
      headers.push({ name: extra.name, value: extra.value });
    }
  }
  return headers;
}

// ---------------------------------------------------------------------------
// Proxy selection (curl's conventions: ws → http_proxy, wss → https_proxy)

/** Whether NO_PROXY (comma or space separated: `*`, `host`, `.domain`, `*.domain`, with optional `:port`) exempts host:port. */
export function noProxyMatches(noProxy: string, host: string, port: number): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (let entry of noProxy.split(/[\s,]+/)) {
    entry = entry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: number | null = null;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = bracketed[2] ? Number(bracketed[2]) : null;
    } else if (!net.isIPv6(entry)) {
      const withPort = /^(.*):(\d+)$/.exec(entry);
      if (withPort) {
        entry = withPort[1]!;
        entryPort = Number(withPort[2]);
      }
    }
    if (entryPort !== null && entryPort !== port) continue;
    entry = entry.replace(/^\*\./, '.').replace(/\.$/, '');
    const domain = entry.startsWith('.') ? entry.slice(1) : entry;
    if (name === domain || name.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function proxyFromEnv(
  target: ProbeTarget,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; proxy: Omit<ProbeProxy, 'response'> & { authorization: string | null } | null } | { ok: false; error: string } {
  const names = target.secure ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const variable = names.find((n) => (env[n] ?? '').trim() !== '');
  if (!variable) return { ok: true, proxy: null };
  // An empty variable counts as unset, so an empty no_proxy does not hide NO_PROXY.
  const noProxy = [env.no_proxy, env.NO_PROXY].find((v) => (v ?? '').trim() !== '') ?? '';
  if (noProxyMatches(noProxy, target.host, target.port)) return { ok: true, proxy: null };
  const text = env[variable]!.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return { ok: false, error: `${variable} is not a proxy URL: "${text}"` };
  }
  if (url.protocol !== 'http:') {
    return { ok: false, error: `${variable}: only http:// proxies are supported (CONNECT), not ${url.protocol}//` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 80 : Number(url.port);
  const authorization = url.username || url.password
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : null;
  const shownHost = net.isIPv6(host) ? `[${host}]` : host;
  return { ok: true, proxy: { url: `http://${shownHost}:${port}`, host, port, variable, authorization } };
}

// ---------------------------------------------------------------------------
// Failures

class ProbeError extends Error {
  constructor(readonly kind: ProbeFailureKind, message: string, readonly code: string | null = null) {
    super(message);
  }
}

const CERT_MESSAGES: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed root that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate\'s issuer is unknown (missing intermediate certificate, or a private CA)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate\'s issuer is not trusted here (a private CA, or a missing intermediate)',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate\'s issuer certificate cannot be found',
  CERT_HAS_EXPIRED: 'the server\'s certificate has expired',
  CERT_NOT_YET_VALID: 'the server\'s certificate is not valid yet (check the clocks)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not valid for this host name',
  CERT_UNTRUSTED: 'the certificate is not trusted',
  CERT_REVOKED: 'the certificate has been revoked',
};

function describeTlsError(error: NodeJS.ErrnoException, target: ProbeTarget): ProbeError {
  const code = error.code ?? null;
  if (code && CERT_MESSAGES[code]) {
    const detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? ` (${error.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '')})` : '';
    return new ProbeError('tls', `TLS: ${CERT_MESSAGES[code]}${detail} [${code}]; trust it with --ca FILE, or skip the check with --insecure`, code);
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number|packet length too long|http request/i.test(error.message)) {
    return new ProbeError('tls', `TLS: ${target.hostHeader} does not speak TLS (it answered in plain text); use ws:// for this port [${code ?? 'EPROTO'}]`, code);
  }
  if (code === 'ECONNRESET' || /socket disconnected before secure TLS connection/i.test(error.message)) {
    return new ProbeError('tls', `TLS: the connection closed during the TLS handshake (a plain-HTTP port, or the server refused the TLS versions/ciphers offered) [${code ?? 'ECONNRESET'}]`, code);
  }
  return new ProbeError('tls', `TLS: ${error.message}${code ? ` [${code}]` : ''}`, code);
}

function describeSocketError(error: NodeJS.ErrnoException, where: string): ProbeError {
  const code = error.code ?? null;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new ProbeError('dns', `cannot resolve the host name of ${where} [${code}]`, code);
    case 'ECONNREFUSED':
      return new ProbeError('refused', `connection refused by ${where}: nothing listens there [${code}]`, code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new ProbeError('unreachable', `${where} is unreachable from here [${code}]`, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ProbeError('reset', `${where} reset the connection before answering [${code}]`, code);
    default:
      return new ProbeError('network', `${where}: ${error.message}${code ? ` [${code}]` : ''}`, code);
  }
}

// ---------------------------------------------------------------------------
// Socket helpers

function connectTcp(host: string, port: number): { socket: net.Socket; ready: Promise<void> } {
  const socket = net.connect({ host, port });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, ready };
}

type HeadStatus = 'complete' | 'partial' | 'not-http' | 'too-large' | 'empty';

interface HeadRead {
  readonly status: HeadStatus;
  /** The head including its terminating blank line when complete; what arrived otherwise. */
  readonly head: Buffer;
  /** Bytes after the head. */
  readonly rest: Buffer;
  /** The socket error that ended the read early, if any. */
  readonly error: NodeJS.ErrnoException | null;
}

const HTTP_PREFIX = Buffer.from('HTTP/', 'latin1');

/** Reads an HTTP response head up to CRLFCRLF (or LFLF); `received` shows what came so far (for timeouts). */
class HeadReader {
  received: Buffer = Buffer.alloc(0);

  constructor(private readonly socket: net.Socket, private readonly maxBytes: number) {}

  read(): Promise<HeadRead> {
    const socket = this.socket;
    return new Promise<HeadRead>((resolve) => {
      let error: NodeJS.ErrnoException | null = null;
      const finish = (result: HeadRead): void => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
        socket.off('error', onError);
        socket.pause();
        resolve(result);
      };
      const onData = (chunk: Buffer): void => {
        this.received = Buffer.concat([this.received, chunk]);
        const bytes = this.received;
        const prefix = bytes.subarray(0, Math.min(bytes.length, HTTP_PREFIX.length));
        if (!HTTP_PREFIX.subarray(0, prefix.length).equals(prefix)) {
          finish({ status: 'not-http', head: bytes.subarray(0, this.maxBytes), rest: Buffer.alloc(0), error: null });
          return;
        }
        const text = bytes.toString('latin1');
        const end = /\r?\n\r?\n/.exec(text);
        if (end && end.index + end[0].length <= this.maxBytes) {
          const headEnd = end.index + end[0].length;
          finish({ status: 'complete', head: bytes.subarray(0, headEnd), rest: bytes.subarray(headEnd), error: null });
        } else if (bytes.length > this.maxBytes) {
          finish({ status: 'too-large', head: bytes.subarray(0, this.maxBytes), rest: Buffer.alloc(0), error: null });
        }
      };
      const onEnd = (): void => {
        const status: HeadStatus = this.received.length === 0 ? 'empty' : 'partial';
        finish({ status, head: this.received, rest: Buffer.alloc(0), error });
      };
      const onError = (e: NodeJS.ErrnoException): void => {
        error = e;
        onEnd();
      };
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
      socket.on('error', onError);
      socket.resume();
    });
  }
}

const STATUS_LINE = /^(HTTP\/\d(?:\.\d)?)[ \t]+(\d{3})(?:[ \t]+(.*))?$/;

function splitHeadLines(head: string): string[] {
  const lines = head.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The response in a head's text, or null when its first line is not an HTTP status line. */
export function parseResponseHead(head: string): { response: HandshakeResponse; malformed: string[] } | null {
  const lines = splitHeadLines(head);
  const match = STATUS_LINE.exec(lines[0] ?? '');
  if (!match) return null;
  const { headers, malformed } = parseHeaderLines(lines.slice(1));
  return {
    response: { status: Number(match[2]), statusText: (match[3] ?? '').trim(), httpVersion: match[1]!, headers: new HeaderList(headers) },
    malformed,
  };
}

function quoteStart(bytes: Buffer): string {
  const shown = bytes.subarray(0, 60).toString('latin1').replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${shown}${bytes.length > 60 ? '…' : ''}"`;
}

function describeNotHttp(bytes: Buffer, target: ProbeTarget): string {
  if (!target.secure && bytes.length >= 2 && (bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03) {
    return `the answer is not HTTP but TLS (starts ${quoteStart(bytes)}): this port expects wss://`;
  }
  if (bytes.subarray(0, 4).toString('latin1') === 'SSH-') {
    return `the answer is not HTTP but an SSH banner ${quoteStart(bytes)}: wrong port?`;
  }
  if (bytes.length >= 9 && bytes[3] === 0x04 && bytes.readUIntBE(0, 3) % 6 === 0 && bytes.readUInt32BE(5) === 0) {
    return `the answer is not HTTP/1.1 but looks like an HTTP/2 SETTINGS frame ${quoteStart(bytes)}: an h2-only (prior knowledge) port`;
  }
  return `the answer is not HTTP: it starts ${quoteStart(bytes)} instead of "HTTP/"`;
}

// ---------------------------------------------------------------------------
// Frames (RFC 6455 §5.2): just enough to close properly and watch a kept connection

const OPCODE_KINDS: Readonly<Record<number, ReceivedFrame['kind']>> = { 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** A masked client frame (clients must mask, RFC 6455 §5.3). */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const frame = Buffer.alloc(2 + lengthBytes + 4 + length);
  frame[0] = 0x80 | opcode;
  if (lengthBytes === 0) frame[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const maskAt = 2 + lengthBytes;
  randomBytes(4).copy(frame, maskAt);
  for (let i = 0; i < length; i++) frame[maskAt + 4 + i] = payload[i]! ^ frame[maskAt + (i % 4)]!;
  return frame;
}

export function closePayload(code: number, reason = ''): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return payload;
}

/** Splits complete frames off `buffer`; `error` when a frame is unreadable or too large. */
export function parseFrames(buffer: Buffer): { frames: ReceivedFrame[]; rest: Buffer; error: string | null } {
  const frames: ReceivedFrame[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const first = buffer[offset]!;
    const second = buffer[offset + 1]!;
    let length = second & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      const big = buffer.readBigUInt64BE(at);
      if (big > BigInt(MAX_FRAME_BYTES)) return { frames, rest: Buffer.alloc(0), error: `a frame of ${big} bytes is larger than the probe reads` };
      length = Number(big);
      at += 8;
    }
    const masked = (second & 0x80) !== 0;
    const maskAt = at;
    if (masked) at += 4;
    if (buffer.length < at + length) break;
    const payload = Buffer.from(buffer.subarray(at, at + length));
    if (masked) for (let i = 0; i < length; i++) payload[i] = payload[i]! ^ buffer[maskAt + (i % 4)]!;
    const opcode = first & 0x0f;
    frames.push({ opcode, kind: OPCODE_KINDS[opcode] ?? 'reserved', fin: (first & 0x80) !== 0, compressed: (first & 0x40) !== 0, length, payload });
    offset = at + length;
  }
  return { frames, rest: buffer.subarray(offset), error: null };
}

/** The frame side of a connection after a 101: answers pings, runs the closing handshake. */
class FrameSession implements ProbeConnection {
  readonly closed: Promise<CloseOutcome>;
  private buffer: Buffer;
  private listeners: ((frame: ReceivedFrame) => void)[] = [];
  /** Frames seen before anyone subscribed, handed to the first listener. */
  private unseen: ReceivedFrame[] = [];
  private sentCode: number | null = null;
  private settle!: (outcome: CloseOutcome) => void;
  private done = false;
  private closeWait: NodeJS.Timeout | null = null;

  constructor(private readonly socket: net.Socket, initial: Buffer, private readonly closeWaitMs: number) {
    this.buffer = Buffer.from(initial);
    this.closed = new Promise((resolve) => (this.settle = resolve));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => this.finish(null, null, this.sentCode === null ? 'the server dropped the connection without a close frame' : 'the server ended the connection without a close frame'));
    socket.resume();
    // Frames that came with the head are handled once listeners had a chance to subscribe.
    setImmediate(() => this.receive(Buffer.alloc(0)));
  }

  onFrame(listener: (frame: ReceivedFrame) => void): void {
    this.listeners.push(listener);
    const unseen = this.unseen;
    this.unseen = [];
    for (const frame of unseen) listener(frame);
  }

  close(code = 1000): Promise<CloseOutcome> {
    if (!this.done && this.sentCode === null) {
      this.sentCode = code;
      this.socket.write(clientFrame(0x8, closePayload(code)));
      this.closeWait = setTimeout(() => this.finish(null, null, `no close frame from the server within ${this.closeWaitMs} ms`), this.closeWaitMs);
    }
    return this.closed;
  }

  private receive(chunk: Buffer): void {
    if (this.done) return;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const { frames, rest, error } = parseFrames(this.buffer);
    this.buffer = Buffer.from(rest);
    for (const frame of frames) {
      if (this.listeners.length === 0) this.unseen.push(frame);
      for (const listener of this.listeners) listener(frame);
      if (frame.kind === 'ping' && this.sentCode === null) this.socket.write(clientFrame(0xa, frame.payload));
      if (frame.kind === 'close') {
        const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
        const reason = frame.payload.length > 2 ? frame.payload.subarray(2).toString('utf8') : null;
        // RFC 6455 §5.5.1: answer a close with a close (echoing the code) unless we sent one already.
        if (this.sentCode === null) {
          this.socket.write(clientFrame(0x8, code === null ? Buffer.alloc(0) : closePayload(code)));
          this.finish(code, reason, null, 'server');
        } else {
          this.finish(code, reason, null);
        }
        return;
      }
    }
    if (error) this.finish(null, null, error);
  }

  private finish(serverCode: number | null, serverReason: string | null, note: string | null, initiator?: 'client' | 'server'): void {
    if (this.done) return;
    this.done = true;
    if (this.closeWait) clearTimeout(this.closeWait);
    const serverClosed = note === null;
    this.settle({
      initiator: initiator ?? (this.sentCode === null ? 'server' : 'client'),
      sentCode: this.sentCode,
      serverClosed,
      serverCode,
      serverReason,
      note,
    });
    // The server closes TCP first after a close handshake (RFC 6455 §7.1.1); end ours and drop it if it lingers.
    this.socket.end();
    const linger = setTimeout(() => this.socket.destroy(), 200);
    linger.unref();
    this.socket.once('close', () => clearTimeout(linger));
  }
}

// ---------------------------------------------------------------------------
// The probe

function tlsInfoOf(socket: tls.TLSSocket): ProbeTlsInfo {
  const cert = socket.getPeerCertificate();
  const name = (entity: unknown): string | null => {
    if (!entity || typeof entity !== 'object') return null;
    const fields = Object.entries(entity as Record<string, unknown>).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`);
    return fields.length > 0 ? fields.join(', ') : null;
  };
  const hasCert = cert && Object.keys(cert).length > 0;
  const authorizationError = socket.authorizationError as unknown;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    authorized: socket.authorized,
    authorizationError: authorizationError ? String(authorizationError instanceof Error ? (authorizationError as NodeJS.ErrnoException).code ?? authorizationError.message : authorizationError) : null,
    subject: hasCert ? name(cert.subject) : null,
    issuer: hasCert ? name(cert.issuer) : null,
    validTo: hasCert ? cert.valid_to ?? null : null,
    altNames: hasCert ? cert.subjectaltname ?? null : null,
  };
}

const elapsed = (from: number): number => Math.round((performance.now() - from) * 10) / 10;

/** Performs the opening handshake against `options.url`. Never throws. */
export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const parsed = parseProbeUrl(options.url);
  const key = options.key ?? randomKey();
  const target = parsed.ok ? parsed.target : null;
  const requestHeaders = target ? buildRequestHeaders(target, options, key) : [];
  const requestText = target
    ? `GET ${target.path} HTTP/1.1\r\n${requestHeaders.map((h) => `${h.name}: ${h.value}\r\n`).join('')}\r\n`
    : '';
  const request: HandshakeRequest = { method: 'GET', httpVersion: 'HTTP/1.1', headers: new HeaderList(requestHeaders) };

  let proxy: ProbeProxy | null = null;
  let tlsInfo: ProbeTlsInfo | null = null;
  let requestSent = false;
  let connectMs: number | null = null;
  let proxyMs: number | null = null;
  let tlsMs: number | null = null;
  let responseMs: number | null = null;
  let responseText = '';
  let response: HandshakeResponse | null = null;
  let malformedLines: string[] = [];
  let afterHead: Buffer = Buffer.alloc(0);
  let rest: Buffer = Buffer.alloc(0);
  let failure: ProbeFailure | null = null;
  let phase = 'connecting';
  const sockets: net.Socket[] = [];
  let reader: HeadReader | null = null;
  let timer: NodeJS.Timeout | null = null;

  try {
    if (!parsed.ok) throw new ProbeError('invalid-url', parsed.error);
    const t = parsed.target;
    const chosen = proxyFromEnv(t, options.env ?? {});
    if (!chosen.ok) throw new ProbeError('proxy', chosen.error);
    const proxyConfig = chosen.proxy;
    if (proxyConfig) proxy = { url: proxyConfig.url, host: proxyConfig.host, port: proxyConfig.port, variable: proxyConfig.variable, response: null };

    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const partial = reader && reader.received.length > 0 ? ` (${reader.received.length} bytes of a head so far)` : '';
        reject(new ProbeError('timeout', `no response within ${timeoutMs} ms (${phase})${partial}`));
      }, timeoutMs);
    });
    expired.catch(() => undefined);
    const within = <T>(step: Promise<T>): Promise<T> => Promise.race([step, expired]);

    // TCP, to the proxy or the server.
    const hop = proxyConfig ? { host: proxyConfig.host, port: proxyConfig.port, name: `the proxy ${proxyConfig.url}` } : { host: t.host, port: t.port, name: t.hostHeader };
    phase = `connecting to ${hop.name}`;
    const connectStart = performance.now();
    const tcp = connectTcp(hop.host, hop.port);
    sockets.push(tcp.socket);
    tcp.socket.on('error', () => undefined); // errors are read by each step; this keeps a late one from crashing the process
    try {
      await within(tcp.ready);
    } catch (error) {
      if (error instanceof ProbeError) throw error;
      const described = describeSocketError(error as NodeJS.ErrnoException, hop.name);
      if (proxyConfig) throw new ProbeError('proxy', `proxy: ${described.message}`, described.code);
      throw described;
    }
    connectMs = elapsed(connectStart);
    let socket: net.Socket = tcp.socket;

    if (proxyConfig) {
      phase = `waiting for the proxy's answer to CONNECT ${t.hostHeader}`;
      const authority = `${net.isIPv6(t.host) ? `[${t.host}]` : t.host}:${t.port}`;
      const connect = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${proxyConfig.authorization ? `Proxy-Authorization: ${proxyConfig.authorization}\r\n` : ''}User-Agent: ${options.userAgent ?? 'ws-handshake'}\r\n\r\n`;
      const proxyStart = performance.now();
      socket.write(connect);
      reader = new HeadReader(socket, options.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES);
      const answer = await within(reader.read());
      reader = null;
      proxyMs = elapsed(proxyStart);
      const answerText = answer.head.toString('latin1');
      proxy = { ...proxy!, response: answerText || null };
      const proxyHead = answer.status === 'complete' ? parseResponseHead(answerText) : null;
      if (!proxyHead) {
        const why = answer.status === 'empty' ? 'closed the connection without answering CONNECT' : `gave no valid answer to CONNECT (${quoteStart(answer.head)})`;
        throw new ProbeError('proxy', `proxy ${proxyConfig.url} ${why}`, answer.error?.code ?? null);
      }
      const { status, statusText } = proxyHead.response;
      if (status < 200 || status > 299) {
        const auth = status === 407 ? (proxyConfig.authorization ? ': the proxy refused the credentials in the proxy URL' : ': the proxy wants credentials (http://user:password@proxy:port)') : '';
        throw new ProbeError('proxy', `proxy ${proxyConfig.url} refused CONNECT ${authority}: ${status}${statusText ? ` ${statusText}` : ''}${auth}`);
      }
      if (answer.rest.length > 0) socket.unshift(answer.rest);
    }

    if (t.secure) {
      phase = 'during the TLS handshake';
      const tlsStart = performance.now();
      const ca = options.ca ? [...tls.rootCertificates, typeof options.ca === 'string' ? options.ca : options.ca.toString('latin1')] : undefined;
      const secure = tls.connect({
        socket,
        host: t.host,
        ...(net.isIP(t.host) === 0 ? { servername: t.host } : {}), // SNI carries names only (RFC 6066 §3)
        rejectUnauthorized: options.insecure !== true,
        ...(ca ? { ca } : {}),
        ALPNProtocols: ['http/1.1'],
      });
      sockets.push(secure);
      secure.on('error', () => undefined);
      try {
        await within(new Promise<void>((resolve, reject) => {
          secure.once('secureConnect', () => resolve());
          secure.once('error', reject);
          secure.once('close', () => reject(Object.assign(new Error('socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' })));
        }));
      } catch (error) {
        if (error instanceof ProbeError) throw error;
        throw describeTlsError(error as NodeJS.ErrnoException, t);
      }
      tlsMs = elapsed(tlsStart);
      tlsInfo = tlsInfoOf(secure);
      socket = secure;
    }

    phase = 'request sent, waiting for the response';
    const requestStart = performance.now();
    socket.write(Buffer.from(requestText, 'latin1'));
    requestSent = true;
    reader = new HeadReader(socket, options.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES);
    const answer = await within(reader.read());
    reader = null;
    responseMs = elapsed(requestStart);
    responseText = answer.head.toString('latin1');
    afterHead = Buffer.from(answer.rest.subarray(0, AFTER_HEAD_KEEP));
    rest = answer.rest;

    if (answer.status === 'empty') {
      // A TLS server drops a plain request silently: the likeliest cause worth naming.
      const hint = t.secure ? '' : ' (if this port serves TLS, use wss://)';
      if (answer.error) {
        const described = describeSocketError(answer.error, t.hostHeader);
        throw new ProbeError(described.kind, `${described.message}${hint}`, described.code);
      }
      throw new ProbeError('closed', `${t.hostHeader} closed the connection without answering${hint}`);
    }
    if (answer.status === 'not-http') throw new ProbeError('not-http', describeNotHttp(answer.head, t));
    const head = parseResponseHead(responseText);
    if (!head) {
      if (answer.status === 'partial' && HTTP_PREFIX.subarray(0, answer.head.length).equals(answer.head.subarray(0, HTTP_PREFIX.length))) {
        throw new ProbeError('incomplete', `the connection ended after ${answer.head.length} bytes, in the middle of the status line`, answer.error?.code ?? null);
      }
      throw new ProbeError('not-http', `the status line is not valid HTTP: ${quoteStart(answer.head)}`);
    }
    response = head.response;
    malformedLines = head.malformed;
    if (answer.status === 'too-large') {
      throw new ProbeError('too-large', `the response head is larger than ${options.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES} bytes without ending (no blank line); showing the start`);
    }
    if (answer.status === 'partial') {
      const how = answer.error ? `was reset [${answer.error.code ?? 'error'}]` : 'closed';
      throw new ProbeError('incomplete', `the connection ${how} before the end of the response head (no blank line after the headers)`, answer.error?.code ?? null);
    }
  } catch (error) {
    failure = error instanceof ProbeError
      ? { kind: error.kind, message: error.message, code: error.code }
      : { kind: 'network', message: error instanceof Error ? error.message : String(error), code: null };
    if (failure.kind === 'timeout' && reader) responseText = reader.received.toString('latin1');
  } finally {
    if (timer) clearTimeout(timer);
  }

  const handshake: Handshake = {
    source: 'probe',
    url: target?.url ?? options.url,
    transport: 'http/1.1',
    request,
    response,
    browserError: null,
    capturedBy: 'probe',
    startedAt,
    durationMs: responseMs,
    raw: { request: requestSent ? requestText : '', response: responseText },
  };
  const timing: ProbeTiming = { connectMs, proxyMs, tlsMs, responseMs, totalMs: elapsed(start) };
  const base = { handshake, target, proxy, tls: tlsInfo, failure, requestSent, timing, afterHead, malformedLines };
  const socket = sockets[sockets.length - 1];

  if (failure || !response || response.status !== 101 || !socket) {
    for (const s of sockets) s.destroy();
    return { ...base, close: null, connection: null };
  }
  // A browser drops a connection whose 101 it refuses (RFC 6455 §4.1: _Fail the WebSocket Connection_).
  const report = await analyzeOne(handshake);
  if (report.verdict === 'fail') {
    for (const s of sockets) s.destroy();
    return { ...base, close: { initiator: 'client', sentCode: null, serverClosed: false, serverCode: null, serverReason: null, note: 'the handshake is invalid, so the connection was dropped without a close frame, as a browser does' }, connection: null };
  }
  const session = new FrameSession(socket, rest, options.closeWaitMs ?? DEFAULT_CLOSE_WAIT_MS);
  if (options.keepOpen) return { ...base, close: null, connection: session };
  const close = await session.close(1000);
  await new Promise<void>((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
  return { ...base, close, connection: null };
}
