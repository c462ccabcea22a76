/**
 * The browser's own reason for refusing a handshake → a rule. Chromium hides a
 * rejected handshake's response and gives only a reason (shared/RULES.md,
 * "Browser reasons → rules"), so this is often all the panel knows, plus the
 * request and the accept it can compute itself.
 *
 * Reasons read from Chromium's net/websockets sources (websocket_basic_handshake_stream.cc,
 * websocket_handshake_stream_base.cc, websocket_deflate_parameters.cc,
 * websocket_http2/http3_handshake_stream.cc, websocket_stream.cc) and Blink:
 *
 * | reason (after "Error during WebSocket handshake: " where Chromium adds it) | rule |
 * |---|---|
 * | Incorrect 'Sec-WebSocket-Accept' header value | accept-mismatch |
 * | 'Sec-WebSocket-Accept' header is missing | accept-missing |
 * | 'Upgrade' header is missing | upgrade-missing |
 * | 'Connection' header is missing | connection-missing-upgrade |
 * | '<name>' header must not appear more than once in a response (Upgrade, Sec-WebSocket-Accept) | header-duplicate |
 * | 'Sec-WebSocket-Protocol' header must not appear more than once in a response | protocol-multiple |
 * | 'Upgrade' header value is not 'WebSocket': … | upgrade-not-websocket |
 * | 'Connection' header value must contain 'Upgrade' | connection-missing-upgrade |
 * | Unexpected response code: N | status-not-101 (N gives the class) |
 * | Invalid status line (an HTTP/0.9-looking answer: not HTTP) | status-not-101 |
 * | HTTP Authentication failed; no valid credentials available | status-not-101 (401) |
 * | Proxy authentication failed | status-not-101 (407) |
 * | Response must not include 'Sec-WebSocket-Protocol' header if not present in request: … | protocol-not-requested |
 * | 'Sec-WebSocket-Protocol' header value '…' in response does not match any of sent values | protocol-not-offered |
 * | Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received | protocol-missing |
 * | Found an unsupported extension '…' in 'Sec-WebSocket-Extensions' header | extension-not-offered |
 * | 'Sec-WebSocket-Extensions' header value is rejected by the parser: … | extension-malformed |
 * | Received duplicate permessage-deflate response | deflate-invalid-param |
 * | Error in permessage-deflate: … (duplicate / invalid / unexpected parameter, client_max_window_bits must have value) | deflate-invalid-param |
 * | net::ERR_… (read error on the response) | no-response |
 * | Connection closed before receiving a handshake response | no-response |
 * | Error in connection establishment: net::ERR_… | no-response |
 * | Establishing a tunnel via proxy server failed. | no-response |
 * | WebSocket opening handshake timed out | no-response |
 * | WebSocket opening handshake was canceled | no-response |
 * | Stream closed with error: net::ERR_… (HTTP/2, HTTP/3) | no-response |
 * | Connection closed before sending request. (HTTP/2 session gone) | no-response |
 * | Error getting IP address. (HTTP/2) | no-response |
 * | WebSocket is closed before the connection is established. (Blink) | client-closed-early |
 * | "" (empty; e.g. with the webRequest permission) and no response | no-response |
 * | anything else | browser-rejected |
 */
import type { Check, HandshakeContext } from '../context.js';
import { extensionChecks } from './extensions.js';
import type { ConnectionFailure, Finding, Handshake } from '../model.js';
import { describeStatus, responseChecks } from './response.js';
import { finding } from '../finding.js';
import { RULES, type RuleId } from '../rules.js';
import { subprotocolChecks } from './subprotocol.js';
import { likelyCauses } from '../stack/likely.js';
import { probeCommand, replayInputOfHandshake } from '../replay.js';
import { trimEndDotsAndSpaces } from '../text.js';

/** What a browser reason says, as data. */
export interface BrowserReason {
  readonly rule: RuleId;
  /** The reason without Chromium's prefixes, trimmed. */
  readonly reason: string;
  /** The header the reason is about (canonical case), or null. */
  readonly header: string | null;
  /** The status the reason names (`Unexpected response code: N`, 401/407 auth failures), or null. */
  readonly status: number | null;
  /** The `net::ERR_…` code the reason names, or null. */
  readonly netError: string | null;
  /** A value the reason quotes (the Upgrade value, a subprotocol, an extension, a deflate detail), or null. */
  readonly value: string | null;
}

