import { describe, expect, it } from 'vitest';
import {
  formatExtension,
  hasToken,
  HeaderList,
  isToken,
  parseExtensionHeaders,
  parseExtensionList,
  parseTokenList,
} from '../../../src/core/headers.js';

describe('HeaderList', () => {
  const list = HeaderList.fromPairs([
    ['Host', 'example.com'],
    ['sec-websocket-extensions', ' permessage-deflate '],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Extensions', 'x-foo'],
  ]);

  it('keeps order, original case and duplicates', () => {
    expect(list.fields.map((f) => f.name)).toEqual(['Host', 'sec-websocket-extensions', 'Connection', 'Sec-WebSocket-Extensions']);
    expect(list.size).toBe(4);
  });

  it('looks names up case-insensitively', () => {
    expect(list.has('HOST')).toBe(true);
    expect(list.has('origin')).toBe(false);
    expect(list.getAll('SEC-WEBSOCKET-EXTENSIONS')).toEqual([' permessage-deflate ', 'x-foo']);
    expect(list.count('sec-websocket-extensions')).toBe(2);
    expect(list.count('origin')).toBe(0);
    expect(list.getAll('origin')).toEqual([]);
  });

  it('first() trims and gives null when absent', () => {
    expect(list.first('sec-websocket-extensions')).toBe('permessage-deflate');
    expect(list.first('origin')).toBeNull();
  });

  it('combined() joins every line with ", " (RFC 9110 §5.3)', () => {
    expect(list.combined('Sec-WebSocket-Extensions')).toBe('permessage-deflate, x-foo');
    expect(list.combined('origin')).toBeNull();
  });

  it('spelling() gives the first spelling seen, or the asked name', () => {
    expect(list.spelling('SEC-WEBSOCKET-EXTENSIONS')).toBe('sec-websocket-extensions');
    expect(list.spelling('Origin')).toBe('Origin');
  });

  it('keeps an empty value and an empty list', () => {
    const empty = new HeaderList();
    expect(empty.size).toBe(0);
    const blank = HeaderList.fromPairs([['Sec-WebSocket-Protocol', '']]);
    expect(blank.has('sec-websocket-protocol')).toBe(true);
    expect(blank.first('sec-websocket-protocol')).toBe('');
  });

  it('is not confused by names like __proto__ or constructor', () => {
    const odd = HeaderList.fromPairs([['__proto__', 'a'], ['constructor', 'b'], ['[…] Cookie', 'c']]);
    expect(odd.getAll('__proto__')).toEqual(['a']);
    expect(odd.first('constructor')).toBe('b');
    expect(odd.first('[…] cookie')).toBe('c');
    expect(odd.has('toString')).toBe(false);
  });
});

describe('isToken (RFC 9110 §5.6.2)', () => {
  it.each(['websocket', 'chat.example.com', "a!#$%&'*+-.^_`|~9", 'Upgrade'])('%s is a token', (t) => expect(isToken(t)).toBe(true));
  it.each(['', 'web socket', '"x"', 'a;b', 'a,b', 'a/b', 'a=b', 'é', '(x)', 'a\tb', '[…]'])('%j is not a token', (t) => expect(isToken(t)).toBe(false));
});

describe('parseTokenList (#token)', () => {
  it.each([
    [null, [], []],
    ['', [], []],
    ['Upgrade', ['Upgrade'], []],
    ['keep-alive, Upgrade', ['keep-alive', 'Upgrade'], []],
    [' a ,, b ,', ['a', 'b'], []],
    ['foo;bar', [], ['foo;bar']],
    ['x websocket', [], ['x websocket']],
    ['chat, "quoted", super chat', ['chat'], ['"quoted"', 'super chat']],
  ] as const)('%j → tokens %j, invalid %j', (value, tokens, invalid) => {
    expect(parseTokenList(value)).toEqual({ tokens, invalid });
  });

  it('hasToken compares case-insensitively and only whole tokens', () => {
    const list = parseTokenList('other, WebSocket, more');
    expect(hasToken(list, 'websocket')).toBe(true);
    expect(hasToken(parseTokenList('websockets'), 'websocket')).toBe(false);
    expect(hasToken(parseTokenList('x websocket'), 'websocket')).toBe(false);
  });
});

