import { describe, expect, it } from 'vitest';
import type { Payment } from '../../src/payments/api.js';
import type { Refund } from '../../src/payments/domain/refund.js';
import { aStoredOrder, committed, expectRefusedBy, openedForEachTest, type PersistenceSubject } from './store-under-test.js';
import { fresh } from '../support/mothers/ids.js';
import { npr } from '../support/mothers/money.js';
import { aPaymentFor } from '../support/mothers/payment.js';
import { aRefundOf } from '../support/mothers/refund.js';

/** RefundRepository: refunds by id and by payment; a stored refund changes only its outcome. */
export function refundRepositoryContract(subject: PersistenceSubject): void {
  describe(`RefundRepository contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const save = (refund: Refund) => committed(store, ({ refunds }) => refunds.save(refund));
    const byId = (refundId: string) => store.read(({ refunds }) => refunds.byId(refundId));
    const forPayment = (paymentId: string) => store.read(({ refunds }) => refunds.forPayment(paymentId));

    /** A stored order with a stored, completed payment of NPR 1,000.00. */
    async function aPaidOrder(): Promise<Payment> {
      const order = await aStoredOrder(store);
      const payment = aPaymentFor(order, { amount: npr(100_000), status: 'completed', transactionId: fresh('txn') });
      await committed(store, ({ payments }) => payments.save(payment));
      return payment;
    }

    /** Pending refunds of `payment`, one of each amount (minor units), saved in that order. */
    async function savedRefundsOf<const A extends readonly number[]>(payment: Payment, ...amounts: A): Promise<{ -readonly [K in keyof A]: Refund }> {
      const refunds = amounts.map((amountMinor) => aRefundOf(payment, { amount: npr(amountMinor) }));
      for (const refund of refunds) await save(refund);
      return refunds as { -readonly [K in keyof A]: Refund };
    }

    it('given no refunds, when looked up by id or by payment, then there are none', async () => {
      const payment = await aPaidOrder();

      expect(await byId('ref_never_saved')).toBeUndefined();
      expect(await forPayment(payment.id)).toStrictEqual([]);
    });

    it('given a pending refund, when saved, then it reads back by id and by its payment', async () => {
      const payment = await aPaidOrder();
      const refund = aRefundOf(payment, { amount: npr(40_000) });

      await save(refund);

      expect(await byId(refund.id)).toStrictEqual(refund);
      expect(await forPayment(payment.id)).toStrictEqual([refund]);
    });

    it("given refunds of two payments, when each payment's are asked for, then each gets only its own, in the order saved", async () => {
      const first = await aPaidOrder();
      const second = await aPaidOrder();
      const a = aRefundOf(first, { amount: npr(10_000) });
      const b = aRefundOf(second, { amount: npr(20_000), destination: 'wallet' });
      const c = aRefundOf(first, { amount: npr(30_000) });

      await save(a);
      await save(b);
      await save(c);

      expect(await forPayment(first.id)).toStrictEqual([a, c]);
      expect(await forPayment(second.id)).toStrictEqual([b]);
    });

    it("given a pending refund, when saved again completed with the gateway's id, or failed with a reason, then it reads back in that state", async () => {
      const payment = await aPaidOrder();
      const [completes, fails] = await savedRefundsOf(payment, 10_000, 20_000);

      const completed: Refund = { ...completes, status: 'completed', gatewayRefundId: 'rfnd_8Hq' };
      const failed: Refund = { ...fails, status: 'failed', failureReason: 'gateway refused: account closed' };
      await save(completed);
      await save(failed);

      expect(await byId(completes.id)).toStrictEqual(completed);
      expect(await byId(fails.id)).toStrictEqual(failed);
      expect(await forPayment(payment.id)).toStrictEqual([completed, failed]);
    });

    it('given a stored refund, when a later state names another amount, payment, destination or reason, then only its outcome changes', async () => {
      const payment = await aPaidOrder();
      const other = await aPaidOrder();
      const refund = aRefundOf(payment, { amount: npr(10_000) });
      await save(refund);

      await save({ ...refund, amount: npr(99_000), paymentId: other.id, destination: 'wallet', reason: 'changed', requestedBy: 'someone', status: 'completed' });

      expect(await byId(refund.id)).toStrictEqual({ ...refund, status: 'completed' });
      expect(await forPayment(other.id)).toStrictEqual([]);
    });

    it('given no such payment or order, or an amount that is not positive, when a refund is saved, then the store refuses it', async () => {
      const payment = await aPaidOrder();

      await expectRefusedBy(save(aRefundOf(payment, { paymentId: fresh('pay') })), 'refunds_payment_id_fkey');
      await expectRefusedBy(save(aRefundOf(payment, { orderId: fresh('ord') })), 'refunds_order_id_fkey');
      await expectRefusedBy(save(aRefundOf(payment, { amount: npr(0) })), 'refunds_amount_minor_check');

      expect(await forPayment(payment.id)).toStrictEqual([]);
    });

    it('given a pending refund parked for an operator, when it is listed, cleared, or settled, then attention follows it', async () => {
      const payment = await aPaidOrder();
      const [first, second] = await savedRefundsOf(payment, 10_000, 20_000);
      const parked = (refundId: string, reason: string, since: string) => committed(store, ({ refunds }) => refunds.setAttention(refundId, { reason, since }));

      await parked(second.id, 'still pending at the gateway', '2026-03-01T10:00:00.000Z');
      await parked(first.id, 'the gateway failed the refund', '2026-03-02T10:00:00.000Z');
      const listed = await store.read(({ refunds }) => refunds.needingAttention(10));
      expect(listed.map((p) => [p.refund.id, p.attention.reason])).toStrictEqual([
        [second.id, 'still pending at the gateway'],
        [first.id, 'the gateway failed the refund'],
      ]);
      expect(await store.read(({ refunds }) => refunds.attentionOf(first.id))).toStrictEqual({ reason: 'the gateway failed the refund', since: '2026-03-02T10:00:00.000Z' });

      await committed(store, ({ refunds }) => refunds.setAttention(second.id, undefined));
      await save({ ...first, status: 'failed', failureReason: 'marked failed' });
      expect(await store.read(({ refunds }) => refunds.needingAttention(10))).toStrictEqual([]);
      expect(await store.read(({ refunds }) => refunds.attentionOf(first.id))).toBeUndefined();
    });

    it('given operator decisions on a refund, when read back, then each has who, why and when, in order; a decision on no refund is refused', async () => {
      const payment = await aPaidOrder();
      const refund = aRefundOf(payment, { amount: npr(10_000) });
      await save(refund);
      const retry = { refundId: refund.id, action: 'retry' as const, by: 'ops_anna', reason: 'gateway back', at: '2026-03-01T10:00:00.000Z' };
      const credit = { refundId: refund.id, action: 'credit_wallet' as const, by: 'ops_bo', reason: 'store credit', at: '2026-03-01T11:00:00.000Z' };
      await committed(store, ({ refunds }) => refunds.recordDecision(retry));
      await committed(store, ({ refunds }) => refunds.recordDecision(credit));

      expect(await store.read(({ refunds }) => refunds.decisions(refund.id))).toStrictEqual([retry, credit]);
      await expectRefusedBy(
        committed(store, ({ refunds }) => refunds.recordDecision({ ...retry, refundId: fresh('ref') })),
        'refund_decisions_refund_id_fkey',
      );
    });

    it('given a payment, when it is locked in a transaction, then the transaction goes on; an unknown payment cannot be locked', async () => {
      const payment = await aPaidOrder();

      expect(await store.transaction(async ({ refunds }) => (await refunds.lockPayment(payment.id), 'locked'))).toBe('locked');
      await expect(store.transaction(({ refunds }) => refunds.lockPayment(fresh('pay')))).rejects.toThrow(/does not exist/);
    });
  });
}
