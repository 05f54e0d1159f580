import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import type { LoyaltyEntry } from '../../src/loyalty/api.js';
import { aLoyaltyEarn, anOrder, committed, expectRefusedBy, given, type PersistenceSubject } from './persistence-builders.js';

/** LoyaltyLedger: idempotent on the entry's key; the balance is the sum of the points. */
export function loyaltyLedgerContract(subject: PersistenceSubject): void {
  describe(`LoyaltyLedger contract: ${subject.name}`, () => {
    let store: CheckoutStore;
    const append = (customerId: string, entry: LoyaltyEntry) => committed(store, ({ loyalty }) => loyalty.append(customerId, entry));
    const balance = (customerId: string) => store.read(({ loyalty }) => loyalty.balance(customerId));

    beforeEach(async () => {
      ({ store } = await subject.open());
    });

    it('given no entries, when the balance is asked for, then it is zero', async () => {
      expect(await balance('cus_nobody')).toBe(0);
    });

    it('given an earn entry, when appended, then it is appended and the balance is its points', async () => {
      const order = anOrder();
      await given(store, order);

      expect(await append(order.customerId, aLoyaltyEarn(order, { points: 170 }))).toBe('appended');
      expect(await balance(order.customerId)).toBe(170);
    });

    it('given an appended entry, when the same key is appended again, even with other points, then it is a duplicate and nothing more is awarded', async () => {
      const order = anOrder();
      await given(store, order);
      const entry = aLoyaltyEarn(order, { points: 170 });
      await append(order.customerId, entry);

      expect(await append(order.customerId, entry)).toBe('duplicate');
      expect(await append(order.customerId, { ...entry, points: 5_000 })).toBe('duplicate');
      expect(await balance(order.customerId)).toBe(170);
    });

    it('given a key used for one customer, when another customer appends under it, then it is a duplicate: keys are unique across the ledger', async () => {
      const first = anOrder();
      const second = anOrder();
      await given(store, first, second);
      const entry = aLoyaltyEarn(first);
      await append(first.customerId, entry);

      expect(await append(second.customerId, aLoyaltyEarn(second, { idempotencyKey: entry.idempotencyKey }))).toBe('duplicate');
      expect(await balance(second.customerId)).toBe(0);
    });

    it('given entries of two customers, when balances are asked for, then each is the sum of that customer\'s points', async () => {
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

    it('given no such order, when points for it are appended, then the store refuses them and the balance stays zero', async () => {
      const order = anOrder();

      await expectRefusedBy(append(order.customerId, aLoyaltyEarn(order)), 'loyalty_entries_order_id_fkey');

      expect(await balance(order.customerId)).toBe(0);
    });
  });
}
