// Markdown export: content (verdict, URL, summary, accepts, findings table,
// header blocks) and escaping, checked by rendering with markdown-it (tables and
// linkify on, as GitHub does) so a hostile header cannot add links, images, HTML
// or table cells to the tracker page.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeOne } from '../../../../src/core/analyze.js';
import { escapeMarkdown, fencedBlock, fixBlocks, inlineCode, markdownForAll, markdownForOne } from '../../../../src/core/export/markdown.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY, VALID_REQUEST, VALID_RESPONSE, handshake, withHeaders } from '../build.js';

const renderer = new MarkdownIt({ html: true, linkify: true });
const render = (markdown: string): string => renderer.render(markdown);
const OPTIONS = { version: '9.9.9', redacted: true };

const HOSTILE = [
  '[click me](https://evil.example/phish)',
  '![img](https://evil.example/pixel.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">x</a>',
  '<script>alert(1)</script>',
  'https://evil.example/autolink',
  'www.evil.example',
  'mail@evil.example',
  '**bold** _em_ ~~strike~~ `code`',
  'cell | injected | columns',
  '&lt;entity&gt;',
  '$x^2$',
];

/** The tags that must come only from our own Markdown, never from a value. */
function linksAndHtml(html: string): string[] {
  return html.match(/<(a|img|script|strong|em|s|del)\b[^>]*>/g) ?? [];
}

describe('escaping helpers', () => {
  it.each(HOSTILE)('escapeMarkdown renders %s as the same visible text, no tags', (value) => {
    const html = render(`x ${escapeMarkdown(value)}`);
    expect(linksAndHtml(html)).toEqual([]);
    // What a reader sees is the value itself.
    const text = html.replace(/<\/?(p|code)>/g, '').replace(/\n/g, '');
    const unescaped = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(unescaped).toBe(`x ${value}`);
  });

  it.each(HOSTILE)('inlineCode keeps %s literal in a table cell', (value) => {
    const html = render(`| a | b |\n|---|---|\n| ${inlineCode(value)} | end |`);
    expect(linksAndHtml(html)).toEqual([]);
    expect(html.match(/<td>/g)).toHaveLength(2);
  });

  it('inlineCode picks a fence longer than any backtick run and pads edge backticks', () => {
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(render(inlineCode('``` x'))).toContain('<code>``` x</code>');
  });

  it('fencedBlock cannot be closed by its content and keeps line breaks', () => {
    const content = 'GET / HTTP/1.1\n```\n# not a heading\n<img src=x>';
    const html = render(`${fencedBlock(content, 'http')}\n\n**after**`);
    expect(html).toContain('# not a heading');
    expect(linksAndHtml(html.split('</pre>')[0]!)).toEqual([]);
    expect(html).toContain('<strong>after</strong>');
  });

  it('control characters and line breaks become visible escapes', () => {
    expect(escapeMarkdown('a\u0000b\nc')).toBe('a\\\\u0000b c');
    expect(inlineCode('a\u001bb')).toBe('`a\\u001bb`');
  });
});

