import { describe, expect, it } from 'vitest';
import { itRefusesAmounts } from '../../../support/gateway-errors.js';
import {
  razorpayOrderSchema,
  razorpayPaymentCollectionSchema,
  razorpayRefundSchema,
  type RazorpayOrder,
  type RazorpayPayment,
} from '../../../../adapters/gateways/razorpay/client.js';
import {
  checkoutExpiresAt,
  fromRazorpayAmount,
  receiptFor,
  refundIdempotencyKey,
  toPaymentStatusReport,
  toRazorpayAmount,
  toRefundReport,
} from '../../../../adapters/gateways/razorpay/mapper.js';
import type { PaymentStatusReport } from '../../../../src/payments/ports/payment-gateway.js';
import { RAZORPAY_CAPTURED_REPORT, razorpayFixture } from '../../../fixtures/razorpay/load.js';

const ORDER_ID = 'order_Nf4TqPz8vXk2Lm';
const order = (name: string): RazorpayOrder => razorpayOrderSchema.parse(razorpayFixture(name));
const payments = (name: string): RazorpayPayment[] => razorpayPaymentCollectionSchema.parse(razorpayFixture(name)).items;

// created_at 1741954542 (2025-03-14T12:15:42Z) + a 30-minute window.
const EXPIRES_AT = new Date('2025-03-14T12:45:42Z');

const report = (orderName: string, paymentsName: string): PaymentStatusReport => toPaymentStatusReport({ order: order(orderName), payments: payments(paymentsName) });

describe('Razorpay order + payments → PaymentStatusReport', () => {
  const completed = RAZORPAY_CAPTURED_REPORT;
  const table: [order: string, payments: string, expected: PaymentStatusReport][] = [
    ['order-paid', 'payments-captured', completed],
    ['order-paid', 'payments-failed-then-captured', completed],
    // Authorised money, or an attempt still authenticating, is on its way: held, never failed.
    ['order-attempted', 'payments-authorized', { status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'authorized' }],
    ['order-attempted', 'payments-created', { status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'created' }],
    // Nobody has tried yet, or every attempt failed or was dismissed: the shopper may still pay
    // on the same order, which Razorpay never expires. Not paid yet, whatever the time.
    ['order-created', 'payments-none', { status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'created', notStarted: true }],
    ['order-attempted', 'payments-failed', { status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'failed', notStarted: true }],
    ['order-attempted', 'payments-cancelled', { status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'failed', notStarted: true }],
    ['order-paid', 'payments-refunded', { status: 'failed', gatewayPaymentId: ORDER_ID, reason: 'refunded', gatewayStatus: 'refunded' }],
    ['order-paid', 'payments-partially-refunded', { status: 'review', gatewayPaymentId: ORDER_ID, gatewayStatus: 'captured, refund partial' }],
    ['order-paid', 'payments-captured-twice', { status: 'review', gatewayPaymentId: ORDER_ID, gatewayStatus: 'captured more than once' }],
    ['order-paid', 'payments-unknown-status', { status: 'review', gatewayPaymentId: ORDER_ID, gatewayStatus: 'disputed' }],
    // The payments list lags behind the order: money was taken, ask again (never "not started").
    ['order-paid', 'payments-none', { status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'paid' }],
  ];

  it.each(table)('%s with %s', (orderName, paymentsName, expected) => {
    expect(report(orderName, paymentsName)).toEqual(expected);
  });

  it("reports the captured payment's amount and currency, not the order's", () => {
    const [captured] = payments('payments-captured');
    if (captured === undefined) throw new Error('fixture has no payment');
    const result = toPaymentStatusReport({ order: order('order-paid'), payments: [{ ...captured, amount: 1000, currency: 'usd' }] });
    expect(result).toMatchObject({ status: 'completed', amount: { amountMinor: 1000, currency: 'USD' } });
  });

  it('sends a payment of another order to review', () => {
    const [captured] = payments('payments-captured');
    if (captured === undefined) throw new Error('fixture has no payment');
    const result = toPaymentStatusReport({ order: order('order-paid'), payments: [{ ...captured, order_id: 'order_SomeoneElse01' }] });
    expect(result.status).toBe('review');
  });

  it('sends an unknown order status to review', () => {
    const result = toPaymentStatusReport({ order: { ...order('order-created'), status: 'disputed' }, payments: [] });
    expect(result).toEqual({ status: 'review', gatewayPaymentId: ORDER_ID, gatewayStatus: 'disputed' });
  });

  it('reads statuses case-insensitively', () => {
    const [captured] = payments('payments-captured');
    if (captured === undefined) throw new Error('fixture has no payment');
    expect(toPaymentStatusReport({ order: order('order-paid'), payments: [{ ...captured, status: 'Captured' }] }).status).toBe('completed');
  });

  it('parses empty notes serialised as []', () => {
    expect(order('order-empty-notes').notes).toEqual({});
  });
});

describe('checkout window', () => {
  it('ends created_at + window seconds, the same on every call', () => {
    expect(checkoutExpiresAt(order('order-created'), 1800)).toEqual(EXPIRES_AT);
    expect(checkoutExpiresAt({ created_at: 0 }, 60).toISOString()).toBe('1970-01-01T00:01:00.000Z');
  });
});

