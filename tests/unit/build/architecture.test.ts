// The shape of the house (STYLE.md): data flows source → Handshake → analyze() → Report → face.
// Checked on the import graph of src/ and extension/ (type-only imports count too): no cycles,
// and no layer imports one above it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** file (relative to the root) → the files it imports, by relative specifier. */
function importGraph(): Map<string, string[]> {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'extension'))];
  const known = new Set(files.map((f) => relative(ROOT, f)));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
      const spec = (match[1] ?? match[2])!;
      const base = relative(ROOT, resolve(dirname(file), spec)).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`].find((candidate) => known.has(candidate));
      if (target) targets.push(target);
    }
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

const LAYERS = ['src/core/', 'src/sources/', 'src/panel/', 'src/cli/', 'src/demo/', 'src/index.ts', 'extension/'] as const;
/** What each layer may import besides itself. */
const ALLOWED: Record<(typeof LAYERS)[number], readonly string[]> = {
  'src/core/': [],
  'src/sources/': ['src/core/'],
  'src/panel/': ['src/core/', 'src/sources/'],
  'src/cli/': ['src/core/', 'src/sources/'],
  'src/demo/': ['src/core/', 'src/sources/'],
  // The library entry (package.json exports): core and sources, no face.
  'src/index.ts': ['src/core/', 'src/sources/'],
  'extension/': ['src/core/', 'src/sources/', 'src/panel/'],
};
const layerOf = (file: string) => LAYERS.find((layer) => file.startsWith(layer))!;

describe('the import graph', () => {
  const graph = importGraph();

  it('covers the sources', () => {
    expect(graph.size).toBeGreaterThan(60);
  });

  it('has no cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('flows one way: core imports no face or source, sources no face, faces not each other', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const layer = layerOf(file);
      for (const target of targets) {
        const targetLayer = layerOf(target);
        if (targetLayer !== layer && !ALLOWED[layer].includes(targetLayer)) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
