/**
 * The WS Handshakes panel as a user meets it, in real Chromium with the built
 * extension and DevTools open, against the local demo servers: every scenario
 * listed with its verdict and rule ids (including handshakes made before the
 * tab was first opened), the detail view, the filter, the keyboard, Clear,
 * Preserve log across navigations, the empty state and a long list.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SCENARIOS, startDemoServers, type DemoServers, type Scenario, type ScenarioName } from '../../src/demo/servers.js';
import { launchInspector, waitFor, type HandshakeRow, type Inspector } from './harness.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const acceptFor = (key: string): string => createHash('sha1').update(key + GUID).digest('base64');

let servers: DemoServers;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startDemoServers();
  inspector = await launchInspector();
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

/** The scenarios this machine can run (the HTTP/2 ones need openssl for the demo certificate). */
function runnable(): Scenario[] {
  return SCENARIOS.filter((s) => s.transport !== 'h2' || servers.h2Origin !== undefined);
}

function pageWith(names: readonly ScenarioName[]): string {
  return `${servers.pageUrl}?only=${names.join(',')}`;
}

function rowFor(rows: readonly HandshakeRow[], name: ScenarioName): HandshakeRow | undefined {
  return rows.find((r) => r.url === servers.urlOf(name));
}

/** Waits until the page has an outcome (open, failed, closed) for each named scenario. */
async function settled(names: readonly ScenarioName[]): Promise<void> {
  await waitFor(
    () =>
      inspector.page.evaluate(
        (wanted) => wanted.every((n) => ['open', 'failed', 'closed', 'skipped'].includes((window as unknown as { demoResults: Record<string, { state: string }> }).demoResults[n]?.state ?? '')),
        [...names],
      ),
    { message: `the demo page to settle ${names.join(', ')}` },
  );
}

async function setFilter(text: string): Promise<void> {
  await inspector.evaluate(`(() => {
    const input = document.querySelector('[data-testid="filter"]');
    input.value = ${JSON.stringify(text)};
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return true;
  })()`);
}

async function press(key: string): Promise<void> {
  await inspector.evaluate(`(() => {
    const list = document.querySelector('[data-testid="handshake-list"]');
    list.focus();
    list.dispatchEvent(new KeyboardEvent('keydown', { key: ${JSON.stringify(key)}, bubbles: true, cancelable: true }));
    return true;
  })()`);
}

const selectedUrl = (): Promise<string | null> =>
  inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-row"][aria-selected="true"]')?.getAttribute('data-url') ?? null`);

const detailText = (testid: string): Promise<string | null> => inspector.text(`[data-testid="handshake-detail"] [data-testid="${testid}"]`);

/** Runs a shell command until the response head has arrived (the server may hold the socket open). */
function responseHeadOf(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command]);
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no response head from: ${command}\n${out}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\r\n\r\n')) {
        clearTimeout(timer);
        child.kill();
        resolve(out.split('\r\n\r\n')[0]!);
      }
    });
    child.on('error', reject);
  });
}

