/**
 * A fresh, uniquely named database per test file (or per test) on the run's embedded
 * PostgreSQL, so files running in parallel forks never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, inject } from 'vitest';
import { quoteIdentifier, withDatabase, withPostgres } from '../../adapters/runtime/pg-client.js';
import { migrate, openDatabase } from '../../adapters/persistence/database.js';
import { liveHandle } from './live-handle.js';

export interface TestDatabase {
  /** `postgres://…/<unique name>`, owned by the superuser. */
  url: string;
  name: string;
  /** Drops the database, closing any connections still open on it. */
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = inject('databaseUrl');
  if (!url) {
    throw new Error(
      'No test PostgreSQL: inject("databaseUrl") is empty. Run this file in a vitest project whose globalSetup is ' +
        'test/support/global-setup.ts (integration, workflows or e2e), e.g. `npx vitest run --project integration`.',
    );
  }
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testServerUrl();
  const name = `test_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withPostgres(adminUrl, (client) => client.query(`create database ${quoteIdentifier(name)}`));
  let dropped: Promise<void> | undefined;
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () =>
      (dropped ??= withPostgres(adminUrl, async (client) => {
        await client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      })),
  };
}

/**
 * A fresh database for the calling `describe` (or file): made before its tests, dropped after
 * them. Hooks the caller registers afterwards run once it exists and before it is dropped.
 */
export function useTestDatabase(): TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return liveHandle(() => database, 'test database');
}

/**
 * A fresh database for the calling `describe` (or file), migrated and opened with MikroORM before
 * its tests, closed and dropped after them; the handle reads the running one.
 */
export function useMigratedDatabase(options: { readonly poolMax?: number } = {}): MikroORM {
  let database: TestDatabase | undefined;
  let orm: MikroORM | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(database.url, { poolMax: options.poolMax ?? 10 });
    await migrate(orm);
  });
  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });
  return liveHandle(() => orm, 'migrated database');
}
