// `ws-handshake lint` as users run it: the compiled CLI in a child process, on
// the corpus HARs, raw handshake text, stdin, and broken inputs mixed with good ones.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CORPUS, ROOT, buildCli, run } from './cli.js';

const corpus = (name: string): string => join(CORPUS, name);
const MITMPROXY = corpus('mitmproxy_savehar_websocket.har');
const GATLING = corpus('gatling_chromium32_play-chat.har');
const MSW_101 = corpus('mswjs-source_chrome93-edited_response-status-101.har');
const MSW_304 = corpus('mswjs-source_chrome93-edited_response-status-304.har');
const PCAP_CHAT = corpus('pcap2har_golden_wireshark-websocket-pcap.har');
const PCAP_SEGMENTED = corpus('pcap2har_golden_ipv4-websocket-segmented.har');

// RFC 6455 §1.2 and §1.3, the opening handshake example.
const RFC_EXAMPLE = [
  'GET /chat HTTP/1.1',
  'Host: server.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Origin: http://example.com',
  'Sec-WebSocket-Protocol: chat, superchat',
  'Sec-WebSocket-Version: 13',
  '',
  'HTTP/1.1 101 Switching Protocols',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
  'Sec-WebSocket-Protocol: chat',
  '',
].join('\r\n');

// The same with the accept of another key (python-websockets legacy test, corpus v048).
const BROKEN_ACCEPT = RFC_EXAMPLE.replace('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=', 'n4UuCLd17P4Pc7oywQKX3SX3RdA=');

// Chrome's export of a handshake it refused: status 0, the reason in _webSocketMessages.
const CHROME_REJECTED = JSON.stringify({
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [],
    entries: [
      {
        startedDateTime: '2026-11-22T10:00:00.000Z',
        time: 3,
        _resourceType: 'websocket',
        request: {
          method: 'GET',
          url: 'ws://127.0.0.1:8080/bad-accept',
          httpVersion: '',
          headers: [
            { name: 'Host', value: '127.0.0.1:8080' },
            { name: 'Connection', value: 'Upgrade' },
            { name: 'Upgrade', value: 'websocket' },
            { name: 'Origin', value: 'http://127.0.0.1:8080' },
            { name: 'Sec-WebSocket-Version', value: '13' },
            { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
          ],
        },
        response: { status: 0, statusText: '', httpVersion: '', headers: [], _error: null },
        timings: { send: 0, wait: 3, receive: 0 },
        _webSocketMessages: [
          { type: 'error', time: 1, opcode: -1, data: "Error during WebSocket handshake: Incorrect 'Sec-WebSocket-Accept' header value" },
        ],
      },
    ],
  },
});

