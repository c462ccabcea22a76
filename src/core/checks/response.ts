/**
 * Response checks (server → client), RFC 6455 §4.1 (client side) and §4.2.2:
 * the status, then, only for a 101 over HTTP/1.1, Upgrade, Connection and
 * Sec-WebSocket-Accept. Over h2/h3 (RFC 8441/9220) 200 is success and none of
 * the 101 headers are expected. Also the status-class wording that
 * browser-reasons.ts and summary.ts share.
 */
import type { Check, HandshakeContext } from '../context.js';
import { isOnlyToken, listHasToken, parseTokenList } from '../headers.js';
import type { Finding } from '../model.js';
import { finding } from '../finding.js';
import { sentenceStart, sightingName } from '../stack/identify.js';

/** What a status says about the failure: a short cause (for the summary), a detail (for the finding) and a fix. */
export interface StatusClass {
  /** A clause for the summary, e.g. `the WebSocket path is wrong`. */
  readonly cause: string;
  /** A sentence or two for the finding message. */
  readonly detail: string;
  readonly fix: string;
}

/**
 * Names the class of a non-success status. `context` supplies the Location of a
 * redirect, the request's version and Upgrade (for 426) and the transport.
 */
export function describeStatus(status: number, statusText: string, context: HandshakeContext): StatusClass {
  const response = context.response;
  const request = context.request;
  // A recognised answer names the component and its fix (stack/explain.ts).
  const diagnosis = context.diagnosis;
  if (diagnosis && response?.status === status) {
    // proxy-dropped-upgrade carries the proxy's fix; the status finding points there instead of repeating it.
    if (diagnosis.droppedUpgrade) {
      const proxy = diagnosis.proxy ? sightingName(diagnosis.proxy) : 'a proxy in front';
      return {
        cause: diagnosis.headline,
        detail: `${sentenceStart(diagnosis.headline)} (see \`proxy-dropped-upgrade\`).`,
        fix: `Make ${proxy} pass the WebSocket upgrade on: the \`proxy-dropped-upgrade\` finding has its configuration.`,
      };
    }
    return { cause: diagnosis.headline, detail: diagnosis.detail, fix: diagnosis.fix };
  }
  if (status >= 300 && status < 400) {
    const location = response?.headers.first('location') ?? null;
    const to = location ? ` to \`${location}\`` : '';
    return {
      cause: `it redirects${to}, and WebSocket clients do not follow redirects`,
      detail: `A redirect${to}: WebSocket clients (browsers included) do not follow redirects, so the handshake fails.`,
      fix: `Point the client at the final URL${location ? ` (${location})` : ''}: typical causes are ws:// → wss://, a missing or extra trailing slash, or a login redirect; or serve the WebSocket at the requested URL.`,
    };
  }
  if (status === 401) {
    return {
      cause: 'the server wants authentication',
      detail: 'The server asks for authentication; a browser WebSocket cannot send an Authorization header.',
      fix: 'Authenticate the WebSocket with a cookie set before opening it, a short-lived ticket, or a token in the first message; check the server logs for why the credentials were refused.',
    };
  }
  if (status === 403) {
    return {
      cause: 'the server refused it, most often an Origin check or missing credentials',
      detail: 'The server refused the handshake: most often its Origin check (the page\'s origin is not on its allow-list) or missing credentials.',
      fix: `Add the page's origin${request?.headers.first('origin') ? ` (${request.headers.first('origin')})` : ''} to the server's allowed origins (e.g. socket.io cors.origin, Spring setAllowedOrigins, ws verifyClient), or send the credentials the server expects.`,
    };
  }
  if (status === 404) {
    return {
      cause: 'the WebSocket path is wrong',
      detail: 'No WebSocket route at this path: the URL\'s path is wrong, or the proxy in front does not route it to the WebSocket server.',
      fix: 'Use the path the server registers its WebSocket handler on (mind trailing slashes and prefixes such as /socket.io/ or /ws), and check the proxy\'s location/route rules.',
    };
  }
  if (status === 407) {
    return {
      cause: 'a proxy wants authentication',
      detail: 'A forward proxy between client and server asks for authentication (407).',
      fix: 'Configure credentials for the proxy, or let WebSocket traffic bypass it.',
    };
  }
  if (status === 426) {
    const listed = response?.headers.combined('sec-websocket-version') ?? null;
    const sentVersion = request?.headers.first('sec-websocket-version') ?? null;
    const sentUpgrade = request ? listHasToken(request.headers.combined('upgrade'), 'websocket') : false;
    const versions = listed ? ` The server lists the versions it supports: \`${listed}\`.` : ' The server did not list the versions it supports (Sec-WebSocket-Version).';
    const proxy =
      sentVersion === '13' && sentUpgrade
        ? ' The request did carry Upgrade: websocket and version 13, so a proxy most likely removed Upgrade/Connection before the server saw it (usual in a browser capture).'
        : '';
    return {
      cause: proxy ? 'the server did not see a WebSocket upgrade, most likely because a proxy removed Upgrade/Connection' : 'the server did not see a WebSocket upgrade it supports',
      detail: `426 Upgrade Required: the server did not see a WebSocket request it supports.${versions}${proxy}`,
      fix: 'Make every proxy pass the upgrade through (nginx: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"), and send Sec-WebSocket-Version: 13. A server refusing a version should list its versions in Sec-WebSocket-Version.',
    };
  }
  if (status === 429) {
    return {
      cause: 'the server is rate-limiting the client',
      detail: 'Too Many Requests: the server (or a gateway) is rate-limiting connection attempts.',
      fix: 'Reconnect with exponential backoff and jitter instead of immediately, and check the gateway\'s rate limits for WebSocket upgrades.',
    };
  }
  if (status >= 500 && status < 600) return describeServerError(status, statusText, context);
  if (status === 200 && !context.extendedConnect) {
    return {
      cause: 'the URL is served by a plain HTTP route, or a proxy dropped the Upgrade',
      detail: 'A plain 200: the URL is served by an ordinary HTTP route (a SPA fallback, a static file), or a proxy dropped the Upgrade and the server answered a normal GET.',
      fix: 'Route the WebSocket path to the WebSocket handler ahead of any catch-all route, and make the proxy pass Upgrade and Connection (nginx: proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade").',
    };
  }
  if (status === 400) {
    return {
      cause: 'the server rejected the handshake request',
      detail: 'Bad Request: the server rejected the handshake (a header it did not like, a bad key or version, a missing query parameter). engine.io (socket.io) answers every refused upgrade with 400, e.g. an unknown sid or a transport it does not allow.',
      fix: 'Read the response body and the server logs for the reason; with socket.io, connect with the same client major version as the server and allow the websocket transport.',
    };
  }
  if (context.extendedConnect) {
    return {
      cause: 'the server did not accept the extended CONNECT',
      detail: `Over ${context.transport === 'h3' ? 'HTTP/3' : 'HTTP/2'} a WebSocket is accepted with 200 (RFC ${context.transport === 'h3' ? '9220' : '8441'}); any other status refuses it.`,
      fix: 'Answer the extended CONNECT (:protocol: websocket) with 200, or turn off SETTINGS_ENABLE_CONNECT_PROTOCOL so browsers use HTTP/1.1 Upgrade instead.',
    };
  }
  return {
    cause: 'the server did not switch protocols',
    detail: 'The server did not switch to the WebSocket protocol.',
    fix: 'Answer a valid WebSocket request with "HTTP/1.1 101 Switching Protocols".',
  };
}

