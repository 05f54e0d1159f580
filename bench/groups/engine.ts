/**
 * The engine's ceiling, side by side: the same dev server runs a workflow with as many no-op
 * steps as one checkout saga runs (activities plus local activities), as activities or as local
 * activities, worker in its own process, at stepped rates, with the same rule for a rate to count
 * (no failure, completions keep up).
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { failures, runOpen, type OpenLoadResult } from '../lib/loader.js';
import { startHelper } from '../lib/stack.js';
import { sleep, withCpu, type BenchContext } from '../lib/context.js';
import type { noopSaga } from '../engine/workflows.js';

export type EngineStep = OpenLoadResult & { cpuPercent: Record<string, number>; passed: boolean };

export interface EngineResult {
  readonly activities: number;
  readonly localActivities: boolean;
  readonly steps: EngineStep[];
  readonly sustainedPerSecond: number | null;
}

export async function engineGroup(ctx: BenchContext, options: { activities: number; localActivities: boolean; rates?: readonly number[] }): Promise<EngineResult> {
  const taskQueue = 'bench-engine-noop';
  const kind = options.localActivities ? 'local-activity' : 'activity';
  const worker = await startHelper('engine/worker.ts', { TEMPORAL_ADDRESS: ctx.stack.temporalAddress, ENGINE_TASK_QUEUE: taskQueue });
  const connection = await Connection.connect({ address: ctx.stack.temporalAddress });
  const roots = [...ctx.cpuRoots, { pid: worker.pid, part: 'engine worker (node)' as const }];
  const run = randomBytes(4).toString('hex');
  const steps: EngineStep[] = [];
  let sustained: number | null = null;
  try {
    const client = new Client({ connection });
    const once = (id: string) =>
      client.workflow.execute<typeof noopSaga>('noopSaga', {
        taskQueue,
        workflowId: id,
        args: [options.activities, options.localActivities],
        workflowExecutionTimeout: '2 minutes',
      });
    await once(`bench-noop-${kind}-${run}-warmup`);
    const rates = options.rates ?? (ctx.quick ? [10, 20, 30, 40] : [5, 10, 15, 20, 25, 30, 40, 50, 60, 80]);
    for (const rate of rates) {
      const result = await withCpu({ ...ctx, cpuRoots: roots }, () =>
        runOpen({ rate, durationMs: ctx.quick ? 6_000 : 20_000, maxInFlight: 3000, drainMs: 90_000, op: async (i) => void (await once(`bench-noop-${kind}-${run}-${rate}-${i}`)) }),
      );
      const passed = failures(result) === 0 && result.completedPerSecond >= rate * 0.9;
      ctx.log(
        `  no-op ${kind} workflows ${rate}/s offered: ${result.completedPerSecond}/s completed, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, failures ${failures(result)} → ${passed ? 'counts' : 'does not count'}`,
      );
      steps.push({ ...result, passed });
      if (!passed) break;
      sustained = rate;
      await sleep(1000);
    }
  } finally {
    await connection.close();
    await worker.stop();
  }
  return { activities: options.activities, localActivities: options.localActivities, steps, sustainedPerSecond: sustained };
}
