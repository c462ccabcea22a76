/**
 * What a client must refuse in a server's frames (RFC 6455 §5, RFC 7692 §6), as
 * browsers do: a stateful checker fed one decoded frame at a time, which also
 * assembles data messages (inflated when permessage-deflate was negotiated; the
 * inflater is injected, so this stays pure) and validates their UTF-8. The probe
 * runs it after a 101 and fails the connection on the first error, like Chromium.
 */
import { frameKind, type Frame } from '../frames.js';
import type { FrameErrorKind } from '../model.js';
import { RESERVED_CLOSE_CODES } from './close-codes.js';

export interface FrameProblem {
  readonly kind: FrameErrorKind;
  /** What was wrong, with the values (one sentence, no final period). */
  readonly text: string;
}

/** A data message the checker completed. */
export interface CompletedMessage {
  readonly kind: 'text' | 'binary';
  /** Its bytes, inflated when it was compressed (null when it was over the assembly cap). */
  readonly data: Uint8Array | null;
  readonly bytes: number;
  readonly compressed: boolean;
}

export interface FrameCheckResult {
  readonly problem: FrameProblem | null;
  readonly message: CompletedMessage | null;
}

export interface FrameCheckOptions {
  /** The 101 accepted permessage-deflate. */
  readonly deflate: boolean;
  /** Inflates one compressed message (RFC 7692 §7.2.2), keeping the context as negotiated; null when the data does not inflate. */
  readonly inflate?: (compressed: Uint8Array) => Uint8Array | null;
  /** Messages larger than this are counted, not kept (nor checked for UTF-8). Default 16 MiB. */
  readonly maxMessageBytes?: number;
}

// The platform's decoder (browsers, Node): WHATWG's fatal UTF-8 decoding is RFC 3629's validity (shortest
// forms, no surrogates, at most U+10FFFF), in native code. The core has no DOM types, hence the cast.
const strictDecoder = new (globalThis as unknown as { TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(b: Uint8Array): string } }).TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 (RFC 3629), as a browser checks a text message (RFC 6455 §8.1). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const OPCODE_NAME: Readonly<Record<string, string>> = { text: 'text', binary: 'binary', continuation: 'continuation', close: 'close', ping: 'ping', pong: 'pong' };

export class ServerFrameChecker {
  private message: { kind: 'text' | 'binary'; compressed: boolean; parts: Uint8Array[]; bytes: number; kept: boolean } | null = null;
  private readonly maxMessageBytes: number;

  constructor(private readonly options: FrameCheckOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? 16 * 1024 * 1024;
  }

  /** Checks one frame; completes a message on its last frame. */
  check(frame: Frame): FrameCheckResult {
    const problem = this.problemOf(frame);
    if (problem) return { problem, message: null };
    const kind = frameKind(frame.opcode);
    if (kind === 'close') return { problem: this.closeProblem(frame.payload), message: null };
    if (kind !== 'text' && kind !== 'binary' && kind !== 'continuation') return { problem: null, message: null };
    if (kind !== 'continuation') {
      this.message = { kind, compressed: (frame.rsv & 0b100) !== 0, parts: [], bytes: 0, kept: true };
    }
    const message = this.message!;
    message.bytes += frame.payload.length;
    if (message.kept && message.bytes <= this.maxMessageBytes) message.parts.push(frame.payload);
    else {
      message.kept = false;
      message.parts = [];
    }
    if (!frame.fin) return { problem: null, message: null };
    this.message = null;
    return this.complete(message);
  }

