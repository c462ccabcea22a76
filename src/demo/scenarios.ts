/**
 * The demo scenarios as data: what each server path answers to a WebSocket
 * handshake, and what the inspector must conclude about it. The e2e tests, the
 * browser fixtures and `npm start` all read this one table; the behaviour that
 * goes with each name lives in servers.ts.
 */
import type { Verdict } from '../core/model.js';
import type { RuleId } from '../core/rules.js';

export const SCENARIO_NAMES = [
  'good',
  'good-subprotocol-deflate',
  'good-closes',
  'wrong-accept',
  'accept-missing',
  'accept-duplicate',
  'upgrade-missing',
  'upgrade-not-websocket',
  'connection-without-upgrade',
  'protocol-not-offered',
  'protocol-not-requested',
  'protocol-missing',
  'extension-not-offered',
  'deflate-bad-window-bits',
  'redirect-302',
  'forbidden-403',
  'not-found-404',
  'server-error-502',
  'plain-http-200',
  'connection-dropped',
  'slow-pending',
  'h2-good',
  'h2-not-found',
  // After the 101: sockets that open, then die (listed before slow-pending)
  'idle-cut',
  'rsv1-without-deflate',
  'http-after-101',
  'socketio-v2-client',
  'server-masked',
  'invalid-utf8',
  'message-too-big',
  'policy-close',
  'oversized-frame',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  readonly name: ScenarioName;
  /** Path on the HTTP server (`ws://`), or on the HTTPS/HTTP/2 server (`wss://`) when `transport` is `h2`. */
  readonly path: string;
  /** `h2`: the page warms up an HTTP/2 connection first so Chromium uses RFC 8441 extended CONNECT. */
  readonly transport: 'http/1.1' | 'h2';
  /** What the scenario shows, for people. */
  readonly description: string;
  /** What the server answers, exactly enough to reproduce it. */
  readonly serverAnswer: string;
  /** The status code the server sends (200 for an accepted h2 CONNECT); null when it sends none. */
  readonly serverStatus: number | null;
  /** Subprotocols the demo page offers (`new WebSocket(url, protocols)`). */
  readonly clientProtocols: readonly string[];
  /** The verdict the inspector must give; null while the handshake is still pending. */
  readonly expectedVerdict: Verdict | null;
  /** Rule ids the findings must include (other findings may come along). */
  readonly expectedRules: readonly RuleId[];
  /** Chromium's reason in `_webSocketMessages` (without the `Error during WebSocket handshake: ` prefix), null when it accepts or never settles. */
  readonly chromiumReason: string | null;
  /** The socket stays open (echoing) after the handshake, so only getHAR() shows it in Chromium. */
  readonly staysOpen: boolean;
  /**
   * Left out of the Firefox runs: the HTTP/2 ones (headless Firefox cannot trust the self-signed
   * certificate), and the after-101 ones (Firefox records nothing after the 101, and Firefox ESR 153's
   * network monitor lost some of these sockets, and the ones after them, from getHAR() when opened in a row).
   */
  readonly chromiumOnly: boolean;
  /**
   * Served on a port of its own: Chromium lets only one WebSocket per host:port be
   * CONNECTING at a time, so a handshake that never ends would hold up the rest.
   */
  readonly ownPort: boolean;
  /** After the 101: connection rule ids Chromium's capture must give (apart from the handshake's `expectedRules`). */
  readonly expectedConnectionRules: readonly RuleId[];
  /** Rule ids the probe (`probe --stay`, which sees close frames) must give; defaults to `expectedConnectionRules`. */
  readonly probeConnectionRules: readonly RuleId[];
  /** The page sends a text message of this many bytes once open, instead of its hello. */
  readonly clientMessageBytes: number | null;
  /** Chromium's error item after the 101 (`_webSocketMessages`, exact words), null when it records none. */
  readonly chromiumConnectionError: string | null;
}

/** The scenarios about life after the 101 (after-101.ts serves them). */
export const AFTER_101_NAMES = ['idle-cut', 'rsv1-without-deflate', 'http-after-101', 'socketio-v2-client', 'server-masked', 'invalid-utf8', 'message-too-big', 'policy-close', 'oversized-frame'] as const satisfies readonly ScenarioName[];

