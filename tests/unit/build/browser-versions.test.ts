// The oldest browsers the manifests admit (`minimum_chrome_version`, gecko `strict_min_version`)
// are what the code really needs: the newest web-platform feature our sources use, per MDN's
// compatibility data, and the build target. A feature added to the panel that is newer than
// the minimum fails here until the minimum (manifest.json, vite.config.ts) moves with it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../../manifest.json' with { type: 'json' };
import { FIREFOX_MIN_VERSION, manifestFor } from '../../../vite.config.js';

interface Feature {
  readonly name: string;
  /** Where it shows in our TypeScript/TSX or CSS. */
  readonly pattern: RegExp;
  readonly kind: 'script' | 'css';
  /** First version with it (MDN browser-compat-data); null: not supported at all. */
  readonly chrome: number | null;
  readonly firefox: number | null;
}

/** What every build needs whatever the sources use. */
const FLOOR = [
  { name: 'Manifest V3 with devtools_page', chrome: 88, firefox: 109 },
  { name: "build target es2022 (class static blocks, top-level await; vite.config.ts target: 'es2022')", chrome: 94, firefox: 93 },
  { name: 'manifest data_collection_permissions (AMO requires it of new add-ons)', chrome: null, firefox: 140 },
] as const;

const FEATURES: readonly Feature[] = [
  { name: 'crypto.randomUUID()', pattern: /\brandomUUID\(/, kind: 'script', chrome: 92, firefox: 95 },
  { name: 'Object.hasOwn()', pattern: /\bObject\.hasOwn\(/, kind: 'script', chrome: 93, firefox: 92 },
  { name: 'Array.prototype.at()', pattern: /\.at\(-?\d/, kind: 'script', chrome: 92, firefox: 90 },
  { name: 'structuredClone()', pattern: /\bstructuredClone\(/, kind: 'script', chrome: 98, firefox: 94 },
  { name: 'Array.prototype.findLast()', pattern: /\.findLast(Index)?\(/, kind: 'script', chrome: 97, firefox: 104 },
  { name: 'Array.prototype.toSorted() and friends', pattern: /\.(toSorted|toReversed|toSpliced)\(/, kind: 'script', chrome: 110, firefox: 115 },
  { name: 'Object.groupBy() / Map.groupBy()', pattern: /\b(Object|Map)\.groupBy\(/, kind: 'script', chrome: 117, firefox: 119 },
  { name: 'Promise.withResolvers()', pattern: /\bPromise\.withResolvers\(/, kind: 'script', chrome: 119, firefox: 121 },
  { name: 'Set methods (union, intersection…)', pattern: /\.(union|intersection|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(/, kind: 'script', chrome: 122, firefox: 127 },
  { name: 'String.prototype.isWellFormed()', pattern: /\.(isWellFormed|toWellFormed)\(/, kind: 'script', chrome: 111, firefox: 119 },
  { name: 'Array.fromAsync()', pattern: /\bArray\.fromAsync\(/, kind: 'script', chrome: 121, firefox: 115 },
  { name: 'AbortSignal.any()', pattern: /\bAbortSignal\.any\(/, kind: 'script', chrome: 116, firefox: 124 },
  { name: 'AbortSignal.timeout()', pattern: /\bAbortSignal\.timeout\(/, kind: 'script', chrome: 103, firefox: 100 },
  { name: 'Promise.try()', pattern: /\bPromise\.try\(/, kind: 'script', chrome: 128, firefox: 134 },
  { name: 'RegExp v flag', pattern: /\/[dgimsuy]*v[dgimsuy]*\s*[,;)\]]/, kind: 'script', chrome: 112, firefox: 116 },
  { name: 'Intl.Segmenter', pattern: /\bIntl\.Segmenter\b/, kind: 'script', chrome: 87, firefox: 125 },
  { name: 'module workers (new Worker(…, { type: module }))', pattern: /new Worker\(/, kind: 'script', chrome: 80, firefox: 114 },
  { name: 'CompressionStream / DecompressionStream', pattern: /\b(Dec|C)ompressionStream\b/, kind: 'script', chrome: 80, firefox: 113 },
  { name: 'Element.checkVisibility()', pattern: /\.checkVisibility\(/, kind: 'script', chrome: 105, firefox: 106 },
  { name: 'the popover attribute', pattern: /\bpopover[=:]|showPopover\(|togglePopover\(/, kind: 'script', chrome: 114, firefox: 125 },
  { name: 'HTMLDialogElement.showModal()', pattern: /\.showModal\(/, kind: 'script', chrome: 37, firefox: 98 },
  { name: 'ResizeObserver', pattern: /\bResizeObserver\b/, kind: 'script', chrome: 64, firefox: 69 },
  { name: 'BroadcastChannel', pattern: /\bBroadcastChannel\b/, kind: 'script', chrome: 54, firefox: 38 },
  { name: 'Blob.stream()', pattern: /\.stream\(\)/, kind: 'script', chrome: 76, firefox: 69 },
  { name: 'scheduler.yield()', pattern: /\bscheduler\.yield\(/, kind: 'script', chrome: 129, firefox: null },
  { name: 'color-mix()', pattern: /\bcolor-mix\(/, kind: 'css', chrome: 111, firefox: 113 },
  { name: 'oklch() / oklab()', pattern: /\bokl(ch|ab)\(/, kind: 'css', chrome: 111, firefox: 113 },
  { name: 'light-dark()', pattern: /\blight-dark\(/, kind: 'css', chrome: 123, firefox: 120 },
  { name: ':has()', pattern: /:has\(/, kind: 'css', chrome: 105, firefox: 121 },
  { name: 'CSS nesting', pattern: /\{[^{}]*&[^{}]*\{/, kind: 'css', chrome: 120, firefox: 117 },
  { name: 'container queries', pattern: /@container\b|container-type:/, kind: 'css', chrome: 105, firefox: 110 },
  { name: '@layer', pattern: /@layer\b/, kind: 'css', chrome: 99, firefox: 97 },
  { name: '@starting-style', pattern: /@starting-style\b/, kind: 'css', chrome: 117, firefox: 129 },
  { name: 'field-sizing', pattern: /\bfield-sizing:/, kind: 'css', chrome: 123, firefox: null },
  { name: 'text-wrap: balance / pretty', pattern: /\btext-wrap(-style)?:\s*(balance|pretty)/, kind: 'css', chrome: 114, firefox: 121 },
  { name: 'scrollbar-color / scrollbar-width', pattern: /\bscrollbar-(color|width):/, kind: 'css', chrome: 121, firefox: 64 },
  { name: 'scrollbar-gutter', pattern: /\bscrollbar-gutter:/, kind: 'css', chrome: 94, firefox: 97 },
  { name: 'dynamic viewport units (dvh, svh, lvh)', pattern: /\d(d|s|l)v(h|w)\b/, kind: 'css', chrome: 108, firefox: 101 },
  { name: 'content-visibility', pattern: /\bcontent-visibility:/, kind: 'css', chrome: 85, firefox: 125 },
  { name: 'accent-color', pattern: /\baccent-color:/, kind: 'css', chrome: 93, firefox: 92 },
  { name: 'aspect-ratio', pattern: /\baspect-ratio:/, kind: 'css', chrome: 88, firefox: 89 },
  { name: 'inset', pattern: /(^|[\s;{])inset:/, kind: 'css', chrome: 87, firefox: 66 },
  { name: ':focus-visible', pattern: /:focus-visible\b/, kind: 'css', chrome: 86, firefox: 85 },
  { name: ':is() / :where()', pattern: /:(is|where)\(/, kind: 'css', chrome: 88, firefox: 78 },
];

/** The code that runs in the extension: the shells, the panel and what they import. */
const EXTENSION_SOURCES = ['extension', 'src/panel', 'src/core', 'src/sources/har', 'src/sources/devtools', 'src/sources/raw.ts', 'src/sources/sniff.ts'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

/** Source text with comments removed, so a comment mentioning a feature does not count. */
function code(file: string): string {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.css') ? text.replace(/\/\*[\s\S]*?\*\//g, '') : text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

function usedFeatures(): { feature: Feature; file: string }[] {
  const sources = EXTENSION_SOURCES.flatMap(files).filter((f) => /\.(ts|tsx|css)$/.test(f));
  const used: { feature: Feature; file: string }[] = [];
  for (const feature of FEATURES) {
    const file = sources.find((f) => (feature.kind === 'css') === f.endsWith('.css') && feature.pattern.test(code(f)));
    if (file) used.push({ feature, file });
  }
  return used;
}

const newest = (versions: readonly (number | null)[]): number => Math.max(...versions.map((v) => v ?? 0));

describe('the minimum browser versions', () => {
  const used = usedFeatures();

  it('the table finds what the sources use (it is not blind)', () => {
    expect(used.map((u) => u.feature.name)).toEqual(expect.arrayContaining(['crypto.randomUUID()', 'BroadcastChannel', 'module workers (new Worker(…, { type: module }))']));
  });

  it('vite.config.ts builds for the es2022 target the floor assumes', () => {
    expect(readFileSync('vite.config.ts', 'utf8')).toMatch(/target:\s*'es2022'/);
  });

  it('Chrome: minimum_chrome_version is exactly the newest feature used (no older Chrome can run it, no newer one is asked for)', () => {
    const needed = newest([...FLOOR.map((f) => f.chrome), ...used.map((u) => u.feature.chrome)]);
    const why = [...FLOOR, ...used.map((u) => ({ ...u.feature, name: `${u.feature.name} (${u.file})` }))]
      .filter((f) => f.chrome === needed)
      .map((f) => f.name);
    expect(Number(manifest.minimum_chrome_version), `needed by ${why.join(', ')}`).toBe(needed);
    expect(used.filter((u) => u.feature.chrome === null).map((u) => u.feature.name), 'features Chrome lacks').toEqual([]);
  });

  it(`Firefox: strict_min_version ${FIREFOX_MIN_VERSION} covers every feature used`, () => {
    const needed = newest([...FLOOR.map((f) => f.firefox), ...used.map((u) => u.feature.firefox)]);
    const gecko = (manifestFor('firefox') as { browser_specific_settings: { gecko: { strict_min_version: string } } }).browser_specific_settings.gecko;
    expect(gecko.strict_min_version).toBe(FIREFOX_MIN_VERSION);
    expect(Number.parseFloat(FIREFOX_MIN_VERSION)).toBe(needed);
    expect(used.filter((u) => u.feature.firefox === null).map((u) => u.feature.name), 'features Firefox lacks').toEqual([]);
  });
});
