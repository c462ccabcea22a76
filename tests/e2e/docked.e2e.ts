/**
 * The panel as a new user meets it: DevTools docked right at its default width
 * (a ~554 px panel in a 900 px high window), then narrower (270 px) and docked
 * at the bottom. Every part of the detail is reachable with the wheel and the
 * keyboard; Esc closes the detail without opening DevTools' drawer; the list
 * names handshakes like the Network panel, shows the codes Chrome's reasons name,
 * sorts by column; pending handshakes count their time.
 */
import { expect, test } from '@playwright/test';
import { startDemoServers, type DemoServers } from '../../src/demo/servers.js';
import { launchInspector, waitFor, type Inspector } from './harness.js';

let servers: DemoServers;
let inspector: Inspector;

test.describe.configure({ mode: 'serial' });

const SCENARIOS = ['good', 'wrong-accept', 'forbidden-403', 'not-found-404', 'server-error-502', 'slow-pending', 'connection-dropped'] as const;

test.beforeAll(async () => {
  servers = await startDemoServers({ http2: false });
  // 1108 × 900: docked right at its default split, DevTools gives the panel about 554 × 786 px.
  inspector = await launchInspector({ args: ['--window-size=1108,900'] });
  await inspector.goto(`${servers.pageUrl}?only=${SCENARIOS.join(',')}`);
  await inspector.openPanel();
  await inspector.waitForRows((rows) => rows.length === SCENARIOS.length, { message: 'every scenario listed', timeout: 30_000 });
});

test.afterAll(async () => {
  await inspector?.close();
  await servers?.close();
});

/** Where the last part of the detail (the replay commands) sits relative to the detail body's visible box. */
const replayPlacement = (): Promise<{ visible: boolean; scrollTop: number; scrollable: boolean }> =>
  inspector.evaluate(`(() => {
    const body = document.querySelector('[data-testid="detail-body"]');
    const last = document.querySelector('[data-testid="curl-command"]');
    const b = body.getBoundingClientRect();
    const r = last.getBoundingClientRect();
    return { visible: r.bottom <= b.bottom + 1 && r.top >= b.top - 1, scrollTop: body.scrollTop, scrollable: body.scrollHeight > body.clientHeight };
  })()`);

async function selectDetail(name: (typeof SCENARIOS)[number]): Promise<void> {
  const url = servers.urlOf(name);
  await inspector.select(url);
  await waitFor(async () => (await inspector.evaluate<string | null>(`document.querySelector('[data-testid="handshake-detail"]')?.getAttribute('data-url') ?? null`)) === url, {
    message: `the detail of ${name}`,
  });
}

for (const width of [554, 270] as const) {
  test(`at ${width} px the stacked detail scrolls to its end with the wheel and with the keyboard`, async () => {
    await inspector.dock('right', width);
    const size = await inspector.panelSize();
    expect(Math.abs(size.width - width), `panel width ${size.width}`).toBeLessThan(24);
    await selectDetail('wrong-accept');
    const before = await replayPlacement();
    expect(before.scrollable).toBe(true);
    expect(before.visible).toBe(false);

    // The wheel, over the detail.
    const box = await inspector.evaluate<{ x: number; y: number }>(`(() => { const r = document.querySelector('[data-testid="detail-body"]').getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`);
    for (let i = 0; i < 40 && !(await replayPlacement()).visible; i++) await inspector.wheel(box.x, box.y, 400);
    expect((await replayPlacement()).visible).toBe(true);

    // The keyboard: back to the top, then End in the focused detail.
    await inspector.evaluate(`(() => { const b = document.querySelector('[data-testid="detail-body"]'); b.scrollTop = 0; b.focus(); return true; })()`);
    expect((await replayPlacement()).visible).toBe(false);
    await inspector.press('End');
    await waitFor(async () => (await replayPlacement()).visible, { message: 'End to scroll the detail to its end', timeout: 5_000 });
  });
}

