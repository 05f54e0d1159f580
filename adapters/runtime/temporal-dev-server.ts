/**
 * The Temporal CLI's dev server (`temporal server start-dev`) as a child process, with its state
 * in a SQLite file so sagas survive a restart, and its web UI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes, type SearchAttributeDefinitions } from './search-attributes.js';
import { temporalCliPath } from './temporal-binaries.js';

export type { SearchAttributeDefinitions, SearchAttributeTypeName } from './search-attributes.js';

export interface TemporalDevServerOptions {
  /** SQLite file holding all server state; created with its folder when missing. */
  dbFilename: string;
  /** Frontend gRPC port, usually 7233. */
  port: number;
  /** Web UI port, usually 8233; `false` runs headless. */
  uiPort: number | false;
  /** The remote codec the web UI decodes payloads with (this service's `/codec`). */
  uiCodecEndpoint?: string;
  /** Created at first launch; `default` always exists. */
  namespace: string;
  searchAttributes: SearchAttributeDefinitions;
  /** Address to bind. Default `127.0.0.1`. */
  ip?: string;
  /** How long to wait for the server to answer. Default 60 s. */
  startTimeoutMs?: number;
  /** The server's own output (warnings and errors only). Default: the parent's stderr. */
  onLog?: (line: string) => void;
  /**
   * SQLite `synchronous` in WAL mode. `normal` (default): a commit survives a crash or kill of
   * the server process, an OS crash or power cut can lose the last commits. `full`: an fsync per
   * commit, which roughly halves what the server sustains on this kind of disk.
   */
  synchronous?: 'normal' | 'full';
}

/**
 * What `start-dev` needs to keep up with more than a handful of workflows per second.
 *
 * - SQLite in WAL mode: the default rollback journal creates, syncs and deletes a journal file
 *   per commit and caps the server at about 10 workflows/s of 4 activities (BENCHMARKS.md).
 * - The dev server runs one history shard, and each shard reads its transfer, timer and
 *   visibility queues at most 20 times a second by default. Once more than one task waits, every
 *   workflow and activity task then sits up to 50 ms (≈ 40 ms measured) before it is dispatched;
 *   with a higher poll rate the shard reads as soon as a task is written.
 */
export function devServerTuningArgs(synchronous: 'normal' | 'full' = 'normal'): string[] {
  return ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', `synchronous=${synchronous}`, ...devServerQueuePollArgs()];
}

/** The queue poll rates alone, for a dev server without a state file (tests). */
export function devServerQueuePollArgs(pollRate = 1_000): string[] {
  return ['transfer', 'timer', 'visibility'].flatMap((queue) => ['--dynamic-config-value', `history.${queue}ProcessorMaxPollRPS=${pollRate}`]);
}

export interface RunningTemporalDevServer {
  /** `host:port` for Connection / NativeConnection. */
  address: string;
  /** The web UI, or undefined when headless. */
  uiUrl: string | undefined;
  namespace: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 15 s; resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

// PR_SET_PDEATHSIG through setpriv: the server then dies with us even when we are SIGKILLed.
const setpriv = process.platform === 'linux' && spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0 ? 'setpriv' : undefined;

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporalDevServer> {
  // Besides the ports given here, the CLI picks free ports itself (HTTP API, metrics, internal
  // services); another process can take one between its check and its bind. Retrying is safe:
  // the server exited before serving anything.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launch(options);
    } catch (error) {
      if (!(error instanceof PortRaceError) || attempt >= 3) throw error;
    }
  }
}

class PortRaceError extends Error {}

