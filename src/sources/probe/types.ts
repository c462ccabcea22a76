/**
 * What the probe takes and gives: its options, the route it took (target, proxy,
 * TLS), how it failed when it did, its timings, and the open connection after
 * a good 101.
 */
import type { HeaderField } from '../../core/headers.js';
import type { Frame } from '../../core/frames.js';
import type { Connection, Handshake } from '../../core/model.js';

export interface ProbeOptions {
  /** ws://, wss://, or http(s):// (taken as ws(s)://). */
  readonly url: string;
  /** Offered subprotocols, sent comma-joined in one Sec-WebSocket-Protocol line. */
  readonly protocols?: readonly string[];
  readonly origin?: string | null;
  /** Extra header lines; one whose name matches a default replaces it, an empty value removes it. */
  readonly headers?: readonly HeaderField[];
  /** Sec-WebSocket-Key to send as given (replays a browser's request); random 16 bytes when absent. */
  readonly key?: string | null;
  /** Offer `permessage-deflate; client_max_window_bits` as browsers do (default true). */
  readonly deflate?: boolean;
  /** Default `ws-handshake`. */
  readonly userAgent?: string;
  /** Skip TLS certificate verification. */
  readonly insecure?: boolean;
  /** Extra trusted CA certificate(s), PEM; added to the system roots. */
  readonly ca?: string | Buffer | null;
  /** Budget from connect to the end of the response head, ms (default 10000). */
  readonly timeoutMs?: number;
  /** How long to wait for the server's close frame after ours, ms (default 1000). */
  readonly closeWaitMs?: number;
  /** Proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case too); none read when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** After a good 101, hand the open connection back instead of closing it. */
  readonly keepOpen?: boolean;
  /** Largest response head accepted, bytes (default 64 KiB). */
  readonly maxHeadBytes?: number;
  /**
   * Offer HTTP/2 by ALPN (wss:// only) and, when the server picks it and allows extended CONNECT,
   * open the WebSocket over HTTP/2 (RFC 8441) as Chromium does; otherwise HTTP/1.1, said in `transportNote`.
   */
  readonly http2?: boolean;
}

export type ProbeFailureKind =
  | 'invalid-url' // the URL cannot be probed
  | 'dns' // the host name does not resolve
  | 'refused' // nothing listens there
  | 'unreachable' // no route to the host
  | 'reset' // the peer reset the connection
  | 'closed' // the peer closed the connection without an answer
  | 'timeout' // no answer within the budget
  | 'tls' // TLS handshake or certificate failure
  | 'proxy' // the forward proxy could not be used or refused CONNECT
  | 'not-http' // the answer is not an HTTP status line
  | 'too-large' // the response head exceeds the cap
  | 'incomplete' // the connection ended in the middle of the response head
  | 'network'; // any other socket error

export interface ProbeFailure {
  readonly kind: ProbeFailureKind;
  /** One line for a human, with the values seen. */
  readonly message: string;
  /** The Node or OpenSSL error code when there was one (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT…). */
  readonly code: string | null;
}

export interface ProbeTiming {
  /** TCP connect (to the proxy when there is one). */
  readonly connectMs: number | null;
  /** CONNECT request → the proxy's answer. */
  readonly proxyMs: number | null;
  readonly tlsMs: number | null;
  /** Request written → end of the response head: the server's time to answer. */
  readonly responseMs: number | null;
  /** Start → end of the response head (or the failure). */
  readonly totalMs: number;
}

/** Where the probe goes, from the URL. */
export interface ProbeTarget {
  /** The URL as ws:// or wss://. */
  readonly url: string;
  readonly secure: boolean;
  /** Host name or IP address, without IPv6 brackets. */
  readonly host: string;
  readonly port: number;
  /** The request target: path and query. */
  readonly path: string;
  /** The Host header value: host, plus the port when it is not the scheme's default. */
  readonly hostHeader: string;
}

export interface ProbeProxy {
  /** The proxy URL without credentials. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The environment variable it came from. */
  readonly variable: string;
  /** The proxy's answer to CONNECT (status line and headers), when one came. */
  readonly response: string | null;
}

export interface ProbeTlsInfo {
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly alpn: string | null;
  /** Whether the certificate chain and host name were verified (false with `insecure`). */
  readonly authorized: boolean;
  /** Why verification failed, when `insecure` let it pass anyway. */
  readonly authorizationError: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly validTo: string | null;
  readonly altNames: string | null;
}

/** A frame the server sent after the handshake (payload unmasked). */
export type ReceivedFrame = Frame;

export interface CloseOutcome {
  /** Who closed first. */
  readonly initiator: 'client' | 'server';
  /** The close code this client sent (1000), or null when none was sent. */
  readonly sentCode: number | null;
  /** Whether the server answered with a close frame. */
  readonly serverClosed: boolean;
  readonly serverCode: number | null;
  readonly serverReason: string | null;
  /** Set when the server dropped the connection or did not answer within the wait. */
  readonly note: string | null;
}

/** An open WebSocket after a good handshake (`keepOpen`). */
export interface ProbeConnection {
  /** Called for every frame the server sends from now on; pings are answered with pongs. */
  onFrame(listener: (frame: ReceivedFrame) => void): void;
  /** Settles when the connection is over, whoever ended it. */
  readonly closed: Promise<CloseOutcome>;
  /** Sends a close frame, waits for the server's, ends the connection. */
  close(code?: number, reason?: string): Promise<CloseOutcome>;
  /** Sends a text message. */
  send(text: string): void;
  /** What was seen after the 101 so far (all of it once `closed` settled), for the core to judge. */
  record(): Connection;
}

export interface ProbeResult {
  /** Request and response (null when none was parsed), `raw` always set; after a 101 closed at once, `connection` too. */
  readonly handshake: Handshake;
  readonly target: ProbeTarget | null;
  readonly proxy: ProbeProxy | null;
  readonly tls: ProbeTlsInfo | null;
  /** Null when an HTTP response head arrived in full. */
  readonly failure: ProbeFailure | null;
  /** Whether the request was written to the connection. */
  readonly requestSent: boolean;
  /** How the HTTP version was chosen when `http2` was asked for (h2 used, or why not), else null. */
  readonly transportNote: string | null;
  readonly timing: ProbeTiming;
  /** Bytes that arrived together with the head (the start of a body, or the first frames). */
  readonly afterHead: Buffer;
  /** Response header lines the parser could not read (no colon). */
  readonly malformedLines: readonly string[];
  /** How the connection ended after a 101; null when it was not a 101 or it is kept open. */
  readonly close: CloseOutcome | null;
  /** The open connection, with `keepOpen` after a 101 the core judged valid. */
  readonly connection: ProbeConnection | null;
}

