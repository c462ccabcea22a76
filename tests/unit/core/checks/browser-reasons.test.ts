import { describe, expect, it } from 'vitest';
import { mapBrowserReason, netErrorHint, stripReasonPrefix } from '../../../../src/core/checks/browser-reasons.js';
import { SAMPLE_ACCEPT, VALID_RESPONSE, withHeaders } from '../build.js';
import { reportFor } from '../rules-helper.js';

interface ReasonRow {
  readonly reason: string;
  readonly rule: string;
  readonly status?: number;
  readonly netError?: string;
  readonly value?: string;
  readonly header?: string;
}

// Every reason in shared/RULES.md (both tables), plus the others found in Chromium's net/websockets sources.
const reasons: ReasonRow[] = [
  { reason: "Incorrect 'Sec-WebSocket-Accept' header value", rule: 'accept-mismatch', header: 'Sec-WebSocket-Accept' },
  { reason: "'Sec-WebSocket-Accept' header is missing", rule: 'accept-missing', header: 'Sec-WebSocket-Accept' },
  { reason: "'Sec-WebSocket-Accept' header must not appear more than once in a response", rule: 'header-duplicate', header: 'Sec-WebSocket-Accept' },
  { reason: "'Upgrade' header is missing", rule: 'upgrade-missing', header: 'Upgrade' },
  { reason: "'Upgrade' header value is not 'WebSocket': h2c", rule: 'upgrade-not-websocket', value: 'h2c', header: 'Upgrade' },
  { reason: "'Connection' header value must contain 'Upgrade'", rule: 'connection-missing-upgrade', header: 'Connection' },
  { reason: 'Unexpected response code: 404', rule: 'status-not-101', status: 404 },
  { reason: 'Unexpected response code: 200', rule: 'status-not-101', status: 200 },
  { reason: 'Unexpected response code: 426', rule: 'status-not-101', status: 426 },
  { reason: "Response must not include 'Sec-WebSocket-Protocol' header if not present in request: chat", rule: 'protocol-not-requested', value: 'chat' },
  { reason: "'Sec-WebSocket-Protocol' header value 'other' in response does not match any of sent values", rule: 'protocol-not-offered', value: 'other' },
  { reason: "Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received", rule: 'protocol-missing', header: 'Sec-WebSocket-Protocol' },
  { reason: "Found an unsupported extension 'x-webkit-deflate-frame' in 'Sec-WebSocket-Extensions' header", rule: 'extension-not-offered', value: 'x-webkit-deflate-frame' },
  { reason: 'Error in permessage-deflate: Received invalid server_max_window_bits parameter', rule: 'deflate-invalid-param', value: 'Received invalid server_max_window_bits parameter' },
  { reason: 'Invalid status line', rule: 'status-not-101' },
  { reason: "'Upgrade' header must not appear more than once in a response", rule: 'header-duplicate', header: 'Upgrade' },
  { reason: "'Connection' header is missing", rule: 'connection-missing-upgrade', header: 'Connection' },
  { reason: "'Sec-WebSocket-Protocol' header must not appear more than once in a response", rule: 'protocol-multiple', header: 'Sec-WebSocket-Protocol' },
  { reason: "'Sec-WebSocket-Extensions' header value is rejected by the parser: foo;=", rule: 'extension-malformed', value: 'foo;=' },
  { reason: 'Received duplicate permessage-deflate response', rule: 'deflate-invalid-param' },
  { reason: 'Error in permessage-deflate: Received duplicate permessage-deflate extension parameter server_no_context_takeover', rule: 'deflate-invalid-param' },
  { reason: 'Error in permessage-deflate: Received invalid client_max_window_bits parameter', rule: 'deflate-invalid-param' },
  { reason: 'Error in permessage-deflate: Received an unexpected permessage-deflate extension parameter', rule: 'deflate-invalid-param' },
  { reason: 'Error in permessage-deflate: client_max_window_bits must have value', rule: 'deflate-invalid-param' },
  { reason: 'net::ERR_CONNECTION_RESET', rule: 'no-response', netError: 'net::ERR_CONNECTION_RESET' },
  { reason: 'Connection closed before receiving a handshake response', rule: 'no-response', netError: 'net::ERR_EMPTY_RESPONSE' },
  { reason: 'Error in connection establishment: net::ERR_CONNECTION_REFUSED', rule: 'no-response', netError: 'net::ERR_CONNECTION_REFUSED' },
  { reason: 'Error in connection establishment: net::ERR_NAME_NOT_RESOLVED', rule: 'no-response', netError: 'net::ERR_NAME_NOT_RESOLVED' },
  { reason: 'Error in connection establishment: net::ERR_CERT_AUTHORITY_INVALID', rule: 'no-response', netError: 'net::ERR_CERT_AUTHORITY_INVALID' },
  { reason: 'Establishing a tunnel via proxy server failed.', rule: 'no-response', netError: 'net::ERR_TUNNEL_CONNECTION_FAILED' },
  { reason: 'WebSocket opening handshake timed out', rule: 'no-response', netError: 'net::ERR_TIMED_OUT' },
  { reason: 'WebSocket opening handshake was canceled', rule: 'no-response', netError: 'net::ERR_ABORTED' },
  { reason: 'HTTP Authentication failed; no valid credentials available', rule: 'status-not-101', status: 401 },
  { reason: 'Proxy authentication failed', rule: 'status-not-101', status: 407 },
  { reason: 'Stream closed with error: net::ERR_HTTP2_PROTOCOL_ERROR', rule: 'no-response', netError: 'net::ERR_HTTP2_PROTOCOL_ERROR' },
  { reason: 'Connection closed before sending request.', rule: 'no-response' },
  { reason: 'Error getting IP address.', rule: 'no-response' },
  { reason: 'WebSocket is closed before the connection is established.', rule: 'client-closed-early' },
  { reason: '', rule: 'no-response' },
  { reason: 'Something Chromium says one day', rule: 'browser-rejected' },
  { reason: "'Sec-WebSocket-Foo' header is missing", rule: 'browser-rejected' },
];

