/**
 * The typed model every face shares: a source turns the world into `Handshake`
 * records, `analyze()` turns them into `Report`s. Nothing here knows where a
 * handshake came from (DevTools, a HAR file, raw text or a live probe).
 */
import type { HeaderList } from './headers.js';
import type { RuleId, Severity, Side } from './rules.js';

export type { Severity, Side } from './rules.js';

/** A handshake's verdict: its highest fail/warn finding, `pass` when there is none. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** How the handshake travelled: HTTP/1.1 Upgrade, or extended CONNECT over HTTP/2 (RFC 8441) or HTTP/3 (RFC 9220). */
export type Transport = 'http/1.1' | 'h2' | 'h3' | 'unknown';

export interface HandshakeRequest {
  /** `GET` for HTTP/1.1, `CONNECT` for h2/h3 extended CONNECT. */
  readonly method: string;
  /** e.g. `HTTP/1.1`, only when the source shows the real request line (raw text, probe); null otherwise. */
  readonly httpVersion: string | null;
  readonly headers: HeaderList;
}

export interface HandshakeResponse {
  /** 0 is never used here: a handshake without a response has `response: null`. */
  readonly status: number;
  readonly statusText: string;
  /** e.g. `HTTP/1.1`, only when the source shows the real status line; null otherwise. */
  readonly httpVersion: string | null;
  readonly headers: HeaderList;
  /**
   * The start of the body (an error page often names the component that wrote it), as text,
   * at most `BODY_START_LIMIT` characters; null or absent when the source has none. Untrusted.
   */
  readonly bodyStart?: string | null;
}

/** How much of a body a source keeps in `bodyStart`. */
export const BODY_START_LIMIT = 2048;

/**
 * Why the client got no HTTP response, as the source that tried saw it (the probe's socket,
 * TLS or protocol failure): `kind` names the failure (`refused`, `tls`, `closed`, `timeout`…),
 * `message` says it in one line with the values seen, `code` is the socket or TLS error code.
 */
export interface ConnectionFailure {
  readonly kind: string;
  readonly message: string;
  readonly code: string | null;
}

/** What the wire carried, exactly, when the source saw it (the probe). */
export interface RawExchange {
  readonly request: string;
  readonly response: string;
}

/** What captured a handshake: a browser's DevTools, a proxy or packet capture, the live probe, or pasted text. */
export type CapturedBy = 'chromium' | 'firefox' | 'proxy' | 'probe' | 'text';

/**
 * Why a handshake has no response: `not-received` the client got none (refused, reset, closed early);
 * `not-captured` the source does not hold it (raw text pasted without one); `pending` still awaited (live capture).
 */
export type MissingResponse = 'not-received' | 'not-captured' | 'pending';

export interface Handshake {
  /** Where it came from, e.g. `capture.har#/log/entries/12`, `devtools`, `probe`. */
  readonly source: string;
  /** The WebSocket URL as the source gives it (some HARs use http(s):// for WebSockets). */
  readonly url: string;
  /** The transport when the source knows it; `analyze()` infers it otherwise. */
  readonly transport: Transport;
  /** Null when the source only has a response (raw text with the response alone), or holds no request because none was sent (`requestSent: false`). */
  readonly request: HandshakeRequest | null;
  /** Null when the client saw no response, the browser hid it (Chromium's rejected handshakes), or the source lacks it (`missingResponse`). */
  readonly response: HandshakeResponse | null;
  /** The browser's own reason for rejecting the handshake, without the `Error during WebSocket handshake: ` prefix. */
  readonly browserError: string | null;
  /** When the handshake started, ISO 8601, when known. */
  readonly startedAt?: string | null;
  /** Milliseconds from request to response, when known. */
  readonly durationMs?: number | null;
  /** The URL of the page that opened the socket, when known (DevTools capture). */
  readonly pageUrl?: string | null;
  readonly raw?: RawExchange | null;
  /** What captured it, when the source knows: findings mention a browser's reason only for a browser capture. */
  readonly capturedBy?: CapturedBy | null;
  /** Why `response` is null; absent means `not-received`. Only `not-received` is a `no-response` failure. */
  readonly missingResponse?: MissingResponse | null;
  /** The response's first line when it is not a valid HTTP status line (raw text): clients fail the handshake on it. */
  readonly invalidStatusLine?: string | null;
  /**
   * False when the request never went out (the connection or TLS failed first, e.g. `wss://` to a
   * plain port): there is no request to judge. Absent or null means it was sent (or unknown).
   */
  readonly requestSent?: boolean | null;
  /** The source's own account of why no response came (the probe); null or absent otherwise. */
  readonly connectionFailure?: ConnectionFailure | null;
  /** What happened after the 101, when the source saw it (a Chromium HAR's messages, the probe's frames). */
  readonly connection?: Connection | null;
}

