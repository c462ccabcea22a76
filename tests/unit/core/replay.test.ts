import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { WebSocketServer } from 'ws';
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../src/core/analyze.js';
import { HeaderList } from '../../../src/core/headers.js';
import type { Handshake } from '../../../src/core/model.js';
import { curlCommand, probeCommand, replayInputOf, replayInputOfHandshake, shellQuote, type ReplayInput } from '../../../src/core/replay.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY } from '../sources/devtools/entries.js';
import { handshake, VALID_REQUEST, withHeaders } from './build.js';

const run = promisify(execFile);

/** What a POSIX shell makes of `words` (a command line): its arguments, one per line (NUL-separated). */
async function shellArgs(words: string): Promise<string[]> {
  const { stdout } = await run('sh', ['-c', `printf '%s\\0' ${words}`]);
  return stdout.split('\0').slice(0, -1);
}

function input(overrides: Partial<ReplayInput> = {}): ReplayInput {
  return { url: 'ws://127.0.0.1:8080/chat', key: SAMPLE_KEY, version: '13', protocols: [], extensions: null, origin: null, ...overrides };
}

describe('shellQuote', () => {
  it.each([
    ['plain words stay bare', 'abc-1.2', 'abc-1.2'],
    ['a key stays bare', SAMPLE_KEY, SAMPLE_KEY],
    ['spaces are quoted', 'a b', `'a b'`],
    ['single quotes are closed, escaped and reopened', `it's`, `'it'\\''s'`],
    ['the empty string is quoted', '', `''`],
    ['command substitution is quoted', '$(touch /tmp/x)', `'$(touch /tmp/x)'`],
  ])('%s', (_name, text, quoted) => {
    expect(shellQuote(text)).toBe(quoted);
  });

  it('round-trips any header value through a real shell, so nothing can inject commands', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 24 }), { minLength: 1, maxLength: 4 }), async (values) => {
        const clean = values.map((v) => v.replace(/\0/g, ''));
        expect(await shellArgs(clean.map(shellQuote).join(' '))).toEqual(clean);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a hostile value inert: backticks, $(), ;, newlines and quotes', async () => {
    const hostile = "x'; touch /tmp/pwned; echo '`id`$(id)\n\"$HOME\"";
    expect(await shellArgs(shellQuote(hostile))).toEqual([hostile]);
  });
});

describe('curlCommand', () => {
  it('uses the http(s) form and spells out Upgrade, Connection, key and version (curl adds its own for ws://)', async () => {
    const args = await shellArgs(curlCommand(input({ url: 'wss://example.com/chat?room=1' })).replace(/^curl /, '').replace(/ 2>&1 \| grep .*$/, ''));
    expect(args.at(-1)).toBe('https://example.com/chat?room=1');
    const headers = args.flatMap((a, i) => (args[i - 1] === '-H' ? [a] : []));
    expect(headers).toEqual(['Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${SAMPLE_KEY}`, 'Sec-WebSocket-Version: 13']);
  });

  it('adds the offered subprotocols, extensions and Origin as sent', async () => {
    const args = await shellArgs(
      curlCommand(input({ protocols: ['chat', 'superchat'], extensions: 'permessage-deflate; client_max_window_bits', origin: 'https://app.example' })).replace(/^curl /, '').replace(/ 2>&1 \| grep .*$/, ''),
    );
    expect(args).toContain('Sec-WebSocket-Protocol: chat, superchat');
    expect(args).toContain('Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits');
    expect(args).toContain('Origin: https://app.example');
  });

  it('quotes hostile header values', async () => {
    const origin = "https://x'; rm -rf ~; echo '";
    const args = await shellArgs(curlCommand(input({ origin })).replace(/^curl /, '').replace(/ 2>&1 \| grep .*$/, ''));
    expect(args).toContain(`Origin: ${origin}`);
  });

  it('against a real server that keeps the socket open, prints the 101 with the expected accept and ends cleanly (exit 0, no curl error)', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const { stdout, stderr } = await run('sh', ['-c', curlCommand(input({ url: `ws://127.0.0.1:${port}/x` }))]);
      expect(stdout).toMatch(/^HTTP\/1\.1 101/);
      expect(stdout).toContain(`Sec-WebSocket-Accept: ${SAMPLE_ACCEPT}`);
      expect(`${stdout}${stderr}`).not.toContain('curl: (28)');
    } finally {
      for (const client of server.clients) client.terminate();
      server.close();
    }
  });

  it('still shows why it failed when nothing listens', async () => {
    const { stdout } = await run('sh', ['-c', curlCommand(input({ url: 'ws://127.0.0.1:9/x' }))]).catch((e: { stdout: string }) => e);
    expect(stdout).toMatch(/^curl: \(7\) /);
  });
});

