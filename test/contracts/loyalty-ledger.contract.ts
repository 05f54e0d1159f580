import { describe, expect, it } from 'vitest';
import type { LoyaltyEntry } from '../../src/loyalty/api.js';
import { aStoredOrder, committed, expectRefusedBy, given, type PersistenceSubject, openedForEachTest, storedOrders } from './store-under-test.js';
import { fresh } from '../support/mothers/ids.js';
import { aLoyaltyEarn, aLoyaltyRedeem } from '../support/mothers/loyalty-entry.js';
import { anOrder } from '../support/mothers/order.js';
import { errorOf } from '../support/result.js';

/**
 * LoyaltyLedger: each entry is decided against the balance (points never go below zero) and is
 * idempotent on its key; the balance is the sum of the points, lifetime the sum of earn and reverse.
 */
export function loyaltyLedgerContract(subject: PersistenceSubject): void {
  describe(`LoyaltyLedger contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const append = (customerId: string, entry: LoyaltyEntry) => committed(store, ({ loyalty }) => loyalty.append(customerId, entry));
    const balance = (customerId: string) => store.read(({ loyalty }) => loyalty.balance(customerId));
    const lifetime = (customerId: string) => store.read(({ loyalty }) => loyalty.lifetime(customerId));
    const appended = { ok: true, value: 'appended' } as const;
    const duplicate = { ok: true, value: 'duplicate' } as const;

    it("given no entries, when the balance, lifetime or an order's entries are asked for, then there are none", async () => {
      expect(await balance('cus_nobody')).toBe(0);
      expect(await lifetime('cus_nobody')).toBe(0);
      expect(await store.read(({ loyalty }) => loyalty.forOrder('cus_nobody', 'ord_none'))).toStrictEqual([]);
    });

    it('given an earn entry, when appended, then it is appended and the balance is its points', async () => {
      const order = await aStoredOrder(store);

      expect(await append(order.customerId, aLoyaltyEarn(order, { points: 170 }))).toStrictEqual(appended);
      expect(await balance(order.customerId)).toBe(170);
    });

    it('given an appended entry, when the same key is appended again, even with other points, then it is a duplicate and nothing more is awarded', async () => {
      const order = await aStoredOrder(store);
      const entry = aLoyaltyEarn(order, { points: 170 });
      await append(order.customerId, entry);

      expect(await append(order.customerId, entry)).toStrictEqual(duplicate);
      expect(await append(order.customerId, { ...entry, points: 5_000 })).toStrictEqual(duplicate);
      expect(await balance(order.customerId)).toBe(170);
    });

    it('given a key used for one customer, when another customer appends under it, then it is a duplicate: keys are unique across the ledger', async () => {
      const [first, second] = await storedOrders(store, 2);
      const entry = aLoyaltyEarn(first);
      await append(first.customerId, entry);

      expect(await append(second.customerId, aLoyaltyEarn(second, { idempotencyKey: entry.idempotencyKey }))).toStrictEqual(duplicate);
      expect(await balance(second.customerId)).toBe(0);
    });

    it("given entries of two customers, when balances are asked for, then each is the sum of that customer's points", async () => {
      const first = anOrder();
      const second = anOrder({ customerId: first.customerId });
      const third = anOrder();
      await given(store, first, second, third);

      await append(first.customerId, aLoyaltyEarn(first, { points: 45 }));
      await append(first.customerId, aLoyaltyEarn(second, { points: 1_250 }));
      await append(first.customerId, aLoyaltyEarn(second, { points: 1 }));
      await append(third.customerId, aLoyaltyEarn(third, { points: 80 }));

      expect(await balance(first.customerId)).toBe(1_296);
      expect(await balance(third.customerId)).toBe(80);
    });

    it('given points, when a redemption takes all of them, then it is appended; one point more is refused as insufficient and nothing is taken', async () => {
      const order = await aStoredOrder(store);
      await append(order.customerId, aLoyaltyEarn(order, { points: 300 }));

      const error = errorOf(await append(order.customerId, aLoyaltyRedeem(order, 301)));
      expect(error.code).toBe('loyalty.insufficient_points');
      expect(error.details).toStrictEqual({ balance: 300, requested: 301 });
      expect(await balance(order.customerId)).toBe(300);

      expect(await append(order.customerId, aLoyaltyRedeem(order, 300))).toStrictEqual(appended);
      expect(await balance(order.customerId)).toBe(0);
    });

    it('given a redemption appended, when it is replayed after the points were spent elsewhere, then it is a duplicate, not insufficient points', async () => {
      const order = anOrder();
      const other = anOrder({ customerId: order.customerId });
      await given(store, order, other);
      await append(order.customerId, aLoyaltyEarn(order, { points: 100 }));
      const redeem = aLoyaltyRedeem(order, 60);
      expect(await append(order.customerId, redeem)).toStrictEqual(appended);
      expect(await append(order.customerId, aLoyaltyRedeem(other, 40))).toStrictEqual(appended);

      expect(await append(order.customerId, redeem)).toStrictEqual(duplicate);
      expect(await balance(order.customerId)).toBe(0);
    });

    it.each<[string, LoyaltyEntry['kind'], number]>([
      ['an earn of zero points', 'earn', 0],
      ['a negative earn', 'earn', -5],
      ['a positive redemption', 'redeem', 5],
      ['a positive reversal', 'reverse', 5],
      ['a negative release', 'release', -5],
      ['fractional points', 'earn', 1.5],
    ])('given %s, when appended, then it is refused as invalid points and nothing is written', async (_, kind, points) => {
      const order = await aStoredOrder(store);
      await append(order.customerId, aLoyaltyEarn(order, { points: 50 }));

      expect(errorOf(await append(order.customerId, aLoyaltyEarn(order, { kind, points }))).code).toBe('loyalty.invalid_points');
      expect(await balance(order.customerId)).toBe(50);
    });

    it('given earns, a reversal, a redemption and a release, when lifetime is asked for, then it counts earn and reverse only; the balance counts all', async () => {
      const order = anOrder();
      const later = anOrder({ customerId: order.customerId });
      await given(store, order, later);
      const { customerId } = order;

      await append(customerId, aLoyaltyEarn(order, { points: 500 }));
      await append(customerId, aLoyaltyEarn(order, { kind: 'reverse', points: -100 }));
      await append(customerId, aLoyaltyRedeem(later, 300));
      await append(customerId, aLoyaltyEarn(later, { kind: 'release', points: 120 }));

      expect(await lifetime(customerId)).toBe(400);
      expect(await balance(customerId)).toBe(220);
    });

    it("given entries of several orders and customers, when an order's entries are asked for, then they are that customer's for that order, in the order appended", async () => {
      const order = anOrder();
      const other = anOrder({ customerId: order.customerId });
      await given(store, order, other);
      const earn = aLoyaltyEarn(order, { points: 200 });
      const redeem = aLoyaltyRedeem(order, 50);
      const reverse = aLoyaltyEarn(order, { kind: 'reverse', points: -20 });
      await append(order.customerId, earn);
      await append(order.customerId, aLoyaltyEarn(other, { points: 7 }));
      await append(order.customerId, redeem);
      await append(order.customerId, reverse);
      await append(fresh('cus'), aLoyaltyEarn(order, { points: 9 }));

      expect(await store.read(({ loyalty }) => loyalty.forOrder(order.customerId, order.id))).toStrictEqual([earn, redeem, reverse]);
    });

    it('given no such order, when points for it are appended, then the store refuses them and the balance stays zero', async () => {
      const order = anOrder();

      await expectRefusedBy(append(order.customerId, aLoyaltyEarn(order)), 'loyalty_entries_order_id_fkey');

      expect(await balance(order.customerId)).toBe(0);
    });
  });
}
