/**
 * A browser-like WebSocket opening handshake over a raw TCP or TLS socket:
 * the bytes Chromium 156 puts on the wire for `new WebSocket(url)` from a page
 * of the same origin, in Chromium's header order. Nothing is parsed away: the
 * exchange keeps the exact request and response bytes.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { closePayload, encodeFrame, OPCODE } from '../../src/core/frames.js';

export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const CHROMIUM_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/** A fixed Sec-WebSocket-Key per case id, so fixtures are stable and backends can tell cases apart. */
export function keyFor(id: string): string {
  return createHash('sha1').update(`ws-stacks:${id}`).digest().subarray(0, 16).toString('base64');
}

export function acceptFor(key: string): string {
  return createHash('sha1').update(key + WS_GUID).digest('base64');
}

export interface HandshakeRequest {
  readonly host: string;
  readonly port: number;
  /** Speak TLS on the connection (wss://). */
  readonly tls: boolean;
  /** Path + query, e.g. /ws or /socket.io/?EIO=4&transport=websocket */
  readonly path: string;
  readonly key: string;
  /** The page's origin; defaults to the same origin as the URL. */
  readonly origin?: string;
  /** Leave out Connection: Upgrade and Upgrade: websocket (what a hop that strips them forwards). */
  readonly stripUpgrade?: boolean;
  /** How long to wait for the response head; default 8 s. */
  readonly headTimeoutMs?: number;
}

export function chromiumRequest(req: HandshakeRequest): Buffer {
  const hostHeader = `${req.host}:${req.port}`;
  const origin = req.origin ?? `${req.tls ? 'https' : 'http'}://${hostHeader}`;
  const lines = [
    `GET ${req.path} HTTP/1.1`,
    `Host: ${hostHeader}`,
    ...(req.stripUpgrade ? [] : ['Connection: Upgrade']),
    'Pragma: no-cache',
    'Cache-Control: no-cache',
    `User-Agent: ${CHROMIUM_UA}`,
    ...(req.stripUpgrade ? [] : ['Upgrade: websocket']),
    `Origin: ${origin}`,
    'Sec-WebSocket-Version: 13',
    'Accept-Encoding: gzip, deflate, br, zstd',
    'Accept-Language: en-US,en;q=0.9',
    `Sec-WebSocket-Key: ${req.key}`,
    'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
  ];
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
}

export interface ParsedResponse {
  readonly httpVersion: string;
  readonly status: number;
  readonly statusText: string;
  /** Header lines as received: name case and order kept. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly headLength: number;
  readonly body: Buffer;
}

export interface Exchange {
  /** The HTTP request bytes (inside TLS when tls). */
  readonly request: Buffer;
  /** Everything received (for a failed TLS handshake: the raw bytes off the TCP socket). */
  readonly response: Buffer;
  readonly parsed?: ParsedResponse;
  /** The TLS handshake failed: code and message. */
  readonly tlsError?: string;
  /** How the read ended. */
  readonly ended: 'closed' | 'body-complete' | 'body-cap' | 'body-window' | 'head-timeout' | 'error';
  readonly error?: string;
  readonly ms: number;
}

export function header(res: ParsedResponse | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return res?.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Every value of a header, joined with ", " (Caddy sends two Server lines). */
export function headerAll(res: ParsedResponse | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = res?.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v) ?? [];
  return values.length ? values.join(', ') : undefined;
}

