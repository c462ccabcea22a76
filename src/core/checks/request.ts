/**
 * Request checks (client → server), RFC 6455 §4.1 and §4.2.1. Over h2/h3
 * extended CONNECT (RFC 8441/9220) there is no key, Upgrade or Connection, and
 * browsers show the CONNECT as a GET dressed in HTTP/1.1 headers
 * (shared/PLATFORM.md), so none of those are judged there.
 */
import { isWellFormedKey } from '../accept.js';
import type { Check, HandshakeContext } from '../context.js';
import { listHasToken } from '../headers.js';
import type { Finding, HandshakeRequest } from '../model.js';
import { isBelowHttp11 } from './response.js';
import { finding } from '../finding.js';

/** The request when the HTTP/1.1 Upgrade rules apply to it (not h2/h3). */
function upgradeRequest(context: HandshakeContext): HandshakeRequest | null {
  return context.extendedConnect ? null : context.request;
}

const quoted = (values: readonly string[]): string => values.map((v) => `\`${v.trim()}\``).join(', ');

// RFC 6455 §4.1 (2), §4.2.1 (1): GET; over h2/h3 the wire method is CONNECT, shown by browsers as GET.
const checkMethod: Check = (context) => {
  const method = context.request?.method;
  if (method === undefined) return [];
  if (method === 'GET' || (context.extendedConnect && method === 'CONNECT')) return [];
  const expected = context.extendedConnect ? 'CONNECT (shown as GET by browsers)' : 'GET';
  return [finding('request-method-not-get', `The request method is \`${method}\`; a WebSocket handshake uses ${expected}.`)];
};

// RFC 6455 §4.1 (2): HTTP/1.1 or higher, judged only when the source shows the request line.
const checkHttpVersion: Check = (context) => {
  const version = context.request?.httpVersion ?? null;
  if (!isBelowHttp11(version)) return [];
  return [finding('request-http-version', `The request line says \`${version}\`; a WebSocket handshake needs HTTP/1.1 or higher.`)];
};

// RFC 6455 §4.1 (4), §4.2.1 (2); over h2/h3 :authority stands in for Host.
const checkHost: Check = (context) => {
  const headers = context.request?.headers;
  if (!headers || headers.has('host') || (context.extendedConnect && headers.has(':authority'))) return [];
  return [finding('request-host-missing', 'The request has no Host header.', { header: 'Host' })];
};

// RFC 6455 §4.2.1 (3): Upgrade lists `websocket`, case-insensitive.
const checkUpgrade: Check = (context) => {
  const request = upgradeRequest(context);
  if (!request) return [];
  const combined = request.headers.combined('upgrade');
  if (combined === null) return [finding('request-upgrade-missing', 'The request has no Upgrade header.', { header: 'Upgrade' })];
  if (listHasToken(combined, 'websocket')) return [];
  return [finding('request-upgrade-not-websocket', `The request sent \`Upgrade: ${combined}\`, which does not name \`websocket\`.`, { header: 'Upgrade' })];
};

// RFC 6455 §4.2.1 (4): Connection is a token list containing Upgrade (`keep-alive, Upgrade` is fine).
const checkConnection: Check = (context) => {
  const request = upgradeRequest(context);
  if (!request) return [];
  const combined = request.headers.combined('connection');
  if (combined === null) return [finding('request-connection-missing-upgrade', 'The request has no Connection header.', { header: 'Connection' })];
  if (listHasToken(combined, 'upgrade')) return [];
  return [
    finding('request-connection-missing-upgrade', `The request sent \`Connection: ${combined}\`, which lacks the \`Upgrade\` token.`, {
      header: 'Connection',
    }),
  ];
};

// RFC 6455 §4.1 (7), §4.2.1 (5): base64 of 16 bytes, surrounding whitespace ignored; sent once (§11.3.1).
const checkKey: Check = (context) => {
  const request = upgradeRequest(context);
  if (!request) return [];
  const lines = request.headers.getAll('sec-websocket-key');
  if (lines.length === 0) return [finding('key-missing', 'The request has no Sec-WebSocket-Key.', { header: 'Sec-WebSocket-Key' })];
  const findings: Finding[] = [];
  if (lines.length > 1) {
    findings.push(finding('header-duplicate', `The request carries Sec-WebSocket-Key ${lines.length} times: ${quoted(lines)}.`, { header: 'Sec-WebSocket-Key', side: 'request' }));
  }
  const key = lines[0]!.trim();
  if (!isWellFormedKey(key)) {
    findings.push(
      finding('key-malformed', `The request sent \`Sec-WebSocket-Key: ${key}\`, which is not base64 of 16 bytes (${describeKey(key)}).`, {
        header: 'Sec-WebSocket-Key',
      }),
    );
  }
  return findings;
};

function describeKey(key: string): string {
  if (key === '') return 'it is empty';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(key)) return 'it has characters outside the base64 alphabet';
  return `${key.length} characters; a 16-byte key is 24 ending in "=="`;
}

// RFC 6455 §4.2.1 (6), §4.4: exactly `13`, sent once; over h2/h3 too (RFC 8441 §5).
const checkVersion: Check = (context) => {
  const headers = context.request?.headers;
  if (!headers) return [];
  const lines = headers.getAll('sec-websocket-version');
  if (lines.length === 0) return [finding('version-missing', 'The request has no Sec-WebSocket-Version.', { header: 'Sec-WebSocket-Version' })];
  const findings: Finding[] = [];
  if (lines.length > 1) {
    findings.push(
      finding('header-duplicate', `The request carries Sec-WebSocket-Version ${lines.length} times: ${quoted(lines)}.`, {
        header: 'Sec-WebSocket-Version',
        side: 'request',
      }),
    );
  }
  const version = lines[0]!.trim();
  if (version !== '13') {
    findings.push(finding('version-unsupported', `The request sent \`Sec-WebSocket-Version: ${version}\`; the only version is 13.`, { header: 'Sec-WebSocket-Version' }));
  }
  return findings;
};

// RFC 6455 §4.1 (8), §10.2: browsers always send Origin; its absence marks a non-browser client.
const checkOrigin: Check = (context) => {
  const headers = context.request?.headers;
  if (!headers || headers.has('origin')) return [];
  return [finding('origin-missing', 'The request has no Origin: it comes from a non-browser client, and the server cannot check where it came from.', { header: 'Origin' })];
};

export const requestChecks: readonly Check[] = [
  checkMethod,
  checkHttpVersion,
  checkHost,
  checkUpgrade,
  checkConnection,
  checkKey,
  checkVersion,
  checkOrigin,
];