describe('mapBrowserReason', () => {
  it.each(reasons)('maps "$reason" to $rule', ({ reason, rule, status, netError, value, header }) => {
    const mapped = mapBrowserReason(reason);
    expect(mapped.rule).toBe(rule);
    if (status !== undefined) expect(mapped.status).toBe(status);
    if (netError !== undefined) expect(mapped.netError).toBe(netError);
    if (value !== undefined) expect(mapped.value).toBe(value);
    if (header !== undefined) expect(mapped.header).toBe(header);
  });

  it.each(reasons)('maps "$reason" the same with the handshake prefix', ({ reason, rule }) => {
    expect(mapBrowserReason(`Error during WebSocket handshake: ${reason}`).rule).toBe(rule);
  });

  it('strips the console prefix too', () => {
    const text = "WebSocket connection to 'wss://example.com/ws' failed: Error during WebSocket handshake: Unexpected response code: 502";
    expect(stripReasonPrefix(text)).toBe('Unexpected response code: 502');
    expect(mapBrowserReason(text)).toMatchObject({ rule: 'status-not-101', status: 502 });
  });

  it('never throws on odd input', () => {
    for (const odd of [undefined, null, 42, '\u0000', 'x'.repeat(100_000), "'' header is missing"]) {
      expect(() => mapBrowserReason(odd as unknown as string)).not.toThrow();
    }
  });

  it('has hints for the common net errors', () => {
    for (const code of ['CONNECTION_REFUSED', 'NAME_NOT_RESOLVED', 'CERT_DATE_INVALID', 'SSL_PROTOCOL_ERROR', 'TIMED_OUT', 'CONNECTION_RESET', 'EMPTY_RESPONSE', 'TUNNEL_CONNECTION_FAILED']) {
      expect(netErrorHint(`net::ERR_${code}`), code).toBeTruthy();
    }
    expect(netErrorHint('net::ERR_SOMETHING_NEW')).toBeNull();
  });
});

