/**
 * Screenshots of the WS Handshakes panel in Firefox's real DevTools (for the AMO
 * listing and the README), from the demo servers, never hand-edited:
 *
 *   npm run screenshots:firefox      (builds the extension first)
 *
 * writes store/screenshots/firefox-{bottom,right}-{light,dark}.png: the whole
 * 1280×800 browser window with the toolbox docked at the bottom or on the right,
 * the list of demo handshakes and the detail of a wrong Sec-WebSocket-Accept
 * (the server's actual value next to the expected one, which Firefox shows).
 * Firefox ESR headless, driven over Marionette (tests/e2e/firefox/).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { startDemoServers, type ScenarioName } from '../../src/demo/servers.js';
import { waitFor } from '../../tests/e2e/harness.js';
import { loadScenarios } from '../../tests/e2e/firefox/demo-page.js';
import { firefoxMissing, launchFirefoxInspector, type DockPosition, type FirefoxTheme } from '../../tests/e2e/firefox/inspector.js';

const OUT = fileURLToPath(new URL('../../store/screenshots/', import.meta.url));
/** A mix a user might meet: good ones, a wrong accept, a refusal, proxies and servers getting the headers wrong. */
const SHOWN: readonly ScenarioName[] = [
  'good', 'good-subprotocol-deflate', 'wrong-accept', 'forbidden-403', 'upgrade-not-websocket',
  'protocol-not-offered', 'accept-missing', 'redirect-302', 'connection-without-upgrade', 'server-error-502',
];
const SELECTED: ScenarioName = 'wrong-accept';
const WIDTH = 1280;
const HEIGHT = 800;

test.skip(firefoxMissing() !== null, firefoxMissing() ?? '');

for (const dock of ['bottom', 'right'] as const satisfies readonly DockPosition[]) {
  test(`Firefox, docked ${dock}`, async () => {
    test.setTimeout(180_000);
    const servers = await startDemoServers({ http2: false });
    const inspector = await launchFirefoxInspector({
      dock,
      width: WIDTH,
      height: HEIGHT,
      // Room for the list and the detail: a toolbox as tall (or wide) as a user would drag it for this.
      prefs: { 'devtools.toolbox.footer.height': 470, 'devtools.toolbox.sidebar.width': 620 },
    });
    try {
      await loadScenarios(inspector, servers, SHOWN, [], () => inspector.openPanel());
      await inspector.select(servers.urlOf(SELECTED));
      await waitFor(() => inspector.text('[data-testid="handshake-detail"] [data-testid="actual-accept"]'), { message: 'the detail of the wrong accept' });
      // Marionette marks a remote-controlled window with a striped URL bar; a user's Firefox has none.
      await inspector.chromeEvaluate(`document.documentElement.removeAttribute("remotecontrol"); return true;`);
      await mkdir(OUT, { recursive: true });
      for (const theme of ['light', 'dark'] as const satisfies readonly FirefoxTheme[]) {
        await inspector.setTheme(theme);
        // The toolbox repaints after the panel: wait until its own theme class follows too, then a frame more.
        await waitFor(async () => (await inspector.toolboxState()).theme.includes(`theme-${theme}`), { message: `the toolbox in ${theme}` });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const file = join(OUT, `firefox-${dock}-${theme}.png`);
        await writeFile(file, await inspector.screenshot());
        console.log(`screenshots: ${file}`);
      }
    } finally {
      await inspector.close();
      await servers.close();
    }
  });
}
