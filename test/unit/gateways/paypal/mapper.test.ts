import { CaptureStatus, OrderStatus, RefundStatus } from '@paypal/paypal-server-sdk';
import { itRefusesAmounts } from '../../../support/gateway-errors.js';
import { describe, expect, it } from 'vitest';
import { payPalOrderSchema, payPalRefundSchema, type PayPalOrder } from '../../../../adapters/gateways/paypal/client.js';
import {
  CAPTURE_STATUS_TABLE,
  fromPayPalAmount,
  ORDER_STATUS_TABLE,
  REFUND_STATUS_TABLE,
  toPayPalAmount,
  toPaymentStatusReport,
  toRefundReport,
} from '../../../../adapters/gateways/paypal/mapper.js';
import type { PaymentStatusReport } from '../../../../src/payments/ports/payment-gateway.js';
import { payPalFixture } from '../../../fixtures/paypal/load.js';

const ORDER_ID = '5O190127TN364715T';
const CAPTURE_ID = '3C679366HH908993F';

const order = (name: string): PayPalOrder => payPalOrderSchema.parse(payPalFixture(name));

function withCaptureStatus(status: string): PayPalOrder {
  const o = order('order-completed');
  const unit = o.purchase_units?.[0];
  const capture = unit?.payments?.captures?.[0];
  if (unit === undefined || capture === undefined) throw new Error('fixture has no capture');
  return { ...o, purchase_units: [{ ...unit, payments: { captures: [{ ...capture, status }] } }] };
}

describe('PayPal order status → PaymentStatusReport', () => {
  const table: [fixture: string, status: string, expected: PaymentStatusReport][] = [
    // Not approved yet (a payer who pressed Cancel may still come back): not paid yet.
    ['order-created', 'CREATED', { status: 'pending', notStarted: true, gatewayPaymentId: ORDER_ID, gatewayStatus: 'CREATED' }],
    ['create-order-response', 'PAYER_ACTION_REQUIRED', { status: 'pending', notStarted: true, gatewayPaymentId: ORDER_ID, gatewayStatus: 'PAYER_ACTION_REQUIRED' }],
    // Saved for a later capture: in progress, held.
    ['order-created', 'SAVED', { status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'SAVED' }],
    ['order-approved', 'APPROVED', { status: 'approved', gatewayPaymentId: ORDER_ID, gatewayStatus: 'APPROVED' }],
    ['order-voided', 'VOIDED', { status: 'failed', reason: 'expired', gatewayPaymentId: ORDER_ID, gatewayStatus: 'VOIDED' }],
    [
      'order-completed',
      'COMPLETED',
      { status: 'completed', gatewayPaymentId: ORDER_ID, transactionId: CAPTURE_ID, amount: { amountMinor: 4250, currency: 'USD' }, gatewayStatus: 'COMPLETED/COMPLETED' },
    ],
  ];

  it.each(table)('%s with status %s', (fixture, status, expected) => {
    expect(toPaymentStatusReport({ ...order(fixture), status })).toEqual(expected);
  });

  it('places every order status the official SDK knows', () => {
    expect(Object.keys(ORDER_STATUS_TABLE).sort()).toEqual(Object.values(OrderStatus).sort());
  });

  it('sends an undocumented order status to review', () => {
    expect(toPaymentStatusReport({ ...order('order-created'), status: 'ON_HOLD' })).toEqual({ status: 'review', gatewayPaymentId: ORDER_ID, gatewayStatus: 'ON_HOLD' });
  });

  it('reads statuses case-insensitively', () => {
    expect(toPaymentStatusReport({ ...order('order-approved'), status: 'approved' }).status).toBe('approved');
  });
});

