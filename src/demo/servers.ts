/**
 * Local servers that answer WebSocket handshakes per scenario, right or broken,
 * for the e2e tests, the browser fixtures and `npm start`'s demo.
 *
 * - HTTP/1.1 on 127.0.0.1: `/` is the demo page; `/ws/<scenario>` upgrade
 *   requests get scripted RAW bytes written on the socket, so any broken
 *   answer can be sent.
 * - HTTPS + HTTP/2 (self-signed, made with openssl) with
 *   SETTINGS_ENABLE_CONNECT_PROTOCOL: `/h2/<scenario>` answers RFC 8441 extended
 *   CONNECT. Browsers need the certificate ignored or trusted.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { constants as h2, createSecureServer, type Http2SecureServer, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSelfSignedCertificate } from './cert.js';
import { AFTER_101_RESPONDERS } from './after-101.js';
import { closeFrame, echoFrames } from './frames.js';
import { demoPageHtml } from './page.js';
import { SCENARIOS, type Scenario, type ScenarioName } from './scenarios.js';

export { AFTER_101_NAMES, DEMO_BIG_MESSAGE_BYTES, DEMO_IDLE_TIMEOUT_MS, DEMO_MESSAGE_LIMIT_BYTES, SCENARIOS, SCENARIO_NAMES, scenarioNamed, type Scenario, type ScenarioName } from './scenarios.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface DemoServers {
  /** `http://127.0.0.1:PORT/`: the demo page (add `?only=a,b` to pick scenarios). */
  readonly pageUrl: string;
  /** `ws://127.0.0.1:PORT`: append a scenario's path. */
  readonly wsBase: string;
  /** `https://127.0.0.1:PORT` of the HTTP/2 server, when it started (openssl present). */
  readonly h2Origin?: string;
  readonly scenarios: readonly Scenario[];
  /** The `ws://` or `wss://` URL of a scenario. */
  urlOf(name: ScenarioName): string;
  /** Stops both servers and destroys every open socket and session. */
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /** Start the HTTPS/HTTP/2 server too (default true; skipped with a warning when openssl fails). */
  readonly http2?: boolean;
  /** Called when something unexpected happens (default: ignore). */
  readonly log?: (message: string) => void;
}

/** base64(SHA-1(key + guid)), RFC 6455 §4.2.2 (5.4). */
function acceptFor(key: string, guid = GUID): string {
  return createHash('sha1').update(key + guid).digest('base64');
}

