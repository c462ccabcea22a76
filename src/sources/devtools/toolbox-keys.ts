/**
 * Escape in the panel, as each browser's toolbox sees it. Both toolboxes give
 * Escape to their console (Chrome's drawer, Firefox's split console); the panel
 * uses it to close what it shows. The rule kept in both: an Escape the panel
 * used stops there; one it left alone goes to the toolbox. In Chrome that is
 * the panel's usual `preventDefault()`. Firefox needs this translation
 * (measured on ESR 153; tests/e2e/firefox/README.md, tests/e2e/firefox-keys.e2e.ts):
 *
 * Firefox's toolbox toggles the split console on every Escape `keypress` that
 * reaches its window (it does not tell a reply from the original, and an
 * extension panel has no way to veto it), and a key pressed in an extension
 * panel reaches it twice: once before the panel page gets it, and once more,
 * as a reply, when the page did not consume it (its `keydown` not
 * default-prevented). So a consumed Escape toggles once (the console opens and
 * takes the focus) and an unconsumed one twice (the console flickers and ends
 * as it was, the focus back in the panel). That is the opposite of what
 * `preventDefault()` usually means, so in Firefox the panel's claim is turned
 * round: an Escape the panel used (a handler called `preventDefault()` or
 * `stopPropagation()`) goes on unconsumed, one nobody used is consumed. A
 * dialog's and a text field's own Escape are kept; a search field is emptied
 * here, as its own Escape would consume the key.
 */

/** The toolbox around the panel. */
export type Toolbox = 'chromium' | 'firefox';

/**
 * Told by the extension pages' own origin (`location.protocol`): `moz-extension:` in
 * Firefox, `chrome-extension:` in Chrome and Edge. (runtime.getBrowserInfo, Firefox's
 * own answer, is not available to devtools pages and panels.)
 */
export function toolboxOf(protocol: string): Toolbox {
  return protocol === 'moz-extension:' ? 'firefox' : 'chromium';
}

/** The parts of a keydown event the translation reads and writes. */
export interface EscapeEvent {
  readonly key: string;
  readonly defaultPrevented: boolean;
  readonly target: unknown;
  preventDefault(): void;
}

/** The parts of an element the translation reads (a DOM Element in the panel). */
interface TargetElement {
  closest(selector: string): unknown;
  readonly isContentEditable?: boolean;
  value?: string;
  dispatchEvent?(event: Event): boolean;
}

function asElement(target: unknown): TargetElement | null {
  return target && typeof (target as TargetElement).closest === 'function' ? (target as TargetElement) : null;
}

/** Where Escape means something of its own that must be kept as it is: in a dialog (close it), in a text field (undo, IME). */
export function ownsEscape(target: unknown): boolean {
  const element = asElement(target);
  if (!element) return false;
  if (element.closest('dialog') !== null) return true;
  if (isSearchField(element)) return false; // handled below: emptied by the translation, or unused when empty
  return element.isContentEditable === true || element.closest('input, textarea, select, [contenteditable]') !== null;
}

function isSearchField(element: TargetElement): boolean {
  return element.closest('input[type="search"]') === element;
}

/**
 * Firefox: one instance per panel window, listening to `keydown` twice,
 * `beforePanel` in the capture phase (before any of the panel's handlers) and
 * `afterPanel` in the bubble phase (after them; it does not run when a handler
 * stopped the event, which also means handled).
 */
export class FirefoxEscape {
  /** The real preventDefault of each Escape being translated. */
  private readonly consume = new WeakMap<object, () => void>();
  private readonly claimed = new WeakSet<object>();

  beforePanel(event: EscapeEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented || ownsEscape(event.target)) return;
    const element = asElement(event.target);
    if (element && isSearchField(element) && element.value) {
      // A search field's own Escape (it empties itself) consumes the key; empty it here instead, with the
      // input event it would send, so the key goes on unconsumed (handled: the split console stays as it was).
      element.value = '';
      element.dispatchEvent?.(new Event('input', { bubbles: true }));
      return;
    }
    this.consume.set(event, event.preventDefault.bind(event));
    // The panel's handlers keep calling preventDefault() to say "handled"; for this one event it only records the claim.
    Object.defineProperty(event, 'preventDefault', { configurable: true, value: () => this.claimed.add(event) });
  }

  afterPanel(event: EscapeEvent): void {
    const consume = this.consume.get(event);
    // Nobody in the panel used it: consumed, so Firefox's toolbox toggles its split console once, as in its own panels.
    if (consume && !this.claimed.has(event)) consume();
  }
}

/** Installs the Firefox translation on the panel's window. */
export function installFirefoxEscape(target: EventTarget): () => void {
  const escape = new FirefoxEscape();
  const before = (event: Event): void => escape.beforePanel(event as unknown as EscapeEvent);
  const after = (event: Event): void => escape.afterPanel(event as unknown as EscapeEvent);
  target.addEventListener('keydown', before, true);
  target.addEventListener('keydown', after, false);
  return () => {
    target.removeEventListener('keydown', before, true);
    target.removeEventListener('keydown', after, false);
  };
}
