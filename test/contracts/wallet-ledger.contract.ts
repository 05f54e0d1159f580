import { describe, expect, it } from 'vitest';
import type { WalletEntry } from '../../src/wallet/api.js';
import { aStoredOrder, committed, expectRefusedBy, given, type PersistenceSubject, openedForEachTest, storedOrders } from './store-under-test.js';
import { fresh } from '../support/mothers/ids.js';
import { npr, usd } from '../support/mothers/money.js';
import { anOrder } from '../support/mothers/order.js';
import { aTopUpEntry, aWalletCredit, aWalletDebit } from '../support/mothers/wallet-entry.js';
import { errorOf } from '../support/result.js';

/**
 * WalletLedger: each entry is decided against the balance (never below zero), idempotent on the
 * entry's key whatever the balance is by then; the balance is the sum of the entries.
 */
export function walletLedgerContract(subject: PersistenceSubject): void {
  describe(`WalletLedger contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const append = (entry: WalletEntry) => committed(store, ({ wallet }) => wallet.append(entry));
    const balance = (customerId: string, currency: string) => store.read(({ wallet }) => wallet.balance(customerId, currency));
    const appended = { ok: true, value: 'appended' } as const;
    const duplicate = { ok: true, value: 'duplicate' } as const;

    it('given no entries, when the balance is asked for, then it is zero in that currency', async () => {
      expect(await balance('cus_nobody', 'NPR')).toStrictEqual(npr(0));
      expect(await balance('cus_nobody', 'USD')).toStrictEqual(usd(0));
    });

    it('given a credit, when appended, then it is appended and the balance is its amount', async () => {
      const order = await aStoredOrder(store);

      expect(await append(aWalletCredit(order, { amount: npr(170_000) }))).toStrictEqual(appended);
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(170_000));
    });

    it('given a top-up linked to no order, when appended, then it is appended and counts in the balance', async () => {
      const customerId = fresh('cus');

      expect(await append(aTopUpEntry(customerId, npr(50_000)))).toStrictEqual(appended);
      expect(await balance(customerId, 'NPR')).toStrictEqual(npr(50_000));
    });

    it('given an entry appended under a key, when asked whether that key and another have an entry, then only that key has one', async () => {
      const order = await aStoredOrder(store);
      const entry = aWalletCredit(order, { amount: npr(170_000) });
      await append(entry);

      expect(await store.read(({ wallet }) => wallet.hasEntry(entry.idempotencyKey))).toBe(true);
      expect(await store.read(({ wallet }) => wallet.hasEntry(fresh('never-appended')))).toBe(false);
    });

    it('given an appended entry, when the same key is appended again, even with another amount, then it is a duplicate and the balance is unchanged', async () => {
      const order = await aStoredOrder(store);
      const entry = aWalletCredit(order, { amount: npr(170_000) });
      await append(entry);

      expect(await append(entry)).toStrictEqual(duplicate);
      expect(await append({ ...entry, amount: npr(999_999) })).toStrictEqual(duplicate);
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(170_000));
    });

    it('given a key used for one customer, when another customer appends under it, then it is a duplicate: keys are unique across the ledger', async () => {
      const [first, second] = await storedOrders(store, 2);
      const entry = aWalletCredit(first);
      await append(entry);

      expect(await append(aWalletCredit(second, { idempotencyKey: entry.idempotencyKey }))).toStrictEqual(duplicate);
      expect(await balance(second.customerId, 'NPR')).toStrictEqual(npr(0));
    });

    it("given several entries of customers and currencies, when balances are asked for, then each is the sum of that customer's entries in that currency", async () => {
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
      await append(aWalletDebit(second, 250_000));

      expect(await balance(ram, 'NPR')).toStrictEqual(npr(1_045_005));
      expect(await balance(ram, 'USD')).toStrictEqual(usd(1_999));
      expect(await balance(sita, 'NPR')).toStrictEqual(npr(80_000));
      expect(await balance(sita, 'USD')).toStrictEqual(usd(0));
    });

    it('given a balance, when a debit takes all of it, then it is appended and the balance is zero', async () => {
      const order = await aStoredOrder(store);
      await append(aTopUpEntry(order.customerId, npr(1_000)));

      expect(await append(aWalletDebit(order, 1_000))).toStrictEqual(appended);
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(0));
    });

    it('given a balance, when a debit asks for one unit more, then it is refused as insufficient funds and nothing is written', async () => {
      const order = await aStoredOrder(store);
      await append(aTopUpEntry(order.customerId, npr(1_000)));
      const debit = aWalletDebit(order, 1_001);

      const error = errorOf(await append(debit));

      expect(error.code).toBe('wallet.insufficient_funds');
      expect(error.details).toStrictEqual({ balanceMinor: 1_000, requestedMinor: 1_001 });
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(1_000));
      // A refusal is not remembered: the key is still free once the wallet holds enough.
      await append(aTopUpEntry(order.customerId, npr(1)));
      expect(await append(debit)).toStrictEqual(appended);
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(0));
    });

    it('given money in another currency only, when a debit asks for it in this one, then it is insufficient funds: currencies are separate wallets', async () => {
      const order = await aStoredOrder(store);
      await append(aTopUpEntry(order.customerId, usd(5_000)));

      expect(errorOf(await append(aWalletDebit(order, 1))).code).toBe('wallet.insufficient_funds');
      expect(await balance(order.customerId, 'USD')).toStrictEqual(usd(5_000));
    });

    it('given an appended debit, when it is replayed after the balance fell below its amount, then it is a duplicate, not insufficient funds', async () => {
      const order = anOrder();
      const other = anOrder({ customerId: order.customerId });
      await given(store, order, other);
      await append(aTopUpEntry(order.customerId, npr(1_000)));
      const debit = aWalletDebit(order, 600);
      expect(await append(debit)).toStrictEqual(appended);
      expect(await append(aWalletDebit(other, 400))).toStrictEqual(appended);

      expect(await append(debit)).toStrictEqual(duplicate);
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(0));
    });

    it.each<[string, (entry: WalletEntry) => WalletEntry]>([
      ['a zero amount', (entry) => ({ ...entry, amount: npr(0) })],
      ['a fractional amount', (entry) => ({ ...entry, amount: { amountMinor: 10.5, currency: 'NPR' } })],
      ['a negative top-up', (entry) => ({ ...entry, kind: 'top_up', amount: npr(-10) })],
      ['a positive order payment', (entry) => ({ ...entry, kind: 'order_payment', amount: npr(10) })],
    ])('given %s, when appended, then it is refused as an invalid amount and nothing is written', async (_, change) => {
      const order = await aStoredOrder(store);
      await append(aTopUpEntry(order.customerId, npr(1_000)));

      expect(errorOf(await append(change(aWalletCredit(order)))).code).toBe('wallet.invalid_amount');
      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(1_000));
    });

    it('given an adjustment naming no actor, when appended, then it is refused as a missing reference', async () => {
      const customerId = fresh('cus');

      expect(errorOf(await append(aTopUpEntry(customerId, npr(10), { kind: 'adjustment' }))).code).toBe('wallet.missing_reference');
      expect(await append(aTopUpEntry(customerId, npr(10), { kind: 'adjustment', actor: 'ops@paysaga.test' }))).toStrictEqual(appended);
      expect(await balance(customerId, 'NPR')).toStrictEqual(npr(10));
    });

    it('given no such order, when an entry for it is appended, then the store refuses it and the balance stays zero', async () => {
      const order = anOrder();

      await expectRefusedBy(append(aWalletCredit(order)), 'wallet_entries_order_id_fkey');

      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(0));
    });

    it('given a debit, when its transaction rolls back, then the money is still there for the next debit', async () => {
      const order = await aStoredOrder(store);
      await append(aTopUpEntry(order.customerId, npr(500)));

      await expect(
        store.transaction(async ({ wallet }) => {
          expect(await wallet.append(aWalletDebit(order, 500))).toStrictEqual(appended);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');

      expect(await balance(order.customerId, 'NPR')).toStrictEqual(npr(500));
      expect(await append(aWalletDebit(order, 500))).toStrictEqual(appended);
    });
  });
}
