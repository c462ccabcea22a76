#!/usr/bin/env node
// Entry point for the `ws-handshake` command: runs the compiled CLI (npm run build:cli).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/node/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ws-handshake: the CLI is not built (dist/node is missing): run npm run build:cli\n');
  process.exit(2);
}
// A closed pipe (ws-handshake lint x.har | head) is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
