/**
 * Clean checkouts for the packaging tests: the repository's files (tracked, plus new files not
 * ignored, so uncommitted work is tested too) copied to a fresh folder, with node_modules
 * linked rather than installed (the machine has no registry to spare for `npm ci` per test).
 * Nothing from the working copy's dist/ comes along.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The files a clean clone has (git), or null outside a git checkout. */
function checkoutFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed (the packaging tests need a git checkout): ${listed.stderr}`);
  // Deleted-but-tracked files are listed too; node_modules is a link in worktrees.
  return listed.stdout.split('\0').filter((f) => f && f !== 'node_modules' && !f.startsWith('node_modules/') && existsSync(join(ROOT, f)));
}

const made: string[] = [];

/** A fresh copy of the repository at a new path; removed by `removeCheckouts()`. */
export function cleanCheckout(label: string, files: readonly string[] = checkoutFiles(), from = ROOT): string {
  const dir = mkdtempSync(join(tmpdir(), `ws-inspector-${label}-`));
  made.push(dir);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(from, file), join(dir, file));
  }
  linkNodeModules(dir);
  return dir;
}

export function linkNodeModules(dir: string): void {
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'), 'dir');
}

export function removeCheckouts(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Temporary folders the test removes with the checkouts. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ws-inspector-${label}-`));
  made.push(dir);
  return dir;
}

/** Runs a command to completion, throwing with its output when it fails. */
export function sh(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The uploads `npm run package` writes. */
export const UPLOADS = ['chrome', 'edge', 'firefox', 'source'].map((name) => `dist/ws-handshake-inspector-${name}-${VERSION}.zip`);