/** Chromium's prefix on a handshake failure in `_webSocketMessages` (shared/PLATFORM.md); reasons are kept without it. */
export const CHROMIUM_HANDSHAKE_PREFIX = 'Error during WebSocket handshake:';

const PREFIXES = [
  // The console adds this before the reason; DevTools' _webSocketMessages does not.
  /^WebSocket connection to '[^']*' failed:\s*/,
  new RegExp(`^${CHROMIUM_HANDSHAKE_PREFIX}\\s*`),
];

/** Strips the console and handshake prefixes, which sources may or may not have removed. */
export function stripReasonPrefix(reason: string): string {
  let text = reason.trim();
  for (const prefix of PREFIXES) text = text.replace(prefix, '').trim();
  return text;
}

interface Pattern {
  readonly match: RegExp;
  readonly rule: RuleId | ((groups: readonly string[]) => RuleId);
  readonly header?: string | ((groups: readonly string[]) => string);
  readonly status?: number;
  /** Which capture group holds the status / net error / value. */
  readonly statusGroup?: number;
  readonly netErrorGroup?: number;
  readonly netError?: string;
  readonly valueGroup?: number;
}

const MISSING_HEADER_RULES: Readonly<Record<string, RuleId>> = {
  'sec-websocket-accept': 'accept-missing',
  upgrade: 'upgrade-missing',
  connection: 'connection-missing-upgrade',
};

const CANONICAL_HEADERS: Readonly<Record<string, string>> = {
  'sec-websocket-accept': 'Sec-WebSocket-Accept',
  'sec-websocket-protocol': 'Sec-WebSocket-Protocol',
  'sec-websocket-extensions': 'Sec-WebSocket-Extensions',
  upgrade: 'Upgrade',
  connection: 'Connection',
};
const canonical = (name: string): string => CANONICAL_HEADERS[name.toLowerCase()] ?? name;

const NET_ERROR = '(net::ERR_[A-Z0-9_]+)';

