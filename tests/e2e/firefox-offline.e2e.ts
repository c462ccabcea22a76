/**
 * Offline analysis in the WS Handshakes panel inside Firefox's toolbox: a HAR
 * chosen in the file picker (a real file, through Marionette), dropped files,
 * bad files, a pasted handshake (the Paste button, and Ctrl+V with the system
 * clipboard), and exports that Firefox really saves to its download folder
 * (JSON, Markdown, HAR) or copies to the system clipboard, masked by default.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { analyze } from '../../src/core/analyze.js';
import { parseHar } from '../../src/sources/har/parse.js';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { waitFor } from './harness.js';
import { loadScenarios } from './firefox/demo-page.js';
import { firefoxMissing, Keys, launchFirefoxInspector, type FirefoxInspector } from './firefox/inspector.js';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const corpus = (name: string): string => readFileSync(join(CORPUS, name), 'utf8');
const MITM = 'mitmproxy_savehar_websocket.har';
const PCAP = 'pcap2har_golden_wireshark-websocket-pcap.har';
// Secrets in the mitmproxy capture: the api_key query parameter and the _ga cookies.
const MITM_SECRETS = ['VCXCEuvhGcBDP7XhiJJUDvR1e1D3eiVjgZ9VRiaV', 'GA1.1.636013294.1693303610'];
const PASTE_TOKEN = 'QUERY-ff-5e6f7a';
const PASTED = [
  `GET /live?room=3&token=${PASTE_TOKEN} HTTP/1.1`,
  'Host: chat.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Protocol: chat',
  '',
  'HTTP/1.1 101 Switching Protocols',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
  'Sec-WebSocket-Protocol: superchat',
  '',
].join('\n'); // typed into the textarea: a newline per line, as a textarea holds it

interface PanelRow {
  url: string;
  verdict: string;
  rules: string;
  origin: string | null;
}

test.skip(firefoxMissing() !== null, firefoxMissing() ?? '');
test.describe.configure({ mode: 'serial' });

let servers: DemoServers;
let inspector: FirefoxInspector;
let downloads: string;
let files: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  servers = await startDemoServers({ http2: false });
  downloads = await mkdtemp(join(tmpdir(), 'ws-inspector-ff-downloads-'));
  files = await mkdtemp(join(tmpdir(), 'ws-inspector-ff-files-'));
  inspector = await launchFirefoxInspector({
    prefs: {
      // Save downloads straight into a folder the test reads, without asking or opening the downloads panel.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      'browser.download.start_downloads_in_tmp_dir': false,
    },
  });
  await inspector.goto(`${servers.pageUrl}?only=`);
  await inspector.openPanel();
  await loadScenarios(inspector, servers, ['good-closes', 'wrong-accept']);
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
  for (const dir of [downloads, files]) if (dir) await rm(dir, { recursive: true, force: true });
});

const panelRows = (): Promise<PanelRow[]> =>
  inspector.evaluate<PanelRow[]>(`[...document.querySelectorAll('[data-testid="handshake-row"]')].map((row) => ({
    url: row.dataset.url, verdict: row.dataset.verdict, rules: row.dataset.rules ?? '',
    origin: row.querySelector('.origin-tag')?.textContent ?? null,
  }))`);

const waitForRowCount = (n: number): Promise<PanelRow[]> =>
  waitFor(async () => {
    const rows = await panelRows();
    return rows.length === n ? rows : null;
  }, { message: `${n} rows` });

async function expectedRows(name: string): Promise<Array<Omit<PanelRow, 'origin'>>> {
  const parsed = parseHar(corpus(name), name);
  if (!parsed.ok) throw new Error(parsed.error);
  return (await analyze(parsed.handshakes)).map((r) => ({ url: r.url, verdict: r.verdict, rules: r.findings.map((f) => f.rule).join(' ') }));
}

const notice = (kind: 'import-result' | 'import-error', name: string): Promise<string> =>
  waitFor(
    () => inspector.evaluate<string | null>(`document.querySelector('[data-testid="${kind}"][data-name=${JSON.stringify(name)}]')?.textContent ?? null`),
    { message: `${kind} for ${name}` },
  );

const dialogOpen = (testid: string): Promise<boolean> => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="${testid}"][open]')`);

/** A file Firefox finished saving in the download folder whose name matches. */
async function downloaded(name: RegExp, before: readonly string[]): Promise<{ fileName: string; text: string }> {
  return waitFor(async () => {
    const fresh = (await readdir(downloads)).filter((f) => !before.includes(f) && name.test(f) && !f.endsWith('.part'));
    if (fresh.length !== 1) return null;
    const path = join(downloads, fresh[0]!);
    const size = (await stat(path)).size;
    await new Promise((resolve) => setTimeout(resolve, 200));
    if ((await stat(path)).size !== size || size === 0) return null;
    return { fileName: fresh[0]!, text: await readFile(path, 'utf8') };
  }, { timeout: 20_000, message: `a download named like ${name}` });
}