export function parseHead(buf: Buffer): ParsedResponse | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = buf.subarray(0, end).toString('latin1');
  const [statusLine = '', ...rest] = head.split('\r\n');
  const m = /^(HTTP\/\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) return undefined;
  const headers = rest.map((line): readonly [string, string] => {
    const colon = line.indexOf(':');
    return colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return {
    httpVersion: m[1] ?? '',
    status: Number(m[2]),
    statusText: m[3] ?? '',
    headers,
    headLength: end + 4,
    body: buf.subarray(end + 4),
  };
}

const BODY_CAP = 2048;
const BODY_WINDOW_MS = 2_000;
/** After a 101, frames the server sends at once (socket.io's open packet) come within this. */
const AFTER_101_MS = 300;

function bodyDone(res: ParsedResponse): boolean {
  if (res.body.length >= BODY_CAP) return true;
  const cl = header(res, 'content-length');
  if (cl !== undefined && /^\d+$/.test(cl)) return res.body.length >= Number(cl);
  if (/chunked/i.test(header(res, 'transfer-encoding') ?? '')) {
    return res.body.indexOf('0\r\n\r\n') === 0 || res.body.indexOf('\r\n0\r\n\r\n') >= 0;
  }
  return false;
}

/** A masked close frame (1000), so the server sees a clean close after a 101. */
const CLOSE_FRAME = Buffer.from(encodeFrame({ opcode: OPCODE.close, payload: closePayload(1000), mask: Uint8Array.of(0x11, 0x22, 0x33, 0x44) }));

export function handshake(req: HandshakeRequest): Promise<Exchange> {
  const request = chromiumRequest(req);
  const started = Date.now();
  return new Promise<Exchange>((resolve) => {
    const chunks: Buffer[] = [];
    const rawIn: Buffer[] = [];
    let tlsError: string | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let stream: Duplex;
    const raw = net.connect({ host: req.host, port: req.port });
    raw.on('error', () => undefined);

    const finish = (ended: Exchange['ended'], error?: string): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      const response = tlsError !== undefined ? Buffer.concat(rawIn) : Buffer.concat(chunks);
      const parsed = parseHead(response);
      if (parsed?.status === 101 && !stream.destroyed) stream.write(CLOSE_FRAME);
      setTimeout(() => {
        stream.destroy();
        raw.destroy();
      }, 20);
      resolve({
        request,
        response,
        ...(parsed ? { parsed } : {}),
        ...(tlsError !== undefined ? { tlsError } : {}),
        ended,
        ...(error !== undefined ? { error } : {}),
        ms: Date.now() - started,
      });
    };
    const arm = (ms: number, ended: Exchange['ended']): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish(ended), ms);
    };

    if (req.tls) {
      // Tee the raw TCP bytes through a Duplex, so a failed TLS handshake still
      // shows what the server sent in the clear (nginx's 400 to a ClientHello).
      const tee = new Duplex({
        read() {},
        write(chunk: Buffer, _enc, cb) {
          raw.write(chunk, cb);
        },
        final(cb) {
          raw.end();
          cb();
        },
        destroy(err, cb) {
          raw.destroy();
          cb(err);
        },
      });
      raw.on('data', (d: Buffer) => {
        rawIn.push(d);
        tee.push(d);
      });
      raw.on('end', () => tee.push(null));
      raw.on('close', () => {
        if (tlsError !== undefined) finish('closed');
      });
      // No SNI for an IP literal (Chromium sends none either); ALPN http/1.1 as for ws.
      const t = tls.connect({ socket: tee, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
      stream = t;
      let secured = false;
      t.once('secureConnect', () => {
        secured = true;
        t.write(request);
      });
      t.on('error', (err: NodeJS.ErrnoException) => {
        if (secured) {
          finish('error', `${err.code ?? 'ERR'}: ${err.message}`);
          return;
        }
        tlsError = `${err.code ?? 'ERR'}: ${err.message}`;
        // Give the server a moment to finish its clear-text answer, then stop.
        arm(300, 'error');
      });
    } else {
      stream = raw;
      raw.once('connect', () => raw.write(request));
      raw.on('error', (err: NodeJS.ErrnoException) => finish('error', `${err.code ?? 'ERR'}: ${err.message}`));
    }

    let headSeen = false;
    stream.on('data', (d: Buffer) => {
      chunks.push(d);
      const parsed = parseHead(Buffer.concat(chunks));
      if (!parsed) return;
      if (!headSeen) {
        headSeen = true;
        arm(parsed.status === 101 ? AFTER_101_MS : BODY_WINDOW_MS, 'body-window');
      }
      if (parsed.status !== 101 && bodyDone(parsed)) finish(parsed.body.length >= BODY_CAP ? 'body-cap' : 'body-complete');
      else if (parsed.body.length >= BODY_CAP) finish('body-cap');
    });
    stream.on('end', () => {
      if (tlsError === undefined) finish('closed');
    });
    stream.on('close', () => {
      if (tlsError === undefined) finish('closed');
    });
    arm(req.headTimeoutMs ?? 8_000, 'head-timeout');
  });
}