const PATTERNS: readonly Pattern[] = [
  { match: /^Incorrect 'Sec-WebSocket-Accept' header value$/, rule: 'accept-mismatch', header: 'Sec-WebSocket-Accept' },
  {
    match: /^'([^']+)' header is missing$/,
    rule: ([name]) => MISSING_HEADER_RULES[name!.toLowerCase()] ?? 'browser-rejected',
    header: ([name]) => canonical(name!),
  },
  {
    match: /^'([^']+)' header must not appear more than once in a response$/,
    rule: ([name]) => (name!.toLowerCase() === 'sec-websocket-protocol' ? 'protocol-multiple' : 'header-duplicate'),
    header: ([name]) => canonical(name!),
  },
  { match: /^'Upgrade' header value is not 'WebSocket': ?(.*)$/, rule: 'upgrade-not-websocket', header: 'Upgrade', valueGroup: 1 },
  { match: /^'Connection' header value must contain 'Upgrade'$/, rule: 'connection-missing-upgrade', header: 'Connection' },
  { match: /^Unexpected response code: (\d{1,3})$/, rule: 'status-not-101', statusGroup: 1 },
  { match: /^Invalid status line$/, rule: 'status-not-101' },
  { match: /^HTTP Authentication failed; no valid credentials available$/, rule: 'status-not-101', status: 401 },
  { match: /^Proxy authentication failed$/, rule: 'status-not-101', status: 407 },
  {
    match: /^Response must not include 'Sec-WebSocket-Protocol' header if not present in request: ?(.*)$/,
    rule: 'protocol-not-requested',
    header: 'Sec-WebSocket-Protocol',
    valueGroup: 1,
  },
  {
    match: /^'Sec-WebSocket-Protocol' header value '(.*)' in response does not match any of sent values$/,
    rule: 'protocol-not-offered',
    header: 'Sec-WebSocket-Protocol',
    valueGroup: 1,
  },
  { match: /^Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received$/, rule: 'protocol-missing', header: 'Sec-WebSocket-Protocol' },
  {
    match: /^Found an unsupported extension '(.*)' in 'Sec-WebSocket-Extensions' header$/,
    rule: 'extension-not-offered',
    header: 'Sec-WebSocket-Extensions',
    valueGroup: 1,
  },
  {
    match: /^'Sec-WebSocket-Extensions' header value is rejected by the parser: ?(.*)$/,
    rule: 'extension-malformed',
    header: 'Sec-WebSocket-Extensions',
    valueGroup: 1,
  },
  { match: /^Received duplicate permessage-deflate response$/, rule: 'deflate-invalid-param', header: 'Sec-WebSocket-Extensions' },
  { match: /^Error in permessage-deflate: ?(.*)$/, rule: 'deflate-invalid-param', header: 'Sec-WebSocket-Extensions', valueGroup: 1 },
  { match: new RegExp(`^${NET_ERROR}$`), rule: 'no-response', netErrorGroup: 1 },
  { match: /^Connection closed before receiving a handshake response$/, rule: 'no-response', netError: 'net::ERR_EMPTY_RESPONSE' },
  { match: new RegExp(`^Error in connection establishment: ${NET_ERROR}$`), rule: 'no-response', netErrorGroup: 1 },
  { match: /^Establishing a tunnel via proxy server failed\.?$/, rule: 'no-response', netError: 'net::ERR_TUNNEL_CONNECTION_FAILED' },
  { match: /^WebSocket opening handshake timed out$/, rule: 'no-response', netError: 'net::ERR_TIMED_OUT' },
  { match: /^WebSocket opening handshake was canceled$/, rule: 'no-response', netError: 'net::ERR_ABORTED' },
  { match: new RegExp(`^Stream closed with error: ${NET_ERROR}$`), rule: 'no-response', netErrorGroup: 1 },
  { match: /^Connection closed before sending request\.?$/, rule: 'no-response', netError: 'net::ERR_CONNECTION_CLOSED' },
  { match: /^Error getting IP address\.?$/, rule: 'no-response' },
  { match: /^WebSocket is closed before the connection is established\.?$/, rule: 'client-closed-early' },
];

/** Maps a browser reason (with or without Chromium's prefixes) to its rule and the values it names. Pure; never throws. */
export function mapBrowserReason(reason: string): BrowserReason {
  const text = stripReasonPrefix(String(reason ?? ''));
  const none = { header: null, status: null, netError: null, value: null };
  if (text === '') return { rule: 'no-response', reason: text, ...none };
  for (const pattern of PATTERNS) {
    const match = pattern.match.exec(text);
    if (!match) continue;
    const groups = match.slice(1).map((g) => g ?? '');
    const pick = (index: number | undefined): string | null => (index === undefined ? null : (groups[index - 1] ?? null));
    const statusText = pick(pattern.statusGroup);
    return {
      rule: typeof pattern.rule === 'function' ? pattern.rule(groups) : pattern.rule,
      reason: text,
      header: (typeof pattern.header === 'function' ? pattern.header(groups) : pattern.header) ?? null,
      status: statusText !== null ? Number(statusText) : (pattern.status ?? null),
      netError: pick(pattern.netErrorGroup) ?? pattern.netError ?? null,
      value: pick(pattern.valueGroup),
    };
  }
  return { rule: 'browser-rejected', reason: text, ...none };
}

/** What a `net::ERR_…` code usually means for a WebSocket, or null for a code without a note. */
export function netErrorHint(netError: string | null): string | null {
  if (!netError) return null;
  const code = netError.replace(/^net::/, '');
  if (code.startsWith('ERR_CERT_')) {
    return 'the server\'s TLS certificate is not trusted for this host (expired, self-signed, or issued for another name); fix the certificate, or for a local test open https://host:port once and accept it';
  }
  if (code.startsWith('ERR_SSL_') && code !== 'ERR_SSL_PROTOCOL_ERROR' && code !== 'ERR_SSL_CLIENT_AUTH_CERT_NEEDED') {
    return 'the TLS handshake failed because the server\'s TLS versions or ciphers do not match the browser\'s';
  }
  return NET_ERROR_HINTS[code] ?? null;
}

