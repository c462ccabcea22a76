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
}
