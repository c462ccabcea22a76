/**
 * Runs the real compiled CLI (bin/ws-handshake.js → dist/node) as a child
 * process. `buildCli()` compiles once per test run: parallel test files share
 * a lock directory, and a build newer than every source file is reused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const BIN = join(ROOT, 'bin/ws-handshake.js');
export const CORPUS = join(ROOT, 'tests/fixtures/corpus');
const MAIN = join(ROOT, 'dist/node/cli/main.js');
const LOCK = join(ROOT, 'dist/.cli-build.lock');
const SOURCE_DIRS = ['src/core', 'src/sources', 'src/cli', 'src/demo'].map((d) => join(ROOT, d));

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : name.endsWith('.ts') ? stat.mtimeMs : 0);
  }
  return newest;
}

function isFresh(): boolean {
  return existsSync(MAIN) && statSync(MAIN).mtimeMs >= Math.max(...SOURCE_DIRS.map(newestSource));
}

const sleep = (ms: number): void => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;

/** Compiles src → dist/node with tsconfig.cli.json unless the build is already newer than the sources. */
export function buildCli(): void {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A stale lock (a killed run) is older than any build takes.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmdirSync(LOCK);
      if (Date.now() > deadline) throw new Error(`CLI build lock ${LOCK} held too long`);
      sleep(200);
    }
  }
  try {
    if (isFresh()) return;
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], { cwd: ROOT, encoding: 'utf8' });
    // Type errors still emit JavaScript; `npm run typecheck` is the gate for those.
    if (!existsSync(MAIN)) throw new Error(`tsc -p tsconfig.cli.json produced no ${MAIN}:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmdirSync(LOCK);
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string | Buffer;
  /** Extra environment; NO_COLOR and FORCE_COLOR are removed unless given here. */
  readonly env?: Record<string, string>;
  readonly bin?: string;
  readonly cwd?: string;
}

/** Runs `ws-handshake ARGS` and collects its output. */
export function run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
