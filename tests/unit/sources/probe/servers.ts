/**
 * Local servers for the probe tests: plain TCP and TLS servers that read the
 * request head and answer with scripted raw bytes (good and broken handshakes,
 * garbage, resets, silence), a self-signed certificate made with openssl, and a
 * small HTTP CONNECT proxy. Loopback only, ports chosen by the OS.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { closePayload, decodeFrames, encodeFrame, OPCODE } from '../../../../src/core/frames.js';

export const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The reference accept value, with node:crypto (independent of the core's SubtleCrypto code). */
export function acceptFor(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** What the server saw of one connection. */
export interface SeenRequest {
  /** The request head as received (latin1), up to and including the blank line. */
  readonly raw: string;
  readonly requestLine: string;
  /** Header lines as [name, value], in order. */
  readonly headers: [string, string][];
  /** The Sec-WebSocket-Key received, or ''. */
  readonly key: string;
  /** TLS SNI server name, when over TLS. */
  readonly servername: string | null;
}

/** How a scripted server answers. */
export type Script =
  | { readonly respond: (request: SeenRequest) => string | Buffer; readonly thenClose?: boolean }
  | { readonly reset: true }
  | { readonly closeAtOnce: true }
  | { readonly silent: true }
  /** Sends bytes as soon as the client connects, before any request (an SSH banner). */
  | { readonly greet: string | Buffer };

/** Close frames and other frames the server received after its 101, unmasked. */
export interface ServerFrame {
  readonly opcode: number;
  readonly masked: boolean;
  readonly payload: Buffer;
}

export interface ScriptedServer {
  readonly port: number;
  readonly url: (path?: string) => string;
  readonly requests: SeenRequest[];
  readonly frames: ServerFrame[];
  /** Resolves when the server received a close frame on any connection. */
  readonly closeFrame: () => Promise<ServerFrame>;
  close(): Promise<void>;
}

function parseRequest(raw: string, servername: string | null): SeenRequest {
  const lines = raw.split(/\r?\n/).filter((l) => l !== '');
  const headers = lines.slice(1).map((l): [string, string] => {
    const colon = l.indexOf(':');
    return [l.slice(0, colon), l.slice(colon + 1).trim()];
  });
  const key = headers.find(([n]) => n.toLowerCase() === 'sec-websocket-key')?.[1] ?? '';
  return { raw, requestLine: lines[0] ?? '', headers, key, servername };
}

/** Parses client frames (masked) off a buffer. */
function takeFrames(buffer: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const { frames, rest } = decodeFrames(buffer);
  return { frames: frames.map((f) => ({ opcode: f.opcode, masked: f.masked, payload: Buffer.from(f.payload) })), rest: Buffer.from(rest) };
}

/** An unmasked server frame. */
export function serverFrame(opcode: number, payload: Buffer | string): Buffer {
  return Buffer.from(encodeFrame({ opcode, payload: typeof payload === 'string' ? Buffer.from(payload) : payload }));
}

export function closeFramePayload(code: number, reason = ''): Buffer {
  return Buffer.from(closePayload(code, reason));
}

export interface ServerOptions {
  /** Serve TLS with this key and certificate. */
  readonly tls?: { key: string; cert: string };
  /** After a 101, answer the client's close frame with a close frame (default true). */
  readonly echoClose?: boolean;
  /** Frames to send right after the 101 head, in the same write. */
  readonly afterHead?: Buffer;
}

export async function startServer(script: Script, options: ServerOptions = {}): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const frames: ServerFrame[] = [];
  const sockets = new Set<net.Socket>();
  const closeWaiters: ((frame: ServerFrame) => void)[] = [];

  const handle = (socket: net.Socket, servername: string | null): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if ('greet' in script) {
      socket.write(script.greet);
      return;
    }
    if ('closeAtOnce' in script) {
      socket.end();
      return;
    }
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (upgraded) {
        const { frames: got, rest } = takeFrames(buffer);
        buffer = Buffer.from(rest);
        for (const frame of got) {
          frames.push(frame);
          if (frame.opcode === 8) {
            if (options.echoClose !== false) socket.end(encodeFrame({ opcode: OPCODE.close, payload: frame.payload }));
            for (const waiter of closeWaiters.splice(0)) waiter(frame);
          }
        }
        return;
      }
      const text = buffer.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const request = parseRequest(text.slice(0, end + 4), servername);
      requests.push(request);
      buffer = Buffer.from(buffer.subarray(end + 4));
      if ('reset' in script) {
        socket.resetAndDestroy();
        return;
      }
      if ('silent' in script) return;
      const answer = script.respond(request);
      const head = Buffer.isBuffer(answer) ? answer : Buffer.from(answer, 'latin1');
      upgraded = / 101 /.test(head.subarray(0, 40).toString('latin1'));
      socket.write(options.afterHead ? Buffer.concat([head, options.afterHead]) : head);
      if (script.thenClose) socket.end();
    });
  };

  const server = options.tls
    ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, (socket) => handle(socket, socket.servername || null))
    : net.createServer((socket) => handle(socket, null));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const scheme = options.tls ? 'wss' : 'ws';
  return {
    port,
    url: (path = '/') => `${scheme}://127.0.0.1:${port}${path}`,
    requests,
    frames,
    closeFrame: () => {
      const seen = frames.find((f) => f.opcode === 8);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => closeWaiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A 101 head for `key` with optional changes: header lines replaced/removed/added. */
export function switching(key: string, extra: string[] = [], options: { accept?: string | null; upgrade?: string | null; connection?: string | null; statusLine?: string } = {}): string {
  const lines = [options.statusLine ?? 'HTTP/1.1 101 Switching Protocols'];
  if (options.upgrade !== null) lines.push(`Upgrade: ${options.upgrade ?? 'websocket'}`);
  if (options.connection !== null) lines.push(`Connection: ${options.connection ?? 'Upgrade'}`);
  if (options.accept !== null) lines.push(`Sec-WebSocket-Accept: ${options.accept ?? acceptFor(key)}`);
  lines.push(...extra);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

// ---------------------------------------------------------------------------

export interface Certificate {
  readonly key: string;
  readonly cert: string;
  /** Path of the certificate PEM (for --ca). */
  readonly certPath: string;
}

export interface Certificates {
  /** CN=localhost, SAN localhost + 127.0.0.1. */
  readonly local: Certificate;
  /** Valid only for other.example: a host name mismatch on 127.0.0.1. */
  readonly other: Certificate;
  readonly dir: string;
  cleanup(): void;
}

const OPENSSL = existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : 'openssl';

function makeCertificate(dir: string, name: string, subject: string, san: string): Certificate {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  execFileSync(OPENSSL, [
    'req', '-x509', '-nodes', '-days', '2',
    '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-keyout', keyPath, '-out', certPath,
    '-subj', subject, '-addext', `subjectAltName=${san}`,
  ], { stdio: 'ignore', timeout: 20_000 });
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

/** Self-signed certificates in a temp dir, made with the system's openssl. */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'ws-probe-cert-'));
  return {
    local: makeCertificate(dir, 'local', '/CN=localhost', 'DNS:localhost,IP:127.0.0.1'),
    other: makeCertificate(dir, 'other', '/CN=other.example', 'DNS:other.example'),
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// ---------------------------------------------------------------------------

export interface ConnectProxy {
  readonly url: string;
  readonly port: number;
  /** Each CONNECT request head as received. */
  readonly connects: string[];
  close(): Promise<void>;
}

/** An HTTP CONNECT proxy; `refuse` answers every CONNECT with that status line instead. */
export async function startProxy(options: { refuse?: string; requireAuth?: string } = {}): Promise<ConnectProxy> {
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      const text = buffer.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const head = text.slice(0, end + 4);
      connects.push(head);
      const [method, authority] = head.split(' ');
      if (options.refuse) {
        client.end(`${options.refuse}\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      if (options.requireAuth && !head.includes(`Proxy-Authorization: ${options.requireAuth}\r\n`)) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (method !== 'CONNECT' || !authority) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      const colon = authority.lastIndexOf(':');
      const upstream = net.connect({ host: authority.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(authority.slice(colon + 1)) });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        const rest = buffer.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