/** Opens Export, picks the format, optionally turns redaction off, and saves. */
async function exportFile(kind: string, name: RegExp, options: { redact?: boolean } = {}): Promise<{ fileName: string; text: string }> {
  const before = await readdir(downloads);
  await inspector.clickTestId('export-button');
  await waitFor(() => dialogOpen('export-dialog'), { message: 'the export dialog' });
  expect(await inspector.evaluate<boolean>(`document.querySelector('[data-testid="export-redact"]').checked`)).toBe(true);
  await inspector.clickTestId(`export-kind-${kind}`);
  if (options.redact === false) await inspector.clickTestId('export-redact');
  await inspector.clickTestId('export-download');
  const file = await downloaded(name, before);
  await inspector.clickTestId('export-close');
  return file;
}

test('a HAR chosen in the file picker lists its handshakes with the CLI verdicts, marked with the file name, beside the live rows', async () => {
  await inspector.chooseFile(join(CORPUS, MITM));
  expect(await notice('import-result', MITM)).toContain(`Imported ${MITM} (3 handshakes)`);
  expect(await inspector.evaluate<string>(`document.querySelector('[data-testid="import-result"]').dataset.runner`)).toBe('worker');
  const rows = await waitForRowCount(5);
  expect(rows.filter((r) => r.origin === MITM).map(({ origin: _o, ...r }) => r)).toEqual(await expectedRows(MITM));
  expect(rows.filter((r) => r.origin === null).map((r) => r.url).sort()).toEqual([servers.urlOf('good-closes'), servers.urlOf('wrong-accept')].sort());
});

test('a HAR dropped on the panel is imported too', async () => {
  await inspector.evaluate(`(async () => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(corpus(PCAP))}], ${JSON.stringify(PCAP)}, { type: 'application/json' }));
    const target = document.querySelector('[data-testid="handshake-row"]');
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    return true;
  })()`);
  expect(await notice('import-result', PCAP)).toContain('Imported');
  const rows = await waitForRowCount(6);
  expect(rows.filter((r) => r.origin === PCAP).map(({ origin: _o, ...r }) => r)).toEqual(await expectedRows(PCAP));
});

test('a bad file is named with its problem and the list stays as it was', async () => {
  const before = await panelRows();
  const path = join(files, 'notes.har');
  await writeFile(path, 'this is not JSON at all');
  await inspector.chooseFile(path);
  const text = await notice('import-error', 'notes.har');
  expect(text).toContain('Could not import notes.har');
  expect(text).toMatch(/not JSON \(starts with "this is not JSON at all"\)/);
  expect(await panelRows()).toEqual(before);
  await inspector.clickTestId('import-dismiss');
});

test('a pasted raw handshake (the Paste button) is analysed like a capture', async () => {
  await inspector.clickTestId('paste-button');
  await waitFor(() => dialogOpen('paste-dialog'), { message: 'the paste dialog' });
  await inspector.type('[data-testid="paste-text"]', PASTED);
  await inspector.clickTestId('paste-submit');
  await waitFor(async () => !(await dialogOpen('paste-dialog')), { message: 'the dialog to close' });
  const rows = await waitForRowCount(7);
  const pasted = rows.find((r) => r.origin?.startsWith('paste'));
  expect(pasted).toMatchObject({ url: `ws://chat.example.com/live?room=3&token=${PASTE_TOKEN}`, verdict: 'fail' });
  expect(pasted!.rules.split(' ')).toContain('protocol-not-offered');
});

test('Ctrl+V in the list opens the paste dialog with the system clipboard’s text; Cancel adds nothing', async () => {
  const before = await panelRows();
  await inspector.writeClipboard('HTTP/1.1 400 Bad Request\nContent-Length: 0\n');
  await inspector.press([Keys.Control, 'v'], { focus: '[data-testid="handshake-list"]' });
  const text = await waitFor(
    () => inspector.evaluate<string | null>(`document.querySelector('[data-testid="paste-dialog"][open] [data-testid="paste-text"]')?.value ?? null`),
    { message: 'the paste dialog with the clipboard text' },
  );
  expect(text).toBe('HTTP/1.1 400 Bad Request\nContent-Length: 0\n');
  await inspector.clickTestId('paste-cancel');
  await waitFor(async () => !(await dialogOpen('paste-dialog')), { message: 'the dialog to close' });
  expect(await panelRows()).toEqual(before);
});

