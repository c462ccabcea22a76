/**
 * The connection after a good 101: frames in, pings answered, and the closing
 * handshake (RFC 6455 §5.5.1, §7.1.1) run from either side. Every server frame
 * is checked as a browser checks it (core/connection/frame-check.ts): on the
 * first violation the session fails the connection as Chromium does (close 1002
 * with Chromium's reason). It keeps a bounded record of what it saw (`record()`:
 * counts, the first and last messages, pings, the close frames, times), which the
 * core judges like a browser capture, with the close codes a browser hides.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { CHROMIUM_CLOSE_REASON } from '../../core/connection/frame-errors.js';
import { httpTextAt, ServerFrameChecker, type CompletedMessage, type FrameProblem } from '../../core/connection/frame-check.js';
import { closePayload, decodeFrames, encodeFrame, OPCODE, readClosePayload, type Frame } from '../../core/frames.js';
import type { Connection, ConnectionEnd, ConnectionError, ConnectionMessage, MessageTally } from '../../core/model.js';
import type { CloseOutcome, ProbeConnection, ReceivedFrame } from './types.js';

/** Frames larger than this end the session: the probe watches a connection, it does not buffer a download. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Chromium drops a connection at once (silently) on a frame header announcing 2^31 bytes or more. */
const BROWSER_FRAME_LIMIT = 2 ** 31;
const PREVIEW_BYTES = 480;
const PREVIEW_CHARS = 160;
const FIRST = 3;
const LAST = 3;
const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** A masked client frame (clients must mask, RFC 6455 §5.3). */
export function clientFrame(opcode: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  return Buffer.from(encodeFrame({ opcode, payload, mask: randomBytes(4) }));
}

export interface SessionOptions {
  /** How long to wait for the server's close frame after ours. */
  readonly closeWaitMs: number;
  /** The 101 accepted permessage-deflate; `serverNoContextTakeover` when it said server_no_context_takeover. */
  readonly deflate?: { readonly serverNoContextTakeover: boolean } | null;
  /** Milliseconds from the start of the probe to the 101, so the record's times count from the start. */
  readonly openedAtMs?: number;
}

/** One inflater per connection: each message inflates with the previous output as its window (RFC 7692 §7.2.2, context takeover). */
function inflaterFor(noContextTakeover: boolean): (compressed: Uint8Array) => Uint8Array | null {
  let window: Buffer = Buffer.alloc(0);
  return (compressed) => {
    try {
      const output = inflateRawSync(Buffer.concat([compressed, DEFLATE_TAIL]), {
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
        maxOutputLength: 64 * 1024 * 1024,
        ...(window.length > 0 ? { dictionary: window } : {}),
      });
      if (!noContextTakeover) window = Buffer.concat([window, output]).subarray(-32768);
      return output;
    } catch {
      return null;
    }
  };
}

const tally = (): { count: number; bytes: number; largest: number } => ({ count: 0, bytes: 0, largest: 0 });

/** The frame side of a connection after a 101: answers pings, runs the closing handshake, checks and records. */
export class FrameSession implements ProbeConnection {
  readonly closed: Promise<CloseOutcome>;
  private buffer: Uint8Array;
  private readonly listeners: ((frame: ReceivedFrame) => void)[] = [];
  /** Frames seen before anyone subscribed, handed to the first listener. */
  private unseen: ReceivedFrame[] = [];
  private sentCode: number | null = null;
  private sentReason: string | null = null;
  private settle!: (outcome: CloseOutcome) => void;
  private done = false;
  private closeWait: NodeJS.Timeout | null = null;
  private readonly closeWaitMs: number;
  private readonly checker: ServerFrameChecker;
  private readonly started = performance.now();
  private readonly openedAtMs: number;
  // The record
  private readonly sent = tally();
  private readonly received = tally();
  private readonly first: ConnectionMessage[] = [];
  private readonly last: ConnectionMessage[] = [];
  private messageCount = 0;
  private lastSentAtMs: number | null = null;
  private lastReceivedAtMs: number | null = null;
  private pings = 0;
  private readonly errors: ConnectionError[] = [];
  private end: ConnectionEnd | null = null;

  /** `socket`: the TCP or TLS socket after a 101, or the HTTP/2 stream after a 200 (RFC 8441). */
  constructor(private readonly socket: Duplex, initial: Uint8Array, options: SessionOptions | number) {
    const opts: SessionOptions = typeof options === 'number' ? { closeWaitMs: options } : options;
    this.closeWaitMs = opts.closeWaitMs;
    this.openedAtMs = opts.openedAtMs ?? 0;
    const deflate = opts.deflate ?? null;
    this.checker = new ServerFrameChecker({ deflate: deflate !== null, ...(deflate ? { inflate: inflaterFor(deflate.serverNoContextTakeover) } : {}) });
    this.buffer = Uint8Array.from(initial);
    this.closed = new Promise((resolve) => (this.settle = resolve));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => this.finish(null, null, this.sentCode === null ? 'the server dropped the TCP connection' : 'the server ended the connection without a close frame'));
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