// ---------------------------------------------------------------------------
// After the 101: what the source saw of the connection, kept bounded (counts,
// the first and last messages, the errors, times: never the data itself).

/** One data message after the 101; never its whole data. */
export interface ConnectionMessage {
  /** `sent`: client → server; `received`: server → client. */
  readonly direction: 'sent' | 'received';
  /** Milliseconds since the handshake started, when known. */
  readonly atMs: number | null;
  readonly kind: 'text' | 'binary';
  /** Its size in bytes (text as UTF-8; binary decoded). */
  readonly bytes: number;
  /** The start of a text message (a few dozen characters); absent for binary and in redacted copies. */
  readonly preview?: string;
}

/** Data messages one way: how many, their bytes, the largest. */
export interface MessageTally {
  readonly count: number;
  readonly bytes: number;
  readonly largest: number;
}

/** What the client found wrong after the 101 and failed the connection for. */
export interface ConnectionError {
  readonly atMs: number | null;
  /** The client's words: Chromium's exact text for a browser capture, the probe's own otherwise. */
  readonly text: string;
  /** What it is, when the source checked the frames itself (the probe); otherwise read from `text`. */
  readonly kind?: FrameErrorKind;
  /** Values seen, for the message (e.g. the HTTP status line written after the 101, the announced frame length). */
  readonly detail?: string;
}

/** What a client can find wrong in the server's frames (RFC 6455 §5, RFC 7692 §6). */
export type FrameErrorKind =
  | 'reserved-bits'
  | 'masked'
  | 'invalid-utf8'
  | 'reserved-opcode'
  | 'fragmentation'
  | 'control-frame'
  | 'data-after-close'
  | 'close-frame'
  | 'deflate-data'
  | 'http-after-101'
  | 'too-large'
  | 'invalid-header'
  | 'other';

/**
 * Who sent the first close frame: `server`, `client`, `nobody` (the TCP
 * connection ended without one: 1006 for the page), or `unknown` when the source
 * records no close frames (Chromium's HAR keeps none, neither way).
 */
export type ClosedBy = 'server' | 'client' | 'nobody' | 'unknown';

export interface ConnectionEnd {
  /** Milliseconds since the handshake started, when known. */
  readonly atMs: number | null;
  readonly closedBy: ClosedBy;
  /** The first close frame's code; null when it carried none (1005 for the page) or there was none. */
  readonly code: number | null;
  /** Its reason; null when it had none. */
  readonly reason: string | null;
  /** Whether the other side answered that close frame with its own; null when not known. */
  readonly answered: boolean | null;
  /** How the connection ended beyond the close frames, in the source's words (the probe), e.g. "the server dropped the connection". */
  readonly note?: string | null;
}

