/**
 * The screenshot driver for Firefox: Debian's Firefox ESR headless with the built extension
 * (dist/firefox) and the real DevTools toolbox open, driven over Marionette through the Firefox
 * e2e harness (tests/e2e/firefox/). Firefox has no undocked front-end page to lay out the way
 * Chromium's is, so the picture is the whole 1280×800 browser window as a user sees it: the demo
 * page on top, the toolbox docked at the bottom, made tall enough for the list and the detail.
 * The theme is Firefox's DevTools theme pref (what Settings writes), switched just before the
 * capture, once the panel is drawn (the flow the old docked pictures proved). Measured on ESR 153
 * headless: with a 560 px toolbox the dark pictures came out with the toolbox and parts of the
 * panel painted light although their computed styles were dark, whether the pref was set at
 * startup or switched before the capture; at 470 px they paint right.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scenarioNamed, startDemoServers } from '../../src/demo/servers.js';
import { waitFor } from '../../tests/e2e/harness.js';
import { loadScenarios } from '../../tests/e2e/firefox/demo-page.js';
import { launchFirefoxInspector } from '../../tests/e2e/firefox/inspector.js';
import { revealTestId, selectRow } from './panel-actions.js';
import { SCREEN, type DriverFactory, type ScreenshotDriver, type Theme } from './driver.js';

/** The toolbox's height (px): the panel gets about this minus the toolbox's tab bar. Not taller: see the theme above. */
const TOOLBOX_HEIGHT = 470;

async function startFirefox(theme: Theme): Promise<ScreenshotDriver> {
  const servers = await startDemoServers({ http2: false });
  const inspector = await launchFirefoxInspector({
    dock: 'bottom',
    theme: 'light',
    ...SCREEN,
    prefs: { 'devtools.toolbox.footer.height': TOOLBOX_HEIGHT },
  }).catch(async (error: unknown) => {
    await servers.close();
    throw error;
  });
  const files = await mkdtemp(join(tmpdir(), 'ws-inspector-shots-'));
  const close = async (): Promise<void> => {
    await inspector.close();
    await servers.close();
    await rm(files, { recursive: true, force: true });
  };
  try {
    let panelOpen = false;
    const openPanel = async (): Promise<void> => {
      await inspector.openPanel();
      if (panelOpen) return;
      panelOpen = true;
    };

    const driver: ScreenshotDriver = {
      browser: 'firefox',
      urlOf: (name) => servers.urlOf(name),
      async showScenarios(names) {
        const unreachable = names.filter((name) => scenarioNamed(name).chromiumOnly);
        if (unreachable.length > 0) throw new Error(`Firefox cannot show ${unreachable.join(', ')} (chromiumOnly in src/demo/scenarios.ts): give the scene \`browsers\``);
        // Loads the page again only when Firefox's network monitor lost a handshake (see demo-page.ts).
        await loadScenarios(inspector, servers, names, [], openPanel);
        const urls = names.map((n) => servers.urlOf(n));
        await waitFor(async () => {
          const rows = await inspector.evaluate<{ url: string; pending: boolean }[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]')]
            .map((r) => ({ url: r.getAttribute('data-url'), pending: r.getAttribute('data-pending') === 'true' }))`);
          return urls.every((url) => rows.some((r) => r.url === url && !r.pending));
        }, { timeout: 30_000, message: `settled rows for ${names.join(', ')}` });
      },
      async importFiles(imported, rows) {
        await openPanel();
        // The file picker's path: Marionette fills the panel's (multiple) file input from real files.
        const paths: string[] = [];
        for (const file of imported) {
          const path = join(files, file.name);
          await writeFile(path, file.text);
          paths.push(path);
        }
        await inspector.chooseFile(paths.join('\n'));
        await inspector.waitForRows((r) => r.length === rows, { timeout: 60_000, message: `${rows} imported rows` });
      },
      select: (url) => selectRow(inspector, url),
      reveal: (testId) => revealTestId(inspector, testId),
      async capture(path) {
        // Marionette marks a remote-controlled window with a striped URL bar and a robot icon; a user's Firefox has neither.
        await inspector.chromeEvaluate(`document.documentElement.removeAttribute("remotecontrol"); return true;`);
        if (theme !== 'light') {
          // setTheme waits for the panel to follow; then the toolbox's own class, and a moment for its repaint.
          await inspector.setTheme(theme);
          await waitFor(async () => (await inspector.toolboxState()).theme.includes(`theme-${theme}`), { message: `the toolbox in ${theme}` });
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        const shown = await inspector.evaluate<string | undefined>(`document.documentElement.dataset.theme`);
        if (shown !== theme) throw new Error(`the panel shows the ${String(shown)} theme, the scene wants ${theme}`);
        // Two frames for the last layout and paint to land.
        await inspector.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`);
        const png = await inspector.screenshot();
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, png);
      },
      close,
    };
    return driver;
  } catch (error) {
    await close();
    throw error;
  }
}

export const firefoxDriver: DriverFactory = { browser: 'firefox', start: startFirefox };
