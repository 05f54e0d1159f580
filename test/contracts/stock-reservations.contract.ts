import { describe, expect, it } from 'vitest';
import type { StockLine } from '../../src/inventory/api.js';
import { expectRefusedBy, given, onHand, type PersistenceSubject, stockLevel, openedForEachTest } from './store-under-test.js';
import { aProduct, line } from '../support/mothers/catalog.js';
import { fresh } from '../support/mothers/ids.js';
import { anOrder } from '../support/mothers/order.js';
import { errorOf } from '../support/result.js';

/**
 * StockReservations: a reservation holds every line or none, never beyond what is available (on
 * hand less reserved), idempotent per order; it is then committed (the units leave the shelf) or
 * released (they are available again), each once. `items` reports available units as `onHand`.
 */
export function stockReservationsContract(subject: PersistenceSubject): void {
  describe(`StockReservations contract: ${subject.name}`, () => {
    const { store, seedCatalog } = openedForEachTest(subject);

    /** Products with the given units on hand, under fresh SKUs. */
    async function shelf(...units: number[]): Promise<string[]> {
      const products = units.map((onHand) => aProduct({ onHand }));
      await seedCatalog(products);
      return products.map(({ sku }) => sku);
    }

    /** Reserves for a new (stored) order in its own transaction. */
    async function reserveFor(lines: readonly StockLine[], orderId = fresh('ord')) {
      await given(store, { ...anOrder(), id: orderId });
      return store.transaction(({ stock }) => stock.reserve(orderId, lines));
    }

    /** A new (stored) order with `lines` reserved for it; its id. */
    async function aReservedOrder(lines: readonly StockLine[]): Promise<string> {
      const orderId = fresh('ord');
      await reserveFor(lines, orderId);
      return orderId;
    }

    it('given a catalog, when items are asked for, then the known SKUs come back with name and units and unknown ones are left out', async () => {
      const tea = aProduct({ name: 'Ilam green tea, 250 g', priceMinor: 45_000, currency: 'NPR', onHand: 100 });
      const candle = aProduct({ name: 'Yak butter candle', priceMinor: 12_500, currency: 'NPR', onHand: 0 });
      await seedCatalog([tea, candle]);

      const items = await store.read(({ stock }) => stock.items([candle.sku, 'NO-SUCH-SKU', tea.sku]));

      const shelved = [tea, candle].map(({ sku, name, onHand }) => ({ sku, name, onHand }));
      expect([...items].sort((a, b) => a.sku.localeCompare(b.sku))).toStrictEqual(shelved.sort((a, b) => a.sku.localeCompare(b.sku)));
      expect(await store.read(({ stock }) => stock.items([]))).toStrictEqual([]);
    });

    it('given enough of every SKU, when an order is reserved, then it is reserved and each SKU has exactly its quantity less available, held but still on hand', async () => {
      const [tea, mug] = await shelf(10, 3);

      const outcome = await reserveFor([line(tea!, 4), line(mug!, 3)]);

      expect(outcome).toStrictEqual({ ok: true, value: 'reserved' });
      expect(await onHand(store, tea!)).toBe(6);
      expect(await onHand(store, mug!)).toBe(0);
      expect(await stockLevel(store, mug!)).toStrictEqual({ sku: mug!, onHand: 3, reserved: 3, available: 0, lowStockThreshold: 5 });
    });

    it('given a reserved order, when it is committed, then its units leave the shelf: on hand and reserved both fall and availability stays', async () => {
      const [tea, mug] = await shelf(4, 5);
      const orderId = await aReservedOrder([line(tea!, 1), line(mug!, 2), line(tea!, 2)]);

      expect(await store.transaction(({ stock }) => stock.commit(orderId))).toBe('committed');

      expect(await stockLevel(store, tea!)).toStrictEqual({ sku: tea!, onHand: 1, reserved: 0, available: 1, lowStockThreshold: 5 });
      expect(await stockLevel(store, mug!)).toStrictEqual({ sku: mug!, onHand: 3, reserved: 0, available: 3, lowStockThreshold: 5 });
    });

    it('given a committed order, when it is committed again, then it is already committed and nothing more leaves the shelf', async () => {
      const [tea] = await shelf(4);
      const orderId = await aReservedOrder([line(tea!, 3)]);
      await store.transaction(({ stock }) => stock.commit(orderId));

      expect(await store.transaction(({ stock }) => stock.commit(orderId))).toBe('already_committed');

      expect(await stockLevel(store, tea!)).toStrictEqual({ sku: tea!, onHand: 1, reserved: 0, available: 1, lowStockThreshold: 5 });
    });

    it('given a reserved order, when it is released, then its units are available again and on hand does not change', async () => {
      const [tea] = await shelf(4);
      const orderId = await aReservedOrder([line(tea!, 3)]);

      expect(await store.transaction(({ stock }) => stock.release(orderId))).toBe('released');

      expect(await stockLevel(store, tea!)).toStrictEqual({ sku: tea!, onHand: 4, reserved: 0, available: 4, lowStockThreshold: 5 });
      expect(await reserveFor([line(tea!, 4)])).toStrictEqual({ ok: true, value: 'reserved' });
    });

    it('given a released order, when it is released again or reserved again, then nothing moves: released once, and its reservation is not taken again', async () => {
      const [tea] = await shelf(4);
      const orderId = await aReservedOrder([line(tea!, 3)]);
      await store.transaction(({ stock }) => stock.release(orderId));

      expect(await store.transaction(({ stock }) => stock.release(orderId))).toBe('already_released');
      expect(await store.transaction(({ stock }) => stock.reserve(orderId, [line(tea!, 3)]))).toStrictEqual({ ok: true, value: 'already_reserved' });

      expect(await stockLevel(store, tea!)).toStrictEqual({ sku: tea!, onHand: 4, reserved: 0, available: 4, lowStockThreshold: 5 });
    });

    it('given an order never reserved, when it is committed or released, then it is not reserved and no stock moves', async () => {
      const [tea] = await shelf(4);
      const orderId = fresh('ord');
      await given(store, { ...anOrder(), id: orderId });

      expect(await store.transaction(({ stock }) => stock.commit(orderId))).toBe('not_reserved');
      expect(await store.transaction(({ stock }) => stock.release(orderId))).toBe('not_reserved');

      expect(await stockLevel(store, tea!)).toStrictEqual({ sku: tea!, onHand: 4, reserved: 0, available: 4, lowStockThreshold: 5 });
    });

    it('given a committed order, when it is released, or a released one committed, then the store refuses: a reservation settles once', async () => {
      const [tea] = await shelf(4);
      const committedOrder = fresh('ord');
      const releasedOrder = fresh('ord');
      await reserveFor([line(tea!, 1)], committedOrder);
      await reserveFor([line(tea!, 1)], releasedOrder);
      await store.transaction(({ stock }) => stock.commit(committedOrder));
      await store.transaction(({ stock }) => stock.release(releasedOrder));

      await expect(store.transaction(({ stock }) => stock.release(committedOrder))).rejects.toThrow(/committed/);
      await expect(store.transaction(({ stock }) => stock.commit(releasedOrder))).rejects.toThrow(/released/);

      expect(await stockLevel(store, tea!)).toStrictEqual({ sku: tea!, onHand: 3, reserved: 0, available: 3, lowStockThreshold: 5 });
    });

    it('given a reservation, when committing it rolls back, then the units stay reserved and can still be released', async () => {
      const [tea] = await shelf(4);
      const orderId = await aReservedOrder([line(tea!, 2)]);

      await expect(
        store.transaction(async ({ stock }) => {
          await stock.commit(orderId);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');

      expect(await stockLevel(store, tea!)).toStrictEqual({ sku: tea!, onHand: 4, reserved: 2, available: 2, lowStockThreshold: 5 });
      expect(await store.transaction(({ stock }) => stock.release(orderId))).toBe('released');
    });

    it('given products above, at and below the low-stock threshold, when low stock is asked for, then exactly those at or below it are reported, counting what is reserved', async () => {
      const [plenty, atThreshold, below, heldDown] = await shelf(6, 5, 0, 9);
      await reserveFor([line(heldDown!, 4)]);

      const low = (await store.read(({ stock }) => stock.lowStock())).filter((level) => [plenty, atThreshold, below, heldDown].includes(level.sku));

      expect([...low].sort((a, b) => a.sku.localeCompare(b.sku))).toStrictEqual(
        [
          { sku: atThreshold!, onHand: 5, reserved: 0, available: 5, lowStockThreshold: 5 },
          { sku: below!, onHand: 0, reserved: 0, available: 0, lowStockThreshold: 5 },
          { sku: heldDown!, onHand: 9, reserved: 4, available: 5, lowStockThreshold: 5 },
        ].sort((a, b) => a.sku.localeCompare(b.sku)),
      );
    });

    it('given one SKU short, when an order is reserved, then it is out of stock naming that SKU and no line takes anything', async () => {
      const [tea, mug, shawl] = await shelf(10, 3, 5);

      const error = errorOf(await reserveFor([line(tea!, 2), line(mug!, 4), line(shawl!, 1)]));

      expect(error.code).toBe('inventory.out_of_stock');
      expect(error.details).toStrictEqual({ lines: [{ sku: mug!, requested: 4, available: 3 }] });
      expect(await onHand(store, tea!)).toBe(10);
      expect(await onHand(store, mug!)).toBe(3);
      expect(await onHand(store, shawl!)).toBe(5);
    });

    it('given the last units taken, when another order wants one more, then it is out of stock and the SKU stays at zero', async () => {
      const [mug] = await shelf(3);
      expect(await reserveFor([line(mug!, 3)])).toStrictEqual({ ok: true, value: 'reserved' });

      const error = errorOf(await reserveFor([line(mug!, 1)]));

      expect(error.details).toStrictEqual({ lines: [{ sku: mug!, requested: 1, available: 0 }] });
      expect(await onHand(store, mug!)).toBe(0);
    });

    it('given the same SKU on two lines, when together they want more than there is, then the order is out of stock', async () => {
      const [tea] = await shelf(10);

      const error = errorOf(await reserveFor([line(tea!, 6), line(tea!, 5)]));

      expect(error.details).toStrictEqual({ lines: [{ sku: tea!, requested: 11, available: 10 }] });
      expect(await onHand(store, tea!)).toBe(10);
    });

    it('given a SKU the shop does not know, when an order wants it, then it counts as out of stock and the known lines keep their units', async () => {
      const [tea] = await shelf(10);
      const unknown = fresh('GHOST');

      const error = errorOf(await reserveFor([line(tea!, 1), line(unknown, 1)]));

      expect(error.code).toBe('inventory.out_of_stock');
      expect(error.details).toStrictEqual({ lines: [{ sku: unknown, requested: 1, available: 0 }] });
      expect(await onHand(store, tea!)).toBe(10);
    });

    it('given a reserved order, when it is reserved again, then it is already reserved and nothing more is taken', async () => {
      const [tea] = await shelf(10);
      const orderId = await aReservedOrder([line(tea!, 4)]);

      const again = await store.transaction(({ stock }) => stock.reserve(orderId, [line(tea!, 4)]));
      const changed = await store.transaction(({ stock }) => stock.reserve(orderId, [line(tea!, 5)]));

      expect(again).toStrictEqual({ ok: true, value: 'already_reserved' });
      expect(changed).toStrictEqual({ ok: true, value: 'already_reserved' });
      expect(await onHand(store, tea!)).toBe(6);
    });

    it('given an order that took the last units, when its reservation is retried, then it is already reserved, not out of stock', async () => {
      const [mug] = await shelf(3);
      const orderId = await aReservedOrder([line(mug!, 3)]);

      expect(await store.transaction(({ stock }) => stock.reserve(orderId, [line(mug!, 3)]))).toStrictEqual({ ok: true, value: 'already_reserved' });
      expect(await onHand(store, mug!)).toBe(0);
    });

    it('given an order refused for lack of stock, when it is reserved again with lines that fit, then it is reserved: a refusal is not remembered', async () => {
      const [tea] = await shelf(2);
      const orderId = fresh('ord');
      errorOf(await reserveFor([line(tea!, 3)], orderId));

      const retried = await store.transaction(({ stock }) => stock.reserve(orderId, [line(tea!, 2)]));

      expect(retried).toStrictEqual({ ok: true, value: 'reserved' });
      expect(await onHand(store, tea!)).toBe(0);
    });

    it('given an order with no lines, when reserved, then it is reserved and takes nothing', async () => {
      const [tea] = await shelf(1);

      expect(await reserveFor([])).toStrictEqual({ ok: true, value: 'reserved' });
      expect(await onHand(store, tea!)).toBe(1);
    });

    it('given no such order, when stock is reserved for it, then the store refuses it and takes nothing', async () => {
      const [tea] = await shelf(5);

      await expectRefusedBy(
        store.transaction(({ stock }) => stock.reserve(fresh('ord'), [line(tea!, 1)])),
        'stock_reservations_order_id_fkey',
      );

      expect(await onHand(store, tea!)).toBe(5);
    });

    it('given a product already on the shelf, when the catalog is seeded again, then its units and reservations are not overwritten', async () => {
      const tea = aProduct({ onHand: 10 });
      await seedCatalog([tea]);
      await reserveFor([line(tea.sku, 4)]);

      await seedCatalog([tea]);

      expect(await onHand(store, tea.sku)).toBe(6);
    });
  });
}
