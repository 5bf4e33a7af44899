// The generator reads in floors (the document layer at the bottom, the CLI at the top): no module may
// import, directly or through others, a module that imports it back. Type-only imports count too: a
// type that has to come from above is a sign that it lives on the wrong floor.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(import.meta.dirname, '../../generator/src');

/** Every source file under `dir` (.ts, and .js for what must run before the TypeScript loader), relative to it. */
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => (name.endsWith('.ts') && !name.endsWith('.d.ts')) || name.endsWith('.js'))
    .map((name) => name.split(path.sep).join('/'));

/** File -> the files of `dir` it imports (relative imports only; `./x.js` names `x.ts` unless only `x.js` is there). */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = new Set(sourceFiles(dir));
  const sourceOf = (name: string) => (files.has(name.replace(/\.js$/, '.ts')) ? name.replace(/\.js$/, '.ts') : name);
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(dir, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => sourceOf(path.posix.normalize(path.posix.join(path.posix.dirname(file), name))));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The import circles of a graph, each once, as the files along it (first file repeated at the end). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string) => {
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (onStack.has(next)) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file);
  return cycles;
}

describe('import cycles', () => {
  it('finds a circle, direct or through other files', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', ['a.ts']],
    ]);
    expect(cyclesOf(graph)).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['d.ts', 'd.ts'],
    ]);
  });

  it('reads type-only and re-exporting imports as edges', () => {
    const graph = importGraph(srcDir);
    expect(graph.size).toBeGreaterThan(40);
    for (const [file, targets] of graph) for (const target of targets) expect(graph.has(target), `${file} -> ${target}`).toBe(true);
  });

  it('no file of generator/src sits in an import circle', () => {
    expect(cyclesOf(importGraph(srcDir)).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