/** The idle-cut scenario's server drops a socket silent this long, like a proxy's idle timeout (nginx: 60 s). */
export const DEMO_IDLE_TIMEOUT_MS = 4000;
/** The message-too-big scenario's server limit, and what the page sends there. */
export const DEMO_MESSAGE_LIMIT_BYTES = 64 * 1024;
export const DEMO_BIG_MESSAGE_BYTES = 100 * 1024;

function scenario(
  name: ScenarioName,
  description: string,
  serverAnswer: string,
  expectedVerdict: Verdict | null,
  expectedRules: readonly RuleId[],
  chromiumReason: string | null,
  extra: Partial<Pick<Scenario, 'clientProtocols' | 'staysOpen' | 'transport' | 'ownPort' | 'serverStatus' | 'expectedConnectionRules' | 'probeConnectionRules' | 'clientMessageBytes' | 'chromiumConnectionError'>> & {
    /** Appended to the path (`/ws/<name><suffix>`), e.g. a socket.io path and query. */
    readonly pathSuffix?: string;
  } = {},
): Scenario {
  const transport = extra.transport ?? 'http/1.1';
  const expectedConnectionRules = extra.expectedConnectionRules ?? [];
  return {
    name,
    path: transport === 'h2' ? `/h2/${name}` : `/ws/${name}${extra.pathSuffix ?? ''}`,
    transport,
    description,
    serverAnswer,
    serverStatus: extra.serverStatus !== undefined ? extra.serverStatus : transport === 'h2' ? 200 : 101,
    clientProtocols: extra.clientProtocols ?? [],
    expectedVerdict,
    expectedRules,
    chromiumReason,
    staysOpen: extra.staysOpen ?? false,
    chromiumOnly: transport === 'h2' || (AFTER_101_NAMES as readonly string[]).includes(name),
    ownPort: extra.ownPort ?? false,
    expectedConnectionRules,
    probeConnectionRules: extra.probeConnectionRules ?? expectedConnectionRules,
    clientMessageBytes: extra.clientMessageBytes ?? null,
    chromiumConnectionError: extra.chromiumConnectionError ?? null,
  };
}

