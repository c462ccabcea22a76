// Redaction: every header and parameter kind, case-insensitive names, what is
// kept for the diagnosis (key, accept, cookie names, attributes), URLs, raw text,
// and reports (messages, summary) scrubbed of copies of the secrets.
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../../src/core/analyze.js';
import { HeaderList } from '../../../../src/core/headers.js';
import {
  REDACTED,
  handshakeSecrets,
  isSecretHeaderName,
  redactHandshake,
  redactHeaderValue,
  redactHeaders,
  redactRawText,
  redactReport,
  redactUrl,
  scrubText,
} from '../../../../src/core/export/redact.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY, VALID_REQUEST, VALID_RESPONSE, handshake } from '../build.js';

describe('redactHeaderValue', () => {
  it.each([
    ['Authorization', 'Bearer eyJhbGciOi.payload.sig', `Bearer ${REDACTED}`],
    ['authorization', 'Basic dXNlcjpwYXNzd29yZA==', `Basic ${REDACTED}`],
    ['AUTHORIZATION', 'opaque-token-without-scheme', REDACTED],
    ['Proxy-Authorization', 'Basic cHJveHk6c2VjcmV0', `Basic ${REDACTED}`],
    ['proxy-authorization', 'Negotiate YIIabc', `Negotiate ${REDACTED}`],
    ['Cookie', 'session=abc123; theme=dark', `session=${REDACTED}; theme=${REDACTED}`],
    ['COOKIE', 'loneValue', REDACTED],
    ['Set-Cookie', 'sid=s3cr3t; Path=/; HttpOnly; SameSite=Lax', `sid=${REDACTED}; Path=/; HttpOnly; SameSite=Lax`],
    ['set-cookie', 'sid=s3cr3t', `sid=${REDACTED}`],
    ['X-Api-Key', 'AKIA1234567890', REDACTED],
    ['x-auth-token', 'tok_abcdef', REDACTED],
    ['X-CSRF-Token', 'csrf-value-1', REDACTED],
    ['X-Session-Id', 'sess-9876', REDACTED],
    ['Referer', 'https://app.example.com/page?access_token=abc123&tab=2', `https://app.example.com/page?access_token=${REDACTED}&tab=2`],
    ['Location', 'https://u:p@example.com/', `https://${REDACTED}:${REDACTED}@example.com/`],
    ['Sec-WebSocket-Protocol', 'chat, base64url.bearer.authorization.k8s.io.ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRw', `chat, base64url.bearer.authorization.k8s.io.${REDACTED}`],
    ['Sec-WebSocket-Protocol', 'graphql-ws, eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_part', `graphql-ws, ${REDACTED}`],
  ])('masks %s: %s', (name, value, expected) => {
    expect(redactHeaderValue(name, value)).toBe(expected);
  });

  it.each([
    ['Sec-WebSocket-Key', SAMPLE_KEY],
    ['sec-websocket-accept', SAMPLE_ACCEPT],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
    ['Sec-WebSocket-Protocol', 'chat, superchat'],
    ['Upgrade', 'websocket'],
    ['Connection', 'keep-alive, Upgrade'],
    ['Host', 'example.com'],
    ['Origin', 'https://example.com'],
    ['Keep-Alive', 'timeout=5'],
    ['User-Agent', 'Mozilla/5.0'],
    ['WWW-Authenticate', 'Bearer realm="api"'],
  ])('keeps %s (not a secret, or the diagnosis needs it)', (name, value) => {
    expect(redactHeaderValue(name, value)).toBe(value);
  });

  it('names secret headers case-insensitively, never the handshake headers', () => {
    for (const name of ['cookie', 'Cookie', 'SET-COOKIE', 'Authorization', 'proxy-AUTHORIZATION', 'X-API-KEY', 'x-access-token']) {
      expect(isSecretHeaderName(name), name).toBe(true);
    }
    for (const name of ['Sec-WebSocket-Key', 'SEC-WEBSOCKET-ACCEPT', 'Accept', 'Host', ':authority', 'Keep-Alive', 'Monkey']) {
      expect(isSecretHeaderName(name), name).toBe(false);
    }
  });

  it('keeps order, case and duplicates of a header list', () => {
    const list = HeaderList.fromPairs([
      ['Cookie', 'a=1111'],
      ['Host', 'h'],
      ['cookie', 'b=2222'],
    ]);
    expect(redactHeaders(list).fields).toEqual([
      { name: 'Cookie', value: `a=${REDACTED}` },
      { name: 'Host', value: 'h' },
      { name: 'cookie', value: `b=${REDACTED}` },
    ]);
  });
});

