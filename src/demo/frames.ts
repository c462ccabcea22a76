/**
 * Just enough of the RFC 6455 framing layer (§5.2) for the demo servers to keep an
 * accepted socket alive: echo data frames, answer pings, answer a close.
 * Frames are echoed with their RSV bits, so a permessage-deflate payload goes back
 * still compressed (the client's inflater sees the same stream its deflater made).
 */
import type { Duplex } from 'node:stream';

const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

/** Encodes one unmasked server frame. `firstByte` carries FIN, RSV and opcode. */
export function encodeFrame(firstByte: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([firstByte, length]);
  } else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header[0] = firstByte;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = firstByte;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** A close frame with a status code (§5.5.1). */
export function closeFrame(code: number, reason = ''): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return encodeFrame(0x80 | OPCODE_CLOSE, payload);
}

interface ParsedFrame {
  readonly firstByte: number;
  readonly payload: Buffer;
  readonly size: number;
}

/** Parses one client frame from the start of `buffer`, or returns null when more bytes are needed. */
function parseFrame(buffer: Buffer): ParsedFrame | null {
  if (buffer.length < 2) return null;
  const firstByte = buffer[0]!;
  const second = buffer[1]!;
  const masked = (second & 0x80) !== 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return null;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked) {
    for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ buffer[maskOffset + (i % 4)]!;
  }
  return { firstByte, payload, size: offset + length };
}

/** Echoes frames on an accepted socket until the client closes; `head` is data read with the handshake. */
export function echoFrames(stream: Duplex, head: Buffer = Buffer.alloc(0)): void {
  let pending = head;
  const onData = (chunk: Buffer): void => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (let frame = parseFrame(pending); frame; frame = parseFrame(pending)) {
      pending = pending.subarray(frame.size);
      const opcode = frame.firstByte & 0x0f;
      if (opcode === OPCODE_CLOSE) {
        stream.end(encodeFrame(0x80 | OPCODE_CLOSE, frame.payload.subarray(0, 2)));
        stream.off('data', onData);
        return;
      }
      if (opcode === OPCODE_PING) stream.write(encodeFrame(0x80 | OPCODE_PONG, frame.payload));
      else if (opcode !== OPCODE_PONG) stream.write(encodeFrame(frame.firstByte, frame.payload));
    }
  };
  stream.on('data', onData);
  stream.on('error', () => stream.destroy());
  if (head.length > 0) onData(Buffer.alloc(0));
}
