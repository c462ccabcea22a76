/**
 * What every check reads: the handshake plus the values derived from it once
 * (transport, key, expected accept, parsed offers). Built by `analyze()`.
 */
import type { Handshake, HandshakeRequest, HandshakeResponse, Transport } from './model.js';
import type { ExtensionListResult, TokenList } from './headers.js';
import type { UrlParts } from './security.js';

export interface HandshakeContext {
  readonly handshake: Handshake;
  readonly transport: Transport;
  /** h2 or h3 extended CONNECT: no key, accept, Upgrade or Connection expected, 200 is success. */
  readonly extendedConnect: boolean;
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
  /**
   * The handshake URL split once by analyze() (null when it is not an absolute URL). Left out
   * (undefined) in contexts built by hand, and when the URL cannot be read: checks then split it themselves.
   */
  readonly targetUrl?: UrlParts | null;
}

/** A check reads the context and returns its findings; it never throws on bad input. */
export type Check = (context: HandshakeContext) => import('./model.js').Finding[];