describe('markdownForOne', () => {
  it('has the verdict, URL, summary, expected vs actual accept, findings, and both header blocks', async () => {
    const report = await analyzeOne(
      handshake({ response: { status: 101, statusText: 'Switching Protocols', headers: withHeaders(VALID_RESPONSE, { 'Sec-WebSocket-Accept': 'd3JvbmcgYWNjZXB0IHZhbHVlIQ==' }) } }),
    );
    const md = markdownForOne(report, OPTIONS);
    expect(md).toMatch(/^# ✕ FAIL: `wss:\/\/example\.com\/socket`/);
    expect(md).toContain(report.summary.slice(0, 20));
    expect(md).toContain(`| Expected Sec-WebSocket-Accept | \`${SAMPLE_ACCEPT}\` |`);
    expect(md).toContain('| Actual Sec-WebSocket-Accept | `d3JvbmcgYWNjZXB0IHZhbHVlIQ==` (**does not match**) |');
    expect(md).toContain(`| Sec-WebSocket-Key | \`${SAMPLE_KEY}\` |`);
    expect(md).toContain('| Rule | Severity | Spec | Message | Fix |');
    expect(md).toMatch(/\| `accept-mismatch` \| fail \| \[RFC 6455/);
    expect(md).toContain('```http\nGET /socket\nHost: example.com\n');
    expect(md).toContain('```http\n101 Switching Protocols\nUpgrade: websocket\n');
    expect(md).toContain('WebSocket Handshake Inspector 9.9.9');
    expect(md).toContain('`[redacted]`');
    const html = render(md);
    expect(html).toContain('<table>');
    // Only our own spec links.
    for (const link of html.match(/<a href="[^"]*"/g) ?? []) expect(link).toMatch(/<a href="https:\/\/(www\.rfc-editor\.org|websockets\.spec\.whatwg\.org|fetch\.spec\.whatwg\.org)\//);
  });

  it('a passing handshake says so and lists no findings', async () => {
    const md = markdownForOne(await analyzeOne(handshake()), { version: '1', redacted: false });
    expect(md).toMatch(/^# ✓ PASS/);
    expect(md).toContain('## Findings\n\nNone.');
    expect(md).toContain('(matches)');
    expect(md).toContain('Secrets are NOT redacted');
  });

  it('a handshake Chromium refused says the response is hidden, and quotes the reason', async () => {
    const md = markdownForOne(
      await analyzeOne(handshake({ response: null, browserError: "Incorrect 'Sec-WebSocket-Accept' header value" })),
      OPTIONS,
    );
    expect(md).toContain("| Browser error | `Incorrect 'Sec-WebSocket-Accept' header value` |");
    expect(md).toContain('the browser hides the response');
  });

  it('hostile header values, URL and status text cannot inject links, images, HTML or cells', async () => {
    const payload = HOSTILE.join(' ');
    const report = await analyzeOne(
      handshake({
        url: 'wss://example.com/x?<img src=x>[a](https://evil.example)',
        request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Protocol': payload, 'X-Evil': payload }),
        response: { status: 101, statusText: payload, headers: [...VALID_RESPONSE, ['Sec-WebSocket-Protocol', '[x](https://evil.example) <b>y</b>']] },
      }),
    );
    expect(report.findings.some((f) => f.message.includes('evil.example'))).toBe(true);
    const html = render(markdownForOne(report, OPTIONS));
    const ours = (html.match(/<a href="[^"]*"/g) ?? []).filter((a) => !/rfc-editor|whatwg/.test(a));
    expect(ours).toEqual([]);
    expect(html).not.toMatch(/<img|<script|<b>|<em>|<del>|<s>/);
    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
      const cells = (row.match(/<t[dh]>/g) ?? []).length;
      expect([2, 5]).toContain(cells);
    }
  });
});

describe('markdownForAll', () => {
  it('counts verdicts, lists every handshake in a table and a section each', async () => {
    const reports = await analyze([
      handshake(),
      handshake({ url: 'wss://example.com/b', response: { status: 404, statusText: 'Not Found' } }),
      handshake({ url: 'ws://example.com/c', pageUrl: 'https://example.com/' }),
    ]);
    const md = markdownForAll(reports, OPTIONS);
    expect(md).toContain('3 handshakes: 1 fail, 1 warn, 1 pass.');
    expect(md).toContain('| 2 | ✕ FAIL | `wss://example.com/b` | 404 | `status-not-101`');
    expect(md.match(/^## /gm)).toHaveLength(3);
    expect(render(md).match(/<table>/g)!.length).toBeGreaterThanOrEqual(4);
  });

  it('an empty list is still a valid report', () => {
    expect(markdownForAll([], OPTIONS)).toContain('0 handshakes: 0 fail, 0 warn, 0 pass.');
  });
});

describe('multi-line fixes (lists, config snippets)', () => {
  const nginxDropped = () =>
    analyzeOne(
      handshake({
        url: 'ws://app.example.com/ws',
        response: { status: 426, statusText: 'Upgrade Required', httpVersion: 'HTTP/1.1', headers: [['Server', 'nginx/1.22.1']], body: 'Upgrade Required' },
      }),
    );

  it('come after the findings table as their own blocks, the cell pointing there', async () => {
    const markdown = markdownForOne(await nginxDropped(), OPTIONS);
    const table = markdown.slice(markdown.indexOf('| Rule |'), markdown.indexOf('**Fix 1**'));
    expect(table).toMatch(/\| .*\(fix 1 below\) \|/);
    expect(table).not.toContain('proxy_set_header Upgrade $http_upgrade');
    const html = render(markdown);
    // The snippet is a code block with its language, its lines intact.
    expect(html).toContain('<pre><code class="language-nginx">');
    expect(html).toContain('    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;');
    // Every table row still has exactly 5 cells.
    for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  it('a one-line fix stays in its cell', async () => {
    const markdown = markdownForOne(await analyzeOne(handshake({ response: { status: 404, statusText: 'Not Found' } })), OPTIONS);
    expect(markdown).not.toContain('**Fix 1**');
  });

  it('keep the escaping: a hostile value in a fix\'s prose or snippet adds no HTML, link or cell', () => {
    for (const value of HOSTILE) {
      const html = render(fixBlocks(`Point the client at ${value}:\n\`\`\`nginx\nlocation ${value} {\n\`\`\`\n- and ${value}`));
      expect(html).not.toMatch(/<(img|script|a|table|strong|em|del)\b/);
    }
  });

  it('backticks inside a snippet stay inside its block', () => {
    const html = render(fixBlocks('Do this:\n```sh\necho `` done `x`\n```'));
    expect(html).toContain('<code class="language-sh">echo `` done `x`\n</code>');
  });
});
