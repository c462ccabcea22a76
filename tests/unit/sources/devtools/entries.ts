// Builders for DevTools HAR entries shaped as Chromium 156 and Firefox ESR give them (shared/PLATFORM.md).
import type { CapturedEntry } from '../../../../src/sources/devtools/entry.js';

export const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const SAMPLE_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

type Headers = { name: string; value: string }[];

export function requestHeaders(key: string | null = SAMPLE_KEY, extra: Headers = []): Headers {
  const headers: Headers = [
    { name: 'Host', value: '127.0.0.1:8080' },
    { name: 'Connection', value: 'Upgrade' },
    { name: 'Upgrade', value: 'websocket' },
    { name: 'Origin', value: 'http://127.0.0.1:8080' },
    { name: 'Sec-WebSocket-Version', value: '13' },
  ];
  if (key !== null) headers.push({ name: 'Sec-WebSocket-Key', value: key });
  return [...headers, ...extra];
}

/** Chromium: a handshake it accepted (101 with headers). */
export function chromeAccepted(url: string, key = SAMPLE_KEY, accept = SAMPLE_ACCEPT, started = '2025-01-01T10:00:00.000Z'): CapturedEntry {
  return {
    startedDateTime: started,
    time: 12,
    _resourceType: 'websocket',
    request: { method: 'GET', url, httpVersion: '', headers: requestHeaders(key) },
    response: {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: '',
      headers: [
        { name: 'Upgrade', value: 'websocket' },
        { name: 'Connection', value: 'Upgrade' },
        { name: 'Sec-WebSocket-Accept', value: accept },
      ],
      _error: null,
    },
    _webSocketMessages: [],
  };
}

/** Chromium: a handshake it rejected (status 0, no response headers, the reason in _webSocketMessages). */
export function chromeRejected(url: string, reason: string, key = SAMPLE_KEY, started = '2025-01-01T10:00:00.000Z'): CapturedEntry {
  return {
    startedDateTime: started,
    time: 5,
    _resourceType: 'websocket',
    request: { method: 'GET', url, httpVersion: '', headers: requestHeaders(key) },
    response: { status: 0, statusText: '', httpVersion: '', headers: [], _error: null },
    _webSocketMessages: [{ type: 'error', opcode: -1, data: `Error during WebSocket handshake: ${reason}`, time: 1 }],
  };
}

/** Chromium: a handshake still waiting for its answer (only getHAR shows it). */
export function chromePending(url: string, key = SAMPLE_KEY, started = '2025-01-01T10:00:00.000Z'): CapturedEntry {
  return {
    startedDateTime: started,
    time: 0,
    _resourceType: 'websocket',
    request: { method: 'GET', url, httpVersion: '', headers: requestHeaders(key) },
    response: { status: 0, statusText: '', httpVersion: '', headers: [], _error: null },
    _webSocketMessages: [],
  };
}

/** Chromium: a socket queued behind another handshake to the same host; its request has not gone out. */
export function chromeQueued(url: string): CapturedEntry {
  return {
    startedDateTime: '1969-12-31T23:59:59.000Z',
    time: 0,
    _resourceType: 'websocket',
    request: { method: '', url, httpVersion: '', headers: [] },
    response: { status: 0, statusText: '', httpVersion: '', headers: [], _error: null },
    _webSocketMessages: [],
  };
}

/** Chromium: the connection failed before a request went out (refused): no headers, only the error. */
export function chromeRefused(url: string, errorTime: number): CapturedEntry {
  return {
    ...chromeQueued(url),
    _webSocketMessages: [{ type: 'error', opcode: -1, data: 'Error in connection establishment: net::ERR_CONNECTION_REFUSED', time: errorTime }],
  };
}

/** Firefox: a handshake with the server's real answer (no _resourceType, no _webSocketMessages, `HTTP/1.1`). */
export function firefoxAnswered(url: string, status: number, key = SAMPLE_KEY, started = '2025-01-01T10:00:00.000Z'): CapturedEntry {
  return {
    startedDateTime: started,
    time: 3,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: requestHeaders(key) },
    response: { status, statusText: status === 101 ? 'Switching Protocols' : 'Forbidden', httpVersion: 'HTTP/1.1', headers: [{ name: 'Connection', value: 'close' }], _error: null },
    timings: { blocked: 0, dns: 0, connect: 0, ssl: 0, send: 0, wait: 2, receive: 1 },
  };
}

/** Firefox's entry for the page's own document request (onRequestFinished: no pageref). */
export function firefoxDocument(url: string, started: string): unknown {
  return { startedDateTime: started, time: 20, request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [] }, response: { status: 200, headers: [] } };
}
