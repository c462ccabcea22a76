/**
 * Names the likely server bug behind a wrong Sec-WebSocket-Accept by recomputing
 * the accept the ways broken servers do (hashed the decoded key, lower-case GUID,
 * hex instead of base64, …). These digests run synchronously with @noble/hashes:
 * a few per wrong accept, where SubtleCrypto's per-call cost would dominate.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { WEBSOCKET_GUID } from './accept.js';
import { decodeBase64, toBase64, toHex, utf8 } from './base64.js';

/** A wrong accept to explain: the key as sent (trimmed) and the accept received. */
export interface AcceptMismatch {
  readonly key: string;
  readonly actual: string;
}

/** One way a broken server computes the accept: what it hashes, and with what. */
interface Recipe {
  readonly explanation: string;
  readonly hash: (bytes: Uint8Array) => Uint8Array;
  /** The bytes hashed; null when the recipe does not apply to this key (a key that is not base64). */
  readonly input: (key: string) => Uint8Array | null;
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

// Tried in this order; the first whose base64 (or base64 without padding) equals the value wins.
const RECIPES: readonly Recipe[] = [
  {
    explanation: 'the server hashed the base64-decoded key bytes instead of the key text',
    hash: sha1,
    input: (key) => {
      const decoded = decodeBase64(key);
      return decoded ? concat(decoded, utf8(WEBSOCKET_GUID)) : null;
    },
  },
  { explanation: 'the server used the GUID in lower case (it must be 258EAFA5-E914-47DA-95CA-C5AB0DC85B11)', hash: sha1, input: (key) => utf8(key + WEBSOCKET_GUID.toLowerCase()) },
  { explanation: 'the server hashed the key without appending the GUID', hash: sha1, input: (key) => utf8(key) },
  { explanation: 'the server put the GUID before the key instead of after it', hash: sha1, input: (key) => utf8(WEBSOCKET_GUID + key) },
  { explanation: 'the server hashed the key with the whitespace around it', hash: sha1, input: (key) => utf8(` ${key}${WEBSOCKET_GUID}`) },
  { explanation: 'the server hashed the key with SHA-256 instead of SHA-1', hash: sha256, input: (key) => utf8(key + WEBSOCKET_GUID) },
];

const DROPPED_PADDING = 'the server dropped the base64 padding ("=") from the accept value';

/** The value without trailing "=" (a loop: /=+$/ backtracks quadratically on a run of "=" followed by another character). */
function withoutPadding(base64: string): string {
  let end = base64.length;
  while (end > 0 && base64.charCodeAt(end - 1) === 61) end--;
  return base64.slice(0, end);
}

/** The explanation for one wrong accept, or null when no known bug produces it. */
export function explainWrongAccept({ key, actual }: AcceptMismatch): string | null {
  const value = actual.trim();
  if (value === key) return 'the server echoed the Sec-WebSocket-Key back instead of hashing it';
  if (value === '') return 'the server sent an empty Sec-WebSocket-Accept';
  const correct = sha1(utf8(key + WEBSOCKET_GUID));
  if (value.toLowerCase() === toHex(correct)) return 'the server sent the SHA-1 digest as hex instead of base64';
  for (const recipe of RECIPES) {
    const input = recipe.input(key);
    if (!input) continue;
    const digest = toBase64(recipe.hash(input));
    if (value === digest) return recipe.explanation;
    if (value === withoutPadding(digest)) return DROPPED_PADDING;
  }
  const correctBase64 = toBase64(correct);
  if (value === withoutPadding(correctBase64)) return DROPPED_PADDING;
  if (value.toLowerCase() === correctBase64.toLowerCase()) return 'the accept value has the right characters in the wrong case (base64 is case-sensitive)';
  if (value.replace(/-/g, '+').replace(/_/g, '/') === correctBase64) return 'the server used URL-safe base64 (-_) instead of standard base64 (+/)';
  // The right shape (base64 of 20 bytes) but no recognisable recipe: most often a mistyped GUID.
  if (decodeBase64(value)?.length === 20) {
    return 'the value is a well-formed SHA-1 digest of something else: most often a mistyped GUID constant, or the accept computed for another key (a cached or shared response)';
  }
  return null;
}