test('docked at the bottom, the detail still reaches its end', async () => {
  await inspector.dock('bottom', 360);
  await selectDetail('forbidden-403');
  const box = await inspector.evaluate<{ x: number; y: number }>(`(() => { const r = document.querySelector('[data-testid="detail-body"]').getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`);
  for (let i = 0; i < 40 && !(await replayPlacement()).visible; i++) await inspector.wheel(box.x, box.y, 400);
  expect((await replayPlacement()).visible).toBe(true);
  await inspector.dock('right', 554);
});

test('Esc closes the detail, stays in the panel and does not open the Console drawer', async () => {
  await selectDetail('forbidden-403');
  expect(await inspector.drawerShown()).toBe(false);
  // Focus inside the detail (the user clicked into it), then a real Esc key press.
  await inspector.evaluate(`document.querySelector('[data-testid="detail-body"]').focus()`);
  await inspector.press('Escape');
  await waitFor(async () => (await inspector.evaluate<boolean>(`!document.querySelector('[data-testid="handshake-detail"]')`)), { message: 'Esc to close the detail', timeout: 5_000 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await inspector.drawerShown()).toBe(false);
  expect(await inspector.evaluate<string>(`document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName`)).toBe('handshake-list');

  // From the list too.
  await selectDetail('not-found-404');
  await inspector.evaluate(`document.querySelector('[data-testid="handshake-list"]').focus()`);
  await inspector.press('Escape');
  await waitFor(async () => (await inspector.evaluate<boolean>(`!document.querySelector('[data-testid="handshake-detail"]')`)), { message: 'Esc in the list to close the detail', timeout: 5_000 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await inspector.drawerShown()).toBe(false);
});

test('rows are named like the Network panel, with the codes Chrome only names in its reason', async () => {
  const cells = await inspector.evaluate<Array<{ url: string; name: string; status: string; dataStatus: string; title: string }>>(`[...document.querySelectorAll('[data-testid="handshake-row"]')].map((r) => ({
    url: r.dataset.url, name: r.querySelector('.name-text').textContent, status: r.querySelector('.status').innerText.trim(),
    dataStatus: r.dataset.status, title: r.querySelector('.name').title }))`);
  const of = (name: (typeof SCENARIOS)[number]) => cells.find((c) => c.url === servers.urlOf(name))!;
  expect(of('forbidden-403')).toMatchObject({ name: 'forbidden-403', dataStatus: '403', title: servers.urlOf('forbidden-403') });
  expect(of('forbidden-403').status).toMatch(/^403 \(Chrome\)$/);
  expect(of('not-found-404').dataStatus).toBe('404');
  expect(of('server-error-502').dataStatus).toBe('502');
  expect(of('good')).toMatchObject({ status: '101', dataStatus: '101' });
  // A wrong accept is Chrome's verdict on a 101 it received.
  expect(of('wrong-accept').status).toBe('101 (Chrome)');
  expect(of('connection-dropped').dataStatus).toBe('0');
  expect(of('slow-pending').dataStatus).toBe('0');

  await selectDetail('forbidden-403');
  expect(await inspector.text('[data-testid="handshake-detail"] [data-testid="status"]')).toContain("403 (Chrome's reason says so");
  // A refusal by status has no accept block: nothing to compare.
  expect(await inspector.evaluate<boolean>(`!!document.querySelector('[data-testid="handshake-detail"] [data-testid="accept"]')`)).toBe(false);
  await selectDetail('wrong-accept');
  const expected = await inspector.text('[data-testid="expected-accept"]');
  const detailText = (await inspector.text('[data-testid="handshake-detail"] [data-testid="detail-body"]'))!;
  // The expected accept is in the accept block and the finding's message, not repeated everywhere.
  expect(detailText.split(expected!).length - 1).toBeLessThanOrEqual(2);
});

test('a pending handshake counts its time and is not judged', async () => {
  const url = servers.urlOf('slow-pending');
  const first = await inspector.text(`[data-testid="handshake-row"][data-url="${url}"] .time`);
  expect(first).toMatch(/^pending \d+ s$/);
  await waitFor(async () => (await inspector.text(`[data-testid="handshake-row"][data-url="${url}"] .time`)) !== first, { message: 'the pending time to count up', timeout: 5_000 });
  await selectDetail('slow-pending');
  const detail = (await inspector.text('[data-testid="handshake-detail"]'))!;
  expect(detail).not.toContain('no response');
  expect(detail).toContain('Waiting for the server');
});

test('a click on a column header sorts by it, again reverses, a third time restores capture order', async () => {
  const order = (): Promise<string[]> => inspector.evaluate(`[...document.querySelectorAll('[data-testid="handshake-row"]')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((r) => r.dataset.status)`);
  const capture = await order();
  await inspector.evaluate(`document.querySelector('[data-testid="sort-status"]').click()`);
  await waitFor(async () => {
    const now = (await order()).map(Number);
    return now.every((v, i) => i === 0 || now[i - 1]! <= v);
  }, { message: 'ascending status order' });
  expect(await inspector.evaluate(`document.querySelector('[data-testid="sort-status"]').closest('[role=columnheader]').getAttribute('aria-sort')`)).toBe('ascending');
  await inspector.evaluate(`document.querySelector('[data-testid="sort-status"]').click()`);
  await waitFor(async () => {
    const now = (await order()).map(Number);
    return now.every((v, i) => i === 0 || now[i - 1]! >= v);
  }, { message: 'descending status order' });
  await inspector.evaluate(`document.querySelector('[data-testid="sort-status"]').click()`);
  await waitFor(async () => JSON.stringify(await order()) === JSON.stringify(capture), { message: 'capture order again' });
});

test('each toolbar stays one line at 554 and at 270 px', async () => {
  for (const width of [554, 270]) {
    await inspector.dock('right', width);
    const heights = await inspector.evaluate<number[]>(`[...document.querySelectorAll('.toolbar')].map((t) => t.scrollHeight)`);
    expect(heights.length).toBe(2);
    for (const h of heights) expect(h).toBeLessThanOrEqual(28);
    // Nothing the user needs falls off the bar: every control keeps a visible box inside it.
    const clipped = await inspector.evaluate<string[]>(`[...document.querySelectorAll('.toolbar button, .toolbar input, .toolbar label')].filter((el) => {
      const bar = el.closest('.toolbar').getBoundingClientRect(); const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > bar.right + 1 || r.left < bar.left - 1);
    }).map((el) => el.getAttribute('data-testid') ?? el.textContent)`);
    expect(clipped, `at ${width} px`).toEqual([]);
    // The re-read note (on the filter bar, whose box gives way): short words at 554 px, its icon alone at 270 px, the whole story in its tooltip.
    const note = await inspector.evaluate<{ title: string; shown: string; noteRight: number; barRight: number } | null>(`(() => {
      const el = document.querySelector('[data-testid="schedule-note"]');
      if (!el) return null;
      const shown = [...el.querySelectorAll('.note-long, .note-short')].filter((w) => w.getBoundingClientRect().width > 0).map((w) => w.textContent).join('');
      const bar = el.closest('.toolbar').getBoundingClientRect();
      return { title: el.getAttribute('title') ?? '', shown, noteRight: el.getBoundingClientRect().right, barRight: bar.right };
    })()`);
    expect(note, `schedule note at ${width} px`).not.toBeNull();
    expect(note!.title).toMatch(/re-read every/);
    expect(note!.noteRight).toBeLessThanOrEqual(note!.barRight + 1);
    if (width === 554) expect(note!.shown).toMatch(/^(every \d|reading|now)/);
    else expect(note!.shown).toBe('');
  }
  // Wide: the words are shown.
  await inspector.dock('right', 1000);
  await waitFor(() => inspector.evaluate<boolean>(`/re-read every|reading/.test([...document.querySelectorAll('[data-testid="schedule-note"] .note-long')].filter((w) => w.getBoundingClientRect().width > 0).map((w) => w.textContent).join(''))`), { message: 'the schedule note in words at 1000 px' });
  await inspector.dock('right', 554);
});
