import { describe, expect, it } from 'vitest';
import type { StockLine } from '../../src/inventory/api.js';
import type { Order } from '../../src/orders/api.js';
import type { Payment } from '../../src/payments/api.js';
import { decideRefund } from '../../src/payments/domain/refund.js';
import { given, onHand, type PersistenceSubject, stockLevel, tally, openedForEachTest, storedOrders } from './store-under-test.js';
import { aProduct, line } from '../support/mothers/catalog.js';
import { fresh } from '../support/mothers/ids.js';
import { aLoyaltyEarn, aLoyaltyRedeem } from '../support/mothers/loyalty-entry.js';
import { npr } from '../support/mothers/money.js';
import { anOrder } from '../support/mothers/order.js';
import { aPaymentFor } from '../support/mothers/payment.js';
import { aRefundOf } from '../support/mothers/refund.js';
import { aVerificationFor } from '../support/mothers/verification.js';
import { aTopUpEntry, aWalletCredit, aWalletDebit } from '../support/mothers/wallet-entry.js';

const outcomeOf = (result: { ok: true; value: string } | { ok: false; error: { code: string } }): string => (result.ok ? result.value : result.error.code);

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Many checkouts at once: each call below runs in its own transaction, all started together.
 * Against PostgreSQL this is real concurrency on separate connections; the in-memory twin must
 * reach the same outcomes.
 */
