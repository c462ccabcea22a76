/**
 * The stacks table: each row is one real stack (proxy + app server, or the
 * app server alone), the handshake a browser sends to it, and what it
 * answered when captured (expect). `config` holds the relevant lines exactly
 * as run (placeholders: see proxies.ts); `fix` the lines that make it work.
 * Rows with correct: true are the working configs: they must give a valid 101.
 */
import type { BackendKind } from './backends.js';
import type { ProxySpec } from './proxies.js';

export interface CaseRequest {
  /** Path + query; default /ws. */
  readonly path?: string;
  /** wss:// (TLS) or ws://; default ws. */
  readonly scheme?: 'ws' | 'wss';
  /** Which proxy port to connect to; default the one matching the scheme. */
  readonly port?: 'plain' | 'tls';
  /** Send without Connection/Upgrade: what the app gets from a hop that drops them. */
  readonly stripUpgrade?: boolean;
  readonly headTimeoutMs?: number;
}

export interface CaseExpect {
  /** The HTTP status; null: no HTTP answer at all (closed, or nothing before the timeout). */
  readonly status: number | null;
  readonly statusText?: string;
  /** Server header (every line, joined with ", "), or null for none. */
  readonly server?: string | RegExp | null;
  /** Something the body (first 2 KB) contains. */
  readonly body?: string | RegExp;
  /** Headers that must be there, name spelled exactly so (case-sensitive), value matched. */
  readonly headers?: Readonly<Record<string, string | RegExp>>;
  /** The TLS handshake failed like this. */
  readonly tlsError?: RegExp;
}

export interface StackCase {
  readonly id: string;
  readonly backend: BackendKind;
  /** Absent: the client talks to the backend directly. */
  readonly proxy?: ProxySpec;
  readonly correct: boolean;
  /** What is wrong (or, for a correct row, what it shows). */
  readonly misconfig: string;
  /** The relevant correct lines (correct rows: their own config). */
  readonly fix?: string;
  readonly request?: CaseRequest;
  readonly expect: CaseExpect;
}

// ---------------------------------------------------------------- snippets

const NGINX_OK = `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host $http_host;
}`;

const NGINX_OK_SOCKETIO = `location /socket.io/ {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host $http_host;
}`;

const NGINX_NO_UPGRADE = `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Host $http_host;
}`;

const NGINX_NO_UPGRADE_SOCKETIO = `location /socket.io/ {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Host $http_host;
}`;

const NGINX_NO_HTTP_VERSION = `location /ws {
    proxy_pass http://{{B}};
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host $http_host;
}`;

const NGINX_UPGRADE_FIX = `proxy_http_version 1.1;
proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection "upgrade";`;

const NGINX_MAP_OUTER = `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}`;

const APACHE_OK = `ProxyPreserveHost On
ProxyPass        /ws http://{{B}}/ws upgrade=websocket
ProxyPassReverse /ws http://{{B}}/ws`;

const HAPROXY_OK = `frontend fe
  {{BIND}}
  default_backend app
backend app
  server app1 {{B}}`;

const CADDY_OK = `reverse_proxy /ws* {{B}}`;

const LIGHTTPD_OK = `server.modules += ( "mod_proxy" )
proxy.server = ( "/ws" => ( ( "host" => "{{BH}}", "port" => {{BP}} ) ) )
proxy.header = ( "upgrade" => "enable" )`;

const SOCKETIO_PATH = '/socket.io/?EIO=4&transport=websocket';

const NGINX_SERVER = /^nginx\/1\.22\.1$/;
const APACHE_SERVER = /^Apache\/2\.4\.\d+ \(Debian\)$/;

// ---------------------------------------------------------------- the table

