/**
 * Which transport carried the handshake: HTTP/1.1 Upgrade, or extended CONNECT
 * over HTTP/2 (RFC 8441) / HTTP/3 (RFC 9220), where there is no key, no accept,
 * no Upgrade/Connection, and 200 means success.
 */
import type { Check } from '../context.js';
import { finding } from '../finding.js';
import type { Handshake, Transport } from '../model.js';

/**
 * The transport the handshake really used. Sources set it when they know; else:
 * an extended CONNECT (`:protocol`) is h2 (h3 when the version says so); a real
 * request line means HTTP/1.1; and a browser-captured request without
 * Sec-WebSocket-Key is h2, because Chromium always sends a key over HTTP/1.1
 * and DevTools dresses h2 WebSockets in HTTP/1.1 headers (shared/PLATFORM.md).
 */
export function inferTransport(handshake: Handshake): Transport {
  if (handshake.transport !== 'unknown') return handshake.transport;
  // A request that never went out used no transport at all: nothing to infer, least of all HTTP/2.
  if (handshake.requestSent === false) return 'unknown';
  const request = handshake.request;
  if (!request) return handshake.response?.httpVersion ? versionTransport(handshake.response.httpVersion) : 'unknown';
  const version = request.httpVersion ?? handshake.response?.httpVersion ?? null;
  const extendedConnect = request.method.toUpperCase() === 'CONNECT' || request.headers.has(':protocol');
  if (extendedConnect) return version && versionTransport(version) === 'h3' ? 'h3' : 'h2';
  if (version) return versionTransport(version);
  if (!request.headers.has('sec-websocket-key')) {
    const status = handshake.response?.status;
    if (status === undefined || status === 200) return 'h2';
  }
  return 'http/1.1';
}

function versionTransport(version: string): Transport {
  const v = version.trim().toLowerCase();
  if (v === 'h3' || v.startsWith('http/3')) return 'h3';
  if (v === 'h2' || v === 'h2c' || v.startsWith('http/2')) return 'h2';
  if (v.startsWith('http/1') || v.startsWith('http/0')) return 'http/1.1';
  return 'unknown';
}

// RFC 8441 §4-5 / RFC 9220 §3: an extended CONNECT, judged by its own rules (200 is success).
const checkExtendedConnect: Check = (context) => {
  if (!context.extendedConnect) return [];
  const h3 = context.transport === 'h3';
  const status = context.response ? ` and the server answered ${context.response.status}` : '';
  const message = `The WebSocket used ${h3 ? 'HTTP/3' : 'HTTP/2'} extended CONNECT (:protocol: websocket)${status}: no Sec-WebSocket-Key, Accept, Upgrade or Connection are used, and 200 means success.`;
  return [finding(h3 ? 'h3-websocket' : 'h2-websocket', message)];
};

export const transportChecks: readonly Check[] = [checkExtendedConnect];
