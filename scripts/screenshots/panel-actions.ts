/**
 * The panel actions both screenshot drivers do the same way, through whatever inspector handle
 * their browser has (the Chromium harness or the Firefox one): both read and click the panel's DOM.
 */
import { waitFor } from '../../tests/e2e/harness.js';

/** The slice of an inspector handle these actions use. */
export interface PanelHandle {
  select(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
}

/** Clicks the row with this data-url, waits for its detail to show, and drops the focus ring the click left. */
export async function selectRow(inspector: PanelHandle, url: string): Promise<void> {
  await inspector.select(url);
  await waitFor(() => inspector.evaluate<boolean>(`(() => {
    const detail = document.querySelector('[data-testid="handshake-detail"]');
    return !!detail && detail.getAttribute('data-url') === ${JSON.stringify(url)} && !!detail.querySelector('[data-testid="summary"]');
  })()`), { timeout: 30_000, message: `the detail of ${url}` });
  // Nothing focused that a user would not see.
  await inspector.evaluate(`document.activeElement instanceof HTMLElement && document.activeElement.blur()`);
}

/** Scrolls the part of the panel with this data-testid to the top of its scroller. */
export async function revealTestId(inspector: PanelHandle, testId: string): Promise<void> {
  const found = await inspector.evaluate<boolean>(`(() => {
    const element = document.querySelector('[data-testid=${JSON.stringify(testId)}]');
    element?.scrollIntoView({ block: 'start' });
    return !!element;
  })()`);
  if (!found) throw new Error(`no [data-testid=${testId}] in the panel to reveal`);
}
