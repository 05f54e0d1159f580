import type { CheckoutState } from '../../../src/checkout/domain/saga.js';
import type { Money } from '../../../src/shared/money.js';
import { awaitingPayment } from './saga-state.js';

/**
 * The checkout saga's state for `order`, awaiting payment unless told otherwise. `overrides` may
 * set any status' fields: the test says which state it means, the saga's transitions are not run.
 */
export function aCheckoutState(
  order: { readonly orderId: string; readonly customerId: string; readonly gateway: string; readonly total: Money },
  overrides: Partial<CheckoutState> = {},
): CheckoutState {
  return {
    orderId: order.orderId,
    ...awaitingPayment(order.customerId, order.gateway, order.total),
    ...overrides,
  } as CheckoutState;
}
