/**
 * What a close code means: RFC 6455 §7.4.1 and the IANA "WebSocket Close Code
 * Number" registry (1000–1015), the ranges of §7.4.2 (3000–3999 registered for
 * libraries and frameworks, 4000–4999 the application's own).
 */

const MEANINGS: Readonly<Record<number, string>> = {
  1000: 'normal closure',
  1001: 'going away (server shutting down or restarting, or the page navigated away)',
  1002: 'protocol error',
  1003: 'unsupported data (a data type the endpoint does not accept)',
  1004: 'reserved (must not be sent)',
  1005: 'no status code (the close frame carried none)',
  1006: 'abnormal closure (the connection ended without a close frame)',
  1007: 'invalid payload data (e.g. text that is not UTF-8)',
  1008: 'policy violation',
  1009: 'message too big',
  1010: 'mandatory extension missing (the client expected an extension the server did not accept)',
  1011: 'internal server error',
  1012: 'service restart',
  1013: 'try again later (overloaded)',
  1014: 'bad gateway (a gateway or proxy got no valid answer from upstream)',
  1015: 'TLS handshake failure (must not be sent)',
};

/** Codes an endpoint must never put in a close frame (RFC 6455 §7.4.1): browsers fail the connection on them. */
export const RESERVED_CLOSE_CODES: ReadonlySet<number> = new Set([1004, 1005, 1006, 1015]);

/** The meaning of a close code in a few words, ranges included; null for a missing code. */
export function closeCodeMeaning(code: number | null): string | null {
  if (code === null || !Number.isInteger(code)) return null;
  const named = MEANINGS[code];
  if (named) return named;
  if (code >= 4000 && code <= 4999) return 'application (a code of the application\'s own, 4000–4999)';
  if (code >= 3000 && code <= 3999) return 'library or framework (3000–3999, registered with IANA)';
  if (code >= 1016 && code <= 2999) return 'unassigned (1016–2999 are reserved for future RFCs)';
  return 'not a valid close code (below 1000)';
}

/** 1008 or the application range: the server refused the connection by its own rules. */
export function isPolicyCode(code: number | null): boolean {
  return code === 1008 || (code !== null && code >= 4000 && code <= 4999);
}
