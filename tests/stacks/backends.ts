/**
 * The app servers behind the proxies, each on its own free 127.0.0.1 port.
 *
 * Node ones (ws, socket.io, express, express + ws) run in this process, and
 * record what reached them (request line and raw headers, keyed by the
 * Sec-WebSocket-Key the proxies pass on), so a fixture can show what a proxy
 * forwarded. Python (websockets, aiohttp, tornado under Debian's
 * /usr/bin/python3) and Go (gorilla/websocket, built once per run in GOPATH
 * mode, offline) run as child process groups and print their port.
 *
 * Every server is a plain echo endpoint at /ws (socket.io: /socket.io/), with
 * its library's defaults otherwise: gorilla and tornado check Origin against
 * Host, as shipped.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer } from 'ws';
import { freePort, run, startProcess, waitForOutput, type Proc } from './proc.js';

export type BackendKind =
  | 'ws'
  | 'socketio'
  | 'express-404'
  | 'express-spa'
  | 'express-ws'
  | 'py-websockets'
  | 'aiohttp'
  | 'tornado'
  | 'gorilla'
  | 'blackhole'
  | 'down';

export const BACKEND_LABEL: Record<BackendKind, string> = {
  ws: 'ws (node, WebSocketServer({ port, path: "/ws" }))',
  socketio: 'socket.io v4 (node, new Server(httpServer))',
  'express-404': 'express, no WebSocket route (finalhandler 404)',
  'express-spa': 'express, SPA catch-all answering 200 text/html',
  'express-ws': 'express + ws on the same http.Server (ws path /ws)',
  'py-websockets': 'python websockets (websockets.serve)',
  aiohttp: 'python aiohttp (web.WebSocketResponse at /ws)',
  tornado: 'python tornado (WebSocketHandler at /ws, default check_origin)',
  gorilla: 'go gorilla/websocket (Upgrader at /ws, default CheckOrigin)',
  blackhole: 'TCP listener that accepts and never answers',
  down: 'nothing listening (connection refused)',
};

/** What reached an in-process backend. */
export interface SeenRequest {
  readonly event: 'request' | 'upgrade';
  readonly requestLine: string;
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
}

export interface Backend {
  readonly kind: BackendKind;
  readonly host: string;
  readonly port: number;
  /** "ws 8.23.0", "python3-aiohttp 3.8.4" … */
  readonly version: string;
  /** What this backend received with this Sec-WebSocket-Key (in-process backends only). */
  saw(key: string): SeenRequest | undefined;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

function pkgVersion(name: string): string {
  const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

function recorder(server: http.Server, seen: Map<string, SeenRequest>, events: ReadonlyArray<'request' | 'upgrade'>): void {
  for (const event of events) {
    server.prependListener(event, (req: http.IncomingMessage) => {
      const key = req.headers['sec-websocket-key'];
      if (typeof key !== 'string') return;
      const rawHeaders: Array<readonly [string, string]> = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
      seen.set(key, { event, requestLine: `${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}`, rawHeaders });
    });
  }
}

function listen(server: http.Server | net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const addr = server.address();
      if (addr === null || typeof addr === 'string') reject(new Error('no address'));
      else resolve(addr.port);
    });
  });
}

