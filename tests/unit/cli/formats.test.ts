// `--format github|sarif|junit` as CI reads them: the compiled CLI on real inputs, its SARIF
// validated against the SARIF 2.1.0 schema (the copy Microsoft's @microsoft/jest-sarif ships),
// its JUnit XML read back by fast-xml-parser and by test-results-parser (the JUnit reader of the
// TestBeats CI reporter), its GitHub annotations parsed as the Actions runner does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseTestResults } from 'test-results-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { escapeData, escapeProperty } from '../../../src/cli/formats/github.js';
import { parseFormat } from '../../../src/cli/formats/index.js';
import { xmlText } from '../../../src/cli/formats/junit.js';
import { splitSource } from '../../../src/cli/formats/location.js';
import { artifactUri } from '../../../src/cli/formats/sarif.js';
import { main } from '../../../src/cli/main.js';
import { RULE_IDS } from '../../../src/core/rules.js';
import { expectLinear } from '../linear.js';
import { startServer, switching, type ScriptedServer } from '../sources/probe/servers.js';
import { CORPUS, buildCli, run } from './cli.js';

const SARIF_SCHEMA = 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

/** The SARIF 2.1.0 schema (draft-04) compiled by Ajv; its one language-tag pattern is not valid under the `u` flag, hence unicodeRegExp: false. */
function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
}

const RFC_EXAMPLE = [
  'GET /chat HTTP/1.1',
  'Host: server.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Origin: http://example.com',
  'Sec-WebSocket-Version: 13',
  '',
  'HTTP/1.1 101 Switching Protocols',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
  '',
].join('\r\n');
const WRONG_ACCEPT = RFC_EXAMPLE.replace('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', 'n4UuCLd17P4Pc7oywQKX3SX3RdA=');
// A subprotocol the client never offered, with markup, a vertical tab (text to the sniffer,
// illegal in XML 1.0) and GitHub command syntax in it: every format must carry it as text.
const HOSTILE_VALUE = '<b>x</b>]]>&"\'\u000b%0A::error::pwned, a:b';
const HOSTILE = RFC_EXAMPLE.replace('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', `Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: ${HOSTILE_VALUE}`);
const MITMPROXY = join(CORPUS, 'mitmproxy_savehar_websocket.har'); // 3 handshakes: 2 warn (api_key in the URL), 1 pass

let dir: string;
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'ws-handshake-formats-'));
  writeFileSync(file('wrong-accept.txt'), WRONG_ACCEPT);
  writeFileSync(file('good.txt'), RFC_EXAMPLE);
  writeFileSync(file('hostile.txt'), HOSTILE);
  writeFileSync(file('broken.har'), '{"log": {"entries": [');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What every format is run on: a fail, a pass, warnings from a real HAR, and a broken input. */
const inputs = (): string[] => [file('wrong-accept.txt'), file('good.txt'), MITMPROXY, file('broken.har')];