/**
 * 5xx by meaning: 502 the hop could not get an answer from the app, 503 it has no live
 * server, 504 the app did not answer in time; who says so is named where the answer shows it
 * (stack/explain.ts), so this is the wording when nothing in the answer is recognised.
 */
function describeServerError(status: number, statusText: string, context: HandshakeContext): StatusClass {
  // Chromium writes "503 Connection Error" itself after a read error on a 101; no other source does.
  const capturedBy = context.handshake.capturedBy ?? null;
  if (status === 503 && /connection error/i.test(statusText) && (capturedBy === 'chromium' || capturedBy === null)) {
    return {
      cause: 'the connection broke right after the response (Chromium writes this status itself after a read error)',
      detail: '"503 Connection Error" is what Chromium writes itself after a read error on a 101: the server may have answered 101 and then dropped the connection.',
      fix: 'Replay the handshake with `ws-handshake probe` to see what the server really sent, and check the server and proxy logs for a connection dropped right after the upgrade.',
    };
  }
  if (status === 502) {
    return {
      cause: 'a proxy in front could not get an answer from the WebSocket server',
      detail: '502 Bad Gateway: a proxy or gateway in front of the app could not get a valid answer from it: nothing listens at the address it proxies to (refused), the app closed or reset the connection before answering (a crash, or a server that ignores upgrades on that path), or the two speak different protocols (TLS to a plain port). Apache also answers 502 when the app did not answer within `ProxyTimeout`.',
      fix: 'Read the proxy\'s error log at that time: it names the refusal, reset or timeout. Point the proxy at the running WebSocket server (address, port, `http://` vs `https://`).',
    };
  }
  if (status === 503) {
    return {
      cause: 'the proxy or server has no live backend for it (down, failing health checks, or none chosen), or is turning requests away',
      detail: '503 Service Unavailable: no live server for this request. The proxy\'s backend is down or failing its health checks (Apache, HAProxy and lighttpd answer 503 to a refused connection), no backend is chosen for this path, or a rate limit or maintenance mode turned it away.',
      fix: 'Start the backend (or fix its address), make its health check pass (use a plain HTTP path for it), and check that the proxy routes this path to a backend.',
    };
  }
  if (status === 504) {
    return {
      cause: 'a proxy in front waited for the WebSocket server, which did not answer in time',
      detail: '504 Gateway Timeout: a proxy reached the app but got no answer within its read timeout (nginx `proxy_read_timeout` 60 s, HAProxy `timeout server`, an AWS ALB\'s idle timeout): the app hangs on the upgrade request, or the upstream address is something that accepts connections and never answers (a TLS port, another service).',
      fix: 'Find out why the app does not answer the upgrade (its log; is the proxy\'s upstream address really the WebSocket server?). Raise the proxy\'s read timeout only for long idle sockets.',
    };
  }
  if (status === 500) {
    return {
      cause: 'the server failed on the upgrade request',
      detail: '500 Internal Server Error: the app failed on the upgrade request (an exception in its handler), or a proxy hit an error of its own (lighttpd answers 500 when the backend reset the connection).',
      fix: 'Read the server\'s log at that time for the exception.',
    };
  }
  return {
    cause: 'the server or a proxy in front of it failed',
    detail: `A server error (${status}): the application failed on the upgrade request, or a proxy or load balancer in front of it did.`,
    fix: 'Check the server and proxy logs at that time.',
  };
}

