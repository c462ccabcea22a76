// Guards on what ships (run after `npm run build`, as `npm test` does): no
// permissions, a strict CSP, the panel page present, no network or HTML sinks.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BROWSERS = ['chrome', 'firefox'] as const;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe.each(BROWSERS)('dist/%s', (browser) => {
  const dir = join('dist', browser);
  const manifestPath = join(dir, 'manifest.json');

  it('exists (run npm run build first)', () => {
    expect(existsSync(manifestPath), `${manifestPath} is missing: run npm run build`).toBe(true);
  });

  it('asks for no permissions and no host permissions', () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(manifest.permissions ?? []).toEqual([]);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.optional_permissions ?? []).toEqual([]);
  });

  it('keeps a strict CSP: scripts from the extension only', () => {
    const csp: string = JSON.parse(readFileSync(manifestPath, 'utf8')).content_security_policy.extension_pages;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/);
  });

  it('contains the devtools page and the panel page', () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(existsSync(join(dir, manifest.devtools_page))).toBe(true);
    expect(existsSync(join(dir, 'extension/panel.html'))).toBe(true);
  });

  it('carries no path of the machine that built it (a development build would; the zips must be reproducible)', () => {
    for (const file of files(dir)) expect(readFileSync(file, 'latin1'), file).not.toContain(process.cwd());
  });

  it('makes no network requests of its own', () => {
    const scripts = files(dir).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/\bfetch\(|XMLHttpRequest|sendBeacon|new WebSocket\(|EventSource\(/);
    }
  });
});

it('the Firefox build names its add-on id, the Chrome build does not', () => {
  const firefox = JSON.parse(readFileSync('dist/firefox/manifest.json', 'utf8'));
  const chrome = JSON.parse(readFileSync('dist/chrome/manifest.json', 'utf8'));
  // AMO takes a GUID in braces or an email-like id; example.org ids are placeholders.
  expect(firefox.browser_specific_settings?.gecko?.id).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$|^[\w.+-]+@[\w.-]+$/);
  expect(firefox.browser_specific_settings.gecko.id).not.toMatch(/example\.(org|com)/);
  expect(chrome.browser_specific_settings).toBeUndefined();
});

// Header values are untrusted: our own code renders them as text only. (Preact's
// bundled diff mentions innerHTML for dangerouslySetInnerHTML, so check sources.)
it('our sources have no HTML sinks', () => {
  const sources = [...files('src'), ...files('extension')].filter((f) => /\.(ts|tsx)$/.test(f));
  for (const file of sources) {
    const code = readFileSync(file, 'utf8');
    expect(code, file).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write\(/);
  }
});