export interface Connection {
  /**
   * What the source could see: `messages` data messages only (Chromium's HAR: no pings, no close frames,
   * no close codes), `frames` every frame (the probe), `nothing` (Firefox's HAR keeps no WebSocket messages).
   */
  readonly seen: 'messages' | 'frames' | 'nothing';
  /** Milliseconds from the handshake start to the 101, when known. */
  readonly openedAtMs: number | null;
  readonly sent: MessageTally;
  readonly received: MessageTally;
  /** The first few messages, then the last few (not repeating the first ones). */
  readonly first: readonly ConnectionMessage[];
  readonly last: readonly ConnectionMessage[];
  /** When the last frame went each way (ms since the start); the probe counts control frames too. Null: none. */
  readonly lastSentAtMs: number | null;
  readonly lastReceivedAtMs: number | null;
  /** Protocol errors the client failed the connection for (the first few). */
  readonly errors: readonly ConnectionError[];
  /** How it ended; null while open, or when the source cannot tell (`recordsEnd` false). */
  readonly ended: ConnectionEnd | null;
  /** Whether the source tells an open socket from an ended one (Chromium's HAR and the probe do; mitmproxy's and pcap2har's do not). */
  readonly recordsEnd: boolean;
  /** Pings the server sent (the probe answers each with a pong); null when the source cannot see them. */
  readonly pings?: number | null;
}

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** The part of the exchange it judges: the request, the response, or the connection. */
  readonly side: Side;
  /** What was seen, with the values. */
  readonly message: string;
  /** e.g. `RFC 6455 §4.1`. */
  readonly spec: string;
  /** The header concerned, in canonical case, or null. */
  readonly header: string | null;
  /** What a server developer can do about it. */
  readonly fix: string;
  /** A title for this case when the rule's would mislead (RULES[rule].title otherwise). */
  readonly title?: string;
  /** Where `spec` lives on the web, when it differs from the rule's specUrl. */
  readonly specUrl?: string;
}

export interface Report {
  readonly handshake: Handshake;
  readonly source: string;
  readonly url: string;
  readonly transport: Transport;
  /** The response status; 0 when the client saw no response. */
  readonly status: number;
  readonly verdict: Verdict;
  /** Sec-WebSocket-Key as sent (trimmed), or null. */
  readonly key: string | null;
  /** base64(SHA-1(key + GUID)) when the key is present and well formed. */
  readonly expectedAccept: string | null;
  /** Sec-WebSocket-Accept as received (the first one when repeated), or null. */
  readonly actualAccept: string | null;
  readonly browserError: string | null;
  readonly findings: readonly Finding[];
  /** One plain sentence on what went wrong (or that all is well). */
  readonly summary: string;
  /**
   * What happened after the 101, judged apart: its findings have their own severity and never
   * change `verdict` (the handshake's). Absent when the source saw nothing after a 101.
   */
  readonly connection?: ConnectionReport | null;
}

/** One moment of a connection's life, for the timeline the faces draw. */
export interface TimelineEvent {
  /** Milliseconds since the handshake started; null when the source has no time for it. */
  readonly atMs: number | null;
  readonly kind: 'open' | 'sent' | 'received' | 'gap' | 'error' | 'end';
  /** What happened, plain text built from the values (message previews are quoted, never interpreted). */
  readonly text: string;
}

/** How a connection went after the 101: how it ended, the times, and the patterns found. */
export interface ConnectionReport {
  readonly seen: Connection['seen'];
  /** `open`: still open when captured; `ended`; `unknown`: the source cannot tell (Firefox). */
  readonly state: 'open' | 'ended' | 'unknown';
  readonly closedBy: ClosedBy | null;
  readonly code: number | null;
  /** What the close code means (RFC 6455 §7.4.1, the IANA registry; 4000–4999 "application"). */
  readonly codeMeaning: string | null;
  readonly reason: string | null;
  readonly openedAtMs: number | null;
  readonly endedAtMs: number | null;
  /** From the 101 (or the start, when the 101's time is unknown) to the end. */
  readonly openForMs: number | null;
  /** From the last frame received / sent to the end; null when none went that way or it has not ended. */
  readonly sinceLastReceivedMs: number | null;
  readonly sinceLastSentMs: number | null;
  readonly sent: MessageTally;
  readonly received: MessageTally;
  readonly errors: readonly ConnectionError[];
  /** One plain sentence: how it went and how it ended. */
  readonly summary: string;
  readonly timeline: readonly TimelineEvent[];
  readonly findings: readonly Finding[];
  /** The connection's own verdict: its highest fail/warn finding. Never folded into the handshake's. */
  readonly verdict: Verdict;
  /** It ended badly (a warn or fail finding) within its first minutes: the list marks such rows. */
  readonly diedEarly: boolean;
}
