/**
 * The chaos run's stack: PostgreSQL (embedded, durable settings) and the Temporal dev server (file
 * database) as child processes, the gateway sandboxes in this process, the API and the workers as
 * processes of their own (`src/main.ts api|worker`), each part restartable while the load runs.
 */
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../src/config.js';
import { migrate, openDatabase, seedCatalog } from '../../adapters/persistence/database.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../adapters/runtime/embedded-postgres.js';
import { startTemporalDevServer, type RunningTemporalDevServer } from '../../adapters/runtime/temporal-dev-server.js';
import { startSandboxes } from '../../adapters/sandboxes.js';
import { searchAttributeFlags } from '../../temporal.config.js';
import { freePort, makeDataDir, sleep, spawnMain, waitFor } from '../lib/local-stack.js';

export interface ChaosStack {
  readonly apiUrl: string;
  readonly sandboxUrl: string;
  readonly postgresPort: number;
  /** Units on hand per SKU when the load starts, for the oracle. */
  readonly initialStock: Record<string, number>;
  readonly api: ChildProcess;
  /** The running workers; a killed one is replaced in place. */
  readonly workers: ChildProcess[];
  postgresUrl(): string;
  temporalAddress(): string;
  spawnWorker(): ChildProcess;
  restartTemporal(): Promise<void>;
  /** Stops PostgreSQL, waits `downMs`, and starts it again on the same data. */
  restartPostgres(downMs: number): Promise<void>;
  /** How many checkout sagas Temporal still runs. */
  runningCheckouts(): Promise<number>;
  /** Kills whatever still runs and, unless asked to keep it, removes the data. */
  stop(): Promise<void>;
}

export async function startChaosStack(options: { readonly workers: number; readonly keepData: boolean }): Promise<ChaosStack> {
  const dataDir = await makeDataDir('paysaga-chaos-');
  const ports = { postgres: await freePort(), temporal: await freePort(), api: await freePort(), sandbox: await freePort() };
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const children = new Set<ChildProcess>();
  let postgres: RunningPostgres | undefined;
  let temporal: RunningTemporalDevServer | undefined;
  let sandboxes: Awaited<ReturnType<typeof startSandboxes>> | undefined;
  const stop = async () => {
    for (const child of children) child.kill('SIGKILL');
    await sandboxes?.close();
    await temporal?.stop();
    await postgres?.stop();
    if (!options.keepData) await rm(dataDir, { recursive: true, force: true });
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

    const spawnPart = (role: 'api' | 'worker'): ChildProcess => {
      const child = spawnMain(role, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      children.add(child);
      child.once('exit', () => children.delete(child));
      child.stderr!.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (/fatal|failed to start/i.test(text)) process.stderr.write(`[${role} ${child.pid}] ${text.slice(0, 500)}`);
      });
      return child;
    };
    const api = spawnPart('api');
    const workers = Array.from({ length: options.workers }, () => spawnPart('worker'));
    await waitFor(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.status === 200, 120_000, 'the API');

    return {
      apiUrl,
      sandboxUrl: sandboxes.baseUrl,
      postgresPort: postgres.port,
      initialStock,
      api,
      workers,
      postgresUrl: () => postgres!.url,
      temporalAddress: () => temporal!.address,
      spawnWorker: () => spawnPart('worker'),
      restartTemporal: async () => {
        await temporal!.stop();
        temporal = await startTemporal();
      },
      restartPostgres: async (downMs) => {
        await postgres!.stop();
        await sleep(downMs);
        postgres = await startPostgres();
      },
      runningCheckouts: () => runningCheckouts(temporal!.address),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
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
