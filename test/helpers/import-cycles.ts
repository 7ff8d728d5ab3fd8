// Import cycles among TypeScript files, found on source text: every module reference
// (`moduleReferences`: static imports, `import type`, re-exports, require(), import() and import
// types) that names a file of the set by a relative path is an edge; the strongly connected
// components of that graph with more than one file, or a file that imports itself, are cycles.
import * as path from "node:path";
import { moduleReferences } from "./layers";

/** What a specifier may leave out: the extension, or a folder's index file. */
const CANDIDATES = ["", ".ts", ".d.ts", "/index.ts", "/index.d.ts"];

/**
 * The file of `files` that the relative `specifier` in `from` names ("../start/errors" →
 * "scripts/start/errors.ts"), or undefined for a package, or a path that is not one of `files`.
 * Paths are relative to one root, with "/"; a ".js" specifier may name its ".ts" source.
 */
export function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const bases = /\.js$/.test(target) ? [target, target.replace(/\.js$/, "")] : [target];
  for (const base of bases) {
    for (const ending of CANDIDATES) if (files.has(base + ending)) return base + ending;
  }
  return undefined;
}

/** Each file's imports among `files` (path → source text): file → the files it refers to, sorted. */
export function importGraph(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const known = new Set(files.keys());
  const graph = new Map<string, string[]>();
  for (const [file, source] of files) {
    const targets = new Set<string>();
    for (const ref of moduleReferences(file, source)) {
      const target = resolveSpecifier(file, ref.specifier, known);
      if (target !== undefined) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The strongly connected components of `graph` (Tarjan's algorithm), each sorted, in the order found. */
export function stronglyConnectedComponents(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components;
}

/** A shortest path of imports from `start` back to itself inside `component` (breadth first). */
function cycleThrough(
  graph: ReadonlyMap<string, readonly string[]>,
  component: readonly string[],
  start: string,
): string[] {
  const inside = new Set(component);
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const back: string[] = []; // v and the files before it, back to (not including) start
        for (let u = v; u !== start; u = cameFrom.get(u)!) back.push(u);
        return [start, ...back.reverse(), start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [];
}

/**
 * The import cycles of `graph`, one per strongly connected component that has one: each as a
 * path of files from the component's first file (by name) back to it, e.g.
 * ["a.ts", "b/index.ts", "a.ts"].
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  return stronglyConnectedComponents(graph)
    .filter((c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]))
    .map((c) => cycleThrough(graph, c, c[0]));
}
