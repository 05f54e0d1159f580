import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import type { WalletEntry } from '../../src/wallet/api.js';
import { anOrder, aWalletCredit, committed, expectRefusedBy, fresh, given, npr, usd, type PersistenceSubject } from './persistence-builders.js';

/** WalletLedger: idempotent on the entry's key; the balance is the sum of the entries. */
export function walletLedgerContract(subject: PersistenceSubject): void {
  describe(`WalletLedger contract: ${subject.name}`, () => {
    let store: CheckoutStore;
    const append = (entry: WalletEntry) => committed(store, ({ wallet }) => wallet.append(entry));
    const balance = (customerId: string, currency: string) => store.read(({ wallet }) => wallet.balance(customerId, currency));

    beforeEach(async () => {
      ({ store } = await subject.open());
    });

    it('given no entries, when the balance is asked for, then it is zero in that currency', async () => {
      expect(await balance('cus_nobody', 'NPR')).toStrictEqual(npr(0));
      expect(await balance('cus_nobody', 'USD')).toStrictEqual(usd(0));
    });

    it('given a credit, when appended, then it is appended and the balance is its amount', async () => {
      const order = anOrder();
      await given(store, order);

      expect(await append(aWalletCredit(order, { amount: npr(170_000) }))).toBe('appended');
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(170_000));
    });

    it('given an appended entry, when the same key is appended again, even with another amount, then it is a duplicate and the balance is unchanged', async () => {
      const order = anOrder();
      await given(store, order);
      const entry = aWalletCredit(order, { amount: npr(170_000) });
      await append(entry);

      expect(await append(entry)).toBe('duplicate');
      expect(await append({ ...entry, amount: npr(999_999) })).toBe('duplicate');
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(170_000));
    });

    it('given a key used for one customer, when another customer appends under it, then it is a duplicate: keys are unique across the ledger', async () => {
      const first = anOrder();
      const second = anOrder();
      await given(store, first, second);
      const entry = aWalletCredit(first);
      await append(entry);

      expect(await append(aWalletCredit(second, { idempotencyKey: entry.idempotencyKey }))).toBe('duplicate');
      expect(await balance(second.customerId, 'NPR')).toStrictEqual(npr(0));
    });

    it('given several entries of customers and currencies, when balances are asked for, then each is the sum of that customer\'s entries in that currency', async () => {
      const ram = fresh('cus_ram');
      const sita = fresh('cus_sita');
      const first = anOrder({ customerId: ram });
      const second = anOrder({ customerId: ram });
      const third = anOrder({ customerId: sita });
      await given(store, first, second, third);

      await append(aWalletCredit(first, { amount: npr(45_000) }));
      await append(aWalletCredit(first, { amount: npr(5) }));
      await append(aWalletCredit(second, { amount: npr(1_250_000) }));
      await append(aWalletCredit(second, { amount: usd(1_999) }));
      await append(aWalletCredit(third, { amount: npr(80_000) }));

      expect(await balance(ram, 'NPR')).toStrictEqual(npr(1_295_005));
      expect(await balance(ram, 'USD')).toStrictEqual(usd(1_999));
      expect(await balance(sita, 'NPR')).toStrictEqual(npr(80_000));
      expect(await balance(sita, 'USD')).toStrictEqual(usd(0));
    });

    it('given no such order, when an entry for it is appended, then the store refuses it and the balance stays zero', async () => {
      const order = anOrder();

      await expectRefusedBy(append(aWalletCredit(order)), 'wallet_entries_order_id_fkey');

      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(0));
    });
  });
}
