/** Calibration: what this machine does with PostgreSQL single-row inserts and with a bare Koa endpoint. */
import { connectPostgres } from '../../adapters/runtime/pg-client.js';
import { request } from '../lib/http.js';
import { failures, runOpen, type OpenLoadResult } from '../lib/loader.js';
import { startHelper } from '../lib/stack.js';
import { summarize, type Summary } from '../lib/stats.js';
import { withCpu, type BenchContext } from '../lib/context.js';

export interface InsertRate {
  readonly clients: number;
  readonly seconds: number;
  readonly inserts: number;
  readonly perSecond: number;
  readonly latencyMs: Summary;
  readonly cpuPercent: Record<string, number>;
}

export interface CalibrationResult {
  readonly postgresVersion: string;
  readonly synchronousCommit: string;
  readonly fsync: string;
  readonly inserts: InsertRate[];
  readonly bareKoa: (OpenLoadResult & { cpuPercent: Record<string, number> })[];
}

async function insertRate(ctx: BenchContext, clients: number, seconds: number): Promise<InsertRate> {
  const connections = await Promise.all(Array.from({ length: clients }, () => connectPostgres(ctx.stack.databaseUrl)));
  try {
    return await withCpu(ctx, async () => {
      const latencies: number[] = [];
      const started = performance.now();
      const deadline = started + seconds * 1000;
      await Promise.all(
        connections.map(async (client, c) => {
          for (let i = 0; i < 10_000_000 && performance.now() < deadline; i++) {
            const t = performance.now();
            await client.query('insert into bench_calibration (client, payload) values ($1, $2)', [c, 'x'.repeat(64)]);
            latencies.push(performance.now() - t);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      return { clients, seconds: Math.round(elapsed * 10) / 10, inserts: latencies.length, perSecond: Math.round(latencies.length / elapsed), latencyMs: summarize(latencies) };
    });
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
}

export async function calibration(ctx: BenchContext): Promise<CalibrationResult> {
  const version = (await ctx.sql.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  const synchronousCommit = (await ctx.sql.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]!.synchronous_commit;
  const fsync = (await ctx.sql.query<{ fsync: string }>('show fsync')).rows[0]!.fsync;
  await ctx.sql.query(
    'create table if not exists bench_calibration (id bigserial primary key, client int not null, payload text not null, created_at timestamptz not null default now())',
  );
  const seconds = ctx.quick ? 3 : 10;
  const inserts: InsertRate[] = [];
  for (const clients of [1, 32]) {
    const rate = await insertRate(ctx, clients, seconds);
    ctx.log(`  postgres inserts, ${clients} client(s): ${rate.perSecond}/s, p50 ${rate.latencyMs.p50} ms, p99 ${rate.latencyMs.p99} ms`);
    inserts.push(rate);
  }
  await ctx.sql.query('drop table bench_calibration');

  const koa = await startHelper('bare-koa.ts');
  const roots = [...ctx.cpuRoots, { pid: koa.pid, part: 'bare koa (node)' as const }];
  const bareKoa: CalibrationResult['bareKoa'] = [];
  try {
    const url = `http://127.0.0.1:${koa.port}/`;
    for (let i = 0; i < 20; i++) await request(url); // warm up
    for (const rate of ctx.quick ? [500, 1000, 2000] : [500, 1000, 2000, 3000, 4000]) {
      const result = await withCpu({ ...ctx, cpuRoots: roots }, () =>
        runOpen({
          rate,
          durationMs: ctx.quick ? 3000 : 10_000,
          maxInFlight: 2000,
          drainMs: 15_000,
          op: async () => {
            const response = await request(url, { timeoutMs: 10_000 });
            if (response.status !== 200) throw new Error(`bare koa answered ${response.status}`);
          },
        }),
      );
      ctx.log(`  bare koa ${rate}/s: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, failures ${failures(result)}, loader lag p99 ${result.startLagMs.p99} ms`);
      bareKoa.push(result);
      if (failures(result) > 0 || result.latencyMs.p99 > 100) break;
    }
  } finally {
    await koa.stop();
  }
  return { postgresVersion: version, synchronousCommit, fsync, inserts, bareKoa };
}
