/**
 * `npm run simulate`: the seeded random simulation (test/simulation/simulation.ts) for more seeds
 * and sagas than `npm test` runs, with a summary: outcomes per kind, the oracle's result, and for
 * each failing seed what broke and the trace that reproduces it.
 *
 *   npm run simulate -- [--seed 1] [--seeds 3] [--sagas 30] [--behaviours webhooks,refunds] [--trace] [--stream]
 *
 * `--seeds K` runs seeds N … N+K-1. The simulation needs the test PostgreSQL and Temporal servers
 * the vitest `workflows` project provides, so it runs there (test/workflows/simulation.test.ts
 * reads the request from SIMULATE).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BEHAVIOURS, describeRun, type Behaviour, type SimulationResult } from '../test/simulation/simulation.js';
import { root } from './lib/local-stack.js';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '1' },
    sagas: { type: 'string', default: '30' },
    behaviours: { type: 'string' },
    trace: { type: 'boolean', default: false },
    stream: { type: 'boolean', default: false },
  },
});
const first = Number(args.seed);
const count = Number(args.seeds);
const sagas = Number(args.sagas);
if (![first, count, sagas].every((n) => Number.isSafeInteger(n) && n >= 0) || count < 1 || sagas < 1) throw new Error('--seed, --seeds and --sagas take whole numbers');
const behaviours = args.behaviours?.split(',').map((b) => b.trim()) as Behaviour[] | undefined;
const unknown = behaviours?.filter((b) => !(BEHAVIOURS as readonly string[]).includes(b)) ?? [];
if (unknown.length > 0) throw new Error(`unknown behaviours ${unknown.join(', ')}; known: ${BEHAVIOURS.join(', ')}`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'paysaga-simulate-'));
const out = path.join(dir, 'results.json');
const seeds = Array.from({ length: count }, (_, i) => first + i);
const child = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'workflows', 'test/workflows/simulation.test.ts'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, SIMULATE: JSON.stringify({ seeds, sagas, ...(behaviours ? { behaviours } : {}), out, stream: args.stream }) },
});
let results: SimulationResult[] = [];
try {
  results = JSON.parse(readFileSync(out, 'utf8')) as SimulationResult[];
} catch {
  process.stderr.write(`the simulation wrote no results (vitest exited ${child.status})\n`);
}
rmSync(dir, { recursive: true, force: true });

const outcomes: Record<string, number> = {};
for (const result of results) for (const [key, n] of Object.entries(result.outcomes)) outcomes[key] = (outcomes[key] ?? 0) + n;
for (const result of results) {
  if (!result.ok || args.trace) process.stdout.write(`${describeRun(result)}\n\n`);
}
const failed = results.filter((r) => !r.ok);
process.stdout.write(
  `${JSON.stringify(
    {
      seeds: results.map((r) => ({
        seed: r.seed,
        ok: r.ok,
        violations: r.violations.length,
        unfinished: r.unfinished.length,
        failures: r.failures.length,
        durationMs: r.durationMs,
      })),
      sagas: results.reduce((n, r) => n + r.sagas, 0),
      outcomes: Object.fromEntries(Object.entries(outcomes).sort()),
      oracle: failed.length === 0 && results.length === seeds.length ? 'holds' : `${failed.length} of ${seeds.length} seeds failed`,
    },
    null,
    2,
  )}\n`,
);
process.exitCode = failed.length === 0 && results.length === seeds.length ? 0 : 1;
