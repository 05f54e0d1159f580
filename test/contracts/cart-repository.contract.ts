import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/api.js';
import { expectRefusedBy, given, openedForEachTest, type PersistenceSubject } from './store-under-test.js';
import { fresh } from '../support/mothers/ids.js';
import { anOrder, laterStates } from '../support/mothers/order.js';
import { errorOf, okValue } from '../support/result.js';

/**
 * CartRepository: one cart per shopper, whose version rises with every change; concurrent changes
 * of one cart apply one after the other; a checkout records the lines it took, and confirming it
 * removes exactly those lines while they are unchanged. Orders keep their contact and address.
 */
export function cartRepositoryContract(subject: PersistenceSubject): void {
  describe(`CartRepository contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const cartOf = (customerId: string) => store.read(({ carts }) => carts.byCustomer(customerId));
    const set = async (customerId: string, sku: string, quantity: number) => okValue(await store.transaction(({ carts }) => carts.setLine(customerId, sku, quantity)));

    it('given a shopper who never had a cart, when read, then it is empty at version 0', async () => {
      const customerId = fresh('cus');
      expect(await cartOf(customerId)).toStrictEqual({ customerId, version: 0, lines: [] });
    });

    it('given lines set, changed and removed, when read back, then it holds them in the order first added, each at the version that last set it', async () => {
      const customerId = fresh('cus');
      await set(customerId, 'TEA', 2);
      await set(customerId, 'MUG', 1);
      await set(customerId, 'HONEY', 3);
      await set(customerId, 'TEA', 5);
      await store.transaction(({ carts }) => carts.removeLine(customerId, 'MUG'));

      expect(await cartOf(customerId)).toStrictEqual({
        customerId,
        version: 5,
        lines: [
          { sku: 'TEA', quantity: 5, revision: 4 },
          { sku: 'HONEY', quantity: 3, revision: 3 },
        ],
      });
    });

    it('given an invalid quantity, when set, then it is refused and the cart is as it was', async () => {
      const customerId = fresh('cus');
      await set(customerId, 'TEA', 2);
      const refused = await store.transaction(({ carts }) => carts.setLine(customerId, 'TEA', 0));
      expect(errorOf(refused).code).toBe('checkout.invalid_quantity');
      expect(await cartOf(customerId)).toStrictEqual({ customerId, version: 1, lines: [{ sku: 'TEA', quantity: 2, revision: 1 }] });
    });

    it('given a cart, when cleared, then it is empty and its version goes on rising (a later line has a new revision)', async () => {
      const customerId = fresh('cus');
      await set(customerId, 'TEA', 2);
      expect(await store.transaction(({ carts }) => carts.clear(customerId))).toStrictEqual({ customerId, version: 2, lines: [] });
      expect((await set(customerId, 'TEA', 2)).lines).toStrictEqual([{ sku: 'TEA', quantity: 2, revision: 3 }]);
    });

    it("keeps one shopper's cart apart from another's", async () => {
      const [ram, sita] = [fresh('cus'), fresh('cus')];
      await set(ram, 'TEA', 1);
      await set(sita, 'MUG', 4);
      await store.transaction(({ carts }) => carts.clear(ram));
      expect((await cartOf(sita)).lines).toStrictEqual([{ sku: 'MUG', quantity: 4, revision: 1 }]);
    });

    it('given two updates of the same line at once, when both finish, then they applied one after the other: one line, the last one written, version 2', async () => {
      const customerId = fresh('cus');
      const outcomes = await Promise.all([set(customerId, 'TEA', 3), set(customerId, 'TEA', 7)]);

      const cart = await cartOf(customerId);
      expect(cart.version).toBe(2);
      expect(cart.lines).toHaveLength(1);
      // Each change saw the other's result or none: versions 1 and 2, and the cart holds what version 2 wrote.
      expect(outcomes.map((outcome) => outcome.version).sort()).toStrictEqual([1, 2]);
      const last = outcomes.find((outcome) => outcome.version === 2)!;
      expect(cart.lines).toStrictEqual(last.lines);
      expect([3, 7]).toContain(cart.lines[0]!.quantity);
    });

    it('given many lines added at once, then none is lost and every change has its own version', async () => {
      const customerId = fresh('cus');
      const skus = Array.from({ length: 8 }, (_, i) => `SKU-${i}`);
      await Promise.all(skus.map((sku) => set(customerId, sku, 1)));
      const cart = await cartOf(customerId);
      expect(cart.version).toBe(8);
      expect(cart.lines.map((line) => line.sku).sort()).toStrictEqual(skus);
      expect(new Set(cart.lines.map((line) => line.revision)).size).toBe(8);
    });

    /** A stored order of `customerId` that took the cart's lines as they are now. */
    async function aCheckoutOfTheCart(customerId: string): Promise<Order> {
      const order = anOrder({ customerId });
      await given(store, order);
      const cart = await cartOf(customerId);
      await store.transaction(({ carts }) => carts.recordTaken(order.id, customerId, cart.lines));
      return order;
    }

    it('given a checkout of the cart, when its lines are cleared, then exactly those go, and lines added or changed since stay', async () => {
      const customerId = fresh('cus');
      await set(customerId, 'TEA', 2);
      await set(customerId, 'MUG', 1);
      await set(customerId, 'CANDLE', 4);
      const order = await aCheckoutOfTheCart(customerId);
      // Meanwhile, in another tab: one more line, one line changed.
      await set(customerId, 'HONEY', 1);
      await set(customerId, 'MUG', 3);

      const after = await store.transaction(({ carts }) => carts.clearTaken(order.id));

      const expected = [
        { sku: 'MUG', quantity: 3, revision: 5 },
        { sku: 'HONEY', quantity: 1, revision: 4 },
      ];
      expect(after?.lines).toStrictEqual(expected);
      expect((await cartOf(customerId)).lines).toStrictEqual(expected);
      // Confirming again (a retried step) removes nothing more.
      await store.transaction(({ carts }) => carts.clearTaken(order.id));
      expect(await cartOf(customerId)).toStrictEqual({ customerId, version: 6, lines: expected });
    });

    it('given two checkouts of the cart, when one is confirmed, then it clears only its lines and the other checkout still knows its own', async () => {
      const customerId = fresh('cus');
      await set(customerId, 'TEA', 2);
      const first = await aCheckoutOfTheCart(customerId);
      await set(customerId, 'TEA', 1);
      await set(customerId, 'MUG', 1);
      const second = await aCheckoutOfTheCart(customerId);

      await store.transaction(({ carts }) => carts.clearTaken(first.id));
      expect((await cartOf(customerId)).lines.map((line) => line.sku)).toStrictEqual(['TEA', 'MUG']);
      await store.transaction(({ carts }) => carts.clearTaken(second.id));
      expect((await cartOf(customerId)).lines).toStrictEqual([]);
      expect(await store.read(({ carts }) => carts.takenBy(first.id))).toStrictEqual([{ sku: 'TEA', quantity: 2, revision: 1 }]);
    });

    it('records what a checkout took once: a second record keeps the first; an order not of the cart took nothing and clears nothing', async () => {
      const customerId = fresh('cus');
      await set(customerId, 'TEA', 2);
      const order = await aCheckoutOfTheCart(customerId);
      await store.transaction(({ carts }) => carts.recordTaken(order.id, customerId, [{ sku: 'MUG', quantity: 9, revision: 99 }]));
      expect(await store.read(({ carts }) => carts.takenBy(order.id))).toStrictEqual([{ sku: 'TEA', quantity: 2, revision: 1 }]);

      const other = anOrder({ customerId });
      await given(store, other);
      expect(await store.read(({ carts }) => carts.takenBy(other.id))).toStrictEqual([]);
      expect(await store.transaction(({ carts }) => carts.clearTaken(other.id))).toBeUndefined();
      expect((await cartOf(customerId)).lines).toHaveLength(1);
    });

    it('refuses to record the lines of an order that does not exist', async () => {
      await expectRefusedBy(
        store.transaction(({ carts }) => carts.recordTaken(fresh('ord'), fresh('cus'), [{ sku: 'TEA', quantity: 1, revision: 1 }])),
        'order_cart_lines_order_id_fkey',
      );
    });

    it('given an order with a contact and a delivery address, when saved, moved on and read back, then both are kept as they were', async () => {
      const order: Order = {
        ...anOrder(),
        contact: { name: 'Sita Sharma', email: 'sita@example.com', phone: '+9779800000001' },
        deliveryAddress: { line1: 'Durbar Marg 12', line2: 'Flat 3', city: 'Kathmandu', region: 'Bagmati', postalCode: '44600', country: 'NP' },
      };
      await given(store, order);
      expect(await store.read(({ orders }) => orders.byId(order.id))).toStrictEqual(order);
      await given(store, laterStates.paid(order));
      const read = await store.read(({ orders }) => orders.byId(order.id));
      expect(read?.contact).toStrictEqual(order.contact);
      expect(read?.deliveryAddress).toStrictEqual(order.deliveryAddress);

      const bare: Order = { ...anOrder(), contact: { email: 'ram@example.com' }, deliveryAddress: { line1: 'Lakeside', city: 'Pokhara', postalCode: '33700', country: 'NP' } };
      await given(store, bare);
      expect(await store.read(({ orders }) => orders.byId(bare.id))).toStrictEqual(bare);
    });
  });
}
