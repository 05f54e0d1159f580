/**
 * The modules' dependencies form a tree (a graph without cycles): `src/<module>` and each
 * `workflows/<folder>` are nodes, an import from one into another an edge. A circle (checkout's
 * webhook intake calling wallet while wallet's workflow reaches into checkout) fails here.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function files(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const file = path.posix.join(dir, name);
    return statSync(path.join(root, file)).isDirectory() ? files(file) : name.endsWith('.ts') ? [file] : [];
  });
}

/** `src/checkout`, `workflows/wallet-top-up`; files at the top (`src/config.ts`) and `src/shared` belong to none. */
function moduleOf(file: string): string | undefined {
  const [top, folder, ...rest] = file.split('/');
  if ((top !== 'src' && top !== 'workflows') || folder === undefined || rest.length === 0 || (folder === 'shared' && top === 'src')) return undefined;
  return `${top}/${folder}`;
}

const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm;

function moduleGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of [...files('src'), ...files('workflows')]) {
    const from = moduleOf(file);
    if (from === undefined) continue;
    for (const [, specifier] of readFileSync(path.join(root, file), 'utf8').matchAll(IMPORT)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier!));
      const to = moduleOf(target);
      if (to === undefined || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      // One example import per edge, to name in a failure.
      if (!edges.has(to)) edges.set(to, `${file} → ${specifier}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every cycle's path (`a → b → a`), found by depth-first search; empty for a tree. */
function cyclesOf(graph: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

/** The imports in `source` (the text of `file`) that reach into another `src/<module>` past its `api.ts`. */
function importsPastTheApi(file: string, source: string): string[] {
  const from = moduleOf(file);
  if (from === undefined) return [];
  return [...source.matchAll(IMPORT)].flatMap(([, specifier]) => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier!));
    const to = moduleOf(target);
    if (to === undefined || to === from || !to.startsWith('src/') || target === `${to}/api.js`) return [];
    return [`${file} imports ${specifier}`];
  });
}

describe('the module graph', () => {
  it("lets a module reach a neighbour only through the neighbour's api.ts", () => {
    const offences = files('src').flatMap((file) => importsPastTheApi(file, readFileSync(path.join(root, file), 'utf8')));
    expect(offences).toEqual([]);
  });

  it("tells an import past a neighbour's api.ts from one through it", () => {
    const source = [
      "import type { Payment } from '../../payments/api.js';",
      "import { decideRefund } from '../../payments/domain/refund.js';",
      "import { saga } from '../domain/saga.js';",
      "import { money } from '../../shared/money.js';",
    ].join('\n');
    expect(importsPastTheApi('src/checkout/application/x.ts', source)).toEqual(['src/checkout/application/x.ts imports ../../payments/domain/refund.js']);
  });

  it('has no cycle', () => {
    const graph = moduleGraph();
    const cycles = cyclesOf(graph).map((cycle) =>
      cycle
        .slice(1)
        .map((to, i) => `${cycle[i]} → ${to} (${graph.get(cycle[i]!)!.get(to)})`)
        .join('; '),
    );
    expect(cycles).toEqual([]);
  });

  it('sees the modules and the edges between them', () => {
    const graph = moduleGraph();
    // The checkout depends on payments and the wallet; the wallet's workflow on the wallet.
    expect([...(graph.get('src/checkout')?.keys() ?? [])]).toEqual(expect.arrayContaining(['src/payments', 'src/wallet']));
    expect([...(graph.get('workflows/wallet-top-up')?.keys() ?? [])]).toContain('src/wallet');
  });

  it('finds a cycle when there is one', () => {
    const edge = (to: string) => new Map([[to, 'x']]);
    const graph = new Map([
      ['a', edge('b')],
      ['b', edge('c')],
      ['c', edge('a')],
      ['d', edge('a')],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(cyclesOf(new Map([['a', edge('b')]]))).toEqual([]);
  });
});
