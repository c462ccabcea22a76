/**
 * The WebSocket framing layer (RFC 6455 §5.2) as pure functions on bytes: one
 * encoder and one decoder for every part of the project that speaks frames
 * (the probe after a 101, the demo and test servers). Decoding reports what a
 * peer did, masked or not, reserved bits and all: judging it is the caller's job.
 */

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export type FrameKind = keyof typeof OPCODE | 'reserved';

const KIND_OF_OPCODE: Readonly<Record<number, FrameKind>> = Object.fromEntries(Object.entries(OPCODE).map(([kind, code]) => [code, kind as FrameKind]));

/** The kind an opcode names; `reserved` for 0x3–0x7 and 0xB–0xF (§5.2). */
export function frameKind(opcode: number): FrameKind {
  return KIND_OF_OPCODE[opcode] ?? 'reserved';
}

export interface Frame {
  readonly fin: boolean;
  /** RSV1, RSV2, RSV3 as a 3-bit number (RSV1 = 4): permessage-deflate sets RSV1 (RFC 7692 §6). */
  readonly rsv: number;
  readonly opcode: number;
  readonly kind: FrameKind;
  /** Whether the sender masked the payload (clients must, servers must not: §5.1). */
  readonly masked: boolean;
  /** The payload, unmasked. */
  readonly payload: Uint8Array;
}

export interface FrameToSend {
  readonly opcode: number;
  readonly payload?: Uint8Array;
  /** Default true. */
  readonly fin?: boolean;
  /** RSV bits as a 3-bit number (default 0). */
  readonly rsv?: number;
  /** Four mask bytes: a client frame. Omitted: an unmasked server frame. */
  readonly mask?: Uint8Array | null;
}

/** One frame's bytes. */
export function encodeFrame(frame: FrameToSend): Uint8Array {
  const payload = frame.payload ?? new Uint8Array(0);
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const mask = frame.mask ?? null;
  const headerLength = 2 + lengthBytes + (mask ? 4 : 0);
  const bytes = new Uint8Array(headerLength + length);
  bytes[0] = ((frame.fin ?? true) ? 0x80 : 0) | (((frame.rsv ?? 0) & 0x7) << 4) | (frame.opcode & 0x0f);
  const maskBit = mask ? 0x80 : 0;
  const view = new DataView(bytes.buffer);
  if (lengthBytes === 0) bytes[1] = maskBit | length;
  else if (lengthBytes === 2) {
    bytes[1] = maskBit | 126;
    view.setUint16(2, length);
  } else {
    bytes[1] = maskBit | 127;
    view.setUint32(2, Math.floor(length / 0x1_0000_0000));
    view.setUint32(6, length >>> 0);
  }
  if (mask) {
    bytes.set(mask.subarray(0, 4), 2 + lengthBytes);
    for (let i = 0; i < length; i++) bytes[headerLength + i] = payload[i]! ^ mask[i % 4]!;
  } else {
    bytes.set(payload, headerLength);
  }
  return bytes;
}

const encoder = new (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }).TextEncoder();
const decoder = new (globalThis as unknown as { TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(b: Uint8Array): string } }).TextDecoder('utf-8', { fatal: false });

/** A close frame's payload: the code, then the reason in UTF-8 (§5.5.1). */
export function closePayload(code: number, reason = ''): Uint8Array {
  const text = encoder.encode(reason);
  const payload = new Uint8Array(2 + text.length);
  payload[0] = code >>> 8;
  payload[1] = code & 0xff;
  payload.set(text, 2);
  return payload;
}

/** A close payload read back: no code when it is empty (1005 in the API), the reason as text. */
export function readClosePayload(payload: Uint8Array): { readonly code: number | null; readonly reason: string } {
  if (payload.length < 2) return { code: null, reason: '' };
  return { code: (payload[0]! << 8) | payload[1]!, reason: decoder.decode(payload.subarray(2)) };
}

export interface DecodeResult {
  readonly frames: Frame[];
  /** Bytes of an incomplete frame at the end, to prepend to the next chunk. */
  readonly rest: Uint8Array;
  /** Set when a frame announces more than `maxPayload` bytes: decoding stops there. */
  readonly tooLarge: { readonly announced: number } | null;
}

/** Splits the complete frames off `bytes`. A frame announcing more than `maxPayload` (default 16 MiB) stops decoding. */
export function decodeFrames(bytes: Uint8Array, maxPayload = 16 * 1024 * 1024): DecodeResult {
  const frames: Frame[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (bytes.length - offset >= 2) {
    const first = bytes[offset]!;
    const second = bytes[offset + 1]!;
    let length = second & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (bytes.length < at + 2) break;
      length = view.getUint16(at);
      at += 2;
    } else if (length === 127) {
      if (bytes.length < at + 8) break;
      length = view.getUint32(at) * 0x1_0000_0000 + view.getUint32(at + 4);
      at += 8;
    }
    if (length > maxPayload) return { frames, rest: new Uint8Array(0), tooLarge: { announced: length } };
    const masked = (second & 0x80) !== 0;
    const maskAt = at;
    if (masked) at += 4;
    if (bytes.length < at + length) break;
    const payload = bytes.slice(at, at + length);
    if (masked) for (let i = 0; i < length; i++) payload[i] = payload[i]! ^ bytes[maskAt + (i % 4)]!;
    const opcode = first & 0x0f;
    frames.push({ fin: (first & 0x80) !== 0, rsv: (first >>> 4) & 0x7, opcode, kind: frameKind(opcode), masked, payload });
    offset = at + length;
  }
  return { frames, rest: bytes.subarray(offset), tooLarge: null };
}
