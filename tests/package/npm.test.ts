// The npm package as a user gets it: `npm pack` in a clean checkout (its prepack builds the
// CLI), the tarball installed into a new project that has none of our devDependencies (from
// npm's cache, offline where the cache has what it needs), then the `npx ws-handshake` commands
// and the library import, with its types checked by TypeScript. The transcript is written to
// dist/npx-transcript.txt for the release notes.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ROOT, VERSION, cleanCheckout, removeCheckouts, sh, tempDir } from './checkout.js';

interface PackedFile {
  readonly path: string;
  readonly size: number;
  readonly mode: number;
}
interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

let packed: PackResult;
let tarball: string;
let project: string;
const transcript: string[] = [];

/** Runs a command in the consumer project without blocking the event loop (the probe's server lives in this process). */
function run(command: string, args: readonly string[], cwd = project): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n');
      const shown = lines.length > 30 ? `${lines.slice(0, 12).join('\n')}\n… (${lines.length - 12} more lines)\n` : stdout;
      transcript.push(`$ ${[command, ...args].join(' ')}\n${shown}${stderr ? `[stderr] ${stderr}` : ''}[exit ${code}]\n`);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  const checkout = cleanCheckout('npm-pack');
  const out = tempDir('tarball');
  const result = sh('npm', ['pack', '--json', '--pack-destination', out], checkout);
  // npm prints the prepack build's output before the JSON.
  packed = (JSON.parse(result.stdout.slice(result.stdout.indexOf('[\n'))) as PackResult[])[0]!;
  tarball = join(out, packed.filename);

  project = tempDir('consumer');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  const install = ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball];
  try {
    sh('npm', [...install, '--offline'], project);
    transcript.push(`$ npm install --offline ${packed.filename}\n`);
  } catch {
    // A cache without @noble/hashes: fetch it (the registry is reachable).
    sh('npm', [...install, '--prefer-offline'], project);
    transcript.push(`$ npm install --prefer-offline ${packed.filename}\n`);
  }
});

afterAll(() => {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const files = packed ? packed.files.map((f) => `${String(f.size).padStart(7)}  ${f.path}`).join('\n') : '';
  writeFileSync(
    join(ROOT, 'dist/npx-transcript.txt'),
    `${packed?.filename} (${packed?.size} bytes packed, ${packed?.unpackedSize} unpacked, ${packed?.files.length} files)\n${files}\n\n${transcript.join('\n')}`,
  );
  removeCheckouts();
});

