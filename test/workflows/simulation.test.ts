/**
 * The seeded random simulation (test/simulation/simulation.ts) inside `npm test`: a bounded set
 * of seeds, every kind of behaviour on. A failing seed prints itself, what broke and the trace of
 * chosen actions; `npm run simulate -- --seed N --sagas M` reproduces it.
 *
 * `SIMULATE` (set by scripts/simulate.ts) replaces the default seeds with the ones asked for.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEHAVIOURS, describeRun, runSimulation, type Behaviour } from '../simulation/simulation.js';

interface Request {
  readonly seeds: readonly number[];
  readonly sagas: number;
  readonly behaviours?: readonly Behaviour[];
  /** Where to write the results as JSON (scripts/simulate.ts reads them). */
  readonly out?: string;
  /** Print each trace line as it happens. */
  readonly stream?: boolean;
}

const requested: Request | undefined = process.env['SIMULATE'] ? (JSON.parse(process.env['SIMULATE']) as Request) : undefined;
const DEFAULT: Request = { seeds: [1, 2], sagas: 8 };
const run = requested ?? DEFAULT;
const results: unknown[] = [];

describe('seeded random simulation', () => {
  it('runs with every kind of behaviour by default', () => {
    expect(DEFAULT.behaviours ?? BEHAVIOURS).toEqual(BEHAVIOURS);
  });

  for (const seed of run.seeds) {
    it(`seed ${seed}: ${run.sagas} sagas end, nothing lost or taken twice`, { timeout: 20 * 60_000 }, async () => {
      const result = await runSimulation({
        seed,
        sagas: run.sagas,
        ...(run.behaviours ? { behaviours: run.behaviours } : {}),
        ...(run.stream ? { onTrace: (line: string) => process.stderr.write(`[seed ${seed}] ${line}\n`) } : {}),
      });
      results.push(result);
      if (run.out) writeFileSync(run.out, JSON.stringify(results, null, 2));
      if (!result.ok) console.error(describeRun(result));
      expect({ violations: result.violations, unfinished: result.unfinished, failures: result.failures }, describeRun(result)).toEqual({
        violations: [],
        unfinished: [],
        failures: [],
      });
    });
  }
});
