import type { GatewayId } from '../../../src/payments/api.js';
import type { InitiatePaymentRequest } from '../../../src/payments/ports/payment-gateway.js';

/** What a gateway test pays for: one order, returning to the shop at `site`, initiated under the saga's key. */
export interface InitiateRequestBase {
  readonly gateway: GatewayId;
  readonly amount: InitiatePaymentRequest['amount'];
  /** By default the topi-and-shawl order most gateway tests pay for. */
  readonly orderId?: string;
  readonly description?: string;
  /** The shop's origin (by default https://shop.example.com); the return URL is its `/payments/<gateway>/return`. */
  readonly site?: string;
  readonly customer?: InitiatePaymentRequest['customer'];
}

/** A request factory for one gateway's tests: the base order, with `overrides` on top. */
export function initiateRequests(base: InitiateRequestBase): (overrides?: Partial<InitiatePaymentRequest>) => InitiatePaymentRequest {
  const { orderId = 'ord_7Hq2VxKp9LmN4sT6wYb3Rc', description = 'Dhaka topi and pashmina shawl', site = 'https://shop.example.com' } = base;
  return (overrides = {}) => ({
    orderId,
    amount: base.amount,
    description,
    returnUrl: `${site}/payments/${base.gateway}/return`,
    websiteUrl: site,
    ...(base.customer === undefined ? {} : { customer: base.customer }),
    idempotencyKey: `checkout-${orderId}/initiate`,
    ...overrides,
  });
}

/** The order the Stripe tests initiate: USD 25.99 for "Wool scarf and mittens", by Ada, from the shop at http://shop.test. */
export const aScarfOrder = initiateRequests({
  gateway: 'stripe',
  orderId: 'ord_9Zk2mQ7vB1nR8sW3yX4cT6',
  amount: { amountMinor: 2599, currency: 'USD' },
  description: 'Wool scarf and mittens',
  site: 'http://shop.test',
  customer: { name: 'Ada', email: 'ada@example.test' },
});
