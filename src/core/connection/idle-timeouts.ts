/**
 * Idle timeouts of the proxies, load balancers and servers a WebSocket often
 * crosses: each one's default, the setting that changes it, and the snippet that
 * raises it, keyed by component id (the ids of the handshake fingerprints,
 * research/fingerprints/fingerprints.json). `componentsOfResponse()` names the
 * components a 101's headers reveal (Server, Via and a few telling headers),
 * a small stand-in for the handshake fingerprinting, which can replace it.
 * `matchIdleTimeout()` tells whether a silence before the end matches a
 * timeout, relative to that timeout's value (so a test can use a short one).
 */
import type { HeaderList } from '../headers.js';

export type IdleComponentId =
  | 'nginx'
  | 'apache-httpd'
  | 'haproxy'
  | 'caddy'
  | 'lighttpd'
  | 'traefik'
  | 'envoy'
  | 'cloudflare'
  | 'aws-alb'
  | 'gcp-lb'
  | 'azure-load-balancer'
  | 'heroku'
  | 'fly'
  | 'cowboy';

export interface IdleComponent {
  readonly id: IdleComponentId;
  readonly name: string;
  /** The default in seconds; null when it has none (the connection lives until something else ends it). */
  readonly defaultSeconds: number | null;
  /** `idle`: silence in both directions; `lifetime`: the whole connection, however busy. */
  readonly kind: 'idle' | 'lifetime';
  /** The setting, in the component's own words. */
  readonly setting: string;
  /** Where the value comes from (docs, source, or a measurement). */
  readonly source: string;
  /** Config that raises it (or, where it cannot be changed, what to do instead). */
  readonly snippet: string;
}

const TABLE: readonly IdleComponent[] = [
  {
    id: 'nginx', name: 'nginx', defaultSeconds: 60, kind: 'idle',
    setting: 'proxy_read_timeout (and proxy_send_timeout), default 60s',
    source: 'https://nginx.org/en/docs/http/websocket.html (measured: closed after 60.1 s, FIN, no close frame)',
    snippet: 'location /ws/ {\n    proxy_read_timeout 3600s;\n    proxy_send_timeout 3600s;\n}',
  },
  {
    id: 'apache-httpd', name: 'Apache httpd', defaultSeconds: 60, kind: 'idle',
    setting: 'the core Timeout (default 60; Debian ships 300): for an upgraded tunnel ProxyTimeout and ProxyPass timeout= do not apply (measured, Apache 2.4.71)',
    source: 'https://httpd.apache.org/docs/2.4/mod/core.html#timeout (measured: Timeout 3 → closed after 3.0 s; ProxyTimeout 3 and timeout=3 left it open)',
    snippet: '# server or virtual host config\nTimeout 3600',
  },
  {
    id: 'haproxy', name: 'HAProxy', defaultSeconds: 50, kind: 'idle',
    setting: 'timeout tunnel (no default: falls back to timeout client/server, 50s in Debian\'s haproxy.cfg)',
    source: 'https://docs.haproxy.org/2.6/configuration.html#4-timeout%20tunnel (measured: timeout tunnel 4s → closed at 4.0 s)',
    snippet: 'defaults\n    timeout client  30s\n    timeout server  30s\n    timeout tunnel  1h   # once the connection is upgraded',
  },
  {
    id: 'caddy', name: 'Caddy', defaultSeconds: null, kind: 'idle',
    setting: 'none by default for upgraded streams (reverse_proxy stream_timeout unset)',
    source: 'https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#streaming',
    snippet: 'reverse_proxy /ws* backend:8080 {\n    stream_close_delay 5m   # keep upgraded streams across config reloads\n}',
  },
  {
    id: 'lighttpd', name: 'lighttpd', defaultSeconds: 60, kind: 'idle',
    setting: 'server.max-read-idle (default 60)',
    source: 'https://redmine.lighttpd.net/projects/lighttpd/wiki/Server_max-read-idleDetails (measured: closed after 61.1 s)',
    snippet: 'server.max-read-idle  = 3600\nserver.max-write-idle = 3600',
  },
  {
    id: 'traefik', name: 'Traefik', defaultSeconds: 180, kind: 'idle',
    setting: 'entryPoints.<name>.transport.respondingTimeouts.idleTimeout (default 180s; readTimeout 60s in v3)',
    source: 'traefik/traefik pkg/config/static/static_config.go (DefaultIdleTimeout = 180 s)',
    snippet: 'entryPoints:\n  websecure:\n    transport:\n      respondingTimeouts:\n        readTimeout: 0s\n        idleTimeout: 3600s',
  },
  {
    id: 'envoy', name: 'Envoy', defaultSeconds: 300, kind: 'idle',
    setting: 'HttpConnectionManager stream_idle_timeout (default 5 min); the route\'s idle_timeout overrides it',
    source: 'https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts',
    snippet: '# HttpConnectionManager\nstream_idle_timeout: 3600s\n# route\nroute:\n  timeout: 0s\n  idle_timeout: 3600s',
  },
  {
    id: 'cloudflare', name: 'Cloudflare', defaultSeconds: 100, kind: 'idle',
    setting: 'Proxy Read Timeout, 100 s (Cloudflare\'s connection limits page now says 120 s); Enterprise plans can change it',
    source: 'https://developers.cloudflare.com/fundamentals/reference/connection-limits/',
    snippet: '# Not configurable below Enterprise: send a ping or heartbeat well under 100 s.',
  },
  {
    id: 'aws-alb', name: 'AWS Application Load Balancer', defaultSeconds: 60, kind: 'idle',
    setting: 'load balancer attribute idle_timeout.timeout_seconds (default 60, 1–4000)',
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html',
    snippet: 'aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> \\\n  --attributes Key=idle_timeout.timeout_seconds,Value=3600',
  },
  {
    id: 'gcp-lb', name: 'Google Cloud load balancer', defaultSeconds: 30, kind: 'lifetime',
    setting: 'backend service timeout (timeoutSec, default 30 s), which caps the whole WebSocket lifetime',
    source: 'https://cloud.google.com/load-balancing/docs/https#websocket_proxy_support',
    snippet: 'gcloud compute backend-services update <name> --global --timeout=3600',
  },
  {
    id: 'azure-load-balancer', name: 'Azure Load Balancer', defaultSeconds: 240, kind: 'idle',
    setting: 'load-balancing rule idle timeout (default 4 min, 4–100 min)',
    source: 'https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout',
    snippet: 'az network lb rule update --resource-group <rg> --lb-name <lb> --name <rule> \\\n  --idle-timeout 30 --enable-tcp-reset true',
  },
  {
    id: 'heroku', name: 'Heroku router', defaultSeconds: 55, kind: 'idle',
    setting: '55 s without data either way; not configurable',
    source: 'https://devcenter.heroku.com/articles/websockets#timeouts',
    snippet: '# Not configurable: send data (a ping or heartbeat) at least every 55 s.',
  },
  {
    id: 'fly', name: 'Fly.io proxy', defaultSeconds: 60, kind: 'idle',
    setting: 'about 60 s idle (community reports, not a documented setting)',
    source: 'https://community.fly.io/t/60-second-timeout-for-http-server/1243',
    snippet: '# Send a ping or heartbeat more often than every 60 s.',
  },
  {
    id: 'cowboy', name: 'Cowboy (Phoenix)', defaultSeconds: 60, kind: 'idle',
    setting: 'cowboy_websocket idle_timeout (default 60000 ms); Phoenix socket :timeout',
    source: 'ninenines/cowboy src/cowboy_websocket.erl',
    snippet: 'socket "/socket", MyAppWeb.UserSocket, websocket: [timeout: :infinity]\n# the phoenix.js client heartbeat (30 s) keeps sockets busy',
  },
];

