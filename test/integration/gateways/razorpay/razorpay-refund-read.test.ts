import { describe, expect, it } from 'vitest';
import { createRazorpayAdapter } from '../../../../adapters/gateways/razorpay/index.js';
import { startRazorpaySandbox } from '../../../../adapters/gateways/razorpay/sandbox.js';
import type { RefundStatusQuery } from '../../../../src/payments/ports/payment-gateway.js';
import { expectReadPendingThenSettled, initiatePayment, refundFor, refundQuery, type PaidPayment } from '../refund-read.js';
import { useSandbox } from '../sandbox-lifecycle.js';

const KEY_ID = 'rzp_test_RefundRead00001';
const KEY_SECRET = 'test_key_secret_refund_read_Qm4sZk8T';
const INR = (amountMinor: number) => ({ amountMinor, currency: 'INR' });

const rig = useSandbox(
  () => startRazorpaySandbox({ port: 0, host: '127.0.0.1', keyId: KEY_ID, keySecret: KEY_SECRET, webhookSecret: 'whsec_refund_read', refundStatusOnCreate: 'pending' }),
  { settled: (s) => s.control.webhooksSettled() },
);

const gateway = () =>
  createRazorpayAdapter({
    apiBaseUrl: rig.sandbox.apiBaseUrl,
    checkoutUrl: rig.sandbox.checkoutUrl,
    keyId: KEY_ID,
    keySecret: KEY_SECRET,
    webhookSecret: 'whsec_refund_read',
    timeoutMs: 5000,
  }).gateway;

let seq = 0;
async function captured(): Promise<PaidPayment> {
  seq += 1;
  const initiated = await initiatePayment(gateway(), { orderId: `ord_rzp_read_${seq}`, amount: INR(129900), description: 'Shawl', idempotencyKey: `i${seq}` });
  const payment = rig.sandbox.control.pay(initiated.gatewayPaymentId);
  return { gatewayPaymentId: initiated.gatewayPaymentId, transactionId: payment.id };
}

describe("Razorpay refund read (GET /v1/refunds/{id}, or the payment's refunds) against the sandbox", () => {
  it('reads a pending refund by its id until Razorpay processes it, without another refund call', async () => {
    const query = refundQuery(await captured(), 'ref_rzp_1', INR(29900), INR(129900));
    const made = await refundFor(gateway(), query);
    expect(made).toMatchObject({ status: 'pending', gatewayStatus: 'pending' });
    await expectReadPendingThenSettled(gateway(), query, made, { pending: 'pending', settled: 'processed' }, (id) => rig.sandbox.control.setRefundStatus(id, 'processed'));
    expect(rig.sandbox.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/refund'))).toHaveLength(1);
    expect(rig.sandbox.control.requests().filter((r) => r.method === 'GET' && r.path === `/v1/refunds/${made.gatewayRefundId}`)).toHaveLength(2);
  });

  it("finds a refund whose answer was lost among the payment's refunds by its notes; absent when none was made", async () => {
    const payment = await captured();
    const query = (refundId: string): RefundStatusQuery => refundQuery(payment, refundId, INR(10000), INR(129900));
    expect(await gateway().refundStatus!(query('ref_rzp_2'))).toMatchObject({ status: 'absent' });
    const made = await refundFor(gateway(), query('ref_rzp_2'));
    rig.sandbox.control.setRefundStatus(made.gatewayRefundId!, 'failed');
    expect(await gateway().refundStatus!(query('ref_rzp_2'))).toEqual({ status: 'failed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'failed' });
    expect(await gateway().refundStatus!(query('ref_rzp_other'))).toMatchObject({ status: 'absent' });
  });
});
