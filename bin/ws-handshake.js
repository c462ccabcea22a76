#!/usr/bin/env node
// Entry point for the `ws-handshake` command: runs the compiled CLI (npm run build:cli).
import { main } from '../dist/node/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