export const IDLE_COMPONENTS: Readonly<Record<IdleComponentId, IdleComponent>> = Object.freeze(
  Object.fromEntries(TABLE.map((c) => [c.id, c])) as Record<IdleComponentId, IdleComponent>,
);

const ALIASES: Readonly<Record<string, IdleComponentId>> = { apache: 'apache-httpd', 'ingress-nginx': 'nginx', alb: 'aws-alb', phoenix: 'cowboy', 'phoenix-cowboy': 'cowboy' };

/** A component by id or a common alias (`apache`, `ingress-nginx`, `alb`), case-insensitive; null when unknown. */
export function idleComponent(id: string): IdleComponent | null {
  const lower = id.trim().toLowerCase();
  const key = (Object.hasOwn(IDLE_COMPONENTS, lower) ? lower : ALIASES[lower]) as IdleComponentId | undefined;
  return key ? IDLE_COMPONENTS[key] : null;
}

/** What a 101's headers reveal, outermost first: a Server value, a Via hop, a header only that component adds. */
interface Sign {
  readonly id: IdleComponentId;
  readonly server?: RegExp;
  readonly via?: RegExp;
  readonly header?: string;
}

const SIGNS: readonly Sign[] = [
  { id: 'cloudflare', server: /^cloudflare$/i },
  { id: 'cloudflare', header: 'cf-ray' },
  { id: 'aws-alb', server: /^awselb\/2\.0$/i },
  { id: 'gcp-lb', via: /(^|,)\s*1\.1 google\b/i },
  { id: 'heroku', via: /\bvegur\b|\bheroku-router\b/i },
  { id: 'fly', server: /^Fly\/[0-9a-f]+/i },
  { id: 'fly', header: 'fly-request-id' },
  { id: 'envoy', server: /^(istio-)?envoy$/i },
  { id: 'envoy', header: 'x-envoy-upstream-service-time' },
  { id: 'nginx', server: /^nginx(\/[\d.]+)?(\s|$)/i },
  { id: 'apache-httpd', server: /^Apache(\/[\d.]+)?(\s|$)/i },
  { id: 'lighttpd', server: /^lighttpd(\/[\d.]+)?$/i },
  { id: 'caddy', server: /^Caddy$/i },
  { id: 'cowboy', server: /^Cowboy$/i },
];

