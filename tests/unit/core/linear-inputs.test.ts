// Linear time on every untrusted input (issue 14): each public function that reads text from a
// server, a HAR or a paste is timed on a hostile shape at n and 4n (a ratio, not a time), and the
// one-pass scans that replaced super-linear regexes give exactly what the regexes gave.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../src/core/analyze.js';
import { mapBrowserReason } from '../../../src/core/checks/browser-reasons.js';
import { escapeMarkdown, fencedBlock, firstLineOf, fixBlocks, inlineCode, markdownForOne, referenceSpans } from '../../../src/core/export/markdown.js';
import { stringifyJsonDocument, toJsonDocument } from '../../../src/core/export/json.js';
import { rawHeaderLine, redactRawText, redactReport, redactUrl, scrubText, scrubTextOnePass } from '../../../src/core/export/redact.js';
import { HeaderList, parseExtensionList, parseTokenList } from '../../../src/core/headers.js';
import type { Handshake, Report } from '../../../src/core/model.js';
import { isSecretParamName, secretParamNames, splitCapitalRuns } from '../../../src/core/secrets.js';
import { longestRun, trimEndDotsAndSpaces, trimEndWhere, isSpaceCode } from '../../../src/core/text.js';
import { splitUrl } from '../../../src/core/url.js';
import { formatReport } from '../../../src/cli/human.js';
import { renderFormat, locator } from '../../../src/cli/formats/index.js';
import { parseHar } from '../../../src/sources/har/parse.js';
import { stringifyHar, toHarDocument } from '../../../src/sources/har/export.js';
import { parseRawHandshake } from '../../../src/sources/raw.js';
import { handshake, VALID_REQUEST, VALID_RESPONSE, withHeaders } from './build.js';
import { expectLinear, expectLinearAsync } from '../linear.js';
import { oldFirstLine, oldRawHeaderLine, oldReferenceSpans, oldScrubText, oldSentenceTrim, oldSplitCapitals } from './linear-reference.js';

const MD = { version: '0.0.0', redacted: false };

/** Everything a report goes through once judged: summary (in analyze), redaction, every export. */
function exportAll(report: Report): number {
  const redacted = redactReport(report);
  let size = markdownForOne(report, MD).length + markdownForOne(redacted, MD).length;
  size += stringifyJsonDocument(toJsonDocument([report, redacted], [], { version: '0' })).length;
  size += stringifyHar(toHarDocument([{ handshake: report.handshake }], { version: '0' })).length;
  const input = { reports: [report], errors: [], version: '0', fails: () => true, locate: locator(new Map()) };
  for (const format of ['github', 'sarif', 'junit'] as const) size += renderFormat(format, input).length;
  size += formatReport(report, true).join('\n').length;
  return size;
}

const with101 = (headers: Record<string, string | null>): Handshake => handshake({ response: { status: 101, statusText: 'Switching Protocols', headers: withHeaders(VALID_RESPONSE, headers) } });
const withRequest = (headers: Record<string, string | null>): Handshake => handshake({ request: withHeaders(VALID_REQUEST, headers) });
const rejected = (reason: string): Handshake => handshake({ response: null, browserError: reason });
const rawText = (requestLines: string[], responseLines: string[]): string => `${requestLines.join('\r\n')}\r\n\r\n${responseLines.join('\r\n')}\r\n\r\n`;
const RAW_REQUEST = ['GET /chat HTTP/1.1', 'Host: example.com', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];
const RAW_101 = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='];