describe('--format parsing', () => {
  it.each([
    [['--format', 'sarif'], 'sarif'],
    [['--format=junit'], 'junit'],
    [['--json'], 'json'],
    [['--json', '--format', 'json'], 'json'],
  ])('lint %j reads as %s', async (flags, format) => {
    const r = await run(['lint', ...flags, file('good.txt')]);
    expect(r.code).toBe(0);
    if (format === 'sarif') expect(JSON.parse(r.stdout).version).toBe('2.1.0');
    if (format === 'junit') expect(r.stdout).toMatch(/^<\?xml/);
    if (format === 'json') expect(JSON.parse(r.stdout).tool).toBe('ws-handshake');
  });

  it.each([
    [['--format', 'xml'], /--format wants human, json, github, sarif, junit, not "xml"/],
    [['--format'], /--format wants human, json, github, sarif, junit$/m],
    [['--json', '--format', 'sarif'], /one output format, not both json and sarif/],
  ])('lint FILE %j is a usage error', async (flags, message) => {
    const r = await run(['lint', file('good.txt'), ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('parseFormat names the command in its error', () => {
    expect(() => parseFormat('yaml', 'probe')).toThrow(/^probe: --format wants/);
  });
});

describe('--format github', () => {
  /** A workflow command line as the runner reads it (actions/toolkit's command syntax). */
  const COMMAND = /^::(error|warning|notice)( [^:]*)?::(.*)$/;
  const unescape = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const annotations = (stdout: string) =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('::'))
      .map((line) => {
        const [, command, props = '', message = ''] = COMMAND.exec(line) ?? [];
        const properties = Object.fromEntries(props.trim().split(',').filter(Boolean).map((p) => p.split('=', 2).map(unescape) as [string, string]));
        return { command, properties, message: unescape(message) };
      });

  it('one annotation per finding, on the file and the line of its HAR entry; inputs not read are errors; exit codes as lint', async () => {
    const r = await run(['lint', '--format', 'github', ...inputs()]);
    expect(r.code).toBe(2);
    const found = annotations(r.stdout);
    expect(found.every((a) => a.command !== undefined)).toBe(true);

    const accept = found.find((a) => a.properties.title?.startsWith('accept-mismatch'))!;
    expect(accept).toMatchObject({ command: 'error', properties: { file: file('wrong-accept.txt'), line: '1' } });
    expect(accept.message).toMatch(/^ws:\/\/server\.example\.com\/chat: The server sent `n4UuCLd17P4Pc7oywQKX3SX3RdA=`/);
    expect(accept.message).toMatch(/\nFix: Compute Sec-WebSocket-Accept/);

    const har = readFileSync(MITMPROXY, 'utf8').split('\n');
    const warnings = found.filter((a) => a.properties.file === MITMPROXY);
    expect(warnings.map((a) => a.command)).toEqual(['warning', 'warning']);
    for (const w of warnings) {
      expect(w.properties.title).toBe('credentials-in-url (RFC 6455 §10)');
      expect(har[Number(w.properties.line) - 1]!.trim()).toBe('{');
    }
    expect(warnings.map((w) => w.message.match(/\(\/log\/entries\/\d\)/)?.[0])).toEqual(['(/log/entries/0)', '(/log/entries/2)']);

    expect(found.filter((a) => a.properties.file === file('broken.har'))).toEqual([
      { command: 'error', properties: { file: file('broken.har'), title: 'ws-handshake: input not read' }, message: expect.stringMatching(/broken\.har: .*truncated/) },
    ]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('5 handshakes: 2 pass, 2 warn, 1 fail; 1 input could not be read');
  });

  it('a hostile header value cannot start a command of its own or break the properties', async () => {
    const r = await run(['lint', '--format', 'github', file('hostile.txt')]);
    const lines = r.stdout.trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    expect(commands.length).toBeGreaterThan(0);
    // Every line is an annotation or the totals line; nothing else reached column 0.
    expect(lines.filter((l) => !l.startsWith('::'))).toEqual([lines.at(-1)]);
    const protocol = annotations(r.stdout).find((a) => a.properties.title?.startsWith('protocol-not-requested'))!;
    expect(protocol.message).toContain('<b>x</b>]]>&"\'\\x0b%0A::error::pwned, a:b');
  });

  it.each([
    ['a%b\r\nc', 'a%25b%0D%0Ac'],
    ['tab\tesc\u001b', 'tab\\tesc\\x1b'],
  ])('escapeData(%j) = %j', (text, escaped) => expect(escapeData(text)).toBe(escaped));

  it('escapeProperty also escapes : and ,', () => expect(escapeProperty('C:\\x,y.har')).toBe('C%3A\\x%2Cy.har'));
});

describe('--format sarif', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema: every finding a result with its rule, file, entry line and pointer', async () => {
    const r = await run(['lint', '--format', 'sarif', ...inputs()]);
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const [run0] = log.runs;
    expect(run0.tool.driver).toMatchObject({ name: 'ws-handshake', version: JSON.parse(readFileSync('package.json', 'utf8')).version });
    expect(run0.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(RULE_IDS);
    for (const result of run0.results) expect(run0.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);

    const accept = run0.results.find((x: { ruleId: string }) => x.ruleId === 'accept-mismatch');
    expect(accept).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: `file://${file('wrong-accept.txt')}` }, region: { startLine: 1 } } }] });
    const warnings = run0.results.filter((x: { ruleId: string }) => x.ruleId === 'credentials-in-url');
    expect(warnings.map((w: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => w.locations[0]!.logicalLocations[0]!.fullyQualifiedName)).toEqual(['/log/entries/0', '/log/entries/2']);
    expect(warnings.every((w: { level: string }) => w.level === 'warning')).toBe(true);

    expect(run0.invocations[0].executionSuccessful).toBe(false);
    expect(run0.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'error', message: { text: expect.stringMatching(/broken\.har: .*truncated/) } }),
    ]);
  });

  it('relative paths stay relative URIs, so code scanning matches them to the repository', async () => {
    const r = await run(['lint', '--format', 'sarif', 'tests/fixtures/corpus/mitmproxy_savehar_websocket.har']);
    const log = JSON.parse(r.stdout);
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'tests/fixtures/corpus/mitmproxy_savehar_websocket.har' }, region: { startLine: 11 } });
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('a clean run is a valid log with no results', async () => {
    const r = await run(['lint', '--format', 'sarif', file('good.txt')]);
    const log = JSON.parse(r.stdout);
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('the validator is not blind: a log with a wrong level or no version fails it', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
    expect(validate({ runs: [] })).toBe(false);
  });

  it.each([
    ['capture.har', 'capture.har'],
    ['dir with space/a#b?.har', 'dir%20with%20space/a%23b%3F.har'],
    ['/abs/x.har', 'file:///abs/x.har'],
    ['C:\\logs\\x.har', 'file:///C:/logs/x.har'],
    // Found by fuzzing: encodeURI threw URIError on a lone surrogate.
    ['a\udc00b.har', 'a%EF%BF%BDb.har'],
    ['\ud83d\ude00.har', '%F0%9F%98%80.har'],
  ])('artifactUri(%j) = %j', (path, uri) => expect(artifactUri(path)).toBe(uri));
});

