/** Durations and sizes as the connection story writes them (the same text in the panel and the CLI). */

/** `850 ms`, `3.0 s`, `60.1 s`, `12 min 5 s`. */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${abs < 10 ? abs.toFixed(1) : Math.round(abs)} ms`;
  // Tenths of a second up to 10 minutes: idle timeouts are told apart by them (55 s, 60.1 s, 61 s).
  if (abs < 600_000) return `${sign}${(abs / 1000).toFixed(1)} s`;
  const seconds = Math.round(abs / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${sign}${minutes} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
  return `${sign}${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** `+3.0 s` for a timeline. */
export function offsetText(ms: number | null): string {
  return ms === null ? '' : `+${durationText(Math.max(0, ms))}`;
}

/** `12 bytes`, `2,048 bytes (2.0 KiB)`, `2,097,152 bytes (2.0 MiB)`. */
export function bytesText(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024) return exact;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${exact} (${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]})`;
}

/** Untrusted text quoted for a message: one line, at most `max` characters. */
export function quoted(text: string, max = 80): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  return `"${flat.length > max ? `${flat.slice(0, max)}…` : flat}"`;
}
