/**
 * `npm run chaos`: the real stack under load while its parts fail, then the invariant oracle.
 *
 * PostgreSQL (embedded, durable settings) and the Temporal dev server (file database) run as
 * child processes of this script, the gateway sandboxes in this process (they stand for the
 * gateways), the API and two workers as processes of their own (`src/main.ts api|worker`).
 * Shoppers pay with Khalti (browser return), Stripe (signed webhooks racing the return) and bank
 * transfer (approved or rejected by an operator) while: a worker is SIGKILLed every few seconds
 * and started again; the Temporal dev server is restarted; PostgreSQL is restarted; and one batch
 * of shoppers pays without their callback ever arriving (the sagas must find those payments by
 * asking the gateway). Then every saga must end, and the oracle must hold.
 *
 *   npm run chaos -- [--sagas 120] [--minutes 4] [--seed 1] [--json out.json]
 *
 * Shoppers arrive evenly over the minutes given, at most 8 paying at once.
 *
 * Exits non-zero when a saga did not end, a shopper saw a 5xx for a verified payment, or the
 * oracle found a violation. Figures are printed as JSON and a Markdown row for RELIABILITY.md.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../adapters/persistence/database.js';
import { checkInvariants } from '../adapters/persistence/invariant-oracle.js';
import { mulberry32 } from '../test/simulation/prng.js';
import { startChaosStack } from './chaos/stack.js';
import { call, shop, type Kind, type Saga } from './chaos/shopper.js';
import { sleep } from './lib/local-stack.js';

const { values: args } = parseArgs({
  options: {
    sagas: { type: 'string', default: '120' },
    minutes: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    json: { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
  },
});
const sagaCount = Number(args.sagas);
/** mulberry32: every random choice of a run comes from its seed. */
const random = mulberry32(Number(args.seed) >>> 0).next;
const log = (message: string) => process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const figures = {
  sagas: 0,
  workerKills: 0,
  temporalRestarts: 0,
  postgresRestarts: 0,
  callbacksDropped: 0,
  outcomes: {} as Record<string, number>,
  returns5xx: 0,
  unfinished: 0,
  oracle: { ok: false, violations: [] as unknown[] },
  checked: {} as Record<string, number>,
  durationS: 0,
};

async function main(): Promise<void> {
  const started = performance.now();
  const stack = await startChaosStack({ workers: 2, keepData: args['keep-data'] });
  try {
    const { apiUrl, workers } = stack;
    log(`stack up: postgres ${stack.postgresPort}, temporal ${stack.temporalAddress()}, api ${apiUrl}, workers ${workers.map((w) => w.pid).join(', ')}`);

    const token = async (body: Record<string, string>) => {
      const response = await call(`${apiUrl}/dev/token`, { method: 'POST', json: body });
      return ((await response.json()) as { token: string }).token;
    };
    const shoppers = await Promise.all(Array.from({ length: 6 }, (_, i) => token({ customerId: `cus_chaos_${i}` })));
    const operator = await token({ customerId: 'ops_chaos', role: 'operator' });

    // The faults, on their own clock while the load runs.
    let loadRunning = true;
    const faults = (async () => {
      const total = sagaCount;
      while (loadRunning) {
        await sleep(4_000 + random() * 6_000);
        if (!loadRunning) break;
        const index = Math.floor(random() * workers.length);
        const victim = workers[index]!;
        victim.kill('SIGKILL');
        figures.workerKills += 1;
        await sleep(500 + random() * 2_500);
        workers[index] = stack.spawnWorker();
        if (figures.temporalRestarts === 0 && figures.sagas >= total * 0.3) {
          log('restarting the Temporal dev server');
          await stack.restartTemporal();
          figures.temporalRestarts += 1;
        } else if (figures.postgresRestarts === 0 && figures.sagas >= total * 0.6) {
          log('restarting PostgreSQL');
          await stack.restartPostgres(2_000);
          figures.postgresRestarts += 1;
        }
      }
    })();

    // The load: shoppers, a few at a time.
    const shopping = {
      apiUrl,
      sandboxUrl: stack.sandboxUrl,
      seed: args.seed,
      shoppers,
      operator,
      random,
      onCallbackDropped: () => void (figures.callbacksDropped += 1),
    };
    const sagas: Saga[] = [];
    const dropBatch = { from: Math.floor(sagaCount * 0.4), to: Math.floor(sagaCount * 0.5) };
    for (let i = 0; i < sagaCount; i += 1) {
      const dice = random();
      const kind: Kind = i >= dropBatch.from && i < dropBatch.to ? 'khalti_no_callback' : dice < 0.5 ? 'khalti' : dice < 0.8 ? 'stripe' : 'bank_transfer';
      sagas.push({ i, kind, customer: Math.floor(random() * shoppers.length), returnStatuses: [], errors: [] });
    }
    const arrivalMs = (Number(args.minutes) * 60_000) / sagaCount;
    const inFlight = new Set<Promise<void>>();
    for (const saga of sagas) {
      const run = shop(saga, shopping)
        .catch((error: unknown) => void saga.errors.push(String(error)))
        .finally(() => (saga.step = 'done'));
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
      figures.sagas += 1;
      if (figures.sagas % 10 === 0) log(`${figures.sagas} sagas started, ${figures.workerKills} worker kills so far`);
      if (inFlight.size >= 8) await Promise.race(inFlight);
      await sleep(arrivalMs * (0.5 + random()));
    }
    while (inFlight.size > 0) {
      log(
        `${inFlight.size} shopper(s) still paying: ${sagas
          .filter((x) => x.step !== 'done')
          .map((x) => `${x.i}:${x.step}`)
          .join(' ')}`,
      );
      await Promise.race([Promise.all(inFlight), sleep(15_000)]);
    }
    loadRunning = false;
    await faults;
    log(`load done: ${figures.sagas} sagas, ${figures.workerKills} worker kills; waiting for every saga to end`);

    await awaitEveryEnd(apiUrl, sagas, shoppers);
    for (const saga of sagas) {
      const outcome = outcomeOf(saga);
      figures.outcomes[`${saga.kind} ${outcome}`] = (figures.outcomes[`${saga.kind} ${outcome}`] ?? 0) + 1;
      if (outcome === 'unfinished' || outcome === 'not_started') figures.unfinished += 1;
      figures.returns5xx += saga.returnStatuses.filter((status) => status >= 500).length;
    }
    const running = await stack.runningCheckouts();
    if (running > 0) figures.unfinished = Math.max(figures.unfinished, running);

    const oracleDb = await openDatabase(stack.postgresUrl(), { poolMax: 2 });
    try {
      const result = await checkInvariants(oracleDb, { initialStock: stack.initialStock });
      figures.oracle = { ok: result.ok, violations: result.violations };
      figures.checked = result.counted;
    } finally {
      await oracleDb.close();
    }
    stack.api.kill('SIGTERM');
    for (const worker of workers) worker.kill('SIGTERM');
    figures.durationS = Math.round((performance.now() - started) / 1000);
    for (const saga of sagas.filter((s) => s.errors.length > 0).slice(0, 10)) log(`saga ${saga.i} (${saga.kind}) errors: ${saga.errors.join(' | ').slice(0, 400)}`);
    await report();
  } finally {
    await stack.stop();
  }
}

