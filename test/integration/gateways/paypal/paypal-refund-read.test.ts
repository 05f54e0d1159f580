import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPayPalAdapter } from '../../../../adapters/gateways/paypal/index.js';
import { startPayPalSandbox, type RunningPayPalSandbox } from '../../../../adapters/gateways/paypal/sandbox.js';
import type { PaymentGateway, RefundStatusQuery } from '../../../../src/payments/ports/payment-gateway.js';
import { pressButton } from './support.js';

const CLIENT_ID = 'AdSandboxClientRefundRead01';
const SECRET = 'EKSandboxSecret_refund_read';
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

let sandbox: RunningPayPalSandbox;
beforeAll(async () => {
  sandbox = await startPayPalSandbox({ port: 0, clientId: CLIENT_ID, clientSecret: SECRET, webhookId: 'WH_REFUND_READ' });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.control.settled();
  sandbox.control.reset();
});

const gateway = (): Required<PaymentGateway> =>
  createPayPalAdapter({
    baseUrl: sandbox.apiBaseUrl,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    webhookId: 'WH_REFUND_READ',
    certUrlPrefixes: [sandbox.certUrlPrefix],
    timeoutMs: 5000,
  }).gateway as Required<PaymentGateway>;

let seq = 0;
async function captured() {
  seq += 1;
  const initiated = await gateway().initiate({
    orderId: `ord_pp_read_${seq}`,
    amount: USD(4250),
    description: 'Scarf',
    returnUrl: 'http://shop.test/r',
    websiteUrl: 'http://shop.test',
    idempotencyKey: `checkout-ord_pp_read_${seq}/initiate`,
  });
  if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
  expect((await pressButton(initiated.action.url, 'approve-form')).status).toBe(302);
  const capture = await gateway().capture(initiated.gatewayPaymentId, USD(4250), `capture-${seq}`);
  if (capture.status !== 'completed') throw new Error('expected a completed capture');
  return { orderId: initiated.gatewayPaymentId, captureId: capture.transactionId };
}

describe("PayPal refund read (GET /v2/payments/refunds/{id}, or the order's refunds) against the sandbox", () => {
  it('reads a PENDING refund by its id until PayPal completes it', async () => {
    const { orderId, captureId } = await captured();
    sandbox.control.nextRefund('PENDING');
    const made = await gateway().refund({
      refundId: 'ref_pp_1',
      gatewayPaymentId: orderId,
      transactionId: captureId,
      amount: USD(1000),
      paid: USD(4250),
      idempotencyKey: 'refund-ref_pp_1/execute',
      reason: 'r',
    });
    expect(made).toMatchObject({ status: 'pending', gatewayStatus: 'PENDING' });
    const query: RefundStatusQuery = {
      refundId: 'ref_pp_1',
      gatewayPaymentId: orderId,
      transactionId: captureId,
      gatewayRefundId: made.gatewayRefundId!,
      amount: USD(1000),
      paid: USD(4250),
      refundedBefore: USD(0),
    };
    expect(await gateway().refundStatus(query)).toEqual({ status: 'pending', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'PENDING' });
    sandbox.control.settleRefund(made.gatewayRefundId!, 'COMPLETED');
    expect(await gateway().refundStatus(query)).toEqual({ status: 'completed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'COMPLETED' });
    expect(sandbox.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/refund'))).toHaveLength(1);
    expect(sandbox.control.requests().filter((r) => r.method === 'GET' && r.path === `/v2/payments/refunds/${made.gatewayRefundId}`)).toHaveLength(2);
  });

  it("finds a refund whose answer was lost among the order's refunds by its custom_id; absent when none was made", async () => {
    const { orderId, captureId } = await captured();
    const query = (refundId: string): RefundStatusQuery => ({
      refundId,
      gatewayPaymentId: orderId,
      transactionId: captureId,
      amount: USD(500),
      paid: USD(4250),
      refundedBefore: USD(0),
    });
    expect(await gateway().refundStatus(query('ref_pp_2'))).toMatchObject({ status: 'absent' });
    sandbox.control.nextRefund('FAILED');
    const made = await gateway().refund({ ...query('ref_pp_2'), idempotencyKey: 'refund-ref_pp_2/execute', reason: 'r' });
    expect(sandbox.control.get(orderId)?.capture?.refunds[0]).toMatchObject({ customId: 'ref_pp_2' });
    expect(await gateway().refundStatus(query('ref_pp_2'))).toEqual({ status: 'failed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'FAILED' });
    expect(await gateway().refundStatus(query('ref_pp_other'))).toMatchObject({ status: 'absent' });
  });
});
