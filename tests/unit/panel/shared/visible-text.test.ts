import { describe, expect, it } from 'vitest';
import { cutText, hasHiddenCharacters, visibleParts, visibleText } from '../../../../src/panel/shared/visible-text.js';
import { expectLinear } from '../../linear.js';

describe('visibleText', () => {
  it.each([
    ['bidi override', 'abc\u202Egnp.exe', 'abc⟨U+202E⟩gnp.exe'],
    ['NUL', 'a\u0000b', 'a⟨U+0000⟩b'],
    ['zero-width space and joiner', 'x\u200By\u200Dz', 'x⟨U+200B⟩y⟨U+200D⟩z'],
    ['BOM', '\uFEFFv', '⟨U+FEFF⟩v'],
    ['line feed and carriage return', 'a\r\nb', 'a⟨U+000D⟩⟨U+000A⟩b'],
    ['escape and bell', '\u001B[31m\u0007', '⟨U+001B⟩[31m⟨U+0007⟩'],
    ['C1 control', 'a\u0085b', 'a⟨U+0085⟩b'],
    ['line separator', 'a\u2028b', 'a⟨U+2028⟩b'],
    ['isolates', '\u2066x\u2069', '⟨U+2066⟩x⟨U+2069⟩'],
    ['tag character (astral)', 'a\u{E0041}b', 'a⟨U+E0041⟩b'],
    ['tab and plain text stay', 'a\tb <script>', 'a\tb <script>'],
    ['letters of other scripts stay', 'שלום мир 日本', 'שלום мир 日本'],
    ['emoji stays', 'ok 👍', 'ok 👍'],
  ])('%s', (_name, input, shown) => {
    expect(visibleText(input)).toBe(shown);
    expect(visibleParts(input).map((p) => p.text).join('')).toBe(shown);
    expect(hasHiddenCharacters(input)).toBe(shown !== input);
  });

  it('markers carry the code point', () => {
    expect(visibleParts('a\u202Eb')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'marker', text: '⟨U+202E⟩', code: 0x202e },
      { kind: 'text', text: 'b' },
    ]);
  });

  it('is linear in the input', () => {
    // A marker every 16 characters: the scan and the parts both grow with n (denser inputs mostly time the GC).
    expectLinear((n) => 'abcdefghijklmno\u202E'.repeat(n / 16), (s) => visibleParts(s), { n: 1_000_000, repeat: 2 });
    expectLinear((n) => 'x'.repeat(n), (s) => visibleText(s), { n: 200_000 });
  });
});

describe('cutText', () => {
  it('keeps short text whole', () => {
    expect(cutText('abc', 5)).toEqual({ shown: 'abc', hidden: 0 });
  });
  it('cuts long text and counts what is left out', () => {
    expect(cutText('x'.repeat(10), 4)).toEqual({ shown: 'xxxx', hidden: 6 });
  });
  it('never splits a surrogate pair', () => {
    const { shown, hidden } = cutText('abc👍def', 4);
    expect(shown).toBe('abc');
    expect(hidden).toBe(5);
  });
});
