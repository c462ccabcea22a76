/** Placeholder until the probe lands: the probe helper replaces this file. */
import type { CliIo } from './io.js';

export async function runProbe(_args: string[], io: CliIo): Promise<number> {
  io.stderr.write('ws-handshake: probe: not built yet\n');
  return 2;
}