/** Handshakes judged and exported whole: each row is a hostile shape the fuzzer or the issue found. */
const judged: Array<{ name: string; make: (n: number) => Handshake }> = [
  // Issue 14: the summary's trailing punctuation on a quoted Upgrade value of dots (85 ms at 5,000, 1.7 s at 20,000).
  { name: 'a 101 whose Upgrade is a quoted run of dots (summary)', make: (n) => with101({ Upgrade: `"${'.'.repeat(n)}"` }) },
  { name: 'a 101 whose Upgrade is dots then a letter', make: (n) => with101({ Upgrade: `${'. '.repeat(n / 2)}x` }) },
  // Issue 14: Markdown escaping of a Chromium reason quoting runs of `"` and of `, ` (×8.8 for ×4).
  { name: 'a Chromium reason quoting a run of "', make: (n) => rejected(`'Sec-WebSocket-Protocol' header value '${'"'.repeat(n)}' in response does not match any of sent values`) },
  { name: 'a Chromium reason quoting a run of ", "', make: (n) => rejected(`'Upgrade' header value is not 'WebSocket': ${', '.repeat(n / 2)}`) },
  { name: 'a reason that is one long word (markdown references)', make: (n) => rejected(`x${'a'.repeat(n)}`) },
  { name: 'a reason of a long word with an @ (e-mail references)', make: (n) => rejected(`${'a'.repeat(n)}@${'b'.repeat(n)}`) },
  { name: 'a reason of a long scheme-like word', make: (n) => rejected(`${'a+'.repeat(n / 2)}:/x`) },
  // Issue 14: 150,000 backtick runs overflowed Math.max(...runs).
  { name: 'a header value of backtick runs (code span fence)', make: (n) => with101({ Server: '`x'.repeat(n / 2) }) },
  { name: 'a status text of dots', make: (n) => handshake({ response: { status: 400, statusText: `${'.'.repeat(n)}x`, headers: [] } }) },
  { name: 'a 400 body of blank lines then text', make: (n) => handshake({ response: { status: 400, statusText: 'Bad', headers: [['Server', 'nginx']], body: `${'\n'.repeat(n)}x` } }) },
  { name: 'a request Cookie of many pairs (secret scrubbing)', make: (n) => withRequest({ Cookie: Array.from({ length: n / 12 }, (_, i) => `c${i}=v${i}xxxx`).join('; ') }) },
  { name: 'a URL query of many distinct secret names', make: (n) => handshake({ url: `wss://h/?${Array.from({ length: n / 12 }, (_, i) => `token${i}=v${i}xx`).join('&')}` }) },
  { name: 'a URL query name of capitals (camelCase split)', make: (n) => handshake({ url: `wss://h/?${'A'.repeat(n)}b=1` }) },
  { name: 'a Sec-WebSocket-Protocol of ", " runs', make: (n) => withRequest({ 'Sec-WebSocket-Protocol': `a${', '.repeat(n / 2)}b` }) },
  { name: 'a Sec-WebSocket-Extensions of "; " runs', make: (n) => withRequest({ 'Sec-WebSocket-Extensions': `permessage-deflate${'; x'.repeat(n / 3)}` }) },
  { name: 'a Location of slashes', make: (n) => handshake({ response: { status: 302, statusText: 'Found', headers: [['Location', `https://h${'/'.repeat(n)}x`]] } }) },
];

describe('linear time: a handshake judged and exported', () => {
  it.each(judged)('$name', async ({ make }) => {
    await expectLinearAsync(
      (n) => make(n),
      async (h) => exportAll(await analyzeOne(h)),
      { n: 4000, repeat: 1 },
    );
  });
});

