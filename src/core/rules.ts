/**
 * The rule catalogue: every finding's id, the side of the exchange it judges,
 * its severity, spec section, title and fix, as data. It is the single source
 * for the panel's help, the CLI's text and the JSON output. Ids are stable API
 * (shared/RULES.md): add, never rename. Findings are built in finding.ts.
 */

/** fail = invalid (a MUST broken, or browsers refuse it); warn = legal but likely a bug; info = worth knowing. */
export type Severity = 'fail' | 'warn' | 'info';

/**
 * Which part of the exchange a rule judges, so a face knows where to show it: the
 * client's request (its header table), the server's response, or the connection
 * itself (the transport, the browser's own verdict).
 */
export type Side = 'request' | 'response' | 'connection';

export interface RuleDefinition {
  readonly id: string;
  readonly side: Side;
  readonly severity: Severity;
  /** Human-readable reference, e.g. `RFC 6455 §4.2.1 (3)`. */
  readonly spec: string;
  /** Where the spec section lives on the web, for the panel's link. */
  readonly specUrl: string;
  /** A short name for the problem. */
  readonly title: string;
  /** The default fix a server developer can act on; checks may pass a more specific one. */
  readonly fix: string;
}

const rfc = (n: number, section: string): string => `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`;
const WHATWG_ESTABLISH = 'https://websockets.spec.whatwg.org/#concept-websocket-establish';
const WHATWG_FETCH_WS = 'https://fetch.spec.whatwg.org/#websocket-opening-handshake';

function rule<const Id extends string>(
  id: Id,
  side: Side,
  severity: Severity,
  spec: string,
  specUrl: string,
  title: string,
  fix: string,
): RuleDefinition & { readonly id: Id } {
  return { id, side, severity, spec, specUrl, title, fix };
}

