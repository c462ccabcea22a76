/**
 * Who answered a handshake, as data: the headers, header-spelling habits and
 * error bodies of the common reverse proxies, gateways, CDNs and WebSocket
 * servers, what each of their answers means, and the configuration that fixes
 * it for that component. Beside the rule catalogue (rules.ts), read by
 * identify.ts and explain.ts. Each entry names its sources: "LAB" entries were
 * seen on this project's real stacks (tests/stacks, Debian 12 packages and npm
 * versions named in `tested`); the others come from the component's own source
 * code and documentation. Research notes: tests/stacks/README.md.
 *
 * Body signatures match the start of the body (`bodyStart`, at most 2 KB) with
 * plain substring tests, so matching is linear in the body's length.
 */

/** What a recognised answer means; explain.ts turns it into words for the component that gave it. */
export type Cause =
  /** An app answered as if the request carried no Upgrade/Connection: a hop dropped them (or the client never sent them). */
  | 'no-upgrade'
  /** An app's HTTP router answered (express `Cannot GET`): either no upgrade reached it, or no WebSocket server listens on that path. */
  | 'no-upgrade-or-no-route'
  /** The WebSocket server does not serve this path (ws's `path` option, a Go mux without the route). */
  | 'path-not-served'
  /** The app's Origin check refused the page's origin (often because a proxy rewrote Host). */
  | 'origin-refused'
  /** The app refused the HTTP/1.0 request line a proxy sent (nginx without proxy_http_version 1.1). */
  | 'http10-upstream'
  /** `ws://` (plain HTTP) sent to a port that speaks TLS. */
  | 'plain-http-to-tls'
  /** The proxy has no route for this host/path. */
  | 'no-route'
  /** The proxy redirects (a trailing-slash location, a rewrite without proxying). */
  | 'redirect'
  /** 502-like: the proxy could not get a valid answer from the upstream (refused, reset, closed, not HTTP, TLS to a plain port). */
  | 'upstream-unreachable'
  /** 503-like: the proxy has no live server for this request (all down, failing health checks, none chosen). */
  | 'no-live-upstream'
  /** 504-like: the upstream took the connection but did not answer within the proxy's timeout. */
  | 'upstream-timeout'
  /** The proxy refuses upgrades on this route (Envoy without upgrade_configs). */
  | 'upgrade-not-enabled'
  /** The proxy itself refused access (deny rules, WAF). */
  | 'access-denied'
  /** The proxy limits requests (limit_req/limit_conn, maintenance). */
  | 'rate-limited'
  /** The proxy found the request itself malformed (a TLS ClientHello on a plain port, oversized headers). */
  | 'bad-request'
  /** A plain HTTP page answered (an SPA catch-all, static files) instead of the WebSocket server. */
  | 'plain-page'
  /** The server cannot do WebSockets at all (uvicorn without a WebSocket library, a WSGI worker). */
  | 'no-websocket-support'
  /** socket.io/engine.io: the session id is unknown on this node (no sticky sessions). */
  | 'session-unknown'
  /** socket.io/engine.io: the client speaks another protocol version, or an unknown transport. */
  | 'client-version'
  /** The app's own authentication refused it (ws verifyClient, allowRequest). */
  | 'auth-refused'
  /** The server failed on the request (500). */
  | 'server-error';

export type ComponentId =
  | 'nginx'
  | 'ingress-nginx'
  | 'apache'
  | 'haproxy'
  | 'caddy'
  | 'lighttpd'
  | 'traefik'
  | 'envoy'
  | 'kong'
  | 'iis'
  | 'cloudflare'
  | 'aws-alb'
  | 'gcp-lb'
  | 'heroku'
  | 'ws'
  | 'socket.io'
  | 'express'
  | 'spring'
  | 'aspnetcore'
  | 'gorilla'
  | 'coder-websocket'
  | 'go-net-http'
  | 'python-websockets'
  | 'aiohttp'
  | 'tornado'
  | 'uvicorn'
  | 'gunicorn'
  | 'phoenix';

/** A proxy, gateway or CDN sits between client and app; an app server answers for itself. */
export type ComponentRole = 'proxy' | 'app';

export interface BodySignature {
  /** The statuses it comes with; empty means any. */
  readonly status: readonly number[];
  /** The trimmed body is exactly this. */
  readonly exact?: string;
  /** The trimmed body starts with this. */
  readonly starts?: string;
  /** Every one of these appears in the body. */
  readonly includes?: readonly string[];
  /** The body is empty (or absent). */
  readonly empty?: true;
  /** A response header (lower-case name) that must be present too, e.g. gorilla's Sec-Websocket-Version. */
  readonly withHeader?: string;
  /** A response header (lower-case name) that must be absent. */
  readonly withoutHeader?: string;
  /** A substring whose line is the one to quote; default the first of exact/starts/includes. */
  readonly quote?: string;
  /** Only when a header already named this component (an empty body or a generic page says nothing alone). */
  readonly needsHeader?: true;
  /** Another component that answers the same words: named too unless a header confirms this one. */
  readonly sameAs?: ComponentId;
  /** How to name who wrote it when the words say more than the component (Go's TLS server is Caddy's too). */
  readonly writer?: string;
  readonly cause: Cause;
  /** One sentence on what this answer means, from this component. */
  readonly meaning: string;
}

/** Configuration that fixes each kind of cause, for this component; text with `code` and ```fenced``` snippets. */
export interface ComponentFixes {
  /** Pass the WebSocket upgrade (Upgrade and Connection) on to the app. */
  readonly upgrade?: string;
  /** Point the proxy at a live WebSocket server (refused, reset, TLS mismatch to the upstream). */
  readonly upstream?: string;
  /** Have live servers for the route (503). */
  readonly liveServer?: string;
  /** Timeouts for the upgrade's answer and for idle sockets. */
  readonly timeout?: string;
  /** Route the WebSocket path to the WebSocket server (no route, trailing slash, wrong order, a page instead). */
  readonly route?: string;
  /** Keep the path as the client sent it (no prefix stripped or replaced). */
  readonly path?: string;
  /** Keep the client's Host (Origin checks compare it with Origin). */
  readonly host?: string;
  /** Speak HTTP/1.1 to the upstream. */
  readonly http11?: string;
  /** The redirect it issues. */
  readonly redirect?: string;
  /** Allow upgrades on the route. */
  readonly enableUpgrade?: string;
  /** In the app itself (Origin allow-list, the WebSocket route). */
  readonly app?: string;
  readonly origin?: string;
}

export interface Component {
  readonly id: ComponentId;
  /** As people call it, e.g. `nginx`, `Apache httpd`. */
  readonly name: string;
  readonly role: ComponentRole;
  /** `Server` header values; capture group 1, when present, is the version. */
  readonly server?: readonly RegExp[];
  /** `Via` header entries. */
  readonly via?: readonly RegExp[];
  /** `X-Powered-By` values. */
  readonly poweredBy?: readonly RegExp[];
  /** Response header names (lower-case) only this component adds. */
  readonly headers?: readonly string[];
  readonly bodies?: readonly BodySignature[];
  readonly fixes?: ComponentFixes;
  /** Versions seen on this project's stacks, or null when known from sources only. */
  readonly tested: string | null;
  /** Where the facts come from: documentation and source URLs, `LAB` for this project's real stacks. */
  readonly sources: readonly string[];
}