/** Functions fed text directly. */
const direct: Array<{ name: string; make: (n: number) => string; run: (text: string) => unknown; n?: number; maxRatio?: number }> = [
  // Issue 14: raw-text redaction on a line of spaces without a colon (×11 for ×4).
  { name: 'redactRawText: a line of spaces without a colon', make: (n) => `x${' '.repeat(n)}x`, run: (t) => redactRawText(t) },
  { name: 'redactRawText: a curl line of spaces', make: (n) => `> x${' '.repeat(n)}`, run: (t) => redactRawText(t) },
  { name: 'redactRawText: many short lines', make: (n) => 'a b\r\n'.repeat(n / 5), run: (t) => redactRawText(t) },
  { name: 'escapeMarkdown: a run of "', make: (n) => '"'.repeat(n), run: escapeMarkdown },
  { name: 'escapeMarkdown: a run of ", "', make: (n) => ', '.repeat(n / 2), run: escapeMarkdown },
  { name: 'escapeMarkdown: one long word', make: (n) => 'a'.repeat(n), run: escapeMarkdown },
  { name: 'escapeMarkdown: a long word then @', make: (n) => `${'a'.repeat(n)}@`, run: escapeMarkdown },
  { name: 'escapeMarkdown: many @ hosts without a dot', make: (n) => 'a@b'.repeat(n / 3), run: escapeMarkdown },
  { name: 'inlineCode: 150,000-scale backtick runs', make: (n) => '`x'.repeat(n), run: inlineCode, n: 150_000 },
  { name: 'fencedBlock: backtick runs and trailing newlines', make: (n) => `${'`x'.repeat(n / 2)}${'\n'.repeat(n / 2)}y`, run: (t) => fencedBlock(t) },
  { name: 'fixBlocks: a fix of fences and colons', make: (n) => `a: ${'```'.repeat(n / 3)}\nb`, run: fixBlocks },
  { name: 'firstLineOf: fences and line separators', make: (n) => '```\u2028'.repeat(n / 4), run: firstLineOf },
  { name: 'isSecretParamName: a run of capitals', make: (n) => 'A'.repeat(n), run: isSecretParamName },
  { name: 'secretParamNames: many distinct secret names', make: (n) => Array.from({ length: n / 10 }, (_, i) => `key${i}=1`).join('&'), run: secretParamNames },
  { name: 'redactUrl: a query of many pairs', make: (n) => `wss://h/?${'token=x&'.repeat(n / 8)}`, run: redactUrl },
  { name: 'splitUrl: a long authority', make: (n) => `wss://${'a@'.repeat(n / 2)}h/`, run: splitUrl },
  { name: 'mapBrowserReason: a quoted run of "', make: (n) => `'Sec-WebSocket-Protocol' header value '${'"'.repeat(n)}' in response does not match any of sent values`, run: mapBrowserReason },
  { name: 'mapBrowserReason: a run of spaces after the prefix', make: (n) => `Error during WebSocket handshake:${' '.repeat(n)}x`, run: mapBrowserReason },
  { name: 'parseTokenList: ", " runs', make: (n) => ', '.repeat(n / 2), run: parseTokenList },
  // One object per extension: at 4n hundreds of thousands of them reach old space, and the major GCs that
  // walk them add up to ×11 on a busy 2-core machine (×2.5–4 alone). Quadratic code measures ×16.
  { name: 'parseExtensionList: "; " runs', make: (n) => `a${'; b'.repeat(n / 3)}`, run: parseExtensionList, maxRatio: 13 },
  { name: 'parseRawHandshake: a header line of spaces', make: (n) => rawText([...RAW_REQUEST, `X-A:${' '.repeat(n)}x`], RAW_101), run: (t) => parseRawHandshake(t, 'paste') },
  { name: 'parseRawHandshake: a request line of spaces', make: (n) => rawText([`GET${' '.repeat(n)}/ HTTP/1.1`], RAW_101), run: (t) => parseRawHandshake(t, 'paste') },
  { name: 'parseRawHandshake: a body of blank lines', make: (n) => `${rawText(RAW_REQUEST, ['HTTP/1.1 400 Bad'])}${'\n'.repeat(n)}x`, run: (t) => parseRawHandshake(t, 'paste') },
  { name: 'parseHar: a string of quotes and backslashes', make: (n) => `{"log":{"entries":[{"x":"${'\\"'.repeat(n / 2)}`, run: (t) => parseHar(t, 'x.har') },
  { name: 'parseHar: nesting of arrays', make: (n) => `{"log":{"entries":[${'['.repeat(n)}`, run: (t) => parseHar(t, 'x.har') },
];

describe('linear time: text straight into a public function', () => {
  it.each(direct)('$name', ({ make, run, n, maxRatio }) => {
    expectLinear(make, run, { n: n ?? 20_000, ...(maxRatio === undefined ? {} : { maxRatio }) });
  });

  it('scrubText: thousands of secrets over a long text (the automaton)', () => {
    expectLinear(
      (n) => ({ secrets: Array.from({ length: n / 10 }, (_, i) => `secret${i}x`).sort((a, b) => b.length - a.length), text: 'plain text '.repeat(n / 11) }),
      ({ secrets, text }) => scrubText(text, secrets),
      { n: 20_000 },
    );
  });

  it('inlineCode on 150,000 backtick runs does not overflow the stack', () => {
    const text = '`x'.repeat(150_000);
    expect(() => inlineCode(text)).not.toThrow();
    expect(inlineCode(text).startsWith('`` `x')).toBe(true);
    expect(() => fencedBlock(text)).not.toThrow();
  });
});

// --- the scans give what the regexes gave --------------------------------------------------------

// Short strings over the characters the regexes care about, so every branch is reached often.
const hostile = (chars: string, maxLength = 24) => fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength });
const MARKDOWN_CHARS = 'aZ09+.-:/w@#G H`_\t\u00a0\u2028"';
const HEADER_CHARS = 'aX<>: \t\u2028\r\u00a0-';

