import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import type { StockLine } from '../../src/inventory/api.js';
import type { Order } from '../../src/orders/api.js';
import {
  aLoyaltyEarn,
  anOrder,
  aProduct,
  aVerification,
  aWalletCredit,
  given,
  line,
  npr,
  onHand,
  tally,
  type PersistenceSubject,
  type StoreUnderTest,
} from './persistence-builders.js';

const outcomeOf = (result: { ok: true; value: string } | { ok: false; error: { code: string } }): string => (result.ok ? result.value : result.error.code);

/**
 * Many checkouts at once: each call below runs in its own transaction, all started together.
 * Against PostgreSQL this is real concurrency on separate connections; the in-memory twin must
 * reach the same outcomes.
 */
export function concurrencyContract(subject: PersistenceSubject): void {
  describe(`concurrent checkouts: ${subject.name}`, () => {
    let store: CheckoutStore;
    let seedCatalog: StoreUnderTest['seedCatalog'];

    beforeEach(async () => {
      ({ store, seedCatalog } = await subject.open());
    });

    const reserve = (orderId: string, lines: readonly StockLine[]) => store.transaction(({ stock }) => stock.reserve(orderId, lines));

    async function storedOrders(count: number): Promise<Order[]> {
      const orders = Array.from({ length: count }, () => anOrder());
      await given(store, ...orders);
      return orders;
    }

    it('given 10 units on hand, when 50 orders reserve 1 unit each at once, then exactly 10 are reserved, 40 are out of stock and none is left', async () => {
      const product = aProduct({ onHand: 10 });
      await seedCatalog([product]);
      const orders = await storedOrders(50);

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
      const orders = await storedOrders(30);

      const outcomes = await tally(
        orders.map((order, index) =>
          reserve(order.id, index % 2 === 0 ? [line(first.sku, 1), line(second.sku, 1)] : [line(second.sku, 1), line(first.sku, 1)]),
        ),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ reserved: 15, 'inventory.out_of_stock': 15 });
      expect(await onHand(store, first.sku)).toBe(0);
      expect(await onHand(store, second.sku)).toBe(0);
    });

    it('given one order, when its reservation is retried 10 times at once, then it is reserved once and the stock is taken once', async () => {
      const product = aProduct({ onHand: 10 });
      await seedCatalog([product]);
      const [order] = await storedOrders(1);

      const outcomes = await tally(
        Array.from({ length: 10 }, () => reserve(order!.id, [line(product.sku, 3)])),
        outcomeOf,
      );

      expect(outcomes).toStrictEqual({ reserved: 1, already_reserved: 9 });
      expect(await onHand(store, product.sku)).toBe(7);
    });

    it('given one verified transaction, when 20 callbacks record it for the same order at once, then one records it and 19 find a duplicate', async () => {
      const [order] = await storedOrders(1);
      const verification = aVerification(order!);

      const outcomes = await tally(
        Array.from({ length: 20 }, () => store.transaction(({ verifications }) => verifications.record(verification))),
        String,
      );

      expect(outcomes).toStrictEqual({ recorded: 1, duplicate: 19 });
      expect(await store.read(({ verifications }) => verifications.byTransaction(verification.gateway, verification.transactionId))).toStrictEqual(verification);
    });

    it('given one transaction id, when two orders record it at once (10 times over), then each time one order wins and the other is refused', async () => {
      for (let round = 0; round < 10; round += 1) {
        const [first, second] = await storedOrders(2);
        const claimed = aVerification(first!);
        const reused = aVerification(second!, { transactionId: claimed.transactionId, gatewayPaymentId: claimed.gatewayPaymentId });

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
      const [order] = await storedOrders(1);
      const credit = aWalletCredit(order!, { amount: npr(170_000) });

      const outcomes = await tally(
        Array.from({ length: 10 }, () => store.transaction(({ wallet }) => wallet.append(credit))),
        String,
      );

      expect(outcomes).toStrictEqual({ appended: 1, duplicate: 9 });
      expect(await store.read(({ wallet }) => wallet.balance(order!.customerId, 'NPR'))).toStrictEqual(npr(170_000));
    });

    it('given one loyalty award, when it is replayed 10 times at once, then the points are awarded once', async () => {
      const [order] = await storedOrders(1);
      const earn = aLoyaltyEarn(order!, { points: 170 });

      const outcomes = await tally(
        Array.from({ length: 10 }, () => store.transaction(({ loyalty }) => loyalty.append(order!.customerId, earn))),
        String,
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
        String,
      );

      expect(outcomes).toStrictEqual({ appended: 20 });
      expect(await store.read(({ wallet }) => wallet.balance(customerId, 'NPR'))).toStrictEqual(npr((20 * 21) / 2));
    });
  });
}