test('handshakes made before the tab was first opened are all listed, one row each, with verdicts and rule ids', async () => {
  const scenarios = runnable();
  // The page opens every scenario while the panel has never been shown.
  await inspector.goto(servers.pageUrl);
  await settled(scenarios.filter((s) => s.expectedVerdict !== null).map((s) => s.name));
  await inspector.openPanel();

  const expected = scenarios.filter((s) => s.expectedVerdict !== null);
  const rows = await inspector
    .waitForRows((current) => expected.every((s) => rowFor(current, s.name)?.verdict === s.expectedVerdict), {
      message: 'a row with the expected verdict for every scenario',
    })
    .catch(async (error: Error) => {
      const seen = (await inspector.rows()).map((r) => `${r.url} ${r.verdict} [${r.rules.join(' ')}]`);
      throw new Error(`${error.message}\nrows:\n${seen.join('\n')}`);
    });
  for (const s of expected) {
    const row = rowFor(rows, s.name);
    expect(row?.verdict, s.name).toBe(s.expectedVerdict);
    for (const rule of s.expectedRules) expect(row?.rules, `${s.name} rules`).toContain(rule);
    if (s.expectedVerdict === 'pass') expect(row?.rules.filter((r) => !r.startsWith('h2-') && r !== 'h3-websocket'), s.name).toEqual([]);
  }
  // ≥ 12 distinct broken answers, each with its own row.
  expect(expected.filter((s) => s.expectedVerdict === 'fail').length).toBeGreaterThanOrEqual(12);
  // One row per handshake, although open sockets come from getHAR and the others from both paths.
  expect(new Set(rows.map((r) => r.url)).size).toBe(rows.length);
  expect(await inspector.count()).toBe(rows.length);
  expect(rows.length).toBe(scenarios.length);

  // The handshake that never gets an answer is listed as pending, judged on its request: not a failure (yet).
  const pending = await inspector.evaluate<string[] | null>(
    `(() => { const row = document.querySelector('[data-testid="handshake-row"][data-url="${servers.urlOf('slow-pending')}"]');
      return row && ['data-pending', 'data-verdict', 'data-rules'].map((name) => row.getAttribute(name) ?? ''); })()`,
  );
  expect(pending?.[0]).toBe('true');
  expect(pending?.[1]).toBe('pass');
  expect(pending?.[2]).not.toContain('no-response');
});

test('the detail view of a wrong accept: the sentence, the expected accept, Chrome hiding the response, replay commands with the same key', async () => {
  const url = servers.urlOf('wrong-accept');
  await inspector.select(url);
  await waitFor(() => inspector.text('[data-testid="handshake-detail"]'), { message: 'the detail view' });
  expect(await inspector.evaluate(`document.querySelector('[data-testid="handshake-detail"]').getAttribute('data-url')`)).toBe(url);

  const key = (await detailText('key'))!;
  expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  const expectedAccept = acceptFor(key);
  expect(await detailText('expected-accept')).toContain(expectedAccept);
  expect(await detailText('actual-accept')).toContain('hidden');

  const summary = (await detailText('summary'))!;
  expect(summary.length).toBeGreaterThan(20);
  expect(summary).toMatch(/accept/i);

  const note = (await detailText('hidden-response-note'))!;
  expect(note).toContain('Chrome does not show the server');
  expect(note).toContain("Incorrect 'Sec-WebSocket-Accept' header value");
  expect(note).toContain('accept-mismatch');

  const finding = await inspector.evaluate<{ severity: string; text: string; href: string } | null>(`(() => {
    const card = document.querySelector('[data-testid="handshake-detail"] [data-testid="finding"][data-rule="accept-mismatch"]');
    return card && { severity: card.getAttribute('data-severity'), text: card.textContent, href: card.querySelector('a')?.href ?? '' };
  })()`);
  expect(finding?.severity).toBe('fail');
  expect(finding?.text).toContain('Fix');
  expect(finding?.href).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc6455/);

  const curl = (await detailText('curl-command'))!;
  expect(curl).toContain(`Sec-WebSocket-Key: ${key}`);
  expect(curl).toContain(url.replace(/^ws:/, 'http:'));
  expect(curl).not.toContain('ws://');
  const probe = (await detailText('probe-command'))!;
  expect(probe.startsWith(`ws-handshake probe --key ${key} --origin ${servers.pageUrl.replace(/\/$/, '')} `)).toBe(true);
  expect(probe.endsWith(` ${url}`)).toBe(true);

  // Replayed from a shell, the command shows what Chrome hid: the server's accept is not the expected one.
  const head = await responseHeadOf(curl);
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  const sent = /Sec-WebSocket-Accept: (\S+)/i.exec(head)?.[1];
  expect(sent).toBeTruthy();
  expect(sent).not.toBe(expectedAccept);
});