describe('npm pack', () => {
  it('names the tarball after package.json', () => {
    expect(packed.filename).toBe(`ws-handshake-inspector-${VERSION}.tgz`);
  });

  it('holds what runs and nothing else: the compiled JS with its types, the bin, README, LICENSE', () => {
    const paths = packed.files.map((f) => f.path);
    for (const path of paths) expect(path, path).toMatch(/^(package\.json|README\.md|LICENSE|bin\/ws-handshake\.js|dist\/node\/(index|(cli|core|sources)\/[\w/.-]+)\.(js|d\.ts))$/);
    expect(paths).toEqual(expect.arrayContaining(['bin/ws-handshake.js', 'dist/node/cli/main.js', 'dist/node/index.js', 'dist/node/index.d.ts', 'README.md', 'LICENSE']));
    // The demo servers (Playwright, express) and the extension's devtools feed stay out.
    expect(paths.filter((p) => /demo|devtools|\.map$|^src\/|^tests\//.test(p))).toEqual([]);
    expect(packed.unpackedSize).toBeLessThan(1_000_000);
  });

  it('the bin starts with a node shebang and npm installs it as an executable', () => {
    expect(readFileSync(join(ROOT, 'bin/ws-handshake.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(readdirSync(join(project, 'node_modules/.bin'))).toEqual(['ws-handshake']);
  });

  it('package.json is publishable: not private, engines, exports with types, no dev-only fields', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/ws-handshake-inspector/package.json'), 'utf8'));
    expect(pkg.private).toBeUndefined();
    expect(pkg.engines.node).toBe('>=20.19.0');
    expect(pkg.bin).toEqual({ 'ws-handshake': 'bin/ws-handshake.js' });
    expect(pkg.exports['.']).toEqual({ types: './dist/node/index.d.ts', default: './dist/node/index.js' });
  });

  it('installs only its runtime dependencies, none of the extension\'s build tools', () => {
    expect(readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.')).sort()).toEqual(['@noble', 'ws-handshake-inspector']);
    expect(readdirSync(join(project, 'node_modules/@noble'))).toEqual(['hashes']);
  });
});

describe('npx ws-handshake, installed', () => {
  it('accept prints the RFC 6455 example answer', async () => {
    const r = await run('npx', ['--no-install', 'ws-handshake', 'accept', 'dGhlIHNhbXBsZSBub25jZQ==']);
    expect(r).toMatchObject({ code: 0, stdout: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n', stderr: '' });
  });

  it('npx ws-handshake-inspector runs the package\'s one command (the README\'s one-off form)', async () => {
    const r = await run('npx', ['--no-install', 'ws-handshake-inspector', 'accept', 'dGhlIHNhbXBsZSBub25jZQ==']);
    expect(r).toMatchObject({ code: 0, stdout: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=\n' });
  });

  it('--version is package.json\'s', async () => {
    const r = await run('npx', ['--no-install', 'ws-handshake', '--version']);
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('lint judges a HAR (a real mitmproxy export) and exits 0 on warnings', async () => {
    copyFileSync(join(ROOT, 'tests/fixtures/corpus/mitmproxy_savehar_websocket.har'), join(project, 'capture.har'));
    const r = await run('npx', ['--no-install', 'ws-handshake', 'lint', 'capture.har']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('WARN  https://demo.piesocket.com/v3/channel_123?api_key=');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 handshakes: 1 pass, 2 warn, 0 fail');
    const sarif = await run('npx', ['--no-install', 'ws-handshake', 'lint', '--format', 'sarif', 'capture.har']);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(2);
  });

  it('probe performs a handshake with a local server and passes it', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
      const r = await run('npx', ['--no-install', 'ws-handshake', 'probe', '--key', 'dGhlIHNhbXBsZSBub25jZQ==', url]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('< HTTP/1.1 101 Switching Protocols');
      expect(r.stdout).toContain('< Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
      expect(r.stdout).toMatch(new RegExp(`^PASS  ${url.replace(/[.]/g, '\\.')}  101 Switching Protocols  http/1.1$`, 'm'));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the library, installed', () => {
  const program = `import { readFileSync } from 'node:fs';
import { analyze, parseHar, computeAccept, RULES, type Report } from 'ws-handshake-inspector';

const parsed = parseHar(readFileSync('capture.har', 'utf8'), 'capture.har');
if (!parsed.ok) throw new Error(parsed.error);
const reports: Report[] = await analyze(parsed.handshakes);
for (const report of reports) console.log(report.verdict, report.findings.map((f) => \`\${f.rule}:\${RULES[f.rule].severity}\`).join(' '));
console.log(await computeAccept('dGhlIHNhbXBsZSBub25jZQ=='));
`;

  it('type-checks against the shipped declarations (strict, NodeNext)', async () => {
    writeFileSync(join(project, 'check.mts'), program);
    writeFileSync(join(project, 'wrong.mts'), `import { analyze } from 'ws-handshake-inspector';\nconst n: number = await analyze([]);\n`);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', join(ROOT, 'node_modules/@types'), '--types', 'node'];
    const good = await run('node', [tsc, ...flags, 'check.mts']);
    expect(good.stdout + good.stderr).toBe('');
    expect(good.code).toBe(0);
    // The types are real: a wrong use fails.
    const wrong = await run('node', [tsc, ...flags, '--skipLibCheck', 'wrong.mts']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/Type 'Report\[\]' is not assignable to type 'number'/);
  });

  it('runs: import { analyze, parseHar } from \'ws-handshake-inspector\'', async () => {
    writeFileSync(join(project, 'run.mjs'), program.replace(', type Report', '').replace(': Report[]', ''));
    const r = await run('node', ['run.mjs']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual(['warn credentials-in-url:warn', 'pass ', 'warn credentials-in-url:warn', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=', '']);
  });
});