export function concurrencyContract(subject: PersistenceSubject): void {
  describe(`concurrent checkouts: ${subject.name}`, () => {
    const { store, seedCatalog, accounts: openedAccounts } = openedForEachTest(subject);

    /** Where the store keeps a cached balance per account, it equals the sum of the entries. */
    async function accountsAgree(customerId: string): Promise<boolean> {
      const accounts = openedAccounts();
      if (accounts === undefined) return true;
      const wallet = await store.read(({ wallet: ledger }) => ledger.balance(customerId, 'NPR'));
      const loyalty = await store.read(async ({ loyalty: ledger }) => ({ balance: await ledger.balance(customerId), lifetime: await ledger.lifetime(customerId) }));
      const cached = { wallet: await accounts.wallet(customerId, 'NPR'), loyalty: await accounts.loyalty(customerId) };
      expect(cached).toStrictEqual({ wallet: wallet.amountMinor, loyalty });
      return true;
    }

    const reserve = (orderId: string, lines: readonly StockLine[]) => store.transaction(({ stock }) => stock.reserve(orderId, lines));

    /** One order's reservation of 3 units out of `unitsOnHand`, retried 10 times at once: reserved once, the rest already reserved; the units left on hand. */
    async function threeUnitsReservedTenTimesAtOnce(unitsOnHand: number): Promise<number | undefined> {
      const product = aProduct({ onHand: unitsOnHand });
      await seedCatalog([product]);
      const [order] = await storedOrders(store, 1);

      const outcomes = await tally(
        Array.from({ length: 10 }, () => reserve(order!.id, [line(product.sku, 3)])),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ reserved: 1, already_reserved: 9 });
      return onHand(store, product.sku);
    }

    it('given 10 units on hand, when 50 orders reserve 1 unit each at once, then exactly 10 are reserved, 40 are out of stock and none is left', async () => {
      const product = aProduct({ onHand: 10 });
      await seedCatalog([product]);
      const orders = await storedOrders(store, 50);

      const outcomes = await tally(
        orders.map((order) => reserve(order.id, [line(product.sku, 1)])),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ reserved: 10, 'inventory.out_of_stock': 40 });
      expect(await onHand(store, product.sku)).toBe(0);
    });

    it('given two SKUs, when orders wanting both in opposite line orders reserve at once, then none deadlocks or fails and neither SKU is oversold', async () => {
      const first = aProduct({ onHand: 15 });
      const second = aProduct({ onHand: 15 });
      await seedCatalog([first, second]);
      const orders = await storedOrders(store, 30);

      const outcomes = await tally(
        orders.map((order, index) => reserve(order.id, index % 2 === 0 ? [line(first.sku, 1), line(second.sku, 1)] : [line(second.sku, 1), line(first.sku, 1)])),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ reserved: 15, 'inventory.out_of_stock': 15 });
      expect(await onHand(store, first.sku)).toBe(0);
      expect(await onHand(store, second.sku)).toBe(0);
    });

    it('given one order, when its reservation is retried 10 times at once, then it is reserved once and the stock is taken once', async () => {
      expect(await threeUnitsReservedTenTimesAtOnce(10)).toBe(7);
    });

    it('given one verified transaction, when 20 callbacks record it for the same order at once, then one records it and 19 find a duplicate', async () => {
      const [order] = await storedOrders(store, 1);
      const verification = aVerificationFor(order!);

      const outcomes = await tally(
        Array.from({ length: 20 }, () => store.transaction(({ verifications }) => verifications.record(verification))),
        String,
      );

      expect(outcomes).toStrictEqual({ recorded: 1, duplicate: 19 });
      expect(await store.read(({ verifications }) => verifications.byTransaction(verification.gateway, verification.transactionId))).toStrictEqual(verification);
    });

    it('given one transaction id, when two orders record it at once (10 times over), then each time one order wins and the other is refused', async () => {
      for (let round = 0; round < 10; round += 1) {
        const [first, second] = await storedOrders(store, 2);
        const claimed = aVerificationFor(first!);
        const reused = aVerificationFor(second!, { transactionId: claimed.transactionId, gatewayPaymentId: claimed.gatewayPaymentId });

        const [forFirst, forSecond] = await Promise.all([
          store.transaction(({ verifications }) => verifications.record(claimed)),
          store.transaction(({ verifications }) => verifications.record(reused)),
        ]);

        expect([forFirst, forSecond].sort()).toStrictEqual(['duplicate', 'recorded']);
        const winner = forFirst === 'recorded' ? claimed : reused;
        expect(await store.read(({ verifications }) => verifications.byTransaction(claimed.gateway, claimed.transactionId))).toStrictEqual(winner);
      }
    });

    it('given one wallet entry, when it is replayed 10 times at once, then it is appended once and the balance counts it once', async () => {
      const [order] = await storedOrders(store, 1);
      const credit = aWalletCredit(order!, { amount: npr(170_000) });

      const outcomes = await tally(
        Array.from({ length: 10 }, () => store.transaction(({ wallet }) => wallet.append(credit))),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ appended: 1, duplicate: 9 });
      expect(await store.read(({ wallet }) => wallet.balance(order!.customerId, 'NPR'))).toStrictEqual(npr(170_000));
    });

    it('given one loyalty award, when it is replayed 10 times at once, then the points are awarded once', async () => {
      const [order] = await storedOrders(store, 1);
      const earn = aLoyaltyEarn(order!, { points: 170 });

      const outcomes = await tally(
        Array.from({ length: 10 }, () => store.transaction(({ loyalty }) => loyalty.append(order!.customerId, earn))),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ appended: 1, duplicate: 9 });
      expect(await store.read(({ loyalty }) => loyalty.balance(order!.customerId))).toBe(170);
    });

    it('given 20 transactions writing different entries at once, when all have committed, then no write is lost', async () => {
      const customerId = anOrder().customerId;
      const orders = Array.from({ length: 20 }, () => anOrder({ customerId }));

      const outcomes = await tally(
        orders.map((order, index) =>
          store.transaction(async ({ orders: repository, wallet }) => {
            await repository.save(order);
            return wallet.append(aWalletCredit(order, { amount: npr(index + 1) }));
          }),
        ),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ appended: 20 });
      expect(await store.read(({ wallet }) => wallet.balance(customerId, 'NPR'))).toStrictEqual(npr((20 * 21) / 2));
    });

    it('given a wallet topped up with 1000, when 20 order payments of 100 debit it at once, then exactly 10 succeed, the rest find too little, and the balance is 0', async () => {
      const customerId = fresh('cus');
      const orders = Array.from({ length: 20 }, () => anOrder({ customerId }));
      await given(store, ...orders);
      await store.transaction(({ wallet }) => wallet.append(aTopUpEntry(customerId, npr(1_000))));

      const outcomes = await tally(
        orders.map((order) => store.transaction(({ wallet }) => wallet.append(aWalletDebit(order, 100)))),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ appended: 10, 'wallet.insufficient_funds': 10 });
      expect(await store.read(({ wallet }) => wallet.balance(customerId, 'NPR'))).toStrictEqual(npr(0));
      expect(await accountsAgree(customerId)).toBe(true);
    });

    it('given a wallet holding exactly one debit, when that debit is replayed 10 times at once, then it is appended once and every replay is a duplicate, not insufficient funds', async () => {
      const [order] = await storedOrders(store, 1);
      await store.transaction(({ wallet }) => wallet.append(aTopUpEntry(order!.customerId, npr(100))));
      const debit = aWalletDebit(order!, 100);

      const outcomes = await tally(
        Array.from({ length: 10 }, () => store.transaction(({ wallet }) => wallet.append(debit))),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ appended: 1, duplicate: 9 });
      expect(await store.read(({ wallet }) => wallet.balance(order!.customerId, 'NPR'))).toStrictEqual(npr(0));
      expect(await accountsAgree(order!.customerId)).toBe(true);
    });

    /**
     * Ten rounds of two customers' entries under one key at once: each round one is appended and
     * the other is a duplicate, and only the appended one counts in its customer's balance.
     */
    async function oneKeyTwoCustomersTenTimes<Entry>(ledger: {
      entries(first: Order, second: Order): [Entry, Entry];
      append(customerId: string, entry: Entry): Promise<{ ok: true; value: string } | { ok: false; error: { code: string } }>;
      balance(customerId: string): Promise<number>;
      amounts: [number, number];
    }): Promise<void> {
      for (let round = 0; round < 10; round += 1) {
        const [first, second] = await storedOrders(store, 2);
        const [entry, clash] = ledger.entries(first, second);

        const outcomes = await tally([ledger.append(first.customerId, entry), ledger.append(second.customerId, clash)], outcomeOf);

        expect(outcomes).toStrictEqual({ appended: 1, duplicate: 1 });
        const balances = [await ledger.balance(first.customerId), await ledger.balance(second.customerId)];
        const [firstAmount, secondAmount] = ledger.amounts;
        expect([
          [firstAmount, 0],
          [0, secondAmount],
        ]).toContainEqual(balances);
        expect(await accountsAgree(first.customerId)).toBe(true);
        expect(await accountsAgree(second.customerId)).toBe(true);
      }
    }

    it('given one key, when two customers append entries under it at once (10 times over), then each time one is appended and the other is a duplicate', async () => {
      await oneKeyTwoCustomersTenTimes({
        entries: (first, second) => {
          const entry = aWalletCredit(first, { amount: npr(100) });
          return [entry, aWalletCredit(second, { amount: npr(200), idempotencyKey: entry.idempotencyKey })];
        },
        append: (_, entry) => store.transaction(({ wallet }) => wallet.append(entry)),
        balance: async (customerId) => (await store.read(({ wallet }) => wallet.balance(customerId, 'NPR'))).amountMinor,
        amounts: [100, 200],
      });
    });

    it('given one key, when two customers are awarded points under it at once (10 times over), then each time one is appended and the other is a duplicate', async () => {
      await oneKeyTwoCustomersTenTimes({
        entries: (first, second) => {
          const entry = aLoyaltyEarn(first, { points: 10 });
          return [entry, aLoyaltyEarn(second, { points: 20, idempotencyKey: entry.idempotencyKey })];
        },
        append: (customerId, entry) => store.transaction(({ loyalty }) => loyalty.append(customerId, entry)),
        balance: (customerId) => store.read(({ loyalty }) => loyalty.balance(customerId)),
        amounts: [10, 20],
      });
    });

    it('given 300 points, when 20 redemptions of 50 points run at once, then exactly 6 are appended and the points never go below zero', async () => {
      const customerId = fresh('cus');
      const orders = Array.from({ length: 20 }, () => anOrder({ customerId }));
      await given(store, ...orders);
      await store.transaction(({ loyalty }) => loyalty.append(customerId, aLoyaltyEarn(orders[0]!, { points: 300 })));

      const outcomes = await tally(
        orders.map((order) => store.transaction(({ loyalty }) => loyalty.append(customerId, aLoyaltyRedeem(order, 50)))),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ appended: 6, 'loyalty.insufficient_points': 14 });
      expect(await store.read(({ loyalty }) => loyalty.balance(customerId))).toBe(0);
      expect(await store.read(({ loyalty }) => loyalty.lifetime(customerId))).toBe(300);
      expect(await accountsAgree(customerId)).toBe(true);
    });

    it('given points for one redemption, when that redemption is replayed 10 times at once, then it is appended once and every replay is a duplicate', async () => {
      const [order] = await storedOrders(store, 1);
      await store.transaction(({ loyalty }) => loyalty.append(order!.customerId, aLoyaltyEarn(order!, { points: 50 })));
      const redeem = aLoyaltyRedeem(order!, 50);

      const outcomes = await tally(
        Array.from({ length: 10 }, () => store.transaction(({ loyalty }) => loyalty.append(order!.customerId, redeem))),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ appended: 1, duplicate: 9 });
      expect(await store.read(({ loyalty }) => loyalty.balance(order!.customerId))).toBe(0);
      expect(await accountsAgree(order!.customerId)).toBe(true);
    });

    it('given 10 units, when 50 orders reserve 1 at once and then the winners commit, release and are retried at once while 10 more orders reserve, then reserved always stays within on hand', async () => {
      const product = aProduct({ onHand: 10 });
      await seedCatalog([product]);
      const orders = await storedOrders(store, 50);

      const reserved = await Promise.all(orders.map(async (order) => ({ order, outcome: outcomeOf(await reserve(order.id, [line(product.sku, 1)])) })));
      const winners = reserved.filter(({ outcome }) => outcome === 'reserved').map(({ order }) => order.id);
      expect(winners).toHaveLength(10);
      expect(await stockLevel(store, product.sku)).toStrictEqual({ sku: product.sku, onHand: 10, reserved: 10, available: 0, lowStockThreshold: 5 });

      const committing = winners.slice(0, 5);
      const releasing = winners.slice(5);
      const latecomers = await storedOrders(store, 10);
      const [commits, releases, late] = await Promise.all([
        tally(
          [...committing, ...committing].map((orderId) => store.transaction(({ stock }) => stock.commit(orderId))),
          String,
        ),
        tally(
          [...releasing, ...releasing].map((orderId) => store.transaction(({ stock }) => stock.release(orderId))),
          String,
        ),
        Promise.all(latecomers.map(async (order) => ({ order, outcome: outcomeOf(await reserve(order.id, [line(product.sku, 1)])) }))),
      ]);

      expect(commits).toStrictEqual({ committed: 5, already_committed: 5 });
      expect(releases).toStrictEqual({ released: 5, already_released: 5 });
      const lateWinners = late.filter(({ outcome }) => outcome === 'reserved').map(({ order }) => order.id);
      expect(late.every(({ outcome }) => outcome === 'reserved' || outcome === 'inventory.out_of_stock')).toBe(true);
      expect(lateWinners.length).toBeLessThanOrEqual(5);
      expect(await stockLevel(store, product.sku)).toStrictEqual({
        sku: product.sku,
        onHand: 5,
        reserved: lateWinners.length,
        available: 5 - lateWinners.length,
        lowStockThreshold: 5,
      });

      await Promise.all(lateWinners.map((orderId) => store.transaction(({ stock }) => stock.release(orderId))));
      expect(await stockLevel(store, product.sku)).toStrictEqual({ sku: product.sku, onHand: 5, reserved: 0, available: 5, lowStockThreshold: 5 });
    });

    it('given the last 3 units taken by an order, when its reservation is retried 10 times at once, then every retry is already reserved, never out of stock', async () => {
      expect(await threeUnitsReservedTenTimesAtOnce(3)).toBe(0);
    });

    it('given a completed payment of 1000, when refunds of 600 and 700 are decided at once under its lock (5 times over), then each time exactly one is saved and the other exceeds what was paid', async () => {
      for (let round = 0; round < 5; round += 1) {
        const [order] = await storedOrders(store, 1);
        const payment: Payment = aPaymentFor(order!, { amount: npr(1_000), status: 'completed', transactionId: fresh('txn') });
        await store.transaction(({ payments }) => payments.save(payment));

        const refund = (amountMinor: number) =>
          store.transaction(async ({ payments, refunds }) => {
            await refunds.lockPayment(payment.id);
            // Widen the window between reading the refunds and saving a new one.
            await pause(25);
            const paid = (await payments.byId(payment.id))!;
            const { status: _pending, ...request } = aRefundOf(payment, { amount: npr(amountMinor) });
            const decided = decideRefund({ paid: paid.amount, paymentCompleted: paid.status === 'completed', existing: await refunds.forPayment(payment.id), request });
            if (decided.ok) await refunds.save(decided.value);
            return decided;
          });

        const outcomes = await tally([refund(600), refund(700)], (result) => (result.ok ? 'saved' : result.error.code));

        expect(outcomes).toStrictEqual({ saved: 1, 'refunds.exceeds_paid': 1 });
        const saved = await store.read(({ refunds }) => refunds.forPayment(payment.id));
        expect(saved).toHaveLength(1);
        expect(saved[0]!.amount.amountMinor).toBeLessThanOrEqual(1_000);
      }
    });

    it('given no transaction around them, when 20 debits of 100 against 1000 and 20 reservations of 1 against 10 run at once, then each write is still decided and written whole', async () => {
      const customerId = fresh('cus');
      const product = aProduct({ onHand: 10 });
      await seedCatalog([product]);
      const orders = Array.from({ length: 20 }, () => anOrder({ customerId }));
      await given(store, ...orders);
      await store.read(({ wallet }) => wallet.append(aTopUpEntry(customerId, npr(1_000))));

      const [debits, reservations] = await Promise.all([
        tally(
          orders.map((order) => store.read(({ wallet }) => wallet.append(aWalletDebit(order, 100)))),
          outcomeOf,
        ),
        tally(
          orders.map((order) => store.read(({ stock }) => stock.reserve(order.id, [line(product.sku, 1)]))),
          outcomeOf,
        ),
      ]);

      expect(debits).toStrictEqual({ appended: 10, 'wallet.insufficient_funds': 10 });
      expect(reservations).toStrictEqual({ reserved: 10, 'inventory.out_of_stock': 10 });
      expect(await store.read(({ wallet }) => wallet.balance(customerId, 'NPR'))).toStrictEqual(npr(0));
      expect(await accountsAgree(customerId)).toBe(true);
      expect(await stockLevel(store, product.sku)).toStrictEqual({ sku: product.sku, onHand: 10, reserved: 10, available: 0, lowStockThreshold: 5 });
    });

    it('given SKUs whose order differs by letter case, when orders holding both commit and release while others reserve both at once, then nothing deadlocks or fails', async () => {
      const prefix = fresh('CASE');
      const upper = aProduct({ sku: `${prefix}-C`, onHand: 40 });
      const lower = aProduct({ sku: `${prefix}-b`, onHand: 40 });
      await seedCatalog([upper, lower]);
      const held = await storedOrders(store, 20);
      const both = (index: number) => (index % 2 === 0 ? [line(upper.sku, 1), line(lower.sku, 1)] : [line(lower.sku, 1), line(upper.sku, 1)]);
      for (const [index, order] of held.entries()) expect(outcomeOf(await reserve(order.id, both(index)))).toBe('reserved');
      const newcomers = await storedOrders(store, 20);

      const [settled, reserved] = await Promise.all([
        tally(
          held.map((order, index) => store.transaction(({ stock }) => (index % 2 === 0 ? stock.commit(order.id) : stock.release(order.id)))),
          String,
        ),
        tally(
          newcomers.map((order, index) => reserve(order.id, both(index))),
          outcomeOf,
        ),
      ]);

      expect(settled).toStrictEqual({ committed: 10, released: 10 });
      expect(reserved).toStrictEqual({ reserved: 20 });
      for (const sku of [upper.sku, lower.sku]) expect(await onHand(store, sku)).toBe(10);
    });
  });
}
