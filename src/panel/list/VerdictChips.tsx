/**
 * The verdict filter: All, Fail, Warn, Pass as one ARIA radio group, one Tab stop
 * (the checked chip), arrow keys to move and choose, as DevTools' own filter chips.
 */
import { useRef } from 'preact/hooks';
import { useStore } from '../store/context.js';
import type { VerdictFilter } from '../store/store.js';

const VERDICTS: readonly { value: VerdictFilter; word: string; icon: string }[] = [
  { value: 'all', word: 'All', icon: '' },
  { value: 'fail', word: 'Fail', icon: '✕' },
  { value: 'warn', word: 'Warn', icon: '⚠' },
  { value: 'pass', word: 'Pass', icon: '✓' },
];

const STEPS: Readonly<Record<string, number | 'first' | 'last'>> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: 'first', End: 'last' };

export function VerdictChips() {
  const store = useStore();
  const group = useRef<HTMLDivElement>(null);
  const chosen = store.verdictFilter.value;
  const counts = store.counts.value;
  const total = store.rows.value.length;
  const choose = (value: VerdictFilter, focus: boolean): void => {
    store.verdictFilter.value = value;
    if (focus) group.current?.querySelector<HTMLElement>(`[data-value="${value}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const step = STEPS[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const at = VERDICTS.findIndex((v) => v.value === chosen);
    const next = step === 'first' ? 0 : step === 'last' ? VERDICTS.length - 1 : (at + step + VERDICTS.length) % VERDICTS.length;
    choose(VERDICTS[next]!.value, true);
  };
  return (
    <div class="verdict-filter" role="radiogroup" aria-label="Verdict" ref={group} onKeyDown={onKeyDown}>
      {VERDICTS.map((v) => {
        const n = v.value === 'all' ? total : counts[v.value];
        const checked = chosen === v.value;
        return (
          <button
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            class={`chip verdict-${v.value}${checked ? ' on' : ''}`}
            onClick={() => choose(v.value, false)}
            data-value={v.value}
            data-testid={`verdict-filter-${v.value}`}
            title={`Show ${v.value === 'all' ? 'every verdict' : `only ${v.word.toLowerCase()}`}`}
          >
            {v.icon && <span aria-hidden="true">{v.icon} </span>}
            {v.word}
            {v.value !== 'all' && n > 0 && <span class="chip-count"> {n}</span>}
          </button>
        );
      })}
    </div>
  );
}