describe('a COMPLETED order is decided by its capture', () => {
  it('a PENDING capture is pending, never completed', () => {
    expect(toPaymentStatusReport(order('order-completed-capture-pending'))).toEqual({ status: 'pending', gatewayPaymentId: ORDER_ID, gatewayStatus: 'COMPLETED/PENDING' });
  });

  it('a DECLINED capture is failed', () => {
    expect(toPaymentStatusReport(order('order-completed-capture-declined'))).toEqual({
      status: 'failed',
      reason: 'failed',
      gatewayPaymentId: ORDER_ID,
      gatewayStatus: 'COMPLETED/DECLINED',
    });
  });

  const captures: [status: string, expected: Partial<PaymentStatusReport> & { status: string }][] = [
    ['COMPLETED', { status: 'completed' }],
    ['PENDING', { status: 'pending' }],
    ['DECLINED', { status: 'failed', reason: 'failed' }],
    ['FAILED', { status: 'failed', reason: 'failed' }],
    ['REFUNDED', { status: 'failed', reason: 'refunded' }],
    ['PARTIALLY_REFUNDED', { status: 'review' }],
    ['SOMETHING_NEW', { status: 'review' }],
  ];
  it.each(captures)('capture %s', (status, expected) => {
    expect(toPaymentStatusReport(withCaptureStatus(status))).toMatchObject({ ...expected, gatewayStatus: `COMPLETED/${status}` });
  });

  it('places every capture status the official SDK knows', () => {
    expect(Object.keys(CAPTURE_STATUS_TABLE).sort()).toEqual(Object.values(CaptureStatus).sort());
  });

  it('reports the amount PayPal captured, not what was ordered', () => {
    const o = order('order-completed');
    const unit = o.purchase_units?.[0];
    const capture = unit?.payments?.captures?.[0];
    if (unit === undefined || capture === undefined) throw new Error('fixture has no capture');
    const changed = { ...o, purchase_units: [{ ...unit, payments: { captures: [{ ...capture, amount: { currency_code: 'USD', value: '1.00' } }] } }] };
    expect(toPaymentStatusReport(changed)).toMatchObject({ status: 'completed', amount: { amountMinor: 100, currency: 'USD' } });
  });

  it('sends a COMPLETED order without a capture, with two captures, or with an unreadable amount to review', () => {
    const o = order('order-completed');
    const unit = o.purchase_units?.[0];
    const capture = unit?.payments?.captures?.[0];
    if (unit === undefined || capture === undefined) throw new Error('fixture has no capture');
    expect(toPaymentStatusReport({ ...o, purchase_units: [{ ...unit, payments: {} }] }).status).toBe('review');
    expect(toPaymentStatusReport({ ...o, purchase_units: [{ ...unit, payments: { captures: [capture, { ...capture, id: 'OTHER' }] } }] }).status).toBe('review');
    expect(toPaymentStatusReport({ ...o, purchase_units: [{ ...unit, payments: { captures: [{ ...capture, amount: { currency_code: 'USD', value: '42.505' } }] } }] }).status).toBe(
      'review',
    );
    const { amount: _dropped, ...withoutAmount } = capture;
    expect(toPaymentStatusReport({ ...o, purchase_units: [{ ...unit, payments: { captures: [withoutAmount] } }] }).status).toBe('review');
  });
});

describe('PayPal refund status → RefundReport', () => {
  it('COMPLETED is completed, with the refund id', () => {
    expect(toRefundReport(payPalRefundSchema.parse(payPalFixture('refund-completed')))).toEqual({
      status: 'completed',
      gatewayRefundId: '1JU08902781691411',
      gatewayStatus: 'COMPLETED',
    });
  });

  it('PENDING is pending', () => {
    expect(toRefundReport(payPalRefundSchema.parse(payPalFixture('refund-pending')))).toMatchObject({ status: 'pending', gatewayStatus: 'PENDING' });
  });

  it.each([
    ['FAILED', 'failed'],
    ['CANCELLED', 'failed'],
    ['SOMETHING_NEW', 'pending'],
  ])('%s is %s (unknown stays pending: no phantom refund)', (status, expected) => {
    const refund = payPalRefundSchema.parse({ ...(payPalFixture('refund-completed') as object), status });
    expect(toRefundReport(refund).status).toBe(expected);
  });

  it('places every refund status the official SDK knows', () => {
    expect(Object.keys(REFUND_STATUS_TABLE).sort()).toEqual(Object.values(RefundStatus).sort());
  });
});

