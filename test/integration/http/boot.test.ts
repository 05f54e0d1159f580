import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../../src/config.js';
import { buildContainer } from '../../../adapters/di/container.js';
import { TOKENS } from '../../../adapters/di/tokens.js';
import { openDatabase } from '../../../adapters/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase(database.url, { poolMax: 2 });
});

afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

it('the composition root resolves every token', async () => {
  const config = loadConfig({ DEMO_MODE: 'true', LOG_LEVEL: 'silent' });
  // A lazy connection: resolving the graph must not need a running server.
  const temporalClient = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const container = buildContainer({ config, logger: pino({ level: 'silent' }), orm, temporalClient });
  for (const [name, token] of Object.entries(TOKENS)) {
    expect(container.get(token as never), name).toBeDefined();
  }
});

it('a worker-only process has no Temporal client to give', () => {
  const container = buildContainer({ config: loadConfig({ DEMO_MODE: 'true' }), logger: pino({ level: 'silent' }), orm });
  expect(container.get(TOKENS.checkoutActivities)).toBeDefined();
  expect(() => container.get(TOKENS.checkoutSagas)).toThrow(/no Temporal client/);
});