/** `HTTP/1.0` → [1, 0]; null when the text is not an HTTP version. */
export function parseHttpVersion(text: string | null): readonly [number, number] | null {
  if (text === null) return null; // most sources show no request or status line
  const match = /^HTTP\/(\d+)(?:\.(\d+))?$/i.exec((text ?? '').trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? '0')];
}

/** True for a version known to be below HTTP/1.1 (HTTP/1.0, HTTP/0.9). */
export function isBelowHttp11(text: string | null): boolean {
  const version = parseHttpVersion(text);
  return version !== null && (version[0] < 1 || (version[0] === 1 && version[1] < 1));
}

const statusLine = (status: number, statusText: string): string => `${status}${statusText ? ` ${statusText}` : ''}`;

// RFC 6455 §4.1 client (1); over h2/h3 200 is success (RFC 8441 §5, RFC 9220 §3).
const checkStatus: Check = (context) => {
  const response = context.response;
  if (!response) return [];
  const expected = context.successStatus;
  if (response.status === expected) return [];
  const statusText = String(response.statusText ?? '').trim();
  const described = describeStatus(response.status, statusText, context);
  // Over h2/h3 the rule's "not 101" title and RFC 6455 section would mislead: success is a 200 to the CONNECT.
  const h3 = context.transport === 'h3';
  const connect = context.extendedConnect
    ? {
        title: `Extended CONNECT not answered with 200 (${h3 ? 'HTTP/3' : 'HTTP/2'})`,
        spec: h3 ? { text: 'RFC 9220 §3', url: 'https://www.rfc-editor.org/rfc/rfc9220#section-3' } : { text: 'RFC 8441 §5', url: 'https://www.rfc-editor.org/rfc/rfc8441#section-5' },
      }
    : {};
  return [
    finding('status-not-101', `The server answered \`${statusLine(response.status, statusText)}\` instead of ${expected}. ${described.detail}`, {
      fix: described.fix,
      ...connect,
    }),
  ];
};

