/**
 * The screenshot driver for Chromium: Debian's Chromium with the built extension (dist/chrome)
 * and DevTools open, through the e2e harness (tests/e2e/harness.ts). The DevTools front-end is
 * undocked (its own window) and laid out at 1280×800 (a device-metrics override on its page, so
 * the window manager does not matter), then captured from the compositor, the panel's frame included.
 * The dark theme is the system's: `--force-dark-mode` makes DevTools' default theme
 * ("match the system") dark, and the extension reads it from devtools.panels.themeName.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { startDemoServers } from '../../src/demo/servers.js';
import { CdpClient, listTargets } from '../../tests/e2e/cdp.js';
import { launchInspector, waitFor } from '../../tests/e2e/harness.js';
import { revealTestId, selectRow } from './panel-actions.js';
import { SCREEN, type DriverFactory, type ScreenshotDriver, type Theme } from './driver.js';

const FRONTEND = 'devtools://devtools/bundled/devtools_app.html';

async function startChromium(theme: Theme): Promise<ScreenshotDriver> {
  const servers = await startDemoServers();
  const inspector = await launchInspector({ args: theme === 'dark' ? ['--force-dark-mode'] : [] }).catch(async (error: unknown) => {
    await servers.close();
    throw error;
  });
  let frontend: CdpClient | null = null;
  const close = async (): Promise<void> => {
    frontend?.close();
    await inspector.close();
    await servers.close();
  };
  try {
    const target = (await listTargets(inspector.debuggingPort)).find((t) => t.type === 'page' && t.url.startsWith(FRONTEND));
    if (!target) throw new Error('no DevTools front-end target');
    frontend = await CdpClient.connect(target);
    // Undocked, the front-end is the whole window; docked, part of it is the inspected page's place.
    await inspector.frontendEvaluate(`(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      UI.DockController.DockController.instance().setDockSide('undocked');
    })()`);
    await frontend.send('Emulation.setDeviceMetricsOverride', { ...SCREEN, deviceScaleFactor: 1, mobile: false });
    const shownTheme = await inspector.frontendEvaluate<string>(`document.documentElement.classList.contains('theme-with-dark-background') ? 'dark' : 'light'`);
    if (shownTheme !== theme) throw new Error(`DevTools shows the ${shownTheme} theme, the scene wants ${theme}`);
    let panelOpen = false;
    const openPanel = async (): Promise<void> => {
      if (panelOpen) return;
      await inspector.openPanel();
      panelOpen = true;
    };
    const client = frontend;

    const driver: ScreenshotDriver = {
      browser: 'chromium',
      urlOf: (name) => servers.urlOf(name),
      async showScenarios(names) {
        await inspector.goto(`${servers.pageUrl}?only=${names.join(',')}`);
        await openPanel();
        const urls = names.map((n) => servers.urlOf(n));
        await waitFor(async () => {
          const rows = await inspector.evaluate<{ url: string; pending: boolean }[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]')]
            .map((r) => ({ url: r.getAttribute('data-url'), pending: r.getAttribute('data-pending') === 'true' }))`);
          return urls.every((url) => rows.some((r) => r.url === url && !r.pending));
        }, { timeout: 60_000, message: `rows for ${names.join(', ')}` });
      },
      async importFiles(files, rows) {
        await openPanel();
        await inspector.evaluate(`(() => {
          const transfer = new DataTransfer();
          for (const f of ${JSON.stringify(files)}) transfer.items.add(new File([f.text], f.name, { type: 'application/json' }));
          const input = document.querySelector('[data-testid="import-input"]');
          input.files = transfer.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        })()`);
        await inspector.waitForRows((r) => r.length === rows, { timeout: 60_000, message: `${rows} imported rows` });
      },
      select: (url) => selectRow(inspector, url),
      reveal: (testId) => revealTestId(inspector, testId),
      async capture(path) {
        // Two frames for the last layout and paint to land.
        await inspector.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`);
        const { data } = await client.send<{ data: string }>('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false, clip: { x: 0, y: 0, ...SCREEN, scale: 1 } });
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, Buffer.from(data, 'base64'));
      },
      close,
    };
    return driver;
  } catch (error) {
    await close();
    throw error;
  }
}

export const chromiumDriver: DriverFactory = { browser: 'chromium', start: startChromium };
