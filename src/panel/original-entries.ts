/**
 * The HAR entry each listed handshake was read from (an imported file's entry,
 * or the DevTools capture's), so the HAR export can keep it as it was. Keyed by
 * the Handshake object itself, so entries go when their rows go.
 */
import type { Handshake } from '../core/model.js';

const entries = new WeakMap<Handshake, unknown>();

export function rememberEntry(handshake: Handshake, entry: unknown): void {
  if (entry !== null && entry !== undefined) entries.set(handshake, entry);
}

/** The entry the handshake came from, or undefined (pasted text, or not remembered). */
export function entryOf(handshake: Handshake): unknown {
  return entries.get(handshake);
}
