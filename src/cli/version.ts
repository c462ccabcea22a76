/** The tool's version, as package.json gives it. */
import { readFileSync } from 'node:fs';

/** The package version, read from package.json beside dist/ (dist/node/cli → ../../../). */
export function toolVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const version = (pkg as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