export const SCENARIOS: readonly Scenario[] = [
  scenario('good', 'A correct handshake; the socket stays open and echoes.',
    '101 Switching Protocols, Upgrade: websocket, Connection: Upgrade, the right Sec-WebSocket-Accept; then echoes frames',
    'pass', [], null, { staysOpen: true }),
  scenario('good-subprotocol-deflate', 'Subprotocol and permessage-deflate negotiated; stays open.',
    '101 with the right accept, Sec-WebSocket-Protocol: chat, Sec-WebSocket-Extensions: permessage-deflate; then echoes frames',
    'pass', [], null, { clientProtocols: ['chat', 'superchat'], staysOpen: true }),
  // Chromium's HAR keeps no close frames: a clean 1000 at once looks like any end at once (the probe sees the 1000).
  scenario('good-closes', 'A correct handshake; the server closes (1000) right after opening.',
    '101 with the right accept, then a close frame 1000 and FIN',
    'pass', [], null, { expectedConnectionRules: ['ended-at-once'], probeConnectionRules: [] }),
  scenario('wrong-accept', 'Sec-WebSocket-Accept hashed with a lower-case GUID.',
    '101 whose Sec-WebSocket-Accept is base64(SHA-1(key + lower-case GUID))',
    'fail', ['accept-mismatch'], "Incorrect 'Sec-WebSocket-Accept' header value"),
  scenario('accept-missing', 'No Sec-WebSocket-Accept at all.',
    '101 with Upgrade and Connection but no Sec-WebSocket-Accept',
    'fail', ['accept-missing'], "'Sec-WebSocket-Accept' header is missing"),
  scenario('accept-duplicate', 'Sec-WebSocket-Accept sent twice (both right).',
    '101 with two Sec-WebSocket-Accept lines carrying the right value',
    'fail', ['header-duplicate'], "'Sec-WebSocket-Accept' header must not appear more than once in a response"),
  scenario('upgrade-missing', 'No Upgrade header in the 101.',
    '101 with Connection: Upgrade and the right accept but no Upgrade',
    'fail', ['upgrade-missing'], "'Upgrade' header is missing"),
  scenario('upgrade-not-websocket', 'Upgrade names another protocol (h2c).',
    '101 with Upgrade: h2c',
    'fail', ['upgrade-not-websocket'], "'Upgrade' header value is not 'WebSocket': h2c"),
  scenario('connection-without-upgrade', 'Connection: keep-alive instead of Upgrade.',
    '101 with Connection: keep-alive',
    'fail', ['connection-missing-upgrade'], "'Connection' header value must contain 'Upgrade'"),
  scenario('protocol-not-offered', 'The server picks a subprotocol the client did not offer.',
    '101 with Sec-WebSocket-Protocol: other (the page offers chat)',
    'fail', ['protocol-not-offered'], "'Sec-WebSocket-Protocol' header value 'other' in response does not match any of sent values",
    { clientProtocols: ['chat'] }),
  scenario('protocol-not-requested', 'The server names a subprotocol though none was offered.',
    '101 with Sec-WebSocket-Protocol: chat (the page offers none)',
    'fail', ['protocol-not-requested'], "Response must not include 'Sec-WebSocket-Protocol' header if not present in request: chat"),
  scenario('protocol-missing', 'Subprotocols offered, none chosen: browsers refuse it.',
    '101 with the right accept and no Sec-WebSocket-Protocol (the page offers chat)',
    'fail', ['protocol-missing'], "Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received",
    { clientProtocols: ['chat'] }),
  scenario('extension-not-offered', 'The server uses an extension the client did not offer.',
    '101 with Sec-WebSocket-Extensions: x-custom-ext',
    'fail', ['extension-not-offered'], "Found an unsupported extension 'x-custom-ext' in 'Sec-WebSocket-Extensions' header"),
  scenario('deflate-bad-window-bits', 'permessage-deflate with server_max_window_bits=7 (must be 8-15).',
    '101 with Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7',
    'fail', ['deflate-invalid-param'], 'Error in permessage-deflate: Received invalid server_max_window_bits parameter'),
  scenario('redirect-302', 'A redirect: WebSocket clients do not follow it.',
    '302 Found, Location: /ws/good',
    'fail', ['status-not-101'], 'Unexpected response code: 302', { serverStatus: 302 }),
  scenario('forbidden-403', 'Refused, e.g. by an Origin check.',
    '403 Forbidden',
    'fail', ['status-not-101'], 'Unexpected response code: 403', { serverStatus: 403 }),
  scenario('not-found-404', 'No WebSocket route at this path.',
    '404 Not Found',
    'fail', ['status-not-101'], 'Unexpected response code: 404', { serverStatus: 404 }),
  scenario('server-error-502', 'A proxy could not reach the upstream.',
    '502 Bad Gateway',
    'fail', ['status-not-101'], 'Unexpected response code: 502', { serverStatus: 502 }),
  scenario('plain-http-200', 'A plain HTTP route answered instead of upgrading.',
    '200 OK with a small text body',
    'fail', ['status-not-101'], 'Unexpected response code: 200', { serverStatus: 200 }),
  // Chromium words this one without the "Error during WebSocket handshake: " prefix.
  scenario('connection-dropped', 'The server drops the connection without answering.',
    'destroys the TCP socket as soon as the request arrives',
    'fail', ['no-response'], 'Connection closed before receiving a handshake response', { serverStatus: null }),
  // After the 101: valid handshakes (verdict pass), then the connection dies; its findings are judged apart.
  // Before slow-pending: Firefox queues every WebSocket to the same host behind one still CONNECTING.
  scenario('idle-cut', `Like a proxy's idle timeout: the server drops a socket silent for ${DEMO_IDLE_TIMEOUT_MS / 1000} s, without a close frame.`,
    `101 with the right accept, one text frame, then after ${DEMO_IDLE_TIMEOUT_MS} ms without a frame either way the TCP connection is dropped (no close frame)`,
    'pass', [], null, { expectedConnectionRules: ['ended-after-silence'] }),
  scenario('rsv1-without-deflate', 'A text frame with RSV1 (compressed) set, though permessage-deflate was not negotiated.',
    '101 without Sec-WebSocket-Extensions, one good text frame, then a text frame with RSV1 set',
    'pass', [], null, { expectedConnectionRules: ['frame-reserved-bits'], chromiumConnectionError: 'One or more reserved bits are on: reserved1 = 1, reserved2 = 0, reserved3 = 0' }),
  scenario('http-after-101', 'The server refuses after its 101 by writing an HTTP 400 into the socket.',
    '101 with the right accept, then "HTTP/1.1 400 Bad Request" and a body written into the upgraded socket, then FIN',
    'pass', [], null, { expectedConnectionRules: ['frame-header-invalid'], probeConnectionRules: ['http-after-101'], chromiumConnectionError: 'Invalid frame header' }),
  scenario('socketio-v2-client', 'A socket.io v2 client (EIO=3) against a socket.io v4 server: engine.io writes its 400 after the 101.',
    '101 with the right accept, then engine.io\'s abortUpgrade bytes: "HTTP/1.1 400 Bad Request" with {"code":5,"message":"Unsupported protocol version"}',
    'pass', [], null, { expectedConnectionRules: ['http-after-101'], pathSuffix: '/socket.io/?EIO=3&transport=websocket', chromiumConnectionError: 'Invalid frame header' }),
  scenario('server-masked', 'The server masks its frames (only clients may).',
    '101 with the right accept, then a masked text frame',
    'pass', [], null, { expectedConnectionRules: ['frame-masked'], chromiumConnectionError: 'A server must not mask any frames that it sends to the client.' }),
  scenario('invalid-utf8', 'A text frame that is not UTF-8.',
    '101 with the right accept, then a text frame carrying C3 28',
    'pass', [], null, { expectedConnectionRules: ['text-invalid-utf8'], chromiumConnectionError: 'Could not decode a text frame as UTF-8.' }),
  scenario('message-too-big', `The page sends ${DEMO_BIG_MESSAGE_BYTES / 1024} KiB; the server's limit is ${DEMO_MESSAGE_LIMIT_BYTES / 1024} KiB: close 1009.`,
    `101 with the right accept; a message over ${DEMO_MESSAGE_LIMIT_BYTES} bytes gets close 1009 "message too big"`,
    'pass', [], null, { expectedConnectionRules: ['message-too-big'], clientMessageBytes: DEMO_BIG_MESSAGE_BYTES }),
  scenario('policy-close', 'The server accepts the upgrade, then refuses the connection: close 1008 "origin not allowed".',
    '101 with the right accept, then at once a close frame 1008 "origin not allowed"',
    'pass', [], null, { expectedConnectionRules: ['ended-at-once'], probeConnectionRules: ['close-policy'] }),
  // Chromium drops such a connection at once and says nothing (no error item, no console message): 1006.
  scenario('oversized-frame', 'A frame header announcing 2^31 bytes (a broken length encoding).',
    '101 with the right accept, then a binary frame header with a 64-bit length of 2147483648 and a few bytes',
    'pass', [], null, { expectedConnectionRules: ['ended-at-once'], probeConnectionRules: ['frame-too-large'] }),

  // Chromium lets one WebSocket per host:port be CONNECTING at a time, so this one has a port of its own.
  scenario('slow-pending', 'The server never answers; the handshake stays pending.',
    'reads the request and holds the socket open without answering (on its own port)',
    null, [], null, { ownPort: true, serverStatus: null }),
  scenario('h2-good', 'WebSocket over HTTP/2 extended CONNECT (RFC 8441), accepted; stays open.',
    ':status 200 to CONNECT :protocol websocket; then echoes frames on the stream',
    'pass', ['h2-websocket'], null, { transport: 'h2', staysOpen: true }),
  scenario('h2-not-found', 'WebSocket over HTTP/2 refused with 404.',
    ':status 404 to CONNECT :protocol websocket',
    'fail', ['status-not-101', 'h2-websocket'], 'Unexpected response code: 404', { transport: 'h2', serverStatus: 404 }),

];

/** The scenario with this name; throws for an unknown name (a programmer error). */
export function scenarioNamed(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown demo scenario: ${name}`);
  return found;
}
