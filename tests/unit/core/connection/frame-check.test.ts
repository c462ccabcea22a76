// What a client refuses in a server's frames (the probe's checks, as Chromium 156 checks them).
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { httpTextAt, isValidUtf8, ServerFrameChecker } from '../../../../src/core/connection/frame-check.js';
import { closePayload, decodeFrames, encodeFrame, OPCODE, type FrameToSend } from '../../../../src/core/frames.js';
import { expectLinear } from '../../linear.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function frames(...toSend: FrameToSend[]) {
  return toSend.map((f) => decodeFrames(encodeFrame(f)).frames[0]!);
}

/** Runs frames through a checker; returns the first problem's kind, or the completed messages. */
function run(options: ConstructorParameters<typeof ServerFrameChecker>[0], ...toSend: FrameToSend[]): { problem: string | null; messages: string[] } {
  const checker = new ServerFrameChecker(options);
  const messages: string[] = [];
  for (const frame of frames(...toSend)) {
    const { problem, message } = checker.check(frame);
    if (problem) return { problem: problem.kind, messages };
    if (message) messages.push(`${message.kind}:${message.data ? new TextDecoder().decode(message.data) : '?'}`);
  }
  return { problem: null, messages };
}

const inflate = (data: Uint8Array): Uint8Array | null => {
  try {
    return inflateRawSync(Buffer.concat([data, Buffer.from([0, 0, 0xff, 0xff])]), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
};
const compressed = (text: string): Uint8Array => {
  const out = deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
};

describe('ServerFrameChecker', () => {
  const plain = { deflate: false };
  const deflate = { deflate: true, inflate };
  it.each([
    ['a text message', plain, [{ opcode: OPCODE.text, payload: utf8('hi') }], null],
    ['a binary message', plain, [{ opcode: OPCODE.binary, payload: bytes(0, 255) }], null],
    ['a fragmented message, a ping between fragments', plain, [{ opcode: OPCODE.text, fin: false, payload: utf8('a') }, { opcode: OPCODE.ping }, { opcode: OPCODE.continuation, payload: utf8('b') }], null],
    ['a UTF-8 character split across fragments', plain, [{ opcode: OPCODE.text, fin: false, payload: bytes(0xe2, 0x82) }, { opcode: OPCODE.continuation, payload: bytes(0xac) }], null],
    ['a masked frame', plain, [{ opcode: OPCODE.text, payload: utf8('x'), mask: bytes(1, 2, 3, 4) }], 'masked'],
    ['RSV1 without deflate', plain, [{ opcode: OPCODE.text, rsv: 4, payload: utf8('x') }], 'reserved-bits'],
    ['RSV2', deflate, [{ opcode: OPCODE.text, rsv: 2, payload: utf8('x') }], 'reserved-bits'],
    ['RSV1 on a continuation with deflate', deflate, [{ opcode: OPCODE.text, fin: false, rsv: 4, payload: compressed('ab') }, { opcode: OPCODE.continuation, rsv: 4 }], 'reserved-bits'],
    ['RSV1 on a ping with deflate', deflate, [{ opcode: OPCODE.ping, rsv: 4 }], 'reserved-bits'],
    ['a compressed message with deflate', deflate, [{ opcode: OPCODE.text, rsv: 4, payload: compressed('compressed hello') }], null],
    ['garbage compressed data', deflate, [{ opcode: OPCODE.text, rsv: 4, payload: bytes(0xff, 0xff, 0xff, 0xff) }], 'deflate-data'],
    ['opcode 3', plain, [{ opcode: 3 }], 'reserved-opcode'],
    ['opcode 11', plain, [{ opcode: 11 }], 'reserved-opcode'],
    ['a continuation with nothing started', plain, [{ opcode: OPCODE.continuation, payload: utf8('x') }], 'fragmentation'],
    ['a new message while one is unfinished', plain, [{ opcode: OPCODE.text, fin: false, payload: utf8('a') }, { opcode: OPCODE.text, payload: utf8('b') }], 'fragmentation'],
    ['a ping of 126 bytes', plain, [{ opcode: OPCODE.ping, payload: new Uint8Array(126) }], 'control-frame'],
    ['a ping of 125 bytes', plain, [{ opcode: OPCODE.ping, payload: new Uint8Array(125) }], null],
    ['a fragmented ping', plain, [{ opcode: OPCODE.ping, fin: false }], 'control-frame'],
    ['invalid UTF-8 (C3 28)', plain, [{ opcode: OPCODE.text, payload: bytes(0x6f, 0xc3, 0x28) }], 'invalid-utf8'],
    ['a truncated UTF-8 sequence across fragments', plain, [{ opcode: OPCODE.text, fin: false, payload: bytes(0xe2, 0x82) }, { opcode: OPCODE.continuation, payload: utf8('x') }], 'invalid-utf8'],
    ['binary is not checked for UTF-8', plain, [{ opcode: OPCODE.binary, payload: bytes(0xc3, 0x28) }], null],
    ['a close with 1 byte', plain, [{ opcode: OPCODE.close, payload: bytes(3) }], 'close-frame'],
    ['a close with code 1005', plain, [{ opcode: OPCODE.close, payload: closePayload(1005) }], 'close-frame'],
    ['a close with code 1015', plain, [{ opcode: OPCODE.close, payload: closePayload(1015) }], 'close-frame'],
    ['a close whose reason is not UTF-8', plain, [{ opcode: OPCODE.close, payload: bytes(0x03, 0xe8, 0xc3, 0x28) }], 'close-frame'],
    ['a close 1000 "bye"', plain, [{ opcode: OPCODE.close, payload: closePayload(1000, 'bye') }], null],
    ['an empty close', plain, [{ opcode: OPCODE.close }], null],
    ['a close 4001', plain, [{ opcode: OPCODE.close, payload: closePayload(4001, 'unauthorized') }], null],
  ] as const)('%s', (_name, options, toSend, expected) => {
    expect(run(options, ...(toSend as unknown as FrameToSend[])).problem).toBe(expected);
  });

  it('completes messages, inflated with the context kept', () => {
    const checker = new ServerFrameChecker({ deflate: false });
    const [a, b] = frames({ opcode: OPCODE.text, fin: false, payload: utf8('part1-') }, { opcode: OPCODE.continuation, payload: utf8('part2') });
    expect(checker.check(a!).message).toBeNull();
    expect(checker.check(b!).message).toMatchObject({ kind: 'text', bytes: 11, compressed: false });
  });

  it('counts a message over the cap without keeping or checking it', () => {
    const checker = new ServerFrameChecker({ deflate: false, maxMessageBytes: 4 });
    const [frame] = frames({ opcode: OPCODE.text, payload: bytes(0xc3, 0x28, 0x41, 0x41, 0x41, 0x41) });
    expect(checker.check(frame!)).toEqual({ problem: null, message: { kind: 'text', data: null, bytes: 6, compressed: false } });
  });
});

describe('isValidUtf8', () => {
  it.each([
    ['ASCII', utf8('hello'), true],
    ['€ (3 bytes)', utf8('€uro'), true],
    ['😀 (4 bytes)', utf8('😀'), true],
    ['C3 28', bytes(0xc3, 0x28), false],
    ['overlong C0 80', bytes(0xc0, 0x80), false],
    ['overlong E0 80 80', bytes(0xe0, 0x80, 0x80), false],
    ['a surrogate ED A0 80', bytes(0xed, 0xa0, 0x80), false],
    ['above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), false],
    ['truncated at the end', bytes(0x41, 0xe2, 0x82), false],
    ['a lone continuation byte', bytes(0x80), false],
    ['empty', bytes(), true],
  ])('%s', (_name, input, valid) => {
    expect(isValidUtf8(input)).toBe(valid);
    expect(isValidUtf8(input)).toBe((() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(input);
        return true;
      } catch {
        return false;
      }
    })());
  });

  it('is linear', () => {
    // Small enough to stay in the CPU caches (160 KB, 640 KB): on this machine a plain byte loop jumps ~10x from 0.4 to 1.6 MB.
    expectLinear((n) => utf8('€a😀'.repeat(n)), (b) => isValidUtf8(b), { n: 20_000 });
  });
});

describe('httpTextAt', () => {
  it('reads engine.io\'s refusal: status line and body', () => {
    const text = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-type: text/html\r\nContent-Length: 51\r\n\r\n{"code":5,"message":"Unsupported protocol version"}';
    expect(httpTextAt(utf8(text))).toEqual({ statusLine: 'HTTP/1.1 400 Bad Request', body: '{"code":5,"message":"Unsupported protocol version"}' });
  });

  it.each([['a text frame', encodeFrame({ opcode: OPCODE.text, payload: utf8('HTTP/1.1') })], ['"HTTP" without the slash', utf8('HTTPS')], ['too short', utf8('HTT')]])('%s is not HTTP', (_n, input) => {
    expect(httpTextAt(input)).toBeNull();
  });

  it('is linear on a long head with no blank line', () => {
    expectLinear((n) => utf8(`HTTP/1.1 400 x\r\n${'a'.repeat(n)}`), (b) => httpTextAt(b), { n: 20_000 });
  });
});
