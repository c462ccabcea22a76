/**
 * What the inspector must say about each real stack of cases.ts: the verdict,
 * the rules, the component at fault named in the summary and the findings, and
 * a piece of the fix for THAT component. Read by the live probe test
 * (probe.test.ts, against the running stack), the unit test over the recorded
 * exchanges (tests/unit/core/stack/stacks.test.ts), and the panel tests in real
 * Chromium (tests/e2e/stacks.e2e.ts), where a rejected handshake's response is
 * hidden and the panel must give the likely causes and the replay command.
 */
import type { RuleId } from '../../src/core/rules.js';
import { CASES, type StackCase } from './cases.js';

export interface Diagnosis {
  readonly verdict: 'pass' | 'fail';
  /** Rules that must be among the findings (others may come along). */
  readonly rules: readonly RuleId[];
  /** The component at fault, as the summary and the findings name it; null when the answer cannot tell. */
  readonly names: string | null;
  /** The app named in the `answered-by` finding, when the fault is elsewhere (the client sent no upgrade). */
  readonly answeredBy?: string;
  /** Text the fix for that component contains (a config line). */
  readonly fix: string | null;
  /** What the probe sees when it differs from the recorded exchange (TLS mismatches: no HTTP answer at all). */
  readonly probe?: { readonly rules: readonly RuleId[]; readonly names: string | null; readonly fix: string };
  /**
   * What Chromium reports for it (its response hidden): its reason, and a piece of the likely causes
   * the panel must list for that status. Null when Chromium accepts it.
   */
  readonly chromium: { readonly reason: string | RegExp; readonly cause: string } | null;
}

const CLEAN: Diagnosis = { verdict: 'pass', rules: [], names: null, fix: null, chromium: null };

const code = (status: number): string => `Unexpected response code: ${status}`;
const HIDDEN = {
  400: { reason: code(400), cause: 'a proxy dropped `Upgrade`/`Connection` and the app refused a plain request' },
  403: { reason: code(403), cause: 'the app\'s Origin check' },
  404: { reason: code(404), cause: 'a proxy dropped `Upgrade`/`Connection` and the app\'s HTTP router answered' },
  426: { reason: code(426), cause: 'a proxy dropped `Upgrade`/`Connection` on the way' },
  200: { reason: code(200), cause: 'an ordinary HTTP route' },
  301: { reason: code(301), cause: 'nginx `location /ws/` answers `/ws` with a 301' },
  302: { reason: code(302), cause: 'without `[P]`' },
  502: { reason: code(502), cause: 'the proxy could not reach the WebSocket server' },
  503: { reason: code(503), cause: 'no live server' },
  504: { reason: code(504), cause: 'did not answer the upgrade within the proxy\'s read timeout' },
} as const;

const NGINX_UPGRADE = { verdict: 'fail', rules: ['status-not-101', 'proxy-dropped-upgrade', 'answered-by'], names: 'nginx', fix: 'proxy_set_header Upgrade $http_upgrade;' } as const;
const CLIENT_NO_UPGRADE = ['request-upgrade-missing', 'request-connection-missing-upgrade', 'status-not-101', 'answered-by'] as const;
const STATUS = ['status-not-101', 'answered-by'] as const;
const DROPPED = ['status-not-101', 'proxy-dropped-upgrade', 'answered-by'] as const;
const TLS_TO_PLAIN = (names: string | null): Diagnosis['probe'] => ({ rules: ['no-response'], names, fix: 'open the socket with `ws://`' });
const CLOSED_ON_PLAIN: Diagnosis['probe'] = { rules: ['no-response'], names: null, fix: 'open the socket with `wss://`' };
/** Chromium's own words for a TLS handshake answered in plain HTTP, and for a TLS port that closes on plain HTTP. */
const TLS_REFUSED = { reason: 'Error in connection establishment: net::ERR_SSL_PROTOCOL_ERROR', cause: 'wss:// to a port that speaks plain HTTP' };
const CLOSED = { reason: 'Connection closed before receiving a handshake response', cause: 'use wss://' };

