import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonPointerLines } from '../../../../src/sources/har/locate.js';
import { expectLinear } from '../../linear.js';

const har = (entries: unknown[], indent = 2): string => JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries } }, null, indent);

/** The line each entry starts on, found the slow way: stringify the document and look for the entry's own text. */
function naiveLines(text: string, count: number): number[] {
  const document = JSON.parse(text) as { log: { entries: unknown[] } };
  const lines = text.split('\n');
  return Array.from({ length: count }, (_, i) => {
    const marker = JSON.stringify((document.log.entries[i] as { id: string }).id);
    const at = lines.findIndex((line) => line.includes(`"id": ${marker}`));
    return at; // the 0-based index of the "id" line is the 1-based number of the line before it: the entry's `{`
  });
}

describe('jsonPointerLines', () => {
  it.each([
    ['pretty-printed HAR entries', har([{ id: 'a' }, { id: 'b', nested: { entries: [1, 2] } }, { id: 'c' }]), ['/log/entries/0', '/log/entries/1', '/log/entries/2']],
  ])('finds %s where the entries start', (_name, text, pointers) => {
    const lines = jsonPointerLines(text, pointers);
    expect([...lines.values()]).toEqual(naiveLines(text, 3));
  });

  it.each([
    ['minified: everything on line 1', '{"log":{"entries":[{"a":1},{"b":2}]}}', { '/log/entries/1': 1 }],
    ['a getHAR() log (no log wrapper)', '{\n"entries": [\n{},\n{}\n]}', { '/entries/0': 3, '/entries/1': 4 }],
    ['keys with escapes and pointer characters', '{\n"a/b": {\n"~x": [\nnull,\ntrue\n]}}', { '/a~1b/~0x/1': 5 }],
    ['a string holding braces, brackets and an escaped quote', '{"log":{"note":"}]\\"[{","entries":[\n"s",\n7]}}', { '/log/entries/0': 2, '/log/entries/1': 3 }],
    ['the root', '\n\n{"x":1}', { '': 3 }],
    ['numbers and literals as entries', '{"entries":[1,\n-2.5e3,\nfalse,\nnull]}', { '/entries/1': 2, '/entries/3': 4 }],
    ['a pointer that is not there', '{"log":{"entries":[]}}', {}],
  ])('%s', (_name, text, expected) => {
    const pointers = Object.keys(expected).length > 0 ? Object.keys(expected) : ['/log/entries/0'];
    expect(Object.fromEntries(jsonPointerLines(text, pointers))).toEqual(expected);
  });

  it('agrees with the corpus: each entry of a real mitmproxy export starts on the line found', () => {
    const text = readFileSync('tests/fixtures/corpus/mitmproxy_savehar_websocket.har', 'utf8');
    const lines = text.split('\n');
    const found = jsonPointerLines(text, ['/log/entries/0', '/log/entries/1', '/log/entries/2']);
    expect(found.size).toBe(3);
    for (const line of found.values()) expect(lines[line - 1]!.trim()).toBe('{');
    expect(lines[found.get('/log/entries/1')! - 2]!.trim()).toBe('},');
  });

  it('is linear in the text (deep nesting, long strings, many entries)', () => {
    const entry = { request: { url: 'ws://h/', headers: [{ name: 'x', value: '"\\'.repeat(20) }] }, deep: [[[[[[1]]]]]] };
    expectLinear(
      (n) => har(Array.from({ length: n / 100 }, () => entry)),
      (text) => jsonPointerLines(text, ['/log/entries/3']),
      // Both sizes well past the CPU caches (5 and 19 MB); a plain charCodeAt loop measures 4–7x here on a
      // busy machine, a quadratic scan 16x, hence 10.
      { n: 1_000_000, repeat: 1, maxRatio: 10 },
    );
    expectLinear((n) => `{"entries":[${'[{"a":'.repeat(n)}1${'}]'.repeat(n)}]}`, (text) => jsonPointerLines(text, ['/entries/0']), { n: 1_000_000, repeat: 1, maxRatio: 10 });
  });
});
