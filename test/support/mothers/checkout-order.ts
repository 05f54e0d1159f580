import type { CheckoutOrder } from '../../../src/checkout/application/checkout-steps.js';
import type { OrderCharges } from '../../../src/orders/domain/order.js';
import { fresh } from './ids.js';
import { npr } from './money.js';
import { anOrderLine } from './order.js';
import { PLACED_AT } from './time.js';

/** What a checkout saga starts from: two packs of tea (NPR 900) through Khalti, under fresh ids. */
export function aCheckoutOrder(overrides: Partial<CheckoutOrder> = {}): CheckoutOrder {
  return {
    orderId: fresh('ord'),
    customerId: fresh('cus'),
    gateway: 'khalti',
    lines: [anOrderLine()],
    subtotal: npr(90_000),
    total: npr(90_000),
    placedAt: PLACED_AT,
    ...overrides,
  };
}

/** The quote's charges: nothing off, nothing added, `pointsRedeemed` spent. */
export function someCharges(overrides: Partial<OrderCharges> = {}): OrderCharges {
  return { discount: npr(0), tax: npr(0), delivery: npr(0), deliveryOption: 'pickup', pointsRedeemed: 0, ...overrides };
}
