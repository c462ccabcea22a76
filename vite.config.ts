// One config builds both browsers: `vite build --mode chrome` → dist/chrome,
// `vite build --mode firefox` → dist/firefox (the Firefox manifest is derived
// from the one source manifest.json).
import { defineConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };

export const FIREFOX_EXTENSION_ID = 'ws-handshake-inspector@example.org';

function manifestFor(browser: 'chrome' | 'firefox'): ManifestV3Export {
  if (browser === 'chrome') return manifest as ManifestV3Export;
  return {
    ...manifest,
    browser_specific_settings: { gecko: { id: FIREFOX_EXTENSION_ID, strict_min_version: '128.0' } },
  } as ManifestV3Export;
}

export default defineConfig(({ mode }) => {
  const browser = mode === 'firefox' ? 'firefox' : 'chrome';
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
              { name: 'devtools-link', test: /[\\/]sources[\\/]devtools[\\/](link|entry)\.ts$/, priority: 2 },
              { name: 'panel-main', test: /[\\/]src[\\/](panel|core)[\\/]|[\\/]sources[\\/]har[\\/]|[\\/]node_modules[\\/](preact|@preact|@noble)[\\/]/, tags: ['$initial'], priority: 1 },
            ],
          },
        },
      },
    },
    server: { port: 5173, strictPort: false },
  };
});