describe('redactUrl', () => {
  it.each([
    ['wss://example.com/chat?token=abc123', `wss://example.com/chat?token=${REDACTED}`],
    ['wss://example.com/chat?room=1&access_token=abc&user=bob', `wss://example.com/chat?room=1&access_token=${REDACTED}&user=bob`],
    ['wss://example.com/?apiKey=K&api-key=K2&API_KEY=K3', `wss://example.com/?apiKey=${REDACTED}&api-key=${REDACTED}&API_KEY=${REDACTED}`],
    ['wss://example.com/?password=p&PASSWD=p&pwd=x', `wss://example.com/?password=${REDACTED}&PASSWD=${REDACTED}&pwd=${REDACTED}`],
    ['wss://example.com/?sessionid=1&PHPSESSID=2&session=3', `wss://example.com/?sessionid=${REDACTED}&PHPSESSID=${REDACTED}&session=${REDACTED}`],
    ['wss://example.com/?client_secret=1&auth=2&jwt=3&X-Amz-Signature=4', `wss://example.com/?client_secret=${REDACTED}&auth=${REDACTED}&jwt=${REDACTED}&X-Amz-Signature=${REDACTED}`],
    ['wss://example.com/?keyboard=qwerty&monkey=1&username=bob', 'wss://example.com/?keyboard=qwerty&monkey=1&username=bob'],
    ['wss://user:pa55@example.com/x', `wss://${REDACTED}:${REDACTED}@example.com/x`],
    ['wss://ghp_TOKEN@example.com/x', `wss://${REDACTED}@example.com/x`],
    ['https://app.example.com/cb#access_token=xyz&state=1', `https://app.example.com/cb#access_token=${REDACTED}&state=1`],
    ['https://app.example.com/#section-2', 'https://app.example.com/#section-2'],
    ['/relative?token=abc', `/relative?token=${REDACTED}`],
    ['wss://example.com/chat', 'wss://example.com/chat'],
    ['', ''],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('redactRawText (curl -v, server logs, the probe)', () => {
  it('masks credential headers and the request target, keeps line ends and the rest', () => {
    const raw =
      'GET /socket?token=T0KEN123 HTTP/1.1\r\nHost: example.com\r\nAuthorization: Bearer BEARER-VALUE\r\nCookie: sid=COOKIEVAL\r\n' +
      `Sec-WebSocket-Key: ${SAMPLE_KEY}\r\n\r\n`;
    const out = redactRawText(raw);
    expect(out).toBe(
      `GET /socket?token=${REDACTED} HTTP/1.1\r\nHost: example.com\r\nAuthorization: Bearer ${REDACTED}\r\nCookie: sid=${REDACTED}\r\n` +
        `Sec-WebSocket-Key: ${SAMPLE_KEY}\r\n\r\n`,
    );
  });

  it('handles curl trace prefixes', () => {
    expect(redactRawText('> cookie: a=SECRETVAL\n< Set-Cookie: b=OTHER; Path=/')).toBe(`> cookie: a=${REDACTED}\n< Set-Cookie: b=${REDACTED}; Path=/`);
  });
});

describe('redactHandshake and redactReport', () => {
  const SECRETS = ['T0KEN-IN-QUERY', 'Q09PS0lFLVNFU1NJT04', 'BEARER-SECRET-42', 'PROXY-CREDS-77', 'SETCOOKIE-VALUE-9', 'PAGE-TOKEN-55', 'USERPASS-31'];
  const secretHandshake = () =>
    handshake({
      url: `wss://bob:USERPASS-31@example.com/socket?room=7&token=T0KEN-IN-QUERY`,
      pageUrl: 'https://example.com/app?session=PAGE-TOKEN-55',
      request: [
        ...VALID_REQUEST,
        ['Cookie', 'sid=Q09PS0lFLVNFU1NJT04; theme=dark'],
        ['authorization', 'Bearer BEARER-SECRET-42'],
        ['PROXY-AUTHORIZATION', 'Basic PROXY-CREDS-77'],
      ],
      response: { status: 101, headers: [...VALID_RESPONSE, ['Set-Cookie', 'sid=SETCOOKIE-VALUE-9; Path=/; Secure']] },
    });

  it('collects every secret value', () => {
    const secrets = handshakeSecrets(secretHandshake());
    for (const secret of SECRETS) expect(secrets, secret).toContain(secret);
    expect(secrets).not.toContain(SAMPLE_KEY);
    expect(secrets).not.toContain(SAMPLE_ACCEPT);
  });

  it('masks headers and URLs of a handshake and keeps key and accept', () => {
    const redacted = redactHandshake(secretHandshake());
    const text = JSON.stringify({ ...redacted, request: redacted.request?.headers.fields, response: redacted.response?.headers.fields });
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(redacted.request?.headers.first('sec-websocket-key')).toBe(SAMPLE_KEY);
    expect(redacted.response?.headers.first('sec-websocket-accept')).toBe(SAMPLE_ACCEPT);
    expect(redacted.request?.headers.first('cookie')).toBe(`sid=${REDACTED}; theme=${REDACTED}`);
    expect(redacted.url).toBe(`wss://${REDACTED}:${REDACTED}@example.com/socket?room=7&token=${REDACTED}`);
  });

  it('scrubs copies of the secrets from findings, summary and the browser reason', async () => {
    const base = secretHandshake();
    const report = await analyzeOne({ ...base, browserError: "'Sec-WebSocket-Protocol' header value 'BEARER-SECRET-42' in response does not match any of sent values" });
    const redacted = redactReport(report);
    const text = JSON.stringify({ ...redacted, handshake: null });
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(redacted.findings.map((f) => f.rule)).toEqual(report.findings.map((f) => f.rule));
    expect(redacted.key).toBe(SAMPLE_KEY);
    expect(redacted.expectedAccept).toBe(SAMPLE_ACCEPT);
    expect(redacted.verdict).toBe(report.verdict);
  });

  it('leaves a handshake without secrets unchanged', () => {
    const plain = handshake();
    const redacted = redactHandshake(plain);
    expect(redacted.url).toBe(plain.url);
    expect(redacted.request?.headers.fields).toEqual(plain.request?.headers.fields);
    expect(redacted.response?.headers.fields).toEqual(plain.response?.headers.fields);
  });

  it('masks the raw wire copy of a probe', () => {
    const h = { ...handshake(), raw: { request: 'GET /?apikey=RAWKEY-123 HTTP/1.1\r\nCookie: a=RAWCOOKIE1\r\n\r\n', response: 'HTTP/1.1 101 OK\r\nSet-Cookie: b=RAWSETC2\r\n\r\n' } };
    const redacted = redactHandshake(h);
    expect(JSON.stringify(redacted.raw)).not.toMatch(/RAWKEY-123|RAWCOOKIE1|RAWSETC2/);
  });

  it('scrubText masks longest first and ignores too-short values', () => {
    expect(scrubText('id=abcdef-long; x=abcdef', ['abcdef-long', 'abcdef'])).toBe(`id=${REDACTED}; x=${REDACTED}`);
    expect(handshakeSecrets(handshake({ url: 'wss://x/?token=1' }))).toEqual([]);
  });
});
