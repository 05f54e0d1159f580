/**
 * What only PostgreSQL can show: the migrations themselves, and the CHECK constraints that hold
 * even when code goes around the repositories.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, seedCatalog } from '../../../adapters/persistence/database.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { mikroOrmConfig } from '../../../adapters/persistence/mikro-orm.config.js';
import { MikroOrmStockReservations } from '../../../adapters/persistence/mikro-orm-repositories.js';
import { withPostgres } from '../../../adapters/runtime/pg-client.js';
import { given, onHand } from '../../contracts/store-under-test.js';
import { aProduct, line } from '../../support/mothers/catalog.js';
import { fresh } from '../../support/mothers/ids.js';
import { aLoyaltyEarn } from '../../support/mothers/loyalty-entry.js';
import { npr } from '../../support/mothers/money.js';
import { anOrder } from '../../support/mothers/order.js';
import { aPaymentFor } from '../../support/mothers/payment.js';
import { aRefundOf } from '../../support/mothers/refund.js';
import { aTopUpEntry } from '../../support/mothers/wallet-entry.js';
import { useTestDatabase } from '../../support/database.js';

const TABLES = [
  'loyalty_accounts',
  'loyalty_entries',
  'order_items',
  'orders',
  'payment_verifications',
  'payments',
  'products',
  'refunds',
  'stock_reservations',
  'wallet_accounts',
  'wallet_entries',
];
/** Every migration the configuration lists, in its order. */
const MIGRATIONS = (mikroOrmConfig('postgres://localhost/unused').migrations?.migrationsList ?? []).map(({ name }) => name);

const sql = <Row = Record<string, unknown>>(url: string, text: string, values: readonly unknown[] = []): Promise<Row[]> =>
  withPostgres(url, async (client) => (await client.query<Row>(text, values)).rows);

/** Opens the database at `url` (a pool of two), runs `work` on it and closes it, whatever `work` does. */
async function withOrm(url: string, work: (orm: MikroORM) => Promise<void>): Promise<void> {
  const orm = await openDatabase(url, { poolMax: 2 });
  try {
    await work(orm);
  } finally {
    await orm.close();
  }
}

describe('migrations', () => {
  const database = useTestDatabase();

  it('given an empty database, when migrated, then every listed migration applies in order and creates the tables; run again, from this or another process, nothing more applies', async () => {
    const before = await sql<{ tablename: string }>(database.url, `select tablename from pg_tables where schemaname = 'public'`);
    expect(before).toStrictEqual([]);
    await withOrm(database.url, async (orm) => {
      expect(await migrate(orm)).toStrictEqual(MIGRATIONS);
      expect(await migrate(orm)).toStrictEqual([]);
    });
    await withOrm(database.url, async (again) => {
      expect(await migrate(again)).toStrictEqual([]);
    });

    expect(MIGRATIONS.slice(0, 2)).toStrictEqual(['0001-checkout', '0002-money-rules']);
    const tables = await sql<{ tablename: string }>(database.url, `select tablename from pg_tables where schemaname = 'public' order by tablename`);
    expect(tables.map(({ tablename }) => tablename)).toStrictEqual(expect.arrayContaining([...TABLES, 'schema_migrations']));
    const applied = await sql<{ name: string }>(database.url, `select name from schema_migrations`);
    expect(applied.map(({ name }) => name).sort()).toStrictEqual([...MIGRATIONS].sort());
  });

  it('given the migrated database, when compared with the entity mappings, then every mapped table has exactly the mapped columns', async () => {
    await withOrm(database.url, async (orm) => {
      await migrate(orm);
      const entities = Object.values(orm.getMetadata().getAll()).filter((meta) => meta.tableName !== undefined && !meta.embeddable);
      expect(entities.map((meta) => meta.tableName)).toStrictEqual(expect.arrayContaining(TABLES));
      for (const meta of entities) {
        const columns = await sql<{ column_name: string }>(database.url, `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`, [
          meta.tableName,
        ]);
        const expected = Object.values(meta.properties).flatMap((property) => property.fieldNames);
        expect({ table: meta.tableName, columns: columns.map(({ column_name }) => column_name).sort() }).toStrictEqual({
          table: meta.tableName,
          columns: [...expected].sort(),
        });
      }
    });
  });
});

