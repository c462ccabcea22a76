import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, verdictOf } from '../../../src/core/analyze.js';
import { extensionChecks } from '../../../src/core/checks/extensions.js';
import { HeaderList, parseExtensionHeaders, parseExtensionList, parseTokenList } from '../../../src/core/headers.js';
import type { HandshakeContext } from '../../../src/core/context.js';
import type { Handshake, Transport } from '../../../src/core/model.js';
import { securityChecks } from '../../../src/core/checks/security.js';
import { isSecretParamName } from '../../../src/core/secrets.js';
import { splitUrl } from '../../../src/core/url.js';
import { subprotocolChecks } from '../../../src/core/checks/subprotocol.js';
import { parseRawHandshake } from '../../../src/sources/raw.js';

// Strings that reach the interesting code paths more often than uniform noise.
const headerText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[a-z_;=", \t\-0-9]{0,40}$/),
  fc.constantFrom('permessage-deflate; client_max_window_bits', 'chat, superchat', 'websocket', 'Upgrade', 'dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=', '', 'null', 'https://evil.test', 'foo;=', '13'),
);
const headerName = fc.oneof(
  fc.constantFrom('Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Accept', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions', 'Origin', 'Cookie', ':protocol', '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const headerPairs = fc.array(fc.tuple(headerName, headerText), { maxLength: 12 });
const headerList = headerPairs.map((pairs) => HeaderList.fromPairs(pairs));
const url = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('wss://example.com/ws?token=x', 'ws://a:b@example.com/', 'ws://[::1]:80/', 'https://demo.piesocket.com/v3/1?api_key=k', ''),
);
const transport = fc.constantFrom<Transport>('http/1.1', 'h2', 'h3', 'unknown');

const arbitraryHandshake: fc.Arbitrary<Handshake> = fc.record({
  source: fc.string({ maxLength: 10 }),
  url,
  transport,
  request: fc.option(
    fc.record({
      method: fc.oneof(fc.constantFrom('GET', 'CONNECT', 'POST', 'get'), fc.string({ maxLength: 8 })),
      httpVersion: fc.option(fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'h3', 'HTTP/0.9', 'junk')),
      headers: headerList,
    }),
  ),
  response: fc.option(
    fc.record({
      status: fc.oneof(fc.constantFrom(101, 200, 400, 404, 426, 503), fc.integer({ min: -1, max: 1000 })),
      statusText: fc.string({ maxLength: 20 }),
      httpVersion: fc.option(fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'h3')),
      headers: headerList,
    }),
  ),
  browserError: fc.option(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constantFrom("Incorrect 'Sec-WebSocket-Accept' header value", 'Unexpected response code: 404', '', 'WebSocket is closed before the connection is established.'),
    ),
  ),
  pageUrl: fc.option(url),
});

/** Every context field filled from arbitrary data, to call check arrays directly (analyze would swallow a throw). */
const arbitraryContext: fc.Arbitrary<HandshakeContext> = fc
  .record({
    handshake: arbitraryHandshake,
    transport,
    extendedConnect: fc.boolean(),
    key: fc.option(headerText),
    protocolLines: fc.array(headerText, { maxLength: 3 }),
    extensionLines: fc.array(headerText, { maxLength: 3 }),
  })
  .map(({ handshake, transport, extendedConnect, key, protocolLines, extensionLines }) => ({
    handshake,
    transport,
    extendedConnect,
    successStatus: extendedConnect ? (200 as const) : (101 as const),
    accepted: handshake.response?.status === (extendedConnect ? 200 : 101),
    request: handshake.request,
    response: handshake.response,
    key,
    expectedAccept: null,
    actualAccept: handshake.response?.headers.first('sec-websocket-accept') ?? null,
    acceptDiagnosis: null,
    offeredProtocols: handshake.request ? parseTokenList(protocolLines.length ? protocolLines.join(',') : null) : null,
    offeredExtensions: extensionLines.length ? parseExtensionHeaders(extensionLines) : null,
    targetUrl: splitUrl(handshake.url),
    stack: null,
    diagnosis: null,
  }));

const RUNS = { numRuns: 300 };

describe('parsers never throw', () => {
  it('parseTokenList on arbitrary strings', () => {
    fc.assert(fc.property(fc.option(headerText), (value) => {
      const list = parseTokenList(value);
      expect(list.tokens.every((t) => t.length > 0)).toBe(true);
    }), RUNS);
  });

  it('parseExtensionList on arbitrary strings, and a failed parse always says why', () => {
    fc.assert(fc.property(headerText, (value) => {
      const result = parseExtensionList(value);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
    }), RUNS);
  });

  it('parseRawHandshake on arbitrary text', () => {
    const rawish = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.oneof(fc.constantFrom('GET / HTTP/1.1', 'HTTP/1.1 101 Switching Protocols', '', '...', '> GET /x HTTP/1.0', ' folded'), headerPairs.map((p) => p.map(([n, v]) => `${n}: ${v}`).join('\r\n'))), { maxLength: 8 }).map((lines) => lines.join('\r\n')),
    );
    fc.assert(fc.property(rawish, (text) => {
      const result = parseRawHandshake(text, 'prop');
      expect(typeof result.ok).toBe('boolean');
    }), RUNS);
  });

  it('HeaderList on arbitrary header lists', () => {
    fc.assert(fc.property(headerPairs, headerName, (pairs, name) => {
      const list = HeaderList.fromPairs(pairs);
      expect(list.size).toBe(pairs.length);
      expect(list.count(name)).toBe(list.getAll(name).length);
      list.first(name);
      list.combined(name);
      list.spelling(name);
      expect(list.has(name)).toBe(list.count(name) > 0);
    }), RUNS);
  });

  it('isSecretParamName on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (name) => {
      expect(typeof isSecretParamName(name)).toBe('boolean');
    }), RUNS);
  });
});

describe('checks never throw when called directly', () => {
  it.each([
    ['subprotocol', subprotocolChecks],
    ['extension', extensionChecks],
    ['security', securityChecks],
  ] as const)('%s checks on arbitrary contexts', (_, checks) => {
    fc.assert(fc.property(arbitraryContext, (context) => {
      for (const check of checks) expect(Array.isArray(check(context))).toBe(true);
    }), RUNS);
  });
});

describe('analyze', () => {
  it('never rejects on arbitrary handshakes, and the verdict is the highest fail/warn severity', async () => {
    await fc.assert(fc.asyncProperty(fc.array(arbitraryHandshake, { maxLength: 5 }), async (handshakes) => {
      const reports = await analyze(handshakes);
      expect(reports).toHaveLength(handshakes.length);
      for (const report of reports) {
        const severities = new Set(report.findings.map((f) => f.severity));
        const expected = severities.has('fail') ? 'fail' : severities.has('warn') ? 'warn' : 'pass';
        expect(report.verdict).toBe(expected);
        expect(verdictOf(report.findings)).toBe(expected);
      }
    }), { numRuns: 150 });
  });

  it('gives the same report for the same input', async () => {
    await fc.assert(fc.asyncProperty(arbitraryHandshake, async (handshake) => {
      const [first] = await analyze([handshake]);
      const [second] = await analyze([handshake]);
      expect(second).toEqual(first);
    }), { numRuns: 150 });
  });

  it('treats info findings as not affecting the verdict', () => {
    expect(verdictOf([{ rule: 'origin-missing', severity: 'info', side: 'request', message: '', spec: '', header: null, fix: '' }])).toBe('pass');
  });
});
