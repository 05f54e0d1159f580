import { describe, expect, it } from 'vitest';
import type { CheckoutRepositories } from '../../src/checkout/ports/checkout-store.js';
import type { Order } from '../../src/orders/api.js';
import { given, onHand, type PersistenceSubject, openedForEachTest } from './store-under-test.js';
import { aProduct, line } from '../support/mothers/catalog.js';
import { aLoyaltyEarn } from '../support/mothers/loyalty-entry.js';
import { npr } from '../support/mothers/money.js';
import { anOrder, laterStates } from '../support/mothers/order.js';
import { anInitiatedPayment } from '../support/mothers/payment.js';
import { aRefundOf } from '../support/mothers/refund.js';
import { aVerificationFor } from '../support/mothers/verification.js';
import { aWalletCredit } from '../support/mothers/wallet-entry.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** CheckoutStore: the unit of work; everything in a transaction commits together or not at all. */
export function checkoutStoreContract(subject: PersistenceSubject): void {
  describe(`CheckoutStore contract: ${subject.name}`, () => {
    const { store, seedCatalog } = openedForEachTest(subject);

    /** Everything one checkout writes, for an order that is new and one that exists already. */
    async function aCheckoutsWorthOfData() {
      const product = aProduct({ onHand: 10 });
      await seedCatalog([product]);
      const existing = anOrder();
      await given(store, existing);
      const order: Order = anOrder();
      return {
        product,
        existing,
        order,
        payment: anInitiatedPayment(order),
        verification: aVerificationFor(order),
        credit: aWalletCredit(order),
        earn: aLoyaltyEarn(order),
      };
    }

    it('given work that writes and returns a value, when run in a transaction, then the value comes back and the writes are there afterwards', async () => {
      const order = anOrder();

      const value = await store.transaction(async ({ orders }) => {
        await orders.save(order);
        return { saved: order.id };
      });

      expect(value).toStrictEqual({ saved: order.id });
      expect(await store.read(({ orders }) => orders.byId(order.id))).toStrictEqual(order);
    });

    it('given a transaction that writes to every repository, when its work throws, then the caller gets that error and nothing is left behind', async () => {
      const { product, existing, order, payment, verification, credit, earn } = await aCheckoutsWorthOfData();
      const refund = aRefundOf(payment);
      const failure = new Error('the gateway call after the writes failed');

      const outcome = store.transaction(async (repositories) => {
        await repositories.orders.save(order);
        await repositories.orders.save(laterStates.cancelledUnpaid(existing));
        await repositories.payments.save(payment);
        expect(await repositories.verifications.record(verification)).toBe('recorded');
        expect(await repositories.stock.reserve(order.id, [line(product.sku, 4)])).toStrictEqual({ ok: true, value: 'reserved' });
        expect(await repositories.stock.commit(order.id)).toBe('committed');
        expect(await repositories.wallet.append(credit)).toStrictEqual({ ok: true, value: 'appended' });
        expect(await repositories.loyalty.append(order.customerId, earn)).toStrictEqual({ ok: true, value: 'appended' });
        await repositories.refunds.save(refund);
        throw failure;
      });

      await expect(outcome).rejects.toBe(failure);
      await store.read(async (repositories) => {
        expect(await repositories.orders.byId(order.id)).toBeUndefined();
        expect(await repositories.orders.byId(existing.id)).toStrictEqual(existing);
        expect(await repositories.payments.byOrderId(order.id)).toBeUndefined();
        expect(await repositories.payments.byGatewayPaymentId(payment.gateway, payment.gatewayPaymentId!)).toBeUndefined();
        expect(await repositories.verifications.byTransaction(verification.gateway, verification.transactionId)).toBeUndefined();
        expect(await repositories.wallet.balance(order.customerId, 'NPR')).toStrictEqual(npr(0));
        expect(await repositories.loyalty.balance(order.customerId)).toBe(0);
        expect(await repositories.refunds.byId(refund.id)).toBeUndefined();
        expect(await repositories.stock.commit(order.id)).toBe('not_reserved');
      });
      expect(await onHand(store, product.sku)).toBe(10);
    });

    it('given a transaction rolled back, when the same writes are made again, then every key is free: recorded, reserved and appended anew', async () => {
      const { product, order, payment, verification, credit, earn } = await aCheckoutsWorthOfData();
      const writeAll = async (repositories: CheckoutRepositories) => {
        await repositories.orders.save(order);
        await repositories.payments.save(payment);
        return [
          await repositories.verifications.record(verification),
          await repositories.stock.reserve(order.id, [line(product.sku, 4)]),
          await repositories.wallet.append(credit),
          await repositories.loyalty.append(order.customerId, earn),
        ];
      };
      await expect(
        store.transaction(async (repositories) => {
          await writeAll(repositories);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');

      const outcomes = await store.transaction(writeAll);

      expect(outcomes).toStrictEqual(['recorded', { ok: true, value: 'reserved' }, { ok: true, value: 'appended' }, { ok: true, value: 'appended' }]);
      expect(await onHand(store, product.sku)).toBe(6);
      expect(await store.read(({ wallet }) => wallet.balance(order.customerId, 'NPR'))).toStrictEqual(order.total);
    });

    it('given writes inside a transaction, when read inside the same transaction, then they are seen before the commit', async () => {
      const product = aProduct({ onHand: 10 });
      await seedCatalog([product]);
      const order = anOrder();

      const seen = await store.transaction(async ({ orders, stock, wallet }) => {
        await orders.save(order);
        await stock.reserve(order.id, [line(product.sku, 3)]);
        await wallet.append(aWalletCredit(order, { amount: npr(700) }));
        const [item] = await stock.items([product.sku]);
        return { order: await orders.byId(order.id), onHand: item?.onHand, balance: await wallet.balance(order.customerId, 'NPR') };
      });

      expect(seen).toStrictEqual({ order, onHand: 7, balance: npr(700) });
    });

    it('given a transaction still running, when another caller reads, then it sees none of the uncommitted writes until the commit', async () => {
      const order = anOrder();
      const written = deferred();
      const release = deferred();

      const transaction = store.transaction(async ({ orders }) => {
        await orders.save(order);
        written.resolve();
        await release.promise;
      });
      await written.promise;
      const whileOpen = await store.read(({ orders }) => orders.byId(order.id));
      release.resolve();
      await transaction;

      expect(whileOpen).toBeUndefined();
      expect(await store.read(({ orders }) => orders.byId(order.id))).toStrictEqual(order);
    });

    it('given a write refused inside a transaction, when the work catches the error and goes on, then nothing of that transaction is committed', async () => {
      const order = anOrder();
      const orphan = aWalletCredit(anOrder());

      const outcome = await store
        .transaction(async ({ orders, wallet }) => {
          await orders.save(order);
          await wallet.append(orphan).catch(() => 'swallowed');
          return 'returned';
        })
        .catch(() => 'rejected');

      // PostgreSQL rolls back silently on COMMIT, the in-memory twin rejects; neither keeps the order.
      expect(['returned', 'rejected']).toContain(outcome);
      expect(await store.read(({ orders }) => orders.byId(order.id))).toBeUndefined();
    });
  });
}
