/**
 * Where the probe goes and what it sends: the URL read into host, port and
 * request target, a fresh key, and the request header lines a browser sends.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { HeaderField } from '../../core/headers.js';
import type { ProbeOptions, ProbeTarget } from './types.js';


/** Parses a ws(s):// or http(s):// URL into what the probe needs, or says why it cannot. */
export function parseProbeUrl(text: string): { ok: true; target: ProbeTarget } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `not a URL: "${text}" (expected ws://host[:port]/path or wss://…)` };
  }
  const scheme = url.protocol.toLowerCase();
  const secure = scheme === 'wss:' || scheme === 'https:';
  if (!secure && scheme !== 'ws:' && scheme !== 'http:') {
    return { ok: false, error: `unsupported scheme "${scheme}" (use ws://, wss://, http:// or https://)` };
  }
  if (url.hostname === '') return { ok: false, error: `no host in "${text}"` };
  const defaultPort = secure ? 443 : 80;
  const port = url.port === '' ? defaultPort : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostForHeader = net.isIPv6(host) ? `[${host}]` : host;
  const path = `${url.pathname || '/'}${url.search}`;
  const userinfo = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  const wsUrl = `${secure ? 'wss' : 'ws'}://${userinfo}${hostForHeader}${port === defaultPort ? '' : `:${port}`}${path}`;
  return {
    ok: true,
    target: { url: wsUrl, secure, host, port, path, hostHeader: port === defaultPort ? hostForHeader : `${hostForHeader}:${port}` },
  };
}

/** A fresh Sec-WebSocket-Key: base64 of 16 random bytes (RFC 6455 §4.1 (7)). */
export function randomKey(): string {
  return randomBytes(16).toString('base64');
}

/** The request header lines, in the order sent: defaults, then overrides and extras. */
export function buildRequestHeaders(target: ProbeTarget, options: ProbeOptions, key: string): HeaderField[] {
  const headers: HeaderField[] = [
    { name: 'Host', value: target.hostHeader },
    { name: 'Upgrade', value: 'websocket' },
    { name: 'Connection', value: 'Upgrade' },
    { name: 'Sec-WebSocket-Key', value: key },
    { name: 'Sec-WebSocket-Version', value: '13' },
  ];
  if (options.deflate !== false) headers.push({ name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate; client_max_window_bits' });
  if (options.protocols && options.protocols.length > 0) headers.push({ name: 'Sec-WebSocket-Protocol', value: options.protocols.join(', ') });
  if (options.origin) headers.push({ name: 'Origin', value: options.origin });
  headers.push({ name: 'User-Agent', value: options.userAgent ?? 'ws-handshake' });
  const defaults = new Set(headers.map((h) => h.name.toLowerCase()));
  const overridden = new Set<string>();
  for (const extra of options.headers ?? []) {
    const lower = extra.name.toLowerCase();
    // The first line given for a default header replaces it; later ones add duplicates on purpose.
    if (defaults.has(lower) && !overridden.has(lower)) {
      overridden.add(lower);
      const index = headers.findIndex((h) => h.name.toLowerCase() === lower);
      if (extra.value === '') headers.splice(index, 1);
      else headers[index] = { name: extra.name, value: extra.value };
    } else {
      headers.push({ name: extra.name, value: extra.value });
    }
  }
  return headers;
}


/** The request head as written to the wire. */
export function requestText(target: ProbeTarget, headers: readonly HeaderField[]): string {
  return `GET ${target.path} HTTP/1.1\r\n${headers.map((h) => `${h.name}: ${h.value}\r\n`).join('')}\r\n`;
}
