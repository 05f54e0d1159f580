/**
 * What only PostgreSQL can show: the migrations themselves, and the CHECK constraints that hold
 * even when code goes around the repositories.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, seedCatalog } from '../../../adapters/persistence/database.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { MikroOrmStockReservations } from '../../../adapters/persistence/mikro-orm-repositories.js';
import { withPostgres } from '../../../adapters/runtime/pg-client.js';
import { anOrder, aProduct, given, line, onHand } from '../../contracts/persistence-builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const TABLES = ['loyalty_entries', 'order_items', 'orders', 'payment_verifications', 'payments', 'products', 'stock_reservations', 'wallet_entries'];

const sql = <Row = Record<string, unknown>>(url: string, text: string, values: readonly unknown[] = []): Promise<Row[]> =>
  withPostgres(url, async (client) => (await client.query<Row>(text, values)).rows);

describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('given an empty database, when migrated, then the first migration applies and creates every table; run again, from this or another process, nothing more applies', async () => {
    const before = await sql<{ tablename: string }>(database.url, `select tablename from pg_tables where schemaname = 'public'`);
    expect(before).toStrictEqual([]);
    const orm = await openDatabase(database.url, { poolMax: 2 });
    try {
      expect(await migrate(orm)).toStrictEqual(['0001-checkout']);
      expect(await migrate(orm)).toStrictEqual([]);
    } finally {
      await orm.close();
    }
    const again = await openDatabase(database.url, { poolMax: 2 });
    try {
      expect(await migrate(again)).toStrictEqual([]);
    } finally {
      await again.close();
    }

    const tables = await sql<{ tablename: string }>(database.url, `select tablename from pg_tables where schemaname = 'public' order by tablename`);
    expect(tables.map(({ tablename }) => tablename)).toStrictEqual([...TABLES, 'schema_migrations'].sort());
    const applied = await sql<{ name: string }>(database.url, `select name from schema_migrations`);
    expect(applied.map(({ name }) => name)).toStrictEqual(['0001-checkout']);
  });

  it('given the migrated database, when compared with the entity mappings, then every mapped table has exactly the mapped columns', async () => {
    const orm = await openDatabase(database.url, { poolMax: 2 });
    try {
      await migrate(orm);
      const entities = Object.values(orm.getMetadata().getAll()).filter((meta) => meta.tableName !== undefined && !meta.embeddable);
      expect(entities.map((meta) => meta.tableName).sort()).toStrictEqual(TABLES);
      for (const meta of entities) {
        const columns = await sql<{ column_name: string }>(
          database.url,
          `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
          [meta.tableName],
        );
        const expected = Object.values(meta.properties).flatMap((property) => property.fieldNames);
        expect({ table: meta.tableName, columns: columns.map(({ column_name }) => column_name).sort() }).toStrictEqual({
          table: meta.tableName,
          columns: [...expected].sort(),
        });
      }
    } finally {
      await orm.close();
    }
  });
});

describe('CHECK constraints of the schema', () => {
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await openDatabase(database.url, { poolMax: 4 });
    await migrate(orm);
  });

  afterAll(async () => {
    await orm.close();
    await database.drop();
  });

  it('given a product, when anything sets its units on hand below zero, then PostgreSQL refuses and the units stay', async () => {
    const product = aProduct({ onHand: 10 });
    await seedCatalog(orm, [product]);

    await expect(sql(database.url, `update products set on_hand = -1 where sku = $1`, [product.sku])).rejects.toThrow('products_on_hand_check');
    await expect(sql(database.url, `update products set on_hand = on_hand - 11 where sku = $1`, [product.sku])).rejects.toThrow('products_on_hand_check');
    await expect(seedCatalog(orm, [aProduct({ onHand: -5 })])).rejects.toThrow('products_on_hand_check');

    expect(await onHand(new MikroOrmCheckoutStore(orm), product.sku)).toBe(10);
  });

  it('given a reservation in progress, when a buggy write in the same transaction drives the stock below zero, then the whole transaction is refused and nothing is reserved', async () => {
    const product = aProduct({ onHand: 10 });
    await seedCatalog(orm, [product]);
    const store = new MikroOrmCheckoutStore(orm);
    const order = anOrder();
    await given(store, order);

    const outcome = orm.em.fork().transactional(async (em) => {
      await new MikroOrmStockReservations(em).reserve(order.id, [line(product.sku, 4)]);
      await em.execute(`update products set on_hand = on_hand - 7 where sku = ?`, [product.sku]);
    });

    await expect(outcome).rejects.toThrow('products_on_hand_check');
    expect(await onHand(store, product.sku)).toBe(10);
    expect(await store.transaction(({ stock }) => stock.reserve(order.id, [line(product.sku, 4)]))).toStrictEqual({ ok: true, value: 'reserved' });
  });

  it('given the catalog, when a product is given a negative price, then PostgreSQL refuses it', async () => {
    const product = aProduct({ priceMinor: 45_000 });
    await seedCatalog(orm, [product]);

    await expect(seedCatalog(orm, [aProduct({ priceMinor: -1 })])).rejects.toThrow('products_price_minor_check');
    await expect(sql(database.url, `update products set price_minor = -1 where sku = $1`, [product.sku])).rejects.toThrow('products_price_minor_check');

    const [row] = await sql<{ price_minor: string }>(database.url, `select price_minor from products where sku = $1`, [product.sku]);
    expect(row?.price_minor).toBe('45000');
  });

  it('given an order, when its amounts, a line price or a payment amount go negative, then PostgreSQL refuses each', async () => {
    const store = new MikroOrmCheckoutStore(orm);
    const order = anOrder();
    await given(store, order);

    await expect(sql(database.url, `update orders set total_minor = -1 where id = $1`, [order.id])).rejects.toThrow('orders_total_minor_check');
    await expect(sql(database.url, `update orders set subtotal_minor = -1 where id = $1`, [order.id])).rejects.toThrow('orders_subtotal_minor_check');
    await expect(sql(database.url, `update order_items set unit_price_minor = -1 where order_id = $1`, [order.id])).rejects.toThrow(
      'order_items_unit_price_minor_check',
    );
    await expect(sql(database.url, `update order_items set line_total_minor = -1 where order_id = $1`, [order.id])).rejects.toThrow(
      'order_items_line_total_minor_check',
    );
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
});