/** A raw HTTP/1.1 response head. */
function head(status: string, headers: ReadonlyArray<readonly [string, string]>): string {
  return `HTTP/1.1 ${status}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}

/** A raw response with a small text body, then FIN. */
function plainResponse(status: string, body: string, extra: ReadonlyArray<readonly [string, string]> = []): string {
  return head(status, [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Connection', 'close'],
    ...extra,
  ]) + body;
}

interface UpgradeContext {
  readonly key: string;
  readonly accept: string;
  readonly socket: Duplex;
  readonly head: Buffer;
  /** Sockets held open on purpose (slow-pending), destroyed by close(). */
  readonly held: Set<Duplex>;
}

type Responder = (ctx: UpgradeContext) => void;

/** Writes a 101 with these headers, then either echoes, closes at once, or leaves the socket to the browser. */
function switching(headersOf: (ctx: UpgradeContext) => ReadonlyArray<readonly [string, string]>, after: 'echo' | 'close' | 'none' = 'none'): Responder {
  return (ctx) => {
    ctx.socket.write(head('101 Switching Protocols', headersOf(ctx)));
    if (after === 'echo') echoFrames(ctx.socket, ctx.head);
    else if (after === 'close') ctx.socket.end(closeFrame(1000, 'bye'));
    // 'none': the browser fails the handshake and closes the connection itself.
    else ctx.socket.on('error', () => ctx.socket.destroy());
  };
}

const upgradeHeaders = (ctx: UpgradeContext): Array<[string, string]> => [
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Accept', ctx.accept],
];

const answerThenClose = (status: string, body: string, extra: ReadonlyArray<readonly [string, string]> = []): Responder =>
  (ctx) => { ctx.socket.end(plainResponse(status, body, extra)); };

const HTTP1_RESPONDERS: Record<Exclude<ScenarioName, 'h2-good' | 'h2-not-found'>, Responder> = {
  'good': switching(upgradeHeaders, 'echo'),
  'good-subprotocol-deflate': switching((ctx) => [
    ...upgradeHeaders(ctx),
    ['Sec-WebSocket-Protocol', 'chat'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate'],
  ], 'echo'),
  'good-closes': switching(upgradeHeaders, 'close'),
  'wrong-accept': switching((ctx) => [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Accept', acceptFor(ctx.key, GUID.toLowerCase())],
  ]),
  'accept-missing': switching(() => [['Upgrade', 'websocket'], ['Connection', 'Upgrade']]),
  'accept-duplicate': switching((ctx) => [...upgradeHeaders(ctx), ['Sec-WebSocket-Accept', ctx.accept]]),
  'upgrade-missing': switching((ctx) => [['Connection', 'Upgrade'], ['Sec-WebSocket-Accept', ctx.accept]]),
  'upgrade-not-websocket': switching((ctx) => [['Upgrade', 'h2c'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Accept', ctx.accept]]),
  'connection-without-upgrade': switching((ctx) => [['Upgrade', 'websocket'], ['Connection', 'keep-alive'], ['Sec-WebSocket-Accept', ctx.accept]]),
  'protocol-not-offered': switching((ctx) => [...upgradeHeaders(ctx), ['Sec-WebSocket-Protocol', 'other']]),
  'protocol-not-requested': switching((ctx) => [...upgradeHeaders(ctx), ['Sec-WebSocket-Protocol', 'chat']]),
  // Firefox accepts an empty subprotocol answer (RULES.md), so keep the socket usable for it.
  'protocol-missing': switching(upgradeHeaders, 'echo'),
  'extension-not-offered': switching((ctx) => [...upgradeHeaders(ctx), ['Sec-WebSocket-Extensions', 'x-custom-ext']]),
  'deflate-bad-window-bits': switching((ctx) => [...upgradeHeaders(ctx), ['Sec-WebSocket-Extensions', 'permessage-deflate; server_max_window_bits=7']]),
  'redirect-302': answerThenClose('302 Found', 'moved\n', [['Location', '/ws/good']]),
  'forbidden-403': answerThenClose('403 Forbidden', 'origin not allowed\n'),
  'not-found-404': answerThenClose('404 Not Found', 'no such route\n'),
  'server-error-502': answerThenClose('502 Bad Gateway', 'upstream unreachable\n'),
  'plain-http-200': answerThenClose('200 OK', 'hello, plain HTTP\n'),
  'connection-dropped': (ctx) => { ctx.socket.destroy(); },
  'slow-pending': (ctx) => {
    ctx.held.add(ctx.socket);
    ctx.socket.on('close', () => ctx.held.delete(ctx.socket));
    ctx.socket.on('error', () => ctx.socket.destroy());
  },
  ...AFTER_101_RESPONDERS,
};

function isHttp1Scenario(name: string): name is keyof typeof HTTP1_RESPONDERS {
  return Object.hasOwn(HTTP1_RESPONDERS, name);
}

async function listen(server: Server | Http2SecureServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

function startHttp1(pageHtml: () => string, held: Set<Duplex>, log: (m: string) => void): Server {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(pageHtml());
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (path.startsWith('/ws/')) {
      res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' }).end('WebSocket upgrade expected\n');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, rest: Buffer) => {
    socket.on('error', () => socket.destroy());
    // `/ws/<scenario>`, or `/ws/<scenario>/<more path>` (a socket.io path under it).
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/ws\//, '').split('/')[0] ?? '';
    const key = req.headers['sec-websocket-key'];
    if (!isHttp1Scenario(name) || typeof key !== 'string') {
      log(`upgrade for unknown path ${req.url ?? ''}`);
      socket.end(plainResponse('404 Not Found', 'unknown scenario\n'));
      return;
    }
    HTTP1_RESPONDERS[name]({ key, accept: acceptFor(key.trim()), socket, head: rest, held });
  });
  return server;
}

function startHttp2(key: string, cert: string, sessions: Set<ServerHttp2Session>, log: (m: string) => void): Http2SecureServer {
  const server = createSecureServer({ key, cert, allowHTTP1: true, settings: { enableConnectProtocol: true } });
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => session.destroy());
  });
  server.on('stream', (stream: ServerHttp2Stream, headers) => {
    stream.on('error', () => stream.destroy());
    const method = headers[h2.HTTP2_HEADER_METHOD];
    const path = String(headers[h2.HTTP2_HEADER_PATH] ?? '/');
    if (method === 'CONNECT' && headers[':protocol'] === 'websocket') {
      if (path === '/h2/h2-good') {
        const offered = String(headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
        stream.respond({ ':status': 200, ...(offered[0] ? { 'sec-websocket-protocol': offered[0] } : {}) });
        echoFrames(stream);
      } else {
        if (path !== '/h2/h2-not-found') log(`h2 CONNECT for unknown path ${path}`);
        stream.respond({ ':status': 404, 'content-type': 'text/plain' });
        stream.end('no such route\n');
      }
      return;
    }
    // Plain requests (the page's warm-up fetch) over HTTP/2.
    stream.respond({ ':status': 200, 'content-type': 'text/plain', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
    stream.end('h2 ok\n');
  });
  // HTTP/1.1 fallback (allowHTTP1) arrives only as 'request'; HTTP/2 requests are answered by 'stream' above.
  server.on('request', (req, res) => {
    if (req.httpVersionMajor === 2) return;
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('http/1.1 ok\n');
  });
  return server;
}

/** Starts the demo servers on 127.0.0.1 with ports the OS picks. */
export async function startDemoServers(options: DemoServerOptions = {}): Promise<DemoServers> {
  const log = options.log ?? (() => {});
  const held = new Set<Duplex>();
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  const track = (server: Server | Http2SecureServer): void => {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  };
  let h2Origin: string | undefined;

  const urlOf = (name: ScenarioName): string => {
    const s = SCENARIOS.find((x) => x.name === name);
    if (!s) throw new Error(`unknown demo scenario: ${name}`);
    if (s.transport === 'h2') {
      if (!h2Origin) throw new Error(`scenario ${name} needs the HTTP/2 server, which did not start`);
      return h2Origin.replace(/^https:/, 'wss:') + s.path;
    }
    return (s.ownPort ? ownPortBase : wsBase) + s.path;
  };
  const pageHtml = (): string => demoPageHtml({
    scenarios: SCENARIOS,
    h2Origin: h2Origin ?? null,
    urlOf: (s) => (s.transport === 'h2' && !h2Origin ? null : urlOf(s.name)),
  });

  const http1 = startHttp1(pageHtml, held, log);
  // The same handler on a second port, for scenarios that must not share one (Scenario.ownPort).
  const ownPortServer = startHttp1(pageHtml, held, log);
  const servers: Array<Server | Http2SecureServer> = [http1, ownPortServer];
  for (const server of servers) track(server);
  const wsBase = `ws://127.0.0.1:${await listen(http1)}`;
  const ownPortBase = `ws://127.0.0.1:${await listen(ownPortServer)}`;

  if (options.http2 !== false) {
    try {
      const { key, cert } = await createSelfSignedCertificate();
      const http2 = startHttp2(key, cert, sessions, log);
      track(http2);
      h2Origin = `https://127.0.0.1:${await listen(http2)}`;
      servers.push(http2);
    } catch (error) {
      log(`HTTP/2 server not started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  let closing: Promise<void> | null = null;
  return {
    pageUrl: `${wsBase.replace(/^ws:/, 'http:')}/`,
    wsBase,
    ...(h2Origin ? { h2Origin } : {}),
    scenarios: SCENARIOS,
    urlOf,
    close() {
      closing ??= (async () => {
        const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        for (const session of sessions) session.destroy();
        for (const socket of [...held, ...sockets]) socket.destroy();
        await Promise.all(closed);
      })();
      return closing;
    },
  };
}
