import { connectPostgres, type SqlClient } from '../../adapters/runtime/pg-client.js';
import { json } from './http.js';
import { cpuBetween, cpuSnapshot, type Part } from './procs.js';
import type { Stack } from './stack.js';

export interface BenchContext {
  readonly quick: boolean;
  readonly stack: Stack;
  readonly sql: SqlClient;
  /** Shopper tokens of distinct customers, used round-robin. */
  readonly tokens: readonly string[];
  /** Processes whose CPU is reported per phase. */
  readonly cpuRoots: { pid: number; part: Part }[];
  /** Orders whose saga was confirmed (for the history figure). */
  readonly confirmedOrders: string[];
  log(line: string): void;
}

export async function makeContext(stack: Stack, quick: boolean, log: (line: string) => void): Promise<BenchContext> {
  const sql = await connectPostgres(stack.databaseUrl);
  const tokens: string[] = [];
  for (let i = 0; i < 200; i++) {
    const issued = await json<{ token: string }>(`${stack.api}/dev/token`, { method: 'POST', json: { customerId: `cus_bench_${String(i).padStart(4, '0')}` } });
    tokens.push(issued.token);
  }
  return { quick, stack, sql, tokens, cpuRoots: [{ pid: stack.pid, part: 'api+worker (node)' }], confirmedOrders: [], log };
}

/** Runs `work` and reports the CPU each part of the stack used meanwhile (percent of one core). */
export async function withCpu<T>(ctx: BenchContext, work: () => Promise<T>): Promise<T & { cpuPercent: Record<string, number> }> {
  const before = cpuSnapshot(ctx.cpuRoots);
  const result = await work();
  const after = cpuSnapshot(ctx.cpuRoots);
  return { ...result, cpuPercent: cpuBetween(before, after) };
}

/** Plenty of stock for the demo catalog, keeping what open checkouts hold. */
export async function resetStock(ctx: BenchContext): Promise<void> {
  await ctx.sql.query(`update products set on_hand = reserved + 1000000`);
}

export { sleep } from '../../scripts/lib/local-stack.js';
