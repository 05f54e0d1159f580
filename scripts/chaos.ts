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
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Connection, Client } from '@temporalio/client';
import { loadConfig } from '../src/config.js';
import { migrate, openDatabase, seedCatalog } from '../adapters/persistence/database.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../adapters/runtime/embedded-postgres.js';
import { startTemporalDevServer, type RunningTemporalDevServer } from '../adapters/runtime/temporal-dev-server.js';
import { startSandboxes } from '../adapters/sandboxes.js';
import { STRIPE_TEST_CARDS } from '../adapters/gateways/stripe/sandbox.js';
import { checkInvariants } from '../adapters/persistence/invariant-oracle.js';
import { searchAttributeFlags } from '../temporal.config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
let seed = Number(args.seed) >>> 0;
/** mulberry32: every random choice of a run comes from its seed. */
const random = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) => process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

type Kind = 'khalti' | 'khalti_no_callback' | 'stripe' | 'bank_transfer';
interface Saga {
  readonly i: number;
  readonly kind: Kind;
  readonly customer: number;
  orderId?: string;
  final?: string;
  cancelReason?: string;
  returnStatuses: number[];
  errors: string[];
  step?: string;
}

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
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'paysaga-chaos-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as another user that must enter it
  const ports = { postgres: await freePort(), temporal: await freePort(), api: await freePort(), sandbox: await freePort() };
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const children = new Set<ChildProcess>();
  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporalDevServer | undefined;
  let sandboxes: Awaited<ReturnType<typeof startSandboxes>> | undefined;
  const stopAll = async () => {
    for (const child of children) child.kill('SIGKILL');
    await sandboxes?.close();
    await temporal?.stop();
    await postgres?.stop();
    if (!args['keep-data']) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const startPostgres = () => startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: ports.postgres, database: 'paysaga' });
    const startTemporal = () =>
      startTemporalDevServer({
        dbFilename: path.join(dataDir, 'temporal.db'),
        port: ports.temporal,
        uiPort: false,
        namespace: 'default',
        searchAttributes: searchAttributeFlags,
        onLog: () => undefined,
      });
    postgres = await startPostgres();
    temporal = await startTemporal();
    const setup = await openDatabase(postgres.url, { poolMax: 2 });
    await migrate(setup);
    await seedCatalog(setup);
    // Few pashminas: some paid orders find the stock gone and their money goes to the wallet.
    await setup.em.fork().execute(`update products set on_hand = case sku when 'PASHMINA-GREY' then 4 when 'MUG-CLAY' then 200 else on_hand end`);
    const initialStock = Object.fromEntries(
      (await setup.em.fork().execute<{ sku: string; on_hand: number }[]>(`select sku, on_hand from products`)).map((row) => [row.sku, row.on_hand]),
    );
    await setup.close();

    const env: Record<string, string> = {
      DEMO_MODE: 'true',
      LOG_LEVEL: 'warn',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(ports.api),
      HOST: '127.0.0.1',
      SANDBOX_PORT: String(ports.sandbox),
      PUBLIC_BASE_URL: apiUrl,
    };
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    sandboxes = await startSandboxes({ port: ports.sandbox, config });
    const sandboxUrl = sandboxes.baseUrl;

    const spawnPart = (role: 'api' | 'worker'): ChildProcess => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], { cwd: root, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
      children.add(child);
      child.once('exit', () => children.delete(child));
      child.stderr!.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (/fatal|failed to start/i.test(text)) process.stderr.write(`[${role} ${child.pid}] ${text.slice(0, 500)}`);
      });
      return child;
    };
    const api = spawnPart('api');
    const workers: ChildProcess[] = [spawnPart('worker'), spawnPart('worker')];
    await waitFor(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.status === 200, 120_000, 'the API');
    log(`stack up: postgres ${postgres.port}, temporal ${temporal.address}, api ${apiUrl}, workers ${workers.map((w) => w.pid).join(', ')}`);

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
        workers[index] = spawnPart('worker');
        if (figures.temporalRestarts === 0 && figures.sagas >= total * 0.3) {
          log('restarting the Temporal dev server');
          await temporal!.stop();
          temporal = await startTemporal();
          figures.temporalRestarts += 1;
        } else if (figures.postgresRestarts === 0 && figures.sagas >= total * 0.6) {
          log('restarting PostgreSQL');
          await postgres!.stop();
          await sleep(2_000);
          postgres = await startPostgres();
          figures.postgresRestarts += 1;
        }
      }
    })();

    // The load: shoppers, a few at a time.
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
      const run = shop(saga)
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

    // Every saga must end: poll each order until its checkout is confirmed or cancelled.
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
    for (const saga of sagas) {
      const outcome =
        saga.final === 'refused'
          ? 'refused:sold_out'
          : saga.orderId === undefined
            ? 'not_started'
            : saga.final === undefined
              ? 'unfinished'
              : saga.cancelReason
                ? `${saga.final}:${saga.cancelReason}`
                : saga.final;
      figures.outcomes[`${saga.kind} ${outcome}`] = (figures.outcomes[`${saga.kind} ${outcome}`] ?? 0) + 1;
      if (outcome === 'unfinished' || outcome === 'not_started') figures.unfinished += 1;
      figures.returns5xx += saga.returnStatuses.filter((status) => status >= 500).length;
    }
    const running = await runningCheckouts(temporal.address);
    if (running > 0) figures.unfinished = Math.max(figures.unfinished, running);

    const oracleDb = await openDatabase(postgres.url, { poolMax: 2 });
    try {
      const result = await checkInvariants(oracleDb, { initialStock });
      figures.oracle = { ok: result.ok, violations: result.violations };
      figures.checked = result.counted;
    } finally {
      await oracleDb.close();
    }
    api.kill('SIGTERM');
    for (const worker of workers) worker.kill('SIGTERM');
    figures.durationS = Math.round((performance.now() - started) / 1000);
    for (const saga of sagas.filter((s) => s.errors.length > 0).slice(0, 10)) log(`saga ${saga.i} (${saga.kind}) errors: ${saga.errors.join(' | ').slice(0, 400)}`);
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(
      `\n| ${new Date().toISOString().slice(0, 10)} | seed ${args.seed} | ${figures.sagas} sagas | ${figures.workerKills} worker kills | ${figures.temporalRestarts} Temporal / ${figures.postgresRestarts} PostgreSQL restarts | ${figures.callbacksDropped} callbacks dropped | ${figures.unfinished} unfinished | ${figures.returns5xx} returns 5xx | oracle ${figures.oracle.ok ? 'holds' : `${figures.oracle.violations.length} violations`} | ${figures.durationS} s |\n`,
    );
    if (args.json) await writeFile(args.json, JSON.stringify(figures, null, 2));
    const failed = figures.unfinished > 0 || figures.returns5xx > 0 || !figures.oracle.ok;
    process.exitCode = failed ? 1 : 0;

    /** One shopper's checkout, paid as its kind says, retried through the faults like a browser would. */
    async function shop(saga: Saga): Promise<void> {
      const auth = { authorization: `Bearer ${shoppers[saga.customer]}` };
      const pashmina = random() < 0.08;
      const items = [{ sku: pashmina ? 'PASHMINA-GREY' : random() < 0.5 ? 'TEA-ILAM-250' : 'MUG-CLAY', quantity: 1 }];
      const gateway = saga.kind === 'khalti_no_callback' ? 'khalti' : saga.kind;
      saga.step = 'create';
      const created = await call(`${apiUrl}/checkouts`, {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': `chaos-${args.seed}-${saga.i}` },
        json: { items, gateway },
        accept: (status) => status === 201 || status === 202 || status === 409,
      });
      const body = (await created.json()) as { orderId: string; redirectUrl?: string; paymentAction?: { url?: string }; code?: string };
      if (created.status === 409) {
        // Sold out when the shopper asked (the quote refuses): nothing was started.
        if (body.code !== 'inventory.insufficient_stock') throw new Error(`checkout answered 409 ${body.code}`);
        saga.final = 'refused';
        saga.cancelReason = 'sold_out';
        return;
      }
      saga.orderId = body.orderId;
      let url = body.paymentAction?.url ?? body.redirectUrl;
      // A 202: the saga has not created the payment yet (a worker was just killed, say). Ask again.
      for (let attempt = 0; url === undefined && saga.kind !== 'bank_transfer' && attempt < 120; attempt += 1) {
        await sleep(1_000);
        const again = await fetch(`${apiUrl}/checkouts/${body.orderId}`, { headers: auth, signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
        if (again?.status === 200) url = ((await again.json()) as { redirectUrl?: string }).redirectUrl;
      }
      saga.step = 'pay';
      if (saga.kind === 'bank_transfer') {
        await sleep(1_000 + random() * 3_000);
        const verdict = random() < 0.7 ? 'approve' : 'reject';
        await call(`${apiUrl}/admin/checkouts/${body.orderId}/${verdict}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${operator}` },
          json: { reason: `chaos ${verdict}` },
          // 409: the command already landed before a retry (the saga took it up).
          accept: (status) => status === 200 || status === 409,
        });
        return;
      }
      if (url === undefined) throw new Error(`checkout ${body.orderId} has no payment action`);
      await sleep(random() * 1_500);
      let back: string;
      if (gateway === 'khalti') {
        const pidx = new URL(url).searchParams.get('pidx')!;
        back = await redirectOf(`${sandboxUrl}/khalti/pay`, new URLSearchParams({ pidx, mobile: '9800000001', mpin: '1111' }));
      } else {
        back = await redirectOf(`${url}/confirm`, new URLSearchParams({ card_number: STRIPE_TEST_CARDS.succeeds }));
      }
      if (saga.kind === 'khalti_no_callback') {
        figures.callbacksDropped += 1;
        return;
      }
      saga.step = 'return';
      // The browser lands on the return URL; a shopper reloads a page that did not answer.
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const landed = await fetch(back, { redirect: 'manual', signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
        if (landed === undefined) {
          await sleep(1_000);
          continue;
        }
        saga.returnStatuses.push(landed.status);
        if (landed.status < 500) return;
        await sleep(1_000);
      }
    }
  } finally {
    await stopAll();
  }
}

