import type { GatewayId } from '../../../src/payments/api.js';
import type { InitiatePaymentRequest } from '../../../src/payments/ports/payment-gateway.js';

/** What a gateway test pays for: one order, returning to the shop at `site`, initiated under the saga's key. */
export interface InitiateRequestBase {
  readonly gateway: GatewayId;
  readonly orderId: string;
  readonly amount: InitiatePaymentRequest['amount'];
  readonly description: string;
  /** The shop's origin; the return URL is its `/payments/<gateway>/return`. */
  readonly site: string;
  readonly customer?: InitiatePaymentRequest['customer'];
}

/** A request factory for one gateway's tests: the base order, with `overrides` on top. */
export function initiateRequests(base: InitiateRequestBase): (overrides?: Partial<InitiatePaymentRequest>) => InitiatePaymentRequest {
  return (overrides = {}) => ({
    orderId: base.orderId,
    amount: base.amount,
    description: base.description,
    returnUrl: `${base.site}/payments/${base.gateway}/return`,
    websiteUrl: base.site,
    ...(base.customer === undefined ? {} : { customer: base.customer }),
    idempotencyKey: `checkout-${base.orderId}/initiate`,
    ...overrides,
  });
}
