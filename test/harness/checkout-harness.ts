import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { pino, type Logger } from 'pino';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import type { Storefront } from '../../src/checkout/application/storefront.js';
import type { CheckoutSagas } from '../../src/checkout/ports/checkout-sagas.js';
import { loadConfig, type Config } from '../../src/config.js';
import { buildContainer, newId } from '../../adapters/di/container.js';
import { TOKENS } from '../../adapters/di/tokens.js';
import type { TokenIssuer } from '../../adapters/http/auth.js';
import type { Refunds } from '../../src/checkout/application/refunds.js';
import type { RefundSagas } from '../../src/checkout/ports/refund-sagas.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { migrate, openDatabase, seedCatalog, type DemoProduct } from '../../adapters/persistence/database.js';
import { startKhaltiSandbox, type RunningKhaltiSandbox } from '../../adapters/gateways/khalti/sandbox.js';
import { startSandboxes, type RunningSandboxes } from '../../adapters/sandboxes.js';
import type { GatewayId } from '../../src/payments/api.js';
import { freePort } from '../support/ports.js';
import { bundleWorkflows, workflowsPath } from '../../adapters/temporal/worker.js';
import { workflowTracingModule, type Tracing } from '../../adapters/observability/tracing.js';
import { encryptingDataConverter } from '../../adapters/temporal/payload-codec.js';
import { createTestDatabase } from '../support/database.js';
import { createDevServerEnv, createTimeSkippingEnv } from '../support/temporal.js';
import { searchAttributeFlags, workflowIds } from '../../temporal.config.js';
import type { checkoutWorkflow, CheckoutWorkflowInput } from '../../workflows/checkout/checkout.workflow.js';
import { checkoutStateQuery, paymentActionUpdate, type CheckoutState } from '../../workflows/checkout/messages.js';

export const SECRET = 'test_secret_key_workflow_tests';
export const PRODUCTS: readonly (DemoProduct & { readonly priceMinor: number; readonly currency: string })[] = [
  { sku: 'TEA', name: 'Ilam tea', priceMinor: 45_000, currency: 'NPR', onHand: 10 },
  { sku: 'MUG', name: 'Clay mug', priceMinor: 80_000, currency: 'NPR', onHand: 3 },
];

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
const quietBundler = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: console.error };

export interface CheckoutHarnessOptions {
  /**
   * Also start every gateway sandbox with `startSandboxes`, as demo mode does: the config's
   * SANDBOX_PORT and PUBLIC_BASE_URL are the harness's own ports, so the gateways' hosted pages
   * send the browser back to this API and their webhooks reach its `/webhooks/<gateway>`.
   */
  readonly allSandboxes?: boolean;
  /** The catalog's and the shop's currency (default NPR; PayPal takes no NPR). */
  readonly currency?: string;
  /**
   * The Temporal CLI dev server instead of the time-skipping test server: slower to start, no time
   * skipping, but with visibility (list queries by search attribute), as `GET /admin/checkouts` needs.
   */
  readonly temporal?: 'time-skipping' | 'dev-server';
  /**
   * Run the worker without a sticky workflow cache, so {@link CheckoutHarness.restartWorker} can
   * replace it mid-run: the time-skipping server does not hand a stopped worker's sticky tasks on
   * to the next worker (they wait for a timeout its clock never reaches).
   */
  readonly restartableWorker?: boolean;
  /** Where the API's and the activities' log lines go, at debug level (default: nowhere). */
  readonly logLines?: string[];
  /** The API's and the activities' logger, instead of one made from `logLines`. */
  readonly logger?: Logger;
  /** Tracing's Temporal plugin on the client and the worker (whose bundle then has the workflow interceptors). */
  readonly tracing?: Tracing;
}

/** A harness with every gateway sandbox running. */
export interface GatewayHarness extends CheckoutHarness {
  readonly sandboxes: RunningSandboxes;
}

/**
 * Everything a checkout saga runs against, for real: a fresh PostgreSQL database, the Khalti
 * sandbox over HTTP, the time-skipping Temporal server and a worker with the real activities.
 */
