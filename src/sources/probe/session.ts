/**
 * The connection after a good 101: frames in, pings answered, and the closing
 * handshake (RFC 6455 §5.5.1, §7.1.1) run from either side.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { closePayload, decodeFrames, encodeFrame, OPCODE, readClosePayload } from '../../core/frames.js';
import type { CloseOutcome, ProbeConnection, ReceivedFrame } from './types.js';

/** Frames larger than this end the session: the probe watches a connection, it does not buffer a download. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** A masked client frame (clients must mask, RFC 6455 §5.3). */
export function clientFrame(opcode: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  return Buffer.from(encodeFrame({ opcode, payload, mask: randomBytes(4) }));
}

/** The frame side of a connection after a 101: answers pings, runs the closing handshake. */
export class FrameSession implements ProbeConnection {
  readonly closed: Promise<CloseOutcome>;
  private buffer: Uint8Array;
  private readonly listeners: ((frame: ReceivedFrame) => void)[] = [];
  /** Frames seen before anyone subscribed, handed to the first listener. */
  private unseen: ReceivedFrame[] = [];
  private sentCode: number | null = null;
  private settle!: (outcome: CloseOutcome) => void;
  private done = false;
  private closeWait: NodeJS.Timeout | null = null;

  /** `socket`: the TCP or TLS socket after a 101, or the HTTP/2 stream after a 200 (RFC 8441). */
  constructor(private readonly socket: Duplex, initial: Uint8Array, private readonly closeWaitMs: number) {
    this.buffer = Uint8Array.from(initial);
    this.closed = new Promise((resolve) => (this.settle = resolve));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => this.finish(null, null, this.sentCode === null ? 'the server dropped the connection without a close frame' : 'the server ended the connection without a close frame'));
    socket.resume();
    // Frames that came with the head are handled once listeners had a chance to subscribe.
    setImmediate(() => this.receive(new Uint8Array(0)));
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
      this.socket.write(clientFrame(OPCODE.close, closePayload(code)));
      this.closeWait = setTimeout(() => this.finish(null, null, `no close frame from the server within ${this.closeWaitMs} ms`), this.closeWaitMs);
    }
    return this.closed;
  }

  private receive(chunk: Uint8Array): void {
    if (this.done) return;
    const bytes = new Uint8Array(this.buffer.length + chunk.length);
    bytes.set(this.buffer);
    bytes.set(chunk, this.buffer.length);
    const { frames, rest, tooLarge } = decodeFrames(bytes, MAX_FRAME_BYTES);
    this.buffer = Uint8Array.from(rest);
    for (const frame of frames) {
      if (this.listeners.length === 0) this.unseen.push(frame);
      for (const listener of this.listeners) listener(frame);
      if (frame.kind === 'ping' && this.sentCode === null) this.socket.write(clientFrame(OPCODE.pong, frame.payload));
      if (frame.kind === 'close') {
        const { code, reason } = readClosePayload(frame.payload);
        // RFC 6455 §5.5.1: answer a close with a close (echoing the code) unless we sent one already.
        if (this.sentCode === null) {
          this.socket.write(clientFrame(OPCODE.close, code === null ? new Uint8Array(0) : closePayload(code)));
          this.finish(code, frame.payload.length > 2 ? reason : null, null, 'server');
        } else {
          this.finish(code, frame.payload.length > 2 ? reason : null, null);
        }
        return;
      }
    }
    if (tooLarge) this.finish(null, null, `a frame of ${tooLarge.announced} bytes is larger than the probe reads`);
  }

  private finish(serverCode: number | null, serverReason: string | null, note: string | null, initiator?: 'client' | 'server'): void {
    if (this.done) return;
    this.done = true;
    if (this.closeWait) clearTimeout(this.closeWait);
    this.settle({
      initiator: initiator ?? (this.sentCode === null ? 'server' : 'client'),
      sentCode: this.sentCode,
      serverClosed: note === null,
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
