/**
 * Runs the scenes a browser shows (scenesFor) with its driver, one test each (a fresh browser per
 * scene, so no state from one picture leaks into the next), writes
 * store/screenshots/<browser>/<scene>.png, and checks each file is a 1280×800 PNG.
 * store/screenshots/README.md lists every browser's scenes with their captions (either runner
 * writes the same file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestType } from '@playwright/test';
import { BROWSERS, SCREEN, type DriverFactory } from './driver.js';
import { captionOf, scenesFor } from './scenes.js';

const STORE = fileURLToPath(new URL('../../store/screenshots/', import.meta.url));

export function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** store/screenshots/README.md: a table of each browser's folder. */
export function storeReadme(): string {
  const folders = BROWSERS.map((browser) => {
    const rows = scenesFor(browser).map((s) => `| \`${s.name}.png\` | ${s.theme} | ${captionOf(s, browser)} |`).join('\n');
    return `## \`${browser}/\`\n\n| file | theme | what it shows |\n|---|---|---|\n${rows}\n`;
  });
  return `# Store screenshots

1280×800, made from the demo servers in real DevTools with the built extension, never edited by
hand: \`npm run screenshots\` (Chromium: the undocked DevTools window) and \`npm run screenshots:firefox\`
(Firefox ESR: the browser window with the toolbox docked at the bottom). Re-run them whenever the
panel changes. One folder per browser; the scenes are scripts/screenshots/scenes.ts, the same in
both except where a browser cannot show one (HTTP/2 in headless Firefox) or shows more (Firefox
shows the real response of a handshake it rejects; Chrome hides it).

${folders.join('\n')}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runScenes(test: TestType<any, any>, factory: DriverFactory): void {
  test.describe.configure({ mode: 'serial' });
  for (const scene of scenesFor(factory.browser)) {
    test(scene.name, async ({}, testInfo) => {
      testInfo.setTimeout(180_000);
      const driver = await factory.start(scene.theme);
      try {
        await scene.run(driver);
        const path = `${STORE}${driver.browser}/${scene.name}.png`;
        await driver.capture(path);
        const size = pngSize(path);
        if (size.width !== SCREEN.width || size.height !== SCREEN.height) throw new Error(`${path} is ${size.width}×${size.height}, not ${SCREEN.width}×${SCREEN.height}`);
      } finally {
        await driver.close();
      }
    });
  }
  test('store/screenshots/README.md lists the scenes', () => {
    writeFileSync(`${STORE}README.md`, storeReadme());
  });
}