describe('migration 0002 on a database with data', () => {
  const database = useTestDatabase();

  it('given ledgers and reservations written under 0001, when 0002 applies, then the accounts hold the sums of the entries and old reservations count as committed', async () => {
    await withOrm(database.url, async (orm) => {
      expect((await orm.getMigrator().up({ to: '0001-checkout' })).map((migration) => migration.name)).toStrictEqual(['0001-checkout']);
      const order = anOrder();
      const at = new Date().toISOString();
      await sql(
        database.url,
        `insert into orders (id, customer_id, gateway, status, currency, subtotal_minor, total_minor, placed_at, updated_at) values ($1, $2, 'khalti', 'confirmed', 'NPR', 100, 100, $3, $3)`,
        [order.id, order.customerId, at],
      );
      for (const [kind, amount, key] of [
        ['refund_credit', 700, 'w1'],
        ['refund_credit', 300, 'w2'],
        ['refund_credit', 5, 'w3'],
      ] as const) {
        await sql(
          database.url,
          `insert into wallet_entries (customer_id, kind, amount_minor, currency, order_id, reason, idempotency_key, created_at) values ($1, $2, $3, $4, $5, 'r', $6, now())`,
          [order.customerId, kind, amount, key === 'w3' ? 'USD' : 'NPR', order.id, `${order.id}/${key}`],
        );
      }
      for (const [kind, points, key] of [
        ['earn', 120, 'l1'],
        ['redeem', -20, 'l2'],
      ] as const) {
        await sql(database.url, `insert into loyalty_entries (customer_id, kind, points, order_id, idempotency_key, created_at) values ($1, $2, $3, $4, $5, now())`, [
          order.customerId,
          kind,
          points,
          order.id,
          `${order.id}/${key}`,
        ]);
      }
      await sql(database.url, `insert into stock_reservations (order_id, lines, reserved_at) values ($1, '[]'::jsonb, now())`, [order.id]);

      expect((await orm.getMigrator().up({ to: '0002-money-rules' })).map((migration) => migration.name)).toStrictEqual(['0002-money-rules']);

      expect(
        await sql(database.url, `select currency, balance_minor::int as balance from wallet_accounts where customer_id = $1 order by currency`, [order.customerId]),
      ).toStrictEqual([
        { currency: 'NPR', balance: 1_000 },
        { currency: 'USD', balance: 5 },
      ]);
      expect(await sql(database.url, `select balance, lifetime from loyalty_accounts where customer_id = $1`, [order.customerId])).toStrictEqual([{ balance: 100, lifetime: 120 }]);
      expect(await sql(database.url, `select status from stock_reservations where order_id = $1`, [order.id])).toStrictEqual([{ status: 'committed' }]);
    });
  });
});

describe('migration 0014 on a database with products', () => {
  const database = useTestDatabase();

  it('given products with one price each under 0011, when 0014 applies, then each price is in the price list under its currency and the old columns are gone; down puts one price back', async () => {
    await withOrm(database.url, async (orm) => {
      await orm.getMigrator().up({ to: '0011-webhook-rejects' });
      await sql(database.url, `insert into products (sku, name, price_minor, currency, on_hand) values ('TEA', 'Tea', 45000, 'NPR', 7), ('SCARF', 'Scarf', 2500, 'USD', 2)`);

      expect((await orm.getMigrator().up()).map((migration) => migration.name)).toContain('0014-price-lists');

      expect(await sql(database.url, `select sku, trim(currency) as currency, price_minor::int as price from product_prices order by sku`)).toStrictEqual([
        { sku: 'SCARF', currency: 'USD', price: 2500 },
        { sku: 'TEA', currency: 'NPR', price: 45000 },
      ]);
      const columns = await sql<{ column_name: string }>(database.url, `select column_name from information_schema.columns where table_name = 'products'`);
      expect(columns.map((c) => c.column_name)).not.toContain('price_minor');
      expect((await new MikroOrmCheckoutStore(orm).read(({ catalog }) => catalog.bySku('TEA')))?.prices).toStrictEqual({ NPR: 45000 });

      await orm.getMigrator().down({ to: '0011-webhook-rejects' });
      expect(await sql(database.url, `select sku, trim(currency) as currency, price_minor::int as price from products order by sku`)).toStrictEqual([
        { sku: 'SCARF', currency: 'USD', price: 2500 },
        { sku: 'TEA', currency: 'NPR', price: 45000 },
      ]);
    });
  });
});

