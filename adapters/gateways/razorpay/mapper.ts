import { createHash } from 'node:crypto';
import { format, isIsoCurrency, minorUnitExponent, parseMoney, type Money } from '../../../src/shared/money.js';
import { assertNever, domainError, err, ok, type DomainError, type Result } from '../../../src/shared/result.js';
import type { PaymentStatusReport, RefundReport } from '../../../src/payments/ports/payment-gateway.js';
import { positiveMinor } from '../mapping.js';
import type { RazorpayOrder, RazorpayPayment, RazorpayRefund } from './client.js';
import { REFUND_IDEMPOTENCY_KEY } from './client.js';
import { paidWithOf } from './paid-with.js';

/** Payment statuses Razorpay documents; the wire may carry others. */
export type RazorpayPaymentStatus = 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
/** Order statuses Razorpay documents. An order stays `paid` after a refund. */
export type RazorpayOrderStatus = 'created' | 'attempted' | 'paid';

type PaymentClass = 'in_flight' | 'held' | 'captured' | 'refunded' | 'failed';

const PAYMENT_TABLE: ReadonlyMap<string, PaymentClass> = new Map<string, PaymentClass>([
  // The shopper is still authenticating: money may still move.
  ['created', 'in_flight'],
  // Authorised but not captured (manual capture, or auto-capture not yet run): held, never failed or fulfilled.
  ['authorized', 'held'],
  ['captured', 'captured'],
  ['refunded', 'refunded'],
  ['failed', 'failed'],
]);

const ORDER_STATUSES: ReadonlySet<string> = new Set(['created', 'attempted', 'paid']);

export interface RazorpayLookup {
  readonly order: RazorpayOrder;
  /** `GET /v1/orders/{id}/payments`: every attempt on the order. */
  readonly payments: readonly RazorpayPayment[];
}

/**
 * Maps an order and its payments to our vocabulary.
 *
 * - One `captured` payment (nothing refunded) → `completed`, with that payment's amount and
 *   currency and its id as `transactionId`.
 * - `authorized` or `created` payments → `pending`: held, never failed or fulfilled.
 * - A fully refunded payment → `failed`/`refunded`; a partly refunded one, two captured
 *   payments on one order, a payment of another order, or a status we do not know → `review`.
 * - Only `failed` attempts (or none) → `pending` with `notStarted`: Razorpay lets the shopper
 *   retry on the same order (India), so a failed or cancelled attempt is not a failed checkout,
 *   and Razorpay orders never expire by themselves. Whatever the clock says, Razorpay's answer
 *   only means "not paid yet": the saga, which owns the checkout window, ends it as expired
 *   once the window and its grace are over (the shopper may have pressed Pay in its last
 *   second), instead of parking every abandoned checkout for an operator.
 */
export function toPaymentStatusReport(lookup: RazorpayLookup): PaymentStatusReport {
  const { order } = lookup;
  const gatewayPaymentId = order.id;
  const review = (gatewayStatus: string): PaymentStatusReport => ({ status: 'review', gatewayPaymentId, gatewayStatus });
  const pending = (gatewayStatus: string): PaymentStatusReport => ({ status: 'pending', gatewayPaymentId, gatewayStatus });

  const classes: { payment: RazorpayPayment; class: PaymentClass }[] = [];
  for (const payment of lookup.payments) {
    if (payment.order_id !== undefined && payment.order_id !== null && payment.order_id !== order.id) return review(`payment ${payment.status} of another order`);
    const found = PAYMENT_TABLE.get(payment.status.trim().toLowerCase());
    if (found === undefined) return review(payment.status);
    classes.push({ payment, class: found });
  }

  const taken = classes.filter((c) => c.class === 'captured' || c.class === 'refunded');
  if (taken.length > 1) return review('captured more than once');
  const only = taken[0];
  if (only !== undefined) {
    const p = only.payment;
    if (only.class === 'refunded' || p.refund_status === 'full') {
      return { status: 'failed', gatewayPaymentId, reason: 'refunded', gatewayStatus: p.status };
    }
    if ((p.refund_status !== undefined && p.refund_status !== null) || (p.amount_refunded ?? 0) > 0) return review(`${p.status}, refund ${p.refund_status ?? 'partial'}`);
    const amount = parseMoney(p.amount, p.currency.toUpperCase());
    if (!amount.ok) return review(p.status);
    return { status: 'completed', gatewayPaymentId, transactionId: p.id, amount: amount.value, gatewayStatus: p.status, ...paidWithOf(p) };
  }
  if (classes.some((c) => c.class === 'held')) return pending('authorized');
  if (classes.some((c) => c.class === 'in_flight')) return pending('created');

  const orderStatus = order.status.trim().toLowerCase();
  if (!ORDER_STATUSES.has(orderStatus)) return review(order.status);
  // `paid` with no captured payment listed yet: the payments list lags; ask again.
  if (orderStatus === 'paid') return pending(order.status);

  const last = classes
    .filter((c) => c.class === 'failed')
    .map((c) => c.payment)
    .sort((a, b) => a.created_at - b.created_at)
    .at(-1);
  return { status: 'pending', gatewayPaymentId, gatewayStatus: last === undefined ? order.status : last.status, notStarted: true };
}