async function launch(options: TemporalDevServerOptions): Promise<RunningTemporalDevServer> {
  const cli = temporalCliPath();
  const ip = options.ip ?? '127.0.0.1';
  const host = ip === '0.0.0.0' || ip === '::' ? '127.0.0.1' : ip;
  const address = `${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const dbFilename = path.resolve(options.dbFilename);
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const log = options.onLog ?? ((line: string) => process.stderr.write(`[temporal] ${line}\n`));

  // Otherwise a leftover server on the same port would answer the readiness probe for us.
  for (const port of [options.port, ...(options.uiPort === false ? [] : [options.uiPort])]) {
    if (await isListening(host, port)) {
      throw new Error(`Cannot start the Temporal dev server: something already listens on ${host}:${port} (an earlier server still running?)`);
    }
  }
  mkdirSync(path.dirname(dbFilename), { recursive: true });

  const args = ['server', 'start-dev', '--db-filename', dbFilename, '--ip', ip, '--port', String(options.port), '--log-level', 'warn', ...devServerTuningArgs(options.synchronous)];
  if (options.uiPort === false) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.uiPort !== false && options.uiCodecEndpoint !== undefined) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const [name, type] of Object.entries(options.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);

  const [command, commandArgs] = setpriv ? [setpriv, ['--pdeathsig', 'TERM', '--', cli, ...args]] : [cli, args];
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });

  const recent: string[] = [];
  let ready = false;
  let stopping: Promise<void> | undefined;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
  });
  child.once('error', (error) => {
    recent.push(String(error));
    exit ??= { code: null, signal: null };
  });
  // stdout only carries the banner (addresses the caller already knows); stderr has the log.
  // Forwarding stops with stop(): a graceful shutdown logs a burst of harmless dial warnings.
  const onOutput =
    (forward: boolean) =>
    (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 40) recent.shift();
        if (forward && ready && !stopping) log(line);
      }
    };
  child.stdout?.on('data', onOutput(false));
  child.stderr?.on('data', onOutput(true));

  // For a parent that exits without stop() where pdeathsig is unavailable (non-Linux). SIGTERM,
  // not SIGKILL: the server shuts down cleanly on its own after we are gone.
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (exit) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => false), sleep(15_000, true, { ref: false })]);
      if (killed) {
        child.kill('SIGKILL');
        await exited;
      }
    })());

  const failure = (what: string, cause?: unknown): Error =>
    new Error(`Temporal dev server ${what} (${cli} ${args.join(' ')}).${recent.length ? `\nIts output:\n  ${recent.join('\n  ')}` : ''}`, { cause });

  try {
    await waitUntilReady({ address, host, port: options.port, namespace: options.namespace, searchAttributes: options.searchAttributes, startTimeoutMs, exitedEarly: () => exit });
  } catch (error) {
    const early = exit;
    await stop();
    const problem = failure(early ? `exited early (code ${early.code}, signal ${early.signal})` : 'did not become ready', error);
    if (early && recent.some((line) => line.includes('address already in use'))) {
      throw new PortRaceError(problem.message, { cause: error });
    }
    throw problem;
  }
  ready = true;

  return {
    address,
    uiUrl: options.uiPort === false ? undefined : `http://${host.includes(':') ? `[${host}]` : host}:${options.uiPort}`,
    namespace: options.namespace,
    pid: child.pid ?? -1,
    stop,
  };
}

async function waitUntilReady(input: {
  address: string;
  host: string;
  port: number;
  namespace: string;
  searchAttributes: SearchAttributeDefinitions;
  startTimeoutMs: number;
  exitedEarly: () => unknown;
}): Promise<void> {
  const deadline = Date.now() + input.startTimeoutMs;
  const checkAlive = (): void => {
    if (input.exitedEarly()) throw new Error('the server process exited');
  };
  while (!(await isListening(input.host, input.port))) {
    checkAlive();
    if (Date.now() > deadline) throw new Error(`port ${input.port} not open after ${input.startTimeoutMs} ms`);
    await sleep(100);
  }
  let lastError: unknown;
  while (Date.now() <= deadline) {
    checkAlive();
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address: input.address, connectTimeout: 5_000 });
      await connection.workflowService.describeNamespace({ namespace: input.namespace });
      // --search-attribute only applies when a namespace is created: add what an older db file lacks.
      await ensureSearchAttributes(connection, input.namespace, input.searchAttributes);
      return;
    } catch (error) {
      lastError = error;
      await sleep(250);
    } finally {
      await connection?.close();
    }
  }
  throw new Error(`namespace ${input.namespace} not usable after ${input.startTimeoutMs} ms`, { cause: lastError });
}

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}
