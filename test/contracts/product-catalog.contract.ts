import { describe, expect, it } from 'vitest';
import type { NewProduct, Restock } from '../../src/catalog/api.js';
import { committed, openedForEachTest, storedOrders, tally, type PersistenceSubject } from './store-under-test.js';
import { line } from '../support/mothers/catalog.js';
import { fresh } from '../support/mothers/ids.js';

const AT = '2026-01-10T09:00:00.000Z';
const aNewProduct = (overrides: Partial<NewProduct> = {}): NewProduct => ({
  sku: fresh('SKU'),
  name: 'Ilam tea',
  prices: { NPR: 45_000, USD: 350 },
  onHand: 10,
  lowStockThreshold: 5,
  ...overrides,
});
const aRestock = (sku: string, overrides: Partial<Restock> = {}): Restock => ({
  sku,
  quantity: 5,
  restockId: fresh('rst'),
  actor: 'ops_anna',
  reason: 'delivery',
  at: AT,
  ...overrides,
});

/** The products, their price lists and restocks: the same answers from PostgreSQL and the in-memory twin. */
export function productCatalogContract(subject: PersistenceSubject): void {
  describe(`ProductCatalog: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const product = (sku: string) => store.read(({ catalog }) => catalog.bySku(sku));

    it('given a new product, when it is created, then it reads back with its prices, its stock, nothing reserved; a second create finds it and changes nothing', async () => {
      const tea = aNewProduct();

      expect(await committed(store, ({ catalog }) => catalog.create(tea))).toBe('created');
      expect(await committed(store, ({ catalog }) => catalog.create({ ...tea, name: 'Other', onHand: 99, prices: { ZAR: 1 } }))).toBe('exists');

      expect(await product(tea.sku)).toStrictEqual({ sku: tea.sku, name: 'Ilam tea', prices: { NPR: 45_000, USD: 350 }, onHand: 10, reserved: 0, lowStockThreshold: 5 });
      expect(await product(fresh('SKU'))).toBeUndefined();
    });

    it('given products, when several are asked for, then the known ones come back by SKU and the list holds them all', async () => {
      const [a, b] = [aNewProduct({ sku: fresh('AAA') }), aNewProduct({ sku: fresh('BBB'), prices: { INR: 28_000 } })];
      await committed(store, async ({ catalog }) => {
        await catalog.create(b);
        await catalog.create(a);
      });

      const found = await store.read(({ catalog }) => catalog.bySkus([b.sku, 'NO-SUCH', a.sku]));
      expect(found.map((p) => p.sku)).toStrictEqual([a.sku, b.sku]);
      expect(found[1]?.prices).toStrictEqual({ INR: 28_000 });
      const listed = (await store.read(({ catalog }) => catalog.list())).map((p) => p.sku);
      expect(listed.filter((sku) => sku === a.sku || sku === b.sku)).toStrictEqual([a.sku, b.sku]);
      expect(await store.read(({ catalog }) => catalog.bySkus([]))).toStrictEqual([]);
    });

    it('given a product, when a price is set, replaced and removed, then its price list follows; a missing product or price answers false', async () => {
      const tea = aNewProduct({ prices: { NPR: 45_000 } });
      await committed(store, ({ catalog }) => catalog.create(tea));

      expect(await committed(store, ({ catalog }) => catalog.setPrice(tea.sku, 'ZAR', 6_000))).toBe(true);
      expect(await committed(store, ({ catalog }) => catalog.setPrice(tea.sku, 'NPR', 47_500))).toBe(true);
      expect((await product(tea.sku))?.prices).toStrictEqual({ NPR: 47_500, ZAR: 6_000 });
      expect(await committed(store, ({ catalog }) => catalog.removePrice(tea.sku, 'ZAR'))).toBe(true);
      expect(await committed(store, ({ catalog }) => catalog.removePrice(tea.sku, 'ZAR'))).toBe(false);
      expect((await product(tea.sku))?.prices).toStrictEqual({ NPR: 47_500 });
      expect(await committed(store, ({ catalog }) => catalog.setPrice('NO-SUCH-SKU', 'NPR', 1))).toBe(false);
    });

    it('given a product, when its name or threshold changes, then only what was given changes; a missing product answers false', async () => {
      const tea = aNewProduct();
      await committed(store, ({ catalog }) => catalog.create(tea));

      expect(await committed(store, ({ catalog }) => catalog.update(tea.sku, { lowStockThreshold: 2 }))).toBe(true);
      expect(await committed(store, ({ catalog }) => catalog.update(tea.sku, { name: 'Ilam tea, 500 g' }))).toBe(true);
      expect(await product(tea.sku)).toMatchObject({ name: 'Ilam tea, 500 g', lowStockThreshold: 2, onHand: 10 });
      expect(await committed(store, ({ catalog }) => catalog.update('NO-SUCH-SKU', { name: 'x' }))).toBe(false);
    });

    it('given a restock, when it is repeated with its id, then the units are added once; the id for another quantity is refused; an unknown SKU is not found', async () => {
      const tea = aNewProduct({ onHand: 3 });
      await committed(store, ({ catalog }) => catalog.create(tea));
      const restock = aRestock(tea.sku, { quantity: 7 });

      expect(await committed(store, ({ catalog }) => catalog.restock(restock))).toBe('restocked');
      expect(await committed(store, ({ catalog }) => catalog.restock(restock))).toBe('already_restocked');
      expect(await committed(store, ({ catalog }) => catalog.restock({ ...restock, quantity: 8 }))).toBe('restock_id_reused');
      expect(await committed(store, ({ catalog }) => catalog.restock(aRestock('NO-SUCH-SKU')))).toBe('not_found');

      expect((await product(tea.sku))?.onHand).toBe(10);
      expect(await store.read(({ catalog }) => catalog.changes(tea.sku))).toStrictEqual([
        { sku: tea.sku, action: 'restock', actor: 'ops_anna', reason: 'delivery', details: { quantity: 7 }, at: AT },
      ]);
    });

    it('given changes recorded, when the trail is read, then they come back oldest first with who, what and why', async () => {
      const tea = aNewProduct();
      await committed(store, async ({ catalog }) => {
        await catalog.create(tea);
        await catalog.recordChange({ sku: tea.sku, action: 'create', actor: 'ops_anna', reason: 'new line', details: { onHand: 10 }, at: AT });
        await catalog.recordChange({
          sku: tea.sku,
          action: 'set_price',
          actor: 'ops_bo',
          reason: 'new season',
          details: { currency: 'USD', priceMinor: 400 },
          at: '2026-01-11T09:00:00.000Z',
        });
      });

      expect((await store.read(({ catalog }) => catalog.changes(tea.sku))).map((c) => [c.action, c.actor, c.reason, c.details])).toStrictEqual([
        ['create', 'ops_anna', 'new line', { onHand: 10 }],
        ['set_price', 'ops_bo', 'new season', { currency: 'USD', priceMinor: 400 }],
      ]);
    });

    it('given a transaction that fails after a restock, when it rolls back, then neither the units nor the restock id were kept', async () => {
      const tea = aNewProduct({ onHand: 1 });
      await committed(store, ({ catalog }) => catalog.create(tea));
      const restock = aRestock(tea.sku);

      await expect(
        store.transaction(async ({ catalog }) => {
          await catalog.restock(restock);
          throw new Error('the operator went home');
        }),
      ).rejects.toThrow('the operator went home');

      expect((await product(tea.sku))?.onHand).toBe(1);
      expect(await committed(store, ({ catalog }) => catalog.restock(restock))).toBe('restocked');
    });

    it('given 4 units, when 30 orders reserve 2 each while 12 restocks of 3 (each sent twice) land, and then the winners commit while 6 more restocks land, then on hand ends exactly right and never falls below reserved', async () => {
      const tea = aNewProduct({ onHand: 4 });
      await committed(store, ({ catalog }) => catalog.create(tea));
      const orders = await storedOrders(store, 30);
      const restocks = Array.from({ length: 12 }, () => aRestock(tea.sku, { quantity: 3 }));

      const reservations = orders.map((order) => store.transaction(({ stock }) => stock.reserve(order.id, [line(tea.sku, 2)])));
      const landed = [...restocks, ...restocks].map((restock) => store.transaction(({ catalog }) => catalog.restock(restock)));
      const reserved = await Promise.all(reservations);
      const restocked = await tally(landed, (outcome) => outcome);

      expect(restocked).toStrictEqual({ restocked: 12, already_restocked: 12 });
      const winners = orders.filter((_, index) => reserved[index]!.ok);
      const afterReserving = await product(tea.sku);
      expect(afterReserving?.onHand).toBe(4 + 36);
      expect(afterReserving?.reserved).toBe(2 * winners.length);
      expect(afterReserving!.reserved).toBeLessThanOrEqual(afterReserving!.onHand);
      // Each reservation saw at least the first 4 units; all 40 at the latest.
      expect(winners.length).toBeGreaterThanOrEqual(2);
      expect(winners.length).toBeLessThanOrEqual(20);

      const more = Array.from({ length: 6 }, () => aRestock(tea.sku, { quantity: 1 }));
      const settled = await tally(
        [
          ...winners.map((order) => store.transaction(({ stock }) => stock.commit(order.id))),
          ...more.map((restock) => store.transaction(({ catalog }) => catalog.restock(restock))),
        ],
        (outcome) => outcome,
      );

      expect(settled).toStrictEqual({ committed: winners.length, restocked: 6 });
      expect(await product(tea.sku)).toMatchObject({ onHand: 4 + 36 + 6 - 2 * winners.length, reserved: 0 });
    });
  });
}