/** Misconfigurations, by case id; every correct row (and every myth that still gives a clean 101) must stay CLEAN. */
const FAILING: Readonly<Record<string, Diagnosis>> = {
  // ---- the app servers alone, sent a request without Upgrade/Connection: the client is at fault
  'direct-ws-no-upgrade': { verdict: 'fail', rules: CLIENT_NO_UPGRADE, names: null, answeredBy: 'ws (Node.js)', fix: 'Upgrade: websocket', chromium: null },
  'direct-ws-wrong-path': { verdict: 'fail', rules: STATUS, names: 'ws (Node.js)', fix: 'path: "/ws"', chromium: HIDDEN[400] },
  'direct-socketio-no-upgrade': { verdict: 'fail', rules: CLIENT_NO_UPGRADE, names: null, answeredBy: 'socket.io', fix: 'Upgrade: websocket', chromium: null },
  'direct-express-404': { verdict: 'fail', rules: STATUS, names: 'express', fix: 'new WebSocketServer({ server, path: "/ws" })', chromium: HIDDEN[404] },
  'direct-express-spa': { verdict: 'fail', rules: STATUS, names: 'express', fix: 'ahead of the SPA catch-all', chromium: HIDDEN[200] },
  'direct-express-ws-no-upgrade': { verdict: 'fail', rules: CLIENT_NO_UPGRADE, names: null, answeredBy: 'express', fix: 'Upgrade: websocket', chromium: null },
  'direct-py-websockets-no-upgrade': { verdict: 'fail', rules: CLIENT_NO_UPGRADE, names: null, answeredBy: 'websockets (Python)', fix: 'Upgrade: websocket', chromium: null },
  'direct-aiohttp-no-upgrade': { verdict: 'fail', rules: CLIENT_NO_UPGRADE, names: null, answeredBy: 'aiohttp', fix: 'Upgrade: websocket', chromium: null },
  'direct-tornado-no-upgrade': { verdict: 'fail', rules: CLIENT_NO_UPGRADE, names: null, answeredBy: 'Tornado', fix: 'Upgrade: websocket', chromium: null },
  'direct-gorilla-no-upgrade': { verdict: 'fail', rules: CLIENT_NO_UPGRADE, names: null, answeredBy: 'gorilla/websocket', fix: 'Upgrade: websocket', chromium: null },

  // ---- nginx
  'nginx-no-upgrade-headers-express-404': { ...NGINX_UPGRADE, chromium: HIDDEN[404] },
  'nginx-no-upgrade-headers-ws': { ...NGINX_UPGRADE, chromium: HIDDEN[426] },
  'nginx-no-upgrade-headers-express-ws': { ...NGINX_UPGRADE, chromium: HIDDEN[404] },
  'nginx-no-upgrade-headers-py-websockets': { ...NGINX_UPGRADE, chromium: HIDDEN[426] },
  'nginx-no-upgrade-headers-aiohttp': { ...NGINX_UPGRADE, chromium: HIDDEN[400] },
  'nginx-no-upgrade-headers-tornado': { ...NGINX_UPGRADE, chromium: HIDDEN[400] },
  'nginx-no-upgrade-headers-gorilla': { ...NGINX_UPGRADE, chromium: HIDDEN[400] },
  'nginx-no-upgrade-headers-socketio': { ...NGINX_UPGRADE, chromium: HIDDEN[400] },
  'nginx-no-http-version-py-websockets': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'proxy_http_version 1.1;', chromium: HIDDEN[400] },
  'nginx-upgrade-without-connection': { ...NGINX_UPGRADE, chromium: HIDDEN[426] },
  'nginx-connection-empty-keepalive': { ...NGINX_UPGRADE, fix: 'proxy_set_header Connection "";` (the upstream keepalive recipe) does not', chromium: HIDDEN[426] },
  'nginx-location-trailing-slash': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'location /ws {', chromium: HIDDEN[301] },
  'nginx-proxy-pass-strips-prefix-gorilla': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'Leave the URI part out', chromium: HIDDEN[404] },
  'nginx-proxy-pass-strips-prefix-express-ws': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'Leave the URI part out', chromium: HIDDEN[400] },
  'nginx-socketio-prefix-stripped': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'no URI part', chromium: HIDDEN[502] },
  'nginx-upstream-down': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'proxy_pass http://127.0.0.1:8080;', chromium: HIDDEN[502] },
  'nginx-read-timeout': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'proxy_read_timeout 3600s;', chromium: HIDDEN[504] },
  'nginx-upstream-all-marked-down': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'proxy_pass http://127.0.0.1:8080;', chromium: HIDDEN[502] },
  'nginx-host-default-tornado': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'proxy_set_header Host $http_host;', chromium: HIDDEN[403] },
  'nginx-host-without-port-gorilla': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'proxy_set_header Host $http_host;', chromium: HIDDEN[403] },
  // The proxy is right here and the app has no WebSocket server: the same answer, so both causes are named.
  'nginx-correct-to-express-404': { ...NGINX_UPGRADE, fix: 'the app has no WebSocket server on `/ws`', chromium: HIDDEN[404] },
  'nginx-correct-to-express-spa': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'ahead of the SPA catch-all', chromium: HIDDEN[200] },
  'nginx-ws-to-tls-port': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'wss://', chromium: HIDDEN[400] },
  'nginx-wss-to-plain-port': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: null, probe: TLS_TO_PLAIN('nginx'), chromium: TLS_REFUSED },
  'nginx-proxy-pass-https-to-plain': { verdict: 'fail', rules: STATUS, names: 'nginx', fix: 'with `http://` unless the app itself serves TLS', chromium: HIDDEN[502] },

  // ---- Apache httpd
  'apache-no-upgrade-param': { verdict: 'fail', rules: DROPPED, names: 'Apache httpd', fix: 'upgrade=websocket', chromium: HIDDEN[426] },
  'apache-proxypass-order-trap': { verdict: 'fail', rules: DROPPED, names: 'Apache httpd', fix: 'the first matching `ProxyPass` wins', chromium: HIDDEN[404] },
  'apache-rewrite-without-p': { verdict: 'fail', rules: STATUS, names: 'Apache httpd', fix: '[P,L]', chromium: HIDDEN[302] },
  'apache-no-preserve-host-tornado': { verdict: 'fail', rules: STATUS, names: 'Tornado', fix: 'ProxyPreserveHost On', chromium: HIDDEN[403] },
  'apache-location-trailing-slash': { verdict: 'fail', rules: STATUS, names: 'Apache httpd', fix: '`ProxyPass /ws/` does not match `/ws`', chromium: HIDDEN[404] },
  'apache-backend-down': { verdict: 'fail', rules: STATUS, names: 'Apache httpd', fix: 'retry=0', chromium: HIDDEN[503] },
  'apache-timeout': { verdict: 'fail', rules: STATUS, names: 'Apache httpd', fix: 'ProxyTimeout 3600', chromium: HIDDEN[502] },
  'apache-ws-to-tls-port': { verdict: 'fail', rules: STATUS, names: 'Apache httpd', fix: 'wss://', chromium: HIDDEN[400] },
  'apache-no-upgrade-param-no-wstunnel': { verdict: 'fail', rules: DROPPED, names: 'Apache httpd', fix: 'upgrade=websocket', chromium: HIDDEN[426] },
  'apache-wss-to-plain-port': { verdict: 'fail', rules: STATUS, names: 'Apache httpd', fix: null, probe: TLS_TO_PLAIN('Apache httpd'), chromium: TLS_REFUSED },

  // ---- HAProxy
  'haproxy-del-header-connection': { verdict: 'fail', rules: DROPPED, names: 'HAProxy', fix: 'http-request del-header Connection', chromium: HIDDEN[426] },
  'haproxy-del-header-connection-aiohttp': { verdict: 'fail', rules: DROPPED, names: 'HAProxy', fix: 'http-request del-header Connection', chromium: HIDDEN[400] },
  'haproxy-del-header-connection-tornado': { verdict: 'fail', rules: DROPPED, names: 'HAProxy', fix: 'http-request del-header Connection', chromium: HIDDEN[400] },
  'haproxy-del-header-connection-py-websockets': { verdict: 'fail', rules: DROPPED, names: 'HAProxy', fix: 'http-request del-header Connection', chromium: HIDDEN[426] },
  'haproxy-del-header-connection-gorilla': { verdict: 'fail', rules: DROPPED, names: 'HAProxy', fix: 'http-request del-header Connection', chromium: HIDDEN[400] },
  'haproxy-backend-down': { verdict: 'fail', rules: STATUS, names: 'HAProxy', fix: 'default_backend', chromium: HIDDEN[503] },
  'haproxy-timeout-server': { verdict: 'fail', rules: STATUS, names: 'HAProxy', fix: 'timeout server', chromium: HIDDEN[504] },
  'haproxy-no-backend-for-path': { verdict: 'fail', rules: STATUS, names: 'HAProxy', fix: '`path_beg /ws/` does not match `/ws`', chromium: HIDDEN[503] },
  'haproxy-ws-to-tls-port': { verdict: 'fail', rules: ['no-response'], names: null, fix: null, probe: CLOSED_ON_PLAIN, chromium: CLOSED },
  'haproxy-wss-to-plain-port': { verdict: 'fail', rules: STATUS, names: 'HAProxy', fix: null, probe: TLS_TO_PLAIN('HAProxy'), chromium: TLS_REFUSED },

  // ---- Caddy
  'caddy-header-up-minus-connection': { verdict: 'fail', rules: DROPPED, names: 'Caddy', fix: 'header_up -Connection', chromium: HIDDEN[426] },
  'caddy-header-up-minus-upgrade': { verdict: 'fail', rules: DROPPED, names: 'Caddy', fix: 'header_up -Upgrade', chromium: HIDDEN[426] },
  'caddy-route-to-spa': { verdict: 'fail', rules: STATUS, names: 'Caddy', fix: 'reverse_proxy /ws* 127.0.0.1:8080', chromium: HIDDEN[200] },
  'caddy-handle-path-strips': { verdict: 'fail', rules: STATUS, names: 'Caddy', fix: 'handle /ws* {', chromium: HIDDEN[400] },
  'caddy-backend-down': { verdict: 'fail', rules: STATUS, names: 'Caddy', fix: 'reverse_proxy', chromium: HIDDEN[502] },
  'caddy-ws-to-tls-port': { verdict: 'fail', rules: STATUS, names: 'Caddy', fix: 'wss://', chromium: HIDDEN[400] },
  // Go's net/http answers the ClientHello before Caddy does, with a bare 400: nothing names Caddy.
  'caddy-wss-to-plain-port': { verdict: 'fail', rules: ['status-not-101'], names: null, fix: null, probe: TLS_TO_PLAIN(null), chromium: TLS_REFUSED },

  // ---- lighttpd
  'lighttpd-no-upgrade-enable': { verdict: 'fail', rules: DROPPED, names: 'lighttpd', fix: 'proxy.header = ( "upgrade" => "enable" )', chromium: HIDDEN[426] },
  'lighttpd-backend-down': { verdict: 'fail', rules: STATUS, names: 'lighttpd', fix: 'proxy.server', chromium: HIDDEN[503] },
  'lighttpd-ws-to-tls-port': { verdict: 'fail', rules: ['no-response'], names: null, fix: null, probe: CLOSED_ON_PLAIN, chromium: CLOSED },
  'lighttpd-wss-to-plain-port': { verdict: 'fail', rules: STATUS, names: 'lighttpd', fix: null, probe: TLS_TO_PLAIN('lighttpd'), chromium: TLS_REFUSED },
};

/** The diagnosis a case must get: its row above, or CLEAN for correct configs and the myths that give a clean 101. */
export function diagnosisOf(c: StackCase): Diagnosis {
  const failing = FAILING[c.id];
  if (failing) return failing;
  if (c.correct || c.expect.status === 101) return CLEAN;
  throw new Error(`tests/stacks/diagnoses.ts has no row for ${c.id}`);
}

/** Every case with what it must get. */
export const DIAGNOSED: ReadonlyArray<{ readonly case: StackCase; readonly diagnosis: Diagnosis }> = CASES.map((c) => ({ case: c, diagnosis: diagnosisOf(c) }));