  close(code = 1000, reason = ''): Promise<CloseOutcome> {
    if (!this.done && this.sentCode === null) {
      this.sentCode = code;
      this.sentReason = reason === '' ? null : reason;
      this.write(clientFrame(OPCODE.close, closePayload(code, reason)));
      this.closeWait = setTimeout(() => this.finish(null, null, `no close frame from the server within ${this.closeWaitMs} ms`), this.closeWaitMs);
    }
    return this.closed;
  }

  /** Sends a text message (masked, uncompressed: RSV1 clear is always allowed). */
  send(text: string): void {
    if (this.done || this.sentCode !== null) return;
    const payload = Buffer.from(text, 'utf8');
    this.write(clientFrame(OPCODE.text, payload));
    this.note('sent', { kind: 'text', data: payload, bytes: payload.length, compressed: false });
  }

  /** What the session saw so far (or in all, once closed): bounded, never the messages' data. */
  record(): Connection {
    return {
      seen: 'frames',
      openedAtMs: round(this.openedAtMs),
      sent: { ...this.sent },
      received: { ...this.received },
      first: [...this.first],
      last: [...this.last],
      lastSentAtMs: this.lastSentAtMs,
      lastReceivedAtMs: this.lastReceivedAtMs,
      errors: [...this.errors],
      ended: this.end,
      recordsEnd: true,
      pings: this.pings,
    };
  }

  private now(): number {
    return round(this.openedAtMs + performance.now() - this.started);
  }

  private write(bytes: Buffer): void {
    if (this.socket.destroyed) return;
    this.socket.write(bytes);
    this.lastSentAtMs = this.now();
  }

  private note(direction: 'sent' | 'received', message: CompletedMessage): void {
    const counts: MessageTally & { count: number; bytes: number; largest: number } = direction === 'sent' ? this.sent : this.received;
    counts.count++;
    counts.bytes += message.bytes;
    counts.largest = Math.max(counts.largest, message.bytes);
    const entry: ConnectionMessage = {
      direction,
      atMs: this.now(),
      kind: message.kind,
      bytes: message.bytes,
      ...(message.kind === 'text' && message.data ? { preview: Buffer.from(message.data.subarray(0, PREVIEW_BYTES)).toString('utf8').slice(0, PREVIEW_CHARS) } : {}),
    };
    if (this.messageCount < FIRST) this.first.push(entry);
    else {
      this.last.push(entry);
      if (this.last.length > LAST) this.last.shift();
    }
    this.messageCount++;
  }

  private receive(chunk: Uint8Array): void {
    if (this.done || this.failed === 'ignore') return;
    if (chunk.length > 0) this.lastReceivedAtMs = this.now();
    const bytes = new Uint8Array(this.buffer.length + chunk.length);
    bytes.set(this.buffer);
    bytes.set(chunk, this.buffer.length);
    if (this.failed === 'none' && this.failIfHttp(bytes)) return;
    const { frames, rest, tooLarge } = decodeFrames(bytes, MAX_FRAME_BYTES);
    for (const frame of frames) {
      if (this.done) return;
      this.handle(frame);
    }
    // (Handling a frame may have failed the connection: read the state again.)
    if (this.done || this.ignoring()) return;
    this.buffer = Uint8Array.from(rest);
    if (this.failed === 'none' && this.failIfHttp(this.buffer)) return;
    if (tooLarge) {
      if (tooLarge.announced >= BROWSER_FRAME_LIMIT) {
        const power = Math.log2(tooLarge.announced);
        const size = `2^${Number.isInteger(power) ? power : power.toFixed(1)}`;
        this.fail({ kind: 'too-large', text: `a frame header announcing ${tooLarge.announced} bytes (${size}): Chromium drops such a connection at once, without a word (1006)` });
      } else {
        this.finish(null, null, `a frame of ${tooLarge.announced} bytes is larger than the probe reads (${MAX_FRAME_BYTES} bytes); browsers would read it`);
      }
    }
  }