describe('the one-pass scans match the regexes they replaced', () => {
  it('referenceSpans = the REFERENCE regex (URLs, www., e-mails, mentions, #1, GH-1)', () => {
    fc.assert(fc.property(fc.oneof(hostile(MARKDOWN_CHARS), fc.constantFrom('see https://x.y/z and www.a.b', 'a@b.c d@e', '@user #12 GH-3 xGH-4', 'ftp://', 'a.b@c.d.e', '@-x', 'www.', 'www.x`y')), (line) => {
      expect(referenceSpans(line)).toEqual(oldReferenceSpans(line));
    }), { numRuns: 3000 });
  });

  it('rawHeaderLine = the RAW_HEADER regex', () => {
    fc.assert(fc.property(fc.oneof(hostile(HEADER_CHARS), fc.constantFrom('> Host: a', '<  : x', '>: x', 'Cookie:a=1', 'X :  v', '< a:\u2028', 'a: \u2028x', '>\t a: b')), (line) => {
      expect(rawHeaderLine(line)).toEqual(oldRawHeaderLine(line));
    }), { numRuns: 3000 });
  });

  it('splitCapitalRuns = the camelCase capitals regex', () => {
    fc.assert(fc.property(hostile('ABab1_ '), (text) => {
      expect(splitCapitalRuns(text)).toBe(oldSplitCapitals(text));
    }), { numRuns: 2000 });
  });

  it('the sentence trim = /[.:;,\\s]+$/ after trim()', () => {
    const isTrailing = (c: number): boolean => c === 0x2e || c === 0x3a || c === 0x3b || c === 0x2c || isSpaceCode(c);
    fc.assert(fc.property(hostile('a.:;, \t\n\u00a0\u2028\ufeff\u3000'), (text) => {
      expect(trimEndWhere(text.trim(), isTrailing)).toBe(oldSentenceTrim(text));
      expect(trimEndDotsAndSpaces(text)).toBe(text.replace(/[.\s]+$/, ''));
    }), { numRuns: 2000 });
  });

  it('isSpaceCode = \\s for every UTF-16 unit', () => {
    for (let code = 0; code < 0x10000; code++) expect(isSpaceCode(code), code.toString(16)).toBe(/\s/.test(String.fromCharCode(code)));
  });

  it('firstLineOf = the fence and colon regexes', () => {
    fc.assert(fc.property(hostile('`a:\r\u2028 '), (line) => {
      expect(firstLineOf(line)).toBe(oldFirstLine(line));
    }), { numRuns: 2000 });
  });

  it('longestRun = the longest /`+/ match', () => {
    fc.assert(fc.property(hostile('`a'), (text) => {
      expect(longestRun(text, '`')).toBe(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)));
    }));
  });

  it('scrubText through the automaton = secret-by-secret replacement when occurrences do not overlap', () => {
    const secret = fc.string({ unit: fc.constantFrom('x', 'y', 'z'), minLength: 4, maxLength: 8 });
    // Secrets appear only as whole words (no spaces in them): occurrences may nest, never overlap in part.
    const case_ = fc.array(secret, { minLength: 1, maxLength: 5 }).chain((secrets) =>
      fc.tuple(fc.constant(secrets), fc.array(fc.oneof(fc.constantFrom(...secrets), hostile('ab=;', 6)), { maxLength: 10 })),
    );
    fc.assert(fc.property(case_, ([secrets, words]) => {
      const sorted = [...new Set(secrets)].sort((a, b) => b.length - a.length);
      const text = words.join(' ');
      expect(scrubTextOnePass(text, sorted)).toBe(oldScrubText(text, sorted));
      expect(scrubText(text, sorted)).toBe(oldScrubText(text, sorted));
    }), { numRuns: 2000 });
  });

  it('the automaton masks overlapping occurrences as one, leaving no part of either secret', () => {
    expect(scrubTextOnePass('id abcdef end', ['cdef', 'abcd'])).toBe('id [redacted] end');
    expect(scrubTextOnePass('aaaaa', ['aaaa'])).toBe('[redacted]');
    expect(scrubTextOnePass('abcdabcd', ['abcd'])).toBe('[redacted][redacted]');
    const long = 'L'.repeat(300);
    expect(scrubTextOnePass(`a ${long} b tokn`, [long, 'tokn'])).toBe('a [redacted] b [redacted]');
    const many = Array.from({ length: 40 }, (_, i) => `secret-${String(i).padStart(2, '0')}`).reverse();
    expect(scrubText(`x ${many[5]} y ${many[39]}`, many)).toBe('x [redacted] y [redacted]');
  });
});

