/**
 * `npm run bench:observability [-- --quick] [--rate=4] [--rounds=2]`
 *
 * What metrics and tracing cost a checkout saga, side by side: the same stack as `npm start`,
 * started once per mode, driven at one constant arrival rate (create checkout → pay on the Khalti
 * sandbox → the browser's return → confirmed), each mode on a fresh stack.
 *
 * - `quiet`: the counters count (they always do) but nothing reads them, and no tracing;
 * - `scraped`: `/metrics` and the Temporal SDK's exporter scraped every second (15× Prometheus'
 *   usual interval, to make the cost visible), scrape-time queries included;
 * - `traced`: tracing on, exporting over OTLP/HTTP to a local sink that accepts and counts;
 * - `both`.
 *
 * The modes run in rounds, each round in the reverse order of the last (quiet, scraped, traced,
 * both, both, traced, …), and each figure is the median over the rounds, so a machine whose other
 * load drifts during the run does not favour the modes that ran first or last. The table says how
 * much CPU other processes took meanwhile.
 *
 * Writes `bench-results/<time>-observability.md` and prints the table.
 */
import { createServer } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeContext, resetStock, withCpu } from './lib/context.js';
import { request } from './lib/http.js';
import { failures, runOpen } from './lib/loader.js';
import { createCheckout, landAndWaitConfirmed, payWithKhalti } from './lib/shopper.js';
import { root, freePort, startStack, stopStack } from './lib/stack.js';
import { summarize, type Summary } from './lib/stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rate = Number(args.find((a) => a.startsWith('--rate='))?.slice('--rate='.length) ?? 4);
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 2);
const durationMs = quick ? 10_000 : 30_000;
const MODES = ['quiet', 'scraped', 'traced', 'both'] as const;
type Mode = (typeof MODES)[number];

interface ModeResult {
  readonly mode: Mode;
  readonly completedPerSecond: number;
  readonly failures: number;
  readonly sagaMs: Summary;
  readonly scrapeMs: Summary;
  readonly cpuPercent: number;
  readonly othersCpuPercent: number;
  readonly traceBytes: number;
}

/** A stand-in OTLP collector: accepts every export, keeps only how many bytes came. */
async function startSink(): Promise<{ url: string; bytes: () => number; close: () => Promise<void> }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, bytes: () => bytes, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function runMode(mode: Mode, sink: { url: string; bytes: () => number }): Promise<ModeResult> {
  const scraped = mode === 'scraped' || mode === 'both';
  const traced = mode === 'traced' || mode === 'both';
  const temporalMetrics = `127.0.0.1:${await freePort()}`;
  const stack = await startStack({
    RATE_LIMIT_TOKENS_PER_MINUTE: '100000',
    ...(scraped ? { TEMPORAL_METRICS_ADDRESS: temporalMetrics } : {}),
    ...(traced ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {}),
  });
  const ctx = await makeContext(stack, quick, (line) => process.stdout.write(`${line}\n`));
  const scrapes: number[] = [];
  let scraping = true;
  const scraper = (async () => {
    while (scraped && scraping) {
      const t0 = performance.now();
      await request(`${stack.api}/metrics`);
      await request(`http://${temporalMetrics}/metrics`);
      scrapes.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  try {
    await resetStock(ctx);
    const bytesBefore = sink.bytes();
    const result = await withCpu(ctx, () =>
      runOpen({
        rate,
        durationMs,
        maxInFlight: 3000,
        drainMs: 90_000,
        op: async (i) => {
          const checkout = await createCheckout(ctx, i);
          const returnUrl = await payWithKhalti(ctx, checkout.pidx);
          await landAndWaitConfirmed(ctx, checkout, returnUrl);
        },
      }),
    );
    return {
      mode,
      completedPerSecond: result.completedPerSecond,
      failures: failures(result),
      sagaMs: result.latencyMs,
      scrapeMs: summarize(scrapes),
      cpuPercent: result.cpuPercent['api+worker (node)'] ?? 0,
      othersCpuPercent: result.cpuPercent['other processes on the machine'] ?? 0,
      traceBytes: sink.bytes() - bytesBefore,
    };
  } finally {
    scraping = false;
    await scraper;
    await ctx.sql.end().catch(() => undefined);
    await stopStack(stack);
  }
}

const sink = await startSink();
const runs: ModeResult[] = [];
try {
  for (let round = 0; round < rounds; round += 1) {
    for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
      process.stdout.write(`round ${round + 1}, ${mode}: ${rate} sagas/s for ${durationMs / 1000} s\n`);
      runs.push(await runMode(mode, sink));
    }
  }
} finally {
  await sink.close();
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const results = MODES.map((mode) => {
  const of = runs.filter((run) => run.mode === mode);
  const m = (pick: (run: ModeResult) => number) => median(of.map(pick));
  return {
    mode,
    completedPerSecond: m((r) => r.completedPerSecond),
    failures: of.reduce((total, r) => total + r.failures, 0),
    p50: m((r) => r.sagaMs.p50),
    p99: m((r) => r.sagaMs.p99),
    cpu: m((r) => r.cpuPercent),
    others: m((r) => r.othersCpuPercent),
    scrape: of.some((r) => r.scrapeMs.count > 0) ? m((r) => r.scrapeMs.p50) : undefined,
    kibPerSaga: m((r) => r.traceBytes / 1024 / Math.max(1, r.sagaMs.count)),
  };
});

const baseline = results[0]!;
const lines = [
  `Sagas at ${rate}/s for ${durationMs / 1000} s per run, ${rounds} rounds, each run on a fresh \`npm start\` stack; medians over the rounds (${new Date().toISOString()}).`,
  '',
  '| mode | completed/s | failures | saga p50 ms | saga p99 ms | p50 vs quiet | API+worker CPU % | other processes CPU % | scrape p50 ms | OTLP KiB/saga |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results
    .map((r) =>
      [
        r.mode,
        r.completedPerSecond.toFixed(1),
        r.failures,
        Math.round(r.p50),
        Math.round(r.p99),
        `${r.p50 >= baseline.p50 ? '+' : ''}${Math.round(((r.p50 - baseline.p50) / baseline.p50) * 100)}%`,
        Math.round(r.cpu),
        Math.round(r.others),
        r.scrape === undefined ? '–' : Math.round(r.scrape),
        r.kibPerSaga === 0 ? '–' : r.kibPerSaga.toFixed(1),
      ].join(' | '),
    )
    .map((row) => `| ${row} |`),
];
process.stdout.write(`\n${lines.join('\n')}\n`);
const dir = path.join(root, 'bench-results');
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-observability.md`), `${lines.join('\n')}\n`);
