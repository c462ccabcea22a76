/**
 * The forward proxy the probe goes through, from the environment as curl reads
 * it: ws:// → http_proxy, wss:// → https_proxy (lower case first), NO_PROXY
 * honoured. Hand-written: proxy-from-env reads only process.env (the probe takes
 * the environment as a parameter) and matches NO_PROXY host names exactly,
 * where curl (and this README) also match their subdomains.
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import type { ProbeProxy, ProbeTarget } from './types.js';

/** Whether NO_PROXY (comma or space separated: `*`, `host`, `.domain`, `*.domain`, with optional `:port`) exempts host:port. */
export function noProxyMatches(noProxy: string, host: string, port: number): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (let entry of noProxy.split(/[\s,]+/)) {
    entry = entry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: number | null = null;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = bracketed[2] ? Number(bracketed[2]) : null;
    } else if (!net.isIPv6(entry)) {
      const withPort = /^(.*):(\d+)$/.exec(entry);
      if (withPort) {
        entry = withPort[1]!;
        entryPort = Number(withPort[2]);
      }
    }
    if (entryPort !== null && entryPort !== port) continue;
    entry = entry.replace(/^\*\./, '.').replace(/\.$/, '');
    const domain = entry.startsWith('.') ? entry.slice(1) : entry;
    if (name === domain || name.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** The proxy to use, with the Proxy-Authorization its URL's credentials call for. */
export type ProxyConfig = Omit<ProbeProxy, 'response'> & { readonly authorization: string | null };

export function proxyFromEnv(
  target: ProbeTarget,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; proxy: ProxyConfig | null } | { ok: false; error: string } {
  const names = target.secure ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const variable = names.find((n) => (env[n] ?? '').trim() !== '');
  if (!variable) return { ok: true, proxy: null };
  // An empty variable counts as unset, so an empty no_proxy does not hide NO_PROXY.
  const noProxy = [env.no_proxy, env.NO_PROXY].find((v) => (v ?? '').trim() !== '') ?? '';
  if (noProxyMatches(noProxy, target.host, target.port)) return { ok: true, proxy: null };
  const text = env[variable]!.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return { ok: false, error: `${variable} is not a proxy URL: "${text}"` };
  }
  if (url.protocol !== 'http:') {
    return { ok: false, error: `${variable}: only http:// proxies are supported (CONNECT), not ${url.protocol}//` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 80 : Number(url.port);
  const authorization = url.username || url.password
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : null;
  const shownHost = net.isIPv6(host) ? `[${host}]` : host;
  return { ok: true, proxy: { url: `http://${shownHost}:${port}`, host, port, variable, authorization } };
}