describe('CHECK constraints of the schema', () => {
  const database = useTestDatabase();
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase(database.url, { poolMax: 4 });
    await migrate(orm);
  });

  afterAll(async () => {
    await orm.close();
  });

  it('given a product, when anything sets its units on hand below zero, then PostgreSQL refuses and the units stay', async () => {
    const product = aProduct({ onHand: 10 });
    await seedCatalog(orm, [product]);

    await expect(sql(database.url, `update products set on_hand = -1 where sku = $1`, [product.sku])).rejects.toThrow('products_on_hand_check');
    await expect(sql(database.url, `update products set on_hand = on_hand - 11 where sku = $1`, [product.sku])).rejects.toThrow('products_on_hand_check');
    await expect(sql(database.url, `insert into products (sku, name, on_hand) values ('NEGATIVE-SHELF', 'x', -5)`)).rejects.toThrow('products_on_hand_check');
    await expect(seedCatalog(orm, [aProduct({ onHand: -5 })])).rejects.toThrow('catalog.invalid_quantity');

    expect(await onHand(new MikroOrmCheckoutStore(orm), product.sku)).toBe(10);
  });

  it('given a reservation in progress, when a buggy write in the same transaction drives the stock below what is reserved, then the whole transaction is refused and nothing is reserved', async () => {
    const product = aProduct({ onHand: 10 });
    await seedCatalog(orm, [product]);
    const store = new MikroOrmCheckoutStore(orm);
    const order = anOrder();
    await given(store, order);

    const outcome = orm.em.fork().transactional(async (em) => {
      await new MikroOrmStockReservations(em).reserve(order.id, [line(product.sku, 4)]);
      await em.execute(`update products set on_hand = on_hand - 7 where sku = ?`, [product.sku]);
    });

    await expect(outcome).rejects.toThrow('products_reserved_within_on_hand');
    expect(await onHand(store, product.sku)).toBe(10);
    expect(await store.transaction(({ stock }) => stock.reserve(order.id, [line(product.sku, 4)]))).toStrictEqual({ ok: true, value: 'reserved' });
  });

  it('given the catalog, when a product is given a negative price, then PostgreSQL refuses it', async () => {
    const product = aProduct({ priceMinor: 45_000 });
    await seedCatalog(orm, [product]);

    await expect(seedCatalog(orm, [aProduct({ priceMinor: -1 })])).rejects.toThrow('catalog.invalid_price');
    await expect(sql(database.url, `update product_prices set price_minor = -1 where sku = $1`, [product.sku])).rejects.toThrow('product_prices_price_minor_check');

    const [row] = await sql<{ price_minor: string }>(database.url, `select price_minor from product_prices where sku = $1 and currency = 'NPR'`, [product.sku]);
    expect(row?.price_minor).toBe('45000');
  });

  it('given an order, when its amounts, a line price or a payment amount go negative, then PostgreSQL refuses each', async () => {
    const store = new MikroOrmCheckoutStore(orm);
    const order = anOrder();
    await given(store, order);

    // Two checks refuse a negative total; PostgreSQL names the first by name.
    await expect(sql(database.url, `update orders set total_minor = -1 where id = $1`, [order.id])).rejects.toThrow(/orders_refunded_within_total|orders_total_minor_check/);
    await expect(sql(database.url, `update orders set subtotal_minor = -1 where id = $1`, [order.id])).rejects.toThrow('orders_subtotal_minor_check');
    await expect(sql(database.url, `update order_items set unit_price_minor = -1 where order_id = $1`, [order.id])).rejects.toThrow('order_items_unit_price_minor_check');
    await expect(sql(database.url, `update order_items set line_total_minor = -1 where order_id = $1`, [order.id])).rejects.toThrow('order_items_line_total_minor_check');
    await expect(
      sql(
        database.url,
        `insert into payments (id, order_id, gateway, status, amount_minor, currency, created_at, updated_at) values ($1, $2, 'khalti', 'pending', 0, 'NPR', now(), now())`,
        ['pay_zero', order.id],
      ),
    ).rejects.toThrow('payments_amount_minor_check');

    expect(await store.read(({ orders }) => orders.byId(order.id))).toStrictEqual(order);
  });

  it('given an order, when saved with an unknown status, then PostgreSQL refuses it', async () => {
    const store = new MikroOrmCheckoutStore(orm);
    const order = anOrder();
    await given(store, order);

    await expect(sql(database.url, `update orders set status = 'shipped' where id = $1`, [order.id])).rejects.toThrow('orders_status_check');
  });

  it('given a wallet, when anything takes its cached balance below zero or writes an entry of nothing, then PostgreSQL refuses and the balance stays', async () => {
    const store = new MikroOrmCheckoutStore(orm);
    const customerId = fresh('cus');
    await store.transaction(({ wallet }) => wallet.append(aTopUpEntry(customerId, npr(100))));

    await expect(sql(database.url, `update wallet_accounts set balance_minor = balance_minor - 101 where customer_id = $1`, [customerId])).rejects.toThrow(
      'wallet_accounts_balance_minor_check',
    );
    await expect(
      sql(
        database.url,
        `insert into wallet_entries (customer_id, kind, amount_minor, currency, reason, idempotency_key, created_at) values ($1, 'adjustment', 0, 'NPR', 'r', $2, now())`,
        [customerId, fresh('k')],
      ),
    ).rejects.toThrow('wallet_entries_nonzero');

    expect(await sql(database.url, `select balance_minor::int as balance from wallet_accounts where customer_id = $1`, [customerId])).toStrictEqual([{ balance: 100 }]);
    expect(await store.read(({ wallet }) => wallet.balance(customerId, 'NPR'))).toStrictEqual(npr(100));
  });

  it('given loyalty points, when anything takes the cached balance below zero, then PostgreSQL refuses', async () => {
    const store = new MikroOrmCheckoutStore(orm);
    const order = anOrder();
    await given(store, order);
    await store.transaction(({ loyalty }) => loyalty.append(order.customerId, aLoyaltyEarn(order, { points: 10 })));

    await expect(sql(database.url, `update loyalty_accounts set balance = balance - 11 where customer_id = $1`, [order.customerId])).rejects.toThrow(
      'loyalty_accounts_balance_check',
    );
    expect(await store.read(({ loyalty }) => loyalty.balance(order.customerId))).toBe(10);
  });

  it('given a product, when anything holds more units than are on hand or fewer than none, then PostgreSQL refuses', async () => {
    const product = aProduct({ onHand: 3 });
    await seedCatalog(orm, [product]);

    await expect(sql(database.url, `update products set reserved = 4 where sku = $1`, [product.sku])).rejects.toThrow('products_reserved_within_on_hand');
    await expect(sql(database.url, `update products set reserved = -1 where sku = $1`, [product.sku])).rejects.toThrow('products_reserved_within_on_hand');
    await expect(sql(database.url, `update products set low_stock_threshold = -1 where sku = $1`, [product.sku])).rejects.toThrow('products_low_stock_threshold_check');

    expect(await onHand(new MikroOrmCheckoutStore(orm), product.sku)).toBe(3);
  });

  it('given a paid order, when anything records more refunded than its total, or a refund of nothing or of an unknown status, then PostgreSQL refuses', async () => {
    const store = new MikroOrmCheckoutStore(orm);
    const order = anOrder();
    await given(store, order);
    const payment = aPaymentFor(order, { status: 'completed' });
    await store.transaction(({ payments }) => payments.save(payment));
    const refund = aRefundOf(payment, { amount: npr(1) });
    await store.transaction(({ refunds }) => refunds.save(refund));

    await expect(sql(database.url, `update orders set refunded_minor = total_minor + 1 where id = $1`, [order.id])).rejects.toThrow('orders_refunded_within_total');
    await expect(sql(database.url, `update refunds set amount_minor = 0 where id = $1`, [refund.id])).rejects.toThrow('refunds_amount_minor_check');
    await expect(sql(database.url, `update refunds set status = 'lost' where id = $1`, [refund.id])).rejects.toThrow('refunds_status_check');

    expect(await store.read(({ refunds }) => refunds.byId(refund.id))).toStrictEqual(refund);
  });
});