  private problemOf(frame: Frame): FrameProblem | null {
    const kind = frameKind(frame.opcode);
    const name = OPCODE_NAME[kind] ?? `opcode ${frame.opcode}`;
    if (frame.masked) return { kind: 'masked', text: `the server masked a ${name} frame` };
    if (kind === 'reserved') return { kind: 'reserved-opcode', text: `the server sent a frame with the reserved opcode ${frame.opcode}` };
    const control = kind === 'close' || kind === 'ping' || kind === 'pong';
    if (frame.rsv & 0b011) return { kind: 'reserved-bits', text: `RSV${frame.rsv & 0b010 ? 2 : 3} set on a ${name} frame (no extension uses it)` };
    if (frame.rsv & 0b100) {
      if (!this.options.deflate) return { kind: 'reserved-bits', text: `RSV1 set on a ${name} frame, but the 101 negotiated no permessage-deflate` };
      if (control || kind === 'continuation') return { kind: 'reserved-bits', text: `RSV1 set on a ${name} frame (permessage-deflate sets it on a message's first frame only)` };
    }
    if (control && (!frame.fin || frame.payload.length > 125)) {
      return { kind: 'control-frame', text: !frame.fin ? `a fragmented ${name} frame` : `a ${name} frame of ${frame.payload.length} bytes (control frames carry at most 125)` };
    }
    if (kind === 'continuation' && !this.message) return { kind: 'fragmentation', text: 'a continuation frame with no message started' };
    if ((kind === 'text' || kind === 'binary') && this.message) return { kind: 'fragmentation', text: `a new ${name} message while the previous one was unfinished` };
    return null;
  }

  private closeProblem(payload: Uint8Array): FrameProblem | null {
    if (payload.length === 1) return { kind: 'close-frame', text: 'a close frame with a 1-byte payload (a code takes 2)' };
    if (payload.length < 2) return null;
    const code = (payload[0]! << 8) | payload[1]!;
    if (RESERVED_CLOSE_CODES.has(code)) return { kind: 'close-frame', text: `a close frame with the reserved code ${code} (never sent on the wire)` };
    if (!isValidUtf8(payload.subarray(2))) return { kind: 'close-frame', text: 'a close frame whose reason is not UTF-8' };
    return null;
  }

  private complete(message: { kind: 'text' | 'binary'; compressed: boolean; parts: Uint8Array[]; bytes: number; kept: boolean }): FrameCheckResult {
    let data: Uint8Array | null = null;
    if (message.kept) {
      const joined = new Uint8Array(message.bytes);
      let at = 0;
      for (const part of message.parts) {
        joined.set(part, at);
        at += part.length;
      }
      data = joined;
      if (message.compressed) {
        data = this.options.inflate ? this.options.inflate(joined) : null;
        if (data === null) return { problem: { kind: 'deflate-data', text: `a compressed ${message.kind} message of ${message.bytes} bytes that does not inflate` }, message: null };
      }
      if (message.kind === 'text' && !isValidUtf8(data)) return { problem: { kind: 'invalid-utf8', text: `a text message of ${data.length} bytes that is not valid UTF-8` }, message: null };
    }
    return { problem: null, message: { kind: message.kind, data, bytes: data?.length ?? message.bytes, compressed: message.compressed } };
  }
}

const HTTP_START = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

/**
 * HTTP text where a frame should start (a server that refuses after its 101, like engine.io's
 * abortUpgrade): its status line and the start of its body; null when the bytes are not HTTP.
 * ("H" = 0x48 reads as a fragmented close frame with RSV1: never a valid frame.)
 */
export function httpTextAt(bytes: Uint8Array): { readonly statusLine: string; readonly body: string } | null {
  if (bytes.length < HTTP_START.length) return null;
  for (let i = 0; i < HTTP_START.length; i++) if (bytes[i] !== HTTP_START[i]) return null;
  const text = latin1(bytes.subarray(0, 2048));
  const lineEnd = text.indexOf('\n');
  const statusLine = (lineEnd < 0 ? text : text.slice(0, lineEnd)).replace(/\r$/, '');
  const bodyAt = text.indexOf('\r\n\r\n');
  const body = bodyAt < 0 ? '' : text.slice(bodyAt + 4, bodyAt + 4 + 200).trim();
  return { statusLine: statusLine.slice(0, 200), body };
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}
