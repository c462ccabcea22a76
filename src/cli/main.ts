/**
 * `ws-handshake` entry: dispatches to lint, probe and accept. Usage errors are
 * one line on stderr and exit 2; nothing here prints a stack trace.
 */
import { computeAccept, isWellFormedKey } from '../core/accept.js';
import { processIo, printable, type CliIo } from './io.js';
import { parseLintArgs, runLint } from './lint.js';
import { runProbe } from './probe-command.js';
import { USAGE, UsageError } from './usage.js';
import { toolVersion } from './version.js';

async function runAccept(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write('Usage: ws-handshake accept KEY\nPrints base64(SHA-1(KEY + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11)), the Sec-WebSocket-Accept a server must answer KEY with.\n');
    return 0;
  }
  const separated = args[0] === '--';
  const keys = separated ? args.slice(1) : args;
  if (keys.length !== 1 || (!separated && keys[0]!.startsWith('--'))) {
    throw new UsageError('accept: give exactly one KEY, e.g. ws-handshake accept dGhlIHNhbXBsZSBub25jZQ==');
  }
  // RFC 6455 §4.2.1 (5): the key as sent minus surrounding whitespace.
  const key = keys[0]!.trim();
  if (!isWellFormedKey(key)) {
    io.stderr.write(`ws-handshake: note: "${printable(key)}" is not base64 of 16 bytes; a server must refuse it (RFC 6455 §4.2.1 (5))\n`);
  }
  io.stdout.write(`${await computeAccept(key)}\n`);
  return 0;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout.write(USAGE);
          return 0;
        }
        return await runLint(parseLintArgs(rest), io, toolVersion());
      case 'probe':
        return await runProbe(rest, io);
      case 'accept':
        return await runAccept(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      case '--version':
      case '-v':
      case 'version':
        io.stdout.write(`${toolVersion()}\n`);
        return 0;
      case undefined:
        throw new UsageError('missing command: lint, probe or accept (ws-handshake --help)');
      default:
        throw new UsageError(`unknown command "${printable(command)}": lint, probe or accept (ws-handshake --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ws-handshake: ${error.message}\n`);
      return 2;
    }
    // A bug, not bad input: still one line, no stack trace unless asked for.
    io.stderr.write(`ws-handshake: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env.WS_HANDSHAKE_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 2;
  }
}
