// The streaming scan (scan.ts) against the whole-document reading it replaces
// (JSON.parse + handshakesFromHar, describeJsonError): the same handshakes, skipped
// counts and error messages, however the bytes are cut into chunks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import { describeJsonError } from '../../../../src/sources/har/json-error.js';
import { handshakesFromHar } from '../../../../src/sources/har/parse.js';
import { sniffText } from '../../../../src/sources/sniff.js';
import { HarScanner, scanHarBytes, type HarScanResult } from '../../../../src/sources/har/scan.js';

/** What the panel and CLI did before streaming: the whole text, JSON.parse, then the document. */
function wholeDocument(text: string, source: string) {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false as const, error: 'empty file, not a HAR' };
  if (sniffText(body) === 'binary') return { ok: false as const, error: 'binary data, not a HAR' };
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { ok: false as const, error: describeJsonError(body, error) };
  }
  return handshakesFromHar(document, source);
}

function scanInChunks(bytes: Uint8Array, sizes: readonly number[], source: string): HarScanResult {
  const scanner = new HarScanner({ lines: true });
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[k++ % sizes.length]!);
    scanner.push(bytes.subarray(at, at + size));
    at += size;
  }
  return scanner.finish(source);
}

const corpusDirs = ['/work/shared/corpus', join(__dirname, '../../../fixtures/corpus')];
const corpus = corpusDirs.flatMap((dir) => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.har') || f.endsWith('.json')).map((f) => join(dir, f));
  } catch {
    return [];
  }
});

describe('the streaming scan picks what the whole-document reading picks', () => {
  it('finds corpus files to compare', () => {
    expect(corpus.filter((f) => f.endsWith('.har')).length).toBeGreaterThanOrEqual(6);
  });

  it.each(corpus)('%s: same handshakes, skipped count and verdicts, in any chunking', async (path) => {
    const text = readFileSync(path, 'utf8');
    const bytes = new Uint8Array(readFileSync(path));
    const before = wholeDocument(text, 'c.har');
    for (const sizes of [[bytes.length], [1], [7, 13, 1], [4096], [65536, 3]]) {
      const after = scanInChunks(bytes, sizes, 'c.har');
      expect(after.ok).toBe(before.ok);
      if (!before.ok || !after.ok) {
        expect(after.ok ? '' : after.error).toBe(before.ok ? '' : before.error);
        continue;
      }
      expect(after.handshakes).toEqual(before.handshakes);
      expect(after.skipped).toBe(before.skipped);
    }
    if (before.ok && before.handshakes.length > 0) {
      const after = scanHarBytes(bytes, 'c.har');
      const verdicts = async (hs: Parameters<typeof analyze>[0]) => (await analyze(hs)).map((r) => [r.handshake.source, r.verdict, r.findings.map((f) => f.rule)]);
      expect(after.ok && (await verdicts(after.handshakes))).toEqual(await verdicts(before.handshakes));
    }
  });

  it('keeps out the two false-positive traps of the corpus (plain fetches typed "websocket") the same way', () => {
    const traps = corpus.filter((f) => f.includes('mswjs'));
    expect(traps.length).toBeGreaterThanOrEqual(2);
    for (const path of traps) {
      const before = wholeDocument(readFileSync(path, 'utf8'), 't.har');
      const after = scanHarBytes(new Uint8Array(readFileSync(path)), 't.har');
      expect(after.ok && after.handshakes.map((h) => h.source)).toEqual(before.ok && before.handshakes.map((h) => h.source));
    }
  });

  const header = fc.record({ name: fc.constantFrom('Upgrade', 'upgrade', 'Sec-WebSocket-Key', ':protocol', 'Host', 'sec-websocket-version', 'X\u212Aey'), value: fc.constantFrom('websocket', 'WebSocket', 'h2c', 'x') });
  const entry = fc.record(
    {
      _resourceType: fc.constantFrom('websocket', 'fetch', 'WebSocket'),
      _webSocketMessages: fc.constant([{ type: 'error', data: 'x' }]),
      _initiator: fc.constant({}),
      request: fc.record(
        {
          method: fc.constantFrom('GET', 'CONNECT', 'connect'),
          url: fc.constantFrom('wss://a/', 'ws://a/', 'WSS://a/', 'https://a/', 'wsx://a', 'ws:', `wss://${'a'.repeat(300)}`),
          headers: fc.array(header, { maxLength: 4 }),
        },
        { requiredKeys: [] },
      ),
      response: fc.record({ status: fc.constantFrom(101, 200, 0, 404), headers: fc.constant([]) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );
  const document = fc.oneof(
    fc.record({ log: fc.record({ creator: fc.constant({ name: 'WebInspector' }), entries: fc.array(fc.oneof(entry, fc.jsonValue()), { maxLength: 6 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    fc.record({ entries: fc.array(entry, { maxLength: 6 }), log: fc.oneof(fc.constant(3), fc.constant(null)) }, { requiredKeys: ['entries'] }),
    fc.jsonValue(),
  );

  it('agrees on generated documents, pretty or not, escaped or not, in any chunking', () => {
    fc.assert(
      fc.property(document, fc.boolean(), fc.boolean(), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), (doc, pretty, escape, sizes) => {
        let text = JSON.stringify(doc, null, pretty ? 2 : undefined) ?? 'null';
        // Escaped letters in keys and values must not hide a WebSocket entry.
        if (escape) text = text.replace(/w/g, '\\u0077').replace(/"url"/g, '"u\\u0072l"');
        const before = wholeDocument(text, 'g.har');
        const after = scanInChunks(new TextEncoder().encode(text), sizes, 'g.har');
        if (before.ok && after.ok) {
          expect(after.handshakes).toEqual(before.handshakes);
          expect(after.skipped).toBe(before.skipped);
        } else expect(after.ok ? 'ok' : after.error).toBe(before.ok ? 'ok' : before.error);
      }),
      { numRuns: 600 },
    );
  });

  it('words every cut and every corruption as describeJsonError does', () => {
    fc.assert(
      fc.property(document, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }), (doc, where, kind, sizes) => {
        const full = JSON.stringify(doc, null, kind % 2 === 0 ? 1 : undefined) ?? 'null';
        const at = Math.floor(where * full.length);
        const junk = ['', 'x', '}', ',', '.', 'e', '"'][kind]!;
        const text = full.slice(0, at) + junk + (kind === 0 ? '' : full.slice(at));
        const before = wholeDocument(text, 'g.har');
        const after = scanInChunks(new TextEncoder().encode(text), sizes, 'g.har');
        if (before.ok && after.ok) expect(after.handshakes).toEqual(before.handshakes);
        else expect(after.ok ? 'ok' : after.error).toBe(before.ok ? 'ok' : before.error);
      }),
      { numRuns: 1500 },
    );
  });

  it('gives each handshake the line its entry starts on', () => {
    const text = JSON.stringify({ log: { entries: [{ request: { url: 'https://a/' } }, { request: { url: 'wss://a/', headers: [] }, response: { status: 101 } }] } }, null, 2);
    const result = scanInChunks(new TextEncoder().encode(text), [5], 'l.har');
    const expected = text.slice(0, text.indexOf('{\n        "request": {\n          "url": "wss')).split('\n').length;
    expect(result.ok && result.lines).toEqual([expected]);
  });
});