test('the detail view of a good handshake with subprotocol and permessage-deflate: matching accept and the response headers', async () => {
  const url = servers.urlOf('good-subprotocol-deflate');
  await inspector.select(url);
  await waitFor(async () => (await inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-detail"]')?.getAttribute('data-url') ?? null`)) === url, {
    message: 'the detail of the good handshake',
  });
  expect(await detailText('summary')).toBeTruthy();
  const accept = await detailText('accept');
  expect(accept).toContain('matches');
  const response = (await detailText('response-headers'))!;
  expect(response).toContain('Sec-WebSocket-Protocol');
  expect(response).toContain('chat');
  expect(response).toContain('permessage-deflate');
  expect(await detailText('hidden-response-note')).toBeNull();
  const negotiated = await inspector.text(`[data-testid="handshake-row"][data-url="${url}"] .negotiated`);
  expect(negotiated).toContain('chat');
  expect(negotiated).toContain('permessage-deflate');
});

test('the filter box narrows by URL text and rule id, the verdict filter by verdict, and the count follows', async () => {
  const total = await inspector.count();
  await setFilter('protocol-');
  const byRule = await inspector.waitForRows((rows) => rows.length > 0 && rows.every((r) => r.url.includes('protocol-') || r.rules.some((id) => id.includes('protocol-'))));
  expect(byRule.map((r) => r.url)).toEqual(expect.arrayContaining([servers.urlOf('protocol-not-offered'), servers.urlOf('protocol-missing')]));
  expect(await inspector.count()).toBe(byRule.length);

  await setFilter('/ws/not-found');
  const byUrl = await inspector.waitForRows((rows) => rows.length === 1);
  expect(byUrl[0]?.url).toBe(servers.urlOf('not-found-404'));

  await setFilter('');
  await inspector.evaluate(`document.querySelector('[data-testid="verdict-filter-pass"]').click() ?? true`);
  const passing = await inspector.waitForRows((rows) => rows.length > 0 && rows.every((r) => r.verdict === 'pass'));
  // A pending handshake is judged on its request so far, so a valid one is listed with the passes (marked pending).
  expect(passing.length).toBe(runnable().filter((s) => s.expectedVerdict === 'pass' || s.expectedVerdict === null).length);
  await inspector.evaluate(`document.querySelector('[data-testid="verdict-filter-all"]').click() ?? true`);
  await inspector.waitForRows((rows) => rows.length === total);

  await setFilter('no-such-thing');
  await waitFor(() => inspector.text('[data-testid="empty-state"][data-reason="filtered"]'), { message: 'the no-match state' });
  await inspector.click('Clear the filter');
  await inspector.waitForRows((rows) => rows.length === total);
});

test('keyboard: arrows, Home and End move the selection and the detail follows; Escape closes it', async () => {
  const rows = await inspector.rows();
  await inspector.evaluate(`document.querySelector('[data-testid="handshake-detail"] .close')?.click() ?? true`);
  await press('Home');
  await waitFor(async () => (await selectedUrl()) === rows[0]!.url, { message: 'the first row selected' });
  await press('ArrowDown');
  await waitFor(async () => (await selectedUrl()) === rows[1]!.url, { message: 'the second row selected' });
  expect(await inspector.evaluate(`document.querySelector('[data-testid="handshake-detail"]').getAttribute('data-url')`)).toBe(rows[1]!.url);
  await press('ArrowUp');
  await waitFor(async () => (await selectedUrl()) === rows[0]!.url, { message: 'back to the first row' });
  await press('End');
  const last = (await inspector.evaluate<string>(`(() => { const r = document.querySelectorAll('[data-testid="handshake-row"]'); return r[r.length - 1].getAttribute('data-url'); })()`));
  await waitFor(async () => (await selectedUrl()) === last, { message: 'the last row selected' });
  await press('Escape');
  await waitFor(async () => (await inspector.text('[data-testid="handshake-detail"]')) === null, { message: 'the detail closed' });
});

