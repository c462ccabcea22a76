/**
 * A Markdown report for pasting into an issue tracker (GitHub, GitLab, Jira's
 * Markdown), for one handshake or all. Header values, URLs and messages are
 * untrusted: they go into code spans or fenced blocks, or are escaped, so a
 * header cannot add links, images, HTML, mentions or table cells to the
 * tracker page. Pure; redaction is the caller's choice (`redactReport`).
 */
import type { HeaderList } from '../headers.js';
import type { Finding, Report, Verdict } from '../model.js';
import { RULES } from '../rules.js';
import { isLineTerminatorCode, isSpaceCode, longestRun, trimEndWhere } from '../text.js';
import { requestTargetOf } from '../url.js';

export interface MarkdownOptions {
  /** The tool's version, named in the footer. */
  readonly version: string;
  /** Whether secrets were masked, said in the report so readers know values are missing on purpose. */
  readonly redacted: boolean;
}

const VERDICT_LABEL: Record<Verdict, string> = { fail: '✕ FAIL', warn: '⚠ WARN', pass: '✓ PASS' };

// C0/C1 controls, DEL and line/paragraph separators: never raw in the output.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
// Runs that trackers turn into links or references even when punctuation is escaped:
// URLs, www. hosts, e-mail addresses, @mentions, #123 / GH-123 issue references. Found by
// `referenceSpans`, one pass, where a regex alternation tried every start of a long word.
// Punctuation that can start Markdown/GFM syntax inside a line (emphasis, code, links, HTML,
// entities, table cells, strikethrough, math, headings); other punctuation stays readable.
const PUNCTUATION = /[\\`*_[\]<>&|~$#]/g;

function visibleControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text as a code span: nothing inside is Markdown or HTML, and no tracker links it. One line; `|` escaped for tables. */
export function inlineCode(text: string): string {
  const line = visibleControls(String(text)).replace(/\r\n|\r|\n|\t/g, ' ');
  const fence = '`'.repeat(longestRun(line, '`') + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line.startsWith(' ') || line === '' ? ' ' : '';
  // GFM splits table cells on `|` even inside code spans; `\|` keeps it literal there.
  return `${fence}${pad}${line.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * Untrusted prose (a finding message quoting header values): punctuation
 * backslash-escaped so it stays text, and link-like runs put in code spans
 * because trackers autolink them after unescaping. One line, safe in a table cell.
 */
export function escapeMarkdown(text: string): string {
  const line = visibleControls(String(text)).replace(/\r\n|\r|\n|\t/g, ' ');
  let out = '';
  let last = 0;
  for (const [start, end] of referenceSpans(line)) {
    out += escapePlain(line.slice(last, start));
    out += inlineCode(line.slice(start, end));
    last = end;
  }
  return out + escapePlain(line.slice(last));
}

const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlnum = (c: number): boolean => isLetter(c) || isDigit(c);
const isWord = (c: number): boolean => isAlnum(c) || c === 0x5f;
const isSchemeChar = (c: number): boolean => isAlnum(c) || c === 0x2b || c === 0x2e || c === 0x2d; // + . -
const isCodeChar = (c: number): boolean => c !== 0x60 && !isSpaceCode(c); // [^\s`]
const isMailChar = (c: number): boolean => c !== 0x40 && isCodeChar(c); // [^\s@`]
const isMentionChar = (c: number): boolean => isAlnum(c) || c === 0x5f || c === 0x2d;

/**
 * Where a run of `inClass` characters that contains position `p` ends. Asked at positions that
 * never go back, it scans each run once: ends are reused while `p` is still inside the last run.
 */
class RunEnds {
  private end = -1;
  constructor(
    private readonly text: string,
    private readonly inClass: (code: number) => boolean,
  ) {}
  at(p: number): number {
    if (p < this.end) return this.end;
    let i = p;
    while (i < this.text.length && this.inClass(this.text.charCodeAt(i))) i++;
    this.end = i;
    return i;
  }
}

/**
 * The spans (start, end) a global regex alternation would match, leftmost first, each
 * alternative tried in order at each start:
 *   [A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s`]*  |  www\.[^\s`]+  |  [^\s@`]+@[^\s@`]+\.[^\s@`]+
 *   |  @[A-Za-z0-9][A-Za-z0-9_-]*  |  #\d+  |  \bGH-\d+
 * The regex tried every start of a long word and scanned the word from each (quadratic);
 * here each run's end is found once.
 */
export function referenceSpans(line: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  const n = line.length;
  const scheme = new RunEnds(line, isSchemeChar);
  const code = new RunEnds(line, isCodeChar);
  const mailUser = new RunEnds(line, isMailChar);
  const mailHost = new RunEnds(line, isMailChar);
  let dot = -1; // the first "." at or after the last position asked, or n
  const nextDot = (from: number): number => {
    if (dot < from) {
      const found = line.indexOf('.', from);
      dot = found < 0 ? n : found;
    }
    return dot;
  };
  const runOf = (from: number, inClass: (c: number) => boolean): number => {
    let i = from;
    while (i < n && inClass(line.charCodeAt(i))) i++;
    return i;
  };
  let p = 0;
  while (p < n) {
    const c = line.charCodeAt(p);
    let end = -1;
    if (isLetter(c)) {
      const schemeEnd = scheme.at(p);
      if (line.startsWith('://', schemeEnd)) end = schemeEnd + 3 < n ? code.at(schemeEnd + 3) : n;
    }
    if (end < 0 && c === 0x77 && line.startsWith('www.', p) && p + 4 < n && isCodeChar(line.charCodeAt(p + 4))) end = code.at(p + 4);
    if (end < 0 && isMailChar(c)) {
      const at = mailUser.at(p);
      if (at < n && line.charCodeAt(at) === 0x40) {
        const host = at + 1;
        const hostEnd = host < n && isMailChar(line.charCodeAt(host)) ? mailHost.at(host) : host;
        if (hostEnd - host >= 3 && nextDot(host + 1) < hostEnd - 1) end = hostEnd;
      }
    }
    if (end < 0 && c === 0x40 && p + 1 < n && isAlnum(line.charCodeAt(p + 1))) end = runOf(p + 2, isMentionChar);
    if (end < 0 && c === 0x23 && p + 1 < n && isDigit(line.charCodeAt(p + 1))) end = runOf(p + 2, isDigit);
    if (end < 0 && c === 0x47 && (p === 0 || !isWord(line.charCodeAt(p - 1))) && line.startsWith('GH-', p) && p + 3 < n && isDigit(line.charCodeAt(p + 3))) {
      end = runOf(p + 4, isDigit);
    }
    if (end < 0) {
      p++;
      continue;
    }
    spans.push([p, end]);
    p = end;
  }
  return spans;
}

function escapePlain(text: string): string {
  return text.replace(PUNCTUATION, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** A fenced block whose fence no line inside can close; controls made visible, lines kept. */
export function fencedBlock(text: string, info = ''): string {
  const body = trimEndWhere(visibleControls(text.replace(/\r\n?/g, '\n')), (code) => code === 0x0a);
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** Header field lines; a value with a line break (which HTTP forbids) shows it escaped, so it cannot fake a line. */
function headerLines(headers: HeaderList): string[] {
  return headers.fields.map((f) => `${f.name}: ${f.value}`.replace(/\r/g, '\\r').replace(/\n/g, '\\n'));
}

function requestBlock(report: Report): string | null {
  const request = report.handshake.request;
  if (!request) return null;
  const line = [request.method, requestTargetOf(report.url), request.httpVersion].filter((part) => part).join(' ');
  return fencedBlock([line, ...headerLines(request.headers)].join('\n'), 'http');
}

function responseBlock(report: Report): string | null {
  const response = report.handshake.response;
  if (!response) return null;
  const line = [response.httpVersion ?? '', String(response.status), response.statusText].filter((part) => part).join(' ');
  return fencedBlock([line, ...headerLines(response.headers)].join('\n'), 'http');
}

function statusCell(report: Report): string {
  const response = report.handshake.response;
  if (!response) return report.browserError ? '0 (no response shown: the browser refused the handshake)' : '0 (no response)';
  return `${response.status}${response.statusText ? ` ${escapeMarkdown(response.statusText)}` : ''}`;
}

function acceptCell(report: Report): string {
  if (report.actualAccept === null) return '(none)';
  const verdict =
    report.expectedAccept === null ? '' : report.actualAccept === report.expectedAccept ? ' (matches)' : ' (**does not match**)';
  return `${inlineCode(report.actualAccept)}${verdict}`;
}

/** A fix that does not fit a table cell: more than one line (a list, a ```snippet```). */
function isLongFix(fix: string): boolean {
  return fix.includes('\n');
}

function findingRow(f: Finding, longFixNumber: number | null): string {
  const rule = RULES[f.rule];
  const specUrl = f.specUrl ?? rule?.specUrl;
  const spec = specUrl ? `[${escapeMarkdown(f.spec)}](${specUrl})` : escapeMarkdown(f.spec);
  const header = f.header ? ` (${inlineCode(f.header)})` : '';
  const fix = longFixNumber === null ? escapeMarkdown(f.fix) : `${escapeMarkdown(firstLineOf(f.fix))} (fix ${longFixNumber} below)`;
  return `| ${inlineCode(f.rule)} | ${f.severity} | ${spec} | ${escapeMarkdown(f.message)}${header} | ${fix} |`;
}

export function firstLineOf(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  // What /```.*$/ removed: from the first fence after the last line terminator (`.` stops at one) to the end.
  let lastTerminator = -1;
  for (let i = line.length - 1; i >= 0 && lastTerminator < 0; i--) if (isLineTerminatorCode(line.charCodeAt(i))) lastTerminator = i;
  const fence = line.indexOf('```', lastTerminator + 1);
  const beforeFence = fence >= 0 ? line.slice(0, fence) : line;
  return beforeFence.replace(/:\s*$/, '');
}

/**
 * A multi-line fix as Markdown blocks: its ```fenced``` snippets as fenced blocks (a fence no line
 * inside can close, the language kept when it is a word), every other line escaped prose.
 */
export function fixBlocks(fix: string): string {
  const out: string[] = [];
  const prose = (text: string): void => {
    const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (lines.length > 0) out.push(lines.map((line) => (/^- /.test(line) ? `- ${escapeMarkdown(line.slice(2))}` : escapeMarkdown(line))).join('\n'));
  };
  let at = 0;
  while (at < fix.length) {
    const open = fix.indexOf('```', at);
    const close = open < 0 ? -1 : fix.indexOf('```', open + 3);
    if (open < 0 || close < 0) {
      prose(fix.slice(at));
      break;
    }
    prose(fix.slice(at, open));
    const inner = fix.slice(open + 3, close);
    const newline = inner.indexOf('\n');
    const language = newline >= 0 && /^[\w-]+$/.test(inner.slice(0, newline)) ? inner.slice(0, newline) : '';
    out.push(fencedBlock(language ? inner.slice(newline + 1) : inner.replace(/^\n/, ''), language));
    at = close + 3;
  }
  return out.join('\n\n');
}

/** One handshake as a Markdown section (`level` 2 inside a report of all, 1 alone). */
export function handshakeMarkdown(report: Report, level: 1 | 2 = 2): string {
  const hashes = '#'.repeat(level);
  const parts: string[] = [];
  parts.push(`${hashes} ${VERDICT_LABEL[report.verdict]}: ${inlineCode(report.url || '(no URL)')}`);
  if (report.summary) parts.push(`**${escapeMarkdown(report.summary)}**`);

  const facts: [string, string][] = [
    ['Source', inlineCode(report.source)],
    ['Status', statusCell(report)],
    ['Transport', inlineCode(report.transport)],
  ];
  if (report.browserError) facts.push(['Browser error', inlineCode(report.browserError)]);
  if (report.handshake.pageUrl) facts.push(['Page', inlineCode(report.handshake.pageUrl)]);
  facts.push(['Sec-WebSocket-Key', report.key === null ? '(none)' : inlineCode(report.key)]);
  facts.push(['Expected Sec-WebSocket-Accept', report.expectedAccept === null ? '(cannot compute)' : inlineCode(report.expectedAccept)]);
  facts.push(['Actual Sec-WebSocket-Accept', acceptCell(report)]);
  parts.push(['| | |', '|---|---|', ...facts.map(([name, value]) => `| ${name} | ${value} |`)].join('\n'));

  const sub = '#'.repeat(level + 1);
  if (report.findings.length === 0) {
    parts.push(`${sub} Findings\n\nNone.`);
  } else {
    let longFixes = 0;
    const numbers = report.findings.map((f) => (isLongFix(f.fix) ? ++longFixes : null));
    const rows = report.findings.map((f, i) => findingRow(f, numbers[i] ?? null));
    parts.push(`${sub} Findings\n\n${['| Rule | Severity | Spec | Message | Fix |', '|---|---|---|---|---|', ...rows].join('\n')}`);
    // Fixes with lists and config snippets come after the table, where their lines survive.
    report.findings.forEach((f, i) => {
      const number = numbers[i];
      if (number !== null && number !== undefined) parts.push(`**Fix ${number}** (${inlineCode(f.rule)})\n\n${fixBlocks(f.fix)}`);
    });
  }
  const connection = report.connection;
  if (connection) {
    // Judged apart from the handshake; no timeline here: its message previews may carry anything.
    const table = connection.findings.length > 0 ? `\n\n${['| Rule | Severity | Spec | Message | Fix |', '|---|---|---|---|---|', ...connection.findings.map(findingRow)].join('\n')}` : '';
    parts.push(`${sub} Connection after the 101: ${VERDICT_LABEL[connection.verdict]}\n\n${escapeMarkdown(connection.summary)}${table}`);
  }
  const request = requestBlock(report);
  parts.push(`${sub} Request\n\n${request ?? '(not seen)'}`);
  const response = responseBlock(report);
  parts.push(
    `${sub} Response\n\n${response ?? (report.browserError ? '(not shown: the browser hides the response of a handshake it refused)' : '(none)')}`,
  );
  return parts.join('\n\n');
}

function footer(options: MarkdownOptions): string {
  const redaction = options.redacted
    ? 'Secrets (Cookie, Set-Cookie, Authorization, Proxy-Authorization, credential-like query parameters and URL user info) are shown as `[redacted]`.'
    : '**Secrets are NOT redacted in this report.**';
  return `<sub>WebSocket Handshake Inspector ${escapeMarkdown(options.version)}. ${redaction}</sub>`;
}

/** The report for one handshake, ready to paste. */
export function markdownForOne(report: Report, options: MarkdownOptions): string {
  return `${handshakeMarkdown(report, 1)}\n\n${footer(options)}\n`;
}

/** The report for many handshakes: a summary line and table, then a section per handshake. */
export function markdownForAll(reports: readonly Report[], options: MarkdownOptions): string {
  const counts = { fail: 0, warn: 0, pass: 0 };
  for (const r of reports) counts[r.verdict] += 1;
  const parts = [
    '# WebSocket handshake report',
    `${reports.length} handshake${reports.length === 1 ? '' : 's'}: ${counts.fail} fail, ${counts.warn} warn, ${counts.pass} pass.`,
  ];
  if (reports.length > 0) {
    parts.push(
      [
        '| # | Verdict | URL | Status | Rules |',
        '|---|---|---|---|---|',
        ...reports.map(
          (r, i) =>
            `| ${i + 1} | ${VERDICT_LABEL[r.verdict]} | ${inlineCode(r.url)} | ${r.status} | ${r.findings.map((f) => inlineCode(f.rule)).join(' ') || '–'} |`,
        ),
      ].join('\n'),
    );
  }
  for (const r of reports) parts.push(`---\n\n${handshakeMarkdown(r, 2)}`);
  parts.push(footer(options));
  return `${parts.join('\n\n')}\n`;
}
