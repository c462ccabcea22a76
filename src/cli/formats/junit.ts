/**
 * `--format junit`: JUnit XML as CI test reporters read it (Jenkins, GitLab, Azure, the
 * GitHub test-reporter actions). One <testsuite> per input file, one <testcase> per
 * handshake; a handshake that reaches --fail-on is a <failure> (its first failing finding
 * is the message, every finding is in the text), one below it passes with its findings in
 * <system-out>; an input that could not be read is an <error>. Text is XML-escaped, and
 * characters XML 1.0 cannot carry (most control characters) are written visibly instead.
 */
import type { Finding } from '../../core/model.js';
import { printable } from '../io.js';
import type { FormatReport, LocatingInput } from './format-input.js';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\t': '&#9;' };
/** Markup, CR and tab (kept through attribute normalisation), what XML 1.0 forbids (C0 controls, U+FFFE/FFFF, lone surrogates) and C1 controls. */
const XML_UNSAFE = /[&<>"'\r\t\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an XML attribute or element, in one pass: markup escaped, characters XML 1.0 forbids made visible. */
export function xmlText(text: string): string {
  return text.replace(XML_UNSAFE, (c) => {
    const entity = ENTITY[c];
    if (entity) return entity;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
    if (code === 0xfffe || code === 0xffff) return '\ufffd';
    return printable(c);
  });
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlText(String(value)).replace(/\n/g, '&#10;')}"`)
    .join('');
}

function findingText(f: Finding): string {
  return `${f.severity} ${f.rule} (${f.spec})${f.header ? ` ${f.header}` : ''}\n  ${f.message}\n  fix: ${f.fix}`;
}

interface Suite {
  readonly name: string;
  readonly cases: string[];
  tests: number;
  failures: number;
  errors: number;
}

export function formatJunit(input: LocatingInput): string {
  const suites = new Map<string, Suite>();
  const suiteFor = (name: string): Suite => {
    let suite = suites.get(name);
    if (!suite) suites.set(name, (suite = { name, cases: [], tests: 0, failures: 0, errors: 0 }));
    return suite;
  };

  for (const report of input.reports) {
    const location = input.locate(report.source);
    const suite = suiteFor(location.file ?? report.source.split('#')[0]!);
    suite.tests++;
    const name = `${report.url || '(no URL)'}${location.pointer ? ` ${location.pointer}` : ''}`;
    const where = { classname: suite.name, name, ...(location.file ? { file: location.file } : {}), ...(location.line !== null ? { line: location.line } : {}) };
    const body: string[] = [];
    if (input.fails(report.verdict)) {
      suite.failures++;
      const first = report.findings.find((f) => f.severity === report.verdict) ?? report.findings[0];
      body.push(`<failure${attributes({ message: report.summary, type: first?.rule ?? report.verdict })}>${xmlText(report.findings.map(findingText).join('\n'))}</failure>`);
    }
    const notes = report.findings.length > 0 ? `${report.summary}\n${report.findings.map(findingText).join('\n')}` : report.summary;
    body.push(`<system-out>${xmlText(notes)}</system-out>`);
    suite.cases.push(`    <testcase${attributes(where)} time="0">\n      ${body.join('\n      ')}\n    </testcase>`);
  }

  for (const error of input.errors) {
    const location = input.locate(error.source);
    const suite = suiteFor(location.file ?? error.source);
    suite.tests++;
    suite.errors++;
    suite.cases.push(`    <testcase${attributes({ classname: suite.name, name: error.source, ...(location.file ? { file: location.file } : {}) })} time="0">\n      <error${attributes({ message: error.message, type: 'input' })}/>\n    </testcase>`);
  }

  const all = [...suites.values()];
  const sum = (pick: (s: Suite) => number): number => all.reduce((n, s) => n + pick(s), 0);
  const suiteXml = all.map(
    (s) => `  <testsuite${attributes({ name: s.name, tests: s.tests, failures: s.failures, errors: s.errors, skipped: 0, time: 0 })}>\n${s.cases.join('\n')}\n  </testsuite>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: `ws-handshake ${input.version}`, tests: sum((s) => s.tests), failures: sum((s) => s.failures), errors: sum((s) => s.errors), time: 0 })}>`,
    ...suiteXml,
    '</testsuites>',
    '',
  ].join('\n');
}
