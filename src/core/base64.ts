/**
 * The byte helpers the accept computation and its diagnosis share. The core has
 * neither DOM nor Node types, so the few Web platform globals it uses are typed here.
 */

interface CorePlatform {
  readonly crypto: { readonly subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } };
  atob(data: string): string;
  btoa(data: string): string;
}

/** SubtleCrypto, atob and btoa: in browsers, workers and Node 20 alike. */
export const platform = globalThis as unknown as CorePlatform;

const encoder = new (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }).TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return platform.btoa(binary);
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes standard base64; null when the text is not canonical base64. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!CANONICAL_BASE64.test(text)) return null;
  try {
    const binary = platform.atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