describe('parseExtensionList (RFC 6455 §9.1)', () => {
  it.each([
    ['permessage-deflate', [{ name: 'permessage-deflate', params: [] }]],
    ['permessage-deflate; client_max_window_bits', [{ name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }] }]],
    [
      'permessage-deflate; client_max_window_bits; server_max_window_bits=10 , permessage-deflate; client_max_window_bits',
      [
        { name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }, { name: 'server_max_window_bits', value: '10' }] },
        { name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }] },
      ],
    ],
    ['permessage-deflate; client_max_window_bits, x-webkit-deflate-frame', [
      { name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }] },
      { name: 'x-webkit-deflate-frame', params: [] },
    ]],
    ['permessage-deflate;client_max_window_bits=15', [{ name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: '15' }] }]],
    ['a ; b = 1 ;c', [{ name: 'a', params: [{ name: 'b', value: '1' }, { name: 'c', value: null }] }]],
    ['a;b="10"', [{ name: 'a', params: [{ name: 'b', value: '10' }] }]],
    ['a;b="1\\0"', [{ name: 'a', params: [{ name: 'b', value: '10' }] }]],
    ['\ta,,b,', [{ name: 'a', params: [] }, { name: 'b', params: [] }]],
    // parses; that meow is not a permessage-deflate parameter is the extension check's business
    ['permessage-deflate; meow', [{ name: 'permessage-deflate', params: [{ name: 'meow', value: null }] }]],
  ] as const)('parses %j', (value, extensions) => {
    expect(parseExtensionList(value)).toEqual({ ok: true, extensions });
  });

  it.each([
    ['x-webkit- -frame', 'unexpected character', ['x-webkit-']],
    ['foo;=', 'expected a parameter name', []],
    ['foo; bar="b,a;z"', 'not a token once unquoted', []],
    ['foo; bar=""', 'not a token once unquoted', []],
    ['foo; bar="abc', 'unterminated', []],
    ['foo; bar="abc\\', 'unterminated', []],
    ['foo; bar=', 'expected a value', []],
    ['foo, bar; baz=2 junk', 'unexpected character', ['foo', 'bar']],
    ['foo junk, bar; baz=2 junk', 'unexpected character', ['foo']],
    ['', 'empty', []],
    [' , ', 'empty', []],
    ['; a', 'expected an extension name', []],
    ['a=b', 'unexpected character', ['a']],
    ['ä', 'expected an extension name', []],
  ] as const)('rejects %j (%s)', (value, errorPart, parsedNames) => {
    const result = parseExtensionList(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(errorPart);
    expect(result.extensions.map((e) => e.name)).toEqual(parsedNames);
  });

  it('names the place of the error', () => {
    const result = parseExtensionList('x-webkit- -frame');
    expect(!result.ok && result.error).toContain('"-frame"');
  });
});

describe('parseExtensionHeaders (repeated lines, RFC 6455 erratum 3433)', () => {
  it('combines every line in order', () => {
    expect(parseExtensionHeaders(['permessage-deflate', 'x-foo; a=1'])).toEqual({
      ok: true,
      extensions: [{ name: 'permessage-deflate', params: [] }, { name: 'x-foo', params: [{ name: 'a', value: '1' }] }],
    });
  });

  it('reports the first bad line and keeps what parsed before it', () => {
    const result = parseExtensionHeaders(['permessage-deflate', 'foo;=', 'x-late']);
    expect(result.ok).toBe(false);
    expect(result.extensions.map((e) => e.name)).toEqual(['permessage-deflate']);
  });

  it('gives an empty list for no lines', () => {
    expect(parseExtensionHeaders([])).toEqual({ ok: true, extensions: [] });
  });
});

describe('formatExtension', () => {
  it('writes an extension back as header text', () => {
    expect(formatExtension({ name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: '15' }, { name: 'server_no_context_takeover', value: null }] }))
      .toBe('permessage-deflate; client_max_window_bits=15; server_no_context_takeover');
  });

  it('round-trips what parseExtensionList parsed', () => {
    const text = 'permessage-deflate; client_max_window_bits=15; server_no_context_takeover, x-webkit-deflate-frame';
    const parsed = parseExtensionList(text);
    expect(parsed.ok && parsed.extensions.map(formatExtension).join(', ')).toBe(text);
  });
});
