import { describe, expect, it } from 'vitest';
import { createStripeAdapter } from '../../../../adapters/gateways/stripe/index.js';
import { startStripeSandbox } from '../../../../adapters/gateways/stripe/sandbox.js';
import type { PaymentGateway, RefundStatusQuery } from '../../../../src/payments/ports/payment-gateway.js';
import { expectReadPendingThenSettled, initiatePayment, refundFor, refundQuery, type PaidPayment } from '../refund-read.js';
import { useSandbox } from '../sandbox-lifecycle.js';

const SECRET_KEY = 'sk_test_51PaysagaRefundReadKey000000000';
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const rig = useSandbox(() => startStripeSandbox({ port: 0, host: '127.0.0.1', mountPath: '/stripe', secretKey: SECRET_KEY, webhookSecret: 'whsec_refund_read_0000' }));

const gateway = (): PaymentGateway =>
  createStripeAdapter({ secretKey: SECRET_KEY, webhookSecret: 'whsec_refund_read_0000', apiBaseUrl: rig.sandbox.apiBaseUrl, maxNetworkRetries: 0, timeoutMs: 5000 }).gateway;

let seq = 0;
async function paidSession(): Promise<PaidPayment> {
  seq += 1;
  const orderId = `ord_refread_${seq}_Xq2VxKp9LmN4`;
  const initiated = await initiatePayment(gateway(), { orderId, amount: USD(2599), description: 'Wool scarf', idempotencyKey: `checkout-${orderId}/initiate` });
  rig.sandbox.control.pay(initiated.gatewayPaymentId);
  const paid = await gateway().lookup(initiated.gatewayPaymentId, USD(2599));
  if (paid.status !== 'completed') throw new Error('expected completed');
  return { gatewayPaymentId: initiated.gatewayPaymentId, transactionId: paid.transactionId };
}

const refundPosts = () => rig.sandbox.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/v1/refunds'));

describe("Stripe refund read (GET /v1/refunds/:id, or the PaymentIntent's refunds) against the sandbox", () => {
  it('reads a pending refund by its id until Stripe settles it, without another POST /v1/refunds', async () => {
    const query = refundQuery(await paidSession(), 'ref_read_1', USD(1000), USD(2599));
    rig.sandbox.control.setNextRefundStatus('pending');
    const made = await refundFor(gateway(), query);
    expect(made).toMatchObject({ status: 'pending' });

    await expectReadPendingThenSettled(gateway(), query, made, { pending: 'pending', settled: 'succeeded' }, (id) => rig.sandbox.control.settleRefund(id, 'succeeded'));
    expect(refundPosts()).toHaveLength(1);
    expect(rig.sandbox.control.requests().filter((r) => r.method === 'GET' && r.path.endsWith(`/v1/refunds/${made.gatewayRefundId}`))).toHaveLength(2);
  });

  it('finds a refund whose answer was lost by our refund id in its metadata; absent when none was made', async () => {
    const payment = await paidSession();
    const query = (refundId: string): RefundStatusQuery => refundQuery(payment, refundId, USD(500), USD(2599));
    expect(await gateway().refundStatus!(query('ref_lost_1'))).toMatchObject({ status: 'absent' });

    rig.sandbox.control.setNextRefundStatus('failed');
    const made = await refundFor(gateway(), query('ref_lost_1'));
    expect(rig.sandbox.control.refunds()[0]?.metadata).toMatchObject({ paysaga_refund_id: 'ref_lost_1' });
    expect(await gateway().refundStatus!(query('ref_lost_1'))).toEqual({ status: 'failed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'failed' });
    expect(await gateway().refundStatus!(query('ref_other'))).toMatchObject({ status: 'absent' });
  });

  it('why reads and not re-POSTs: once Stripe has pruned the key, the same POST makes a second refund', async () => {
    const { gatewayPaymentId, transactionId } = await paidSession();
    const request = {
      refundId: 'ref_prune',
      gatewayPaymentId,
      transactionId,
      amount: USD(1000),
      paid: USD(2599),
      idempotencyKey: 'refund-ref_prune/execute',
      reason: 'r',
    };
    rig.sandbox.control.setNextRefundStatus('pending');
    const first = await gateway().refund!(request);
    expect(await gateway().refund!(request)).toEqual(first);
    rig.sandbox.control.pruneIdempotencyKeys();
    const second = await gateway().refund!(request);
    expect(second.gatewayRefundId).not.toBe(first.gatewayRefundId);
    expect(rig.sandbox.control.refunds()).toHaveLength(2);
  });
});