const CATALOGUE = [
  // Request (client → server)
  rule('request-method-not-get', 'request', 'fail', 'RFC 6455 §4.1 (2), §4.2.1 (1)', rfc(6455, '4.2.1'),
    'Request method is not GET',
    'Open the WebSocket with a GET request (HTTP/1.1). Over HTTP/2 or HTTP/3 use an extended CONNECT with :protocol: websocket.'),
  rule('request-http-version', 'request', 'fail', 'RFC 6455 §4.1 (2)', rfc(6455, '4.1'),
    'Request HTTP version is below 1.1',
    'Send the handshake as HTTP/1.1; HTTP/1.0 has no Upgrade mechanism.'),
  rule('request-host-missing', 'request', 'fail', 'RFC 6455 §4.1 (4), §4.2.1 (2)', rfc(6455, '4.2.1'),
    'Request has no Host header',
    'Send a Host header naming the server (host[:port]).'),
  rule('request-upgrade-missing', 'request', 'fail', 'RFC 6455 §4.2.1 (3)', rfc(6455, '4.2.1'),
    'Request has no Upgrade header',
    'Send "Upgrade: websocket". If the client did, a proxy between client and server removed it: configure the proxy to pass Upgrade and Connection (nginx: proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; proxy_http_version 1.1).'),
  rule('request-upgrade-not-websocket', 'request', 'fail', 'RFC 6455 §4.2.1 (3)', rfc(6455, '4.2.1'),
    'Request Upgrade header does not name websocket',
    'Send "Upgrade: websocket".'),
  rule('request-connection-missing-upgrade', 'request', 'fail', 'RFC 6455 §4.2.1 (4)', rfc(6455, '4.2.1'),
    'Request Connection header lacks the Upgrade token',
    'Send "Connection: Upgrade" (other tokens such as keep-alive may stay). Behind a proxy, make it forward Connection: Upgrade (nginx: proxy_set_header Connection "upgrade").'),
  rule('key-missing', 'request', 'fail', 'RFC 6455 §4.2.1 (5)', rfc(6455, '4.2.1'),
    'Request has no Sec-WebSocket-Key',
    'Send Sec-WebSocket-Key: 16 random bytes, base64-encoded (24 characters ending in "==").'),
  rule('key-malformed', 'request', 'fail', 'RFC 6455 §4.1 (7), §4.2.1 (5)', rfc(6455, '4.1'),
    'Sec-WebSocket-Key is not base64 of 16 bytes',
    'Generate the key as 16 random bytes encoded with base64 (24 characters ending in "=="); a server must answer 400 to anything else.'),
  rule('version-missing', 'request', 'fail', 'RFC 6455 §4.2.1 (6)', rfc(6455, '4.2.1'),
    'Request has no Sec-WebSocket-Version',
    'Send "Sec-WebSocket-Version: 13".'),
  rule('version-unsupported', 'request', 'fail', 'RFC 6455 §4.2.1 (6), §4.4', rfc(6455, '4.4'),
    'Sec-WebSocket-Version is not 13',
    'Clients send version 13. A server that gets another version should answer 426 Upgrade Required with "Sec-WebSocket-Version: 13".'),
  rule('request-protocol-invalid', 'request', 'fail', 'RFC 6455 §4.1 (10), RFC 9110 §5.6.2', rfc(6455, '4.1'),
    'Offered subprotocol is not a token or is offered twice',
    'Offer each subprotocol once, as an RFC 9110 token (letters, digits and !#$%&\'*+-.^_`|~; no spaces, slashes, quotes or commas inside a name).'),
  rule('request-extension-invalid', 'request', 'fail', 'RFC 6455 §9.1', rfc(6455, '9.1'),
    'Sec-WebSocket-Extensions offer does not parse',
    'Write the offer as "name; param=value, other-name" (RFC 6455 §9.1): tokens separated by ";" and ",", quoted values that are tokens once unquoted.'),
  rule('origin-missing', 'request', 'info', 'RFC 6455 §4.1 (8), §10.2', rfc(6455, '10.2'),
    'Request has no Origin',
    'Browsers always send Origin; a request without one comes from a non-browser client. Servers that rely on Origin checks cannot tell where it came from.'),

  // Response (server → client)
  rule('no-response', 'response', 'fail', 'RFC 6455 §4.1', rfc(6455, '4.1'),
    'No response to the handshake',
    'The client saw no HTTP response: check that the server listens on that host and port, that TLS is set up for wss:// (certificate valid for the host), that no firewall or proxy drops the connection, and the server logs for a crash on the upgrade request.'),
  rule('status-not-101', 'response', 'fail', 'RFC 6455 §4.1 (client 1), §4.2.2', rfc(6455, '4.2.2'),
    'Response status is not 101 Switching Protocols',
    'Answer a valid WebSocket request with "HTTP/1.1 101 Switching Protocols" (200 on HTTP/2 and HTTP/3 extended CONNECT).'),
  rule('response-http-version', 'response', 'fail', 'RFC 6455 §4.1', rfc(6455, '4.1'),
    'Response status line is below HTTP/1.1',
    'Answer with an HTTP/1.1 status line; HTTP/1.0 cannot switch protocols. A proxy that speaks HTTP/1.0 to the client must be configured for HTTP/1.1 (nginx: proxy_http_version 1.1).'),
  rule('upgrade-missing', 'response', 'fail', 'RFC 6455 §4.1 (client 2)', rfc(6455, '4.1'),
    'Response has no Upgrade header',
    'Send "Upgrade: websocket" in the 101 response.'),
  rule('upgrade-not-websocket', 'response', 'fail', 'RFC 6455 §4.1 (client 2)', rfc(6455, '4.1'),
    'Response Upgrade is not websocket',
    'Send exactly "Upgrade: websocket" in the 101 response (one value; browsers split on commas and refuse a list).'),
  rule('connection-missing-upgrade', 'response', 'fail', 'RFC 6455 §4.1 (client 3)', rfc(6455, '4.1'),
    'Response Connection header lacks Upgrade',
    'Send "Connection: Upgrade" in the 101 response.'),
  rule('accept-missing', 'response', 'fail', 'RFC 6455 §4.1 (client 4)', rfc(6455, '4.1'),
    'Response has no Sec-WebSocket-Accept',
    'Send Sec-WebSocket-Accept: base64(SHA-1(Sec-WebSocket-Key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).'),
  rule('accept-mismatch', 'response', 'fail', 'RFC 6455 §4.1 (client 4), §4.2.2 (5.4)', rfc(6455, '4.2.2'),
    'Sec-WebSocket-Accept does not match the key',
    'Compute Sec-WebSocket-Accept as base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) where key is the Sec-WebSocket-Key text as received (trimmed, not base64-decoded), the GUID in upper case, and the 20-byte digest base64-encoded (not hex).'),
  rule('header-duplicate', 'response', 'fail', 'RFC 6455 §11.3', rfc(6455, '11.3'),
    'A handshake header appears more than once',
    'Send this header once. Look for two layers (framework and proxy, or two middlewares) both adding it.'),
  rule('protocol-not-requested', 'response', 'fail', 'RFC 6455 §4.1 (client 6)', rfc(6455, '4.1'),
    'Response names a subprotocol the client did not ask for',
    'Send Sec-WebSocket-Protocol only when the request offered subprotocols, and then one of the offered values.'),
  rule('protocol-not-offered', 'response', 'fail', 'RFC 6455 §4.1 (client 6)', rfc(6455, '4.1'),
    'Response subprotocol was not offered',
    'Choose the subprotocol from the request\'s Sec-WebSocket-Protocol list (same spelling, case-sensitive), or fail the handshake.'),
  rule('protocol-multiple', 'response', 'fail', 'RFC 6455 §4.2.2 (5.3)', rfc(6455, '4.2.2'),
    'Response names more than one subprotocol',
    'Answer with exactly one subprotocol: "Sec-WebSocket-Protocol: <chosen>", not the offered list.'),
  rule('protocol-missing', 'response', 'fail', 'WHATWG WebSockets (establish a WebSocket connection)', WHATWG_ESTABLISH,
    'Client offered subprotocols, server chose none',
    'Answer with one of the offered subprotocols in Sec-WebSocket-Protocol. RFC 6455 lets a server choose none, but browsers (WHATWG) and the ws library then fail the connection.'),
  rule('extension-not-offered', 'response', 'fail', 'RFC 6455 §9.1, §4.1 (client 5)', rfc(6455, '9.1'),
    'Response uses an extension the client did not offer',
    'Only accept extensions the request offered in Sec-WebSocket-Extensions; drop the others from the response.'),
  rule('extension-malformed', 'response', 'fail', 'RFC 6455 §9.1', rfc(6455, '9.1'),
    'Response Sec-WebSocket-Extensions does not parse',
    'Write the answer as "name; param=value" (RFC 6455 §9.1), e.g. "permessage-deflate; server_no_context_takeover".'),
  rule('proxy-dropped-upgrade', 'response', 'fail', 'RFC 9110 §7.6.1, §7.8; RFC 6455 §4.1', rfc(9110, '7.8'),
    'A proxy dropped the WebSocket upgrade',
    'Configure the proxy to pass Upgrade and Connection on to the app (they are hop-by-hop headers: a proxy drops them unless told): nginx `proxy_http_version 1.1;` + `proxy_set_header Upgrade $http_upgrade;` + `proxy_set_header Connection "upgrade";`, Apache `upgrade=websocket`, lighttpd `proxy.header = ( "upgrade" => "enable" )`.'),
  rule('answered-by', 'response', 'info', 'RFC 9110 §10.2.4 (Server), §7.6.3 (Via)', rfc(9110, '10.2.4'),
    'Which component answered',
    'Start with that component: its configuration and its log explain the answer; the other findings name the fix.'),
  rule('deflate-invalid-param', 'response', 'fail', 'RFC 7692 §7.1', rfc(7692, '7.1'),
    'Invalid permessage-deflate response',
    'Answer permessage-deflate at most once, with only server_no_context_takeover, client_no_context_takeover, server_max_window_bits=8..15 and client_max_window_bits=8..15 (the latter only when the client offered it), each at most once.'),

  // Transport and browser
  rule('h2-websocket', 'connection', 'info', 'RFC 8441', rfc(8441, '4'),
    'WebSocket over HTTP/2',
    'Extended CONNECT over HTTP/2: no Sec-WebSocket-Key, Accept, Upgrade or Connection are used, and 200 is success.'),
  rule('h3-websocket', 'connection', 'info', 'RFC 9220', rfc(9220, '3'),
    'WebSocket over HTTP/3',
    'Extended CONNECT over HTTP/3: no Sec-WebSocket-Key, Accept, Upgrade or Connection are used, and 200 is success.'),
  rule('browser-rejected', 'connection', 'fail', 'WHATWG WebSockets', WHATWG_ESTABLISH,
    'The browser refused the handshake',
    'Replay the handshake with the command shown (ws-handshake probe) to see the server\'s real response, then fix what the browser names.'),
  rule('client-closed-early', 'connection', 'info', 'WHATWG WebSockets', WHATWG_ESTABLISH,
    'The page closed the socket before the handshake finished',
    'Not a server fault: the page called close() (or navigated away) before the handshake completed.'),

  // After the 101: how the connection lived and ended (reported apart from the handshake: Report.connection)
  rule('idle-timeout', 'connection', 'warn', 'RFC 6455 §5.5.2; proxy and load balancer docs', rfc(6455, '5.5.2'),
    'Cut at an idle timeout',
    'Keep the connection busy: send a WebSocket ping (or an application heartbeat) more often than the shortest idle timeout on the path, or raise that timeout.'),
  rule('ended-after-silence', 'connection', 'warn', 'RFC 6455 §5.5.2, §7.1.5', rfc(6455, '5.5.2'),
    'Ended after a long silence',
    'If no side meant to close it, an idle timeout on the path (a proxy, a load balancer, a NAT) is the usual cause: send a ping or heartbeat more often than that timeout, or raise it.'),
  rule('ended-at-once', 'connection', 'warn', 'RFC 6455 §7.1.5, §7.4.1 (1006)', rfc(6455, '7.1.5'),
    'Ended right after it opened',
    'Look at the server (or proxy) log for this connection: it accepted the upgrade, then closed or dropped the socket at once (an authentication or policy check after the upgrade, a crash, a frame the client refused).'),
  rule('http-after-101', 'connection', 'fail', 'RFC 6455 §4.2.2, §5.2', rfc(6455, '4.2.2'),
    'HTTP text written after the 101',
    'Once a server has sent 101 Switching Protocols it must speak WebSocket frames only: refuse a request before the 101 (answer 4xx instead), or close with a close frame after it.'),
  rule('frame-reserved-bits', 'connection', 'fail', 'RFC 6455 §5.2; RFC 7692 §6', rfc(6455, '5.2'),
    'Frame with reserved bits set',
    'Set RSV1 only on the first frame of a message compressed with a negotiated permessage-deflate, and RSV2/RSV3 never (no extension uses them): a server that compresses must say so in Sec-WebSocket-Extensions of its 101.'),
  rule('frame-masked', 'connection', 'fail', 'RFC 6455 §5.1', rfc(6455, '5.1'),
    'Masked frame from the server',
    'Servers must not mask their frames (only clients do): check the library is used in server mode, or the proxy does not re-frame the stream as a client.'),
  rule('text-invalid-utf8', 'connection', 'fail', 'RFC 6455 §5.6, §8.1', rfc(6455, '8.1'),
    'Text message is not valid UTF-8',
    'Send text messages as UTF-8 (whole code points, a message\'s fragments joined), or send bytes as a binary message (opcode 2).'),
  rule('frame-opcode-unknown', 'connection', 'fail', 'RFC 6455 §5.2', rfc(6455, '5.2'),
    'Frame with a reserved opcode',
    'Send only opcodes 0 (continuation), 1 (text), 2 (binary), 8 (close), 9 (ping) and 10 (pong).'),
  rule('frame-fragmentation', 'connection', 'fail', 'RFC 6455 §5.4', rfc(6455, '5.4'),
    'Fragmented message out of order',
    'Start a fragmented message with a text or binary frame (FIN clear), follow with continuation frames (opcode 0), end with FIN set, and start no other data message in between.'),
  rule('frame-control-invalid', 'connection', 'fail', 'RFC 6455 §5.5', rfc(6455, '5.5'),
    'Invalid control frame',
    'Send close, ping and pong frames unfragmented (FIN set) with at most 125 bytes of payload.'),
  rule('frame-after-close', 'connection', 'fail', 'RFC 6455 §5.5.1', rfc(6455, '5.5.1'),
    'Data after the close frame',
    'Send nothing after a close frame: stop writing data once the close is sent, then close the TCP connection.'),
  rule('close-frame-invalid', 'connection', 'fail', 'RFC 6455 §5.5.1, §7.4', rfc(6455, '7.4.1'),
    'Invalid close frame',
    'A close frame carries nothing, or a 2-byte code (1000–1003, 1007–1014, 3000–4999; never 1005, 1006 or 1015) and a UTF-8 reason.'),
  rule('deflate-data-invalid', 'connection', 'fail', 'RFC 7692 §6, §7.2', rfc(7692, '7.2'),
    'Compressed message the client cannot inflate',
    'Compress each message with raw DEFLATE ending in an empty block, strip the final 00 00 FF FF, set RSV1 on the first frame only, and keep the context the 101 negotiated (no_context_takeover, max_window_bits).'),
  rule('frame-too-large', 'connection', 'fail', 'RFC 6455 §5.2 (payload length)', rfc(6455, '5.2'),
    'Frame announces an impossible length',
    'Check the length encoding (7 bits, then 16 bits for 126, 64 bits with the top bit clear for 127) and keep frames well under 2 GiB: split big messages into fragments.'),
  rule('frame-header-invalid', 'connection', 'fail', 'RFC 6455 §5.2', rfc(6455, '5.2'),
    'Invalid frame header',
    'Look at the bytes the server writes after the 101: HTTP text (a late refusal), a ping over 125 bytes, a fragmented control frame, a length not in its shortest form, or bad compressed data all give this error.'),
  rule('connection-error', 'connection', 'fail', 'RFC 6455 §7.1.7', rfc(6455, '7.1.7'),
    'The client failed the connection',
    'The client found the server\'s frames invalid; its words say which rule of RFC 6455 §5 was broken.'),
  rule('message-too-big', 'connection', 'warn', 'RFC 6455 §7.4.1 (1009)', rfc(6455, '7.4.1'),
    'Message too big for the server',
    'Raise the server\'s message size limit (ws `maxPayload`, socket.io `maxHttpBufferSize`, python-websockets `max_size`, aiohttp `max_msg_size`, tornado `websocket_max_message_size`) or send smaller messages (chunk big payloads).'),
  rule('close-policy', 'connection', 'warn', 'RFC 6455 §7.4.1 (1008), §7.4.2 (4000–4999)', rfc(6455, '7.4.2'),
    'Closed by the server\'s policy',
    'The server refused this connection by its own rules (authentication, origin, rate limit): its reason says which; check what the client sends first (token, cookies, Origin).'),
  rule('close-server-error', 'connection', 'warn', 'RFC 6455 §7.4.1 (1011), RFC 6455 IANA registry (1012–1014)', rfc(6455, '7.4.1'),
    'Closed by a server error',
    'Look at the server log at the time of the close: 1011 is an unexpected error handling the connection, 1013 an overload (try again later), 1014 a gateway that lost its upstream.'),
  rule('close-protocol-error', 'connection', 'warn', 'RFC 6455 §7.4.1 (1002, 1003, 1007, 1010)', rfc(6455, '7.4.1'),
    'The server says the client broke the protocol',
    'The server refused the client\'s frames: 1002 a protocol error, 1003 a data type it does not accept (text vs binary), 1007 data that does not match its type (bad UTF-8), 1010 an extension it did not negotiate.'),
  rule('socketio-ping-timeout', 'connection', 'warn', 'Engine.IO protocol v4 (heartbeat)', 'https://socket.io/docs/v4/engine-io-protocol/#heartbeat',
    'Engine.IO closed it: no heartbeat answer',
    'Use the socket.io client (it answers the server\'s "2" ping with "3", or pings itself on Engine.IO v3), not a raw WebSocket; and keep every proxy\'s idle timeout above pingInterval + pingTimeout (default 25 s + 20 s).'),

  // Security
  rule('cross-site-cookie-handshake', 'request', 'warn', 'RFC 6455 §10.2', rfc(6455, '10.2'),
    'Cross-site handshake with cookies accepted',
    'Check Origin against an allow-list before accepting the handshake (cross-site WebSocket hijacking), or authenticate with a token instead of cookies; SameSite=Lax/Strict cookies also help.'),
  rule('insecure-ws-from-https', 'request', 'warn', 'RFC 6455 §10, WHATWG mixed content', 'https://w3c.github.io/webappsec-mixed-content/',
    'ws:// opened from an https:// page',
    'Use wss:// from pages served over https:// (browsers block ws:// there as mixed content), and serve TLS on the WebSocket endpoint.'),
  rule('credentials-in-url', 'request', 'warn', 'RFC 6455 §10', rfc(6455, '10'),
    'Credentials in the WebSocket URL',
    'Move tokens, keys and passwords out of the URL (it lands in server, proxy and browser logs): send them in the first message after open, or use a short-lived one-time ticket.'),
] as const;

export type RuleId = (typeof CATALOGUE)[number]['id'];

/** Every rule, by id. */
export const RULES: Readonly<Record<RuleId, RuleDefinition>> = Object.freeze(
  Object.fromEntries(CATALOGUE.map((r) => [r.id, r])) as Record<RuleId, RuleDefinition>,
);

export const RULE_IDS: readonly RuleId[] = CATALOGUE.map((r) => r.id);

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}
