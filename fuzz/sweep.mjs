/**
 * The linearity sweep: every place × every unit of fuzz/shapes.mjs, timed at n and 4n through
 * every target. Prints the super-linear ones. `node --expose-gc fuzz/sweep.mjs [--filter text] [--units '["a",", "]'] [--max-ratio 10]`.
 */
import { PLACES, UNITS } from './shapes.mjs';
import { runInput } from './targets.mjs';
import { linearRatio } from './timing.mjs';

export function filler(unit, n) {
  return unit.repeat(Math.max(1, Math.ceil(n / unit.length)));
}

/** Sweeps the given places and units; calls `report` for each combination. */
export async function sweep({ places = PLACES, units = UNITS, maxRatio = 10, onResult = () => {}, deadline = Infinity } = {}) {
  const slow = [];
  for (const p of places) {
    for (const unit of units) {
      if (Date.now() > deadline) return slow;
      let result = await linearRatio((n) => p.make(filler(unit, n)), runInput);
      if (result.ratio > maxRatio) {
        // Confirm one step up (4n against 16n): a busy machine can slow one timing, not every step.
        const again = await linearRatio((n) => p.make(filler(unit, n)), runInput, { n: result.n * 4, maxN: result.n * 4 });
        if (again.ratio < result.ratio) result = again;
      }
      const entry = { place: p.name, unit, ...result };
      onResult(entry);
      if (result.ratio > maxRatio) slow.push(entry);
    }
  }
  return slow;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (flag) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const filter = get('--filter');
  const units = get('--units') ? JSON.parse(get('--units')) : UNITS;
  const maxRatio = Number(get('--max-ratio') ?? 10);
  const places = PLACES.filter((p) => !filter || p.name.includes(filter));
  const slow = await sweep({ places, units, maxRatio, onResult: (r) => { if (r.ratio > maxRatio * 0.7 || args.includes('--all')) console.log(`${r.ratio > maxRatio ? 'SLOW' : 'near'} ${r.ratio.toFixed(1)}x  ${r.place}  unit ${JSON.stringify(r.unit)}  n=${r.n} ${r.smallMs.toFixed(1)}ms → ${r.largeMs.toFixed(1)}ms`); } });
  console.log(`sweep: ${places.length} places × ${units.length} units, ${slow.length} super-linear`);
}