let dir: string;
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'ws-handshake-lint-'));
  writeFileSync(file('rfc-example.txt'), RFC_EXAMPLE);
  writeFileSync(file('rfc-example-lf.txt'), RFC_EXAMPLE.replace(/\r\n/g, '\n'));
  writeFileSync(file('broken-accept.txt'), BROKEN_ACCEPT);
  writeFileSync(file('chrome-rejected.har'), CHROME_REJECTED);
  writeFileSync(file('truncated.har'), readFileSync(MITMPROXY, 'utf8').slice(0, 5000));
  writeFileSync(file('junk.bin'), Buffer.from([0x00, 0x13, 0x37, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x03, 0x80]));
  writeFileSync(file('capture.har.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]));
  writeFileSync(file('package.json'), JSON.stringify({ name: 'not-a-har', version: '1.0.0' }));
  writeFileSync(file('notes.txt'), 'nothing to see here\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Human output blocks start with the verdict word at the start of a line. */
const verdicts = (stdout: string): string[] => [...stdout.matchAll(/^(PASS|WARN|FAIL) /gm)].map((m) => m[1]!);

describe('lint on the corpus HARs', () => {
  it('mitmproxy: 3 handshakes, none failing, exit 0', async () => {
    const r = await run(['lint', MITMPROXY]);
    expect(r.code).toBe(0);
    expect(verdicts(r.stdout)).toHaveLength(3);
    expect(verdicts(r.stdout)).not.toContain('FAIL');
    expect(r.stdout).toContain(`${MITMPROXY}#/log/entries/0`);
    expect(r.stdout).toContain('expected PKJZ27lf+8qSfJkNbj0Dn/cgI00=, received PKJZ27lf+8qSfJkNbj0Dn/cgI00= (match)');
    expect(r.stdout).toMatch(/^3 handshakes: \d pass, \d warn, 0 fail$/m);
    expect(r.stderr).toBe('');
  });

  it('masks the api_key and cookies of the mitmproxy capture in every line and in --json; --show-secrets prints them', async () => {
    const secrets = ['VCXCEuvhGcBDP7XhiJJUDvR1e1D3eiVjgZ9VRiaV', 'GA1.1.636013294.1693303610'];
    const text = await run(['lint', MITMPROXY]);
    const json = await run(['lint', '--json', MITMPROXY]);
    for (const secret of secrets.slice(0, 1)) {
      expect(text.stdout).not.toContain(secret);
      expect(json.stdout).not.toContain(secret);
    }
    expect(json.stdout).not.toContain(secrets[1]);
    expect(text.stdout).toContain('api_key=[redacted]');
    const shown = await run(['lint', '--show-secrets', MITMPROXY]);
    expect(shown.stdout).toContain(secrets[0]);
    // The verdicts do not depend on the masking.
    expect(verdicts(shown.stdout)).toEqual(verdicts(text.stdout));
  });

  it.each([MSW_101, MSW_304])('msw trap %s: no handshakes, a note on stderr, exit 0', async (path) => {
    const r = await run(['lint', path]);
    expect(r.code).toBe(0);
    expect(verdicts(r.stdout)).toEqual([]);
    expect(r.stdout).toBe('0 handshakes: 0 pass, 0 warn, 0 fail\n');
    expect(r.stderr).toBe(`ws-handshake: ${path}: no WebSocket handshakes found (1 entry, none a WebSocket handshake)\n`);
  });

  it('gatling Chromium 32: the one WebSocket among 10 entries passes', async () => {
    const r = await run(['lint', GATLING]);
    expect(r.code).toBe(0);
    expect(verdicts(r.stdout)).toEqual(['PASS']);
    expect(r.stdout).toContain('PASS  ws://localhost:9000/room/chat?username=robert  101 Switching Protocols  http/1.1');
    expect(r.stdout).toContain(`${GATLING}#/log/entries/9`);
  });

  it('both pcap2har captures in one run: 2 handshakes, http:// URLs kept', async () => {
    const r = await run(['lint', PCAP_CHAT, PCAP_SEGMENTED]);
    expect(r.code).toBe(0);
    expect(verdicts(r.stdout)).toHaveLength(2);
    expect(verdicts(r.stdout)).not.toContain('FAIL');
    expect(r.stdout).toContain('http://192.168.43.135:12345/');
    expect(r.stdout).toContain('http://spurs.cs.ucla.edu:9696/');
    expect(r.stdout).toMatch(/^2 handshakes: /m);
  });

  it('a Chrome export of a refused handshake: FAIL with the browser reason and the expected accept, exit 1', async () => {
    const r = await run(['lint', file('chrome-rejected.har')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}ws:\/\/127\.0\.0\.1:8080\/bad-accept {2}no response {2}http\/1\.1$/m);
    expect(r.stdout).toContain("browser: Incorrect 'Sec-WebSocket-Accept' header value");
    expect(r.stdout).toContain('accept:  expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, no response seen');
    expect(r.stdout).toContain('accept-mismatch');
  });
});

describe('lint on raw handshake text', () => {
  it.each(['rfc-example.txt', 'rfc-example-lf.txt'])('the RFC 6455 example (%s) passes, exit 0', async (name) => {
    const r = await run(['lint', file(name)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}ws:\/\/server\.example\.com\/chat {2}101 Switching Protocols {2}http\/1\.1$/m);
    expect(r.stdout).toContain('expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, received s3pPLMBiTxaQ9kYGzzhZRbK+xOo= (match)');
    expect(r.stdout).toMatch(/^1 handshake: 1 pass, 0 warn, 0 fail$/m);
  });

  it('a wrong accept fails with the rule, spec, both values and a fix, exit 1', async () => {
    const r = await run(['lint', file('broken-accept.txt')]);
    expect(r.code).toBe(1);
    expect(verdicts(r.stdout)).toEqual(['FAIL']);
    expect(r.stdout).toContain('expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, received n4UuCLd17P4Pc7oywQKX3SX3RdA= (MISMATCH)');
    expect(r.stdout).toMatch(/^ {2}fail {2}accept-mismatch {2}\(RFC 6455 §4\.1[^)]*\)/m);
    expect(r.stdout).toMatch(/^ {8}fix: \S/m);
    expect(r.stdout).toMatch(/^1 handshake: 0 pass, 0 warn, 1 fail$/m);
  });

  it('reads raw text from stdin (-)', async () => {
    const r = await run(['lint', '-'], { input: BROKEN_ACCEPT });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('source:  stdin');
    expect(r.stdout).toContain('accept-mismatch');
  });

  it('reads a HAR from stdin (-) and points into it', async () => {
    const r = await run(['lint', '-'], { input: readFileSync(GATLING) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('source:  stdin#/log/entries/9');
  });

  it('keeps stdin and files in one run, in order', async () => {
    const r = await run(['lint', file('rfc-example.txt'), '-'], { input: BROKEN_ACCEPT });
    expect(r.code).toBe(1);
    expect(verdicts(r.stdout)).toEqual(['PASS', 'FAIL']);
  });
});

describe('--fail-on', () => {
  it('warn: a WARN handshake (credentials in the mitmproxy URL) makes exit 1', async () => {
    const plain = await run(['lint', MITMPROXY]);
    expect(verdicts(plain.stdout)).toContain('WARN');
    expect((await run(['lint', '--fail-on', 'warn', MITMPROXY])).code).toBe(1);
    expect((await run(['lint', '--fail-on=warn', MITMPROXY])).code).toBe(1);
  });

  it('warn: all-PASS input still exits 0', async () => {
    expect((await run(['lint', '--fail-on', 'warn', GATLING, file('rfc-example.txt')])).code).toBe(0);
  });

  it('never: a FAIL handshake exits 0 and is still reported', async () => {
    const r = await run(['lint', '--fail-on', 'never', file('broken-accept.txt')]);
    expect(r.code).toBe(0);
    expect(verdicts(r.stdout)).toEqual(['FAIL']);
  });

  it('fail (the default, also explicit): FAIL exits 1, WARN exits 0', async () => {
    expect((await run(['lint', '--fail-on', 'fail', file('broken-accept.txt')])).code).toBe(1);
    expect((await run(['lint', '--fail-on', 'fail', MITMPROXY])).code).toBe(0);
  });
});

describe('bad inputs next to good ones', () => {
  const bad: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => file('missing.har'), /: no such file$/],
    ['a truncated HAR', () => file('truncated.har'), /: not JSON \(truncated\? unexpected end at byte 5000\)$/],
    ['binary junk', () => file('junk.bin'), /: binary data \(control bytes\), not a HAR or handshake text$/],
    ['a gzip file', () => file('capture.har.gz'), /: binary data \(gzip-compressed; decompress it first\), not a HAR or handshake text$/],
    ['JSON that is not a HAR', () => file('package.json'), /: JSON but not a HAR \(no log\.entries\)$/],
    ['text that is not a handshake', () => file('notes.txt'), /: no HTTP request line .* found$/],
    ['a directory', () => dir, /: is a directory, not a file$/],
  ];

  it.each(bad)('%s: one line on stderr, the good file still reported, exit 2', async (_name, path, reason) => {
    const r = await run(['lint', GATLING, path(), file('broken-accept.txt')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^ws-handshake: ${escape(path())}${reason.source}`));
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(verdicts(r.stdout)).toEqual(['PASS', 'FAIL']);
    expect(r.stdout).toMatch(/^2 handshakes: 1 pass, 0 warn, 1 fail; 1 of 3 inputs could not be read$/m);
  });

  it('all bad inputs at once with --json: each in errors[], the good ones in handshakes[]', async () => {
    const paths = bad.map(([, path]) => path());
    const r = await run(['lint', '--json', ...paths, MITMPROXY]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.handshakes).toHaveLength(3);
    expect(doc.errors.map((e: { source: string }) => e.source)).toEqual(paths);
    doc.errors.forEach((e: { message: string }, i: number) => expect(`: ${e.message}`).toMatch(bad[i]![2]));
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(bad.length);
  });
});

describe('usage errors: one line on stderr, exit 2', () => {
  it.each([
    [[], /^ws-handshake: missing command/],
    [['frobnicate'], /^ws-handshake: unknown command "frobnicate"/],
    [['lint'], /^ws-handshake: lint: give at least one FILE/],
    [['lint', '--fail-on', 'sometimes', 'x.har'], /^ws-handshake: --fail-on wants fail, warn or never, not "sometimes"/],
    [['lint', '--fail-on'], /^ws-handshake: --fail-on wants fail, warn or never$/m],
    [['lint', '--colour', 'x.har'], /^ws-handshake: lint: unknown option --colour/],
    [['lint', '-', '-'], /^ws-handshake: lint: stdin \(-\) can be read only once/],
    [['accept'], /^ws-handshake: accept: give exactly one KEY/],
    [['accept', 'a', 'b'], /^ws-handshake: accept: give exactly one KEY/],
  ])('%j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a file named like an option goes after --', async () => {
    writeFileSync(file('--odd.txt'), RFC_EXAMPLE);
    const r = await run(['lint', '--', '--odd.txt'], { cwd: dir });
    expect(r.code).toBe(0);
  });
});

describe('help, version, accept', () => {
  it('--help prints usage on stdout, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ws-handshake lint [--format F | --json] [--show-secrets] [--fail-on fail|warn|never] FILE...');
    expect(r.stdout).toContain('ws-handshake accept KEY');
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it.each([
    ['dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='], // RFC 6455 §1.3
    ['x3JJHMbDL1EzLkh9GBhXDw==', 'HSmrc0sMlYUkAGmm5OPpG2HaGWk='], // corpus documentation pair
    ['  dGhlIHNhbXBsZSBub25jZQ==  ', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='], // whitespace around the key is not part of it
  ])('accept %j → %s', async (key, accept) => {
    const r = await run(['accept', key]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${accept}\n`);
    expect(r.stderr).toBe('');
  });

  it('accept of a malformed key still prints the value, with a note on stderr', async () => {
    const r = await run(['accept', 'not-a-key']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9+/]{27}=\n$/);
    expect(r.stderr).toContain('is not base64 of 16 bytes');
  });

  it('the bin says how to build when dist/node is missing', async () => {
    const fake = join(dir, 'pkg');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    copyFileSync(BIN, join(fake, 'bin/ws-handshake.js'));
    writeFileSync(join(fake, 'package.json'), '{"type":"module"}');
    const r = await run(['lint', 'x.har'], { bin: join(fake, 'bin/ws-handshake.js') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ws-handshake: the CLI is not built (dist/node is missing): run npm run build:cli\n');
  });
});

describe('colour', () => {
  const ESC = '\u001b';
  it('none when stdout is not a terminal', async () => {
    const r = await run(['lint', file('broken-accept.txt'), MITMPROXY]);
    expect(r.stdout).not.toContain(ESC);
  });

  it('FORCE_COLOR turns it on without a terminal; NO_COLOR wins over it', async () => {
    expect((await run(['lint', file('broken-accept.txt')], { env: { FORCE_COLOR: '1' } })).stdout).toContain(`${ESC}[31m`);
    expect((await run(['lint', file('broken-accept.txt')], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await run(['lint', file('broken-accept.txt')], { env: { FORCE_COLOR: '0' } })).stdout).not.toContain(ESC);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal (script(1) gives a pty): colour, unless NO_COLOR', () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} lint ${JSON.stringify(file('broken-accept.txt'))}`;
    const env = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env });
    expect(tty.stdout).toContain(`${ESC}[31m`);
    const noColour = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
    expect(noColour.stdout).toContain('FAIL');
    expect(noColour.stdout).not.toContain(ESC);
  });

  it('escapes control characters from header values, even with colour on', async () => {
    // JSON carries control characters as escapes, so a HAR can smuggle them into a header value.
    const doc = JSON.parse(CHROME_REJECTED);
    const entry = doc.log.entries[0];
    entry.request.url = 'ws://127.0.0.1:8080/\u001b[2J';
    entry.response = {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: '',
      headers: [{ name: 'Sec-WebSocket-Accept', value: '\u001b[2J\u001b]0;pwned\u0007' }],
    };
    entry._webSocketMessages = [];
    writeFileSync(file('hostile.har'), JSON.stringify(doc));
    const r = await run(['lint', file('hostile.har')], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('FAIL');
    expect(r.stdout).not.toContain(`${ESC}[2J`);
    expect(r.stdout).not.toContain(`${ESC}]0;`);
    expect(r.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
