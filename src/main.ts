/**
 * The command line: `api`, `worker`, `migrate`, or `dev` (everything on one machine: embedded
 * PostgreSQL, Temporal dev server with its UI, gateway sandboxes, worker and API).
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { createLogger } from '../adapters/observability/logger.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildContainer } from '../adapters/di/container.js';
import { TOKENS } from '../adapters/di/tokens.js';
import { DEMO_CATALOG, migrate, openDatabase, seedCatalog } from '../adapters/persistence/database.js';
import { createCheckoutWorker } from '../adapters/temporal/worker.js';
import { ensureLatePaymentReconciliation } from '../adapters/temporal/temporal-late-payments.js';
import { startSandboxes } from '../adapters/sandboxes.js';
import { startMailCatcher, type MailCatcher } from '../adapters/notifications/mail-catcher.js';
import { startEmbeddedPostgres } from '../adapters/runtime/embedded-postgres.js';
import { startTemporalDevServer } from '../adapters/runtime/temporal-dev-server.js';
import { searchAttributeFlags } from '../temporal.config.js';
import { encryptingDataConverter } from '../adapters/temporal/payload-codec.js';
import { serveMetrics } from '../adapters/observability/metrics-server.js';
import { installTemporalRuntime } from '../adapters/observability/temporal-runtime.js';
import { startTracing, tracingPlugins } from '../adapters/observability/tracing.js';

type Stop = () => Promise<void>;

/** Where `npm run build:web` writes the storefront and the console. */
const STOREFRONT_BUILD = path.resolve(import.meta.dirname, '..', '.web-dist');

/** Stops what was started, last first; each step's failure is logged and the rest still run. */
class Lifecycle {
  readonly #stops: { name: string; stop: Stop }[] = [];
  constructor(private readonly logger: Logger) {}
  add(name: string, stop: Stop): void {
    this.#stops.push({ name, stop });
  }
  async stopAll(): Promise<void> {
    for (const { name, stop } of this.#stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        this.logger.error({ err: error }, `stopping ${name} failed`);
      }
    }
    this.#stops.length = 0;
  }
}

function makeLogger(config: Config): Logger {
  return createLogger(config.logLevel);
}

async function openOrm(url: string, config: Config, lifecycle: Lifecycle): Promise<MikroORM> {
  const orm = await openDatabase(url, { poolMax: config.database.poolMax });
  lifecycle.add('database pool', () => orm.close());
  return orm;
}

async function startWorker(config: Config, logger: Logger, orm: MikroORM, address: string, lifecycle: Lifecycle): Promise<Worker> {
  const connection = await NativeConnection.connect({ address });
  const container = buildContainer({ config, logger, orm });
  const worker = await createCheckoutWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: container.get(TOKENS.workerActivities),
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    dataConverter: encryptingDataConverter(config.temporal.payloadKeys),
    plugins: tracingPlugins(),
  });
  const running = worker.run();
  const { workerMetricsAddress, metricsToken } = config.observability;
  if (workerMetricsAddress) lifecycle.add('worker metrics', await serveMetrics(container.get(TOKENS.metrics), workerMetricsAddress, metricsToken));
  // The outbox is delivered by the workers: any number of them share it (rows are claimed with SKIP LOCKED).
  const { dispatcher, closeChannels } = container.get(TOKENS.notificationDispatch);
  dispatcher.start({ pollMs: config.notifications.pollMs });
  lifecycle.add('notification dispatcher', async () => {
    await dispatcher.stop();
    await closeChannels();
  });
  lifecycle.add('worker', async () => {
    // The SDK starts draining by itself on SIGINT/SIGTERM; shutting down twice would throw.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  });
  running.catch((error) => logger.fatal({ err: error }, 'worker stopped'));
  // The reconciliation of late payments runs once per deployment: every worker makes sure it does.
  const clientConnection = await Connection.connect({ address });
  lifecycle.add('reconciliation client', () => clientConnection.close());
  await ensureLatePaymentReconciliation(
    new Client({
      connection: clientConnection,
      namespace: config.temporal.namespace,
      dataConverter: encryptingDataConverter(config.temporal.payloadKeys),
      plugins: tracingPlugins(),
    }),
    config.temporal.taskQueue,
  );
  return worker;
}

async function startApi(config: Config, logger: Logger, orm: MikroORM, address: string, lifecycle: Lifecycle, mail?: MailCatcher): Promise<Server> {
  const connection = await Connection.connect({ address });
  lifecycle.add('temporal client', () => connection.close());
  const temporalClient = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: encryptingDataConverter(config.temporal.payloadKeys),
    plugins: tracingPlugins(),
  });
  const container = buildContainer({ config, logger, orm, temporalClient, ...(mail === undefined ? {} : { mail }) });
  const app = container.get(TOKENS.httpApp);
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, resolve);
  });
  lifecycle.add(
    'http server',
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  );
  return server;
}

function requireSetting<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} must be set for this command (or use \`dev\`, which starts its own)`);
  return value;
}

/** sysexits' EX_CONFIG: a supervisor sees "fix the configuration", not a crash to restart. */
const EXIT_CONFIG = 78;

