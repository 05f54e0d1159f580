import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStripeAdapter } from '../../../../adapters/gateways/stripe/index.js';
import { startStripeSandbox, type RunningStripeSandbox } from '../../../../adapters/gateways/stripe/sandbox.js';
import type { PaymentGateway, RefundStatusQuery } from '../../../../src/payments/ports/payment-gateway.js';

const SECRET_KEY = 'sk_test_51PaysagaRefundReadKey000000000';
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

let sandbox: RunningStripeSandbox;
beforeAll(async () => {
  sandbox = await startStripeSandbox({ port: 0, host: '127.0.0.1', mountPath: '/stripe', secretKey: SECRET_KEY, webhookSecret: 'whsec_refund_read_0000' });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => sandbox.control.reset());

const gateway = (): PaymentGateway =>
  createStripeAdapter({ secretKey: SECRET_KEY, webhookSecret: 'whsec_refund_read_0000', apiBaseUrl: sandbox.apiBaseUrl, maxNetworkRetries: 0, timeoutMs: 5000 }).gateway;

let seq = 0;
async function paidSession() {
  seq += 1;
  const orderId = `ord_refread_${seq}_Xq2VxKp9LmN4`;
  const initiated = await gateway().initiate({
    orderId,
    amount: USD(2599),
    description: 'Wool scarf',
    returnUrl: 'http://shop.test/r',
    websiteUrl: 'http://shop.test',
    idempotencyKey: `checkout-${orderId}/initiate`,
  });
  sandbox.control.pay(initiated.gatewayPaymentId);
  const paid = await gateway().lookup(initiated.gatewayPaymentId, USD(2599));
  if (paid.status !== 'completed') throw new Error('expected completed');
  return { sessionId: initiated.gatewayPaymentId, paymentIntent: paid.transactionId };
}

const refundPosts = () => sandbox.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/v1/refunds'));

describe("Stripe refund read (GET /v1/refunds/:id, or the PaymentIntent's refunds) against the sandbox", () => {
  it('reads a pending refund by its id until Stripe settles it, without another POST /v1/refunds', async () => {
    const { sessionId, paymentIntent } = await paidSession();
    sandbox.control.setNextRefundStatus('pending');
    const made = await gateway().refund!({
      refundId: 'ref_read_1',
      gatewayPaymentId: sessionId,
      transactionId: paymentIntent,
      amount: USD(1000),
      paid: USD(2599),
      idempotencyKey: 'refund-ref_read_1/execute',
      reason: 'r',
    });
    expect(made).toMatchObject({ status: 'pending' });
    const query: RefundStatusQuery = {
      refundId: 'ref_read_1',
      gatewayPaymentId: sessionId,
      transactionId: paymentIntent,
      gatewayRefundId: made.gatewayRefundId!,
      amount: USD(1000),
      paid: USD(2599),
      refundedBefore: USD(0),
    };

    expect(await gateway().refundStatus!(query)).toEqual({ status: 'pending', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'pending' });
    sandbox.control.settleRefund(made.gatewayRefundId!, 'succeeded');
    expect(await gateway().refundStatus!(query)).toEqual({ status: 'completed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'succeeded' });
    expect(refundPosts()).toHaveLength(1);
    expect(sandbox.control.requests().filter((r) => r.method === 'GET' && r.path.endsWith(`/v1/refunds/${made.gatewayRefundId}`))).toHaveLength(2);
  });

  it('finds a refund whose answer was lost by our refund id in its metadata; absent when none was made', async () => {
    const { sessionId, paymentIntent } = await paidSession();
    const query = (refundId: string): RefundStatusQuery => ({
      refundId,
      gatewayPaymentId: sessionId,
      transactionId: paymentIntent,
      amount: USD(500),
      paid: USD(2599),
      refundedBefore: USD(0),
    });
    expect(await gateway().refundStatus!(query('ref_lost_1'))).toMatchObject({ status: 'absent' });

    sandbox.control.setNextRefundStatus('failed');
    const made = await gateway().refund!({
      refundId: 'ref_lost_1',
      gatewayPaymentId: sessionId,
      transactionId: paymentIntent,
      amount: USD(500),
      paid: USD(2599),
      idempotencyKey: 'refund-ref_lost_1/execute',
      reason: 'r',
    });
    expect(sandbox.control.refunds()[0]?.metadata).toMatchObject({ paysaga_refund_id: 'ref_lost_1' });
    expect(await gateway().refundStatus!(query('ref_lost_1'))).toEqual({ status: 'failed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'failed' });
    expect(await gateway().refundStatus!(query('ref_other'))).toMatchObject({ status: 'absent' });
  });

  it('why reads and not re-POSTs: once Stripe has pruned the key, the same POST makes a second refund', async () => {
    const { sessionId, paymentIntent } = await paidSession();
    const request = {
      refundId: 'ref_prune',
      gatewayPaymentId: sessionId,
      transactionId: paymentIntent,
      amount: USD(1000),
      paid: USD(2599),
      idempotencyKey: 'refund-ref_prune/execute',
      reason: 'r',
    };
    sandbox.control.setNextRefundStatus('pending');
    const first = await gateway().refund!(request);
    expect(await gateway().refund!(request)).toEqual(first);
    sandbox.control.pruneIdempotencyKeys();
    const second = await gateway().refund!(request);
    expect(second.gatewayRefundId).not.toBe(first.gatewayRefundId);
    expect(sandbox.control.refunds()).toHaveLength(2);
  });
});