const NET_ERROR_HINTS: Readonly<Record<string, string>> = {
  ERR_CONNECTION_REFUSED: 'nothing listens on that host and port (the server is down, the port is wrong, or it listens only on another interface such as 127.0.0.1)',
  ERR_NAME_NOT_RESOLVED: 'the host name does not resolve in DNS (check its spelling and the DNS records)',
  ERR_NAME_RESOLUTION_FAILED: 'the host name could not be resolved (DNS failure)',
  ERR_ADDRESS_UNREACHABLE: 'the address is unreachable from this network',
  ERR_INTERNET_DISCONNECTED: 'the machine is offline',
  ERR_NETWORK_CHANGED: 'the network changed during the handshake; retry',
  ERR_SSL_PROTOCOL_ERROR: 'the TLS handshake failed (most often wss:// to a port that speaks plain HTTP, or a broken TLS setup; use ws:// there or put TLS in front)',
  ERR_SSL_CLIENT_AUTH_CERT_NEEDED: 'the server asked for a TLS client certificate, which a WebSocket cannot offer a prompt for',
  ERR_TIMED_OUT: 'no answer in time (a firewall dropping packets, a wrong address, or a server that accepted the connection but never answered the upgrade)',
  ERR_CONNECTION_TIMED_OUT: 'the TCP connection timed out (a firewall dropping packets or a wrong address)',
  ERR_CONNECTION_RESET: 'the server or a proxy reset the connection (a crash on the upgrade request, a load balancer without WebSocket support, or TLS spoken to a plain port)',
  ERR_CONNECTION_CLOSED: 'the server closed the connection without an answer (it crashed on the upgrade request or refused it silently)',
  ERR_EMPTY_RESPONSE: 'the server closed the connection without sending anything: for ws://, most often the port serves TLS (HAProxy and lighttpd close on plain HTTP: use wss://); else it crashed on the upgrade request, refused it silently (engine.io drops upgrades outside `/socket.io/`), or speaks another protocol on that port',
  ERR_TUNNEL_CONNECTION_FAILED: 'a forward proxy refused the CONNECT tunnel to the server (proxy policy or the target port is blocked)',
  ERR_PROXY_CONNECTION_FAILED: 'the configured proxy cannot be reached',
  ERR_INVALID_HTTP_RESPONSE: 'the answer was not valid HTTP',
  ERR_INVALID_RESPONSE: 'the answer was not a valid handshake response',
  ERR_HTTP2_PROTOCOL_ERROR: 'the HTTP/2 stream failed (the server or a proxy does not handle extended CONNECT correctly)',
  ERR_QUIC_PROTOCOL_ERROR: 'the HTTP/3 stream failed (the server or a proxy does not handle extended CONNECT correctly)',
  ERR_BLOCKED_BY_CLIENT: 'a browser extension (an ad or tracker blocker) blocked the request',
  ERR_BLOCKED_BY_ADMINISTRATOR: 'a browser policy blocked the request',
  ERR_UNSAFE_PORT: 'the browser refuses connections to that port (an unsafe port such as 6000 or 6667)',
  ERR_INSUFFICIENT_RESOURCES: 'the browser has too many WebSockets open or pending (per host or per profile)',
  ERR_ABORTED: 'the handshake was canceled (the page navigated away, or the server asked for a TLS client certificate)',
};