test('navigation clears the list; with Preserve log on it keeps it', async () => {
  await inspector.goto(pageWith(['not-found-404']));
  await settled(['not-found-404']);
  let rows = await inspector.waitForRows((r) => r.length === 1 && r[0]?.url === servers.urlOf('not-found-404'), { message: 'only the new page’s handshake' });
  expect(rows[0]?.verdict).toBe('fail');

  await inspector.click('Preserve log');
  expect(await inspector.evaluate(`document.querySelector('[data-testid="preserve-log"]').checked`)).toBe(true);
  await inspector.goto(pageWith(['wrong-accept', 'good-closes']));
  await settled(['wrong-accept', 'good-closes']);
  rows = await inspector.waitForRows((r) => r.length === 3, { message: 'the old and the new handshakes' });
  expect(rows.map((r) => r.url)).toEqual([servers.urlOf('not-found-404'), servers.urlOf('wrong-accept'), servers.urlOf('good-closes')]);

  await inspector.click('Preserve log');
  await inspector.goto(pageWith(['upgrade-missing']));
  await settled(['upgrade-missing']);
  rows = await inspector.waitForRows((r) => r.length === 1, { message: 'the list cleared again' });
  expect(rows[0]?.url).toBe(servers.urlOf('upgrade-missing'));
});

test('new rows appear without losing the selection, in capture order', async () => {
  await inspector.select(servers.urlOf('upgrade-missing'));
  await inspector.page.evaluate(() => (window as unknown as { openScenario(n: string): Promise<unknown> }).openScenario('forbidden-403'));
  const rows = await inspector.waitForRows((r) => r.length === 2);
  expect(rows.map((r) => r.url)).toEqual([servers.urlOf('upgrade-missing'), servers.urlOf('forbidden-403')]);
  expect(await selectedUrl()).toBe(servers.urlOf('upgrade-missing'));
});

test('Clear empties the list; the empty state explains why and its Reload button captures the page again', async () => {
  await inspector.click('Clear');
  await waitFor(async () => (await inspector.rows()).length === 0, { message: 'an empty list' });
  expect(await inspector.count()).toBe(0);
  const empty = (await inspector.text('[data-testid="empty-state"]'))!;
  expect(empty).toContain('DevTools records only while it is open');
  // A getHAR pass must not bring the cleared handshakes back.
  await inspector.click('Refresh');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await inspector.rows()).toEqual([]);

  await inspector.click('Reload page');
  const rows = await inspector.waitForRows((r) => r.length === 1, { message: 'the reloaded page’s handshake' });
  expect(rows[0]?.url).toBe(servers.urlOf('upgrade-missing'));
});

test('a long list stays virtualised: thousands of rows, few in the DOM, End reaches the last', async () => {
  const n = 5_000;
  await inspector.evaluate(`(() => {
    const entries = [];
    for (let i = 0; i < ${n}; i++) {
      const key = btoa(String(i).padStart(16, '0'));
      entries.push({
        startedDateTime: new Date(Date.now() + i).toISOString(), time: 3, _resourceType: 'websocket',
        request: { method: 'GET', url: 'ws://127.0.0.1:1/bulk/' + i, httpVersion: '', headers: [
          { name: 'Host', value: '127.0.0.1:1' }, { name: 'Upgrade', value: 'websocket' }, { name: 'Connection', value: 'Upgrade' },
          { name: 'Sec-WebSocket-Key', value: key }, { name: 'Sec-WebSocket-Version', value: '13' }, { name: 'Origin', value: 'http://127.0.0.1:1' } ] },
        response: { status: 0, statusText: '', httpVersion: '', headers: [], _error: null },
        _webSocketMessages: [{ type: 'error', opcode: -1, data: 'Error during WebSocket handshake: Unexpected response code: 404', time: i }],
      });
    }
    return window.wsHandshakes.addEntries(entries).then(() => true);
  })()`);
  await waitFor(async () => (await inspector.count()) === n + 1, { message: `${n + 1} handshakes counted` });
  const rendered = (await inspector.rows()).length;
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(150);
  await press('End');
  await waitFor(async () => (await selectedUrl()) === `ws://127.0.0.1:1/bulk/${n - 1}`, { message: 'the last row selected and rendered' });
  await inspector.click('Clear');
  await waitFor(async () => (await inspector.count()) === 0, { message: 'cleared' });
});
