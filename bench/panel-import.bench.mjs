// The panel imports a 1 GB HAR (issue 14): main thread never blocked over 100 ms, memory
// bounded. Runs bench/panel/import-1gb.pw.ts in real Chromium with the built extension
// (npm run build:extension first; skipped with a note when there is no build or no Chromium).
// PANEL_IMPORT_GB=0.25 makes the file smaller.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist/chrome/manifest.json'))) {
  process.stdout.write('skipped: no dist/chrome build (npm run build:extension)\n');
} else if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  process.stdout.write('skipped: no Chromium\n');
} else {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--config', join(root, 'bench/panel/playwright.config.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exitCode = r.status ?? 1;
}
