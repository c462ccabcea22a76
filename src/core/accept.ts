/**
 * Sec-WebSocket-Accept (RFC 6455 §4.2.2 (5.4)): base64(SHA-1(key + GUID)),
 * computed with SubtleCrypto, which browsers (the panel) and Node 20 (the CLI)
 * both have. Digests are batched: one awaited digest at a time is ~3x slower
 * than a batch in flight together (shared/PLATFORM.md). Explaining a wrong
 * accept rehashes the key the ways broken servers do; those SHA-1s run in plain
 * code (sha1.ts), cheaper than SubtleCrypto's per-call cost.
 */
import { sha1 } from './sha1.js';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The few Web platform globals the core uses, typed here so the core needs neither DOM nor Node types. */
interface CorePlatform {
  readonly crypto: { readonly subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } };
  atob(data: string): string;
}
const platform = globalThis as unknown as CorePlatform;

const encoder = new (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }).TextEncoder();

/** How many digests are kept in flight at once. */
const BATCH_SIZE = 1024;

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// Per char code: 1 for the base64 alphabet (no padding), 0 otherwise; read on every key, so a table, not a regex.
const IS_BASE64_CHAR = new Uint8Array(128);
for (let i = 0; i < BASE64_ALPHABET.length; i++) IS_BASE64_CHAR[BASE64_ALPHABET.charCodeAt(i)] = 1;

const BASE64_CODES = Array.from(BASE64_ALPHABET, (c) => c.charCodeAt(0));
// Char codes of the text being built, reused: one String.fromCharCode call beats concatenating pieces.
const base64Codes: number[] = [];

/** Standard base64 with padding (what btoa gives), without building a binary string first. */
function bytesToBase64(bytes: Uint8Array): string {
  const codes = base64Codes;
  codes.length = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    codes.push(BASE64_CODES[n >>> 18]!, BASE64_CODES[(n >>> 12) & 63]!, BASE64_CODES[(n >>> 6) & 63]!, BASE64_CODES[n & 63]!);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    codes.push(BASE64_CODES[n >>> 18]!, BASE64_CODES[(n >>> 12) & 63]!, 61, 61);
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    codes.push(BASE64_CODES[n >>> 18]!, BASE64_CODES[(n >>> 12) & 63]!, BASE64_CODES[(n >>> 6) & 63]!, 61);
  }
  return String.fromCharCode(...codes);
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}

/** Latin-1 bytes of a header value (header values are octets; DevTools gives them as a string). */
function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/**
 * Packs many digest inputs into a few shared buffers, handing out views: a fresh ArrayBuffer per input
 * (TextEncoder.encode) costs more than the SubtleCrypto call it feeds. SubtleCrypto copies its input
 * when called, and the views never overlap anyway.
 */
class InputPacker {
  private static readonly CHUNK = 64 * 1024;
  private chunk = new Uint8Array(0);
  private used = 0;

  /** UTF-8 bytes of `text` (written directly when it is ASCII, as keys are). */
  text(text: string): Uint8Array {
    const start = this.reserve(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128) return this.bytes(encoder.encode(text));
      this.chunk[start + i] = code;
    }
    this.used = start + text.length;
    return this.chunk.subarray(start, this.used);
  }

  /** The concatenation of `parts`. */
  bytes(...parts: readonly Uint8Array[]): Uint8Array {
    let length = 0;
    for (const part of parts) length += part.length;
    const start = this.reserve(length);
    let at = start;
    for (const part of parts) {
      this.chunk.set(part, at);
      at += part.length;
    }
    this.used = at;
    return this.chunk.subarray(start, at);
  }

  /** Where `length` free bytes start, in the current chunk or a new one. */
  private reserve(length: number): number {
    if (this.used + length > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(InputPacker.CHUNK, length));
      this.used = 0;
    }
    return this.used;
  }
}

/** The accept value for one key (the key as sent, trimmed by the caller). */
export async function computeAccept(key: string): Promise<string> {
  return bytesToBase64(new Uint8Array(await platform.crypto.subtle.digest('SHA-1', encoder.encode(key + WEBSOCKET_GUID))));
}

