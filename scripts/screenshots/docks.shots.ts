// npm run screenshots:docks: the panel where a user meets it, in real DevTools with the built
// extension (dist/chrome): docked right at its default split (a ~554 px panel), docked right and
// dragged narrow (270 px), docked at the bottom, and undocked; light and dark. Writes
// docs/screenshots/<theme>-<layout>.png (the README shows some). Never edited by hand.
// SHOTS_EXTENSION_DIR and SHOTS_OUT point it at another build and folder (the before/after
// pictures of a change: build the old commit, shoot it into docs/screenshots/before/).
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';
import { startDemoServers } from '../../src/demo/servers.js';
import type { ScenarioName } from '../../src/demo/scenarios.js';
import { launchInspector, waitFor } from '../../tests/e2e/harness.js';

const OUT = process.env.SHOTS_OUT ? `${process.env.SHOTS_OUT.replace(/\/$/, '')}/` : fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const EXTENSION_DIR = process.env.SHOTS_EXTENSION_DIR;

const MIX: readonly ScenarioName[] = ['good', 'good-subprotocol-deflate', 'wrong-accept', 'upgrade-missing', 'forbidden-403', 'not-found-404', 'server-error-502', 'connection-dropped'];

interface Layout {
  readonly name: string;
  readonly side: 'right' | 'bottom' | 'undocked';
  readonly size?: number;
  readonly select: ScenarioName;
}

const LAYOUTS: readonly Layout[] = [
  { name: 'right-554', side: 'right', size: 554, select: 'wrong-accept' },
  { name: 'right-270', side: 'right', size: 270, select: 'forbidden-403' },
  { name: 'bottom', side: 'bottom', size: 420, select: 'wrong-accept' },
  { name: 'undocked', side: 'undocked', select: 'upgrade-missing' },
];

test.describe.configure({ mode: 'serial' });

for (const theme of ['light', 'dark'] as const) {
  test(`${theme}: right 554, right 270, bottom, undocked`, async () => {
    test.setTimeout(240_000);
    const servers = await startDemoServers({ http2: false });
    // 1108 × 900: docked right at its default split, DevTools gives the panel about 554 × 786 px.
    const inspector = await launchInspector({ ...(EXTENSION_DIR ? { extensionDir: EXTENSION_DIR } : {}), args: ['--window-size=1108,900', ...(theme === 'dark' ? ['--force-dark-mode'] : [])] });
    try {
      await inspector.goto(`${servers.pageUrl}?only=${MIX.join(',')}`);
      await inspector.openPanel();
      const urls = MIX.map((n) => servers.urlOf(n));
      await waitFor(async () => {
        const rows = await inspector.evaluate<{ url: string; pending: boolean }[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]')]
          .map((r) => ({ url: r.getAttribute('data-url'), pending: r.getAttribute('data-pending') === 'true' }))`);
        return urls.every((url) => rows.some((r) => r.url === url && !r.pending));
      }, { timeout: 60_000, message: 'a row for every scenario' });
      await mkdir(OUT, { recursive: true });
      for (const layout of LAYOUTS) {
        await inspector.dock(layout.side, layout.size);
        const url = servers.urlOf(layout.select);
        await inspector.select(url);
        await waitFor(() => inspector.evaluate<boolean>(`document.querySelector('[data-testid="handshake-detail"]')?.getAttribute('data-url') === ${JSON.stringify(url)}`), { message: `the detail of ${layout.select}` });
        await inspector.evaluate(`document.activeElement instanceof HTMLElement && document.activeElement.blur()`);
        await inspector.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`);
        const size = await inspector.panelSize();
        await writeFile(`${OUT}${theme}-${layout.name}.png`, await inspector.screenshot());
        console.log(`${theme}-${layout.name}.png: panel ${size.width}×${size.height}`);
      }
    } finally {
      await inspector.close();
      await servers.close();
    }
  });
}
