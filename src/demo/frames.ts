/**
 * What the demo servers do after a 101 (RFC 6455 §5.2, codec in core/frames.ts):
 * echo data frames, answer pings, answer a close. Frames are echoed with their
 * RSV bits, so a permessage-deflate payload goes back still compressed (the
 * client's inflater sees the same stream its deflater made).
 */
import type { Duplex } from 'node:stream';
import { closePayload, decodeFrames, encodeFrame, OPCODE } from '../core/frames.js';

/** A server close frame with a status code (§5.5.1). */
export function closeFrame(code: number, reason = ''): Uint8Array {
  return encodeFrame({ opcode: OPCODE.close, payload: closePayload(code, reason) });
}

/** Echoes frames on an accepted socket until the client closes; `head` is data read with the handshake. */
export function echoFrames(stream: Duplex, head: Uint8Array = new Uint8Array(0)): void {
  let pending: Uint8Array = head;
  const onData = (chunk: Uint8Array): void => {
    const bytes = new Uint8Array(pending.length + chunk.length);
    bytes.set(pending);
    bytes.set(chunk, pending.length);
    const { frames, rest } = decodeFrames(bytes);
    pending = Uint8Array.from(rest);
    for (const frame of frames) {
      if (frame.kind === 'close') {
        stream.end(encodeFrame({ opcode: OPCODE.close, payload: frame.payload.subarray(0, 2) }));
        stream.off('data', onData);
        return;
      }
      if (frame.kind === 'ping') stream.write(encodeFrame({ opcode: OPCODE.pong, payload: frame.payload }));
      else if (frame.kind !== 'pong') stream.write(encodeFrame({ opcode: frame.opcode, fin: frame.fin, rsv: frame.rsv, payload: frame.payload }));
    }
  };
  stream.on('data', onData);
  stream.on('error', () => stream.destroy());
  if (head.length > 0) onData(new Uint8Array(0));
}
