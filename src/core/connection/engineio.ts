/**
 * Engine.IO (the transport under socket.io) as far as a connection's story needs
 * it: which protocol revision a URL asks for (`EIO=3` is socket.io v2, `EIO=4`
 * v3/v4), and the heartbeat the server announced in its open packet
 * (`0{"sid":…,"pingInterval":25000,"pingTimeout":20000,…}`).
 * https://socket.io/docs/v4/engine-io-protocol/
 */
import type { UrlParts } from '../url.js';

/** Engine.IO's defaults (engine.io 6: pingInterval 25000, pingTimeout 20000). */
export const ENGINE_IO_DEFAULTS = { pingIntervalMs: 25_000, pingTimeoutMs: 20_000 } as const;

export interface EngineIoUrl {
  /** The `EIO` query value: 3 (socket.io v2 clients), 4 (v3/v4), or null when absent or unreadable. */
  readonly revision: number | null;
}

/** The Engine.IO parameters of a socket.io-looking URL (`…/socket.io/?EIO=4&transport=websocket`); null for other URLs. */
export function engineIoUrl(url: UrlParts | null): EngineIoUrl | null {
  if (!url) return null;
  const query = url.query ?? '';
  const eio = /(?:^|&)EIO=(\d{1,2})(?:&|$)/.exec(query);
  const looksLike = /\/(socket|engine)\.io(\/|$)/.test(url.path) || (eio !== null && /(?:^|&)transport=websocket(?:&|$)/.test(query));
  if (!looksLike) return null;
  return { revision: eio ? Number(eio[1]) : null };
}

export interface OpenPacket {
  readonly pingIntervalMs: number | null;
  readonly pingTimeoutMs: number | null;
}

/** The heartbeat values of an open packet (`0{…}`), read from its start (a preview may be cut short); null when it is not one. */
export function openPacket(text: string): OpenPacket | null {
  if (!text.startsWith('0{')) return null;
  // An open packet is about a hundred characters: its start is enough, whatever the input.
  const head = text.slice(0, 512);
  const value = (name: string): number | null => {
    const match = new RegExp(`"${name}"\\s*:\\s*(\\d{1,9})`).exec(head);
    return match ? Number(match[1]) : null;
  };
  return { pingIntervalMs: value('pingInterval'), pingTimeoutMs: value('pingTimeout') };
}
