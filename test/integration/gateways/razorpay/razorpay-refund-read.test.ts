import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRazorpayAdapter } from '../../../../adapters/gateways/razorpay/index.js';
import { startRazorpaySandbox, type RunningRazorpaySandbox } from '../../../../adapters/gateways/razorpay/sandbox.js';
import type { RefundStatusQuery } from '../../../../src/payments/ports/payment-gateway.js';

const KEY_ID = 'rzp_test_RefundRead00001';
const KEY_SECRET = 'test_key_secret_refund_read_Qm4sZk8T';
const INR = (amountMinor: number) => ({ amountMinor, currency: 'INR' });

let sandbox: RunningRazorpaySandbox;
beforeAll(async () => {
  sandbox = await startRazorpaySandbox({ port: 0, host: '127.0.0.1', keyId: KEY_ID, keySecret: KEY_SECRET, webhookSecret: 'whsec_refund_read', refundStatusOnCreate: 'pending' });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.control.webhooksSettled();
  sandbox.control.reset();
});

const gateway = () =>
  createRazorpayAdapter({
    apiBaseUrl: sandbox.apiBaseUrl,
    checkoutUrl: sandbox.checkoutUrl,
    keyId: KEY_ID,
    keySecret: KEY_SECRET,
    webhookSecret: 'whsec_refund_read',
    timeoutMs: 5000,
  }).gateway;

let seq = 0;
async function captured() {
  seq += 1;
  const initiated = await gateway().initiate({
    orderId: `ord_rzp_read_${seq}`,
    amount: INR(129900),
    description: 'Shawl',
    returnUrl: 'http://shop.test/r',
    websiteUrl: 'http://shop.test',
    idempotencyKey: `i${seq}`,
  });
  const payment = sandbox.control.pay(initiated.gatewayPaymentId);
  return { orderId: initiated.gatewayPaymentId, paymentId: payment.id };
}

describe("Razorpay refund read (GET /v1/refunds/{id}, or the payment's refunds) against the sandbox", () => {
  it('reads a pending refund by its id until Razorpay processes it, without another refund call', async () => {
    const { orderId, paymentId } = await captured();
    const made = await gateway().refund!({
      refundId: 'ref_rzp_1',
      gatewayPaymentId: orderId,
      transactionId: paymentId,
      amount: INR(29900),
      paid: INR(129900),
      idempotencyKey: 'refund-ref_rzp_1/execute',
      reason: 'r',
    });
    expect(made).toMatchObject({ status: 'pending', gatewayStatus: 'pending' });
    const query: RefundStatusQuery = {
      refundId: 'ref_rzp_1',
      gatewayPaymentId: orderId,
      transactionId: paymentId,
      gatewayRefundId: made.gatewayRefundId!,
      amount: INR(29900),
      paid: INR(129900),
      refundedBefore: INR(0),
    };
    expect(await gateway().refundStatus!(query)).toEqual({ status: 'pending', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'pending' });
    sandbox.control.setRefundStatus(made.gatewayRefundId!, 'processed');
    expect(await gateway().refundStatus!(query)).toEqual({ status: 'completed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'processed' });
    expect(sandbox.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/refund'))).toHaveLength(1);
    expect(sandbox.control.requests().filter((r) => r.method === 'GET' && r.path === `/v1/refunds/${made.gatewayRefundId}`)).toHaveLength(2);
  });

  it("finds a refund whose answer was lost among the payment's refunds by its notes; absent when none was made", async () => {
    const { orderId, paymentId } = await captured();
    const query = (refundId: string): RefundStatusQuery => ({
      refundId,
      gatewayPaymentId: orderId,
      transactionId: paymentId,
      amount: INR(10000),
      paid: INR(129900),
      refundedBefore: INR(0),
    });
    expect(await gateway().refundStatus!(query('ref_rzp_2'))).toMatchObject({ status: 'absent' });
    const made = await gateway().refund!({ ...query('ref_rzp_2'), idempotencyKey: 'refund-ref_rzp_2/execute', reason: 'r' });
    sandbox.control.setRefundStatus(made.gatewayRefundId!, 'failed');
    expect(await gateway().refundStatus!(query('ref_rzp_2'))).toEqual({ status: 'failed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'failed' });
    expect(await gateway().refundStatus!(query('ref_rzp_other'))).toMatchObject({ status: 'absent' });
  });
});
