/**
 * Sec-WebSocket-Accept (RFC 6455 §4.2.2 (5.4)): base64(SHA-1(key + GUID)),
 * computed with SubtleCrypto, which browsers (the panel) and Node 20 (the CLI)
 * both have. Digests are batched: one awaited digest at a time is ~3x slower
 * than a batch in flight together (shared/PLATFORM.md).
 */

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The few Web platform globals the core uses, typed here so the core needs neither DOM nor Node types. */
interface CorePlatform {
  readonly crypto: { readonly subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } };
  btoa(data: string): string;
  atob(data: string): string;
}
const platform = globalThis as unknown as CorePlatform;

const encoder = new (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }).TextEncoder();

/** How many digests are kept in flight at once. */
const BATCH_SIZE = 1024;

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return platform.btoa(binary);
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}

async function sha1(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await platform.crypto.subtle.digest('SHA-1', data));
}

/** Latin-1 bytes of a header value (header values are octets; DevTools gives them as a string). */
function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** The accept value for one key (the key as sent, trimmed by the caller). */
export async function computeAccept(key: string): Promise<string> {
  return bytesToBase64(await sha1(encoder.encode(key + WEBSOCKET_GUID)));
}

/** Accept values for many keys at once, batched; duplicate keys are hashed once. */
export async function computeAccepts(keys: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const result = new Map<string, string>();
  for (let start = 0; start < unique.length; start += BATCH_SIZE) {
    const batch = unique.slice(start, start + BATCH_SIZE);
    const accepts = await Promise.all(batch.map(computeAccept));
    batch.forEach((key, i) => result.set(key, accepts[i]!));
  }
  return result;
}

/** Decodes standard base64; null when the text is not canonical base64. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null;
  try {
    return latin1(platform.atob(text));
  } catch {
    return null;
  }
}

/** RFC 6455 §4.1 (7): the key is base64 of exactly 16 bytes. */
export function isWellFormedKey(key: string): boolean {
  return key.length === 24 && decodeBase64(key)?.length === 16;
}

/**
 * Names the likely server bug behind a wrong accept value, by recomputing the
 * accept the way common broken servers do. Null when none matches.
 */
export async function diagnoseAcceptMismatch(key: string, actual: string): Promise<string | null> {
  const trimmedActual = actual.trim();
  if (trimmedActual === key) return 'the server echoed the Sec-WebSocket-Key back instead of hashing it';
  if (trimmedActual === '') return 'the server sent an empty Sec-WebSocket-Accept';

  const correct = await sha1(encoder.encode(key + WEBSOCKET_GUID));
  const candidates: Array<[string, Promise<Uint8Array> | Uint8Array]> = [
    ['the server sent the SHA-1 digest as hex instead of base64', correct],
  ];
  const decoded = decodeBase64(key);
  if (decoded) {
    const joined = new Uint8Array(decoded.length + WEBSOCKET_GUID.length);
    joined.set(decoded);
    joined.set(encoder.encode(WEBSOCKET_GUID), decoded.length);
    candidates.push(['the server hashed the base64-decoded key bytes instead of the key text', sha1(joined)]);
  }
  candidates.push(
    ['the server used the GUID in lower case (it must be 258EAFA5-E914-47DA-95CA-C5AB0DC85B11)', sha1(encoder.encode(key + WEBSOCKET_GUID.toLowerCase()))],
    ['the server hashed the key without appending the GUID', sha1(encoder.encode(key))],
    ['the server put the GUID before the key instead of after it', sha1(encoder.encode(WEBSOCKET_GUID + key))],
    ['the server hashed the key with the whitespace around it', sha1(encoder.encode(` ${key}${WEBSOCKET_GUID}`))],
    ['the server hashed the key with SHA-256 instead of SHA-1', platform.crypto.subtle.digest('SHA-256', encoder.encode(key + WEBSOCKET_GUID)).then((b) => new Uint8Array(b))],
  );
  for (const [explanation, digestPromise] of candidates) {
    const digest = await digestPromise;
    if (explanation.includes('hex')) {
      if (trimmedActual.toLowerCase() === bytesToHex(digest)) return explanation;
      continue;
    }
    const asBase64 = bytesToBase64(digest);
    if (trimmedActual === asBase64) return explanation;
    if (trimmedActual === asBase64.replace(/=+$/, '')) return 'the server dropped the base64 padding ("=") from the accept value';
  }
  const correctBase64 = bytesToBase64(correct);
  if (trimmedActual === correctBase64.replace(/=+$/, '')) return 'the server dropped the base64 padding ("=") from the accept value';
  if (trimmedActual.toLowerCase() === correctBase64.toLowerCase()) return 'the accept value has the right characters in the wrong case (base64 is case-sensitive)';
  if (trimmedActual.replace(/-/g, '+').replace(/_/g, '/') === correctBase64) return 'the server used URL-safe base64 (-_) instead of standard base64 (+/)';
  // A wrong GUID: the right shape (base64 of 20 bytes) but no recognisable recipe.
  if (decodeBase64(trimmedActual)?.length === 20) {
    return 'the value is a well-formed SHA-1 digest of something else: most often a mistyped GUID constant, or the accept computed for another key (a cached or shared response)';
  }
  return null;
}