/** Every saga must end: polls each order until its checkout is confirmed, cancelled or parked, for 15 minutes at most. */
async function awaitEveryEnd(apiUrl: string, sagas: readonly Saga[], shoppers: readonly string[]): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  for (const saga of sagas) {
    if (saga.orderId === undefined) continue;
    const tokenOf = shoppers[saga.customer]!;
    while (saga.final === undefined && Date.now() < deadline) {
      const response = await fetch(`${apiUrl}/checkouts/${saga.orderId}`, { headers: { authorization: `Bearer ${tokenOf}` }, signal: AbortSignal.timeout(30_000) }).catch(
        () => undefined,
      );
      if (response?.status === 200) {
        const body = (await response.json()) as { checkoutStatus: string; cancelReason?: string };
        if (body.checkoutStatus === 'confirmed' || body.checkoutStatus === 'cancelled') {
          saga.final = body.checkoutStatus;
          if (body.cancelReason) saga.cancelReason = body.cancelReason;
          break;
        }
        if (body.checkoutStatus === 'needs_attention') {
          saga.final = 'needs_attention';
          break;
        }
      }
      await sleep(1_000);
    }
  }
}

function outcomeOf(saga: Saga): string {
  if (saga.final === 'refused') return 'refused:sold_out';
  if (saga.orderId === undefined) return 'not_started';
  if (saga.final === undefined) return 'unfinished';
  return saga.cancelReason ? `${saga.final}:${saga.cancelReason}` : saga.final;
}

/** The figures as JSON (and to `--json`), a Markdown row for RELIABILITY.md, and the exit code. */
async function report(): Promise<void> {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(
    `\n| ${new Date().toISOString().slice(0, 10)} | seed ${args.seed} | ${figures.sagas} sagas | ${figures.workerKills} worker kills | ${figures.temporalRestarts} Temporal / ${figures.postgresRestarts} PostgreSQL restarts | ${figures.callbacksDropped} callbacks dropped | ${figures.unfinished} unfinished | ${figures.returns5xx} returns 5xx | oracle ${figures.oracle.ok ? 'holds' : `${figures.oracle.violations.length} violations`} | ${figures.durationS} s |\n`,
  );
  if (args.json) await writeFile(args.json, JSON.stringify(figures, null, 2));
  const failed = figures.unfinished > 0 || figures.returns5xx > 0 || !figures.oracle.ok;
  process.exitCode = failed ? 1 : 0;
}

await main();