describe('--format junit', () => {
  const read = (xml: string, name: string) => {
    const path = file(name);
    writeFileSync(path, xml);
    return parseTestResults({ type: 'junit', files: [path] });
  };

  it('well-formed XML that a CI reporter reads: a test per handshake, failures and errors counted', async () => {
    const r = await run(['lint', '--format', 'junit', ...inputs()]);
    expect(r.code).toBe(2);
    expect(XMLValidator.validate(r.stdout)).toBe(true);

    const result = read(r.stdout, 'all.xml');
    // The reader counts an <error> apart from a <failure>, and both as not passed.
    expect(result).toMatchObject({ total: 6, passed: 4, failed: 1, errors: 1 });
    const cases = result.suites.flatMap((s) => s.cases.map((c) => ({ suite: s.name, name: c.name, status: c.status, failure: c.failure })));
    expect(cases.filter((c) => c.status === 'FAIL')).toEqual([
      { suite: file('wrong-accept.txt'), name: 'ws://server.example.com/chat', status: 'FAIL', failure: expect.stringMatching(/Sec-WebSocket-Accept is wrong/) },
      { suite: file('broken.har'), name: file('broken.har'), status: 'FAIL', failure: expect.stringMatching(/truncated/) },
    ]);
    const har = result.suites.find((s) => s.name === MITMPROXY)!;
    expect(har.cases.map((c) => c.name)).toEqual([
      expect.stringMatching(/api_key=.* \/log\/entries\/0$/),
      'https://demo.piesocket.com/v3/channel_123 /log/entries/1',
      expect.stringMatching(/ \/log\/entries\/2$/),
    ]);
  });

  it('--fail-on decides what fails: warn fails the warnings too, never fails nothing', async () => {
    const warn = read((await run(['lint', '--format', 'junit', '--fail-on', 'warn', MITMPROXY])).stdout, 'warn.xml');
    expect(warn).toMatchObject({ total: 3, passed: 1, failed: 2 });
    const never = await run(['lint', '--format', 'junit', '--fail-on', 'never', file('wrong-accept.txt')]);
    expect(never.code).toBe(0);
    expect(read(never.stdout, 'never.xml')).toMatchObject({ total: 1, passed: 1, failed: 0 });
    // The findings are still there for a person reading the report.
    expect(never.stdout).toContain('accept-mismatch');
  });

  it('carries a hostile header value as text: markup escaped, the control character shown, attributes intact', async () => {
    const r = await run(['lint', '--format', 'junit', '--fail-on', 'warn', file('hostile.txt')]);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const document = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false }).parse(r.stdout);
    const testcase = document.testsuites.testsuite.testcase;
    const text = String(testcase.failure['#text']);
    expect(text).toContain('<b>x</b>]]>&"\'\\x0b%0A::error::pwned, a:b');
    expect(testcase['@_file']).toBe(file('hostile.txt'));
  });

  it.each([
    ['a<b>&"\'', 'a&lt;b&gt;&amp;&quot;&apos;'],
    ['bell\u0007 nul\u0000', 'bell\\x07 nul\\x00'],
    ['lone \ud800 surrogate, pair 😀', 'lone \ufffd surrogate, pair 😀'],
  ])('xmlText(%j) = %j', (text, escaped) => expect(xmlText(text)).toBe(escaped));

  it('xmlText is linear on hostile input', () => {
    expectLinear((n) => '\ud800<&\u0001'.repeat(n / 4), (text) => xmlText(text));
  });
});

