/**
 * Sec-WebSocket-Accept, RFC 6455 §4.2.2 (5.4): base64(SHA-1(key + GUID)), where
 * key is the Sec-WebSocket-Key text as sent (trimmed, not decoded). Computed with
 * SubtleCrypto, which browsers (the panel) and Node 20 (the CLI) both have; many
 * keys go in batches, since one awaited digest at a time is ~3x slower (PLATFORM.md).
 */
import { platform, toBase64, utf8 } from './base64.js';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The accept value a server must answer `key` with. */
export async function computeAccept(key: string): Promise<string> {
  const digest = await platform.crypto.subtle.digest('SHA-1', utf8(key + WEBSOCKET_GUID));
  return toBase64(new Uint8Array(digest));
}

/** How many digests are kept in flight at once. */
const BATCH_SIZE = 1024;

/** Accept values for many keys, batched; a key given twice is hashed once. */
export async function computeAccepts(keys: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const accepts = new Map<string, string>();
  for (let start = 0; start < unique.length; start += BATCH_SIZE) {
    const batch = unique.slice(start, start + BATCH_SIZE);
    const values = await Promise.all(batch.map(computeAccept));
    batch.forEach((key, i) => accepts.set(key, values[i]!));
  }
  return accepts;
}

/** RFC 6455 §4.1 (7): the key is base64 of exactly 16 bytes, i.e. 22 base64 characters then "==". */
export function isWellFormedKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{22}==$/.test(key);
}
