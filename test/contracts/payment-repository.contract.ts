import { describe, expect, it } from 'vitest';
import { paymentIn, type Payment, type PaymentStatus } from '../../src/payments/api.js';
import { aStoredOrder, committed, expectRefusedBy, type PersistenceSubject, openedForEachTest, storedOrders } from './store-under-test.js';
import { npr } from '../support/mothers/money.js';
import { anOrder } from '../support/mothers/order.js';
import { anInitiatedPayment, aPaymentFor } from '../support/mothers/payment.js';
import { aVerificationFor } from '../support/mothers/verification.js';

type StoredOrder = Awaited<ReturnType<typeof aStoredOrder>>;

const STATUSES: readonly PaymentStatus[] = ['pending', 'processing', 'completed', 'failed', 'cancelled', 'expired', 'partially_refunded', 'refunded'];

/**
 * PaymentRepository: at most one payment per (order, gateway) — a wallet part and one gateway
 * part — found by id, by order and by the gateway's id for it.
 */
export function paymentRepositoryContract(subject: PersistenceSubject): void {
  describe(`PaymentRepository contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const byOrderId = (orderId: string) => store.read(({ payments }) => payments.byOrderId(orderId));
    const byGatewayPaymentId = (gateway: string, id: string) => store.read(({ payments }) => payments.byGatewayPaymentId(gateway, id));
    const allForOrder = (orderId: string) => store.read(({ payments }) => payments.allForOrder(orderId));
    const byId = (paymentId: string) => store.read(({ payments }) => payments.byId(paymentId));
    const save = (payment: Payment) => committed(store, ({ payments }) => payments.save(payment));
    /** Given an order in the store and the payment `make` builds for it, saved. */
    const aSavedPayment = async (make: (order: StoredOrder) => Payment): Promise<{ order: StoredOrder; payment: Payment }> => {
      const order = await aStoredOrder(store);
      const payment = make(order);
      await save(payment);
      return { order, payment };
    };

    it('given no payment, when looked up by order or by gateway payment id, then there is none', async () => {
      const order = await aStoredOrder(store);

      expect(await byOrderId(order.id)).toBeUndefined();
      expect(await byGatewayPaymentId('khalti', 'pidx_never_issued')).toBeUndefined();
      expect(await allForOrder(order.id)).toStrictEqual([]);
      expect(await byId('pay_never_saved')).toBeUndefined();
    });

    it('given an order paid in two parts, when looked up, then byOrderId finds the gateway part, allForOrder both in the order saved, byId each', async () => {
      const order = await aStoredOrder(store);
      const walletPart = aPaymentFor(order, { gateway: 'wallet', amount: npr(20_000), status: 'completed' });
      const gatewayPart = anInitiatedPayment(order, { amount: npr(order.total.amountMinor - 20_000) });

      await save(walletPart);
      await save(gatewayPart);

      expect(await byOrderId(order.id)).toStrictEqual(gatewayPart);
      expect(await allForOrder(order.id)).toStrictEqual([walletPart, gatewayPart]);
      expect(await byId(walletPart.id)).toStrictEqual(walletPart);
      expect(await byId(gatewayPart.id)).toStrictEqual(gatewayPart);
    });

    it('given the gateway part saved before the wallet part, when looked up by order, then it is still the gateway part', async () => {
      const order = await aStoredOrder(store);
      const gatewayPart = anInitiatedPayment(order, { amount: npr(1_000) });
      const walletPart = aPaymentFor(order, { gateway: 'wallet', amount: npr(order.total.amountMinor - 1_000) });

      await save(gatewayPart);
      await save(walletPart);

      expect(await byOrderId(order.id)).toStrictEqual(gatewayPart);
      expect(await allForOrder(order.id)).toStrictEqual([gatewayPart, walletPart]);
    });

    it('given an order the wallet paid in full, when looked up by order, then it is the wallet payment', async () => {
      const order = await aStoredOrder(store);
      const walletPart = aPaymentFor(order, { gateway: 'wallet', status: 'completed' });

      await save(walletPart);

      expect(await byOrderId(order.id)).toStrictEqual(walletPart);
      expect(await allForOrder(order.id)).toStrictEqual([walletPart]);
    });

    it('given a pending payment not yet initiated, when read by its order, then it comes back without gateway references', async () => {
      const { order, payment } = await aSavedPayment(aPaymentFor);

      expect(await byOrderId(order.id)).toStrictEqual(payment);
    });

    it('given an initiated payment, when looked up by order and by (gateway, gateway payment id), then both find it', async () => {
      const { order, payment } = await aSavedPayment(anInitiatedPayment);

      expect(await byOrderId(order.id)).toStrictEqual(payment);
      expect(await byGatewayPaymentId('khalti', payment.gatewayPaymentId!)).toStrictEqual(payment);
    });

    it('given a payment whose shopper must post a form (eSewa), when read back, then its action comes back with every field', async () => {
      const { payment } = await aSavedPayment((order) =>
        anInitiatedPayment(order, { action: { type: 'form_post', url: 'https://esewa.test/form', fields: { amount: '500', signature: 'c2ln' } } }),
      );

      expect(await byId(payment.id)).toStrictEqual(payment);
    });

    it('given an initiated payment, when its gateway payment id is looked up under another gateway, then there is none', async () => {
      const { payment } = await aSavedPayment(anInitiatedPayment);

      expect(await byGatewayPaymentId('esewa', payment.gatewayPaymentId!)).toBeUndefined();
    });

    it.each(STATUSES)('given an initiated payment, when saved again as %s (with its transaction id once the money is taken), then it reads back in that state', async (status) => {
      const { order, payment } = await aSavedPayment(anInitiatedPayment);
      const later = paymentIn(status, payment, 'txn_9XkQ');

      await save(later);

      expect(await byOrderId(order.id)).toStrictEqual(later);
      expect(await byId(payment.id)).toStrictEqual(later);
      expect(await byGatewayPaymentId(payment.gateway, payment.gatewayPaymentId!)).toStrictEqual(later);
    });

    it('given payments of two orders, when each is looked up, then each order finds its own', async () => {
      const [first, second] = await storedOrders(store, 2);
      const firstPayment = anInitiatedPayment(first);
      const secondPayment = anInitiatedPayment(second, { amount: npr(5_000) });

      await save(firstPayment);
      await save(secondPayment);

      expect(await byOrderId(first.id)).toStrictEqual(firstPayment);
      expect(await byOrderId(second.id)).toStrictEqual(secondPayment);
      expect(await byGatewayPaymentId('khalti', secondPayment.gatewayPaymentId!)).toStrictEqual(secondPayment);
    });

    it('given an order with a payment, when a second payment of the same gateway is saved for it, then the store refuses it', async () => {
      const order = await aStoredOrder(store);
      const first = aPaymentFor(order);
      const wallet = aPaymentFor(order, { gateway: 'wallet', amount: npr(1) });
      await save(first);
      await save(wallet);

      await expectRefusedBy(save(aPaymentFor(order)), 'payments_order_gateway_key');
      await expectRefusedBy(save(aPaymentFor(order, { gateway: 'wallet', amount: npr(2) })), 'payments_order_gateway_key');

      expect(await allForOrder(order.id)).toStrictEqual([first, wallet]);
    });

    it('given a stored payment, when a later state names another order, gateway or amount, then only its status and references change', async () => {
      const [order, other] = await storedOrders(store, 2);
      const payment = anInitiatedPayment(order);
      await save(payment);
      const completed: Payment = { ...payment, status: 'completed', transactionId: 'txn_1' };

      await save({ ...completed, orderId: other.id, gateway: 'esewa', amount: npr(1) });

      expect(await byId(payment.id)).toStrictEqual(completed);
      expect(await allForOrder(other.id)).toStrictEqual([]);
    });

    it('given a gateway payment id in use, when another payment claims it, then the store refuses it', async () => {
      const [first, second] = await storedOrders(store, 2);
      const taken = anInitiatedPayment(first);
      await save(taken);

      await expectRefusedBy(save(anInitiatedPayment(second, { gatewayPaymentId: taken.gatewayPaymentId! })), 'payments_gateway_gateway_payment_id_key');

      expect(await byOrderId(second.id)).toBeUndefined();
    });

    it('given payments of two orders not yet initiated, when both are saved, then neither blocks the other', async () => {
      const [first, second] = await storedOrders(store, 2);

      await save(aPaymentFor(first));
      await save(aPaymentFor(second));

      expect(await byOrderId(first.id)).toBeDefined();
      expect(await byOrderId(second.id)).toBeDefined();
    });

    it('given no such order, when a payment is saved for it, then the store refuses it', async () => {
      await expectRefusedBy(save(aPaymentFor(anOrder())), 'payments_order_id_fkey');
    });
  });
}

/** PaymentVerificationLedger: unique on (gateway, transaction id), however often it is replayed. */
export function paymentVerificationLedgerContract(subject: PersistenceSubject): void {
  describe(`PaymentVerificationLedger contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const byTransaction = (gateway: string, transactionId: string) => store.read(({ verifications }) => verifications.byTransaction(gateway, transactionId));

    it('given no verification, when a transaction is looked up, then there is none', async () => {
      expect(await byTransaction('khalti', 'txn_never_seen')).toBeUndefined();
    });

    it('given a new transaction, when recorded, then it is recorded and found by (gateway, transaction id)', async () => {
      const order = await aStoredOrder(store);
      const verification = aVerificationFor(order);

      const outcome = await committed(store, ({ verifications }) => verifications.record(verification));

      expect(outcome).toBe('recorded');
      expect(await byTransaction(verification.gateway, verification.transactionId)).toStrictEqual(verification);
    });

    it('given a recorded transaction, when the same verification is recorded again, then it is a duplicate and one verification remains', async () => {
      const order = await aStoredOrder(store);
      const verification = aVerificationFor(order);
      await committed(store, ({ verifications }) => verifications.record(verification));

      const outcome = await committed(store, ({ verifications }) => verifications.record(verification));

      expect(outcome).toBe('duplicate');
      expect(await byTransaction(verification.gateway, verification.transactionId)).toStrictEqual(verification);
    });

    it('given a transaction recorded for one order, when it is recorded for another order and amount, then it is a duplicate and the first binding stays', async () => {
      const [first, second] = await storedOrders(store, 2);
      const original = aVerificationFor(first);
      await committed(store, ({ verifications }) => verifications.record(original));

      const outcome = await committed(store, ({ verifications }) =>
        verifications.record(aVerificationFor(second, { transactionId: original.transactionId, amount: npr(1), verifiedAt: '2026-02-01T00:00:00.000Z' })),
      );

      expect(outcome).toBe('duplicate');
      expect(await byTransaction(original.gateway, original.transactionId)).toStrictEqual(original);
    });

    it('given a transaction id recorded for one gateway, when the same id comes from another gateway, then that is a different transaction', async () => {
      const order = await aStoredOrder(store);
      const khalti = aVerificationFor(order);
      const esewa = aVerificationFor(order, { gateway: 'esewa', transactionId: khalti.transactionId });
      await committed(store, ({ verifications }) => verifications.record(khalti));

      const outcome = await committed(store, ({ verifications }) => verifications.record(esewa));

      expect(outcome).toBe('recorded');
      expect(await byTransaction('khalti', khalti.transactionId)).toStrictEqual(khalti);
      expect(await byTransaction('esewa', khalti.transactionId)).toStrictEqual(esewa);
    });

    it('given no such order, when a verification is recorded for it, then the store refuses it', async () => {
      const verification = aVerificationFor(anOrder());

      await expectRefusedBy(
        committed(store, ({ verifications }) => verifications.record(verification)),
        'payment_verifications_order_id_fkey',
      );

      expect(await byTransaction(verification.gateway, verification.transactionId)).toBeUndefined();
    });
  });
}
