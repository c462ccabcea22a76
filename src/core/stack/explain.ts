/**
 * What a recognised answer means for this handshake, in words, and the fix for
 * the component at fault: a proxy signature plus an app's "this was not an
 * upgrade" answer means the proxy dropped Upgrade/Connection; a proxy's own
 * error page means what that proxy means by its status (Apache's 503 for a
 * refused connection is nginx's 502); and so on (fingerprints.ts holds the
 * facts, this module the sentences). Pure.
 */
import type { HandshakeResponse } from '../model.js';
import { COMPONENT_BY_ID, type Cause, type Component, type ComponentFixes } from './fingerprints.js';
import { sightingName, type Sighting, type StackReading } from './identify.js';

export interface DiagnosisInput {
  readonly response: HandshakeResponse;
  readonly reading: StackReading;
  /** The request carried `Upgrade: websocket` and `Connection: Upgrade` (what browsers send); null when the request is unknown. */
  readonly requestUpgrade: boolean | null;
  /** The request's path and query, for messages. */
  readonly path: string | null;
  /** The request offered `Sec-WebSocket-Version: 13` (what browsers send). */
  readonly requestVersion13: boolean;
}

export interface StackDiagnosis {
  readonly cause: Cause;
  /** Whose answer it is: the component that wrote the body, or the proxy when only its headers tell. */
  readonly writer: Sighting | null;
  readonly proxy: Sighting | null;
  readonly app: Sighting | null;
  /** The body line that tells, or null. */
  readonly quote: string | null;
  /** A proxy dropped the WebSocket upgrade on its way to the app (the `proxy-dropped-upgrade` finding). */
  readonly droppedUpgrade: boolean;
  /** A clause for the summary that leads with the hop, e.g. "nginx did not pass the WebSocket upgrade on". */
  readonly headline: string;
  /** Sentences for the status finding, after the status line. */
  readonly detail: string;
  readonly fix: string;
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

/** The fix text a component has for a kind of cause, or null. */
function fixOf(sighting: Sighting | null, key: keyof ComponentFixes): string | null {
  return sighting?.component.fixes?.[key] ?? null;
}

/** Every proxy's way of passing the upgrade on, for when none was identified. */
export const ANY_PROXY_UPGRADE_FIX = `Make every hop between the browser and the app pass \`Upgrade\` and \`Connection\` on (they are hop-by-hop headers: a proxy drops them unless told):
- nginx: \`proxy_http_version 1.1;\` \`proxy_set_header Upgrade $http_upgrade;\` \`proxy_set_header Connection "upgrade";\`
- Apache httpd: \`ProxyPass /ws http://app:8080/ws upgrade=websocket\` (before any \`ProxyPass /\`)
- HAProxy: no \`http-request del-header Connection\` / \`set-header Connection close\`; \`timeout tunnel 1h\`
- Caddy: no \`header_up -Connection\` / \`header_up -Upgrade\`
- lighttpd: \`proxy.header = ( "upgrade" => "enable" )\`
- Envoy: \`upgrade_configs: [{ upgrade_type: websocket }]\`; IIS: the WebSocket Protocol feature and \`<webSocket enabled="true" />\`
- Cloudflare: Network → WebSockets On; AWS Classic ELB: a TCP listener`;

const HOST_FIX_ANY = 'If a proxy is in front, make it pass the browser\'s Host with its port: nginx `proxy_set_header Host $http_host;`, Apache `ProxyPreserveHost On` (HAProxy, Caddy and lighttpd keep it).';

const PATH_FIX_ANY = 'If a proxy is in front, make it keep the path: nginx `proxy_pass http://app:8080;` (no URI part: `http://app:8080/` replaces the location prefix), Caddy `handle /ws*` (not `handle_path`, which strips the prefix).';

/** How the answer reads, for messages: "426 `Upgrade Required`", "502 with an empty body", or just "404" when the body is unknown. */
function answerText(quote: string | null, status: number, emptyBody = false): string {
  return quote ? `${status} ${code(quote)}` : emptyBody ? `${status} with an empty body` : String(status);
}

function join(...parts: ReadonlyArray<string | null | undefined>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n\n');
}

/** The diagnosis of a recognised answer; null when nothing in it is recognised. */
export function diagnose(input: DiagnosisInput): StackDiagnosis | null {
  const { reading, response } = input;
  const status = response.status;
  const body = reading.body;
  const proxy = reading.proxy;
  const app = reading.app;
  const bodyUnknown = typeof response.bodyStart !== 'string' && !reading.emptyBody;
  const statusCause = body ? null : causeOfStatus(status, proxy, input.requestVersion13);
  const headerCause = body || statusCause ? null : causeOfHeaders(status, app, bodyUnknown);
  const cause: Cause | null = body?.signature.cause ?? statusCause ?? headerCause;
  if (cause === null) return null;
  const writerComponent: Component | null = body?.component ?? (headerCause ? app?.component : proxy?.component) ?? null;
  const writer = writerComponent ? reading.sightings.find((s) => s.component.id === writerComponent.id) ?? null : null;
  const quote = body ? (body.quote === '' ? null : body.quote) : reading.firstLine;
  const writerName = body?.signature.writer ?? (writer ? sightingName(writer, body?.alternative ?? null) : 'the server');
  const ownPage = writer !== null && writer.component.role === 'proxy';
  const through = proxy && writer && proxy.component.id !== writer.component.id ? ` through ${sightingName(proxy)}` : '';
  const meaning = body ? ` ${capitalize(body.signature.meaning)}` : '';
  const base = { cause, writer, proxy, app, quote };
  const answered = answerText(quote, status, reading.emptyBody);

  switch (cause) {
    case 'no-upgrade':
    case 'no-upgrade-or-no-route': {
      const ambiguous = cause === 'no-upgrade-or-no-route';
      if (input.requestUpgrade === false) {
        return {
          ...base,
          droppedUpgrade: false,
          headline: `${writerName} answered ${answered}: the request itself carried no WebSocket upgrade`,
          detail: `${writerName} answered ${answered}${through}: its answer to a request without \`Upgrade: websocket\` and \`Connection: Upgrade\`, and the request indeed has none.${meaning}`,
          fix: 'Send the handshake headers from the client (`Upgrade: websocket`, `Connection: Upgrade`, `Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`); a browser\'s WebSocket constructor always does.',
        };
      }
      if (proxy) {
        const proxyName = sightingName(proxy);
        const appName = writerName;
        const alternative = ambiguous
          ? `\n\nIf ${proxyName} already passes the upgrade on, the app has no WebSocket server on ${code(input.path ?? '/')}: ${fixOf(writer, 'app') ?? 'attach one on that path.'}`
          : '';
        return {
          ...base,
          droppedUpgrade: true,
          headline: `${proxyName} ${ambiguous ? 'most likely did' : 'did'} not pass the WebSocket upgrade on: ${appName} answered ${answered} to a plain request`,
          detail: `${proxyName} relayed ${appName}'s answer to a request without a WebSocket upgrade: ${answered}.${meaning} The browser sends \`Upgrade: websocket\` and \`Connection: Upgrade\`, so ${ambiguous ? 'most likely ' : ''}${proxyName} did not pass them on.${ambiguous ? ` Or the app has no WebSocket server on ${code(input.path ?? '/')}.` : ''}`,
          fix: `${fixOf(proxy, 'upgrade') ?? ANY_PROXY_UPGRADE_FIX}${alternative}`,
        };
      }
      if (ambiguous) {
        return {
          ...base,
          droppedUpgrade: false,
          headline: `${writerName} answered ${answered}: no WebSocket server took the request`,
          detail: `${writerName} answered ${answered}.${meaning} Either no WebSocket server is attached on ${code(input.path ?? '/')}, or a hop in front dropped \`Upgrade\`/\`Connection\` (no proxy is named in the response).`,
          fix: join(fixOf(writer, 'app') ?? 'Attach the WebSocket server on the path the client opens.', `If a proxy is in front: ${ANY_PROXY_UPGRADE_FIX}`),
        };
      }
      return {
        ...base,
        droppedUpgrade: input.requestUpgrade === true,
        headline: `a hop dropped the WebSocket upgrade: ${writerName} answered ${answered} to a plain request`,
        detail: `${writerName} answered ${answered}, its answer to a request without a WebSocket upgrade.${meaning}${input.requestUpgrade ? ' The request had `Upgrade: websocket` and `Connection: Upgrade`, so a proxy or load balancer between them dropped the headers (none is named in the response).' : ''}`,
        fix: ANY_PROXY_UPGRADE_FIX,
      };
    }
    case 'path-not-served': {
      const proxyPath = fixOf(proxy, 'path');
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName}${through} does not serve the path it received`,
        detail: `${writerName} answered ${answered}${through}.${meaning} The upgrade reached it, but not on a path it serves: the client's path ${code(input.path ?? '/')} is wrong, or ${proxy ? sightingName(proxy) : 'a proxy in front'} changed it on the way.`,
        fix: join(proxyPath ?? PATH_FIX_ANY, fixOf(writer, 'app')),
      };
    }
    case 'origin-refused': {
      const hostFix = fixOf(proxy, 'host');
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} refused the page's Origin${proxy ? `; ${sightingName(proxy)} probably passed it another Host` : ''}`,
        detail: `${writerName} answered ${answered}${through}.${meaning} Such checks compare \`Origin\` with \`Host\`${proxy ? `, and behind ${sightingName(proxy)} the Host the app sees is the one the proxy sends` : ''}.`,
        fix: join(hostFix ?? HOST_FIX_ANY, fixOf(writer, 'origin')),
      };
    }
    case 'http10-upstream':
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} refused the HTTP/1.0 request ${proxy ? sightingName(proxy) : 'a proxy'} sent it`,
        detail: `${writerName} answered ${answered}${through}.${meaning}`,
        // nginx is the proxy that sends HTTP/1.0 upstream by default.
        fix: fixOf(proxy, 'http11') ?? COMPONENT_BY_ID.nginx.fixes?.http11 ?? 'Make the proxy speak HTTP/1.1 to the app.',
      };
    case 'plain-http-to-tls':
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} says the port speaks TLS: use wss://`,
        detail: `${writerName} answered ${answered}.${meaning}`,
        fix: 'Open the socket with `wss://` for this port (or connect `ws://` to the server\'s plain-HTTP port). Pages served over https:// must use wss:// anyway.',
      };
    case 'redirect': {
      const location = response.headers.first('location');
      const to = location ? ` to ${code(location)}` : '';
      const trailingSlash = location !== null && input.path !== null && isSlashRedirect(input.path, location);
      const wsLocation = location !== null && /^wss?:/i.test(location);
      const why = trailingSlash
        ? ` It only adds a trailing slash: the proxy's route is \`${pathOf(location)}\` and the client opens ${code(input.path ?? '')}.`
        : wsLocation
          ? ' It redirects to a ws:// URL: a rewrite rule meant to proxy is sending the client away instead.'
          : '';
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} redirects${to}, and WebSocket clients do not follow redirects`,
        detail: `${writerName} answered ${status}${to} itself.${meaning}${why}`,
        fix: fixOf(writer, 'redirect') ?? `Point the client at the final URL${location ? ` (${location})` : ''}, or make the server answer at the URL the client opens.`,
      };
    }
    case 'no-route':
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} has no route for ${code(input.path ?? '/')}`,
        detail: `${writerName} answered ${answered} itself: the request never reached the app.${meaning}`,
        fix: fixOf(writer, 'route') ?? 'Route the WebSocket path to the WebSocket server.',
      };
    case 'upstream-unreachable':
    case 'no-live-upstream':
    case 'upstream-timeout': {
      const key: keyof ComponentFixes = cause === 'upstream-unreachable' ? 'upstream' : cause === 'no-live-upstream' ? 'liveServer' : 'timeout';
      const what =
        cause === 'upstream-unreachable'
          ? 'could not get an answer from the WebSocket server behind it'
          : cause === 'no-live-upstream'
            ? 'has no live server for this request'
            : 'waited for the WebSocket server behind it, which did not answer in time';
      const own = ownPage ? ' itself (its own error page)' : '';
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} ${what} (${status})`,
        detail: `${writerName} answered ${answered}${own}: it ${what}.${meaning}`,
        fix: fixOf(writer, key) ?? fixOf(proxy, key) ?? GENERIC_5XX_FIX[cause],
      };
    }
    case 'upgrade-not-enabled':
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} refuses WebSocket upgrades on this route`,
        detail: `${writerName} answered ${answered} itself.${meaning}`,
        fix: fixOf(writer, 'enableUpgrade') ?? fixOf(writer, 'upgrade') ?? 'Enable WebSocket upgrades on the route.',
      };
    case 'access-denied':
    case 'rate-limited':
    case 'bad-request':
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} ${cause === 'access-denied' ? 'refused' : cause === 'rate-limited' ? 'turned away' : 'rejected'} the request itself (${status})`,
        detail: `${writerName} answered ${answered} itself: the request never reached the app.${meaning}`,
        fix: cause === 'rate-limited'
          ? fixOf(writer, 'liveServer') ?? 'Raise or exempt the rate limit for the WebSocket path, and reconnect with backoff.'
          : cause === 'access-denied'
            ? `Allow the WebSocket path in ${writerName}'s access rules (or send the credentials they expect).`
            : `Read ${writerName}'s error log for the reason; a TLS ClientHello on a plain port means the URL says wss:// for a plain-HTTP port (use ws://).`,
      };
    case 'plain-page': {
      const route = fixOf(proxy, 'route');
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} served a plain page${through}: the WebSocket path goes to the web app, not the WebSocket server`,
        detail: `${writerName} answered ${answered}${through}.${meaning} The request was routed to an ordinary HTTP handler.`,
        fix: join(route, fixOf(writer, 'route') ?? 'Route the WebSocket path to the WebSocket server, ahead of any catch-all.'),
      };
    }
    case 'no-websocket-support':
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} cannot accept WebSockets as it runs`,
        detail: `${writerName} answered ${answered}${through}.${meaning}`,
        fix: fixOf(writer, 'app') ?? 'Run the app on a server that can upgrade to WebSocket.',
      };
    case 'session-unknown':
    case 'client-version':
    case 'auth-refused':
    case 'server-error':
      return {
        ...base,
        droppedUpgrade: false,
        headline: `${writerName} refused the handshake${through}: ${code(quote ?? String(status))}`,
        detail: `${writerName} answered ${answered}${through}.${meaning}`,
        fix: fixOf(writer, 'app') ?? fixOf(writer, 'origin') ?? 'Read the server\'s log for the reason.',
      };
  }
}

