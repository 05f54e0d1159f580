/**
 * The persistence contracts against MikroORM on a real PostgreSQL database (migrated once for the
 * file; every test uses fresh ids, so they share it).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll } from 'vitest';
import { migrate, openDatabase, seedCatalog } from '../../../adapters/persistence/database.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { persistenceContracts } from '../../contracts/persistence-contracts.js';
import type { PersistenceSubject } from '../../contracts/store-under-test.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase | undefined;
let orm: MikroORM | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  // Enough connections that the concurrent tests really run side by side.
  orm = await openDatabase(database.url, { poolMax: 25 });
  await migrate(orm);
});

afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

const subject: PersistenceSubject = {
  name: 'MikroORM on PostgreSQL',
  async open() {
    const opened = orm!;
    return {
      store: new MikroOrmCheckoutStore(opened),
      seedCatalog: async (products) => {
        await seedCatalog(opened, products);
      },
      accounts: {
        async wallet(customerId, currency) {
          const rows = await opened.em
            .fork()
            .execute<{ balance_minor: string }[]>(`select balance_minor::text from wallet_accounts where customer_id = ? and currency = ?`, [customerId, currency]);
          return Number(rows[0]?.balance_minor ?? 0);
        },
        async loyalty(customerId) {
          const rows = await opened.em
            .fork()
            .execute<{ balance: number; lifetime: number }[]>(`select balance, lifetime from loyalty_accounts where customer_id = ?`, [customerId]);
          return { balance: Number(rows[0]?.balance ?? 0), lifetime: Number(rows[0]?.lifetime ?? 0) };
        },
      },
    };
  },
};

persistenceContracts(subject);
