// The demo servers answer each scenario as the SCENARIOS table says, byte for byte where it matters.
import { createHash, randomBytes } from 'node:crypto';
import { connect as h2connect } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SCENARIOS, startDemoServers, type DemoServers } from '../../../src/demo/servers.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const acceptFor = (key: string, guid = GUID): string => createHash('sha1').update(key + guid).digest('base64');

let servers: DemoServers;
beforeAll(async () => {
  servers = await startDemoServers();
});
afterAll(async () => {
  await servers.close();
});

interface RawAnswer {
  readonly status: number | null;
  readonly headers: Array<[string, string]>;
  readonly closedWithoutAnswer: boolean;
}

/** Sends a browser-like upgrade request and reads the response head, or notes the connection closed first. */
function rawHandshake(url: string, key: string, protocols: readonly string[], waitMs = 2_000): Promise<RawAnswer> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); resolve({ status: null, headers: [], closedWithoutAnswer: false }); }, waitMs);
    const finish = (answer: RawAnswer): void => { clearTimeout(timer); socket.destroy(); resolve(answer); };
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write([
        `GET ${pathname} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
        ...(protocols.length ? [`Sec-WebSocket-Protocol: ${protocols.join(', ')}`] : []), '', '',
      ].join('\r\n'));
    });
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = data.slice(0, end).split('\r\n');
      finish({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1]),
        headers: lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        closedWithoutAnswer: false,
      });
    });
    socket.on('close', () => finish({ status: null, headers: [], closedWithoutAnswer: data === '' }));
  });
}

const values = (answer: RawAnswer, name: string): string[] =>
  answer.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);

describe('HTTP/1.1 scenarios', () => {
  it.each(SCENARIOS.filter((s) => s.transport === 'http/1.1').map((s) => [s.name, s] as const))('%s answers with the status the table names', async (_name, scenario) => {
    const key = randomBytes(16).toString('base64');
    const answer = await rawHandshake(servers.urlOf(scenario.name), key, scenario.clientProtocols, scenario.name === 'slow-pending' ? 500 : 2_000);
    expect(answer.status).toBe(scenario.serverStatus);
    if (scenario.name === 'connection-dropped') expect(answer.closedWithoutAnswer).toBe(true);
    if (scenario.name === 'slow-pending') expect(answer.closedWithoutAnswer).toBe(false);
  });

  it('sends the broken headers each scenario is about', async () => {
    const key = randomBytes(16).toString('base64');
    const get = (name: Parameters<DemoServers['urlOf']>[0], protocols: string[] = []): Promise<RawAnswer> =>
      rawHandshake(servers.urlOf(name), key, protocols);
    expect(values(await get('good'), 'Sec-WebSocket-Accept')).toEqual([acceptFor(key)]);
    expect(values(await get('wrong-accept'), 'Sec-WebSocket-Accept')).toEqual([acceptFor(key, GUID.toLowerCase())]);
    expect(values(await get('accept-missing'), 'Sec-WebSocket-Accept')).toEqual([]);
    expect(values(await get('accept-duplicate'), 'Sec-WebSocket-Accept')).toEqual([acceptFor(key), acceptFor(key)]);
    expect(values(await get('upgrade-missing'), 'Upgrade')).toEqual([]);
    expect(values(await get('upgrade-not-websocket'), 'Upgrade')).toEqual(['h2c']);
    expect(values(await get('connection-without-upgrade'), 'Connection')).toEqual(['keep-alive']);
    expect(values(await get('protocol-not-offered', ['chat']), 'Sec-WebSocket-Protocol')).toEqual(['other']);
    expect(values(await get('protocol-not-requested'), 'Sec-WebSocket-Protocol')).toEqual(['chat']);
    expect(values(await get('protocol-missing', ['chat']), 'Sec-WebSocket-Protocol')).toEqual([]);
    expect(values(await get('extension-not-offered'), 'Sec-WebSocket-Extensions')).toEqual(['x-custom-ext']);
    expect(values(await get('deflate-bad-window-bits'), 'Sec-WebSocket-Extensions')).toEqual(['permessage-deflate; server_max_window_bits=7']);
    expect(values(await get('redirect-302'), 'Location')).toEqual(['/ws/good']);
  });

  it('keeps a good socket open and echoes, compressed or not; good-closes closes with 1000', async () => {
    for (const [name, protocols] of [['good', []], ['good-subprotocol-deflate', ['chat', 'superchat']]] as const) {
      const ws = new WebSocket(servers.urlOf(name), [...protocols], { perMessageDeflate: true });
      const echoed = await new Promise<string>((resolve, reject) => {
        ws.on('open', () => ws.send(`hello ${name}`));
        ws.on('message', (m) => resolve(String(m)));
        ws.on('error', reject);
      });
      expect(echoed).toBe(`hello ${name}`);
      if (name === 'good-subprotocol-deflate') {
        expect(ws.protocol).toBe('chat');
        expect(ws.extensions).toContain('permessage-deflate');
      }
      ws.close();
    }
    const code = await new Promise<number>((resolve) => new WebSocket(servers.urlOf('good-closes')).on('close', resolve));
    expect(code).toBe(1000);
  });
});

describe('HTTP/2 scenarios (RFC 8441)', () => {
  it('advertises extended CONNECT and answers 200 / 404', async () => {
    if (!servers.h2Origin) return expect.fail('the HTTP/2 server did not start (openssl missing?)');
    const session = h2connect(servers.h2Origin, { rejectUnauthorized: false });
    try {
      const settings = await new Promise<{ enableConnectProtocol?: boolean }>((resolve) => session.once('remoteSettings', resolve));
      expect(settings.enableConnectProtocol).toBe(true);
      const statusOf = (path: string): Promise<number> => new Promise((resolve, reject) => {
        const stream = session.request({ ':method': 'CONNECT', ':protocol': 'websocket', ':path': path, ':scheme': 'https', ':authority': new URL(servers.h2Origin!).host });
        stream.once('response', (h) => { resolve(Number(h[':status'])); stream.close(); });
        stream.once('error', reject);
      });
      expect(await statusOf(new URL(servers.urlOf('h2-good')).pathname)).toBe(200);
      expect(await statusOf(new URL(servers.urlOf('h2-not-found')).pathname)).toBe(404);
    } finally {
      session.destroy();
    }
  });
});

describe('demo page and close()', () => {
  it('serves the page with every scenario URL, and close() ends held sockets', async () => {
    const own = await startDemoServers({ http2: false });
    const html = await (await fetch(own.pageUrl)).text();
    for (const s of SCENARIOS.filter((x) => x.transport === 'http/1.1')) expect(html).toContain(JSON.stringify(own.urlOf(s.name)));
    const { hostname, port } = new URL(own.urlOf('slow-pending'));
    const held = connect(Number(port), hostname);
    await new Promise((resolve) => held.once('connect', resolve));
    held.write('GET /ws/slow-pending HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = new Promise((resolve) => held.once('close', resolve));
    const started = Date.now();
    await own.close();
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
