// The probe's head reader against a server that sends its head a byte at a time (issue 14): linear
// in the bytes, and the head it finds is the one /\r?\n\r?\n/ finds, wherever the chunks are cut.
import { PassThrough } from 'node:stream';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { rawLines } from '../../../../src/cli/probe-command.js';
import { palette } from '../../../../src/cli/io.js';
import { HeadReader, type HeadRead } from '../../../../src/sources/probe/head.js';
import { expectLinear } from '../../linear.js';

/** Feeds `chunks` to a HeadReader over a real stream (the socket's events), synchronously; returns the bytes it holds. */
function readChunks(chunks: readonly Buffer[], maxBytes: number): number {
  const stream = new PassThrough();
  const reader = new HeadReader(stream as unknown as net.Socket, maxBytes);
  void reader.read();
  for (const chunk of chunks) {
    if (stream.listenerCount('data') === 0) break; // the reader found the head
    stream.emit('data', chunk);
  }
  return reader.received.length;
}

async function settled(chunks: readonly Buffer[], maxBytes: number): Promise<HeadRead> {
  const stream = new PassThrough();
  const reader = new HeadReader(stream as unknown as net.Socket, maxBytes);
  const read = reader.read();
  for (const chunk of chunks) {
    if (stream.listenerCount('data') === 0) break;
    stream.emit('data', chunk);
  }
  if (stream.listenerCount('end') > 0) stream.emit('end');
  return read;
}

const bytesOf = (text: string): Buffer[] => [...Buffer.from(text, 'latin1')].map((b) => Buffer.from([b]));

describe('HeadReader', () => {
  it('reads a head sent a byte at a time in linear time', () => {
    expectLinear(
      (n) => bytesOf(`HTTP/1.1 101 Switching Protocols\r\nX-A: ${'a'.repeat(n)}\r\n\r\nrest`),
      (chunks) => readChunks(chunks, 1 << 24),
      { n: 20_000 },
    );
  });

  it.each(['HTTP/1.1 101 OK\r\nA: b\r\n\r\nBODY', 'HTTP/1.1 400 X\nA: b\n\nBODY', 'HTTP/1.1 400 X\nA: b\n\r\nBODY', 'HTTP/1.1 400 X\r\n\r\n', 'HTTP/1.1 200 X\n\r\rA\n\n', 'HTTP/1.1 200 X\r\nA: b\r\n'])(
    'finds the head /\\r?\\n\\r?\\n/ finds in %j, however it is cut',
    async (text) => {
      const match = /\r?\n\r?\n/.exec(text);
      const bytes = Buffer.from(text, 'latin1');
      for (let cut = 0; cut <= bytes.length; cut++) {
        const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)].filter((c) => c.length > 0);
        const read = await settled(chunks, 1 << 20);
        if (match) {
          expect(read.status).toBe('complete');
          expect(read.head.toString('latin1')).toBe(text.slice(0, match.index + match[0].length));
          // The rest is what came with the head's last chunk: the bytes after it, as far as they were sent.
          expect(text.slice(match.index + match[0].length).startsWith(read.rest.toString('latin1'))).toBe(true);
        } else {
          expect(read.status).toBe('partial');
          expect(read.head.toString('latin1')).toBe(text);
        }
      }
      const oneByOne = await settled(bytesOf(text), 1 << 20);
      expect(oneByOne.status).toBe(match ? 'complete' : 'partial');
    },
  );

  it('says not-http and too-large as before', async () => {
    expect((await settled([Buffer.from('SSH-2.0-x\r\n\r\n')], 1024)).status).toBe('not-http');
    expect((await settled(bytesOf('HTT'), 1024)).status).toBe('partial');
    const big = await settled([Buffer.from(`HTTP/1.1 200 OK\r\nA: ${'b'.repeat(2000)}\r\n\r\n`)], 1024);
    expect(big.status).toBe('too-large');
    expect(big.head.length).toBe(1024);
  });
});

describe('rawLines (probe output of the head as received)', () => {
  it('marks trailing blanks in linear time on a line of blanks inside', () => {
    expectLinear((n) => `${' '.repeat(n)}x \t\r\n`, (raw) => rawLines(raw, '<', palette(false)), { n: 20_000 });
  });

  it('marks the trailing blanks as before', () => {
    expect(rawLines('A: b \t\r\nC: d\n', '<', palette(false))).toEqual(['< A: b␠␉', '< C: d  (LF without CR)']);
  });
});
