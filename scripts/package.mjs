// @ts-check
// npm run package (after npm run build): the store uploads, from dist/chrome and dist/firefox.
//   dist/ws-handshake-inspector-chrome-<version>.zip   Chrome Web Store
//   dist/ws-handshake-inspector-edge-<version>.zip     Microsoft Edge Add-ons (the Chrome build: Edge takes it as is)
//   dist/ws-handshake-inspector-firefox-<version>.zip  addons.mozilla.org
//   dist/ws-handshake-inspector-source-<version>.zip   AMO's source submission: what a reviewer rebuilds from (docs/amo-source.md)
// The zips are reproducible: entries sorted, one fixed timestamp, no per-machine attributes, so two
// runs from the same sources give the same bytes (tests/package/reproducible.test.ts checks it).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';

/** Every entry's timestamp. fflate writes DOS time from the local-time fields, so build it from local fields too. */
const FIXED_MTIME = new Date(2026, 0, 1, 0, 0, 0);

/** What a reviewer needs to run `npm ci && npm run package` (docs/amo-source.md); tests and fixtures are not build inputs. */
export const SOURCE_FILES = [
  'LICENSE',
  'README.md',
  'docs/amo-source.md',
  'extension',
  'manifest.json',
  'package-lock.json',
  'package.json',
  'public',
  'scripts',
  'src',
  'store/icon.svg',
  'tsconfig.cli.json',
  'tsconfig.core.json',
  'tsconfig.json',
  'vite.config.ts',
];

/** Nothing of these goes into a store upload. */
const NOT_SHIPPED = [/\.map$/, /(^|\/)\.vite\//, /(^|\/)\.DS_Store$/, /\.test\.[jt]sx?$/, /(^|\/)(tsconfig|vite\.config|vitest\.config|playwright\.config)[^/]*$/];

/** @param {string} path @returns {string[]} */
function walk(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => walk(join(path, name)));
}

/** @param {string} path */
const posixPath = (path) => path.split('\\').join('/');

/**
 * Zip bytes for `files` (archive path → content), entries in code-point order.
 * @param {Map<string, Uint8Array>} files
 */
export function reproducibleZip(files) {
  /** @type {import('fflate').Zippable} */
  const entries = {};
  for (const name of [...files.keys()].sort()) entries[name] = [files.get(name) ?? new Uint8Array(), { mtime: FIXED_MTIME, level: 9, attrs: 0o100644 << 16, os: 3 }];
  return zipSync(entries);
}

/** @param {string} dir */
function extensionFiles(dir) {
  const files = new Map();
  for (const path of walk(dir)) {
    const name = posixPath(relative(dir, path));
    if (/(^|\/)\.vite\//.test(name)) continue; // the bundler's own manifest of chunks
    const refused = NOT_SHIPPED.find((pattern) => pattern.test(name));
    if (refused) throw new Error(`package: ${dir}/${name} must not ship (matches ${refused}); is the build set up to make it?`);
    files.set(name, readFileSync(path));
  }
  return files;
}

function sourceFiles() {
  const files = new Map();
  for (const entry of SOURCE_FILES) {
    if (!existsSync(entry)) throw new Error(`package: ${entry} is missing from the sources`);
    for (const path of walk(entry)) files.set(posixPath(path), readFileSync(path));
  }
  return files;
}

function main() {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  /** @type {Map<string, Map<string, Uint8Array>>} */
  const builds = new Map();
  for (const browser of ['chrome', 'firefox']) {
    const dir = join('dist', browser);
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      console.error(`package: ${manifestPath} is missing; run npm run build first`);
      process.exit(2);
    }
    const built = JSON.parse(readFileSync(manifestPath, 'utf8')).version;
    if (built !== version) {
      console.error(`package: ${manifestPath} has version ${built}, package.json ${version}; run npm run build again`);
      process.exit(2);
    }
    builds.set(browser, extensionFiles(dir));
  }
  const uploads = [
    ['chrome', builds.get('chrome')],
    ['edge', builds.get('chrome')],
    ['firefox', builds.get('firefox')],
    ['source', sourceFiles()],
  ];
  for (const [name, files] of uploads) {
    if (!files || typeof name !== 'string') continue;
    const bytes = reproducibleZip(files);
    const out = join('dist', `ws-handshake-inspector-${name}-${version}.zip`);
    writeFileSync(out, bytes);
    console.log(`package: ${out} (${files.size} files, ${bytes.length} bytes)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
