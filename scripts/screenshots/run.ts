/**
 * Runs the scenes with a driver, one test each (a fresh browser per scene, so no state from one
 * picture leaks into the next), writes store/screenshots/<browser>/<scene>.png, and checks each
 * file is a 1280×800 PNG. store/screenshots/README.md lists the scenes with their captions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestType } from '@playwright/test';
import { SCREEN, type DriverFactory } from './driver.js';
import { SCENES } from './scenes.js';

const STORE = fileURLToPath(new URL('../../store/screenshots/', import.meta.url));

export function pngSize(path: string): { width: number; height: number } {
  const png = readFileSync(path);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runScenes(test: TestType<any, any>, factory: DriverFactory): void {
  test.describe.configure({ mode: 'serial' });
  for (const scene of SCENES) {
    test(scene.name, async ({}, testInfo) => {
      testInfo.setTimeout(180_000);
      const driver = await factory(scene.theme);
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
    const rows = SCENES.map((s) => `| \`${s.name}.png\` | ${s.theme} | ${s.caption} |`).join('\n');
    writeFileSync(
      `${STORE}README.md`,
      `# Store screenshots\n\n1280×800, made by \`npm run screenshots\` (scripts/screenshots/) from the demo servers in real\nDevTools with the built extension; never edited by hand. Re-run it whenever the panel changes.\nOne folder per browser (\`chromium/\` today); the scenes are scripts/screenshots/scenes.ts.\n\n| file | theme | what it shows |\n|---|---|---|\n${rows}\n`,
    );
  });
}