// ------------------------------------------------------------------ snippets

const NGINX_UPGRADE = `Pass the upgrade on in the nginx \`location\` that proxies the WebSocket (nginx drops the hop-by-hop \`Upgrade\` and sends \`Connection: close\` unless told otherwise):
\`\`\`nginx
# in http { }
map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
# in server { }
location /ws {
    proxy_pass http://127.0.0.1:8080;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    proxy_set_header Host $http_host;
}
\`\`\`
A fixed \`proxy_set_header Connection "upgrade";\` works too; \`proxy_set_header Connection "";\` (the upstream keepalive recipe) does not. Kubernetes ingress-nginx sets these itself.`;

const APACHE_UPGRADE = `Ask mod_proxy to tunnel the upgrade (Apache forwards no \`Upgrade\` otherwise), and list the WebSocket path before any \`ProxyPass /\`: the first matching \`ProxyPass\` wins.
\`\`\`apache
# httpd 2.4.47+: mod_proxy_http tunnels it when asked
ProxyPass        /ws http://127.0.0.1:8080/ws upgrade=websocket
ProxyPassReverse /ws http://127.0.0.1:8080/ws
ProxyPass        /   http://127.0.0.1:8080/
# older httpd: a2enmod proxy_wstunnel, then
# ProxyPass /ws ws://127.0.0.1:8080/ws
\`\`\``;

const HAPROXY_UPGRADE = `HAProxy passes \`Upgrade\` and \`Connection\` in \`mode http\` by itself: remove the rule that deletes or rewrites them, and give upgraded connections a tunnel timeout.
\`\`\`haproxy
frontend fe
    mode http
    # remove lines like these:
    #   http-request del-header Connection
    #   http-request set-header Connection close
    default_backend app
backend app
    timeout tunnel 1h
    server app1 127.0.0.1:8080
\`\`\``;

const CADDY_UPGRADE = `Caddy's \`reverse_proxy\` passes WebSocket upgrades by default: remove \`header_up -Connection\` / \`header_up -Upgrade\` (Caddy does not put them back).
\`\`\`caddy
example.com {
    reverse_proxy /ws* 127.0.0.1:8080
}
\`\`\``;

const LIGHTTPD_UPGRADE = `lighttpd's mod_proxy forwards the upgrade only when enabled:
\`\`\`lighttpd
server.modules += ( "mod_proxy" )
proxy.server = ( "/ws" => ( ( "host" => "127.0.0.1", "port" => 8080 ) ) )
proxy.header = ( "upgrade" => "enable" )
\`\`\``;

// ------------------------------------------------------------------ the table

