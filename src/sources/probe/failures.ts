/**
 * How a probe failed, in one line a person can act on: socket errors, TLS and
 * certificate problems, answers that are not HTTP (TLS on a plain port, SSH, an
 * HTTP/2-only port).
 */
import type { Buffer } from 'node:buffer';
import { identifyStack, sightingName } from '../../core/stack/identify.js';
import { parseResponseHead, type HeadRead, type ResponseHead } from './head.js';
import type { ProbeFailureKind, ProbeTarget } from './types.js';

/** A failed step: what kind, in one line, with the socket or TLS code; and what of the response head had come. */
export class ProbeError extends Error {
  constructor(
    readonly kind: ProbeFailureKind,
    message: string,
    readonly code: string | null = null,
    /** The head as far as it was read, when the failure came while reading it. */
    readonly head: HeadRead | null = null,
    /** The status line and headers, when they parsed before the head went wrong (too large, cut off). */
    readonly parsed: ResponseHead | null = null,
  ) {
    super(message);
  }
}

const CERT_MESSAGES: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed root that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate\'s issuer is unknown (missing intermediate certificate, or a private CA)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate\'s issuer is not trusted here (a private CA, or a missing intermediate)',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate\'s issuer certificate cannot be found',
  CERT_HAS_EXPIRED: 'the server\'s certificate has expired',
  CERT_NOT_YET_VALID: 'the server\'s certificate is not valid yet (check the clocks)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is not valid for this host name',
  CERT_UNTRUSTED: 'the certificate is not trusted',
  CERT_REVOKED: 'the certificate has been revoked',
};

/** "nginx 1.22.1 answered in plain HTTP (`HTTP/1.1 400 Bad Request`)", for a clear-text answer to a ClientHello. */
function plainAnswerText(plain: Buffer | null): string {
  if (!plain || plain.length === 0) return 'it answered in plain text';
  const text = plain.toString('latin1');
  const statusLine = text.split(/\r?\n/, 1)[0] ?? '';
  const head = parseResponseHead(text.slice(0, Math.max(text.search(/\r?\n\r?\n/), 0) || text.length));
  if (!head) return `it answered in plain text ${quoteStart(plain)}`;
  const bodyAt = text.search(/\r?\n\r?\n/);
  const response = { ...head.response, bodyStart: bodyAt >= 0 ? text.slice(bodyAt).replace(/^\r?\n\r?\n/, '') : null };
  const reading = identifyStack(response, 'http/1.1');
  const who = reading.proxy ?? reading.app;
  return `${who ? sightingName(who) : 'it'} answered in plain HTTP: \`${statusLine.trim().slice(0, 80)}\``;
}

export function describeTlsError(error: NodeJS.ErrnoException, target: ProbeTarget, plain: Buffer | null = null): ProbeError {
  const code = error.code ?? null;
  if (code && CERT_MESSAGES[code]) {
    const detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? ` (${error.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '')})` : '';
    return new ProbeError('tls', `TLS: ${CERT_MESSAGES[code]}${detail} [${code}]; trust it with --ca FILE, or skip the check with --insecure`, code);
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number|packet length too long|http request/i.test(error.message)) {
    return new ProbeError('tls', `TLS: ${target.hostHeader} does not speak TLS (${plainAnswerText(plain)}); use ws:// for this port [${code ?? 'EPROTO'}]`, code);
  }
  if (code === 'ECONNRESET' || /socket disconnected before secure TLS connection/i.test(error.message)) {
    return new ProbeError('tls', `TLS: the connection closed during the TLS handshake (a plain-HTTP port, or the server refused the TLS versions/ciphers offered) [${code ?? 'ECONNRESET'}]`, code);
  }
  return new ProbeError('tls', `TLS: ${error.message}${code ? ` [${code}]` : ''}`, code);
}

export function describeSocketError(error: NodeJS.ErrnoException, where: string): ProbeError {
  const code = error.code ?? null;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new ProbeError('dns', `cannot resolve the host name of ${where} [${code}]`, code);
    case 'ECONNREFUSED':
      return new ProbeError('refused', `connection refused by ${where}: nothing listens there [${code}]`, code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new ProbeError('unreachable', `${where} is unreachable from here [${code}]`, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new ProbeError('reset', `${where} reset the connection before answering [${code}]`, code);
    default:
      return new ProbeError('network', `${where}: ${error.message}${code ? ` [${code}]` : ''}`, code);
  }
}

export function quoteStart(bytes: Buffer): string {
  const shown = bytes.subarray(0, 60).toString('latin1').replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${shown}${bytes.length > 60 ? '…' : ''}"`;
}

export function describeNotHttp(bytes: Buffer, target: ProbeTarget): string {
  if (!target.secure && bytes.length >= 2 && (bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03) {
    return `the answer is not HTTP but TLS (starts ${quoteStart(bytes)}): this port expects wss://`;
  }
  if (bytes.subarray(0, 4).toString('latin1') === 'SSH-') {
    return `the answer is not HTTP but an SSH banner ${quoteStart(bytes)}: wrong port?`;
  }
  if (bytes.length >= 9 && bytes[3] === 0x04 && bytes.readUIntBE(0, 3) % 6 === 0 && bytes.readUInt32BE(5) === 0) {
    return `the answer is not HTTP/1.1 but looks like an HTTP/2 SETTINGS frame ${quoteStart(bytes)}: an h2-only (prior knowledge) port`;
  }
  return `the answer is not HTTP: it starts ${quoteStart(bytes)} instead of "HTTP/"`;
}

