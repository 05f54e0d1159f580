import type { Order } from '../../../src/orders/domain/order.js';
import type { GatewayClaim, Payment, PaymentStatus } from '../../../src/payments/domain/payment.js';
import { fresh, ORDER_ID } from './ids.js';
import { npr } from './money.js';
import { EXPIRES_AT } from './time.js';

export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['pending', 'processing', 'completed', 'failed', 'cancelled', 'expired', 'partially_refunded', 'refunded'];

// ── The fixed order's payment (domain) ───────────────────────────────────────

/** Fields a test may set on a payment of any status: the test says which payment it means. */
type PaymentOverrides = Partial<Omit<Payment, 'status' | 'transactionId'>> & { readonly status?: PaymentStatus; readonly transactionId?: string };

/** The fixed order's pending Khalti payment `pay_1` (pidx_A1) of NPR 1,000. */
export function aPayment(overrides: PaymentOverrides = {}): Payment {
  return { id: 'pay_1', orderId: ORDER_ID, gateway: 'khalti', amount: npr(100_000), status: 'pending', gatewayPaymentId: 'pidx_A1', ...overrides } as Payment;
}

/** A payment in `status`, carrying the transaction id once the money moved (txn_1). */
export function aPaymentIn(status: PaymentStatus, overrides: PaymentOverrides = {}): Payment {
  const moved = status === 'completed' || status === 'partially_refunded' || status === 'refunded';
  return aPayment({ status, ...(moved ? { transactionId: 'txn_1' } : {}), ...overrides });
}

/** The claim a gateway makes when the shopper paid exactly what the payment asked for. */
export function aClaimFor(payment: Payment, overrides: Partial<GatewayClaim> = {}): GatewayClaim {
  return {
    gateway: payment.gateway,
    gatewayPaymentId: payment.gatewayPaymentId ?? 'pidx_unknown',
    transactionId: 'txn_1',
    amount: payment.amount,
    ...overrides,
  };
}

// ── Payments of a given order under fresh ids (persistence) ──────────────────

/** A pending payment of all of `order`, not yet sent to the gateway. */
export function aPaymentFor(order: Order, overrides: PaymentOverrides = {}): Payment {
  return { id: fresh('pay'), orderId: order.id, gateway: order.gateway, amount: order.total, status: 'pending', ...overrides } as Payment;
}

/** The payment once the gateway has created it and the shopper has been sent there. */
export function anInitiatedPayment(order: Order, overrides: PaymentOverrides = {}): Payment {
  return aPaymentFor(order, { gatewayPaymentId: fresh('pidx'), redirectUrl: 'https://pay.khalti.test/?pidx=abc', expiresAt: EXPIRES_AT, ...overrides });
}