async function runningCheckouts(address: string): Promise<number> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    let count = 0;
    for await (const _ of client.workflow.list({ query: `WorkflowType = "checkoutWorkflow" AND ExecutionStatus = "Running"` })) count += 1;
    return count;
  } finally {
    await connection.close();
  }
}

/** An HTTP call retried through restarts (connection refused, 5xx), as a patient client would. */
async function call(url: string, options: { method?: string; headers?: Record<string, string>; json?: unknown; accept?: (status: number) => boolean }): Promise<Response> {
  const accept = options.accept ?? ((status: number) => status >= 200 && status < 300);
  let last = '';
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(30_000),
      method: options.method ?? 'GET',
      headers: { ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    }).catch((error: unknown) => {
      last = String(error);
      return undefined;
    });
    if (response !== undefined) {
      if (accept(response.status)) return response;
      last = `${response.status} ${(await response.text()).slice(0, 300)}`;
      // A 409 for a key still in progress, a 5xx while a part restarts: try again.
      if (response.status < 500 && response.status !== 409 && response.status !== 429) break;
    }
    await sleep(1_000 + attempt * 250);
  }
  throw new Error(`${options.method ?? 'GET'} ${url}: ${last}`);
}

async function redirectOf(url: string, form: URLSearchParams): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    }).catch(() => undefined);
    const location = response?.headers.get('location');
    if (response !== undefined && response.status >= 300 && response.status < 400 && location) return location;
    await sleep(1_000);
  }
  throw new Error(`${url} never redirected`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`${what} did not come up in ${timeoutMs} ms`);
}

await main();
