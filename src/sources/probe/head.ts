/**
 * Reading an HTTP response head off a socket, byte for byte: up to the blank line,
 * or until the peer closes, sends something that is not HTTP, or sends too much.
 */
import { Buffer } from 'node:buffer';
import type net from 'node:net';
import { HeaderList } from '../../core/headers.js';
import type { HandshakeResponse } from '../../core/model.js';
import { parseHeaderLines } from '../raw.js';

export type HeadStatus = 'complete' | 'partial' | 'not-http' | 'too-large' | 'empty';

export interface HeadRead {
  readonly status: HeadStatus;
  /** The head including its terminating blank line when complete; what arrived otherwise. */
  readonly head: Buffer;
  /** Bytes after the head. */
  readonly rest: Buffer;
  /** The socket error that ended the read early, if any. */
  readonly error: NodeJS.ErrnoException | null;
}

export const HTTP_PREFIX = Buffer.from('HTTP/', 'latin1');

/** Reads an HTTP response head up to CRLFCRLF (or LFLF); `received` shows what came so far (for timeouts). */
export class HeadReader {
  // The bytes so far in a buffer that doubles when full: a server that sends its head a byte at a
  // time costs linear time, where a concat, a decode and a search of everything per chunk was quadratic.
  private buffer: Buffer = Buffer.alloc(0);
  private length = 0;
  /** Where the search for the blank line goes on: every earlier line break was looked at. */
  private searchFrom = 0;

  constructor(private readonly socket: net.Socket, private readonly maxBytes: number) {}

  /** Every byte received so far. */
  get received(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private append(chunk: Buffer): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(this.length + chunk.length, this.buffer.length * 2, 1024));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length += chunk.length;
  }

  /** The end of the head (after /\r?\n\r?\n/'s first match), or -1 while it has not come. */
  private headEnd(): number {
    const b = this.buffer;
    let k = this.searchFrom;
    for (; k + 1 < this.length; k++) {
      if (b[k] !== 0x0a) continue;
      if (b[k + 1] === 0x0a) return k + 2;
      if (b[k + 1] === 0x0d) {
        if (k + 2 >= this.length) break; // "\n\r" at the end: the next chunk decides
        if (b[k + 2] === 0x0a) return k + 3;
      }
    }
    this.searchFrom = k;
    return -1;
  }

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
        const before = this.length;
        this.append(chunk);
        const bytes = this.received;
        if (before < HTTP_PREFIX.length) {
          const prefix = bytes.subarray(0, Math.min(bytes.length, HTTP_PREFIX.length));
          if (!HTTP_PREFIX.subarray(0, prefix.length).equals(prefix)) {
            finish({ status: 'not-http', head: bytes.subarray(0, this.maxBytes), rest: Buffer.alloc(0), error: null });
            return;
          }
        }
        const headEnd = this.headEnd();
        if (headEnd >= 0 && headEnd <= this.maxBytes) {
          finish({ status: 'complete', head: bytes.subarray(0, headEnd), rest: bytes.subarray(headEnd), error: null });
        } else if (bytes.length > this.maxBytes) {
          finish({ status: 'too-large', head: bytes.subarray(0, this.maxBytes), rest: Buffer.alloc(0), error: null });
        }
      };
      const onEnd = (): void => {
        const status: HeadStatus = this.length === 0 ? 'empty' : 'partial';
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
/** A response head read into a status line and headers, with the lines that were not headers. */
export interface ResponseHead {
  readonly response: HandshakeResponse;
  readonly malformed: string[];
}

export function parseResponseHead(head: string): ResponseHead | null {
  const lines = splitHeadLines(head);
  const match = STATUS_LINE.exec(lines[0] ?? '');
  if (!match) return null;
  const { headers, malformed } = parseHeaderLines(lines.slice(1));
  return {
    response: { status: Number(match[2]), statusText: (match[3] ?? '').trim(), httpVersion: match[1]!, headers: new HeaderList(headers) },
    malformed,
  };
}


/**
 * After a head that is not a 101: the start of its body (error pages name who wrote them), up to
 * `maxBytes`, until Content-Length is reached, the last chunk arrives, the peer closes, or `waitMs` pass.
 */
export function readBodyStart(socket: net.Socket, initial: Buffer, response: HandshakeResponse, maxBytes: number, waitMs: number): Promise<Buffer> {
  const length = response.headers.first('content-length');
  const expected = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  const chunked = /chunked/i.test(response.headers.combined('transfer-encoding') ?? '');
  const done = (bytes: Buffer): boolean =>
    bytes.length >= maxBytes ||
    (expected !== null && bytes.length >= expected) ||
    (chunked && (bytes.indexOf('\r\n0\r\n') >= 0 || bytes.subarray(0, 3).toString('latin1') === '0\r\n'));
  if (done(initial) || socket.destroyed || response.status === 304 || response.status === 204) return Promise.resolve(initial.subarray(0, maxBytes));
  return new Promise<Buffer>((resolve) => {
    let body = initial;
    const finish = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', finish);
      socket.off('close', finish);
      socket.off('error', finish);
      socket.pause();
      resolve(body.subarray(0, maxBytes));
    };
    const onData = (chunk: Buffer): void => {
      body = Buffer.concat([body, chunk]);
      if (done(body)) finish();
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('close', finish);
    socket.once('error', finish);
    socket.resume();
  });
}
