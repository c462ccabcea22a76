// The store texts (store/listing.md) and the privacy policy (store/privacy-policy.md) against the
// stores' limits and against the code: what the manifest asks for, what the extension stores.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../../manifest.json' with { type: 'json' };
import { PRESERVE_LOG_KEY } from '../../../extension/devtools-page.js';

const listing = readFileSync('store/listing.md', 'utf8');
const policy = readFileSync('store/privacy-policy.md', 'utf8');

/** The text under `## title`, up to the next heading. */
function section(title: string): string {
  const start = listing.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`store/listing.md has no "## ${title}" section`);
  const body = listing.slice(start + title.length + 5);
  const end = body.indexOf('\n## ');
  return (end < 0 ? body : body.slice(0, end)).trim();
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

describe('store/listing.md', () => {
  it('the name is the manifest\'s, within the stores\' limits (AMO 45, Chrome 75)', () => {
    expect(section('Name')).toBe(manifest.name);
    expect(manifest.name.length).toBeLessThanOrEqual(45);
  });

  it('the short description is the manifest\'s description, at most 132 characters (Chrome Web Store)', () => {
    expect(section('Short description')).toBe(manifest.description);
    expect(manifest.description.length).toBeLessThanOrEqual(132);
  });

  it('the long description is plain text between 250 (Edge\'s minimum) and 16,000 characters (Chrome\'s limit)', () => {
    const text = section('Long description');
    expect(text.length).toBeGreaterThan(250);
    expect(text.length).toBeLessThan(16_000);
    expect(text).not.toMatch(/[*_`#]|\]\(/);
  });

  it('the single-purpose statement is one short paragraph', () => {
    const text = section('Single purpose');
    expect(text).not.toContain('\n');
    expect(text.length).toBeLessThan(1000);
  });

  it('answers "no permissions", and the manifest asks for none', () => {
    expect(section('Permissions')).toMatch(/^None\./);
    for (const key of ['permissions', 'host_permissions', 'optional_permissions', 'optional_host_permissions'] as const) {
      expect((manifest as Record<string, unknown>)[key]).toBeUndefined();
    }
  });

  it('answers "no remote code", and the CSP allows only the extension\'s own scripts', () => {
    expect(section('Remote code')).toMatch(/^No\./);
    expect(manifest.content_security_policy.extension_pages).toMatch(/script-src 'self';/);
  });
});

describe('store/privacy-policy.md matches the code', () => {
  const sources = [...files('src'), ...files('extension')].filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith(join('src', 'cli')) && !f.startsWith(join('src', 'demo')));

  it('names every key the extension stores, and the only storage it uses is the page\'s localStorage', () => {
    const storing = sources.filter((f) => /\b(localStorage|sessionStorage|indexedDB|document\.cookie|storage\.(local|sync|session))\b/.test(readFileSync(f, 'utf8')));
    // devtools.ts hands the page's localStorage to devtools-page.ts, which keeps the one setting.
    expect(storing.sort()).toEqual([join('extension', 'devtools-page.ts'), join('extension', 'devtools.ts')]);
    expect(policy).toContain(PRESERVE_LOG_KEY);
    expect(readFileSync('extension/devtools-page.ts', 'utf8').match(/\.setItem\(/g)).toEqual(['.setItem(']);
  });

  it('says nothing is transmitted and there are no analytics, as the sources make no requests', () => {
    expect(policy).toMatch(/## What is transmitted\s+Nothing\./);
    expect(policy).toMatch(/no analytics/);
    for (const file of sources) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bfetch\(|XMLHttpRequest|sendBeacon|new WebSocket\(|EventSource\(/);
  });

  it('says what the panel reads: the inspected page\'s handshake headers, through devtools.network', () => {
    expect(policy).toContain('devtools.network');
    expect(policy).toMatch(/request headers, response status and headers/);
  });
});