/** Accept values for many keys at once, batched; duplicate keys are hashed once. */
export async function computeAccepts(keys: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const result = new Map<string, string>();
  const inputs = new InputPacker();
  for (let start = 0; start < unique.length; start += BATCH_SIZE) {
    const end = Math.min(start + BATCH_SIZE, unique.length);
    // The digests themselves, not one async wrapper per key: SubtleCrypto's per-call cost is the budget.
    const pending: Promise<ArrayBuffer>[] = [];
    for (let i = start; i < end; i++) pending.push(platform.crypto.subtle.digest('SHA-1', inputs.text(unique[i]! + WEBSOCKET_GUID)));
    const digests = await Promise.all(pending);
    for (let i = start; i < end; i++) result.set(unique[i]!, bytesToBase64(new Uint8Array(digests[i - start]!)));
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

/**
 * RFC 6455 §4.1 (7): the key is base64 of exactly 16 bytes, i.e. 22 base64
 * characters then "==" (what decodeBase64 accepts at 24 characters and 16 bytes).
 */
export function isWellFormedKey(key: string): boolean {
  if (key.length !== 24 || key.charCodeAt(22) !== 61 || key.charCodeAt(23) !== 61) return false;
  for (let i = 0; i < 22; i++) {
    const code = key.charCodeAt(i);
    if (code >= 128 || IS_BASE64_CHAR[code] === 0) return false;
  }
  return true;
}

/** A wrong accept to explain: the key as sent (trimmed), the accept received, and the right one when already known. */
export interface AcceptMismatch {
  readonly key: string;
  readonly actual: string;
  /** base64(SHA-1(key + GUID)) when the caller has it (analyze does); computed otherwise. */
  readonly expectedAccept?: string | null;
}

const DIGEST_LENGTH = { 'SHA-1': 20, 'SHA-256': 32 } as const;
type Algorithm = keyof typeof DIGEST_LENGTH;

/** One way a broken server computes the accept: what it hashes, and with what. */
interface Recipe {
  readonly explanation: string;
  readonly algorithm: Algorithm;
  /** The bytes hashed; null when the recipe does not apply to this key (a key that is not base64). */
  input(key: string, inputs: InputPacker): Uint8Array | null;
}

const GUID_BYTES = encoder.encode(WEBSOCKET_GUID);

// Tried in this order after the hex check; the first whose base64 (or base64 without padding) equals the value wins.
const RECIPES: readonly Recipe[] = [
  {
    explanation: 'the server hashed the base64-decoded key bytes instead of the key text',
    algorithm: 'SHA-1',
    input: (key, inputs) => {
      const decoded = decodeBase64(key);
      return decoded ? inputs.bytes(decoded, GUID_BYTES) : null;
    },
  },
  { explanation: 'the server used the GUID in lower case (it must be 258EAFA5-E914-47DA-95CA-C5AB0DC85B11)', algorithm: 'SHA-1', input: (key, inputs) => inputs.text(key + WEBSOCKET_GUID.toLowerCase()) },
  { explanation: 'the server hashed the key without appending the GUID', algorithm: 'SHA-1', input: (key, inputs) => inputs.text(key) },
  { explanation: 'the server put the GUID before the key instead of after it', algorithm: 'SHA-1', input: (key, inputs) => inputs.text(WEBSOCKET_GUID + key) },
  { explanation: 'the server hashed the key with the whitespace around it', algorithm: 'SHA-1', input: (key, inputs) => inputs.text(` ${key}${WEBSOCKET_GUID}`) },
  { explanation: 'the server hashed the key with SHA-256 instead of SHA-1', algorithm: 'SHA-256', input: (key, inputs) => inputs.text(key + WEBSOCKET_GUID) },
];

const DROPPED_PADDING = 'the server dropped the base64 padding ("=") from the accept value';

/** Base64 of an n-byte digest is this long with its padding; without it, shorter by the padding. */
function base64Lengths(bytes: number): readonly [number, number] {
  const padded = Math.ceil(bytes / 3) * 4;
  return [padded, padded - ((3 - (bytes % 3)) % 3)];
}

/**
 * Whether a recipe's digest could equal the value at all: base64 strings of a fixed-size digest have
 * one length with padding and one without, so any other length rules the recipe out without hashing.
 */
function couldMatch(recipe: Recipe, trimmedActual: string): boolean {
  const [padded, unpadded] = base64Lengths(DIGEST_LENGTH[recipe.algorithm]);
  return trimmedActual.length === padded || trimmedActual.length === unpadded;
}

/**
 * The explanation for one mismatch. SHA-1 recipes are hashed here, in order, only until one
 * matches; `sha256` is the SHA-256 recipe's digest when its length could match (else null).
 */
function explainMismatch(key: string, trimmedActual: string, correct: Uint8Array, sha256: Uint8Array | null, inputs: InputPacker): string | null {
  if (trimmedActual.toLowerCase() === bytesToHex(correct)) return 'the server sent the SHA-1 digest as hex instead of base64';
  for (const recipe of RECIPES) {
    if (!couldMatch(recipe, trimmedActual)) continue;
    let digest: Uint8Array | null = sha256;
    if (recipe.algorithm === 'SHA-1') {
      const input = recipe.input(key, inputs);
      digest = input ? sha1(input) : null;
    }
    if (!digest) continue;
    const asBase64 = bytesToBase64(digest);
    if (trimmedActual === asBase64) return recipe.explanation;
    if (trimmedActual === asBase64.replace(/=+$/, '')) return DROPPED_PADDING;
  }
  const correctBase64 = bytesToBase64(correct);
  if (trimmedActual === correctBase64.replace(/=+$/, '')) return DROPPED_PADDING;
  if (trimmedActual.toLowerCase() === correctBase64.toLowerCase()) return 'the accept value has the right characters in the wrong case (base64 is case-sensitive)';
  if (trimmedActual.replace(/-/g, '+').replace(/_/g, '/') === correctBase64) return 'the server used URL-safe base64 (-_) instead of standard base64 (+/)';
  // A wrong GUID: the right shape (base64 of 20 bytes) but no recognisable recipe.
  if (decodeBase64(trimmedActual)?.length === 20) {
    return 'the value is a well-formed SHA-1 digest of something else: most often a mistyped GUID constant, or the accept computed for another key (a cached or shared response)';
  }
  return null;
}

const SHA256_RECIPE = RECIPES.find((recipe) => recipe.algorithm === 'SHA-256')!;

/**
 * Names the likely server bug behind each wrong accept value, by recomputing the accept the way
 * common broken servers do; null where none matches. A recipe is hashed only when its result could
 * have the value's length, SHA-1 recipes in plain code only until one matches (sha1.ts), and the
 * SHA-256 ones of all mismatches as one SubtleCrypto batch.
 */
export async function diagnoseAcceptMismatches(mismatches: readonly AcceptMismatch[]): Promise<Array<string | null>> {
  const results: Array<string | null> = new Array<string | null>(mismatches.length).fill(null);
  const inputs = new InputPacker();
  const sha256Inputs: Uint8Array[] = [];
  const sha256At: number[] = [];
  mismatches.forEach(({ key, actual }, m) => {
    const trimmedActual = actual.trim();
    if (trimmedActual === key || trimmedActual === '' || !couldMatch(SHA256_RECIPE, trimmedActual)) return;
    const input = SHA256_RECIPE.input(key, inputs);
    if (input) {
      sha256Inputs.push(input);
      sha256At.push(m);
    }
  });
  const sha256: Array<Uint8Array | null> = new Array<Uint8Array | null>(mismatches.length).fill(null);
  for (let start = 0; start < sha256Inputs.length; start += BATCH_SIZE) {
    const batch = sha256Inputs.slice(start, start + BATCH_SIZE).map((input) => platform.crypto.subtle.digest('SHA-256', input));
    (await Promise.all(batch)).forEach((digest, i) => {
      sha256[sha256At[start + i]!] = new Uint8Array(digest);
    });
  }

  mismatches.forEach(({ key, actual, expectedAccept }, m) => {
    const trimmedActual = actual.trim();
    if (trimmedActual === key) {
      results[m] = 'the server echoed the Sec-WebSocket-Key back instead of hashing it';
      return;
    }
    if (trimmedActual === '') {
      results[m] = 'the server sent an empty Sec-WebSocket-Accept';
      return;
    }
    const known = expectedAccept ? decodeBase64(expectedAccept) : null;
    const correct = known && known.length === DIGEST_LENGTH['SHA-1'] ? known : sha1(inputs.text(key + WEBSOCKET_GUID));
    results[m] = explainMismatch(key, trimmedActual, correct, sha256[m] ?? null, inputs);
  });
  return results;
}

/**
 * Names the likely server bug behind a wrong accept value, by recomputing the
 * accept the way common broken servers do. Null when none matches.
 */
export async function diagnoseAcceptMismatch(key: string, actual: string): Promise<string | null> {
  const [explanation] = await diagnoseAcceptMismatches([{ key, actual }]);
  return explanation ?? null;
}
