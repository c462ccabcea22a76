/**
 * `npm start` as a user on a machine without a display runs it: Chromium
 * headless with the extension, DevTools on the demo page, the panel's rows
 * printed once every scenario the page opened is listed; Ctrl-C (SIGINT to the
 * whole process group, as a terminal sends it) stops everything and leaves no
 * temporary Chromium profile behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SCENARIOS } from '../../src/demo/scenarios.js';
import { waitFor } from './harness.js';

const START = join(process.cwd(), 'dist/node/demo/start.js');

const profiles = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('ws-handshake-demo-'));

test('npm start headless lists every scenario it opened, and Ctrl-C removes its Chromium profile', async () => {
  test.skip(!existsSync(START), 'dist/node is not built (npm run build)');
  test.setTimeout(150_000);
  const before = new Set(profiles());
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  // detached: its own process group, so the SIGINT below reaches node and Chromium alike, as a terminal's Ctrl-C does.
  const child = spawn(process.execPath, [START], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitFor(() => out.includes('Press Ctrl-C to stop.'), { timeout: 120_000, interval: 250, message: `npm start to be ready; output so far:\n${out}` });
    const header = /The panel lists (\d+) of the (\d+) handshakes the demo page opened/.exec(out);
    expect(header, out).not.toBeNull();
    // The HTTP/2 scenarios need openssl for the certificate; everything the page opened must be listed.
    expect(Number(header![1]), out).toBe(Number(header![2]));
    expect(Number(header![2])).toBeGreaterThanOrEqual(SCENARIOS.length - 2);
    expect(out).not.toContain('Not listed after');
    expect(out).toContain('Pending on purpose (the server never answers): slow-pending');
    const created = profiles().filter((name) => !before.has(name));
    expect(created).toHaveLength(1);
    process.kill(-child.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000))]);
    expect(code).not.toBe('hung');
    expect(existsSync(join(tmpdir(), created[0]!)), `profile ${created[0]} left behind`).toBe(false);
  } finally {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});
