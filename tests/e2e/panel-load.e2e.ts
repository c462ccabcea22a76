/**
 * What the WS Handshakes panel loads, in real Chromium with DevTools open: at
 * open only the entry chunk, its static imports and the base CSS; the detail
 * view, the dialogs and the import code (with their CSS) on first use, styled.
 * Keeps the size split measured by bench/panel-size.mjs true in a browser.
 */
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { listTargets } from './cdp.js';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { launchInspector, waitFor, type Inspector } from './harness.js';

let servers: DemoServers;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startDemoServers({ http2: false });
  // WS_EXTENSION_DIR: a build elsewhere than dist/chrome (while other builds run in the same checkout).
  inspector = await launchInspector(process.env.WS_EXTENSION_DIR ? { extensionDir: process.env.WS_EXTENSION_DIR } : {});
  await inspector.goto(`${servers.pageUrl}?only=good-closes,wrong-accept`);
  await inspector.openPanel();
  await inspector.waitForRows((rows) => rows.length === 2, { message: 'the two live handshakes' });
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

/** Every script the panel frame has parsed: Debugger.enable replays scriptParsed for each, on a second CDP connection. */
async function parsedScripts(): Promise<string[]> {
  const target = (await listTargets(inspector.debuggingPort)).find((t) => /\/extension\/panel\.html/.test(t.url));
  if (!target?.webSocketDebuggerUrl) throw new Error('no panel target with a debugger URL in /json/list');
  const socket = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const urls: string[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: number; method?: string; params?: { url?: string }; error?: { message: string } };
        if (message.method === 'Debugger.scriptParsed' && message.params?.url) urls.push(message.params.url);
        if (message.id === 1) (message.error ? reject(new Error(message.error.message)) : resolve());
      });
      socket.send(JSON.stringify({ id: 1, method: 'Debugger.enable' }));
    });
    return urls;
  } finally {
    socket.close();
  }
}

/** The panel's own scripts (parsed) and stylesheets (linked) so far, as asset file names without their hashes. */
async function loadedAssets(): Promise<string[]> {
  const styles = await inspector.evaluate<string[]>(`[...document.querySelectorAll('link[rel=stylesheet]')].map((e) => e.href)`);
  const urls = [...(await parsedScripts()), ...styles];
  const names = urls.filter((u) => /\/assets\/[^/]+\.(js|css)$/.test(u)).map((u) => u.replace(/^.*\/assets\//, '').replace(/-[\w-]{8}\.(js|css)$/, '.$1'));
  return [...new Set(names)].sort();
}

const LAZY = /^(HandshakeDetail|ExportDialog|PasteForm|ImportStatus|imports|Dialog|CopyButton|import-worker)\./;

test('at open the panel loads its entry, static imports and base CSS only', async () => {
  const loaded = await loadedAssets();
  expect(loaded, 'the entry chunk, the shared main chunk and the base CSS').toEqual(expect.arrayContaining(['panel.js', 'panel-main.js', 'panel-main.css']));
  expect(loaded.filter((name) => LAZY.test(name))).toEqual([]);
  // The base CSS is applied: the toolbar has the DevTools toolbar look.
  expect(await inspector.evaluate<string>(`getComputedStyle(document.querySelector('.toolbar')).display`)).toBe('flex');
});

test('the first selection loads the detail view with its styles', async () => {
  const [row] = await inspector.rows();
  await inspector.select(row!.url);
  await waitFor(() => inspector.text('[data-testid="handshake-detail"]'), { message: 'the detail view' });
  const loaded = await loadedAssets();
  expect(loaded).toEqual(expect.arrayContaining(['HandshakeDetail.js', 'HandshakeDetail.css']));
  expect(loaded.filter((name) => /^(ExportDialog|PasteForm|imports)\./.test(name))).toEqual([]);
  // detail.css arrived with it: the detail pane is a flex column with its bordered findings.
  await waitFor(async () => (await inspector.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="handshake-detail"]')).flexDirection`)) === 'column', {
    message: 'the detail view styled by detail.css',
  });
});

test('Export and Paste load their dialogs with the dialog styles', async () => {
  await inspector.evaluate(`document.querySelector('[data-testid="export-button"]').click()`);
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="export-dialog"][open]')`), { message: 'the export dialog' });
  // dialogs.css: the dialog's button row is a right-aligned flex row.
  await waitFor(async () => (await inspector.evaluate<string>(`getComputedStyle(document.querySelector('.dialog-buttons')).justifyContent`)) === 'flex-end', {
    message: 'the export dialog styled by dialogs.css',
  });
  await inspector.evaluate(`document.querySelector('[data-testid="export-close"]').click()`);
  await inspector.evaluate(`document.querySelector('[data-testid="paste-button"]').click()`);
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="paste-dialog"][open]')`), { message: 'the paste dialog' });
  await inspector.evaluate(`document.querySelector('[data-testid="paste-cancel"]').click()`);
  const loaded = await loadedAssets();
  expect(loaded).toEqual(expect.arrayContaining(['ExportDialog.js', 'PasteForm.js']));
  expect(loaded.some((name) => name.startsWith('Dialog.') && name.endsWith('.css'))).toBe(true);
});

test('the first import loads the import code and its progress and notice styles', async () => {
  await inspector.evaluate(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['GET /x HTTP/1.1\\r\\nHost: a.example\\r\\n\\r\\n'], 'one.txt', { type: 'text/plain' }));
    const input = document.querySelector('[data-testid="import-input"]');
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  })()`);
  await waitFor(() => inspector.text('[data-testid="import-result"], [data-testid="import-error"]'), { message: 'the import notice' });
  const loaded = await loadedAssets();
  expect(loaded).toEqual(expect.arrayContaining(['imports.js', 'ImportStatus.js', 'ImportStatus.css']));
  // import-status.css: notices are flex rows.
  expect(await inspector.evaluate<string>(`getComputedStyle(document.querySelector('.import-notice')).display`)).toBe('flex');
});
