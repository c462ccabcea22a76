/**
 * What every check reads: the handshake plus the values derived from it once
 * (transport, key, expected accept, parsed offers, the URL's parts). Built by
 * `analyze()`; checks only read it.
 */
import type { ExtensionListResult, TokenList } from './headers.js';
import type { Finding, Handshake, HandshakeRequest, HandshakeResponse, Transport } from './model.js';
import type { UrlParts } from './url.js';
import type { StackDiagnosis } from './stack/explain.js';
import type { StackReading } from './stack/identify.js';

export interface HandshakeContext {
  readonly handshake: Handshake;
  readonly transport: Transport;
  /** h2 or h3 extended CONNECT: no key, accept, Upgrade or Connection expected, 200 is success. */
  readonly extendedConnect: boolean;
  /** The status a successful handshake answers with on this transport: 101, or 200 over h2/h3 (RFC 8441 §5, RFC 9220 §3). */
  readonly successStatus: 101 | 200;
  /** The server accepted the handshake: its response has the success status. */
  readonly accepted: boolean;
  /** The request as sent; null when there is none, or it never went out (`requestSent: false`). */
  readonly request: HandshakeRequest | null;
  readonly response: HandshakeResponse | null;
  /** Sec-WebSocket-Key as sent, trimmed (first one when repeated), or null. */
  readonly key: string | null;
  /** The accept the server should send, when the key is well formed. */
  readonly expectedAccept: string | null;
  /** Sec-WebSocket-Accept as received (first line, trimmed), or null. */
  readonly actualAccept: string | null;
  /** When the accept is wrong and a known server bug explains it, that explanation. */
  readonly acceptDiagnosis: string | null;
  /** Subprotocols the request offered (all Sec-WebSocket-Protocol lines), null when there was no request. */
  readonly offeredProtocols: TokenList | null;
  /** Extensions the request offered, null when it offered none or there was no request. */
  readonly offeredExtensions: ExtensionListResult | null;
  /** The handshake URL split once (null when it is not an absolute URL). */
  readonly targetUrl: UrlParts | null;
  /** Which components answered a refused handshake (headers, habits, body), when its response is visible. */
  readonly stack: StackReading | null;
  /** What that answer means and the fix for the component at fault, when something in it is recognised. */
  readonly diagnosis: StackDiagnosis | null;
}

/** A check reads the context and returns its findings; it never throws on bad input. */
export type Check = (context: HandshakeContext) => Finding[];
