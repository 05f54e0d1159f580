import type { Payment } from '../../../src/payments/domain/payment.js';
import type { Refund } from '../../../src/payments/domain/refund.js';
import { fresh, ORDER_ID } from './ids.js';
import { npr } from './money.js';

/** A request for a refund (no status yet) of NPR 400 against the fixed order's payment `pay_1`. */
export function aPaymentRefundRequest(overrides: Partial<Omit<Refund, 'status'>> = {}): Omit<Refund, 'status'> {
  return {
    id: 'ref_1',
    orderId: ORDER_ID,
    paymentId: 'pay_1',
    amount: npr(40_000),
    destination: 'gateway',
    reason: 'damaged in transit',
    requestedBy: 'op_sita',
    ...overrides,
  };
}

/** That request, pending. */
export function aRefund(overrides: Partial<Refund> = {}): Refund {
  return { ...aPaymentRefundRequest(), status: 'pending', ...overrides };
}

/** A pending refund of `payment` (all of it by default) back through its gateway, under a fresh id. */
export function aRefundOf(payment: Payment, overrides: Partial<Refund> = {}): Refund {
  return {
    id: fresh('ref'),
    orderId: payment.orderId,
    paymentId: payment.id,
    amount: payment.amount,
    destination: 'gateway',
    status: 'pending',
    reason: 'damaged in transit',
    requestedBy: 'operator@paysaga.test',
    ...overrides,
  };
}