export const COMPONENTS: readonly Component[] = [
  // ---- reverse proxies, gateways, CDNs
  {
    id: 'nginx',
    name: 'nginx',
    role: 'proxy',
    server: [/^nginx(?:\/(\d+(?:\.\d+)*))?$/i],
    bodies: [
      { status: [400], includes: ['The plain HTTP request was sent to HTTPS port'], cause: 'plain-http-to-tls', meaning: 'nginx got plain HTTP on a port where it listens with `ssl`: the URL says `ws://` for a TLS port.' },
      { status: [400], includes: ['<title>400 Bad Request</title>', '<center>nginx'], cause: 'bad-request', meaning: 'nginx refused the request itself (a malformed request line or headers, a TLS ClientHello on a plain port, headers too large); it never reached the app.' },
      { status: [301, 302, 307, 308], includes: ['</title>', '<center>nginx'], cause: 'redirect', meaning: 'nginx redirects the request itself: with `location /ws/` and a client that opens `/ws`, nginx answers 301 to `/ws/`.' },
      { status: [403], includes: ['<title>403 Forbidden</title>', '<center>nginx'], cause: 'access-denied', meaning: 'nginx\'s own 403: an access rule (`deny`, `allow`, `auth_request`) refused the request before it reached the app.' },
      { status: [404], includes: ['<title>404 Not Found</title>', '<center>nginx'], cause: 'no-route', meaning: 'nginx\'s own 404: no `location` proxies this path, so nginx looked for a file.' },
      { status: [502], includes: ['<title>502 Bad Gateway</title>', '<center>nginx'], cause: 'upstream-unreachable', meaning: 'nginx could not get an answer from the upstream: nothing listens at the `proxy_pass` address (`connect() failed (111: Connection refused)`), it closed or reset the connection before answering (`upstream prematurely closed connection`), `proxy_pass https://` to an app that speaks plain HTTP (`SSL_do_handshake() failed`), or every server of the upstream is down (`no live upstreams`); nginx\'s error log says which.' },
      { status: [503], includes: ['<title>503 Service Temporarily Unavailable</title>', '<center>nginx'], cause: 'rate-limited', meaning: 'nginx\'s own 503: `limit_req`/`limit_conn` refused the request, or the configuration says `return 503` (a dead upstream is a 502 in nginx).' },
      { status: [504], includes: ['<title>504 Gateway Time-out</title>', '<center>nginx'], cause: 'upstream-timeout', meaning: 'the upstream accepted the connection but sent no answer within `proxy_read_timeout` (60 s unless set): the app hangs on the upgrade, or the address is not the WebSocket server.' },
    ],
    fixes: {
      upgrade: NGINX_UPGRADE,
      upstream: `Point \`proxy_pass\` at the WebSocket server's real address, with \`http://\` unless the app itself serves TLS, and make sure the app runs; the error log names the failure.
\`\`\`nginx
location /ws {
    proxy_pass http://127.0.0.1:8080;   # the app's address and port; no URI part
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
}
\`\`\``,
      liveServer: `nginx answers 503 itself only for \`limit_req\`/\`limit_conn\` (raise or exempt the WebSocket location) or an explicit \`return 503\`.`,
      timeout: `Find out why the app does not answer the upgrade (its log; is the address the WebSocket server, not a TLS port or a different service?). For long idle sockets raise the read timeout or ping more often than every 60 s:
\`\`\`nginx
location /ws {
    proxy_read_timeout 3600s;
    proxy_send_timeout 3600s;
}
\`\`\`
(Kubernetes ingress-nginx: the \`nginx.ingress.kubernetes.io/proxy-read-timeout\` annotation.)`,
      route: `Give the WebSocket path a \`location\` that matches what the client opens; \`location /ws/\` redirects \`/ws\` to \`/ws/\` (a 301 WebSocket clients do not follow), so use \`location /ws\` or open \`/ws/\`:
\`\`\`nginx
location /ws {
    proxy_pass http://127.0.0.1:8080;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
}
\`\`\``,
      path: `Keep the path: \`proxy_pass http://backend/;\` (with a URI part, even just \`/\`) replaces the matched \`location\` prefix, so \`/ws\` reaches the app as \`/\` and \`/socket.io/?EIO=4…\` as \`/?EIO=4…\`. Leave the URI part out:
\`\`\`nginx
location /ws {
    proxy_pass http://127.0.0.1:8080;
}
\`\`\``,
      host: `Pass the client's Host with its port: the app's Origin check compares Origin with Host, and \`$host\` drops the port while nginx's default sends the upstream's address.
\`\`\`nginx
proxy_set_header Host $http_host;
\`\`\``,
      http11: `Talk HTTP/1.1 to the upstream: nginx sends HTTP/1.0 unless told, and some servers (python websockets) refuse an upgrade over HTTP/1.0.
\`\`\`nginx
proxy_http_version 1.1;
\`\`\``,
      redirect: `\`location /ws/\` answers \`/ws\` with a 301 to \`/ws/\`; match the path the client opens:
\`\`\`nginx
location /ws {
\`\`\`
or open \`/ws/\` in the client.`,
    },
    tested: 'nginx 1.22.1 (Debian 12)',
    sources: [
      'https://nginx.org/en/docs/http/websocket.html',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass',
      'https://nginx.org/en/docs/http/ngx_http_core_module.html#location',
      'nginx/nginx: src/http/ngx_http_special_response.c',
      'LAB: tests/stacks (nginx-*)',
    ],
  },
  {
    id: 'ingress-nginx',
    name: 'Kubernetes ingress-nginx',
    role: 'proxy',
    bodies: [
      { status: [404], exact: 'default backend - 404', cause: 'no-route', meaning: 'ingress-nginx\'s default backend: no Ingress rule matches this host and path.' },
    ],
    fixes: {
      upgrade: 'ingress-nginx passes WebSocket upgrades by itself ("Support for websockets is provided by NGINX out of the box"): look for a hop in front of it (a cloud load balancer in HTTP mode) or a `configuration-snippet` that overrides `Connection`.',
      route: 'Add an Ingress rule whose host and path cover the WebSocket URL (`pathType: Prefix`, `path: /ws`) and point it at the WebSocket Service.',
      timeout: `Raise the timeouts on the Ingress for long-lived sockets:
\`\`\`yaml
metadata:
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"
    nginx.ingress.kubernetes.io/proxy-send-timeout: "3600"
\`\`\``,
    },
    tested: null,
    sources: ['kubernetes/ingress-nginx: docs/user-guide/miscellaneous.md (WebSockets)', 'kubernetes/ingress-nginx: test/e2e/defaultbackend'],
  },
  {
    id: 'apache',
    name: 'Apache httpd',
    role: 'proxy',
    server: [/^Apache(?:\/(\d+(?:\.\d+)*))?(?: \([^)]*\))?/],
    bodies: [
      { status: [400], includes: ['speaking plain HTTP to an SSL-enabled server port'], cause: 'plain-http-to-tls', meaning: 'Apache got plain HTTP on a port with `SSLEngine on`: the URL says `ws://` for a TLS port.' },
      { status: [400], includes: ['<title>400 Bad Request</title>', '<address>Apache'], quote: 'Your browser sent a request', cause: 'bad-request', meaning: 'Apache refused the request itself (malformed, or a TLS ClientHello on a plain port).' },
      { status: [301, 302, 303, 307, 308], includes: ['The document has moved', '<address>Apache'], quote: '<title>', cause: 'redirect', meaning: 'Apache redirects instead of proxying: a `RewriteRule` to a `ws://` or `http://` URL without `[P]` sends the client a redirect, and a `Redirect` rule does the same.' },
      { status: [403], includes: ['<title>403 Forbidden</title>', 'You don\'t have permission to access'], quote: 'You don\'t have permission', cause: 'access-denied', meaning: 'Apache\'s own 403: a `Require` rule refused the request.' },
      { status: [404], includes: ['<title>404 Not Found</title>', 'The requested URL was not found on this server.'], quote: 'The requested URL', cause: 'no-route', meaning: 'Apache\'s own 404: no `ProxyPass` matches this path (`ProxyPass /ws/` does not match `/ws`), so Apache looked in its DocumentRoot.' },
      { status: [502], includes: ['Error reading from remote server'], cause: 'upstream-timeout', meaning: 'Apache\'s 502 "Proxy Error" with "Error reading from remote server": the backend took the connection but did not answer within `ProxyTimeout` (Apache reports that as 502, not 504), or closed it without answering.' },
      { status: [502], includes: ['<title>502 Proxy Error</title>'], cause: 'upstream-unreachable', meaning: 'Apache got no valid answer from the backend (the error log\'s AH01102/AH00898 lines say why).' },
      { status: [503], includes: ['<title>503 Service Unavailable</title>', 'temporarily unable to service'], quote: '<title>', cause: 'no-live-upstream', meaning: 'Apache could not connect to the backend (Apache answers a refused connection with 503: `AH00957 … attempt to connect … failed` in the error log), or the worker is in its `retry` lock-out after a failure.' },
    ],
    fixes: {
      upgrade: APACHE_UPGRADE,
      upstream: 'Check that the `ProxyPass` address is the running WebSocket server (scheme, host, port); the error log names the failure.',
      liveServer: `Start the backend, or fix the address in \`ProxyPass\`; after a failure Apache refuses the worker for \`retry\` seconds (60 by default):
\`\`\`apache
ProxyPass /ws http://127.0.0.1:8080/ws upgrade=websocket retry=0
\`\`\``,
      timeout: `Find out why the backend does not answer the upgrade (its log, the address). For long idle sockets:
\`\`\`apache
ProxyTimeout 3600
\`\`\``,
      route: `Give the WebSocket path a \`ProxyPass\` that matches what the client opens (\`ProxyPass /ws/\` does not match \`/ws\`), listed before any \`ProxyPass /\`:
\`\`\`apache
ProxyPass        /ws http://127.0.0.1:8080/ws upgrade=websocket
ProxyPassReverse /ws http://127.0.0.1:8080/ws
\`\`\``,
      host: `Keep the client's Host (and port) for the backend's Origin check:
\`\`\`apache
ProxyPreserveHost On
\`\`\``,
      redirect: `Proxy instead of redirecting: add \`P\` to the rule (mod_proxy_wstunnel or mod_proxy_http must be loaded):
\`\`\`apache
RewriteEngine On
RewriteCond %{HTTP:Upgrade} =websocket [NC]
RewriteRule ^/ws$ ws://127.0.0.1:8080/ws [P,L]
\`\`\``,
    },
    tested: 'Apache/2.4.71 (Debian 12)',
    sources: [
      'https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass (upgrade=, order of ProxyPass)',
      'https://httpd.apache.org/docs/2.4/mod/mod_proxy_wstunnel.html',
      'https://httpd.apache.org/docs/2.4/mod/mod_rewrite.html#rewriteflags (P)',
      'LAB: tests/stacks (apache-*)',
    ],
  },
  {
    id: 'haproxy',
    name: 'HAProxy',
    role: 'proxy',
    bodies: [
      { status: [400], includes: ['<h1>400 Bad request</h1>'], quote: 'Your browser sent an invalid request', cause: 'bad-request', meaning: 'HAProxy refused the request itself as invalid (a TLS ClientHello on a plain `bind`, a malformed header).' },
      { status: [403], includes: ['<h1>403 Forbidden</h1>'], quote: 'Request forbidden', cause: 'access-denied', meaning: 'HAProxy\'s own 403: an `http-request deny` rule refused it.' },
      { status: [502], includes: ['<h1>502 Bad Gateway</h1>'], quote: 'The server returned an invalid', cause: 'upstream-unreachable', meaning: 'HAProxy got an invalid or no answer from the server (reset, closed, not HTTP).' },
      { status: [503], includes: ['No server is available to handle this request.'], cause: 'no-live-upstream', meaning: 'HAProxy had no server for the request: every server of the backend is down or refused the connection (after its retries), or no backend was chosen for this path (`use_backend` conditions did not match and there is no `default_backend`; `<NOSRV>` in the log).' },
      { status: [504], includes: ['The server didn\'t respond in time.'], cause: 'upstream-timeout', meaning: 'the server took the connection but did not answer within `timeout server`.' },
    ],
    fixes: {
      upgrade: HAPROXY_UPGRADE,
      upstream: 'Check the `server` address of the backend (and `ssl`/no `ssl` to match the app); `show servers state` on the stats socket shows what HAProxy sees.',
      liveServer: `Start the servers or fix their addresses, and make sure the request gets a backend: match the path the client opens (\`path_beg /ws\` matches \`/ws\` and \`/ws/…\`; \`path_beg /ws/\` does not match \`/ws\`) and keep a \`default_backend\`:
\`\`\`haproxy
frontend fe
    acl is_ws path_beg /ws
    use_backend app if is_ws
    default_backend app
\`\`\``,
      timeout: `Find out why the server does not answer the upgrade; then give the handshake and the tunnel their own timeouts:
\`\`\`haproxy
defaults
    timeout connect 5s
    timeout client  30s
    timeout server  30s
    timeout tunnel  1h
\`\`\``,
      route: `Route the WebSocket path to its backend (\`path_beg /ws\` matches \`/ws\` too) and keep a \`default_backend\`.`,
    },
    tested: 'HAProxy 2.6.12 (Debian 12)',
    sources: [
      'https://docs.haproxy.org/2.6/configuration.html#4-timeout%20tunnel',
      'Debian haproxy 2.6 /etc/haproxy/errors/*.http (error pages)',
      'https://www.mail-archive.com/haproxy@formilux.org/msg47460.html (WebSockets and option httpclose)',
      'LAB: tests/stacks (haproxy-*)',
    ],
  },
  {
    id: 'caddy',
    name: 'Caddy',
    role: 'proxy',
    server: [/^Caddy$/],
    bodies: [
      { status: [502], empty: true, needsHeader: true, cause: 'upstream-unreachable', meaning: 'Caddy\'s 502 with an empty body: it could not reach the upstream (the log says `dial tcp …: connect: connection refused`, or a reset).' },
      { status: [504], empty: true, needsHeader: true, cause: 'upstream-timeout', meaning: 'Caddy\'s 504 with an empty body: the upstream did not answer in time.' },
      { status: [200], empty: true, needsHeader: true, cause: 'no-route', meaning: 'Caddy answers 200 with an empty body when no handler matches: path matchers are exact unless they end in `*` (`reverse_proxy /ws` does not match `/ws/x`).' },
    ],
    fixes: {
      upgrade: CADDY_UPGRADE,
      upstream: 'Check the `reverse_proxy` upstream address and that the app runs; Caddy\'s log names the dial error.',
      timeout: 'Find out why the upstream does not answer the upgrade (its log, the address).',
      route: `Match the WebSocket path with a wildcard, ahead of the site's other handlers:
\`\`\`caddy
example.com {
    reverse_proxy /ws* 127.0.0.1:8080
    reverse_proxy 127.0.0.1:3000
}
\`\`\``,
      path: `\`handle_path\` strips the matched prefix before proxying, so \`/ws\` reaches the app as \`/\`; use \`handle\` to keep it:
\`\`\`caddy
handle /ws* {
    reverse_proxy 127.0.0.1:8080
}
\`\`\``,
    },
    tested: 'Caddy 2.6.2 (Debian 12)',
    sources: ['https://caddyserver.com/docs/caddyfile/directives/reverse_proxy', 'https://caddyserver.com/docs/caddyfile/directives/handle_path', 'LAB: tests/stacks (caddy-*)'],
  },
  {
    id: 'lighttpd',
    name: 'lighttpd',
    role: 'proxy',
    server: [/^lighttpd(?:\/(\d+(?:\.\d+)*))?$/],
    bodies: [
      { status: [400], includes: ['<title>400 Bad Request</title>', 'xhtml1-transitional'], cause: 'bad-request', meaning: 'lighttpd refused the request itself (a TLS ClientHello on a plain port: "unexpected TLS ClientHello on clear port" in its log).' },
      { status: [404], includes: ['<title>404 Not Found</title>', 'xhtml1-transitional'], cause: 'no-route', meaning: 'lighttpd\'s own 404: no `proxy.server` entry covers this path.' },
      { status: [500], includes: ['<title>500 Internal Server Error</title>', 'xhtml1-transitional'], cause: 'upstream-unreachable', meaning: 'lighttpd\'s 500: the backend reset the connection before answering.' },
      { status: [503], includes: ['<title>503 Service Unavailable</title>', 'xhtml1-transitional'], cause: 'no-live-upstream', meaning: 'lighttpd could not connect to the backend ("establishing connection failed", then "all handlers … are down" in its log).' },
      { status: [504], includes: ['<title>504 Gateway Timeout</title>'], cause: 'upstream-timeout', meaning: 'the backend did not answer in time.' },
    ],
    fixes: {
      upgrade: LIGHTTPD_UPGRADE,
      upstream: 'Check the `proxy.server` host and port and that the app runs.',
      liveServer: 'Start the backend or fix the `proxy.server` host and port; lighttpd marks a backend down after a failed connect and retries it later.',
      timeout: 'Find out why the backend does not answer the upgrade. For long idle sockets raise `server.max-read-idle` (60 s by default).',
      route: LIGHTTPD_UPGRADE,
    },
    tested: 'lighttpd 1.4.69 (Debian 12)',
    sources: ['https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_ModProxy (proxy.header "upgrade")', 'LAB: tests/stacks (lighttpd-*)'],
  },
  {
    id: 'traefik',
    name: 'Traefik',
    role: 'proxy',
    bodies: [
      { status: [502], exact: 'Bad Gateway', cause: 'upstream-unreachable', meaning: 'Traefik could not reach the service\'s server (dial error, reset, EOF).' },
      { status: [503], exact: 'no available server', cause: 'no-live-upstream', meaning: 'Traefik\'s load balancer has no healthy server for this service (none registered, or all failing health checks).' },
      { status: [504], exact: 'Gateway Timeout', cause: 'upstream-timeout', meaning: 'the server did not answer within Traefik\'s forwarding timeouts.' },
    ],
    fixes: {
      upgrade: `Traefik passes WebSocket upgrades by default: look at the router's middlewares (buffering, compress, plugins that wrap the response) and at any hop in front of it.
\`\`\`yaml
http:
  routers:
    ws:
      rule: "PathPrefix(\`/ws\`)"
      service: ws
  services:
    ws:
      loadBalancer:
        servers:
          - url: "http://127.0.0.1:8080"
\`\`\``,
      upstream: 'Check the service\'s server URL and that the app runs.',
      liveServer: 'Register a server for the service, or fix its health check (a WebSocket path is not a good health-check path).',
      timeout: `Find out why the server does not answer the upgrade; for long idle sockets:
\`\`\`yaml
entryPoints:
  websecure:
    transport:
      respondingTimeouts:
        readTimeout: 0s
        idleTimeout: 3600s
\`\`\``,
    },
    tested: null,
    sources: ['traefik/traefik: pkg/proxy/httputil/proxy.go', 'https://doc.traefik.io/traefik/getting-started/faq/', 'https://github.com/traefik/traefik/issues/8668'],
  },
  {
    id: 'envoy',
    name: 'Envoy (or Istio)',
    role: 'proxy',
    server: [/^(?:istio-)?envoy$/],
    headers: ['x-envoy-upstream-service-time'],
    bodies: [
      { status: [403], empty: true, needsHeader: true, cause: 'upgrade-not-enabled', meaning: 'Envoy answers an upgrade with 403 and an empty body when the route or HttpConnectionManager has no `upgrade_configs` for websocket (response flag `upgrade_failed`).' },
      { status: [503], starts: 'upstream connect error or disconnect/reset before headers', cause: 'upstream-unreachable', meaning: 'Envoy could not get response headers from the upstream (connection refused or reset; the reset reason follows in the body).' },
      { status: [502], includes: ['reset reason: protocol error'], cause: 'upstream-unreachable', meaning: 'the upstream sent something that is not valid HTTP.' },
      { status: [503], exact: 'no healthy upstream', cause: 'no-live-upstream', meaning: 'the cluster has no healthy endpoint.' },
      { status: [504], exact: 'upstream request timeout', cause: 'upstream-timeout', meaning: 'the route timeout (15 s by default) expired before the upstream answered.' },
    ],
    fixes: {
      upgrade: `Enable WebSocket upgrades on the HttpConnectionManager (or the route):
\`\`\`yaml
upgrade_configs:
  - upgrade_type: websocket
\`\`\`
Istio enables them on generated HTTP routes: check that the Service port is named \`http\` (or \`appProtocol: http\`), not \`tcp\`.`,
      enableUpgrade: `Enable WebSocket upgrades on the HttpConnectionManager (or the route):
\`\`\`yaml
upgrade_configs:
  - upgrade_type: websocket
\`\`\``,
      upstream: 'Check the cluster\'s endpoint address and that the app runs.',
      liveServer: 'Give the cluster healthy endpoints (fix the health check, or the endpoints).',
      timeout: `Find out why the upstream does not answer the upgrade; the route timeout is 15 s by default:
\`\`\`yaml
route:
  cluster: ws_backend
  timeout: 0s
  idle_timeout: 3600s
\`\`\``,
    },
    tested: null,
    sources: ['https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/upgrades', 'envoyproxy/envoy: source/common/router/router.cc', 'envoyproxy/envoy: docs/root/faq/configuration/timeouts.rst'],
  },
  {
    id: 'kong',
    name: 'Kong Gateway',
    role: 'proxy',
    server: [/^kong\/(\d+(?:\.\d+)*)/],
    headers: ['x-kong-upstream-latency', 'x-kong-proxy-latency'],
    bodies: [
      { status: [404], includes: ['no Route matched with those values'], cause: 'no-route', meaning: 'no Kong Route matches this host and path.' },
      { status: [502], includes: ['An invalid response was received from the upstream server'], cause: 'upstream-unreachable', meaning: 'Kong could not get a valid answer from the upstream.' },
      { status: [503], includes: ['The upstream server is currently unavailable'], cause: 'no-live-upstream', meaning: 'Kong has no healthy target for the upstream.' },
      { status: [504], includes: ['The upstream server is timing out'], cause: 'upstream-timeout', meaning: 'the Service\'s read timeout (60 s by default) expired.' },
    ],
    fixes: {
      upgrade: 'Kong passes WebSockets on a Route with protocols http/https; remove plugins that buffer the response, and look at the hop in front of Kong.',
      route: 'Add a Route whose paths cover the WebSocket URL.',
      timeout: 'Raise the Service\'s `read_timeout` / `write_timeout` (milliseconds) for long-lived sockets.',
    },
    tested: null,
    sources: ['Kong/kong: kong/error_handlers.lua'],
  },
  {
    id: 'iis',
    name: 'IIS (ARR / ASP.NET Core Module)',
    role: 'proxy',
    server: [/^Microsoft-IIS\/(\d+(?:\.\d+)*)$/],
    poweredBy: [/^ASP\.NET$/],
    bodies: [
      { status: [502], includes: ['502 - Web server received an invalid response while acting as a gateway or proxy server'], cause: 'upstream-unreachable', meaning: 'IIS (ARR, or Azure App Service\'s front end) got no valid answer from the backend.' },
      { status: [502], includes: ['502.3'], cause: 'upstream-timeout', meaning: 'ARR 502.3: the backend connection failed or timed out (0x80072ee2 is the proxy timeout).' },
    ],
    fixes: {
      upgrade: `Install the WebSocket Protocol feature (Server Manager → Web Server → Application Development) and enable it; with iisnode, the opposite: let Node handle the upgrade.
\`\`\`xml
<system.webServer>
  <webSocket enabled="true" />      <!-- ARR / ASP.NET Core -->
  <!-- iisnode: <webSocket enabled="false" /> -->
</system.webServer>
\`\`\`
Azure App Service: \`az webapp config set --web-sockets-enabled true\`.`,
      timeout: `Raise ARR's proxy timeout:
\`\`\`xml
<system.webServer>
  <proxy enabled="true" timeout="01:00:00" />
</system.webServer>
\`\`\``,
    },
    tested: null,
    sources: ['https://learn.microsoft.com/iis/configuration/system.webserver/websocket', 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/application-request-routing/troubleshooting-502-errors-in-arr'],
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    role: 'proxy',
    server: [/^cloudflare$/],
    headers: ['cf-ray'],
    bodies: [
      { status: [520], includes: ['520: Web server is returning an unknown error'], cause: 'upstream-unreachable', meaning: 'Cloudflare 520: the origin reset or closed the connection, or answered something invalid.' },
      { status: [521], includes: ['521: Web server is down'], cause: 'upstream-unreachable', meaning: 'Cloudflare 521: the origin refused the connection.' },
      { status: [522], includes: ['522: Connection timed out'], cause: 'upstream-unreachable', meaning: 'Cloudflare 522: the TCP connection to the origin timed out.' },
      { status: [523], includes: ['523: Origin is unreachable'], cause: 'upstream-unreachable', meaning: 'Cloudflare 523: no route to the origin.' },
      { status: [524], includes: ['524: A timeout occurred'], cause: 'upstream-timeout', meaning: 'Cloudflare 524: the origin accepted but did not answer within the Proxy Read Timeout.' },
      { status: [525], includes: ['525: SSL handshake failed'], cause: 'upstream-unreachable', meaning: 'Cloudflare 525: the TLS handshake with the origin failed.' },
      { status: [526], includes: ['526: Invalid SSL certificate'], cause: 'upstream-unreachable', meaning: 'Cloudflare 526: the origin\'s certificate is invalid (Full (strict) mode).' },
    ],
    fixes: {
      upgrade: 'Turn WebSockets on for the zone (Dashboard → Network → WebSockets: On; API `PATCH /zones/{zone_id}/settings/websockets {"value":"on"}`), and use a proxied port (80/443 or another documented HTTP(S) port).',
      upstream: 'Cloudflare could not reach the origin: check the origin\'s address (DNS record), that it runs, and the SSL/TLS mode against what the origin speaks.',
      timeout: 'Send a ping or heartbeat well under 100 s; the Proxy Read Timeout is configurable on Enterprise only.',
    },
    tested: null,
    sources: ['https://developers.cloudflare.com/network/websockets/', 'https://developers.cloudflare.com/support/troubleshooting/cloudflare-errors/troubleshooting-cloudflare-5xx-errors/'],
  },
  {
    id: 'aws-alb',
    name: 'AWS Application Load Balancer',
    role: 'proxy',
    server: [/^awselb\/(\d+(?:\.\d+)*)$/],
    bodies: [
      { status: [502], includes: ['<title>502 Bad Gateway</title>'], needsHeader: true, cause: 'upstream-unreachable', meaning: 'the ALB got no valid answer from the target (it closed or reset the connection, or its keep-alive timeout is shorter than the ALB\'s idle timeout).' },
      { status: [503], includes: ['<title>503 Service Temporarily Unavailable</title>'], needsHeader: true, cause: 'no-live-upstream', meaning: 'the listener rule\'s target group has no registered or healthy targets.' },
      { status: [504], includes: ['<title>504 Gateway Time-out</title>'], needsHeader: true, cause: 'upstream-timeout', meaning: 'the target did not answer (or could not be connected) within the idle timeout.' },
    ],
    fixes: {
      upgrade: 'ALB HTTP and HTTPS listeners pass WebSockets natively; target groups with target optimizer do not. A Classic Load Balancer needs a TCP (or SSL) listener for WebSockets.',
      liveServer: 'Register healthy targets: ALB health checks do not speak WebSocket, so health-check a plain HTTP path of the app.',
      timeout: `Raise the idle timeout for long-lived sockets (60 s by default), or ping more often:
\`\`\`sh
aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> \\
  --attributes Key=idle_timeout.timeout_seconds,Value=3600
\`\`\``,
    },
    tested: null,
    sources: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html', 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html', 'https://repost.aws/knowledge-center/alb-troubleshoot-503-errors'],
  },
  {
    id: 'gcp-lb',
    name: 'Google Cloud Load Balancer',
    role: 'proxy',
    via: [/^1\.1 google$/],
    bodies: [
      { status: [502], includes: ['The server encountered a temporary error and could not complete your request'], cause: 'upstream-unreachable', meaning: 'the Google front end could not get an answer from a backend (no healthy backend, or the backend closed the connection).' },
    ],
    fixes: {
      timeout: `The backend service timeout is the WebSocket's whole lifetime (30 s by default):
\`\`\`sh
gcloud compute backend-services update <name> --global --timeout=3600
\`\`\``,
    },
    tested: null,
    sources: ['https://cloud.google.com/load-balancing/docs/https/request-distribution'],
  },
  {
    id: 'heroku',
    name: 'Heroku router',
    role: 'proxy',
    via: [/^1\.1 vegur$/, /heroku-router/],
    bodies: [
      { status: [503], includes: ['Application Error'], cause: 'no-live-upstream', meaning: 'Heroku\'s router could not get an answer from a dyno (crashed, not listening on $PORT, or the H-code in `heroku logs` says why).' },
    ],
    fixes: {
      upgrade: 'WebSockets work on Heroku without configuration; look at the app and anything in front of Heroku.',
      timeout: 'The router closes idle sockets after 55 s: send a ping more often.',
    },
    tested: null,
    sources: ['https://devcenter.heroku.com/articles/websockets', 'https://devcenter.heroku.com/articles/http-routing'],
  },

  // ---- WebSocket and application servers
  {
    id: 'ws',
    name: 'ws (Node.js)',
    role: 'app',
    bodies: [
      { status: [426], exact: 'Upgrade Required', cause: 'no-upgrade', meaning: 'ws (with its own HTTP server) answers 426 to a request without `Upgrade: websocket` and `Connection: Upgrade`.' },
      { status: [400], exact: 'Missing or invalid Sec-WebSocket-Key header', cause: 'bad-request', meaning: 'ws refused the key.' },
      { status: [400], exact: 'Missing or invalid Sec-WebSocket-Version header', cause: 'bad-request', meaning: 'ws refused the version.' },
      { status: [400], exact: 'Invalid Upgrade header', cause: 'no-upgrade', meaning: 'ws got an Upgrade header that does not name websocket.' },
      { status: [400], exact: 'Bad Request', withoutHeader: 'sec-websocket-version', cause: 'path-not-served', meaning: 'ws answers a bare `400 Bad Request` when the path is not its `path` option (`new WebSocketServer({ server, path: "/ws" })`).' },
      { status: [401], exact: 'Unauthorized', cause: 'auth-refused', meaning: 'the app\'s `verifyClient` refused the handshake (often its Origin check).' },
    ],
    fixes: {
      app: 'Serve the WebSocket on the path the client opens: `new WebSocketServer({ server, path: "/ws" })` answers other paths with 400; a proxy that rewrites the path must keep it.',
    },
    tested: 'ws 8.23.0',
    sources: ['websockets/ws: lib/websocket-server.js (abortHandshake)', 'LAB: tests/stacks (direct-ws-*)'],
  },
  {
    id: 'socket.io',
    name: 'socket.io (engine.io)',
    role: 'app',
    bodies: [
      { status: [400], exact: '{"code":3,"message":"Bad request"}', cause: 'no-upgrade', meaning: 'engine.io answers `{"code":3,"message":"Bad request"}` to `?transport=websocket` without an upgrade.' },
      { status: [400], exact: '{"code":0,"message":"Transport unknown"}', cause: 'client-version', meaning: 'engine.io does not know the `transport` of the query (a client of another major version, or the wrong path).' },
      { status: [400], exact: 'Session ID unknown', cause: 'session-unknown', meaning: 'the `sid` is unknown on this node (engine.io says so in plain text over an upgrade): several socket.io nodes without sticky sessions, or a restarted server.' },
      { status: [400], exact: '{"code":1,"message":"Session ID unknown"}', cause: 'session-unknown', meaning: 'the `sid` is unknown on this node: several socket.io nodes without sticky sessions, or a restarted server.' },
      { status: [400], exact: '{"code":5,"message":"Unsupported protocol version"}', cause: 'client-version', meaning: 'the client speaks another engine.io protocol version (a socket.io v2 client against v3/v4: `EIO=3`).' },
      { status: [403], starts: '{"code":4,', cause: 'auth-refused', meaning: 'the server\'s `allowRequest` refused the handshake.' },
    ],
    fixes: {
      app: 'Connect to the socket.io path (`/socket.io/` unless `path` says otherwise) with a client of the same major version (or `allowEIO3: true` for v2 clients), and use sticky sessions with several nodes.',
    },
    tested: 'socket.io 4.8.4 / engine.io 6.6.13',
    sources: ['socketio/engine.io: lib/server.ts (verify, abortRequest)', 'https://socket.io/docs/v4/reverse-proxy/', 'LAB: tests/stacks (direct-socketio-*)'],
  },
  {
    id: 'express',
    name: 'express',
    role: 'app',
    poweredBy: [/^Express$/],
    bodies: [
      { status: [404], includes: ['<pre>Cannot GET '], cause: 'no-upgrade-or-no-route', meaning: 'express\'s router answered `Cannot GET`: the request reached express as a plain GET, so no WebSocket `upgrade` handler took it.' },
      { status: [200], starts: '<!doctype html', cause: 'plain-page', meaning: 'express served an HTML page (an SPA catch-all or static file) for the WebSocket URL.' },
      { status: [200], starts: '<!DOCTYPE html', cause: 'plain-page', meaning: 'express served an HTML page (an SPA catch-all or static file) for the WebSocket URL.' },
    ],
    fixes: {
      app: 'Attach the WebSocket server to express\'s HTTP server, on the path the client opens: `const server = app.listen(8080); new WebSocketServer({ server, path: "/ws" });` (socket.io: `new Server(server)`).',
      route: 'Send the WebSocket path to the WebSocket server, ahead of the SPA catch-all (`app.use(...)` that serves index.html answers every path with 200).',
    },
    tested: 'express 5.3.0',
    sources: ['pillarjs/finalhandler: index.js ("Cannot " + method + " " + path)', 'LAB: tests/stacks (direct-express-*)'],
  },
  {
    id: 'spring',
    name: 'Spring WebSocket',
    role: 'app',
    bodies: [
      { status: [400], exact: '"Connection" must be "upgrade".', cause: 'no-upgrade', meaning: 'Spring\'s handshake handler got a Connection header without `upgrade`.' },
      { status: [200], starts: 'Welcome to SockJS!', cause: 'plain-page', meaning: 'a SockJS endpoint got a plain GET: its WebSocket transport lives at `<endpoint>/websocket`.' },
    ],
    fixes: { origin: 'Allow the page\'s origin: `registry.addHandler(handler, "/ws").setAllowedOrigins("https://app.example.com")`.' },
    tested: null,
    sources: ['spring-projects/spring-framework: spring-websocket/…/AbstractHandshakeHandler.java'],
  },
  {
    id: 'aspnetcore',
    name: 'ASP.NET Core (Kestrel)',
    role: 'app',
    server: [/^Kestrel$/],
    bodies: [
      { status: [400], exact: 'Connection ID required', cause: 'no-upgrade', meaning: 'a SignalR hub got a plain request (a skipNegotiation client whose upgrade was dropped).' },
      { status: [404], exact: 'No Connection with that ID', cause: 'session-unknown', meaning: 'SignalR: the negotiate ran on another server (no sticky sessions), or the connection expired.' },
    ],
    fixes: { origin: 'Add the page\'s origin to `WebSocketOptions.AllowedOrigins`.' },
    tested: null,
    sources: ['dotnet/aspnetcore: src/Middleware/WebSockets/src/WebSocketMiddleware.cs', 'https://learn.microsoft.com/aspnet/core/fundamentals/websockets'],
  },
  {
    id: 'gorilla',
    name: 'gorilla/websocket (Go)',
    role: 'app',
    bodies: [
      { status: [400], exact: 'Bad Request', withHeader: 'sec-websocket-version', cause: 'no-upgrade', meaning: 'gorilla/websocket answers a bare `400 Bad Request` (with `Sec-Websocket-Version: 13`) when `Connection` lacks `upgrade` or `Upgrade` lacks `websocket`; the reason stays in the app\'s error.' },
      { status: [403], exact: 'Forbidden', withHeader: 'sec-websocket-version', cause: 'origin-refused', meaning: 'gorilla/websocket\'s default `CheckOrigin` refused it: the Origin\'s host:port is not the request\'s Host.' },
      { status: [400], starts: 'websocket: not a websocket handshake', cause: 'no-upgrade', meaning: 'gorilla/websocket (before 1.5) names the missing upgrade header.' },
      { status: [400], starts: 'websocket: the client is not using the websocket protocol', cause: 'no-upgrade', meaning: 'gorilla/websocket (before 1.5) names the missing upgrade header.' },
    ],
    fixes: { origin: 'Keep the Host the browser sent (behind nginx: `proxy_set_header Host $http_host;`), or set `Upgrader.CheckOrigin` to an allow-list of origins.' },
    tested: 'gorilla/websocket 1.5.0 (Go 1.19)',
    sources: ['gorilla/websocket: server.go (returnError, checkSameOrigin)', 'LAB: tests/stacks (direct-gorilla-*)'],
  },
  {
    id: 'coder-websocket',
    name: 'coder/websocket (nhooyr, Go)',
    role: 'app',
    bodies: [
      { status: [426], starts: 'WebSocket protocol violation: Connection header', cause: 'no-upgrade', meaning: 'coder/websocket echoes the Connection value it got: `""` means a hop removed it, `"close"`/`"keep-alive"` that one rewrote it.' },
      { status: [426], starts: 'WebSocket protocol violation: Upgrade header', cause: 'no-upgrade', meaning: 'coder/websocket got no `Upgrade: websocket`.' },
      { status: [403], starts: 'request Origin "', cause: 'origin-refused', meaning: 'coder/websocket refused the Origin for the Host it got (the Host shown is what the proxy forwarded).' },
    ],
    fixes: { origin: 'Keep the browser\'s Host through the proxy, or list the origin in `AcceptOptions.OriginPatterns`.' },
    tested: 'nhooyr.io/websocket 1.8.7',
    sources: ['coder/websocket: accept.go (verifyClientRequest, authenticateOrigin)'],
  },
  {
    id: 'go-net-http',
    name: 'Go net/http',
    role: 'app',
    bodies: [
      { status: [404], exact: '404 page not found', cause: 'path-not-served', meaning: 'a Go `ServeMux` (or Traefik with no matching router) has no handler for the path it got.' },
      { status: [400], exact: 'Client sent an HTTP request to an HTTPS server.', writer: 'a Go TLS server (Caddy, Traefik or a Go app)', cause: 'plain-http-to-tls', meaning: 'a Go TLS server (Caddy, Traefik, any Go app) got plain HTTP: the URL says `ws://` for a TLS port.' },
    ],
    fixes: { app: 'Register the WebSocket handler on the path the app actually receives (`http.HandleFunc("/ws", …)`); a proxy that strips or replaces the prefix changes that path.' },
    tested: 'Go 1.19 (Debian 12)',
    sources: ['golang/go: src/net/http/server.go (NotFound, "Client sent an HTTP request to an HTTPS server.")', 'LAB: tests/stacks'],
  },
  {
    id: 'python-websockets',
    name: 'websockets (Python)',
    role: 'app',
    server: [/^Python\/[\d.]+ websockets\/(\d+(?:\.\d+)*)$/],
    bodies: [
      { status: [426], starts: 'Failed to open a WebSocket connection: empty Connection header', cause: 'no-upgrade', meaning: 'python websockets got no Connection header.' },
      { status: [426], starts: 'Failed to open a WebSocket connection: missing Connection header', cause: 'no-upgrade', meaning: 'python websockets got no Connection header.' },
      { status: [426], starts: 'Failed to open a WebSocket connection: invalid Connection header', cause: 'no-upgrade', meaning: 'python websockets got a Connection header without `upgrade` (the value it got is quoted: `close` is nginx\'s).' },
      { status: [426], starts: 'Failed to open a WebSocket connection: ', includes: ['Upgrade header'], cause: 'no-upgrade', meaning: 'python websockets got no `Upgrade: websocket`.' },
      { status: [400], starts: 'Failed to open a WebSocket connection: did not receive a valid HTTP request', cause: 'http10-upstream', meaning: 'python websockets refuses a request line below HTTP/1.1 (nginx sends HTTP/1.0 without `proxy_http_version 1.1`).' },
      { status: [403], starts: 'Failed to open a WebSocket connection: invalid Origin header', cause: 'origin-refused', meaning: 'the server\'s `origins=[…]` does not list the page\'s origin.' },
    ],
    fixes: { origin: 'List the page\'s origin in `serve(…, origins=["https://app.example.com"])`.' },
    tested: 'websockets 10.4 (Debian 12)',
    sources: ['python-websockets/websockets: src/websockets/legacy/server.py, server.py', 'LAB: tests/stacks (direct-py-websockets-*)'],
  },
  {
    id: 'aiohttp',
    name: 'aiohttp',
    role: 'app',
    server: [/^Python\/[\d.]+ aiohttp\/(\d+(?:\.\d+)*)$/],
    bodies: [
      { status: [400], starts: 'No WebSocket UPGRADE hdr:', cause: 'no-upgrade', meaning: 'aiohttp got no `Upgrade: websocket`.' },
      { status: [400], starts: 'No CONNECTION upgrade hdr:', cause: 'no-upgrade', meaning: 'aiohttp got `Upgrade` but a Connection header without `upgrade` (the value it got is quoted).' },
    ],
    tested: 'aiohttp 3.8.4 (Debian 12)',
    sources: ['aio-libs/aiohttp: aiohttp/web_ws.py (_handshake)', 'LAB: tests/stacks (direct-aiohttp-*)'],
  },
  {
    id: 'tornado',
    name: 'Tornado',
    role: 'app',
    server: [/^TornadoServer\/(\d+(?:\.\d+)*)$/],
    bodies: [
      { status: [400], exact: 'Can "Upgrade" only to "WebSocket".', sameAs: 'spring', cause: 'no-upgrade', meaning: 'it got no `Upgrade: websocket`.' },
      { status: [400], exact: '"Connection" must be "Upgrade".', cause: 'no-upgrade', meaning: 'Tornado got a Connection header without `Upgrade`.' },
      { status: [403], exact: 'Cross origin websockets not allowed', cause: 'origin-refused', meaning: 'Tornado\'s `check_origin` refused it: by default the Origin\'s host must equal the request\'s Host.' },
    ],
    fixes: { origin: 'Keep the browser\'s Host through the proxy, or override `check_origin(self, origin)` in the WebSocketHandler to allow the page\'s origin.' },
    tested: 'Tornado 6.2 (Debian 12)',
    sources: ['tornadoweb/tornado: tornado/websocket.py', 'LAB: tests/stacks (direct-tornado-*)'],
  },
  {
    id: 'uvicorn',
    name: 'uvicorn (Starlette, FastAPI)',
    role: 'app',
    server: [/^uvicorn$/],
    bodies: [
      { status: [400], exact: 'Unsupported upgrade request.', cause: 'no-websocket-support', meaning: 'uvicorn has no WebSocket library (or runs with `--ws none`), so it refuses every upgrade.' },
      { status: [400], starts: 'No supported WebSocket library detected', cause: 'no-websocket-support', meaning: 'uvicorn has no WebSocket library installed.' },
      { status: [404], exact: 'Not Found', needsHeader: true, cause: 'no-upgrade-or-no-route', meaning: 'Starlette answered 404: a `WebSocketRoute` does not match plain HTTP, so either no upgrade reached it or no route matches the path.' },
      { status: [404], exact: '{"detail":"Not Found"}', cause: 'no-upgrade-or-no-route', meaning: 'FastAPI answered 404: a `@app.websocket` route does not match plain HTTP, so either no upgrade reached it or no route matches the path.' },
    ],
    fixes: { app: 'Install a WebSocket implementation for uvicorn: `pip install "uvicorn[standard]"` (or `websockets`/`wsproto`) and run with `--ws auto`.' },
    tested: 'uvicorn 0.17.6',
    sources: ['encode/uvicorn: uvicorn/protocols/http/h11_impl.py'],
  },
  {
    id: 'gunicorn',
    name: 'gunicorn',
    role: 'app',
    server: [/^gunicorn(?:\/(\d+(?:\.\d+)*))?$/],
    bodies: [],
    fixes: { app: 'A WSGI worker cannot upgrade: run an ASGI worker (`gunicorn app:app -k uvicorn.workers.UvicornWorker`) or gevent/eventlet for Flask-SocketIO.' },
    tested: 'gunicorn 20.1.0',
    sources: ['LAB: research/fingerprints (gunicorn sync worker answered 200 to an upgrade)'],
  },
  {
    id: 'phoenix',
    name: 'Phoenix (Cowboy/Bandit)',
    role: 'app',
    bodies: [
      { status: [400], starts: '\'connection\' header must contain \'upgrade\'', cause: 'no-upgrade', meaning: 'Phoenix got a Connection header without `upgrade` (the list shows what arrived).' },
      { status: [400], starts: '\'upgrade\' header must contain \'websocket\'', cause: 'no-upgrade', meaning: 'Phoenix got no `Upgrade: websocket`.' },
    ],
    fixes: { origin: 'Add the page\'s origin to `check_origin` in the endpoint config.' },
    tested: null,
    sources: ['phoenixframework/phoenix: lib/phoenix/transports/websocket.ex', 'phoenixframework/websock_adapter: UpgradeValidation'],
  },
];

/** Every component by id. */
export const COMPONENT_BY_ID: Readonly<Record<ComponentId, Component>> = Object.freeze(
  Object.fromEntries(COMPONENTS.map((c) => [c.id, c])) as Record<ComponentId, Component>,
);
