/**
 * Security smells in a handshake (RFC 6455 §10): cross-site handshakes the
 * server accepted with cookies (cross-site WebSocket hijacking), ws:// from
 * https:// pages, and credentials in the URL.
 */
import type { Check, HandshakeContext } from '../context.js';
import { finding } from '../finding.js';
import type { Finding } from '../model.js';
import { secretParamNames } from '../secrets.js';
import { splitUrl } from '../url.js';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// Shared-hosting suffixes whose subdomains belong to different owners (a tiny stand-in for the Public Suffix List).
const PRIVATE_SUFFIXES = new Set([
  'github.io', 'gitlab.io', 'herokuapp.com', 'vercel.app', 'netlify.app', 'pages.dev', 'workers.dev',
  'appspot.com', 'web.app', 'firebaseapp.com', 'azurewebsites.net', 'cloudfront.net', 'onrender.com',
  'fly.dev', 'glitch.me', 'ngrok.io', 'ngrok-free.app', 'repl.co', 'blogspot.com',
]);
// Second-level labels under a country code that act as public suffixes (`example.co.uk`).
const COUNTRY_SECOND_LEVELS = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gv', 'nic']);

/** A heuristic registrable domain ("site"): the last two labels, three under `co.uk`-like or shared-hosting suffixes. */
export function siteOf(host: string): string {
  // Found by index, not split/join: this runs twice per accepted handshake with cookies.
  const last = host.lastIndexOf('.');
  if (host.startsWith('[') || last < 0 || IPV4.test(host)) return host;
  const second = last > 0 ? host.lastIndexOf('.', last - 1) : -1;
  const lastTwo = host.slice(second + 1);
  const needsThird = PRIVATE_SUFFIXES.has(lastTwo) || (host.length - last - 1 === 2 && COUNTRY_SECOND_LEVELS.has(host.slice(second + 1, last)));
  if (!needsThird) return lastTwo;
  const third = second > 0 ? host.lastIndexOf('.', second - 1) : -1;
  return host.slice(third + 1);
}

/** ws/http and wss/https are the same scheme for site comparison. */
function schemeClass(scheme: string): string {
  if (scheme === 'ws') return 'http';
  if (scheme === 'wss') return 'https';
  return scheme;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]';
}

/** Why an Origin is another site than the WebSocket URL, or null when it is the same site (or cannot be told). */
function crossSiteReason(origin: string, context: HandshakeContext): string | null {
  const trimmed = origin.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'null') return 'Origin is "null" (a sandboxed frame, a file, or a redirect across sites)';
  const target = context.targetUrl;
  if (!target || target.host === '') return null;
  if (lower.startsWith('file:')) return `Origin is "${trimmed}" (a local file)`;
  const from = splitUrl(trimmed);
  if (!from) return null;
  // The same host is the same site: the usual case needs no site computed.
  if (from.host !== target.host && siteOf(from.host) !== siteOf(target.host)) return `Origin "${trimmed}" is another site than ${target.host}`;
  if (schemeClass(from.scheme) !== schemeClass(target.scheme)) return `Origin "${trimmed}" uses another scheme than ${target.scheme}://${target.host}`;
  return null;
}

/** RFC 6455 §10.2: an accepted cross-site handshake with cookies is what cross-site WebSocket hijacking looks like. */
const checkCrossSiteCookies: Check = (context) => {
  const request = context.request;
  if (!request || !context.accepted) return [];
  // DevTools may hide Cookie: no header means unknown, not "no cookies".
  const cookie = request.headers.combined('cookie');
  const origin = request.headers.first('origin');
  if (!cookie || origin === null) return [];
  const reason = crossSiteReason(origin, context);
  if (reason === null) return [];
  const cookieNames = [...new Set(cookie.split(/[;,]/).map((c) => c.split('=', 1)[0]!.trim()).filter((n) => n !== ''))];
  return [
    finding('cross-site-cookie-handshake', `The server accepted this handshake (${context.response!.status}) although the ${reason}, and the request carried cookies (${cookieNames.slice(0, 5).join(', ')}${cookieNames.length > 5 ? ', …' : ''}). Unless the server checks Origin, any site can open this socket with the user's session.`, {
      header: 'Origin',
    }),
  ];
};

/** RFC 6455 §10, WHATWG mixed content: ws:// from an https:// page is unencrypted and blocked by browsers. */
const checkInsecureFromHttps: Check = (context) => {
  const target = context.targetUrl;
  if (!target || (target.scheme !== 'ws' && target.scheme !== 'http') || isLoopback(target.host)) return [];
  const pageUrl = context.handshake.pageUrl?.trim() || null;
  const page = pageUrl ?? context.request?.headers.first('origin') ?? null;
  if (page === null || splitUrl(page)?.scheme !== 'https') return [];
  return [
    finding('insecure-ws-from-https', `The socket uses unencrypted ws://${target.host} from the ${pageUrl !== null ? 'page' : 'origin'} ${page}: anyone on the path can read and change its traffic, and browsers block it as mixed content.`, {
      header: pageUrl !== null ? null : 'Origin',
    }),
  ];
};

/** RFC 6455 §10: secrets in the URL end up in server, proxy and browser logs. Values are never shown. */
const checkCredentialsInUrl: Check = (context) => {
  const url = context.targetUrl;
  if (!url) return [];
  const findings: Finding[] = [];
  if (url.userinfo !== null && url.userinfo !== '') {
    // The user name can itself be a token (`https://TOKEN:x-oauth-basic@host`), so neither part is shown.
    const shown = url.userinfo.includes(':') ? '***:***@' : '***@';
    findings.push(finding('credentials-in-url', `The URL carries credentials in its userinfo (${shown}${url.host}); values hidden here.`));
  }
  const names = url.query === null ? [] : secretParamNames(url.query);
  if (names.length > 0) {
    const list = names.map((n) => `${n}=***`).join(', ');
    findings.push(
      finding('credentials-in-url', `The URL's query carries ${names.length === 1 ? 'a parameter that looks' : 'parameters that look'} like credentials: ${list} (values hidden here).`),
    );
  }
  return findings;
};

export const securityChecks: readonly Check[] = [checkCrossSiteCookies, checkInsecureFromHttps, checkCredentialsInUrl];