const GENERIC_5XX_FIX: Readonly<Record<'upstream-unreachable' | 'no-live-upstream' | 'upstream-timeout', string>> = {
  'upstream-unreachable': 'Make sure the proxy points at the running WebSocket server (address, port, http:// vs https://) and read its error log for the refusal or reset.',
  'no-live-upstream': 'Start the backend (or fix its address), make its health check pass, and check that a backend is chosen for this path.',
  'upstream-timeout': 'Find out why the app does not answer the upgrade (its log; is the upstream address really the WebSocket server?); raise the proxy\'s read timeout only for long idle sockets.',
};

/** Without a recognised body, a proxy's status still means something. */
function causeOfStatus(status: number, proxy: Sighting | null, version13: boolean): Cause | null {
  if (!proxy) return null;
  // A 426 to version 13 through a proxy: the app saw no upgrade (to another version it is the version).
  if (status === 426) return version13 ? 'no-upgrade' : null;
  if (status === 502 || status === 520 || status === 521 || status === 522 || status === 523) return 'upstream-unreachable';
  if (status === 503) return 'no-live-upstream';
  if (status === 504 || status === 524) return 'upstream-timeout';
  return null;
}

/**
 * Without the body (Firefox and many proxy HARs keep only the headers), an app's header still
 * tells: express's 404 (`X-Powered-By: Express`) is its router's answer to a plain request.
 */
function causeOfHeaders(status: number, app: Sighting | null, bodyUnknown: boolean): Cause | null {
  if (!bodyUnknown || !app || app.by !== 'header') return null;
  if (app.component.id === 'express' && status === 404) return 'no-upgrade-or-no-route';
  if (app.component.id === 'express' && status === 200) return 'plain-page';
  return null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pathOf(location: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(location);
  return match ? match[1] || '/' : location.split(/[?#]/)[0]!;
}

/** A redirect that only adds (or removes) a trailing slash to the same path. */
function isSlashRedirect(path: string, location: string): boolean {
  const from = path.split(/[?#]/)[0]!;
  const to = pathOf(location);
  return to === `${from}/` || `${to}/` === from;
}
