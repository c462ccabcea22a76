/**
 * When the browser hides the response (Chromium gives only "Unexpected response
 * code: N"), what most often answers N to a browser's WebSocket handshake, in
 * order, from the real stacks in tests/stacks and the fingerprints' sources. The
 * replay command (replay.ts) shows the real answer; its Server/Via headers and
 * the body's first line tell the causes apart.
 */

/** The likely causes of a status, most frequent first; empty for a status without a list. */
export function likelyCauses(status: number): readonly string[] {
  if (status >= 300 && status < 400) {
    return [
      'a proxy route with a trailing slash: nginx `location /ws/` answers `/ws` with a 301 to `/ws/` (open `/ws/` or use `location /ws`)',
      'an http → https redirect: open the socket with `wss://`',
      'Apache `RewriteRule … ws://…` without `[P]`: it redirects instead of proxying',
      'a login or SSO redirect: the handshake carries no valid session cookie',
    ];
  }
  switch (status) {
    case 200:
      return [
        'the path reaches an ordinary HTTP route (an SPA catch-all serving index.html, static files) instead of the WebSocket server: route it to the WebSocket server first',
        'a proxy dropped `Upgrade`/`Connection` and the app served the path as a page',
        'Caddy with no matching handler answers 200 with an empty body (`reverse_proxy /ws` does not match `/ws/…`: use `/ws*`)',
      ];
    case 400:
      return [
        'a proxy dropped `Upgrade`/`Connection` and the app refused a plain request: socket.io/engine.io (`{"code":3,"message":"Bad request"}`), aiohttp (`No WebSocket UPGRADE hdr`), Tornado or Spring (`Can "Upgrade" only to "WebSocket".`), gorilla/websocket (`Bad Request`) answer 400',
        '`ws://` sent to a TLS port: nginx says "The plain HTTP request was sent to HTTPS port", Apache "You\'re speaking plain HTTP to an SSL-enabled server port": use `wss://`',
        'the path is not the one the WebSocket server serves: ws answers 400 to any other path, and a proxy can change it (nginx `proxy_pass http://app/` strips the location prefix; Caddy `handle_path` strips it)',
        'nginx without `proxy_http_version 1.1` in front of python websockets, which refuses the HTTP/1.0 request',
        'a socket.io client of another major version, or an unknown session id (several nodes without sticky sessions)',
      ];
    case 401:
      return ['the server wants credentials a browser WebSocket cannot send in a header (use a cookie or a token in the URL or first message)', 'the app\'s `verifyClient`/auth hook refused the handshake'];
    case 403:
      return [
        'the app\'s Origin check: the page\'s origin is not allowed, or a proxy passed another Host (gorilla/websocket, Tornado, coder/websocket and Phoenix compare Origin with Host; nginx `proxy_set_header Host $host` drops the port, Apache needs `ProxyPreserveHost On`)',
        'a proxy\'s access rules (nginx `deny`, HAProxy `http-request deny`, a WAF); Envoy without `upgrade_configs` answers an upgrade with 403 and an empty body',
        'missing credentials (a session cookie the server expects)',
      ];
    case 404:
      return [
        'a proxy dropped `Upgrade`/`Connection` and the app\'s HTTP router answered: express (`Cannot GET /ws`), FastAPI (`{"detail":"Not Found"}`)',
        'no WebSocket server on this path in the app (mind trailing slashes and prefixes such as `/socket.io/`), or a proxy that rewrote the path (nginx `proxy_pass http://app/` strips the location prefix)',
        'no proxy route for the path: nginx has no `location` for it, Apache has no matching `ProxyPass` (`/ws/` does not match `/ws`), ingress-nginx answers `default backend - 404`',
      ];
    case 426:
      return [
        'a proxy dropped `Upgrade`/`Connection` on the way (ws, python websockets and coder/websocket answer 426 to a plain request): nginx without `proxy_set_header Upgrade`/`Connection`, Apache without `upgrade=websocket`, HAProxy deleting `Connection`, Caddy `header_up -Connection`, lighttpd without `proxy.header = ( "upgrade" => "enable" )`',
        'the server wants another Sec-WebSocket-Version (browsers send 13)',
      ];
    case 500:
      return ['the app failed on the upgrade request (an exception in its handler: its log has it)', 'lighttpd answers 500 when the backend reset the connection'];
    case 502:
      return [
        'the proxy could not reach the WebSocket server: it is not running, or the proxy points at the wrong address or port (nginx and Caddy answer a refused connection with 502)',
        'the app closed or reset the connection without answering: a crash, or a server that ignores upgrades outside its path (engine.io drops them after 1 s when the proxy stripped `/socket.io/`)',
        'the proxy speaks TLS to a plain-HTTP app (`proxy_pass https://`), or the reverse',
        'Apache\'s 502 "Proxy Error" is also its answer when the app did not answer within `ProxyTimeout`',
      ];
    case 503:
      return [
        'no live server: the backend is down or failing health checks (Apache, HAProxy and lighttpd answer a refused connection with 503; Traefik says `no available server`, Envoy `no healthy upstream`)',
        'no backend was chosen for this path (HAProxy `use_backend` conditions that do not match `/ws`, no `default_backend`)',
        'a rate limit or maintenance mode (nginx `limit_req`/`limit_conn` answer 503)',
      ];
    case 504:
      return [
        'the proxy reached the app, but it did not answer the upgrade within the proxy\'s read timeout (nginx `proxy_read_timeout`, HAProxy `timeout server`): the app hangs on the upgrade, or the upstream address is something that accepts and never answers',
        'a cloud load balancer\'s timeout (AWS ALB 504, Cloudflare 524)',
      ];
    default:
      return [];
  }
}

/** The likely causes in a clause, for the summary sentence; null for a status without a list. */
export function likelyInShort(status: number): string | null {
  if (status >= 300 && status < 400) return 'most often a proxy route with or without a trailing slash, or an http → https redirect';
  switch (status) {
    case 200:
      return 'most often the path reaches a plain HTTP route (an SPA catch-all) instead of the WebSocket server';
    case 400:
    case 426:
      return 'most often a proxy that dropped `Upgrade`/`Connection`, so the app refused a plain request';
    case 403:
      return 'most often the app\'s Origin check, or a proxy that passed another Host';
    case 404:
      return 'most often a proxy that dropped the upgrade so the app\'s HTTP router answered, or a wrong path';
    case 502:
      return 'most often a proxy that cannot reach the WebSocket server (not running, wrong address or port)';
    case 503:
      return 'most often a proxy with no live server for it (the backend is down or failing health checks)';
    case 504:
      return 'most often an app that does not answer the upgrade within the proxy\'s read timeout';
    default:
      return null;
  }
}
