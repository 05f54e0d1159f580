/**
 * Saga throughput end to end: create checkout → Pay on the Khalti sandbox → the browser's return
 * (which signals the saga and waits for the verified outcome) → confirmed. Stepped arrival rates
 * until the knee; a rate counts only with zero failed sagas and completions keeping up.
 */
import { failures, runOpen, type OpenLoadResult } from '../lib/loader.js';
import { createCheckout, landAndWaitConfirmed, payWithKhalti } from '../lib/shopper.js';
import { summarize, type Summary } from '../lib/stats.js';
import { resetStock, sleep, withCpu, type BenchContext } from '../lib/context.js';

export type SagaStep = OpenLoadResult & {
  cpuPercent: Record<string, number>;
  passed: boolean;
  stagesMs: { create: Summary; pay: Summary; returnToConfirmed: Summary };
};

export interface SagaResult {
  readonly steps: SagaStep[];
  readonly sustainedSagasPerSecond: number | null;
}

export async function sagaGroup(ctx: BenchContext, options: { rates?: readonly number[] } = {}): Promise<SagaResult> {
  const rates = options.rates ?? (ctx.quick ? [5, 10, 15] : [5, 10, 15, 20, 25, 30, 40]);
  const steps: SagaStep[] = [];
  let sustained: number | null = null;
  for (const rate of rates) {
    await resetStock(ctx);
    const create: number[] = [];
    const pay: number[] = [];
    const back: number[] = [];
    const result = await withCpu(ctx, () =>
      runOpen({
        rate,
        durationMs: ctx.quick ? 6_000 : 20_000,
        maxInFlight: 3000,
        drainMs: 90_000,
        op: async (i) => {
          const t0 = performance.now();
          const checkout = await createCheckout(ctx, i);
          const t1 = performance.now();
          const returnUrl = await payWithKhalti(ctx, checkout.pidx);
          const t2 = performance.now();
          await landAndWaitConfirmed(ctx, checkout, returnUrl);
          const t3 = performance.now();
          create.push(t1 - t0);
          pay.push(t2 - t1);
          back.push(t3 - t2);
          if (ctx.confirmedOrders.length < 5) ctx.confirmedOrders.push(checkout.orderId);
        },
      }),
    );
    const passed = failures(result) === 0 && result.completedPerSecond >= rate * 0.9;
    ctx.log(
      `  sagas ${rate}/s offered: ${result.completedPerSecond}/s completed, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, failures ${failures(result)} → ${passed ? 'counts' : 'does not count'}`,
    );
    steps.push({ ...result, passed, stagesMs: { create: summarize(create), pay: summarize(pay), returnToConfirmed: summarize(back) } });
    if (!passed) break;
    sustained = rate;
    await sleep(1000);
  }
  return { steps, sustainedSagasPerSecond: sustained };
}