describe('unchanged output on ordinary inputs', () => {
  it('escapeMarkdown still code-spans links, mails, mentions and references', () => {
    expect(escapeMarkdown('see https://x.y/a_b, www.example.com, me@example.com, @bob, #12 and GH-7 *now*')).toBe(
      'see `https://x.y/a_b,` `www.example.com,` `me@example.com,` `@bob`, `#12` and `GH-7` \\*now\\*',
    );
  });

  it('the summary of a 101 with a quoted Upgrade keeps its words', async () => {
    const report = await analyzeOne(with101({ Upgrade: '"h2c".' }));
    expect(report.summary).toBe('The server\'s 101 response says Upgrade: "h2c". instead of websocket.');
  });

  it('raw text redaction masks the same headers as before', () => {
    const text = '> GET /?token=abc HTTP/1.1\r\n> Cookie: a=1; b=2\r\n> Authorization: Bearer xyz\r\n< HTTP/1.1 101 OK\r\n< Set-Cookie: s=1; Path=/\r\nno colon here\r\n';
    expect(redactRawText(text)).toBe('> GET /?token=[redacted] HTTP/1.1\r\n> Cookie: a=[redacted]; b=[redacted]\r\n> Authorization: Bearer [redacted]\r\n< HTTP/1.1 101 OK\r\n< Set-Cookie: s=[redacted]; Path=/\r\nno colon here\r\n');
  });

  it('camelCase secret names are still found', () => {
    expect(isSecretParamName('APIKey')).toBe(true);
    expect(isSecretParamName('XAPIToken')).toBe(true);
    expect(isSecretParamName('keyboard')).toBe(false);
    expect(secretParamNames('token=1&a=2&token=3&apiKey=4')).toEqual(['token', 'apiKey']);
  });

  it('HeaderList lookups are by name, whatever the number of headers', () => {
    expectLinear((n) => Array.from({ length: n / 10 }, (_, i) => ({ name: `X-${i}`, value: 'v' })), (fields) => new HeaderList(fields).first('x-1'), { n: 20_000 });
  });
});

describe('found by the fuzzer', () => {
  it('SARIF output of a URL with a lone surrogate (a HAR\'s "\\udc00" escape) does not throw', async () => {
    const { formatSarif } = await import('../../../src/cli/formats/sarif.js');
    const { NOWHERE } = await import('../../../src/cli/formats/location.js');
    const report = await analyzeOne(handshake({ url: 'wss://example.com/a\udc00b', response: null }));
    const sarif = JSON.parse(formatSarif({ reports: [report], errors: [], version: '0', fails: () => true, locate: () => NOWHERE }));
    const uris = sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toBe('wss://example.com/a%EF%BF%BDb');
  });
});
