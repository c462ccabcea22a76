import { describe, expect, it } from 'vitest';
import { codeTextParts } from '../../../../src/panel/shared/CodeText.js';
import { expectLinear } from '../../linear.js';

describe('codeTextParts', () => {
  it.each([
    ['plain', [{ kind: 'text', text: 'plain' }]],
    ['send `Upgrade: websocket` once', [{ kind: 'text', text: 'send ' }, { kind: 'code', text: 'Upgrade: websocket' }, { kind: 'text', text: ' once' }]],
    ['a stray ` backtick', [{ kind: 'text', text: 'a stray ` backtick' }]],
    ['`` empty', [{ kind: 'text', text: '`` empty' }]],
    ['no span `across\nlines`', [{ kind: 'text', text: 'no span `across\nlines`' }]],
    ['nginx:\n```nginx\nproxy_http_version 1.1;\n```\nthen reload', [{ kind: 'text', text: 'nginx:\n' }, { kind: 'block', language: 'nginx', text: 'proxy_http_version 1.1;' }, { kind: 'text', text: '\nthen reload' }]],
    ['```unclosed', [{ kind: 'text', text: '```unclosed' }]],
  ] as const)('%j', (text, parts) => {
    expect(codeTextParts(text)).toEqual(parts);
  });

  it('keeps every character (the parts join back to the text without the markers)', () => {
    const text = 'a `b` c ```x\ny``` <script>alert(1)</script>';
    expect(codeTextParts(text).map((p) => p.text).join('')).toBe('a b c y <script>alert(1)</script>');
  });

  it.each([
    ['backticks', (n: number) => '`'.repeat(n)],
    ['fences', (n: number) => '```'.repeat(n / 3)],
    ['open spans', (n: number) => '`a\n'.repeat(n / 3)],
    ['spans on one line', (n: number) => '`a'.repeat(n / 2)],
  ])('is linear on hostile text (%s)', (_name, make) => {
    expectLinear(make, (text) => codeTextParts(text), { n: 20_000 });
  });
});
