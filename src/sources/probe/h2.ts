/**
 * The opening handshake over HTTP/2 (RFC 8441): on a TLS connection whose ALPN
 * chose h2, wait for the server's SETTINGS, and when it allows extended CONNECT
 * (SETTINGS_ENABLE_CONNECT_PROTOCOL) send `:method CONNECT`, `:protocol
 * websocket` as Chromium does; 200 accepts. Without that setting a browser opens
 * a separate HTTP/1.1 connection, and so does the probe (probe.ts).
 */
import { Buffer } from 'node:buffer';
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import type tls from 'node:tls';
import { HeaderList, type HeaderField } from '../../core/headers.js';
import { BODY_START_LIMIT, type HandshakeRequest, type HandshakeResponse } from '../../core/model.js';
import { ProbeError } from './failures.js';
import type { ProbeTarget } from './types.js';

/** Request headers that are HTTP/1.1-only (RFC 9113 §8.2.2) or stand for a pseudo-header: never sent over h2. */
const NOT_OVER_H2 = new Set(['host', 'upgrade', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'sec-websocket-key']);

export interface H2Request {
  readonly request: HandshakeRequest;
  /** The header block as text, pseudo-headers first: what the transcript and `raw.request` show. */
  readonly text: string;
  readonly fields: readonly HeaderField[];
}

/** The extended CONNECT a browser sends for `target`, from the probe's HTTP/1.1 header lines. */
export function h2Request(target: ProbeTarget, headers: readonly HeaderField[]): H2Request {
  const fields: HeaderField[] = [
    { name: ':method', value: 'CONNECT' },
    { name: ':protocol', value: 'websocket' },
    { name: ':scheme', value: 'https' },
    { name: ':path', value: target.path },
    { name: ':authority', value: target.hostHeader },
  ];
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (!NOT_OVER_H2.has(name)) fields.push({ name, value: header.value });
  }
  return {
    request: { method: 'CONNECT', httpVersion: 'HTTP/2', headers: new HeaderList(fields) },
    text: fieldsText(fields),
    fields,
  };
}

function fieldsText(fields: readonly HeaderField[]): string {
  return fields.map((f) => `${f.name}: ${f.value}\r\n`).join('');
}

/** What came back over HTTP/2. */
export type H2Outcome =
  | { readonly kind: 'answered'; readonly response: HandshakeResponse; readonly text: string; readonly body: Buffer; readonly stream: ClientHttp2Stream; readonly session: ClientHttp2Session }
  /** The server's SETTINGS do not allow extended CONNECT: browsers use HTTP/1.1 on another connection. */
  | { readonly kind: 'no-connect-protocol'; readonly session: ClientHttp2Session };

const BODY_WAIT_MS = 500;

/** Runs the extended CONNECT on `socket` (TLS, ALPN h2). `within` races each step against the probe's deadline. */
export async function h2Exchange(
  socket: tls.TLSSocket,
  target: ProbeTarget,
  request: H2Request,
  within: <T>(step: Promise<T>) => Promise<T>,
): Promise<H2Outcome> {
  const session = http2.connect(`https://${target.hostHeader}`, { createConnection: () => socket });
  session.on('error', () => undefined);
  const failed = new Promise<never>((_, reject) => {
    session.once('error', (error: NodeJS.ErrnoException) => reject(new ProbeError('network', `HTTP/2: ${error.message}${error.code ? ` [${error.code}]` : ''}`, error.code ?? null)));
    session.once('goaway', (code: number) => reject(new ProbeError('closed', `HTTP/2: the server sent GOAWAY (code ${code}) before answering`)));
  });
  failed.catch(() => undefined);
  const settings = await within(Promise.race([new Promise<http2.Settings>((resolve) => session.once('remoteSettings', resolve)), failed]));
  if (!settings.enableConnectProtocol) return { kind: 'no-connect-protocol', session };

  const headers: Record<string, string | string[]> = {};
  for (const field of request.fields) {
    const existing = headers[field.name];
    headers[field.name] = existing === undefined ? field.value : [...(Array.isArray(existing) ? existing : [existing]), field.value];
  }
  const stream = session.request(headers, { endStream: false });
  stream.on('error', () => undefined);
  const streamFailed = new Promise<never>((_, reject) => {
    stream.once('error', (error: NodeJS.ErrnoException) => reject(new ProbeError('reset', `HTTP/2: the stream failed before the response: ${error.message}${error.code ? ` [${error.code}]` : ''}`, error.code ?? null)));
    stream.once('close', () => reject(new ProbeError('closed', `HTTP/2: the server closed the stream without a response (RST_STREAM code ${stream.rstCode ?? '?'})`)));
  });
  streamFailed.catch(() => undefined);
  const answer = await within(Promise.race([new Promise<IncomingHttpHeaders>((resolve) => stream.once('response', resolve)), streamFailed, failed]));
  const status = Number(answer[':status']);
  const fields: HeaderField[] = [];
  for (const [name, value] of Object.entries(answer)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [String(value)]) fields.push({ name, value: one });
  }
  const body = status === 200 ? Buffer.alloc(0) : await readStreamStart(stream);
  const response: HandshakeResponse = {
    status,
    statusText: '',
    httpVersion: 'HTTP/2',
    headers: new HeaderList(fields),
    ...(status === 200 ? {} : { bodyStart: body.subarray(0, BODY_START_LIMIT).toString('latin1') }),
  };
  return { kind: 'answered', response, text: `:status: ${status}\r\n${fieldsText(fields)}`, body, stream, session };
}

/** The start of a refused stream's body, for a short while. */
function readStreamStart(stream: ClientHttp2Stream): Promise<Buffer> {
  return new Promise<Buffer>((resolve) => {
    let body = Buffer.alloc(0);
    const finish = (): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      body = Buffer.concat([body, chunk]);
      if (body.length >= BODY_START_LIMIT) finish();
    };
    const timer = setTimeout(finish, BODY_WAIT_MS);
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('close', finish);
  });
}