describe('Razorpay refund → RefundReport', () => {
  it.each([
    ['refund-processed', 'completed', 'processed'],
    ['refund-pending', 'pending', 'pending'],
    ['refund-failed', 'failed', 'failed'],
  ] as const)('%s → %s', (fixture, status, gatewayStatus) => {
    expect(toRefundReport(razorpayRefundSchema.parse(razorpayFixture(fixture)))).toEqual({ status, gatewayRefundId: 'rfnd_Nf5A2kTq8WzR3m', gatewayStatus });
  });

  it('keeps an unknown refund status pending, never a phantom refund', () => {
    expect(toRefundReport({ id: 'rfnd_x', status: 'on_hold' })).toEqual({ status: 'pending', gatewayRefundId: 'rfnd_x', gatewayStatus: 'on_hold' });
  });
});

describe('units', () => {
  it("sends Money minor units as Razorpay's smallest sub-unit, unchanged", () => {
    expect(toRazorpayAmount({ amountMinor: 129900, currency: 'INR' })).toEqual({ ok: true, value: { amount: 129900, currency: 'INR' } });
    expect(toRazorpayAmount({ amountMinor: 1250, currency: 'USD' })).toEqual({ ok: true, value: { amount: 1250, currency: 'USD' } });
    expect(toRazorpayAmount({ amountMinor: 500, currency: 'JPY' })).toEqual({ ok: true, value: { amount: 500, currency: 'JPY' } });
  });

  it('sends a three-decimal currency in its thousandths when the last digit is 0: 295.990 KWD is 295990', () => {
    expect(toRazorpayAmount({ amountMinor: 295_990, currency: 'KWD' })).toEqual({ ok: true, value: { amount: 295_990, currency: 'KWD' } });
    expect(toRazorpayAmount({ amountMinor: 1_230, currency: 'BHD' })).toEqual({ ok: true, value: { amount: 1_230, currency: 'BHD' } });
    expect(toRazorpayAmount({ amountMinor: 10_000, currency: 'OMR' })).toEqual({ ok: true, value: { amount: 10_000, currency: 'OMR' } });
  });

  itRefusesAmounts('refuses %i minor units of %s (%s): Razorpay wants the last digit 0 and the amount is not rounded', toRazorpayAmount, [
    [295_991, 'KWD', '295.991 KWD'],
    [1_234, 'BHD', '1.234 BHD'],
    [5, 'OMR', '0.005 OMR'],
  ]);

  it("reads Razorpay's sub-units back as ISO minor units of every exponent", () => {
    expect(fromRazorpayAmount(129_900, 'inr')).toEqual({ amountMinor: 129_900, currency: 'INR' });
    expect(fromRazorpayAmount(500, 'JPY')).toEqual({ amountMinor: 500, currency: 'JPY' });
    expect(fromRazorpayAmount(295_990, 'KWD')).toEqual({ amountMinor: 295_990, currency: 'KWD' });
    expect(() => fromRazorpayAmount(100, 'QQQ')).toThrow(RangeError);
  });

  it.each([
    [{ amountMinor: 0, currency: 'INR' }, 'payments.invalid_amount'],
    [{ amountMinor: -100, currency: 'INR' }, 'payments.invalid_amount'],
    [{ amountMinor: 10.5, currency: 'INR' }, 'payments.invalid_amount'],
    [{ amountMinor: 1000, currency: 'inr' }, 'payments.unsupported_currency'],
    [{ amountMinor: 1000, currency: 'QQQ' }, 'payments.unsupported_currency'],
  ])('refuses %o with %s', (amount, code) => {
    const result = toRazorpayAmount(amount);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('reads Razorpay amounts back as Money', () => {
    expect(fromRazorpayAmount(129900, 'INR')).toEqual({ amountMinor: 129900, currency: 'INR' });
    expect(fromRazorpayAmount(100, 'usd')).toEqual({ amountMinor: 100, currency: 'USD' });
    expect(() => fromRazorpayAmount(1.5, 'INR')).toThrow(RangeError);
  });
});

describe('deterministic references', () => {
  it('uses our order id as the receipt when it fits in 40 characters', () => {
    expect(receiptFor('ord_7Hq2VxKp9LmN4sT6wYb3Rc')).toBe('ord_7Hq2VxKp9LmN4sT6wYb3Rc');
    expect(receiptFor('x'.repeat(40))).toBe('x'.repeat(40));
  });

  it('hashes a longer order id to 40 characters, always the same', () => {
    const long = `ord_${'a'.repeat(60)}`;
    expect(receiptFor(long)).toHaveLength(40);
    expect(receiptFor(long)).toBe(receiptFor(long));
    expect(receiptFor(long)).not.toBe(receiptFor(`${long}b`));
  });

  it('passes a valid saga key through as X-Refund-Idempotency and hashes one Razorpay would refuse', () => {
    expect(refundIdempotencyKey('refund-ord_7Hq2VxKp9L_1')).toBe('refund-ord_7Hq2VxKp9L_1');
    const hashed = refundIdempotencyKey('checkout-ord_7Hq2VxKp9LmN4sT6wYb3Rc/refund');
    expect(hashed).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(refundIdempotencyKey('checkout-ord_7Hq2VxKp9LmN4sT6wYb3Rc/refund')).toBe(hashed);
    expect(refundIdempotencyKey('short')).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(refundIdempotencyKey('checkout-ord_1/refund')).not.toBe(refundIdempotencyKey('checkout-ord_2/refund'));
  });
});