/** Minor units, currency and PayPal's decimal string for the same amount. */
const DECIMAL_STRINGS: readonly (readonly [number, string, string])[] = [
  [4250, 'USD', '42.50'],
  [5, 'EUR', '0.05'],
  [100, 'GBP', '1.00'],
  [123456789, 'USD', '1234567.89'],
  [1500, 'JPY', '1500'],
  [250000, 'HUF', '2500'],
  [1000, 'JPY', '1000'],
  [1299, 'USD', '12.99'],
  [19900, 'TWD', '199'],
  // ISO 4217: three decimals. PayPal takes two, so only whole hundredths go through (and PayPal
  // itself decides whether it takes the currency).
  [1230, 'KWD', '1.23'],
  [295_990, 'BHD', '295.99'],
];

describe('Money ↔ PayPal decimal strings', () => {
  it.each(
    DECIMAL_STRINGS.map(
      ([amountMinor, currency, value]) =>
        [
          { amountMinor, currency },
          { currency_code: currency, value },
        ] as const,
    ),
  )('%o → %o', (amount, wire) => {
    expect(toPayPalAmount(amount)).toEqual({ ok: true, value: wire });
    expect(fromPayPalAmount(wire)).toEqual({ ok: true, value: amount });
  });

  it.each([0, -100, 10.5, Number.MAX_SAFE_INTEGER + 2])('refuses %s minor units', (amountMinor) => {
    expect(toPayPalAmount({ amountMinor, currency: 'USD' })).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
  });

  it('refuses HUF and TWD with fillér / cents: PayPal takes them in whole units', () => {
    expect(toPayPalAmount({ amountMinor: 250050, currency: 'HUF' })).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
    expect(toPayPalAmount({ amountMinor: 199, currency: 'TWD' })).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
  });

  itRefusesAmounts(
    'refuses %i minor units of the three-decimal %s: PayPal has two decimals and %s is not rounded',
    toPayPalAmount,
    [
      [1234, 'KWD', '1.234 KWD'],
      [1, 'BHD', '0.001 BHD'],
      [295_991, 'OMR', '295.991 OMR'],
      [12_345, 'TND', '12.345 TND'],
      [1_005, 'JOD', '1.005 JOD'],
    ],
    { payPalDecimals: 2 },
  );

  it('refuses a currency that is not an ISO code', () => {
    expect(toPayPalAmount({ amountMinor: 100, currency: 'usd' })).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
    expect(toPayPalAmount({ amountMinor: 100, currency: 'QQQ' })).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
    expect(fromPayPalAmount({ currency_code: 'QQQ', value: '1.00' })).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
  });

  it('reads a three-decimal currency in its ISO minor units: "1.23" KWD is 1230 fils, not 123', () => {
    expect(fromPayPalAmount({ currency_code: 'KWD', value: '1.23' })).toEqual({ ok: true, value: { amountMinor: 1230, currency: 'KWD' } });
    expect(fromPayPalAmount({ currency_code: 'KWD', value: '1.234' })).toEqual({ ok: true, value: { amountMinor: 1234, currency: 'KWD' } });
    expect(fromPayPalAmount({ currency_code: 'KWD', value: '1.2345' }).ok).toBe(false);
  });

  it('reads "10", "10.5" and "10.500" as 10.00, 10.50 and 10.50', () => {
    expect(fromPayPalAmount({ currency_code: 'USD', value: '10' })).toEqual({ ok: true, value: { amountMinor: 1000, currency: 'USD' } });
    expect(fromPayPalAmount({ currency_code: 'USD', value: '10.5' })).toEqual({ ok: true, value: { amountMinor: 1050, currency: 'USD' } });
    expect(fromPayPalAmount({ currency_code: 'USD', value: '10.500' })).toEqual({ ok: true, value: { amountMinor: 1050, currency: 'USD' } });
  });

  it.each(['-1.00', '1.005', '1e3', '', '12.', 'ten', '0x10'])('refuses %j', (value) => {
    expect(fromPayPalAmount({ currency_code: 'USD', value }).ok).toBe(false);
  });

  it('refuses a fraction of a yen', () => {
    expect(fromPayPalAmount({ currency_code: 'JPY', value: '1500.5' }).ok).toBe(false);
  });
});