/** The finding message's tail for one reason: what the panel knows besides the reason. */
function explain(match: BrowserReason, context: HandshakeContext): { text: string; fix?: string } {
  const expected = context.expectedAccept;
  const hidden = context.response ? '' : ' Chromium hides the server\'s response; replay the handshake (ws-handshake probe) to see what it sent.';
  switch (match.rule) {
    case 'accept-mismatch':
      return {
        text: expected
          ? ` For the key \`${context.key ?? ''}\` the server should have sent \`Sec-WebSocket-Accept: ${expected}\`.${hidden}`
          : ` The request's key is missing or malformed, so the right accept cannot be computed.${hidden}`,
      };
    case 'accept-missing':
      return { text: `${expected ? ` The server should have sent \`Sec-WebSocket-Accept: ${expected}\`.` : ''}${hidden}` };
    case 'status-not-101': {
      if (match.status === null) {
        return {
          text: ' The server\'s answer was not HTTP: another protocol on that port, or wss:// to a server that is not a WebSocket endpoint.',
          fix: 'Check that the URL\'s host and port point at the WebSocket server (and its scheme matches: ws:// for plain, wss:// for TLS).',
        };
      }
      const described = describeStatus(match.status, '', context);
      const causes = context.response ? [] : likelyCauses(match.status);
      if (causes.length === 0) return { text: ` The server answered ${match.status} instead of ${context.successStatus}. ${described.detail}`, fix: described.fix };
      const list = causes.map((cause, i) => `${i + 1}. ${cause}`).join('\n');
      return {
        text: ` The server answered ${match.status} instead of ${context.successStatus}; Chromium hides the response, so which component answered is not known here. What answers ${match.status} to a browser's WebSocket handshake, most often first:\n${list}`,
        fix: tellApartFix(context),
      };
    }
    case 'no-response': {
      const hint = netErrorHint(match.netError);
      const code = match.netError && !match.reason.includes(match.netError) ? ` (${match.netError})` : '';
      const unsent = context.handshake.requestSent === false ? ' The request was never sent (the connection failed first), so there is no request to judge.' : '';
      return { text: hint ? `${code} The client saw no response: ${hint}.${unsent}` : `${code} The client saw no response.${unsent}` };
    }
    case 'client-closed-early':
      return { text: ' The page itself closed the socket before the handshake finished: not a server fault.' };
    default:
      return { text: hidden };
  }
}

/** The one command that shows the hidden answer, which tells the likely causes apart. */
function tellApartFix(context: HandshakeContext): string {
  const intro = 'Replay the handshake to see the answer Chromium hid: its `Server` and `Via` headers and the body\'s first line name the component that answered, and `ws-handshake probe` then names the fix for it.';
  if (context.handshake.url === '') return intro;
  const command = probeCommand(replayInputOfHandshake(context.handshake, context.key, context.transport));
  return `${intro}\n\`\`\`sh\n${command}\n\`\`\``;
}

/** Rules the response-side checks find when the response is visible (Firefox, proxies): reported once. */
function rulesSeenInResponse(context: HandshakeContext): ReadonlySet<RuleId> {
  const rules = new Set<RuleId>();
  for (const check of [...responseChecks, ...subprotocolChecks, ...extensionChecks]) {
    try {
      for (const f of check(context)) rules.add(f.rule);
    } catch {
      // A failing check finds nothing; analyze() treats it the same way.
    }
  }
  return rules;
}

/** Longest piece of an untrusted line quoted in a message. */
const QUOTE_LIMIT = 120;

/** A response whose first line is not HTTP (raw text): clients fail it, Chromium with "Invalid status line". */
function invalidStatusLineFinding(line: string): Finding {
  const shown = line.length > QUOTE_LIMIT ? `${line.slice(0, QUOTE_LIMIT)}…` : line;
  return finding(
    'status-not-101',
    `The response starts with \`${shown}\`, which is not a valid HTTP status line (HTTP version, three-digit status code, reason), so clients fail the handshake (Chromium: "Invalid status line").`,
    { fix: 'Answer with the status line `HTTP/1.1 101 Switching Protocols`; check that nothing (a proxy, a debug print) writes before it.' },
  );
}

