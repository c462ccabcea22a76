// Escape in Firefox's toolbox (src/sources/devtools/toolbox-keys.ts): the panel's claim on an
// Escape is turned round, because Firefox's toolbox toggles its split console once for a
// consumed Escape and twice (no change) for an unconsumed one. tests/e2e/firefox-keys.e2e.ts
// pins what the real toolbox does with each.
import { describe, expect, it } from 'vitest';
import { FirefoxEscape, installFirefoxEscape, ownsEscape, toolboxOf, type EscapeEvent } from '../../../../src/sources/devtools/toolbox-keys.js';

/** Just enough of an element for `closest()`: a tag, attributes, a parent. */
class FakeElement {
  value = '';
  readonly dispatched: string[] = [];
  constructor(
    readonly tag: string,
    readonly attributes: Record<string, string> = {},
    readonly parent: FakeElement | null = null,
  ) {
    if (attributes.value !== undefined) this.value = attributes.value;
  }
  get type(): string | undefined {
    return this.attributes.type;
  }
  get isContentEditable(): boolean {
    return this.attributes.contenteditable !== undefined;
  }
  /** Supports what the module asks: `tag`, `tag[attr="v"]`, `[attr]`, comma-separated. */
  matches(selector: string): boolean {
    return selector.split(',').some((part) => {
      const m = /^\s*([a-z]*)(?:\[([a-z-]+)(?:="([^"]*)")?\])?\s*$/.exec(part);
      if (!m) throw new Error(`FakeElement cannot match ${part}`);
      const [, tag, attr, value] = m;
      if (tag && tag !== this.tag) return false;
      if (attr && (this.attributes[attr] === undefined || (value !== undefined && this.attributes[attr] !== value))) return false;
      return true;
    });
  }
  closest(selector: string): FakeElement | null {
    for (let e: FakeElement | null = this; e; e = e.parent) if (e.matches(selector)) return e;
    return null;
  }
  dispatchEvent(event: Event): boolean {
    this.dispatched.push(event.type);
    return true;
  }
}

const body = new FakeElement('body');
const list = new FakeElement('div', { role: 'listbox', tabindex: '0' }, body);
const button = new FakeElement('button', {}, body);
const dialog = new FakeElement('dialog', { open: '' }, body);
const dialogTextarea = new FakeElement('textarea', {}, dialog);
const dialogButton = new FakeElement('button', {}, dialog);
const textInput = new FakeElement('input', { type: 'text' }, body);
const editable = new FakeElement('div', { contenteditable: '' }, body);

function keydown(key: string, target: unknown): EscapeEvent & { defaultPrevented: boolean } {
  return {
    key,
    target,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

type PanelHandler = 'handles with preventDefault' | 'handles with stopPropagation' | 'ignores it';

/** One dispatch as in the panel's window: capture listener, the panel's own handler, bubble listener (unless stopped). */
function dispatch(escape: FirefoxEscape, event: EscapeEvent, panel: PanelHandler): void {
  escape.beforePanel(event);
  if (panel === 'handles with preventDefault') event.preventDefault();
  if (panel === 'handles with stopPropagation') return;
  escape.afterPanel(event);
}

describe('toolboxOf: the extension origin tells the browser', () => {
  it.each([
    ['moz-extension:', 'firefox'],
    ['chrome-extension:', 'chromium'],
    ['extension:', 'chromium'],
  ] as const)('%s → %s', (protocol, toolbox) => {
    expect(toolboxOf(protocol)).toBe(toolbox);
  });
});

describe('ownsEscape: where Escape keeps its own meaning', () => {
  it.each([
    ['the list', list, false],
    ['a toolbar button', button, false],
    ['the body', body, false],
    ['a textarea in a dialog', dialogTextarea, true],
    ['a button in a dialog', dialogButton, true],
    ['a text input', textInput, true],
    ['a contenteditable', editable, true],
    ['a search field (handled by the translation)', new FakeElement('input', { type: 'search' }, body), false],
    ['not an element (the window)', {}, false],
    ['no target', null, false],
  ])('%s → %s', (_name, target, owns) => {
    expect(ownsEscape(target)).toBe(owns);
  });
});

describe('FirefoxEscape turns the panel’s claim on an Escape round', () => {
  it.each<[string, unknown, PanelHandler, boolean]>([
    // [what, where, the panel's handler, consumed in the end]
    ['the panel closes the detail (preventDefault): unconsumed, the split console stays as it was', list, 'handles with preventDefault', false],
    ['the panel closes something and stops the event: unconsumed', list, 'handles with stopPropagation', false],
    ['nothing to close in the list: consumed, the split console toggles as in Firefox’s own panels', list, 'ignores it', true],
    ['on a toolbar button, unused: consumed', button, 'ignores it', true],
    ['in a dialog: left to the dialog (it closes), unconsumed', dialogTextarea, 'ignores it', false],
    ['in a text input: left to the field', textInput, 'ignores it', false],
  ])('%s', (_name, target, panel, consumed) => {
    const event = keydown('Escape', target);
    dispatch(new FirefoxEscape(), event, panel);
    expect(event.defaultPrevented).toBe(consumed);
  });

  it('other keys are not touched, whatever the panel does', () => {
    for (const panel of ['handles with preventDefault', 'ignores it'] as const) {
      const event = keydown('ArrowDown', list);
      dispatch(new FirefoxEscape(), event, panel);
      expect(event.defaultPrevented).toBe(panel === 'handles with preventDefault');
    }
  });

  it('an Escape consumed before the panel saw it stays consumed', () => {
    const event = keydown('Escape', list);
    event.preventDefault();
    dispatch(new FirefoxEscape(), event, 'ignores it');
    expect(event.defaultPrevented).toBe(true);
  });

  it('a search field with text is emptied (with an input event) and the key goes on unconsumed', () => {
    const filter = new FakeElement('input', { type: 'search', value: 'wrong' }, body);
    const event = keydown('Escape', filter);
    dispatch(new FirefoxEscape(), event, 'ignores it');
    expect(filter.value).toBe('');
    expect(filter.dispatched).toEqual(['input']);
    expect(event.defaultPrevented).toBe(false);
  });

  it('an empty search field: nothing to clear, so the Escape is unused and consumed', () => {
    const filter = new FakeElement('input', { type: 'search' }, body);
    const event = keydown('Escape', filter);
    dispatch(new FirefoxEscape(), event, 'ignores it');
    expect(filter.dispatched).toEqual([]);
    expect(event.defaultPrevented).toBe(true);
  });

  it('works on real Event objects, whose preventDefault is on the prototype', () => {
    class KeyEvent extends Event {
      constructor(readonly key: string) {
        super('keydown', { cancelable: true });
      }
    }
    const escape = new FirefoxEscape();
    const handled = new KeyEvent('Escape');
    escape.beforePanel(handled);
    handled.preventDefault();
    escape.afterPanel(handled);
    expect(handled.defaultPrevented).toBe(false);

    const unused = new KeyEvent('Escape');
    escape.beforePanel(unused);
    escape.afterPanel(unused);
    expect(unused.defaultPrevented).toBe(true);
  });

  it('installFirefoxEscape listens on the window and can be removed', () => {
    class KeyEvent extends Event {
      constructor(readonly key: string) {
        super('keydown', { cancelable: true });
      }
    }
    const target = new EventTarget();
    const remove = installFirefoxEscape(target);
    const unused = new KeyEvent('Escape');
    target.dispatchEvent(unused);
    expect(unused.defaultPrevented).toBe(true);
    remove();
    const after = new KeyEvent('Escape');
    target.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});
