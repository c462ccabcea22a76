// The general usage and `probe --help` list the same probe options (one source: usage.ts).
import { describe, expect, it } from 'vitest';
import { PROBE_USAGE } from '../../../src/cli/probe-command.js';
import { USAGE } from '../../../src/cli/usage.js';

/** The `--flag`s a text names. */
const flags = (text: string): Set<string> => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);

describe('usage text', () => {
  it('the general usage names every option probe --help describes', () => {
    const described = [...flags(PROBE_USAGE)].filter((flag) => flag !== '--help');
    expect(described).toEqual(expect.arrayContaining(['--no-deflate', '--stay', '--stay-ms', '--fail-on']));
    const general = flags(USAGE);
    expect(described.filter((flag) => !general.has(flag))).toEqual([]);
  });

  it('probe --help describes every option of its own synopsis', () => {
    const [synopsis, ...rest] = PROBE_USAGE.split(/\n(?! )/);
    const described = flags(rest.join('\n'));
    expect([...flags(synopsis!)].filter((flag) => !described.has(flag))).toEqual([]);
  });

  it('keeps the synopsis aligned under the first option', () => {
    const lines = USAGE.split('\n');
    const first = lines.findIndex((line) => line.startsWith('  ws-handshake probe '));
    const column = '  ws-handshake probe '.length;
    expect(lines[first + 1]!.slice(0, column).trim()).toBe('');
    expect(lines[first + 1]![column]).toBe('[');
    expect(PROBE_USAGE.split('\n')[1]!.indexOf('[')).toBe('Usage: ws-handshake probe '.length);
  });
});