test('JSON export, saved by Firefox: the CLI schema, secrets masked by default, present when redaction is turned off', async () => {
  const masked = await exportFile('json', /^ws-handshakes-\d{8}-\d{6}\.json$/);
  const document = JSON.parse(masked.text) as { tool: string; handshakes: Array<{ verdict: string }> };
  expect(document.tool).toBe('ws-handshake');
  const rows = await panelRows();
  expect(document.handshakes.map((h) => h.verdict)).toEqual(rows.map((r) => r.verdict));
  for (const secret of [...MITM_SECRETS, PASTE_TOKEN]) expect(masked.text).not.toContain(secret);
  expect(masked.text).toContain('token=[redacted]');
  const plain = await exportFile('json', /^ws-handshakes-\d{8}-\d{6}(\(\d+\))?\.json$/, { redact: false });
  for (const secret of [MITM_SECRETS[0]!, PASTE_TOKEN]) expect(plain.text).toContain(secret);
});

test('HAR export, saved by Firefox, reads back to the same verdicts; the live entries are kept as Firefox gave them', async () => {
  const har = await exportFile('har', /\.har$/);
  for (const secret of [...MITM_SECRETS, PASTE_TOKEN]) expect(har.text).not.toContain(secret);
  const parsed = parseHar(har.text, 'export.har');
  if (!parsed.ok) throw new Error(parsed.error);
  const rows = await panelRows();
  const reports = await analyze(parsed.handshakes);
  expect(reports.map((r) => r.verdict)).toEqual(rows.map((r) => r.verdict));
  const document = JSON.parse(har.text) as { log: { entries: Array<{ _resourceType?: string; request: { url: string }; response: { status: number } }> } };
  const live = document.log.entries.find((e) => e.request.url === servers.urlOf('wrong-accept'));
  expect(live?.response.status).toBe(101);
  expect(live?._resourceType).toBeUndefined();
});

test('Markdown copied to the system clipboard from the export dialog, masked', async () => {
  await inspector.clickTestId('export-button');
  await waitFor(() => dialogOpen('export-dialog'), { message: 'the export dialog' });
  await inspector.clickTestId('export-kind-markdown-all');
  await inspector.clickTestId('export-copy');
  const copied = await waitFor(async () => {
    const text = await inspector.readClipboard();
    return text?.includes('handshakes:') ? text : null;
  }, { message: 'the Markdown on the clipboard' });
  expect(copied).toContain('7 handshakes:');
  for (const secret of [...MITM_SECRETS, PASTE_TOKEN]) expect(copied).not.toContain(secret);
  expect(await inspector.text('[data-testid="export-status"]')).toContain('Copied');
  await inspector.clickTestId('export-close');
});

test('a copy button in the detail writes to the system clipboard', async () => {
  await inspector.select(servers.urlOf('wrong-accept'));
  await waitFor(() => inspector.text('[data-testid="handshake-detail"]'), { message: 'the detail' });
  await inspector.click('Copy URL');
  await waitFor(async () => (await inspector.readClipboard()) === servers.urlOf('wrong-accept'), { message: 'the URL on the clipboard' });
});

test('navigating the inspected page replaces the live rows and keeps the imported ones', async () => {
  const importedBefore = (await panelRows()).filter((r) => r.origin !== null);
  await loadScenarios(inspector, servers, ['accept-missing']);
  const rows = await waitFor(async () => {
    const now = await panelRows();
    return now.some((r) => r.url === servers.urlOf('accept-missing')) && !now.some((r) => r.url === servers.urlOf('wrong-accept')) ? now : null;
  }, { message: 'the new page’s row, without the old live rows' });
  expect(rows.filter((r) => r.origin !== null)).toEqual(importedBefore);
});

test('a dock change reloads the panel page: the live rows come back from the devtools page, the imported ones do not', async () => {
  // Firefox recreates an extension panel's page when the toolbox moves (Chrome keeps it); imports live in the page.
  await inspector.dock('right');
  const rows = await waitFor(async () => {
    const now = await panelRows();
    return now.length > 0 ? now : null;
  }, { message: 'rows after the dock change' });
  expect(rows.map((r) => r.url)).toEqual([servers.urlOf('accept-missing')]);
  await inspector.dock('bottom');
});
