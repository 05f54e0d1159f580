import type { RefundRequest } from '../../../src/payments/ports/payment-gateway.js';

/**
 * The refund the Stripe tests ask for: USD 10.00 back of USD 25.99 paid through session
 * `cs_test_x` and PaymentIntent `pi_3QxY7zB2mN4kL6pR8sT0vW2y`, keyed `refund-ord_1/1`,
 * because "Customer returned the mittens".
 */
export function aMittensRefund(overrides: Partial<RefundRequest> = {}): RefundRequest {
  return {
    gatewayPaymentId: 'cs_test_x',
    transactionId: 'pi_3QxY7zB2mN4kL6pR8sT0vW2y',
    amount: { amountMinor: 1000, currency: 'USD' },
    paid: { amountMinor: 2599, currency: 'USD' },
    idempotencyKey: 'refund-ord_1/1',
    reason: 'Customer returned the mittens',
    ...overrides,
  };
}
