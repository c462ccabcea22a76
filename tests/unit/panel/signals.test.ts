// The panel's own signals (src/panel/signals.ts): the @preact/signals behaviour the store and components rely on.
import { options, type VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { batch, computed, effect, signal } from '../../../src/panel/signals.js';

describe('signal, computed, effect, batch', () => {
  it('an effect runs at once and again when a value it read changes, not for an equal write or an unread signal', () => {
    const a = signal(1);
    const unread = signal('x');
    const seen: number[] = [];
    effect(() => {
      seen.push(a.value);
    });
    a.value = 2;
    a.value = 2;
    unread.value = 'y';
    expect(seen).toEqual([1, 2]);
  });

  it('a computed is lazy, cached, and recomputes only after its inputs change', () => {
    const rows = signal([1, 2, 3]);
    let runs = 0;
    const total = computed(() => {
      runs += 1;
      return rows.value.reduce((sum, n) => sum + n, 0);
    });
    expect(runs).toBe(0);
    expect(total.value).toBe(6);
    expect(total.value).toBe(6);
    expect(runs).toBe(1);
    rows.value = [4];
    expect(total.peek()).toBe(4);
    expect(runs).toBe(2);
  });

  it('a computed that yields the same value does not re-run its effects', () => {
    const rows = signal([1, 2, 3]);
    const selectedId = signal(2);
    const selected = computed(() => rows.value.includes(selectedId.value));
    const seen: boolean[] = [];
    effect(() => {
      seen.push(selected.value);
    });
    rows.value = [2, 3, 4];
    expect(seen).toEqual([true]);
    rows.value = [3];
    expect(seen).toEqual([true, false]);
  });

  it('a chain of computeds follows its sources, and a diamond runs the effect once per change', () => {
    const n = signal(1);
    const double = computed(() => n.value * 2);
    const square = computed(() => n.value * n.value);
    const sum = computed(() => double.value + square.value);
    const seen: number[] = [];
    effect(() => {
      seen.push(sum.value);
    });
    n.value = 3;
    expect(seen).toEqual([3, 15]);
  });

  it('batch notifies once at its end, with every write done', () => {
    const a = signal(1);
    const b = signal(1);
    const seen: string[] = [];
    effect(() => {
      seen.push(`${a.value}+${b.value}`);
    });
    batch(() => {
      a.value = 2;
      b.value = 3;
      expect(seen).toEqual(['1+1']);
    });
    expect(seen).toEqual(['1+1', '2+3']);
  });

  it('an effect that writes a signal lets the others see the write; a disposed effect stops', () => {
    const source = signal(1);
    const mirror = signal(0);
    const seen: number[] = [];
    effect(() => {
      mirror.value = source.value * 10;
    });
    const stop = effect(() => {
      seen.push(mirror.value);
    });
    source.value = 2;
    stop();
    source.value = 3;
    expect(seen).toEqual([10, 20]);
    expect(mirror.peek()).toBe(30);
  });

  it('an effect writing what it reads is a cycle, reported instead of spinning', () => {
    const n = signal(0);
    expect(() =>
      effect(() => {
        n.value = n.value + 1;
      }),
    ).toThrow(/cycle/);
  });

  it('effects read the values they depend on when they re-run: dependencies follow branches', () => {
    const useA = signal(true);
    const a = signal('a1');
    const b = signal('b1');
    const seen: string[] = [];
    effect(() => {
      seen.push(useA.value ? a.value : b.value);
    });
    useA.value = false;
    a.value = 'a2'; // no longer read
    b.value = 'b2';
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });
});

// Preact calls these option hooks (mangled names, as @preact/signals uses them) around each component render.
type Hooks = { __r?: (vnode: VNode) => void; __b?: (vnode: VNode) => void };
const hooks = options as typeof options & Hooks;

function fakeComponent() {
  const component = { updates: 0, setState() { this.updates += 1; } };
  const vnode = { __c: component } as unknown as VNode;
  const render = (read: () => void): void => {
    hooks.__b?.(vnode);
    hooks.__r?.(vnode);
    read();
    hooks.__b?.({} as VNode); // Preact diffs the rendered children next: tracking stops
    options.diffed?.(vnode);
  };
  return { component, vnode, render };
}

describe('components', () => {
  it('a component re-renders when a value read during its render changes, not for values read after it', () => {
    const shown = signal('a');
    const later = signal(0);
    const { component, render } = fakeComponent();
    render(() => shown.value);
    void later.value; // read outside any render
    later.value = 1;
    expect(component.updates).toBe(0);
    shown.value = 'b';
    expect(component.updates).toBe(1);
  });

  it('a component re-renders only when a computed it read has a new value', () => {
    const rows = signal([1, 2]);
    const count = computed(() => rows.value.length);
    const { component, render } = fakeComponent();
    render(() => count.value);
    rows.value = [3, 4];
    expect(component.updates).toBe(0);
    rows.value = [3];
    expect(component.updates).toBe(1);
  });

  it('an unmounted component is no longer updated', () => {
    const shown = signal(1);
    const { component, vnode, render } = fakeComponent();
    render(() => shown.value);
    options.unmount?.(vnode);
    shown.value = 2;
    expect(component.updates).toBe(0);
  });
});