// RFC 6455 §4.1: the status line must be HTTP/1.1 or higher.
const checkHttpVersion: Check = (context) => {
  const version = context.response?.httpVersion ?? null;
  if (!isBelowHttp11(version)) return [];
  return [finding('response-http-version', `The status line says \`${version}\`; switching protocols needs HTTP/1.1.`)];
};

/** The 101-specific checks run only for a 101 over HTTP/1.1: on a 404 a missing accept is not news. */
function switchedResponse(context: HandshakeContext): NonNullable<HandshakeContext['response']> | null {
  const response = context.response;
  if (!response || context.extendedConnect || response.status !== 101) return null;
  return response;
}

const quoted = (values: readonly string[]): string => values.map((v) => `\`${v.trim()}\``).join(', ');

// RFC 6455 §4.1 client (2): exactly one token, `websocket`, case-insensitive (Chromium splits on commas).
const checkUpgrade: Check = (context) => {
  const response = switchedResponse(context);
  if (!response) return [];
  const lines = response.headers.getAll('upgrade');
  if (lines.length === 0) return [finding('upgrade-missing', 'The 101 response has no Upgrade header.', { header: 'Upgrade' })];
  const findings: Finding[] = [];
  if (lines.length > 1) {
    findings.push(finding('header-duplicate', `The 101 response carries Upgrade ${lines.length} times: ${quoted(lines)}.`, { header: 'Upgrade' }));
  }
  const wrong = lines.filter((line) => !isOnlyToken(line, 'websocket'));
  if (wrong.length > 0) {
    const list = parseTokenList(wrong[0]!);
    const why = list.tokens.length + list.invalid.length > 1 ? ' (a list: browsers split on commas and refuse it)' : '';
    findings.push(finding('upgrade-not-websocket', `The server sent \`Upgrade: ${wrong[0]!.trim()}\`${why}; expected \`websocket\`.`, { header: 'Upgrade' }));
  }
  return findings;
};

// RFC 6455 §4.1 client (3): a token list containing Upgrade; repeated lines combine (RFC 9110 §5.3).
const checkConnection: Check = (context) => {
  const response = switchedResponse(context);
  if (!response) return [];
  const combined = response.headers.combined('connection');
  if (combined === null) return [finding('connection-missing-upgrade', 'The 101 response has no Connection header.', { header: 'Connection' })];
  if (listHasToken(combined, 'upgrade')) return [];
  return [finding('connection-missing-upgrade', `The server sent \`Connection: ${combined}\`, which lacks the \`Upgrade\` token.`, { header: 'Connection' })];
};

// RFC 6455 §4.1 client (4), §4.2.2 (5.4): present once, equal to base64(SHA-1(key + GUID)).
const checkAccept: Check = (context) => {
  const response = switchedResponse(context);
  if (!response) return [];
  const lines = response.headers.getAll('sec-websocket-accept');
  if (lines.length === 0) {
    const should = context.expectedAccept ? ` It should have been \`${context.expectedAccept}\`.` : '';
    return [finding('accept-missing', `The 101 response has no Sec-WebSocket-Accept.${should}`, { header: 'Sec-WebSocket-Accept' })];
  }
  const findings: Finding[] = [];
  if (lines.length > 1) {
    findings.push(finding('header-duplicate', `The 101 response carries Sec-WebSocket-Accept ${lines.length} times: ${quoted(lines)}.`, { header: 'Sec-WebSocket-Accept' }));
  }
  const { expectedAccept, actualAccept, key } = context;
  if (expectedAccept !== null && actualAccept !== null && actualAccept !== expectedAccept) {
    const bug = context.acceptDiagnosis ? ` Likely bug: ${context.acceptDiagnosis}.` : '';
    findings.push(
      finding('accept-mismatch', `The server sent \`${actualAccept}\`, expected \`${expectedAccept}\` for the key \`${key ?? ''}\`.${bug}`, {
        header: 'Sec-WebSocket-Accept',
      }),
    );
  }
  return findings;
};

// Chromium checks in this order (status, Upgrade, Accept, Connection): the first finding matches what it reports.
export const responseChecks: readonly Check[] = [checkStatus, checkHttpVersion, checkUpgrade, checkAccept, checkConnection];