function closeServer(server: http.Server | net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

function trackSockets(server: http.Server | net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return sockets;
}

function echo(wss: WebSocketServer): void {
  wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
}

const SPA_HTML = '<!doctype html>\n<html><head><meta charset="utf-8"><title>App</title></head><body><div id="root"></div><script src="/assets/index.js"></script></body></html>\n';

async function startNode(kind: BackendKind): Promise<Backend> {
  const seen = new Map<string, SeenRequest>();
  const base = { kind, host: HOST, saw: (key: string) => seen.get(key) };
  switch (kind) {
    case 'ws': {
      // ws creates its own http.Server (the one answering 426 to plain GETs).
      const wss = new WebSocketServer({ host: HOST, port: 0, path: '/ws' });
      echo(wss);
      await new Promise<void>((resolve, reject) => {
        wss.once('listening', resolve);
        wss.once('error', reject);
      });
      const inner = (wss as unknown as { _server?: http.Server })._server;
      const sockets = inner ? trackSockets(inner) : new Set<net.Socket>();
      if (inner) recorder(inner, seen, ['request', 'upgrade']);
      const addr = wss.address();
      if (addr === null || typeof addr === 'string') throw new Error('ws: no port');
      return {
        ...base,
        port: addr.port,
        version: `ws ${pkgVersion('ws')}`,
        stop: () => {
          for (const s of sockets) s.destroy();
          for (const c of wss.clients) c.terminate();
          return new Promise<void>((resolve) => wss.close(() => resolve()));
        },
      };
    }
    case 'socketio': {
      const server = http.createServer();
      const sockets = trackSockets(server);
      const io = new SocketIoServer(server);
      io.on('connection', (socket) => socket.on('echo', (m: unknown) => socket.emit('echo', m)));
      recorder(server, seen, ['request', 'upgrade']);
      const port = await listen(server);
      return {
        ...base,
        port,
        version: `socket.io ${pkgVersion('socket.io')} (engine.io ${pkgVersion('engine.io')})`,
        stop: async () => {
          io.disconnectSockets(true);
          await new Promise<void>((resolve) => io.close(() => resolve()));
          await closeServer(server, sockets);
        },
      };
    }
    case 'express-404':
    case 'express-spa':
    case 'express-ws': {
      const app = express();
      app.get('/', (_req, res) => {
        res.type('html').send(SPA_HTML);
      });
      if (kind === 'express-spa') {
        app.use((_req, res) => {
          res.type('html').send(SPA_HTML);
        });
      }
      const server = http.createServer(app);
      const sockets = trackSockets(server);
      let wss: WebSocketServer | undefined;
      if (kind === 'express-ws') {
        wss = new WebSocketServer({ server, path: '/ws' });
        echo(wss);
      }
      // No upgrade listener on a plain express server: adding one would change
      // what Node does with an Upgrade request, so record 'request' only.
      recorder(server, seen, kind === 'express-ws' ? ['request', 'upgrade'] : ['request']);
      const port = await listen(server);
      return {
        ...base,
        port,
        version: `express ${pkgVersion('express')}${kind === 'express-ws' ? ` + ws ${pkgVersion('ws')}` : ''}`,
        stop: async () => {
          if (wss) {
            for (const c of wss.clients) c.terminate();
            await new Promise<void>((resolve) => wss?.close(() => resolve()));
          }
          await closeServer(server, sockets);
        },
      };
    }
    case 'blackhole': {
      const server = net.createServer((s) => {
        s.on('data', () => undefined);
        s.on('error', () => undefined);
      });
      const sockets = trackSockets(server);
      const port = await listen(server);
      return { ...base, port, version: 'node net.Server', stop: () => closeServer(server, sockets) };
    }
    case 'down': {
      const port = await freePort(HOST);
      return { ...base, port, version: '-', stop: async () => undefined };
    }
    default:
      throw new Error(`not a node backend: ${kind}`);
  }
}

const PYTHON = '/usr/bin/python3';

const PY_SOURCES: Partial<Record<BackendKind, string>> = {
  'py-websockets': `
import asyncio, websockets

async def handler(ws):
    async for message in ws:
        await ws.send(message)

async def main():
    async with websockets.serve(handler, "127.0.0.1", 0) as server:
        print("VERSION python3-websockets", websockets.__version__, flush=True)
        print("PORT", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
`,
  aiohttp: `
import asyncio, aiohttp
from aiohttp import web

async def ws_handler(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == aiohttp.WSMsgType.TEXT:
            await ws.send_str(msg.data)
    return ws

async def main():
    app = web.Application()
    app.router.add_get("/ws", ws_handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print("VERSION python3-aiohttp", aiohttp.__version__, flush=True)
    print("PORT", site._server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Future()

asyncio.run(main())
`,
  tornado: `
import asyncio
import tornado, tornado.web, tornado.websocket, tornado.netutil, tornado.httpserver

class Echo(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        self.write_message(message)

async def main():
    app = tornado.web.Application([(r"/ws", Echo)])
    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    print("VERSION python3-tornado", tornado.version, flush=True)
    print("PORT", sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
`,
};

const GO_SOURCE = `package main

import (
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/gorilla/websocket"
)

// Default Upgrader: CheckOrigin nil compares Origin's host with Host.
var upgrader = websocket.Upgrader{}

func main() {
	http.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			t, m, err := c.ReadMessage()
			if err != nil {
				return
			}
			if err := c.WriteMessage(t, m); err != nil {
				return
			}
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("PORT", ln.Addr().(*net.TCPAddr).Port)
	http.Serve(ln, nil)
}
`;

const GOPATH_SYSTEM = '/usr/share/gocode';

async function dpkgVersion(pkg: string): Promise<string> {
  const r = await run('dpkg-query', ['-W', '-f', '${Version}', pkg]).catch(() => ({ code: 1, out: '' }));
  return r.code === 0 ? r.out.trim() : '?';
}

let goBinary: Promise<string> | undefined;

/** Builds the gorilla echo server once per run dir (GOPATH mode, no network). */
export function buildGorilla(runDir: string): Promise<string> {
  goBinary ??= (async () => {
    const gopath = join(runDir, 'go');
    const src = join(gopath, 'src', 'wsstacksapp');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'main.go'), GO_SOURCE);
    const bin = join(gopath, 'wsstacksapp');
    const env = {
      PATH: '/usr/bin:/bin',
      HOME: runDir,
      GO111MODULE: 'off',
      GOPATH: `${GOPATH_SYSTEM}:${gopath}`,
      GOCACHE: join(gopath, 'cache'),
      GOFLAGS: '',
      GOPROXY: 'off',
      GOTOOLCHAIN: 'local',
    };
    let r = await run('/usr/bin/go', ['build', '-o', bin, '.'], { cwd: src, env, timeoutMs: 180_000 });
    // Without a C compiler, build pure Go (slower: net is rebuilt).
    if (r.code !== 0) r = await run('/usr/bin/go', ['build', '-o', bin, '.'], { cwd: src, env: { ...env, CGO_ENABLED: '0' }, timeoutMs: 180_000 });
    if (r.code !== 0) throw new Error(`go build of the gorilla backend failed:\n${r.out}`);
    return bin;
  })();
  return goBinary;
}

