/**
 * The store's reactive values: `signal`, `computed`, `effect`, `batch`, with the
 * same API and semantics as @preact/signals for what the panel uses (reading
 * `.value` in a component's render subscribes that component), in about a
 * third of its size, so the panel opens lighter.
 *
 * How it works: every value has a version; an observer (computed, effect or
 * component) remembers the versions it read. A write marks observers as
 * possibly stale; at the end of the outermost batch each stale effect or
 * component re-runs only when a value it read really changed (computeds
 * recompute on demand, and a computed that yields the same value changes nothing).
 */
import { options, type Component, type VNode } from 'preact';

interface Source {
  version: number;
  readonly subscribers: Set<Observer>;
  /** Brings a computed up to date (no-op for a signal). */
  refresh(): void;
}

interface Observer {
  /** The sources read on the last run, with the version seen. */
  readonly sources: Map<Source, number>;
  /** Called when a source it read may have changed. */
  notify(): void;
}

let tracking: Observer | undefined;
let batchDepth = 0;
const queue = new Set<Reaction>();

function track(source: Source): void {
  if (!tracking) return;
  tracking.sources.set(source, source.version);
  source.subscribers.add(tracking);
}

function untrack(observer: Observer): void {
  for (const source of observer.sources.keys()) source.subscribers.delete(observer);
  observer.sources.clear();
}

/** True when a source the observer read has a new value (bringing computeds up to date first). */
function changed(observer: Observer): boolean {
  for (const [source, version] of observer.sources) {
    source.refresh();
    if (source.version !== version) return true;
  }
  return false;
}

function notifyAll(source: Source): void {
  batchDepth += 1;
  try {
    for (const observer of [...source.subscribers]) observer.notify();
  } finally {
    endBatch();
  }
}

function endBatch(): void {
  if (batchDepth > 1) {
    batchDepth -= 1;
    return;
  }
  // Still "in a batch" while flushing, so writes made by effects queue up instead of recursing.
  let rounds = 0;
  let failure: { error: unknown } | null = null;
  while (queue.size > 0) {
    if (++rounds > 100) {
      queue.clear();
      failure ??= { error: new Error('signals: cycle detected') };
      break;
    }
    const due = [...queue];
    queue.clear();
    // One failing effect must not keep the others from running: throw the first error after all ran.
    for (const reaction of due) {
      try {
        if (changed(reaction)) reaction.run();
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  batchDepth = 0;
  if (failure) throw failure.error;
}

/** Runs `fn` with `observer` collecting what it reads. */
function collect<T>(observer: Observer, fn: () => T): T {
  untrack(observer);
  const outer = tracking;
  tracking = observer;
  try {
    return fn();
  } finally {
    tracking = outer;
  }
}

export interface ReadonlySignal<T> {
  readonly value: T;
  peek(): T;
}

export class Signal<T> implements Source, ReadonlySignal<T> {
  version = 0;
  readonly subscribers = new Set<Observer>();
  constructor(protected current: T) {}
  refresh(): void {}
  peek(): T {
    return this.current;
  }
  get value(): T {
    track(this);
    return this.current;
  }
  set value(next: T) {
    if (Object.is(next, this.current)) return;
    this.current = next;
    this.version += 1;
    notifyAll(this);
  }
}

class Computed<T> implements Source, Observer, ReadonlySignal<T> {
  version = 0;
  readonly subscribers = new Set<Observer>();
  readonly sources = new Map<Source, number>();
  private stale = true;
  private current: T | undefined;
  constructor(private readonly compute: () => T) {}
  notify(): void {
    if (this.stale) return;
    this.stale = true;
    for (const observer of [...this.subscribers]) observer.notify();
  }
  refresh(): void {
    if (!this.stale) return;
    this.stale = false;
    if (this.version > 0 && !changed(this)) return;
    try {
      const next = collect(this, this.compute);
      if (this.version === 0 || !Object.is(next, this.current)) {
        this.current = next;
        this.version += 1;
      }
    } catch (error) {
      this.stale = true; // try again on the next read
      throw error;
    }
  }
  peek(): T {
    this.refresh();
    return this.current as T;
  }
  get value(): T {
    this.refresh();
    track(this);
    return this.current as T;
  }
}

/** An observer that re-runs (an effect) or re-renders (a component) after its sources change. */
class Reaction implements Observer {
  readonly sources = new Map<Source, number>();
  constructor(readonly run: () => void) {}
  notify(): void {
    queue.add(this);
  }
  dispose(): void {
    untrack(this);
    queue.delete(this);
  }
}

export function signal<T>(value: T): Signal<T> {
  return new Signal(value);
}

export function computed<T>(compute: () => T): ReadonlySignal<T> {
  return new Computed(compute);
}

/** Runs `fn` now and again whenever a value it read changes; returns a function that stops it. */
export function effect(fn: () => void): () => void {
  const reaction: Reaction = new Reaction(() => collect(reaction, fn));
  batchDepth += 1;
  try {
    reaction.run();
  } finally {
    endBatch();
  }
  return () => reaction.dispose();
}

/** Writes inside `fn` notify once, at its end. */
export function batch<T>(fn: () => T): T {
  batchDepth += 1;
  try {
    return fn();
  } finally {
    endBatch();
  }
}

// ---- Preact: a component re-renders when a value it read while rendering changes.
// Preact's option hooks under their mangled names (as @preact/signals uses them):
// __r before a component renders, __b before any vnode is diffed, __e on a render error.

type Hooks = { __r?: (vnode: VNode) => void; __b?: (vnode: VNode) => void; __e?: (...args: unknown[]) => void };
type Tracked = Component & { __reaction?: Reaction };
const hooks = options as typeof options & Hooks;

/** Ends a component's tracking: its render has returned once Preact diffs the next vnode. */
function stopTracking(): void {
  tracking = undefined;
}

const oldRender = hooks.__r;
hooks.__r = (vnode) => {
  oldRender?.(vnode);
  const component = (vnode as VNode & { __c?: Tracked }).__c;
  if (!component) return;
  const reaction = (component.__reaction ??= new Reaction(() => component.setState({})));
  untrack(reaction);
  tracking = reaction;
};
const oldDiff = hooks.__b;
hooks.__b = (vnode) => {
  stopTracking();
  oldDiff?.(vnode);
};
const oldDiffed = options.diffed;
options.diffed = (vnode) => {
  stopTracking();
  oldDiffed?.(vnode);
};
const oldCatch = hooks.__e;
hooks.__e = (...args) => {
  stopTracking();
  oldCatch?.(...args);
};
const oldUnmount = options.unmount;
options.unmount = (vnode) => {
  (vnode as VNode & { __c?: Tracked }).__c?.__reaction?.dispose();
  oldUnmount?.(vnode);
};