export interface CheckoutHarness {
  readonly env: TestWorkflowEnvironment;
  readonly orm: MikroORM;
  readonly sandbox: RunningKhaltiSandbox;
  readonly taskQueue: string;
  readonly storefront: Storefront;
  readonly sagas: CheckoutSagas;
  /** The HTTP API on a loopback port, wired by the composition root. */
  readonly apiUrl: string;
  readonly tokens: TokenIssuer;
  /** The configuration the API was built with (its JWT secret and issuer sign tokens in tests). */
  readonly config: Config;
  readonly refunds: Refunds;
  readonly refundSagas: RefundSagas;
  /** The catalog's currency. */
  readonly currency: string;
  /** Every gateway sandbox, when started with `allSandboxes`. */
  readonly sandboxes?: RunningSandboxes;
  order(lines: readonly { sku: string; quantity: number }[], customerId?: string, gateway?: GatewayId): CheckoutOrder;
  startSaga(order: CheckoutOrder, sync?: CheckoutWorkflowInput['sync']): Promise<WorkflowHandle<typeof checkoutWorkflow>>;
  /** Presses Pay on the sandbox's hosted page; returns the return-URL query Khalti would send. */
  pay(pidx: string): Promise<URLSearchParams>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /**
   * Shuts the worker down (letting the tasks it runs finish) and starts a fresh one on the same
   * task queue, as a deploy or a crashed process would: the sagas must carry on where they were.
   */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function createGatewayHarness(options: Omit<CheckoutHarnessOptions, 'allSandboxes'> = {}): Promise<GatewayHarness> {
  const harness = await createCheckoutHarness({ ...options, allSandboxes: true });
  return harness as GatewayHarness;
}

export async function createCheckoutHarness(options: CheckoutHarnessOptions = {}): Promise<CheckoutHarness> {
  bundle ??= bundleWorkflows();
  const currency = options.currency ?? 'NPR';
  const products = PRODUCTS.map((product) => ({ ...product, currency }));
  const database = await createTestDatabase();
  const orm = await openDatabase(database.url, { poolMax: 5 });
  await migrate(orm);
  await seedCatalog(orm, products);
  const sandbox = await startKhaltiSandbox({ port: 0, secretKey: SECRET });
  // Payloads encrypted as in production, with demo mode's key: the client and the worker share it.
  const plugins = options.tracing === undefined ? {} : { plugins: [options.tracing.plugin] };
  const workflowBundle = options.tracing === undefined ? bundle : bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: [workflowTracingModule], logger: quietBundler });
  const dataConverter = encryptingDataConverter(loadConfig({ DEMO_MODE: 'true', LOG_LEVEL: 'silent' }).temporal.payloadKeys);
  const env =
    options.temporal === 'dev-server'
      ? await createDevServerEnv({ searchAttributes: searchAttributeFlags, dataConverter, ...plugins })
      : await createTimeSkippingEnv({ searchAttributes: searchAttributeFlags, dataConverter, ...plugins });
  const taskQueue = `checkout-test-${randomUUID()}`;
  // With every sandbox, the API's port is chosen first: the config's public URL must name it.
  const apiPort = options.allSandboxes ? await freePort() : 0;
  const sandboxPort = options.allSandboxes ? await freePort() : undefined;
  const config = loadConfig({
    DEMO_MODE: 'true',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: options.allSandboxes ? `http://127.0.0.1:${apiPort}` : 'http://shop.test',
    TEMPORAL_TASK_QUEUE: taskQueue,
    KHALTI_BASE_URL: sandbox.apiBaseUrl,
    KHALTI_SECRET_KEY: SECRET,
    SHOP_CURRENCY: currency,
    ...(sandboxPort === undefined ? {} : { SANDBOX_PORT: String(sandboxPort) }),
  });
  const sandboxes = sandboxPort === undefined ? undefined : await startSandboxes({ port: sandboxPort, config });
  // The production composition root, with the test's database, server and sandbox plugged in.
  const container = buildContainer({
    config,
    logger:
      options.logger ?? (options.logLines === undefined ? pino({ level: 'silent' }) : pino({ level: 'debug' }, { write: (line: string) => void options.logLines!.push(line) })),
    orm,
    temporalClient: env.client,
  });
  const storefront = container.get(TOKENS.storefront);
  const sagas = container.get(TOKENS.checkoutSagas);
  const server = createServer(container.get(TOKENS.httpApp).callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(apiPort, '127.0.0.1', resolve);
  });
  const address = server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const startWorker = async () => {
    const created = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle,
      activities: container.get(TOKENS.workerActivities),
      dataConverter,
      ...plugins,
      ...(options.restartableWorker ? { maxCachedWorkflows: 0 } : {}),
    });
    return { worker: created, running: created.run() };
  };
  let { worker, running } = await startWorker();

  return {
    env,
    orm,
    sandbox,
    currency,
    ...(sandboxes === undefined ? {} : { sandboxes }),
    taskQueue,
    storefront,
    sagas,
    apiUrl,
    tokens: container.get(TOKENS.auth),
    config,
    refunds: container.get(TOKENS.refunds),
    refundSagas: container.get(TOKENS.refundSagas),
    order(lines, customerId = `cus_${randomUUID().slice(0, 8)}`, gateway = 'khalti') {
      const priced = lines.map((line) => {
        const product = products.find((p) => p.sku === line.sku)!;
        const unitPrice = { amountMinor: product.priceMinor, currency };
        return { sku: line.sku, name: product.name, unitPrice, quantity: line.quantity, lineTotal: { amountMinor: product.priceMinor * line.quantity, currency } };
      });
      const subtotal = { amountMinor: priced.reduce((total, line) => total + line.lineTotal.amountMinor, 0), currency };
      return { orderId: newId('ord'), customerId, gateway, lines: priced, subtotal, total: subtotal, placedAt: new Date().toISOString() };
    },
    async startSaga(order, sync) {
      const handle = await env.client.workflow.start<typeof checkoutWorkflow>('checkoutWorkflow', {
        workflowId: workflowIds.checkout(order.orderId),
        taskQueue,
        args: [{ order, ...(sync ? { sync } : {}) }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      await handle.executeUpdate(paymentActionUpdate);
      return handle;
    },
    async pay(pidx) {
      const response = await fetch(`${sandbox.url}/pay`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ pidx, mobile: '9800000001', mpin: '1111' }),
      });
      const location = response.headers.get('location');
      if (response.status !== 302 || location === null) throw new Error(`sandbox pay answered ${response.status}: ${await response.text()}`);
      return new URL(location).searchParams;
    },
    sql: (query, params = []) => orm.em.fork().execute(query, params as unknown[]),
    async restartWorker() {
      worker.shutdown();
      await running;
      ({ worker, running } = await startWorker());
    },
    async close() {
      // Webhooks still on their way would find the API gone: let them land first.
      if (sandboxes !== undefined) await Promise.all([sandboxes.stripe.flushWebhooks(), sandboxes.paypal.settled(), sandboxes.razorpay.webhooksSettled()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      await env.teardown();
      await sandbox.close();
      await sandboxes?.close();
      await orm.close();
      await database.drop();
    },
  };
}

export const stateOf = (handle: WorkflowHandle): Promise<CheckoutState> => handle.query(checkoutStateQuery);