describe('splitSource', () => {
  it.each([
    ['capture.har#/log/entries/12', { file: 'capture.har', pointer: '/log/entries/12' }],
    ['odd#name.har#/entries/0', { file: 'odd#name.har', pointer: '/entries/0' }],
    ['handshake.txt', { file: 'handshake.txt', pointer: null }],
    ['stdin', { file: null, pointer: null }],
    ['stdin#/log/entries/1', { file: null, pointer: '/log/entries/1' }],
    ['probe', { file: null, pointer: null }],
  ])('%s', (source, expected) => expect(splitSource(source)).toEqual(expected));
});

describe('probe --format', () => {
  const running: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });

  async function probe(args: string[]) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false, env: {} };
    const code = await main(['probe', ...args], io);
    return { code, stdout, stderr };
  }

  it('sarif, junit and github describe the live handshake by its URL', async () => {
    const server = await startServer({ respond: () => switching('dGhlIHNhbXBsZSBub25jZQ==') });
    running.push(server);
    const url = server.url('/chat');

    const sarif = await probe(['--format', 'sarif', url]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'accept-mismatch').locations[0].physicalLocation.artifactLocation.uri).toBe(url);

    const junit = await probe(['--format', 'junit', url]);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    writeFileSync(file('probe.xml'), junit.stdout);
    expect(parseTestResults({ type: 'junit', files: [file('probe.xml')] })).toMatchObject({ total: 1, failed: 1 });

    const github = await probe(['--format', 'github', url]);
    expect(github.stdout).toMatch(new RegExp(`^::error title=accept-mismatch [^:]*::${url.replace(/[.?]/g, '\\$&')}: `, 'm'));
    expect(github.stdout).not.toContain('file=');
    // The transcript is the human format's; machine formats keep stdout to the document.
    expect(github.stdout).not.toContain('> GET /chat');
  });

  it('a probe that gets no answer is an error in each format, and the exit status stays 1', async () => {
    const server = await startServer({ greet: 'SSH-2.0-OpenSSH_9.2\r\n' });
    running.push(server);
    const sarif = await probe(['--format', 'sarif', server.url()]);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    const junit = await probe(['--format', 'junit', server.url()]);
    writeFileSync(file('probe-fail.xml'), junit.stdout);
    // The handshake fails (no-response) and the connection's own message is an error beside it.
    expect(parseTestResults({ type: 'junit', files: [file('probe-fail.xml')] })).toMatchObject({ total: 2, passed: 0, failed: 1, errors: 1 });
  });
});