export const CASES: readonly StackCase[] = [
  // ---- the app servers alone: their 101, and their answer to a GET without Upgrade
  { id: 'direct-ws-101', backend: 'ws', correct: true, misconfig: 'none: ws alone (baseline 101)', expect: { status: 101, server: null } },
  {
    id: 'direct-ws-no-upgrade',
    backend: 'ws',
    correct: false,
    misconfig: 'GET without Connection/Upgrade (what ws says when a hop drops them)',
    request: { stripUpgrade: true },
    expect: { status: 426, statusText: 'Upgrade Required', server: null, body: 'Upgrade Required' },
  },
  {
    id: 'direct-ws-wrong-path',
    backend: 'ws',
    correct: false,
    misconfig: 'upgrade to a path the WebSocketServer does not serve (path option /ws, client /chat)',
    request: { path: '/chat' },
    expect: { status: 400, statusText: 'Bad Request', server: null },
  },
  { id: 'direct-socketio-101', backend: 'socketio', correct: true, misconfig: 'none: socket.io alone (baseline 101)', request: { path: SOCKETIO_PATH }, expect: { status: 101, server: null } },
  {
    id: 'direct-socketio-no-upgrade',
    backend: 'socketio',
    correct: false,
    misconfig: 'GET ?transport=websocket without Connection/Upgrade',
    request: { path: SOCKETIO_PATH, stripUpgrade: true },
    expect: { status: 400, server: null, body: '{"code":3,"message":"Bad request"}' },
  },
  {
    id: 'direct-socketio-eio3',
    backend: 'socketio',
    correct: false,
    misconfig: 'socket.io v2 client (EIO=3) against a v4 server (allowEIO3 false): engine.io completes the 101, then writes an HTTP 400 onto the upgraded socket',
    fix: 'new Server(httpServer, { allowEIO3: true })   # or upgrade the client to socket.io-client v3+',
    request: { path: '/socket.io/?EIO=3&transport=websocket' },
    expect: { status: 101, server: null, body: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-type: text/html\r\nContent-Length: 28\r\n\r\nUnsupported protocol version' },
  },
  {
    id: 'direct-express-404',
    backend: 'express-404',
    correct: false,
    misconfig: 'express app with no WebSocket route, upgrade request to /ws',
    expect: { status: 404, server: null, body: 'Cannot GET /ws' },
  },
  {
    id: 'direct-express-spa',
    backend: 'express-spa',
    correct: false,
    misconfig: 'express SPA catch-all (app.use → index.html), upgrade request to /ws',
    expect: { status: 200, server: null, body: '<!doctype html>' },
  },
  { id: 'direct-express-ws-101', backend: 'express-ws', correct: true, misconfig: 'none: express + ws alone (baseline 101)', expect: { status: 101, server: null } },
  {
    id: 'direct-express-ws-no-upgrade',
    backend: 'express-ws',
    correct: false,
    misconfig: 'GET /ws without Connection/Upgrade to express + ws: express answers, not ws',
    request: { stripUpgrade: true },
    expect: { status: 404, server: null, body: 'Cannot GET /ws' },
  },
  { id: 'direct-py-websockets-101', backend: 'py-websockets', correct: true, misconfig: 'none: python websockets alone (baseline 101)', expect: { status: 101, server: /^Python\/3\.11 websockets\/10\.4$/ } },
  {
    id: 'direct-py-websockets-no-upgrade',
    backend: 'py-websockets',
    correct: false,
    misconfig: 'GET without Connection/Upgrade',
    request: { stripUpgrade: true },
    expect: { status: 426, server: /websockets\/10\.4/ },
  },
  { id: 'direct-aiohttp-101', backend: 'aiohttp', correct: true, misconfig: 'none: aiohttp alone (baseline 101)', expect: { status: 101, server: /aiohttp\/3\.8\.4/ } },
  {
    id: 'direct-aiohttp-no-upgrade',
    backend: 'aiohttp',
    correct: false,
    misconfig: 'GET without Connection/Upgrade',
    request: { stripUpgrade: true },
    expect: { status: 400, server: /aiohttp\/3\.8\.4/ },
  },
  { id: 'direct-tornado-101', backend: 'tornado', correct: true, misconfig: 'none: tornado alone (baseline 101)', expect: { status: 101, server: /^TornadoServer\/6\.2/ } },
  {
    id: 'direct-tornado-no-upgrade',
    backend: 'tornado',
    correct: false,
    misconfig: 'GET without Connection/Upgrade',
    request: { stripUpgrade: true },
    expect: { status: 400, server: /^TornadoServer\/6\.2/, body: 'Can "Upgrade" only to "WebSocket".' },
  },
  { id: 'direct-gorilla-101', backend: 'gorilla', correct: true, misconfig: 'none: gorilla alone (baseline 101)', expect: { status: 101, server: null } },
  {
    id: 'direct-gorilla-no-upgrade',
    backend: 'gorilla',
    correct: false,
    misconfig: 'GET without Connection/Upgrade',
    request: { stripUpgrade: true },
    // The reason ("websocket: the client is not using the websocket protocol: …") goes to the app's err, not the body.
    expect: { status: 400, server: null, body: 'Bad Request\n', headers: { 'Sec-Websocket-Version': '13' } },
  },

  // ---- nginx: correct configs in front of every app
  ...(['ws', 'express-ws', 'py-websockets', 'aiohttp', 'tornado', 'gorilla'] as const).map(
    (backend): StackCase => ({
      id: `nginx-correct-${backend}`,
      backend,
      proxy: { kind: 'nginx', config: NGINX_OK },
      correct: true,
      misconfig: 'none: proxy_http_version 1.1 + Upgrade/Connection + Host $http_host',
      fix: NGINX_OK,
      // nginx rewrites the app's Connection: Upgrade to lower-case "upgrade".
      expect: { status: 101, server: NGINX_SERVER, headers: { Connection: 'upgrade' } },
    }),
  ),
  {
    id: 'nginx-correct-socketio',
    backend: 'socketio',
    proxy: { kind: 'nginx', config: NGINX_OK_SOCKETIO },
    correct: true,
    misconfig: 'none',
    fix: NGINX_OK_SOCKETIO,
    request: { path: SOCKETIO_PATH },
    expect: { status: 101, server: NGINX_SERVER },
  },
  {
    id: 'nginx-correct-map-connection-upgrade',
    backend: 'ws',
    proxy: {
      kind: 'nginx',
      outer: NGINX_MAP_OUTER,
      config: `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
}`,
    },
    correct: true,
    misconfig: "none: the nginx docs' map $http_upgrade $connection_upgrade form",
    expect: { status: 101, server: NGINX_SERVER },
  },

  // ---- nginx without Upgrade/Connection: each app's own non-upgrade answer, through nginx
  ...(
    [
      ['express-404', 404],
      ['ws', 426],
      ['express-ws', 404],
      ['py-websockets', 426],
      ['aiohttp', 400],
      ['tornado', 400],
      ['gorilla', 400],
    ] as const
  ).map(
    ([backend, status]): StackCase => ({
      id: `nginx-no-upgrade-headers-${backend}`,
      backend,
      proxy: { kind: 'nginx', config: NGINX_NO_UPGRADE },
      correct: false,
      misconfig: 'no proxy_set_header Upgrade / Connection: nginx drops the hop-by-hop Upgrade and sends Connection: close',
      fix: NGINX_UPGRADE_FIX,
      expect: { status, server: NGINX_SERVER },
    }),
  ),
  {
    id: 'nginx-no-upgrade-headers-socketio',
    backend: 'socketio',
    proxy: { kind: 'nginx', config: NGINX_NO_UPGRADE_SOCKETIO },
    correct: false,
    misconfig: 'no proxy_set_header Upgrade / Connection in location /socket.io/',
    fix: NGINX_UPGRADE_FIX,
    request: { path: SOCKETIO_PATH },
    expect: { status: 400, server: NGINX_SERVER, body: '{"code":3,"message":"Bad request"}' },
  },
  // Without proxy_http_version 1.1 nginx sends the upgrade as HTTP/1.0: whether
  // that fails depends on the app (nginx itself tunnels any 101 it gets).
  ...(
    [
      ['ws', 101],
      ['express-ws', 101],
      ['socketio', 101],
      ['py-websockets', 400],
      ['aiohttp', 101],
      ['tornado', 101],
      ['gorilla', 101],
    ] as const
  ).map(
    ([backend, status]): StackCase => ({
      id: `nginx-no-http-version-${backend}`,
      backend,
      proxy: {
        kind: 'nginx',
        config: backend === 'socketio' ? NGINX_NO_HTTP_VERSION.replace('location /ws', 'location /socket.io/') : NGINX_NO_HTTP_VERSION,
      },
      correct: false,
      misconfig: 'Upgrade/Connection set but no proxy_http_version 1.1: nginx sends the upgrade request as HTTP/1.0',
      fix: 'proxy_http_version 1.1;',
      ...(backend === 'socketio' ? { request: { path: SOCKETIO_PATH } } : {}),
      expect: { status, server: NGINX_SERVER },
    }),
  ),
  {
    id: 'nginx-upgrade-without-connection',
    backend: 'ws',
    proxy: {
      kind: 'nginx',
      config: `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
}`,
    },
    correct: false,
    misconfig: 'proxy_set_header Upgrade but no Connection "upgrade" (nginx sends Connection: close)',
    fix: 'proxy_set_header Connection "upgrade";',
    expect: { status: 426, server: NGINX_SERVER },
  },
  {
    id: 'nginx-connection-empty-keepalive',
    backend: 'ws',
    proxy: {
      kind: 'nginx',
      outer: `upstream app {
    server {{B}};
    keepalive 16;
}`,
      config: `location /ws {
    proxy_pass http://app;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "";
}`,
    },
    correct: false,
    misconfig: 'upstream keepalive recipe copied: proxy_set_header Connection "" (clears it)',
    fix: 'proxy_set_header Connection "upgrade";   # or $connection_upgrade from a map',
    expect: { status: 426, server: NGINX_SERVER },
  },
  {
    id: 'nginx-location-trailing-slash',
    backend: 'ws',
    proxy: {
      kind: 'nginx',
      config: `location /ws/ {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}`,
    },
    correct: false,
    misconfig: 'location /ws/ while the client opens /ws: nginx redirects to /ws/ (301)',
    fix: 'location /ws {',
    expect: { status: 301, server: NGINX_SERVER },
  },
  {
    id: 'nginx-proxy-pass-strips-prefix-gorilla',
    backend: 'gorilla',
    proxy: {
      kind: 'nginx',
      config: `location /ws {
    proxy_pass http://{{B}}/;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host $http_host;
}`,
    },
    correct: false,
    misconfig: 'proxy_pass http://b/ (with a URI) replaces the /ws prefix: the app gets GET /',
    fix: 'proxy_pass http://{{B}};   # no URI part: the path goes through unchanged',
    expect: { status: 404, server: NGINX_SERVER, body: '404 page not found' },
  },
  {
    id: 'nginx-proxy-pass-strips-prefix-express-ws',
    backend: 'express-ws',
    proxy: {
      kind: 'nginx',
      config: `location /ws {
    proxy_pass http://{{B}}/;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}`,
    },
    correct: false,
    misconfig: 'proxy_pass http://b/ strips /ws: express + ws (path /ws) gets an upgrade for /',
    fix: 'proxy_pass http://{{B}};',
    expect: { status: 400, server: NGINX_SERVER },
  },
  {
    id: 'nginx-socketio-prefix-stripped',
    backend: 'socketio',
    proxy: {
      kind: 'nginx',
      config: `location /socket.io/ {
    proxy_pass http://{{B}}/;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}`,
    },
    correct: false,
    misconfig: 'proxy_pass http://b/ strips /socket.io/: engine.io gets an upgrade for /?EIO=4… and ignores it',
    fix: 'proxy_pass http://{{B}};',
    request: { path: SOCKETIO_PATH },
    expect: { status: 502, server: NGINX_SERVER },
  },
  {
    id: 'nginx-upstream-down',
    backend: 'down',
    proxy: { kind: 'nginx', config: NGINX_OK },
    correct: false,
    misconfig: 'app server not running (connection refused)',
    fix: '(start the app, or fix the upstream address)',
    expect: { status: 502, statusText: 'Bad Gateway', server: NGINX_SERVER, body: '<center>nginx/1.22.1</center>' },
  },
  {
    id: 'nginx-read-timeout',
    backend: 'blackhole',
    proxy: {
      kind: 'nginx',
      config: `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_read_timeout 1s;
}`,
    },
    correct: false,
    misconfig: 'app accepts but never answers the upgrade; proxy_read_timeout 1s',
    fix: 'proxy_read_timeout 3600s;   # and an app that answers',
    expect: { status: 504, statusText: 'Gateway Time-out', server: NGINX_SERVER },
  },
  {
    id: 'nginx-upstream-all-marked-down',
    backend: 'ws',
    proxy: {
      kind: 'nginx',
      outer: `upstream app {
    server {{B}} down;
}`,
      config: `location /ws {
    proxy_pass http://app;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}`,
    },
    correct: false,
    misconfig: 'the only upstream server marked down, no backup ("no live upstreams")',
    fix: 'server {{B}};   # not down, or add a backup server',
    expect: { status: 502, server: NGINX_SERVER },
  },
  {
    id: 'nginx-host-default-tornado',
    backend: 'tornado',
    proxy: {
      kind: 'nginx',
      config: `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}`,
    },
    correct: false,
    misconfig: 'no proxy_set_header Host: nginx sends Host: <upstream address>, tornado compares it with Origin',
    fix: 'proxy_set_header Host $http_host;',
    expect: { status: 403, server: NGINX_SERVER },
  },
  {
    id: 'nginx-host-without-port-gorilla',
    backend: 'gorilla',
    proxy: {
      kind: 'nginx',
      config: `location /ws {
    proxy_pass http://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header Host $host;
}`,
    },
    correct: false,
    misconfig: 'proxy_set_header Host $host drops the port; on a non-default port gorilla\'s CheckOrigin fails',
    fix: 'proxy_set_header Host $http_host;',
    expect: { status: 403, server: NGINX_SERVER, body: 'Forbidden\n', headers: { 'Sec-Websocket-Version': '13' } },
  },
  {
    id: 'nginx-correct-to-express-404',
    backend: 'express-404',
    proxy: { kind: 'nginx', config: NGINX_OK },
    correct: false,
    misconfig: 'proxy right, app has no WebSocket server on that path',
    fix: '(app) attach a WebSocket server: new WebSocketServer({ server, path: "/ws" })',
    expect: { status: 404, server: NGINX_SERVER },
  },
  {
    id: 'nginx-correct-to-express-spa',
    backend: 'express-spa',
    proxy: { kind: 'nginx', config: NGINX_OK },
    correct: false,
    misconfig: 'proxy right, location routes to the SPA server (catch-all 200 index.html)',
    fix: 'proxy_pass http://<the WebSocket server>;',
    expect: { status: 200, server: NGINX_SERVER, body: '<!doctype html>' },
  },
  {
    id: 'nginx-tls-correct',
    backend: 'ws',
    proxy: { kind: 'nginx', config: NGINX_OK, tls: true },
    correct: true,
    misconfig: 'none: wss:// to the TLS listener',
    fix: NGINX_OK,
    request: { scheme: 'wss' },
    expect: { status: 101, server: NGINX_SERVER },
  },
  {
    id: 'nginx-ws-to-tls-port',
    backend: 'ws',
    proxy: { kind: 'nginx', config: NGINX_OK, tls: true },
    correct: false,
    misconfig: 'ws:// (plain HTTP) sent to the listen … ssl port',
    fix: 'use wss:// for that port (or add a plain listen for ws://)',
    request: { scheme: 'ws', port: 'tls' },
    expect: { status: 400, server: NGINX_SERVER, body: 'The plain HTTP request was sent to HTTPS port' },
  },
  {
    id: 'nginx-wss-to-plain-port',
    backend: 'ws',
    proxy: { kind: 'nginx', config: NGINX_OK, tls: true },
    correct: false,
    misconfig: 'wss:// (TLS ClientHello) sent to the plain listen port',
    fix: 'use ws:// for that port, or listen … ssl',
    request: { scheme: 'wss', port: 'plain' },
    expect: { status: 400, server: NGINX_SERVER, tlsError: /WRONG_VERSION_NUMBER/, body: '<center>nginx/1.22.1</center>' },
  },

  {
    id: 'nginx-proxy-pass-https-to-plain',
    backend: 'ws',
    proxy: {
      kind: 'nginx',
      config: `location /ws {
    proxy_pass https://{{B}};
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection "upgrade";
}`,
    },
    correct: false,
    misconfig: 'proxy_pass https:// to an app that speaks plain HTTP (TLS handshake to the upstream fails)',
    fix: 'proxy_pass http://{{B}};',
    expect: { status: 502, server: NGINX_SERVER, body: '<center>nginx/1.22.1</center>' },
  },
  // ---- Apache httpd 2.4
  {
    id: 'apache-correct',
    backend: 'ws',
    proxy: { kind: 'apache', config: APACHE_OK },
    correct: true,
    misconfig: 'none: ProxyPass … upgrade=websocket (mod_proxy_http tunnels it)',
    fix: APACHE_OK,
    // Apache adds nothing to a tunnelled 101: no Server, no Date.
    expect: { status: 101, server: null },
  },
  {
    id: 'apache-correct-tornado',
    backend: 'tornado',
    proxy: { kind: 'apache', config: APACHE_OK },
    correct: true,
    misconfig: 'none: ProxyPreserveHost On keeps tornado\'s origin check happy',
    fix: APACHE_OK,
    // The app's own Server header comes through.
    expect: { status: 101, server: /^TornadoServer\/6\.2/ },
  },
  {
    id: 'apache-correct-wstunnel',
    backend: 'ws',
    proxy: { kind: 'apache', config: 'ProxyPass /ws ws://{{B}}/ws' },
    correct: true,
    misconfig: 'none: the older ws:// ProxyPass with mod_proxy_wstunnel',
    fix: 'ProxyPass /ws ws://{{B}}/ws',
    expect: { status: 101, server: null },
  },
  {
    id: 'apache-no-upgrade-param',
    backend: 'ws',
    proxy: { kind: 'apache', config: 'ProxyPass /ws http://{{B}}/ws' },
    correct: false,
    misconfig: 'ProxyPass http://… without upgrade=websocket: mod_proxy_http drops Upgrade',
    fix: 'ProxyPass /ws http://{{B}}/ws upgrade=websocket',
    expect: { status: 426, server: APACHE_SERVER },
  },
  {
    id: 'apache-ws-scheme-no-wstunnel',
    backend: 'ws',
    proxy: {
      kind: 'apache',
      modules: ['mpm_event', 'authz_core', 'rewrite', 'headers', 'proxy', 'proxy_http'],
      config: 'ProxyPass /ws ws://{{B}}/ws',
    },
    correct: false,
    misconfig: 'ProxyPass ws://… with mod_proxy_wstunnel not loaded (the old recipe\'s failure: on 2.4.47+ mod_proxy_http handles ws:// itself, so it works)',
    fix: 'LoadModule proxy_wstunnel_module …/mod_proxy_wstunnel.so   # or: ProxyPass /ws http://{{B}}/ws upgrade=websocket',
    expect: { status: 101, server: null },
  },
  {
    id: 'apache-proxypass-order-trap',
    backend: 'express-ws',
    proxy: {
      kind: 'apache',
      config: `ProxyPass / http://{{B}}/
ProxyPass /ws http://{{B}}/ws upgrade=websocket`,
    },
    correct: false,
    misconfig: 'ProxyPass / listed before ProxyPass /ws: the first match wins, /ws goes without upgrade=websocket',
    fix: `ProxyPass /ws http://{{B}}/ws upgrade=websocket
ProxyPass / http://{{B}}/`,
    expect: { status: 404, server: APACHE_SERVER, body: 'Cannot GET /ws' },
  },
  {
    id: 'apache-rewrite-without-p',
    backend: 'ws',
    proxy: {
      kind: 'apache',
      config: `RewriteEngine On
RewriteCond %{HTTP:Upgrade} =websocket [NC]
RewriteRule ^/ws$ ws://{{B}}/ws [L]`,
    },
    correct: false,
    misconfig: 'RewriteRule to ws://… without [P]: Apache redirects the browser instead of proxying',
    fix: 'RewriteRule ^/ws$ ws://{{B}}/ws [P,L]',
    expect: { status: 302, server: APACHE_SERVER },
  },
  {
    id: 'apache-correct-rewrite-p',
    backend: 'ws',
    proxy: {
      kind: 'apache',
      config: `RewriteEngine On
RewriteCond %{HTTP:Upgrade} =websocket [NC]
RewriteRule ^/ws$ ws://{{B}}/ws [P,L]`,
    },
    correct: true,
    misconfig: 'none: mod_rewrite [P] to ws:// with mod_proxy_wstunnel',
    fix: 'RewriteRule ^/ws$ ws://{{B}}/ws [P,L]',
    expect: { status: 101, server: null },
  },
  {
    id: 'apache-no-preserve-host-tornado',
    backend: 'tornado',
    proxy: { kind: 'apache', config: 'ProxyPass /ws http://{{B}}/ws upgrade=websocket' },
    correct: false,
    misconfig: 'no ProxyPreserveHost On: tornado sees Host = the backend address, not the Origin\'s',
    fix: 'ProxyPreserveHost On',
    // Apache passes the app's Server header on.
    expect: { status: 403, server: /^TornadoServer\/6\.2/, body: 'Cross origin websockets not allowed' },
  },
  {
    id: 'apache-location-trailing-slash',
    backend: 'ws',
    proxy: { kind: 'apache', config: 'ProxyPass /ws/ http://{{B}}/ws/ upgrade=websocket' },
    correct: false,
    misconfig: 'ProxyPass /ws/ while the client opens /ws: no match, Apache serves it locally',
    fix: 'ProxyPass /ws http://{{B}}/ws upgrade=websocket',
    expect: { status: 404, server: APACHE_SERVER },
  },
  {
    id: 'apache-backend-down',
    backend: 'down',
    proxy: { kind: 'apache', config: APACHE_OK },
    correct: false,
    misconfig: 'app server not running (connection refused)',
    fix: '(start the app, or fix the ProxyPass address)',
    expect: { status: 503, server: APACHE_SERVER },
  },
  {
    id: 'apache-timeout',
    backend: 'blackhole',
    proxy: { kind: 'apache', config: `ProxyTimeout 1\n${APACHE_OK}` },
    correct: false,
    misconfig: 'app never answers the upgrade; ProxyTimeout 1',
    fix: 'ProxyTimeout 3600   # and an app that answers',
    // Not 504: for the upgrade request Apache reports the read timeout as a 502.
    expect: { status: 502, statusText: 'Proxy Error', server: APACHE_SERVER, body: 'Error reading from remote server' },
  },
  {
    id: 'apache-ws-to-tls-port',
    backend: 'ws',
    proxy: { kind: 'apache', config: APACHE_OK, tls: true },
    correct: false,
    misconfig: 'ws:// (plain HTTP) sent to the SSLEngine on port',
    fix: 'use wss:// for that port',
    request: { scheme: 'ws', port: 'tls' },
    expect: { status: 400, server: APACHE_SERVER, body: 'speaking plain HTTP to an SSL-enabled server port' },
  },

  {
    id: 'apache-no-upgrade-param-no-wstunnel',
    backend: 'ws',
    proxy: {
      kind: 'apache',
      modules: ['mpm_event', 'authz_core', 'rewrite', 'headers', 'proxy', 'proxy_http'],
      config: 'ProxyPass /ws http://{{B}}/ws',
    },
    correct: false,
    misconfig: 'ProxyPass http://… without upgrade=websocket, and no mod_proxy_wstunnel',
    fix: 'ProxyPass /ws http://{{B}}/ws upgrade=websocket',
    expect: { status: 426, server: APACHE_SERVER, body: 'Upgrade Required' },
  },
  {
    id: 'apache-tls-correct',
    backend: 'ws',
    proxy: { kind: 'apache', config: APACHE_OK, tls: true },
    correct: true,
    misconfig: 'none: wss:// to the SSLEngine on vhost',
    fix: APACHE_OK,
    request: { scheme: 'wss' },
    expect: { status: 101, server: null },
  },
  {
    id: 'apache-wss-to-plain-port',
    backend: 'ws',
    proxy: { kind: 'apache', config: APACHE_OK, tls: true },
    correct: false,
    misconfig: 'wss:// (TLS ClientHello) sent to the plain Listen port',
    fix: 'use ws:// for that port, or SSLEngine on',
    request: { scheme: 'wss', port: 'plain' },
    expect: { status: 400, server: APACHE_SERVER, tlsError: /WRONG_VERSION_NUMBER/, body: 'Your browser sent a request that this server could not understand.' },
  },
  // ---- HAProxy 2.6
  {
    id: 'haproxy-correct',
    backend: 'ws',
    proxy: { kind: 'haproxy', config: HAPROXY_OK },
    correct: true,
    misconfig: 'none: mode http passes the upgrade as is',
    fix: HAPROXY_OK,
    // HAProxy writes header names lower-case.
    expect: { status: 101, server: null, headers: { upgrade: 'websocket', connection: 'Upgrade' } },
  },
  {
    id: 'haproxy-correct-tornado',
    backend: 'tornado',
    proxy: { kind: 'haproxy', config: HAPROXY_OK },
    correct: true,
    misconfig: 'none: HAProxy keeps Host, so tornado\'s origin check passes',
    fix: HAPROXY_OK,
    expect: { status: 101, server: /^TornadoServer/ },
  },
  {
    id: 'haproxy-del-header-connection',
    backend: 'ws',
    proxy: {
      kind: 'haproxy',
      config: `frontend fe
  {{BIND}}
  http-request del-header Connection
  default_backend app
backend app
  server app1 {{B}}`,
    },
    correct: false,
    misconfig: 'http-request del-header Connection',
    fix: '(remove http-request del-header Connection)',
    expect: { status: 426, server: null },
  },
  // The same, in front of apps whose message names the missing header.
  ...(
    [
      ['aiohttp', 400, 'No CONNECTION upgrade hdr: None'],
      ['tornado', 400, '"Connection" must be "Upgrade".'],
      ['py-websockets', 426, 'Failed to open a WebSocket connection: empty Connection header.'],
      ['gorilla', 400, 'Bad Request\n'],
    ] as const
  ).map(
    ([backend, status, body]): StackCase => ({
      id: `haproxy-del-header-connection-${backend}`,
      backend,
      proxy: {
        kind: 'haproxy',
        config: `frontend fe
  {{BIND}}
  http-request del-header Connection
  default_backend app
backend app
  server app1 {{B}}`,
      },
      correct: false,
      misconfig: 'http-request del-header Connection: the app gets Upgrade: websocket without Connection: Upgrade',
      fix: '(remove http-request del-header Connection)',
      expect: { status, server: backend === 'gorilla' ? null : /./, body },
    }),
  ),
  {
    id: 'haproxy-backend-down',
    backend: 'down',
    proxy: { kind: 'haproxy', config: HAPROXY_OK },
    correct: false,
    misconfig: 'app server not running (connection refused, retries exhausted)',
    fix: '(start the app)',
    expect: { status: 503, server: null, body: 'No server is available to handle this request.' },
  },
  {
    id: 'haproxy-timeout-server',
    backend: 'blackhole',
    proxy: {
      kind: 'haproxy',
      config: `frontend fe
  {{BIND}}
  default_backend app
backend app
  timeout server 1s
  server app1 {{B}}`,
    },
    correct: false,
    misconfig: 'app never answers the upgrade; timeout server 1s',
    fix: 'timeout server 30s\ntimeout tunnel 1h',
    expect: { status: 504, server: null, body: 'The server didn\'t respond in time.' },
  },
  {
    id: 'haproxy-no-backend-for-path',
    backend: 'ws',
    proxy: {
      kind: 'haproxy',
      config: `frontend fe
  {{BIND}}
  acl is_ws path_beg /ws/
  use_backend app if is_ws
backend app
  server app1 {{B}}`,
    },
    correct: false,
    misconfig: 'acl path_beg /ws/ while the client opens /ws, no default_backend',
    fix: 'acl is_ws path_beg /ws',
    expect: { status: 503, server: null },
  },
  {
    id: 'haproxy-ws-to-tls-port',
    backend: 'ws',
    proxy: { kind: 'haproxy', config: HAPROXY_OK, tls: true },
    correct: false,
    misconfig: 'ws:// (plain HTTP) sent to the bind … ssl port',
    fix: 'use wss:// for that port',
    request: { scheme: 'ws', port: 'tls' },
    expect: { status: null },
  },

  {
    id: 'haproxy-option-httpclose',
    backend: 'ws',
    proxy: {
      kind: 'haproxy',
      config: `frontend fe
  {{BIND}}
  option httpclose
  default_backend app
backend app
  server app1 {{B}}`,
    },
    correct: false,
    misconfig: 'option httpclose (often blamed for broken WebSockets)',
    fix: '(nothing: HAProxy still tunnels the upgrade)',
    // HAProxy writes header names lower-case.
    expect: { status: 101, server: null, headers: { upgrade: 'websocket', connection: 'Upgrade' } },
  },
  {
    id: 'haproxy-tls-correct',
    backend: 'ws',
    proxy: { kind: 'haproxy', config: HAPROXY_OK, tls: true },
    correct: true,
    misconfig: 'none: wss:// to bind … ssl crt',
    fix: HAPROXY_OK,
    request: { scheme: 'wss' },
    expect: { status: 101, server: null },
  },
  {
    id: 'haproxy-wss-to-plain-port',
    backend: 'ws',
    proxy: { kind: 'haproxy', config: HAPROXY_OK, tls: true },
    correct: false,
    misconfig: 'wss:// (TLS ClientHello) sent to the plain bind port',
    fix: 'use ws:// for that port, or bind … ssl crt',
    request: { scheme: 'wss', port: 'plain' },
    expect: { status: 400, statusText: 'Bad request', server: null, tlsError: /WRONG_VERSION_NUMBER/, body: 'Your browser sent an invalid request.' },
  },
  // ---- Caddy 2.6
  {
    id: 'caddy-correct',
    backend: 'ws',
    proxy: { kind: 'caddy', config: CADDY_OK },
    correct: true,
    misconfig: 'none: reverse_proxy passes upgrades by default',
    fix: CADDY_OK,
    expect: { status: 101, server: /^Caddy$/ },
  },
  {
    id: 'caddy-correct-gorilla',
    backend: 'gorilla',
    proxy: { kind: 'caddy', config: CADDY_OK },
    correct: true,
    misconfig: 'none: Caddy keeps Host, gorilla\'s origin check passes',
    fix: CADDY_OK,
    expect: { status: 101, server: /^Caddy$/ },
  },
  {
    id: 'caddy-correct-tornado',
    backend: 'tornado',
    proxy: { kind: 'caddy', config: CADDY_OK },
    correct: true,
    misconfig: 'none: whose Server header wins when the app sends one (both: Caddy adds its own line)',
    fix: CADDY_OK,
    expect: { status: 101, server: 'Caddy, TornadoServer/6.2' },
  },
  {
    id: 'caddy-header-up-minus-connection',
    backend: 'ws',
    proxy: {
      kind: 'caddy',
      config: `reverse_proxy /ws* {{B}} {
    header_up -Connection
}`,
    },
    correct: false,
    misconfig: 'header_up -Connection',
    fix: CADDY_OK,
    expect: { status: 426, server: /^Caddy$/ },
  },
  {
    id: 'caddy-header-up-minus-upgrade',
    backend: 'ws',
    proxy: {
      kind: 'caddy',
      config: `reverse_proxy /ws* {{B}} {
    header_up -Upgrade
}`,
    },
    correct: false,
    misconfig: 'header_up -Upgrade',
    fix: CADDY_OK,
    expect: { status: 426, server: /^Caddy$/ },
  },
  {
    id: 'caddy-route-to-spa',
    backend: 'ws',
    proxy: { kind: 'caddy', config: 'reverse_proxy {{B:express-spa}}' },
    correct: false,
    misconfig: 'everything (also /ws) routed to the SPA server',
    fix: `reverse_proxy /ws* {{B}}
reverse_proxy {{B:express-spa}}`,
    expect: { status: 200, server: /^Caddy$/, body: '<!doctype html>' },
  },
  {
    id: 'caddy-handle-path-strips',
    backend: 'ws',
    proxy: {
      kind: 'caddy',
      config: `handle_path /ws* {
    reverse_proxy {{B}}
}`,
    },
    correct: false,
    misconfig: 'handle_path /ws* strips the prefix: ws (path /ws) gets an upgrade for /',
    fix: `handle /ws* {
    reverse_proxy {{B}}
}`,
    expect: { status: 400, server: /^Caddy$/ },
  },
  {
    id: 'caddy-backend-down',
    backend: 'down',
    proxy: { kind: 'caddy', config: CADDY_OK },
    correct: false,
    misconfig: 'app server not running (connection refused)',
    fix: '(start the app)',
    expect: { status: 502, server: /^Caddy$/ },
  },
  {
    id: 'caddy-ws-to-tls-port',
    backend: 'ws',
    proxy: { kind: 'caddy', config: CADDY_OK, tls: true },
    correct: false,
    misconfig: 'ws:// (plain HTTP) sent to the https:// site port',
    fix: 'use wss:// for that port',
    request: { scheme: 'ws', port: 'tls' },
    expect: { status: 400, body: 'Client sent an HTTP request to an HTTPS server.' },
  },

  {
    id: 'caddy-tls-correct',
    backend: 'ws',
    proxy: { kind: 'caddy', config: CADDY_OK, tls: true },
    correct: true,
    misconfig: 'none: wss:// to the https:// site',
    fix: CADDY_OK,
    request: { scheme: 'wss' },
    expect: { status: 101, server: /^Caddy$/ },
  },
  {
    id: 'caddy-wss-to-plain-port',
    backend: 'ws',
    proxy: { kind: 'caddy', config: CADDY_OK, tls: true },
    correct: false,
    misconfig: 'wss:// (TLS ClientHello) sent to the http:// site port',
    fix: 'use ws:// for that port',
    request: { scheme: 'wss', port: 'plain' },
    // Go's net/http answers, before Caddy: no Server header.
    expect: { status: 400, server: null, tlsError: /WRONG_VERSION_NUMBER/, body: '400 Bad Request' },
  },
  // ---- lighttpd 1.4
  {
    id: 'lighttpd-correct',
    backend: 'ws',
    proxy: { kind: 'lighttpd', config: LIGHTTPD_OK },
    correct: true,
    misconfig: 'none: proxy.header = ( "upgrade" => "enable" )',
    fix: LIGHTTPD_OK,
    expect: { status: 101, server: /^lighttpd\/1\.4\.69$/ },
  },
  {
    id: 'lighttpd-no-upgrade-enable',
    backend: 'ws',
    proxy: {
      kind: 'lighttpd',
      config: `server.modules += ( "mod_proxy" )
proxy.server = ( "/ws" => ( ( "host" => "{{BH}}", "port" => {{BP}} ) ) )`,
    },
    correct: false,
    misconfig: 'mod_proxy without proxy.header = ( "upgrade" => "enable" )',
    fix: 'proxy.header = ( "upgrade" => "enable" )',
    expect: { status: 426, server: /^lighttpd\/1\.4\.69$/ },
  },
  {
    id: 'lighttpd-backend-down',
    backend: 'down',
    proxy: { kind: 'lighttpd', config: LIGHTTPD_OK },
    correct: false,
    misconfig: 'app server not running (connection refused)',
    fix: '(start the app)',
    expect: { status: 503, server: /^lighttpd\/1\.4\.69$/ },
  },
  {
    id: 'lighttpd-ws-to-tls-port',
    backend: 'ws',
    proxy: { kind: 'lighttpd', config: LIGHTTPD_OK, tls: true },
    correct: false,
    misconfig: 'ws:// (plain HTTP) sent to the ssl.engine port',
    fix: 'use wss:// for that port',
    request: { scheme: 'ws', port: 'tls' },
    expect: { status: null },
  },
  {
    id: 'lighttpd-correct-tornado',
    backend: 'tornado',
    proxy: { kind: 'lighttpd', config: LIGHTTPD_OK },
    correct: true,
    misconfig: 'none: lighttpd keeps Host, tornado\'s origin check passes',
    fix: LIGHTTPD_OK,
    // lighttpd passes the app's Server header on.
    expect: { status: 101, server: /^TornadoServer\/6\.2/ },
  },
  {
    id: 'lighttpd-tls-correct',
    backend: 'ws',
    proxy: { kind: 'lighttpd', config: LIGHTTPD_OK, tls: true },
    correct: true,
    misconfig: 'none: wss:// to the ssl.engine socket',
    fix: LIGHTTPD_OK,
    request: { scheme: 'wss' },
    expect: { status: 101, server: /^lighttpd\/1\.4\.69$/ },
  },
  {
    id: 'lighttpd-wss-to-plain-port',
    backend: 'ws',
    proxy: { kind: 'lighttpd', config: LIGHTTPD_OK, tls: true },
    correct: false,
    misconfig: 'wss:// (TLS ClientHello) sent to the plain server.port',
    fix: 'use ws:// for that port',
    request: { scheme: 'wss', port: 'plain' },
    expect: { status: 400, server: /^lighttpd\/1\.4\.69$/, tlsError: /WRONG_VERSION_NUMBER/, body: '<h1>400 Bad Request</h1>' },
  },
];
