/**
 * axe-core (WCAG 2.1 A and AA rules) on every state of the panel in real DevTools:
 * the empty state, the list, the detail of a failure and of a pass, the paste and
 * export dialogs and an import notice; light and dark; docked right at the default
 * 554 px and at 270 px. No violations.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { launchInspector, waitFor, type Inspector } from './harness.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let servers: DemoServers;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  servers = await startDemoServers({ http2: false });
  inspector = await launchInspector({ args: ['--window-size=1108,900'] });
  await inspector.goto(`${servers.pageUrl}?only=good-subprotocol-deflate,wrong-accept,forbidden-403,slow-pending`);
  await inspector.openPanel();
  await inspector.waitForRows((rows) => rows.length === 4, { message: 'the four handshakes' });
  await inspector.evaluate(`(() => { ${AXE_SOURCE}; return typeof axe; })()`);
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

async function violations(): Promise<AxeViolation[]> {
  return inspector.evaluate<AxeViolation[]>(`(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary ?? '').split('\\n').slice(0, 2).join(' ')) }));
  })()`);
}

async function setTheme(theme: 'light' | 'dark'): Promise<void> {
  await inspector.evaluate(`(() => { document.documentElement.dataset.theme = ${JSON.stringify(theme)}; return true; })()`);
}

const select = async (name: 'wrong-accept' | 'good-subprotocol-deflate' | 'forbidden-403'): Promise<void> => {
  await inspector.select(servers.urlOf(name));
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="handshake-detail"] [data-testid="summary"]')`), { message: `the detail of ${name}` });
};

for (const theme of ['light', 'dark'] as const) {
  for (const width of [554, 270] as const) {
    test(`${theme}, ${width} px: list, details, dialogs and empty state have no axe violations`, async () => {
      await inspector.dock('right', width);
      await setTheme(theme);
      const states: Array<[string, () => Promise<void>]> = [
        ['list', async () => inspector.evaluate(`document.querySelector('[data-testid="handshake-list"]').focus()`)],
        ['detail of a wrong accept', () => select('wrong-accept')],
        ['detail of a pass', () => select('good-subprotocol-deflate')],
        ['detail of a 403', () => select('forbidden-403')],
        ['paste dialog', async () => {
          await inspector.evaluate(`document.querySelector('[data-testid="paste-button"]').click()`);
          await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('dialog[open][data-testid="paste-dialog"]')`), { message: 'the paste dialog' });
        }],
        ['export dialog', async () => {
          await inspector.evaluate(`document.querySelector('[data-testid="paste-cancel"]')?.click()`);
          await inspector.evaluate(`document.querySelector('[data-testid="export-button"]').click()`);
          await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('dialog[open][data-testid="export-dialog"]')`), { message: 'the export dialog' });
        }],
      ];
      for (const [state, reach] of states) {
        await reach();
        expect(await violations(), `${theme}, ${width} px, ${state}`).toEqual([]);
      }
      await inspector.evaluate(`document.querySelector('[data-testid="export-close"]')?.click()`);
    });
  }
}

test('the empty state and an import error notice have no axe violations, light and dark', async () => {
  await inspector.dock('right', 554);
  await inspector.evaluate(`document.querySelector('[data-testid="clear"]').click()`);
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="empty-state"]')`), { message: 'the empty state' });
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(theme);
    expect(await violations(), `${theme}, empty state`).toEqual([]);
  }
  await inspector.evaluate(`(() => {
    const input = document.querySelector('[data-testid="import-input"]');
    const transfer = new DataTransfer();
    transfer.items.add(new File(['not a HAR at all'], 'notes.har'));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  })()`);
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="import-error"]')`), { message: 'the import error notice' });
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(theme);
    expect(await violations(), `${theme}, import error`).toEqual([]);
  }
});

test('keyboard: the verdict chips are one Tab stop moved with the arrows; dialogs focus their choice and close on Esc without the Console drawer', async () => {
  await inspector.dock('right', 554);
  await setTheme('light');
  await inspector.goto(`${servers.pageUrl}?only=good,wrong-accept`);
  await inspector.waitForRows((rows) => rows.length === 2, { message: 'the two handshakes' });
  const tabbable = await inspector.evaluate<string[]>(`[...document.querySelectorAll('[data-testid^="verdict-filter-"]')].map((c) => c.getAttribute('tabindex'))`);
  expect(tabbable).toEqual(['0', '-1', '-1', '-1']);
  await inspector.evaluate(`document.querySelector('[data-testid="verdict-filter-all"]').focus()`);
  await inspector.press('ArrowRight');
  await waitFor(async () => (await inspector.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid')`)) === 'verdict-filter-fail', { message: 'ArrowRight to move to Fail' });
  expect(await inspector.evaluate(`document.querySelector('[data-testid="verdict-filter-fail"]').getAttribute('aria-checked')`)).toBe('true');
  expect(await inspector.evaluate<number>(`document.querySelectorAll('[data-testid="handshake-row"]').length`)).toBe(1);
  await inspector.press('End');
  await waitFor(async () => (await inspector.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid')`)) === 'verdict-filter-pass', { message: 'End to move to Pass' });
  await inspector.press('Home');
  await waitFor(async () => (await inspector.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid')`)) === 'verdict-filter-all', { message: 'Home back to All' });

  await inspector.evaluate(`document.querySelector('[data-testid="export-button"]').click()`);
  await waitFor(() => inspector.evaluate<boolean>(`!!document.querySelector('dialog[open][data-testid="export-dialog"]')`), { message: 'the export dialog' });
  await waitFor(() => inspector.evaluate<boolean>(`document.activeElement?.matches('input[name="export-kind"]:checked') ?? false`), { message: 'the checked export choice to have focus' });
  await inspector.press('Escape');
  await waitFor(() => inspector.evaluate<boolean>(`!document.querySelector('dialog[data-testid="export-dialog"]')`), { message: 'Esc to close the export dialog' });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await inspector.drawerShown()).toBe(false);
});