/** What to do about a connection-level failure the source described (the probe's `!` line). */
function connectionFailureFix(failure: ConnectionFailure, context: HandshakeContext): string {
  const secure = context.targetUrl?.scheme === 'wss' || context.targetUrl?.scheme === 'https';
  const message = failure.message;
  switch (failure.kind) {
    case 'refused':
      return 'Nothing listens on that host and port: start the server, or fix the port in the URL (or the address it listens on: 127.0.0.1 only accepts local connections).';
    case 'dns':
      return 'The host name does not resolve: check its spelling and the DNS records.';
    case 'unreachable':
      return 'The address is not reachable from here: check the address, routes and firewalls.';
    case 'timeout':
      return secure
        ? 'The server accepted the connection but never answered: a hung app, a proxy waiting on its upstream, or a firewall that drops packets; its log says which.'
        : 'The server accepted the connection but never answered: if the port serves TLS it is waiting for a ClientHello (use `wss://`); else a hung app or a proxy waiting on its upstream.';
    case 'closed':
    case 'reset':
      return secure
        ? 'The server closed the connection without an answer: it crashed on the request, or refused it silently; its log says which.'
        : 'If this port serves TLS (nginx `listen … ssl`, HAProxy `bind … ssl`, lighttpd `ssl.engine`, Apache `SSLEngine on`), open the socket with `wss://`. Otherwise the server dropped the request without answering: read its log (socket.io/engine.io drop upgrades outside their path, `/socket.io/`, after a second).';
    case 'tls':
      if (/does not speak TLS|plain text|wrong version/i.test(message)) return 'This port speaks plain HTTP: open the socket with `ws://`, or connect `wss://` to the server\'s TLS port (nginx `listen 443 ssl;`, Apache `SSLEngine on`, HAProxy `bind :443 ssl crt …`).';
      if (/certificate|CERT/i.test(message)) return 'Fix the server\'s certificate (valid for this host name, not expired, with its intermediate certificates), or for a test trust it explicitly.';
      return 'The TLS handshake failed: compare the TLS versions and ciphers the server offers with the client\'s, or use `ws://` if the port is plain HTTP.';
    case 'not-http':
      if (/TLS/.test(message)) return 'This port speaks TLS: open the socket with `wss://`.';
      return 'Something other than an HTTP server answers on that port: check the port in the URL.';
    case 'proxy':
      return 'The forward proxy could not be used: check the proxy variables (HTTP_PROXY/HTTPS_PROXY, NO_PROXY) and the proxy\'s policy for CONNECT to this port.';
    default:
      return RULES['no-response'].fix;
  }
}

/** No response and no reason: only a browser capture can say the browser gave none. */
function noReasonMessage(capturedBy: Handshake['capturedBy']): string {
  if (capturedBy === 'chromium' || capturedBy === 'firefox') return 'No response was received, and the browser gave no reason (status 0).';
  if (capturedBy === 'proxy') return 'No response was received: the capture records no status and no error.';
  return 'No response was received.';
}

// The browser's reason, mapped; a status line that is not HTTP; or no response and no reason at all.
const checkBrowserReason: Check = (context) => {
  const handshake = context.handshake;
  const raw = handshake.browserError;
  const reason = typeof raw === 'string' ? raw : '';
  if (!context.response && typeof handshake.invalidStatusLine === 'string') return [invalidStatusLineFinding(handshake.invalidStatusLine)];
  if (reason === '' || stripReasonPrefix(reason) === '') {
    if (context.response) return [];
    // Text pasted without a response, or a handshake still in flight: the response is unknown, not absent.
    if (handshake.missingResponse === 'not-captured' || handshake.missingResponse === 'pending') return [];
    const failure = handshake.connectionFailure;
    if (failure && typeof failure.message === 'string') {
      const unsent = handshake.requestSent === false ? ' The request was never sent, so there is no request to judge.' : '';
      return [finding('no-response', `No response was received: ${trimEndDotsAndSpaces(failure.message)}.${unsent}`, { fix: connectionFailureFix(failure, context) })];
    }
    return [finding('no-response', noReasonMessage(handshake.capturedBy))];
  }
  const match = mapBrowserReason(reason);
  if (context.response && rulesSeenInResponse(context).has(match.rule)) return [];
  const { text, fix } = explain(match, context);
  const verb = match.rule === 'no-response' || match.rule === 'client-closed-early' ? 'reported' : 'refused the handshake';
  const message = `The browser ${verb}: "${match.reason}".${text}`;
  const details = fix === undefined ? { header: match.header } : { header: match.header, fix };
  return [finding(match.rule, message, details)] satisfies Finding[];
};

export const browserReasonChecks: readonly Check[] = [checkBrowserReason];
