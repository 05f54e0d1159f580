import type { CheckoutState } from '../../../src/checkout/domain/saga.js';
import type { Money } from '../../../src/shared/money.js';

/** The checkout saga's state for `order`, awaiting payment unless told otherwise. */
export function aCheckoutState(
  order: { readonly orderId: string; readonly customerId: string; readonly gateway: string; readonly total: Money },
  overrides: Partial<CheckoutState> = {},
): CheckoutState {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    gateway: order.gateway,
    amount: { amountMinor: order.total.amountMinor, currency: order.total.currency },
    status: 'awaiting_payment',
    callbacksReceived: 0,
    gatewaySyncs: 0,
    decisions: [],
    ...overrides,
  };
}