export interface RecognisedComponent {
  readonly component: IdleComponent;
  /** The header that told, e.g. `Server: nginx/1.22.1`. */
  readonly evidence: string;
}

/** The components the 101's headers name; a short stand-in for the handshake fingerprint (issue 9). */
export function componentsOfResponse(headers: HeaderList | null | undefined): RecognisedComponent[] {
  if (!headers) return [];
  const server = headers.first('server')?.trim() ?? '';
  const via = headers.combined('via') ?? '';
  const found: RecognisedComponent[] = [];
  const seen = new Set<IdleComponentId>();
  for (const sign of SIGNS) {
    if (seen.has(sign.id)) continue;
    let evidence: string | null = null;
    if (sign.server && server !== '' && server.length < 200 && sign.server.test(server)) evidence = `Server: ${server}`;
    else if (sign.via && via !== '' && via.length < 2000 && sign.via.test(via)) evidence = `Via: ${via}`;
    else if (sign.header && headers.has(sign.header)) evidence = `${headerName(headers, sign.header)} header`;
    if (evidence === null) continue;
    // Heroku's router answers as Cowboy too; Via: vegur tells it apart.
    if (sign.id === 'cowboy' && seen.has('heroku')) continue;
    seen.add(sign.id);
    found.push({ component: IDLE_COMPONENTS[sign.id], evidence });
  }
  return found;
}

function headerName(headers: HeaderList, lower: string): string {
  return headers.spelling(lower);
}

/** A timeout the user says is configured on the path (CLI `--idle-timeout`), optionally naming the component. */
export interface ConfiguredTimeout {
  readonly seconds: number;
  readonly component?: IdleComponentId | null;
}

/**
 * Whether `observedMs` matches a timeout of `seconds`: a cut comes at the timeout or a
 * little after it (timers tick, lighttpd checks once a second, the browser times its
 * last message when it handled it), never much before. Relative to the value.
 */
export function matchesTimeout(observedMs: number, seconds: number): boolean {
  const expected = seconds * 1000;
  const early = Math.max(500, expected * 0.03);
  const late = Math.max(1500, expected * 0.05);
  return observedMs >= expected - early && observedMs <= expected + late;
}

export interface TimeoutMatch {
  /** The timeout that matched, seconds. */
  readonly seconds: number;
  /** Why this value was a candidate: the user configured it, or it is a component's default. */
  readonly origin: 'configured' | 'default';
  /** The component whose timeout it is, when known. */
  readonly component: IdleComponent | null;
  /** The component's header evidence, when the handshake revealed it. */
  readonly evidence: string | null;
  /** Other components with the same default, when the match came from the table alone. */
  readonly alsoDefaultOf: readonly IdleComponent[];
}

/**
 * The timeout a connection's end matches, best evidence first: a configured value, a
 * recognised component's default, then any known default. `silenceMs` is matched against
 * idle timeouts, `lifetimeMs` against lifetime caps (GCP's backend timeout).
 */
export function matchIdleTimeout(
  silenceMs: number,
  lifetimeMs: number | null,
  recognised: readonly RecognisedComponent[],
  configured: readonly ConfiguredTimeout[] = [],
): TimeoutMatch | null {
  for (const setting of configured) {
    if (!Number.isFinite(setting.seconds) || setting.seconds <= 0) continue;
    if (!matchesTimeout(silenceMs, setting.seconds)) continue;
    const component = setting.component ? IDLE_COMPONENTS[setting.component] : (recognised[0]?.component ?? null);
    const evidence = recognised.find((r) => r.component === component)?.evidence ?? null;
    return { seconds: setting.seconds, origin: 'configured', component, evidence, alsoDefaultOf: [] };
  }
  const observedFor = (c: IdleComponent): number | null => (c.kind === 'lifetime' ? lifetimeMs : silenceMs);
  for (const { component, evidence } of recognised) {
    const observed = observedFor(component);
    if (component.defaultSeconds !== null && observed !== null && matchesTimeout(observed, component.defaultSeconds)) {
      return { seconds: component.defaultSeconds, origin: 'default', component, evidence, alsoDefaultOf: [] };
    }
  }
  const candidates = TABLE.filter((c) => {
    const observed = observedFor(c);
    return c.defaultSeconds !== null && observed !== null && matchesTimeout(observed, c.defaultSeconds);
  });
  const first = candidates[0];
  if (!first) return null;
  return { seconds: first.defaultSeconds!, origin: 'default', component: null, evidence: null, alsoDefaultOf: candidates.filter((c) => c.defaultSeconds === first.defaultSeconds) };
}
