/**
 * Demo servers for the life after the 101: each writes a valid 101, then makes
 * the connection die the way real servers and proxies do (an idle cut, frames a
 * browser refuses, a late HTTP refusal, close codes), byte for byte, with the
 * one frame codec (core/frames.ts). Used by `npm start`, the e2e tests and the
 * probe tests through servers.ts.
 */
import type { Duplex } from 'node:stream';
import { closePayload, decodeFrames, encodeFrame, OPCODE, type Frame } from '../core/frames.js';
import { DEMO_IDLE_TIMEOUT_MS, DEMO_MESSAGE_LIMIT_BYTES, type ScenarioName } from './scenarios.js';

export interface AfterContext {
  readonly accept: string;
  readonly socket: Duplex;
  /** Bytes read with the handshake (the client's first frames). */
  readonly head: Uint8Array;
}

type AfterResponder = (ctx: AfterContext) => void;

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

function switching(ctx: AfterContext, extra: readonly string[] = []): void {
  ctx.socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${ctx.accept}\r\n${extra.map((l) => `${l}\r\n`).join('')}\r\n`);
}

/**
 * Reads the client's frames; a close frame is answered (unless we closed first) and ends
 * TCP from our side, as RFC 6455 §7.1.1 has the server do. `onFrame` sees the others.
 */
function readFrames(ctx: AfterContext, onFrame: (frame: Frame) => void = () => {}, state = { closeSent: false }): { readonly state: { closeSent: boolean } } {
  let pending: Uint8Array = Uint8Array.from(ctx.head);
  const onData = (chunk: Uint8Array): void => {
    const bytes = new Uint8Array(pending.length + chunk.length);
    bytes.set(pending);
    bytes.set(chunk, pending.length);
    const { frames, rest } = decodeFrames(bytes, 64 * 1024 * 1024);
    pending = Uint8Array.from(rest);
    for (const frame of frames) {
      if (frame.kind === 'close') {
        ctx.socket.off('data', onData);
        ctx.socket.end(state.closeSent ? undefined : encodeFrame({ opcode: OPCODE.close, payload: frame.payload.subarray(0, 2) }));
        return;
      }
      if (frame.kind === 'ping') ctx.socket.write(encodeFrame({ opcode: OPCODE.pong, payload: frame.payload }));
      onFrame(frame);
    }
  };
  ctx.socket.on('data', onData);
  ctx.socket.on('error', () => ctx.socket.destroy());
  if (ctx.head.length > 0) setImmediate(() => onData(new Uint8Array(0)));
  // The browser fails some of these connections and waits for us to close TCP; never hold one forever.
  const guard = setTimeout(() => ctx.socket.destroy(), 30_000);
  guard.unref();
  ctx.socket.once('close', () => clearTimeout(guard));
  return { state };
}

/** A server close frame; later client frames only get the TCP end. */
function closeWith(ctx: AfterContext, code: number, reason: string): void {
  const { state } = readFrames(ctx);
  state.closeSent = true;
  ctx.socket.write(encodeFrame({ opcode: OPCODE.close, payload: closePayload(code, reason) }));
}

/** engine.io's abortUpgrade answer to an EIO=3 client, written after ws completed the 101 (engine.io 6.6). */
const ENGINE_IO_REFUSAL =
  'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-type: text/html\r\nContent-Length: 51\r\n\r\n{"code":5,"message":"Unsupported protocol version"}';

export const AFTER_101_RESPONDERS = {
  'idle-cut': (ctx) => {
    switching(ctx);
    ctx.socket.write(encodeFrame({ opcode: OPCODE.text, payload: text('hello, then silence') }));
    // Like a proxy: any frame either way restarts the clock; silence that long drops TCP, no close frame.
    let timer = setTimeout(() => ctx.socket.destroy(), DEMO_IDLE_TIMEOUT_MS);
    readFrames(ctx, () => {
      clearTimeout(timer);
      timer = setTimeout(() => ctx.socket.destroy(), DEMO_IDLE_TIMEOUT_MS);
    });
    ctx.socket.once('close', () => clearTimeout(timer));
  },
  'rsv1-without-deflate': (ctx) => {
    switching(ctx);
    readFrames(ctx);
    ctx.socket.write(encodeFrame({ opcode: OPCODE.text, payload: text('ok first') }));
    // Its own write, a moment later: Chromium keeps the good message read before the bad frame.
    setTimeout(() => ctx.socket.write(encodeFrame({ opcode: OPCODE.text, rsv: 0b100, payload: text('not really compressed') })), 50);
  },
  'http-after-101': (ctx) => {
    switching(ctx);
    ctx.socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 25\r\nConnection: close\r\n\r\nsession token is missing\n');
  },
  'socketio-v2-client': (ctx) => {
    switching(ctx);
    ctx.socket.end(ENGINE_IO_REFUSAL);
  },
  'server-masked': (ctx) => {
    switching(ctx);
    readFrames(ctx);
    ctx.socket.write(encodeFrame({ opcode: OPCODE.text, payload: text('masked by mistake'), mask: Uint8Array.of(0x12, 0x34, 0x56, 0x78) }));
  },
  'invalid-utf8': (ctx) => {
    switching(ctx);
    readFrames(ctx);
    ctx.socket.write(encodeFrame({ opcode: OPCODE.text, payload: Uint8Array.of(0x6f, 0x6b, 0x20, 0xc3, 0x28) }));
  },
  'message-too-big': (ctx) => {
    switching(ctx);
    let size = 0;
    const reader = readFrames(ctx, (frame) => {
      if (reader.state.closeSent || (frame.kind !== 'text' && frame.kind !== 'binary' && frame.kind !== 'continuation')) return;
      size = frame.kind === 'continuation' ? size + frame.payload.length : frame.payload.length;
      if (size > DEMO_MESSAGE_LIMIT_BYTES) {
        reader.state.closeSent = true;
        ctx.socket.write(encodeFrame({ opcode: OPCODE.close, payload: closePayload(1009, `message too big: over ${DEMO_MESSAGE_LIMIT_BYTES} bytes`) }));
      } else if (frame.fin) {
        ctx.socket.write(encodeFrame({ opcode: frame.kind === 'binary' ? OPCODE.binary : OPCODE.text, payload: text(`got ${size} bytes`) }));
      }
    });
  },
  'policy-close': (ctx) => {
    switching(ctx);
    closeWith(ctx, 1008, 'origin not allowed');
  },
  'oversized-frame': (ctx) => {
    switching(ctx);
    readFrames(ctx);
    // FIN + binary, length 127 → a 64-bit length: 2^31 (RFC 6455 §5.2), then a few payload bytes.
    ctx.socket.write(Uint8Array.of(0x82, 0x7f, 0, 0, 0, 0, 0x80, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  },
} satisfies Partial<Record<ScenarioName, AfterResponder>>;

export type After101Name = keyof typeof AFTER_101_RESPONDERS;
