import type { Order } from '../../../src/orders/domain/order.js';
import type { OrderVerification } from '../../../src/payments/domain/payment.js';
import { fresh, ORDER_ID } from './ids.js';
import { npr } from './money.js';
import { PAID_AT } from './time.js';

/** The fixed order's payment verified: Khalti transaction txn_1 of pidx_A1, NPR 1,000. */
export function aVerification(overrides: Partial<OrderVerification> = {}): OrderVerification {
  return { gateway: 'khalti', transactionId: 'txn_1', gatewayPaymentId: 'pidx_A1', orderId: ORDER_ID, amount: npr(100_000), verifiedAt: PAID_AT, ...overrides };
}

/** All of `order` verified under a fresh transaction and gateway payment id. */
export function aVerificationFor(order: Order, overrides: Partial<OrderVerification> = {}): OrderVerification {
  return { gateway: order.gateway, transactionId: fresh('txn'), gatewayPaymentId: fresh('pidx'), orderId: order.id, amount: order.total, verifiedAt: PAID_AT, ...overrides };
}
