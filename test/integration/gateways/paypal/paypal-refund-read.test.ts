import { describe, expect, it } from 'vitest';
import { createPayPalAdapter } from '../../../../adapters/gateways/paypal/index.js';
import { startPayPalSandbox } from '../../../../adapters/gateways/paypal/sandbox.js';
import type { PaymentGateway, RefundStatusQuery } from '../../../../src/payments/ports/payment-gateway.js';
import { expectReadPendingThenSettled, initiatePayment, refundFor, refundQuery, type PaidPayment } from '../refund-read.js';
import { useSandbox } from '../sandbox-lifecycle.js';
import { pressButton } from './support.js';

const CLIENT_ID = 'AdSandboxClientRefundRead01';
const SECRET = 'EKSandboxSecret_refund_read';
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const rig = useSandbox(() => startPayPalSandbox({ port: 0, clientId: CLIENT_ID, clientSecret: SECRET, webhookId: 'WH_REFUND_READ' }), {
  settled: (s) => s.control.settled(),
});

const gateway = (): Required<PaymentGateway> =>
  createPayPalAdapter({
    baseUrl: rig.sandbox.apiBaseUrl,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    webhookId: 'WH_REFUND_READ',
    certUrlPrefixes: [rig.sandbox.certUrlPrefix],
    timeoutMs: 5000,
  }).gateway as Required<PaymentGateway>;

let seq = 0;
async function captured(): Promise<PaidPayment> {
  seq += 1;
  const initiated = await initiatePayment(gateway(), {
    orderId: `ord_pp_read_${seq}`,
    amount: USD(4250),
    description: 'Scarf',
    idempotencyKey: `checkout-ord_pp_read_${seq}/initiate`,
  });
  if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
  expect((await pressButton(initiated.action.url, 'approve-form')).status).toBe(302);
  const capture = await gateway().capture(initiated.gatewayPaymentId, USD(4250), `capture-${seq}`);
  if (capture.status !== 'completed') throw new Error('expected a completed capture');
  return { gatewayPaymentId: initiated.gatewayPaymentId, transactionId: capture.transactionId };
}

describe("PayPal refund read (GET /v2/payments/refunds/{id}, or the order's refunds) against the sandbox", () => {
  it('reads a PENDING refund by its id until PayPal completes it', async () => {
    const query = refundQuery(await captured(), 'ref_pp_1', USD(1000), USD(4250));
    rig.sandbox.control.nextRefund('PENDING');
    const made = await refundFor(gateway(), query);
    expect(made).toMatchObject({ status: 'pending', gatewayStatus: 'PENDING' });
    await expectReadPendingThenSettled(gateway(), query, made, { pending: 'PENDING', settled: 'COMPLETED' }, (id) => rig.sandbox.control.settleRefund(id, 'COMPLETED'));
    expect(rig.sandbox.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/refund'))).toHaveLength(1);
    expect(rig.sandbox.control.requests().filter((r) => r.method === 'GET' && r.path === `/v2/payments/refunds/${made.gatewayRefundId}`)).toHaveLength(2);
  });

  it("finds a refund whose answer was lost among the order's refunds by its custom_id; absent when none was made", async () => {
    const payment = await captured();
    const query = (refundId: string): RefundStatusQuery => refundQuery(payment, refundId, USD(500), USD(4250));
    expect(await gateway().refundStatus(query('ref_pp_2'))).toMatchObject({ status: 'absent' });
    rig.sandbox.control.nextRefund('FAILED');
    const made = await refundFor(gateway(), query('ref_pp_2'));
    expect(rig.sandbox.control.get(payment.gatewayPaymentId)?.capture?.refunds[0]).toMatchObject({ customId: 'ref_pp_2' });
    expect(await gateway().refundStatus(query('ref_pp_2'))).toEqual({ status: 'failed', gatewayRefundId: made.gatewayRefundId, gatewayStatus: 'FAILED' });
    expect(await gateway().refundStatus(query('ref_pp_other'))).toMatchObject({ status: 'absent' });
  });
});
