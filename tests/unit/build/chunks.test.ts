// How the built panel is split (run after `npm run build`): the devtools page, loaded with every
// DevTools window, never loads the panel's code; the panel page loads the offline UI and the detail
// view only on first use. bench/panel-size.mjs measures the sizes of these parts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = 'dist/chrome';

/** The page's scripts and everything they import statically, as paths under the dist root. */
function staticClosure(htmlPath: string): string[] {
  const html = readFileSync(join(DIST, htmlPath), 'utf8');
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !file.endsWith('.js')) return;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const m of code.matchAll(/(?:\bimport|\bfrom)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) visit(posix.normalize(posix.join(dirname(file), m[1]!)));
  };
  for (const m of html.matchAll(/src="([^"]+\.js)"/g)) visit(m[1]!.startsWith('/') ? m[1]!.slice(1) : posix.normalize(posix.join(dirname(htmlPath), m[1]!)));
  return [...seen];
}

describe.runIf(existsSync(join(DIST, 'manifest.json')))('dist/chrome chunks', () => {
  it("the devtools page loads none of the panel's code", () => {
    const devtoolsPage = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')).devtools_page as string;
    const files = staticClosure(devtoolsPage);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const code = readFileSync(join(DIST, file), 'utf8');
      // Strings only the panel's components and the analysis carry.
      expect(code, file).not.toContain('handshake-row');
      expect(code, file).not.toContain('258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    }
  });

  it('the panel page opens without the detail view, the dialogs and the import code', () => {
    const files = staticClosure('extension/panel.html');
    const code = files.map((file) => readFileSync(join(DIST, file), 'utf8')).join('\n');
    expect(code).toContain('handshake-row');
    expect(code).not.toMatch(/["'`](handshake-detail|export-dialog|paste-dialog|import-progress)["'`]/);
  });
});
