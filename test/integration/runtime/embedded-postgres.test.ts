import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_UNSAFE_SETTINGS, startEmbeddedPostgres } from '../../../adapters/runtime/embedded-postgres.js';
import { withPostgres } from '../../../adapters/runtime/pg-client.js';
import { projectRoot } from '../../../adapters/runtime/temporal-binaries.js';
import { createTestDatabase } from '../../support/database.js';
import { freePort } from '../../support/ports.js';

describe('the run-wide embedded PostgreSQL (globalSetup)', () => {
  it('hands out fresh databases that answer queries and can be dropped', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      expect(first.name).not.toBe(second.name);
      const row = await withPostgres(first.url, async (client) => (await client.query<{ one: number; db: string }>('select 1 as one, current_database() as db')).rows[0]);
      expect(row).toEqual({ one: 1, db: first.name });
      // Each database is its own world: a table in one is invisible in the other.
      await withPostgres(first.url, (client) => client.query('create table marker (id int)'));
      const tables = await withPostgres(second.url, async (client) => (await client.query("select count(*)::int as n from pg_tables where tablename = 'marker'")).rows[0]);
      expect(tables).toEqual({ n: 0 });
    } finally {
      await first.drop();
      await second.drop();
    }
    await expect(withPostgres(first.url, (client) => client.query('select 1'))).rejects.toThrow(/does not exist/);
  });
});

describe('startEmbeddedPostgres on its own data dir', () => {
  let tempDir: string;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'paysaga-pg-runtime-'));
    await chmod(tempDir, 0o755); // as root, the server runs as `postgres` and must enter it
  });
  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('initialises once, keeps data across stop/start, and recovers from a stale postmaster.pid', async () => {
    const dataDir = path.join(tempDir, 'cluster');
    const options = { dataDir, port: await freePort(), database: 'paysaga', password: 'p@ss:/word', settings: FAST_UNSAFE_SETTINGS };

    const first = await startEmbeddedPostgres(options);
    expect(first.url).toMatch(/^postgres:\/\/postgres:p%40ss%3A%2Fword@127\.0\.0\.1:\d+\/paysaga$/);
    await withPostgres(first.url, async (client) => {
      await client.query('create table wallet_entries (id serial primary key, amount_minor bigint not null)');
      await client.query('insert into wallet_entries (amount_minor) values ($1), ($2)', [1500, -500]);
    });
    await first.stop();
    await first.stop(); // idempotent

    // What a SIGKILLed run leaves behind, with a pid that now belongs to another process.
    await writeFile(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);

    const second = await startEmbeddedPostgres(options);
    try {
      const { rows } = await withPostgres(second.url, (client) => client.query<{ balance: string }>('select sum(amount_minor)::text as balance from wallet_entries'));
      expect(rows).toEqual([{ balance: '1000' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a non-empty folder that is not a cluster', async () => {
    const dataDir = path.join(tempDir, 'not-a-cluster');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'notes.txt'), 'hello');
    await expect(startEmbeddedPostgres({ dataDir, port: 1 })).rejects.toThrow(/neither empty nor a PostgreSQL cluster/);
  });

  it("leaves the process's exit status alone (the package's exit hooks are disarmed)", async () => {
    const script = fileURLToPath(new URL('./fixtures/exit-code.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path.join(tempDir, 'exit-code'), String(await freePort())], {
      cwd: projectRoot(),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(3);
  });
});