describe('browser reason findings', () => {
  it('accept-mismatch says what the server should have sent and that Chromium hides the response', async () => {
    const report = await reportFor({ response: null, browserError: "Incorrect 'Sec-WebSocket-Accept' header value" });
    expect(report.findings.map((f) => f.rule)).toEqual(['accept-mismatch']);
    const message = report.findings[0]!.message;
    expect(message).toContain("Incorrect 'Sec-WebSocket-Accept' header value");
    expect(message).toContain(SAMPLE_ACCEPT);
    expect(message).toContain('hides');
  });

  it('accept-missing says what the server should have sent', async () => {
    const report = await reportFor({ response: null, browserError: "'Sec-WebSocket-Accept' header is missing" });
    expect(report.findings[0]!.message).toContain(SAMPLE_ACCEPT);
  });

  it('a status from the reason gets the status class wording', async () => {
    const report = await reportFor({ response: null, browserError: 'Error during WebSocket handshake: Unexpected response code: 404' });
    expect(report.findings.map((f) => f.rule)).toEqual(['status-not-101']);
    expect(report.findings[0]!.message).toContain('path');
    expect(report.summary).toContain('404');
  });

  it('a net error gets its hint', async () => {
    const report = await reportFor({ response: null, browserError: 'Error in connection establishment: net::ERR_CONNECTION_REFUSED' });
    expect(report.findings[0]!.rule).toBe('no-response');
    expect(report.findings[0]!.message).toContain('nothing listens');
  });

  it('the page closing early is info, not a failure', async () => {
    const report = await reportFor({ response: null, browserError: 'WebSocket is closed before the connection is established.' });
    expect(report.findings.map((f) => f.rule)).toEqual(['client-closed-early']);
    expect(report.verdict).toBe('pass');
  });

  it('an unknown reason is quoted in browser-rejected', async () => {
    const report = await reportFor({ response: null, browserError: 'The moon is in the wrong phase' });
    expect(report.findings[0]!.rule).toBe('browser-rejected');
    expect(report.findings[0]!.message).toContain('The moon is in the wrong phase');
  });

  it('no response and no reason is no-response', async () => {
    const report = await reportFor({ response: null, browserError: null });
    expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
  });

  it('an empty reason with no response is no-response', async () => {
    expect((await reportFor({ response: null, browserError: '' })).findings.map((f) => f.rule)).toEqual(['no-response']);
  });

  it('does not report no-response when the response is visible', async () => {
    expect((await reportFor({ browserError: null })).findings.map((f) => f.rule)).toEqual([]);
  });

  it('does not double-report a rule the visible response already shows', async () => {
    const report = await reportFor({
      response: { status: 101, headers: withHeaders(VALID_RESPONSE, { 'Sec-WebSocket-Accept': 'abc=' }) },
      browserError: "Incorrect 'Sec-WebSocket-Accept' header value",
    });
    expect(report.findings.filter((f) => f.rule === 'accept-mismatch')).toHaveLength(1);
    expect(report.findings[0]!.message).toContain('abc=');
  });

  it('does not double-report a status the visible response already shows', async () => {
    const report = await reportFor({ response: { status: 404, headers: [] }, browserError: 'Unexpected response code: 404' });
    expect(report.findings.map((f) => f.rule)).toEqual(['status-not-101']);
  });

  it('keeps a browser reason the visible response does not explain', async () => {
    const report = await reportFor({ browserError: 'net::ERR_CONNECTION_RESET' });
    expect(report.findings.map((f) => f.rule)).toEqual(['no-response']);
  });

  it('a reason needs no request to be judged', async () => {
    const report = await reportFor({ request: null, response: null, browserError: "'Upgrade' header is missing" });
    expect(report.findings.map((f) => f.rule)).toEqual(['upgrade-missing']);
  });
});
