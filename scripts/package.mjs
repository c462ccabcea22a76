// @ts-check
// npm run package: zips dist/chrome and dist/firefox into the store uploads named in SPEC.md.
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

for (const browser of ['chrome', 'firefox']) {
  const dir = join('dist', browser);
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.error(`package: ${dir}/manifest.json is missing; run npm run build first`);
    process.exit(2);
  }
  /** @type {Record<string, Uint8Array>} */
  const files = {};
  for (const path of walk(dir)) files[relative(dir, path).split('\\').join('/')] = readFileSync(path);
  const out = join('dist', `ws-handshake-inspector-${browser}-${version}.zip`);
  writeFileSync(out, zipSync(files, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }));
  console.log(`package: ${out} (${Object.keys(files).length} files)`);
}