async function startChild(kind: BackendKind, runDir: string): Promise<Backend> {
  const dir = join(runDir, 'backends', kind);
  await mkdir(dir, { recursive: true });
  let proc: Proc;
  let version: string;
  if (kind === 'gorilla') {
    const bin = await buildGorilla(runDir);
    proc = startProcess(`backend ${kind}`, bin, [], { cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir } });
    version = `golang-github-gorilla-websocket-dev ${await dpkgVersion('golang-github-gorilla-websocket-dev')} (go ${(await run('/usr/bin/go', ['env', 'GOVERSION'])).out.trim()})`;
  } else {
    const source = PY_SOURCES[kind];
    if (source === undefined) throw new Error(`no backend ${kind}`);
    const script = join(dir, 'app.py');
    await writeFile(script, source);
    // Debian's python (has the python3-* packages); a clean env keeps pyenv out.
    proc = startProcess(`backend ${kind}`, PYTHON, ['-u', script], { cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' } });
    version = (await waitForOutput(proc, /^VERSION (.+)$/m))[1] ?? '?';
  }
  const port = Number((await waitForOutput(proc, /^PORT (\d+)$/m))[1]);
  return { kind, host: HOST, port, version, saw: () => undefined, stop: () => proc.stop() };
}

export function startBackend(kind: BackendKind, runDir: string): Promise<Backend> {
  return kind === 'py-websockets' || kind === 'aiohttp' || kind === 'tornado' || kind === 'gorilla' ? startChild(kind, runDir) : startNode(kind);
}
