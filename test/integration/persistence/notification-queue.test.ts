/** The notification queue's contract against MikroORM on a real PostgreSQL database of its own. */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll } from 'vitest';
import { migrate, openDatabase } from '../../../adapters/persistence/database.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmNotificationQueue } from '../../../adapters/persistence/mikro-orm-notification-queue.js';
import { MikroOrmNotificationSettings } from '../../../adapters/persistence/mikro-orm-notification-settings.js';
import { notificationQueueContract } from '../../contracts/notification-queue.contract.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase | undefined;
let orm: MikroORM | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openDatabase(database.url, { poolMax: 10 });
  await migrate(orm);
});

afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

notificationQueueContract({
  name: 'MikroORM on PostgreSQL',
  async open() {
    const opened = orm!;
    // A claim takes every due row of the table: each test starts with an empty outbox.
    await opened.em.fork().execute('delete from notification_resends; delete from notification_outbox');
    return { store: new MikroOrmCheckoutStore(opened), queue: new MikroOrmNotificationQueue(opened), settings: new MikroOrmNotificationSettings(opened) };
  },
});