  /** HTTP text where a frame should start: a server refusing after its 101 (engine.io writes a 400 there). */
  private failIfHttp(bytes: Uint8Array): boolean {
    const http = httpTextAt(bytes);
    if (!http) return false;
    this.fail({ kind: 'http-after-101', text: `the server wrote HTTP text after its 101: \`${http.statusLine}\``, ...(http.body ? { detail: `body: ${http.body}` } : {}) });
    return true;
  }

  private handle(frame: Frame): void {
    if (this.failed === 'ignore') return;
    // After failing the connection only the server's close frame (its answer to ours) matters.
    if (this.failed === 'await-close') {
      if (frame.kind === 'close') {
        const { code, reason } = readClosePayload(frame.payload);
        this.finish(code, frame.payload.length > 2 ? reason : null, null);
      }
      return;
    }
    // "HT" reads as a fragmented close frame with RSV1 and 84 bytes ("T"): HTTP text after earlier frames.
    if (frame.opcode === OPCODE.close && !frame.fin && frame.rsv === 0b100 && !frame.masked && frame.payload[0] === 0x54 && frame.payload[1] === 0x50 && frame.payload[2] === 0x2f) {
      const bytes = new Uint8Array(2 + frame.payload.length);
      bytes.set([0x48, 0x54]);
      bytes.set(frame.payload, 2);
      if (this.failIfHttp(bytes)) return;
    }
    if (this.listeners.length === 0) this.unseen.push(frame);
    for (const listener of this.listeners) listener(frame);
    const { problem, message } = this.checker.check(frame);
    if (problem) {
      this.fail(problem);
      return;
    }
    if (message) this.note('received', message);
    if (frame.kind === 'ping') {
      this.pings++;
      if (this.sentCode === null) this.write(clientFrame(OPCODE.pong, frame.payload));
    }
    if (frame.kind === 'close') {
      const { code, reason } = readClosePayload(frame.payload);
      const reasonText = frame.payload.length > 2 ? reason : null;
      // RFC 6455 §5.5.1: answer a close with a close (echoing the code) unless we sent one already.
      if (this.sentCode === null) {
        this.write(clientFrame(OPCODE.close, code === null ? new Uint8Array(0) : closePayload(code)));
        this.finish(code, reasonText, null, 'server');
      } else {
        this.finish(code, reasonText, null);
      }
    }
  }

  /** Fails the connection as Chromium does on the same error: close 1002 with its reason, the error recorded. */
  private fail(problem: FrameProblem & { readonly detail?: string | undefined }): void {
    this.errors.push({ atMs: this.now(), text: problem.text, kind: problem.kind, ...(problem.detail ? { detail: problem.detail } : {}) });
    if (this.sentCode === null) void this.close(1002, CHROMIUM_CLOSE_REASON[problem.kind]);
    // After HTTP text nothing is a frame any more; after a bad frame the next ones still are.
    if (problem.kind === 'http-after-101') this.buffer = new Uint8Array(0);
    this.failed = problem.kind === 'http-after-101' ? 'ignore' : 'await-close';
  }

  private ignoring(): boolean {
    return this.failed === 'ignore';
  }

  /** `none`; `await-close`: a violation was found and our close sent, only the server's close is read; `ignore`: nothing is read. */
  private failed: 'none' | 'await-close' | 'ignore' = 'none';

  private finish(serverCode: number | null, serverReason: string | null, note: string | null, initiator?: 'client' | 'server'): void {
    if (this.done) return;
    this.done = true;
    if (this.closeWait) clearTimeout(this.closeWait);
    const outcome: CloseOutcome = {
      initiator: initiator ?? (this.sentCode === null ? 'server' : 'client'),
      sentCode: this.sentCode,
      serverClosed: note === null,
      serverCode,
      serverReason,
      note,
    };
    this.end = endOf(outcome, this.sentReason, this.now());
    this.settle(outcome);
    // The server closes TCP first after a close handshake (RFC 6455 §7.1.1); end ours and drop it if it lingers.
    this.socket.end();
    const linger = setTimeout(() => this.socket.destroy(), 200);
    linger.unref();
    this.socket.once('close', () => clearTimeout(linger));
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The close outcome as the record's end: who sent the first close frame, with what, and whether it was answered. */
function endOf(outcome: CloseOutcome, sentReason: string | null, atMs: number): ConnectionEnd {
  if (outcome.sentCode !== null) {
    return { atMs, closedBy: 'client', code: outcome.sentCode, reason: sentReason, answered: outcome.serverClosed, note: outcome.note };
  }
  if (outcome.serverClosed) {
    return { atMs, closedBy: 'server', code: outcome.serverCode, reason: outcome.serverReason, answered: true, note: null };
  }
  return { atMs, closedBy: 'nobody', code: null, reason: null, answered: null, note: outcome.note };
}
