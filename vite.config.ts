// One config builds both browsers: `vite build --mode chrome` → dist/chrome,
// `vite build --mode firefox` → dist/firefox. Both manifests come from the one source
// manifest.json; the version is package.json's, so the store uploads and the npm
// package always agree. Edge and other Chromium browsers take the Chrome build.
import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };

/** The add-on's id on addons.mozilla.org: fixed for good once the first version is signed. */
export const FIREFOX_EXTENSION_ID = '{14ea00f8-da81-4fa7-ba1e-f2f624cda18a}';
/**
 * Firefox 140 (ESR) is the first to read `data_collection_permissions`, which AMO
 * requires of new add-ons; it has every feature the code uses
 * (tests/unit/build/browser-versions.test.ts).
 */
export const FIREFOX_MIN_VERSION = '140.0';

type Browser = 'chrome' | 'firefox';

export function manifestFor(browser: Browser): ManifestV3Export {
  const base = { ...manifest, version: pkg.version };
  if (browser === 'chrome') return base as ManifestV3Export;
  const { minimum_chrome_version: _chromeOnly, ...firefox } = base;
  return {
    ...firefox,
    browser_specific_settings: {
      // No gecko_android: Firefox for Android has no DevTools.
      gecko: {
        id: FIREFOX_EXTENSION_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // The extension collects and transmits nothing (store/privacy-policy.md).
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as ManifestV3Export;
}

export default defineConfig(({ command, mode }) => {
  // A store build is a production build whatever NODE_ENV the shell has: with another value
  // Preact's development paths come along, with absolute source paths in the bundle.
  if (command === 'build') process.env.NODE_ENV = 'production';
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    plugins: [preact(), crx({ manifest: manifestFor(browser), browser })],
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // Extension pages load chunks from disk: no modulepreload links or polyfill needed.
      modulePreload: false,
      // The panel page is created at run time by devtools.panels.create, so crxjs
      // does not see it in the manifest: name it here or the build leaves it out.
      rollupOptions: {
        input: { panel: 'extension/panel.html' },
        // What the panel loads at open in one chunk (one gzip stream, no shared-chunk glue); the
        // module the devtools page shares with it stays apart, so that page never loads the panel.
        output: {
          codeSplitting: {
            groups: [
              { name: 'devtools-link', test: /[\\/]sources[\\/]devtools[\\/](link|entry|yield)\.ts$/, priority: 2 },
              { name: 'panel-main', test: /[\\/]src[\\/](panel|core)[\\/]|[\\/]sources[\\/]har[\\/]|[\\/]node_modules[\\/](preact|@preact|@noble)[\\/]/, tags: ['$initial'], priority: 1 },
            ],
          },
        },
      },
    },
    server: { port: 5173, strictPort: false },
  };
});
