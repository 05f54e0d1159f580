/**
 * vitest globalSetup for the integration, workflows and e2e projects: ONE throwaway embedded
 * PostgreSQL for the whole run, its admin URL provided as `databaseUrl` (see database.ts).
 *
 * vitest runs a project's globalSetup in that project's own module graph, so the projects
 * would each start a server; the cluster is shared through globalThis (all global setups run
 * in the main vitest process) and stopped by the last project's teardown.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './ports.js';
import { FAST_UNSAFE_SETTINGS, startEmbeddedPostgres, type RunningPostgres } from '../../adapters/runtime/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL (database `postgres`); use createTestDatabase(). */
    databaseUrl: string;
  }
}

interface SharedCluster {
  users: number;
  started: Promise<{ postgres: RunningPostgres; tempDir: string }>;
}

const KEY = Symbol.for('paysaga.test.postgres');
const registry = globalThis as typeof globalThis & { [KEY]?: SharedCluster };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (registry[KEY] ??= { users: 0, started: startCluster() });
  shared.users += 1;
  try {
    const { postgres } = await shared.started;
    project.provide('databaseUrl', postgres.url);
  } catch (error) {
    shared.users -= 1;
    throw error;
  }
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[KEY];
    const { postgres, tempDir } = await shared.started;
    await postgres.stop();
    await rm(tempDir, { recursive: true, force: true });
  };
}

async function startCluster(): Promise<{ postgres: RunningPostgres; tempDir: string }> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'paysaga-test-pg-'));
  // As root the server runs as the `postgres` user, which must be able to enter this folder.
  await chmod(tempDir, 0o755);
  const started = Date.now();
  let lastError: unknown;
  // The free port is found before the server binds it; another process may win that race.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      const postgres = await startEmbeddedPostgres({
        dataDir: path.join(tempDir, `data-${attempt}`),
        port: await freePort(),
        settings: { ...FAST_UNSAFE_SETTINGS, max_connections: 300 },
      });
      console.log(`[test] embedded PostgreSQL ready on port ${postgres.port} in ${Date.now() - started} ms`);
      return { postgres, tempDir };
    } catch (error) {
      lastError = error;
    }
  }
  await rm(tempDir, { recursive: true, force: true });
  throw new Error(`Could not start the embedded PostgreSQL for the test run: ${String(lastError)}`, { cause: lastError });
}
