/**
 * Builds Handshake records for core tests from header pairs, with defaults that
 * make a valid HTTP/1.1 handshake (the RFC 6455 §1.3 sample key and accept).
 * Shared by the core test files: keep the API small and stable.
 */
import { HeaderList } from '../../../src/core/headers.js';
import type { Handshake, Transport } from '../../../src/core/model.js';

export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

export const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

/** A browser-like HTTP/1.1 request. */
export const VALID_REQUEST: HeaderPairs = [
  ['Host', 'example.com'],
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Key', SAMPLE_KEY],
  ['Sec-WebSocket-Version', '13'],
  ['Origin', 'https://example.com'],
];

/** The matching 101 response headers. */
export const VALID_RESPONSE: HeaderPairs = [
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Accept', SAMPLE_ACCEPT],
];

export interface ResponseSpec {
  readonly status: number;
  readonly headers?: HeaderPairs;
  readonly statusText?: string;
  readonly httpVersion?: string | null;
  /** The start of the body (`bodyStart`). */
  readonly body?: string | null;
}

export interface HandshakeSpec {
  /** Request headers; null for no request; defaults to VALID_REQUEST. */
  readonly request?: HeaderPairs | null;
  /** Response; null for none (no response, or Chromium hid it); defaults to a valid 101. */
  readonly response?: ResponseSpec | null;
  readonly url?: string;
  readonly transport?: Transport;
  readonly browserError?: string | null;
  readonly method?: string;
  /** Request line version, e.g. `HTTP/1.0`; null (unknown) by default. */
  readonly httpVersion?: string | null;
  readonly pageUrl?: string | null;
  readonly capturedBy?: Handshake['capturedBy'];
  readonly requestSent?: boolean;
  readonly connectionFailure?: Handshake['connectionFailure'];
}

export function handshake(spec: HandshakeSpec = {}): Handshake {
  const requestHeaders = spec.request === undefined ? VALID_REQUEST : spec.request;
  const response = spec.response === undefined ? { status: 101, headers: VALID_RESPONSE } : spec.response;
  return {
    source: 'test',
    url: spec.url ?? 'wss://example.com/socket',
    transport: spec.transport ?? 'unknown',
    request:
      requestHeaders === null
        ? null
        : { method: spec.method ?? 'GET', httpVersion: spec.httpVersion ?? null, headers: HeaderList.fromPairs(requestHeaders) },
    response:
      response === null
        ? null
        : {
            status: response.status,
            statusText: response.statusText ?? '',
            httpVersion: response.httpVersion ?? null,
            headers: HeaderList.fromPairs(response.headers ?? []),
            ...(response.body !== undefined ? { bodyStart: response.body } : {}),
          },
    browserError: spec.browserError ?? null,
    pageUrl: spec.pageUrl ?? null,
    ...(spec.capturedBy !== undefined ? { capturedBy: spec.capturedBy } : {}),
    ...(spec.requestSent !== undefined ? { requestSent: spec.requestSent } : {}),
    ...(spec.connectionFailure !== undefined ? { connectionFailure: spec.connectionFailure } : {}),
  };
}

/** Replaces (or with null removes) headers by name in a pair list; new names are appended. */
export function withHeaders(base: HeaderPairs, changes: Readonly<Record<string, string | null>>): HeaderPairs {
  const lower = new Map(Object.entries(changes).map(([k, v]) => [k.toLowerCase(), { name: k, value: v }]));
  const out: Array<readonly [string, string]> = [];
  const seen = new Set<string>();
  for (const [name, value] of base) {
    const change = lower.get(name.toLowerCase());
    if (!change) out.push([name, value]);
    else if (change.value !== null && !seen.has(name.toLowerCase())) out.push([name, change.value]);
    seen.add(name.toLowerCase());
  }
  for (const [lowerName, change] of lower) if (!seen.has(lowerName) && change.value !== null) out.push([change.name, change.value]);
  return out;
}