describe('probeCommand', () => {
  it('is ws-handshake probe --key K [--protocol P]... [--origin O] URL', async () => {
    const command = probeCommand(input({ url: 'https://h/p', protocols: ['a', 'b c'], origin: 'https://o' }));
    expect(command.startsWith('ws-handshake probe ')).toBe(true);
    const args = await shellArgs(command.replace(/^ws-handshake probe /, ''));
    expect(args).toEqual(['--key', SAMPLE_KEY, '--protocol', 'a', '--protocol', 'b c', '--origin', 'https://o', 'wss://h/p']);
  });

  it('leaves out --key when the handshake had none (HTTP/2)', () => {
    expect(probeCommand(input({ key: null }))).toBe('ws-handshake probe ws://127.0.0.1:8080/chat');
  });
});

describe('replayInputOf', () => {
  it('reads key, version, offered protocols (all lines), extensions and Origin from the report', async () => {
    const handshake: Handshake = {
      source: 'devtools',
      url: 'ws://h/p',
      transport: 'http/1.1',
      request: {
        method: 'GET',
        httpVersion: null,
        headers: HeaderList.fromPairs([
          ['Host', 'h'],
          ['Sec-WebSocket-Key', SAMPLE_KEY],
          ['Sec-WebSocket-Version', '13'],
          ['Sec-WebSocket-Protocol', 'a, b'],
          ['Sec-WebSocket-Protocol', 'c'],
          ['Sec-WebSocket-Extensions', 'permessage-deflate'],
          ['Origin', 'http://h'],
        ]),
      },
      response: null,
      browserError: null,
    };
    const replay = replayInputOf(await analyzeOne(handshake));
    expect(replay).toEqual({ url: 'ws://h/p', key: SAMPLE_KEY, version: '13', protocols: ['a', 'b', 'c'], extensions: 'permessage-deflate', origin: 'http://h' });
  });
});

describe('probeCommand for HTTP/2 and unsent requests', () => {
  it('adds --http2 for a handshake that went over HTTP/2, and no key (there is none)', async () => {
    const report = await analyzeOne(handshake({ request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': null }), response: null, transport: 'h2', browserError: 'Unexpected response code: 404' }));
    const command = probeCommand(replayInputOfHandshake(report.handshake, report.key, report.transport));
    expect(command).toBe('ws-handshake probe --http2 --origin https://example.com wss://example.com/socket');
    expect(report.findings.find((f) => f.rule === 'status-not-101')?.fix).toContain(command);
  });

  it('an HTTP/1.1 row replays with its key and no --http2', async () => {
    const report = await analyzeOne(handshake({ response: null, browserError: 'Unexpected response code: 426' }));
    const command = probeCommand(replayInputOfHandshake(report.handshake, report.key, report.transport));
    expect(command).toMatch(/^ws-handshake probe --key dGhlIHNhbXBsZSBub25jZQ== /);
    expect(command).not.toContain('--http2');
  });

  it('a request that was never sent still replays from its URL', () => {
    const h = { ...handshake({ request: null, response: null, url: 'wss://127.0.0.1:8080/ws' }), requestSent: false };
    expect(probeCommand(replayInputOfHandshake(h, null, 'unknown'))).toBe('ws-handshake probe wss://127.0.0.1:8080/ws');
  });
});
