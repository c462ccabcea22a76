/**
 * Starts Debian's Firefox ESR headless with Marionette on a fresh temp profile
 * and returns a connected client with a session.
 *
 * - `--marionette` starts the server; `marionette.port = 0` lets the OS choose the
 *   port, which Firefox writes to `<profile>/MarionetteActivePort` once listening.
 * - `--remote-allow-system-access` is required for Marionette's chrome context
 *   (the toolbox lives there); without it SetContext("chrome") is refused.
 * - The moz-extension UUID is pinned with `extensions.webextensions.uuids`, so
 *   the panel's URL is known in advance.
 * - Firefox runs in its own process group; `stop()` asks it to quit, then kills
 *   that group (by its id) and removes the profile.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Marionette } from './marionette.js';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const EXTENSION_UUID = '7e3c9a52-5b1e-4d0a-9f7e-2a1b3c4d5e6f';

export type DockPosition = 'bottom' | 'right' | 'left' | 'window';
export type FirefoxTheme = 'light' | 'dark';

export interface FirefoxOptions {
  readonly dock?: DockPosition;
  readonly theme?: FirefoxTheme;
  /** The browser window's size (headless: inner = outer). */
  readonly width?: number;
  readonly height?: number;
  readonly prefs?: Readonly<Record<string, string | number | boolean>>;
  /** The add-on's id (its manifest's browser_specific_settings.gecko.id), to pin its moz-extension UUID. */
  readonly extensionId?: string;
}

export interface RunningFirefox {
  readonly marionette: Marionette;
  readonly pid: number;
  /** The last lines Firefox printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Firefoxes started by this process: killed (by process group id) if it exits first. */
const running = new Map<number, string>();
process.on('exit', () => {
  for (const [pgid, profile] of running) {
    try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
    try { rmSync(profile, { recursive: true, force: true }); } catch { /* gone */ }
  }
});

/** user.js. Marionette adds its own "recommended" prefs on top. */
function profilePrefs(options: FirefoxOptions): Record<string, string | number | boolean> {
  return {
    'marionette.port': 0,
    'devtools.toolbox.host': options.dock ?? 'bottom',
    'devtools.theme': options.theme ?? 'light',
    'devtools.toolbox.splitconsole.open': false,
    'devtools.everOpened': true,
    'devtools.netmonitor.persistlog': false,
    'devtools.webconsole.input.editorOnboarding': false,
    'xpinstall.signatures.required': false,
    'extensions.autoDisableScopes': 0,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    ...(options.extensionId === undefined ? {} : { 'extensions.webextensions.uuids': JSON.stringify({ [options.extensionId]: EXTENSION_UUID }) }),
    // No first-run pages, telemetry, updates, studies or background fetches.
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.startup.page': 0,
    'browser.startup.homepage': 'about:blank',
    'browser.newtabpage.enabled': false,
    'browser.aboutwelcome.enabled': false,
    'startup.homepage_welcome_url': 'about:blank',
    'browser.tabs.warnOnClose': false,
    'browser.warnOnQuit': false,
    'browser.sessionstore.resume_from_crash': false,
    'browser.uitour.enabled': false,
    'browser.discovery.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.region.network.url': '',
    'browser.search.geoip.url': '',
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.server': '',
    'app.update.enabled': false,
    'app.update.auto': false,
    'app.normandy.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'identity.fxaccounts.enabled': false,
    'media.gmp-manager.url': '',
    'extensions.blocklist.enabled': false,
    'security.sandbox.content.level': 2,
    ...options.prefs,
  };
}

const userJs = (prefs: Record<string, unknown>): string =>
  Object.entries(prefs).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`).join('\n') + '\n';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function launchFirefox(options: FirefoxOptions = {}): Promise<RunningFirefox> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox not found at ${FIREFOX_PATH} (set FIREFOX_PATH)`);
  const width = options.width ?? 1280;
  const height = options.height ?? 900;
  const profile = await mkdtemp(join(tmpdir(), 'ws-inspector-firefox-'));
  await writeFile(join(profile, 'user.js'), userJs(profilePrefs(options)));
  const child = spawn(FIREFOX_PATH, [
    '--headless', '--marionette', '--remote-allow-system-access', '--no-remote', '--new-instance',
    '--profile', profile, '--width', String(width), '--height', String(height), 'about:blank',
  ], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOZ_HEADLESS: '1', MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS_WIDTH: String(width), MOZ_HEADLESS_HEIGHT: String(height) },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${FIREFOX_PATH}`);
  running.set(pid, profile);
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(chunk.toString('utf8'));
    if (lines.length > 300) lines.splice(0, lines.length - 300);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const output = (): string => lines.join('').split('\n').slice(-40).join('\n');
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));

  const killGroup = async (): Promise<void> => {
    // Content processes may outlive the parent for a moment: the whole group, by its id.
    const signal = (name: NodeJS.Signals): void => { try { process.kill(-pid, name); } catch { /* gone */ } };
    if (!exited) {
      signal('SIGTERM');
      await Promise.race([exit, sleep(5_000)]);
    }
    signal('SIGKILL');
    running.delete(pid);
    await rm(profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  };

  let marionette: Marionette | null = null;
  try {
    const portFile = join(profile, 'MarionetteActivePort');
    const deadline = Date.now() + 60_000;
    let port = 0;
    while (!port) {
      if (exited) throw new Error(`Firefox exited before Marionette listened:\n${output()}`);
      if (Date.now() > deadline) throw new Error(`no ${portFile} after 60 s:\n${output()}`);
      if (existsSync(portFile)) port = Number((await readFile(portFile, 'utf8')).trim()) || 0;
      if (!port) await sleep(100);
    }
    const client = await Marionette.connect(port);
    marionette = client;
    await client.newSession({ 'moz:webdriverClick': true, timeouts: { script: 60_000, pageLoad: 60_000, implicit: 0 } });
    let stopped = false;
    return {
      marionette: client,
      pid,
      output,
      async stop() {
        if (stopped) return;
        stopped = true;
        // Quit needs the live session (a DeleteSession first would make it fail).
        await client.quit().catch(() => {});
        client.close();
        await Promise.race([exit, sleep(8_000)]);
        await killGroup();
      },
    };
  } catch (error) {
    marionette?.close();
    await killGroup();
    throw error;
  }
}
