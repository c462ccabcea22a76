// npm run bench: runs every bench/*.bench.mjs in its own Node process (with
// --expose-gc), one after another, so each helper can add a bench file.
// Benches report numbers; they do not fail the run when a goal is missed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();

let crashed = 0;
for (const name of files) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, name)], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    crashed++;
    process.stdout.write(`=== ${name}: CRASHED (exit ${result.status ?? result.signal}) after ${seconds} s ===\n`);
  } else {
    process.stdout.write(`=== ${name}: done in ${seconds} s ===\n`);
  }
}
if (files.length === 0) process.stdout.write('no bench/*.bench.mjs files\n');
// A missed goal is a number to look at; a crash is a bug.
process.exitCode = crashed > 0 ? 1 : 0;