async function run(command: string): Promise<void> {
  let config: Config;
  try {
    // `npm start` builds the storefront and the console first; `dev` serves them when they are there.
    const built = command === 'dev' && existsSync(path.join(STOREFRONT_BUILD, 'index.html'));
    config = loadConfig(process.env, { demo: command === 'dev', ...(built ? { storefrontDir: STOREFRONT_BUILD } : {}) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`paysaga ${command}: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const logger = makeLogger(config);
  const lifecycle = new Lifecycle(logger);
  // Before the database driver loads (pg is instrumented as it does); off without OTEL_EXPORTER_OTLP_ENDPOINT.
  const tracing = command === 'migrate' ? undefined : startTracing(process.env, { serviceName: 'paysaga' });
  if (tracing) lifecycle.add('tracing', () => tracing.shutdown());
  // Before the worker's first connection: the SDK's logs into pino, its metrics on their own exporter.
  if (command === 'worker' || command === 'dev') installTemporalRuntime({ logger, metricsAddress: config.observability.temporalMetricsAddress });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await lifecycle.stopAll();
    process.exit(0);
  };
  // `on`, not `once`: a second signal while stopping (Ctrl-C pressed again, or relayed by a
  // wrapper such as tsx) must not kill the process before PostgreSQL has stopped.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    switch (command) {
      case 'migrate': {
        const orm = await openOrm(requireSetting(config.database.url, 'DATABASE_URL'), config, lifecycle);
        logger.info({ applied: await migrate(orm) }, 'migrations applied');
        await lifecycle.stopAll();
        return;
      }
      case 'api': {
        const orm = await openOrm(requireSetting(config.database.url, 'DATABASE_URL'), config, lifecycle);
        await startApi(config, logger, orm, requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS'), lifecycle);
        logger.info({ url: config.http.publicBaseUrl }, 'api listening');
        return;
      }
      case 'worker': {
        const orm = await openOrm(requireSetting(config.database.url, 'DATABASE_URL'), config, lifecycle);
        await startWorker(config, logger, orm, requireSetting(config.temporal.address, 'TEMPORAL_ADDRESS'), lifecycle);
        logger.info({ taskQueue: config.temporal.taskQueue }, 'worker polling');
        return;
      }
      case 'dev':
        await runDev(config, logger, lifecycle);
        return;
      default:
        throw new Error(`unknown command ${JSON.stringify(command)}: use api, worker, migrate or dev`);
    }
  } catch (error) {
    logger.fatal({ err: error }, `${command} failed to start`);
    await lifecycle.stopAll();
    process.exit(1);
  }
}

async function runDev(config: Config, logger: Logger, lifecycle: Lifecycle): Promise<void> {
  const dataDir = path.resolve(config.dataDir);
  let databaseUrl = config.database.url;
  if (databaseUrl === undefined) {
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: config.database.embeddedPort, database: 'paysaga' });
    lifecycle.add('embedded postgres', () => postgres.stop());
    databaseUrl = postgres.url;
  }
  let temporalAddress = config.temporal.address;
  let temporalUi: string | undefined;
  if (temporalAddress === undefined) {
    const server = await startTemporalDevServer({
      dbFilename: path.join(dataDir, 'temporal.db'),
      port: config.temporal.devPort,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      searchAttributes: searchAttributeFlags,
      // The UI decodes the encrypted payloads through the API's codec endpoint.
      uiCodecEndpoint: `${config.http.publicBaseUrl}/codec`,
    });
    lifecycle.add('temporal dev server', () => server.stop());
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
  }
  const orm = await openOrm(databaseUrl, config, lifecycle);
  const applied = await migrate(orm);
  const seeded = await seedCatalog(orm, DEMO_CATALOG, config.currencies);
  const sandboxes = await startSandboxes({ port: config.sandbox.port, config });
  lifecycle.add('gateway sandboxes', () => sandboxes.close());
  // Every email the shop sends lands here (SMTP_URL's demo default); GET /dev/mail lists them.
  const mail = await startMailCatcher({ port: config.notifications.mailCatcherPort });
  lifecycle.add('mail catcher', () => mail.close());
  await startWorker(config, logger, orm, temporalAddress, lifecycle);
  await startApi(config, logger, orm, temporalAddress, lifecycle, mail);
  logger.info({ migrations: applied, productsSeeded: seeded }, 'database ready');
  const lines = [
    '',
    'paysaga is running (demo mode). Ctrl-C stops everything.',
    config.http.storefrontDir === undefined
      ? '  Storefront        not built (npm run build:web; npm start builds it)'
      : `  Storefront        ${config.http.publicBaseUrl}/   operator console ${config.http.publicBaseUrl}/console`,
    `  API               ${config.http.publicBaseUrl}   (GET /health, POST /dev/token, POST /checkouts, GET /docs)`,
    `  Temporal          ${temporalAddress}${temporalUi ? `   UI ${temporalUi}` : ''}`,
    `  PostgreSQL        ${databaseUrl.replace(/\/\/([^:]+):[^@]+@/, '//$1:***@')}`,
    `  Gateway sandboxes ${sandboxes.mounted.map((gateway) => `${sandboxes.baseUrl}/${gateway}/`).join('  ')}`,
    `  WhatsApp sandbox  ${sandboxes.baseUrl}/whatsapp/   (messages sent: GET ${sandboxes.baseUrl}/whatsapp/__sandbox/messages)`,
    `  Mail              smtp://127.0.0.1:${mail.port}   (what the shop sent: GET ${config.http.publicBaseUrl}/dev/mail)`,
    `  Data              ${dataDir}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await run(process.argv[2] ?? 'dev');
