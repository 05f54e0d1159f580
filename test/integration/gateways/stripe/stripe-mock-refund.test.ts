import { describe, expect, it } from 'vitest';
import { StripePaymentGateway } from '../../../../adapters/gateways/stripe/gateway.js';
import { useStripeMock } from './stripe-mock.js';

/**
 * The refund read's requests against stripe-mock (Stripe's OpenAPI validator): a mistyped route or
 * parameter answers 400/404, which the client turns into an error, so these fail if the read sends
 * something Stripe would not take. The answers are fixtures: they prove shape, not behaviour.
 */
const client = useStripeMock();
const gateway = () => new StripePaymentGateway(client());
const query = {
  refundId: 'ref_mock_1',
  gatewayPaymentId: 'cs_test_a1b2c3',
  transactionId: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
  amount: { amountMinor: 1000, currency: 'USD' },
  paid: { amountMinor: 2599, currency: 'USD' },
  refundedBefore: { amountMinor: 0, currency: 'USD' },
};

describe("the refund read's requests against stripe-mock", () => {
  it('accepts GET /v1/refunds/:id and maps its fixture', async () => {
    expect(await gateway().refundStatus({ ...query, gatewayRefundId: 're_123' })).toMatchObject({ status: 'completed', gatewayStatus: 'succeeded' });
  });

  it('accepts GET /v1/refunds?payment_intent=…&limit=100, and a list without our refund id is absent', async () => {
    expect(await gateway().refundStatus(query)).toMatchObject({ status: 'absent' });
  });

  it('accepts the refund with our refund id in its metadata', async () => {
    const report = await gateway().refund({ ...query, idempotencyKey: 'refund-ref_mock_1/execute', reason: 'returned' });
    expect(report.status).toBe('completed');
  });
});