/** The end of our checkout window on an order: its `created_at` plus the window, the same on every retry. */
export function checkoutExpiresAt(order: Pick<RazorpayOrder, 'created_at'>, windowSeconds: number): Date {
  return new Date((order.created_at + windowSeconds) * 1000);
}

type RefundClass = RefundReport['status'];
const REFUND_TABLE: ReadonlyMap<string, RefundClass> = new Map<string, RefundClass>([
  ['processed', 'completed'],
  ['pending', 'pending'],
  ['failed', 'failed'],
]);

/** Razorpay refund → ours. A status we do not know stays `pending`: never a phantom refund. */
export function toRefundReport(refund: Pick<RazorpayRefund, 'id' | 'status'>): RefundReport {
  const status = REFUND_TABLE.get(refund.status.trim().toLowerCase()) ?? 'pending';
  switch (status) {
    case 'completed':
    case 'pending':
    case 'failed':
      return { status, gatewayRefundId: refund.id, gatewayStatus: refund.status };
    default:
      return assertNever(status, 'mapped Razorpay refund status');
  }
}

export type RazorpayAmountError = DomainError<'payments.unsupported_currency' | 'payments.invalid_amount'>;

/** Razorpay's minimum order: INR 1.00. Other currencies' minimums are Razorpay's to enforce. */
export const RAZORPAY_MIN_INR_PAISE = 100;

/**
 * Our Money → Razorpay's `amount` (the smallest sub-unit, an integer) and `currency`. Razorpay's
 * sub-unit is the ISO 4217 minor unit (paise; yen for JPY; fils for KWD), so the number passes
 * unchanged; but for three-decimal currencies "pass the last decimal number as 0" (Razorpay
 * orders API: 99.991 KD must go as 99990), so an amount not ending in 0 is refused, not rounded.
 */
export function toRazorpayAmount(amount: Money): Result<{ amount: number; currency: string }, RazorpayAmountError> {
  if (!isIsoCurrency(amount.currency)) {
    return err(domainError('payments.unsupported_currency', `Razorpay needs an ISO 4217 currency, got ${JSON.stringify(amount.currency)}`, { currency: amount.currency }));
  }
  const minor = positiveMinor('Razorpay', amount, 'integer of the smallest unit');
  if (!minor.ok) return minor;
  if (minorUnitExponent(amount.currency) === 3 && amount.amountMinor % 10 !== 0) {
    return err(
      domainError('payments.invalid_amount', `Razorpay takes ${amount.currency} in steps of 0.010: ${format(amount)} cannot be sent without rounding`, {
        amountMinor: amount.amountMinor,
        currency: amount.currency,
      }),
    );
  }
  return ok({ amount: amount.amountMinor, currency: amount.currency });
}

/** Razorpay's smallest sub-unit → our Money. Throws on a value zod should already have refused. */
export function fromRazorpayAmount(amount: number, currency: string): Money {
  const parsed = parseMoney(amount, currency.toUpperCase());
  if (!parsed.ok) throw new RangeError(parsed.error.message);
  return parsed.value;
}

/**
 * Our order id as Razorpay's `receipt` (at most 40 characters), deterministic so a retried
 * initiate finds the order it already created. Longer ids are hashed.
 */
export function receiptFor(orderId: string): string {
  if (orderId.length > 0 && orderId.length <= 40) return orderId;
  return `h_${createHash('sha256').update(orderId).digest('base64url').slice(0, 38)}`;
}

/** A saga idempotency key as `X-Refund-Idempotency` (10–40 of `[A-Za-z0-9_-]`): as is when it fits, else hashed. */
export function refundIdempotencyKey(key: string): string {
  if (REFUND_IDEMPOTENCY_KEY.test(key)) return key;
  return createHash('sha256').update(key).digest('base64url').slice(0, 40);
}
