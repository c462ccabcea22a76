// The panel's gzip size, read from a built extension (dist/chrome by default),
// in three honest parts:
//  (a) what the panel page loads when it opens: the scripts and styles panel.html
//      names, plus every chunk they import statically (the goal applies here);
//  (b) chunks loaded later with import() (and the CSS those bring), on first use;
//  (c) the import worker: its entry and the chunks it imports.
// Usage: node bench/panel-size.mjs [DIST_DIR]   (panel.bench.mjs imports it).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const GOAL_BYTES = 30 * 1024;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Asset paths relative to the dist root: the built HTML uses `/assets/x.js`, chunks use `./x.js`. */
function resolveAsset(fromFile, spec) {
  if (spec.startsWith('/')) return spec.slice(1);
  if (spec.startsWith('assets/')) return spec;
  return posix.normalize(posix.join(posix.dirname(fromFile), spec));
}

const STATIC_IMPORT = /(?:\bimport|\bfrom|\bexport\s*\*\s*from)\s*["'`]([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;
// Vite's preload helper lists each dynamic chunk's deps (JS and CSS) as plain strings.
const PRELOAD_DEP = /["'`]((?:\.{0,2}\/)?assets\/[^"'`]+\.(?:js|css))["'`]/g;
const WORKER_URL = /new\s+Worker\(\s*new\s+URL\(\s*["'`]([^"'`]+\.js)["'`]/g;

/** Reads the built panel and sorts its assets into initial, lazy and worker, each with gzip -9 sizes. */
export function measurePanelSize(dist) {
  const read = (file) => readFileSync(join(dist, file));
  const gzip = (file) => gzipSync(read(file), { level: 9 }).length;
  const html = read('extension/panel.html').toString('utf8');

  const staticClosure = (roots) => {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!file.endsWith('.js')) return;
      const code = read(file).toString('utf8');
      for (const m of code.matchAll(STATIC_IMPORT)) visit(resolveAsset(file, m[1]));
    };
    roots.forEach(visit);
    return seen;
  };

  // (a) The page: <script src> and <link href> (stylesheets and modulepreloads), then static imports.
  const htmlRefs = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => resolveAsset('extension/panel.html', m[1]));
  const initial = staticClosure(htmlRefs);

  // (b) and (c): walk dynamic imports and worker URLs out from what is loaded, until nothing new appears.
  const lazy = new Set();
  const worker = new Set();
  const scan = (file, into) => {
    if (!file.endsWith('.js')) return [];
    const code = read(file).toString('utf8');
    const found = [];
    for (const m of code.matchAll(WORKER_URL)) found.push(['worker', resolveAsset(file, m[1])]);
    // Worker URLs are strings too: take them out before looking for preload deps.
    const rest = code.replace(WORKER_URL, '');
    for (const m of rest.matchAll(DYNAMIC_IMPORT)) found.push([into, resolveAsset(file, m[1])]);
    for (const m of rest.matchAll(PRELOAD_DEP)) found.push([into, resolveAsset(file, m[1].replace(/^\.?\//, ''))]);
    return found;
  };
  const queue = [...initial].flatMap((f) => scan(f, 'lazy'));
  while (queue.length > 0) {
    const [kind, root] = queue.shift();
    if (!existsSync(join(dist, root))) continue;
    const target = kind === 'worker' ? worker : lazy;
    for (const file of staticClosure([root])) {
      if (target.has(file) || (kind === 'lazy' && initial.has(file))) continue;
      target.add(file);
      queue.push(...scan(file, kind === 'worker' ? 'worker' : 'lazy'));
    }
  }
  const part = (set) => {
    const files = [...set].sort().map((file) => ({ file, gzip: gzip(file), raw: read(file).length }));
    return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0), raw: files.reduce((sum, f) => sum + f.raw, 0) };
  };
  return { initial: part(initial), lazy: part(lazy), worker: part(worker) };
}

export function printPanelSize(size, log = console.log) {
  const show = (title, part) => {
    log(title);
    for (const f of part.files) log(`    ${f.file.padEnd(44)} ${kb(f.gzip).padStart(9)}   (${kb(f.raw)} raw)`);
    if (part.files.length === 0) log('    (none)');
    log(`    ${'total'.padEnd(44)} ${kb(part.gzip).padStart(9)}`);
  };
  log('Panel assets, gzip -9:');
  show('  (a) loaded when the panel opens (panel.html + static imports):', size.initial);
  show('  (b) loaded on first use (dynamic import()):', size.lazy);
  show('  (c) the import worker:', size.worker);
  const met = size.initial.gzip <= GOAL_BYTES;
  log(`  panel at open: ${kb(size.initial.gzip)}   (goal ≤ 30 KB: ${met ? 'met' : 'missed'})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  printPanelSize(measurePanelSize(resolve(process.argv[2] ?? join(root, 'dist/chrome'))));
}
