/**
 * The side of a finding comes from the rule catalogue (core), not from its id: a request
 * that carries Sec-WebSocket-Key twice marks both key lines in the REQUEST header table,
 * and nothing in the response table. (The panel used to guess the side from the rule id's
 * prefix, so `header-duplicate` on a request key was never marked; issue 8.)
 */
import { expect, test } from '@playwright/test';
import { launchInspector, waitFor, type Inspector } from './harness.js';

let inspector: Inspector;

test.beforeAll(async () => {
  inspector = await launchInspector();
  await inspector.goto('about:blank');
  await inspector.openPanel();
});

test.afterAll(async () => {
  await inspector?.close();
});

const PASTED = [
  'GET /chat HTTP/1.1',
  'Host: chat.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEC==',
  'Sec-WebSocket-Version: 13',
  'Origin: https://chat.example.com',
  '',
  'HTTP/1.1 101 Switching Protocols',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
  '',
  '',
].join('\r\n');

test('a duplicated request Sec-WebSocket-Key is marked in the request table, not the response table', async () => {
  await inspector.evaluate(`document.querySelector('[data-testid="paste-button"]').click()`);
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="paste-dialog"][open]')`), { message: 'the paste dialog' });
  await inspector.evaluate(`(() => {
    const area = document.querySelector('[data-testid="paste-text"]');
    area.value = ${JSON.stringify(PASTED)};
    area.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
  await inspector.evaluate(`document.querySelector('[data-testid="paste-submit"]').click()`);
  await waitFor(() => inspector.evaluate<boolean>(`!document.querySelector('[data-testid="paste-dialog"]')`), {
    message: 'the dialog to close',
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}; paste error: ${await inspector.evaluate<string | null>(`document.querySelector('[data-testid="paste-error"]')?.textContent ?? null`)}`);
  });
  const rows = await inspector.waitForRows((r) => r.length === 1, { message: 'the pasted row' });
  expect(rows[0]!.rules).toContain('header-duplicate');
  await inspector.select(rows[0]!.url);
  const marked = await waitFor(
    () =>
      inspector.evaluate<{ request: string[][]; response: string[][] } | null>(`(() => {
        const table = (id) => [...document.querySelectorAll('[data-testid="' + id + '"] tr[data-offending]')]
          .map((tr) => [tr.querySelector('th').textContent, tr.getAttribute('data-offending')]);
        if (!document.querySelector('[data-testid="request-headers"]')) return null;
        return { request: table('request-headers'), response: table('response-headers') };
      })()`),
    { message: 'the header tables of the detail' },
  );
  expect(marked.request).toEqual([
    ['Sec-WebSocket-Key', expect.stringContaining('header-duplicate')],
    ['Sec-WebSocket-Key', expect.stringContaining('header-duplicate')],
  ]);
  expect(marked.response.filter(([, rules]) => rules!.includes('header-duplicate'))).toEqual([]);
});
