import { describe, expect, it } from 'vitest';
import { itRefusesAmounts } from '../../../support/gateway-errors.js';
import { stripeCheckoutSessionSchema, stripeRefundSchema, type StripeCheckoutSession, type StripePaymentIntent } from '../../../../adapters/gateways/stripe/client.js';
import { fromStripeAmount, toPaymentStatusReport, toRefundReport, toStripeAmount } from '../../../../adapters/gateways/stripe/mapper.js';
import type { PaymentStatusReport, RefundReport } from '../../../../src/payments/ports/payment-gateway.js';
import { stripeFixture } from '../../../fixtures/stripe/load.js';

const SESSION = 'cs_test_a1Qw8TzK3mN5pR7sV9xY2bC4dF6gH8jL0nP2rT4vX6zA8cE0gI2kM4oQ6s';
const INTENT = 'pi_3QxY7zB2mN4kL6pR8sT0vW2y';

function session(name: string): StripeCheckoutSession {
  return stripeCheckoutSessionSchema.parse(stripeFixture(name));
}

/** The snapshot the gateway hands the mapper: the session and its expanded PaymentIntent. */
function report(s: StripeCheckoutSession): PaymentStatusReport {
  const pi = s.payment_intent;
  return toPaymentStatusReport({ session: s, paymentIntent: pi === null || typeof pi === 'string' ? null : pi });
}

function withIntent(name: string, change: Partial<StripePaymentIntent>, sessionChange: Partial<StripeCheckoutSession> = {}): StripeCheckoutSession {
  const s = session(name);
  const pi = s.payment_intent;
  if (pi === null || typeof pi === 'string') throw new Error(`${name} has no expanded PaymentIntent`);
  return { ...s, ...sessionChange, payment_intent: { ...pi, ...change } };
}

describe('Stripe Checkout Session (+ PaymentIntent) → PaymentStatusReport', () => {
  const table: [fixture: string, expected: PaymentStatusReport][] = [
    [
      'session-complete-paid',
      {
        status: 'completed',
        gatewayPaymentId: SESSION,
        transactionId: INTENT,
        amount: { amountMinor: 2599, currency: 'USD' },
        gatewayStatus: 'complete/paid/succeeded',
      },
    ],
    // Open, no PaymentIntent yet: the shopper has not paid yet.
    ['session-open', { status: 'pending', notStarted: true, gatewayPaymentId: SESSION, gatewayStatus: 'open/unpaid' }],
    ['session-complete-unpaid-processing', { status: 'pending', gatewayPaymentId: SESSION, gatewayStatus: 'complete/unpaid/processing' }],
    ['session-complete-unpaid-async-failed', { status: 'failed', reason: 'failed', gatewayPaymentId: SESSION, gatewayStatus: 'complete/unpaid/requires_payment_method' }],
    ['session-expired', { status: 'failed', reason: 'expired', gatewayPaymentId: SESSION, gatewayStatus: 'expired/unpaid' }],
    ['session-complete-paid-refunded', { status: 'failed', reason: 'refunded', gatewayPaymentId: SESSION, gatewayStatus: 'complete/paid/succeeded/refunded' }],
    ['session-complete-paid-partially-refunded', { status: 'review', gatewayPaymentId: SESSION, gatewayStatus: 'complete/paid/succeeded/partially_refunded' }],
  ];

  it.each(table)('%s', (fixture, expected) => {
    expect(report(session(fixture))).toEqual(expected);
  });

  it.each([
    // A declined card: Checkout keeps the session open for another one. Not paid yet.
    ['requires_payment_method', { status: 'pending', notStarted: true }],
    // A payment under way: held however late, never expired on a guess.
    ['requires_confirmation', { status: 'pending' }],
    ['requires_action', { status: 'pending' }],
    ['processing', { status: 'pending' }],
    ['succeeded', { status: 'pending' }],
    ['canceled', { status: 'pending' }],
  ] as const)('an open session is pending whatever its PaymentIntent says (%s): the shopper may still pay', (piStatus, expected) => {
    const s = withIntent('session-complete-paid', { status: piStatus, amount_received: 0, latest_charge: null }, { status: 'open', payment_status: 'unpaid' });
    const { status, notStarted } = report(s) as { status: string; notStarted?: true };
    expect({ status, ...(notStarted !== undefined && { notStarted }) }).toEqual(expected);
  });

  it.each([
    ['processing', { status: 'pending' }],
    ['requires_action', { status: 'pending' }],
    ['requires_confirmation', { status: 'pending' }],
    ['requires_payment_method', { status: 'failed', reason: 'failed' }],
    ['canceled', { status: 'failed', reason: 'cancelled' }],
    // The session is updated after the intent: hold until Stripe says paid on the session too.
    ['succeeded', { status: 'pending' }],
    ['requires_capture', { status: 'review' }],
    ['some_future_status', { status: 'review' }],
  ] as const)('complete + unpaid with PaymentIntent %s', (piStatus, expected) => {
    const s = withIntent('session-complete-unpaid-processing', { status: piStatus });
    expect(report(s)).toMatchObject(expected);
  });

  it.each(['processing', 'requires_capture', 'requires_payment_method', 'canceled'])('complete + paid but PaymentIntent %s goes to review, never completed', (piStatus) => {
    expect(report(withIntent('session-complete-paid', { status: piStatus })).status).toBe('review');
  });

  it('complete + paid without a PaymentIntent goes to review (nothing to record in the ledger)', () => {
    expect(report({ ...session('session-complete-paid'), payment_intent: null }).status).toBe('review');
  });

  it('no_payment_required and unknown session statuses go to review', () => {
    expect(report(withIntent('session-complete-paid', {}, { payment_status: 'no_payment_required' })).status).toBe('review');
    expect(report({ ...session('session-open'), status: 'suspended' }).status).toBe('review');
    expect(report({ ...session('session-open'), status: null })).toEqual({ status: 'review', gatewayPaymentId: SESSION, gatewayStatus: 'null/unpaid' });
  });

  it('an expired session is failed even if an intent was left behind', () => {
    const s = withIntent('session-complete-paid', { status: 'canceled', amount_received: 0, latest_charge: null }, { status: 'expired', payment_status: 'unpaid' });
    expect(report(s)).toMatchObject({ status: 'failed', reason: 'expired' });
  });

  it('reports what the PaymentIntent received, in its currency, not what was asked', () => {
    const s = withIntent('session-complete-paid', { amount_received: 100, currency: 'eur' });
    expect(report(s)).toMatchObject({ status: 'completed', amount: { amountMinor: 100, currency: 'EUR' } });
  });

  it('a charge refunded by its full amount counts as refunded even without the refunded flag', () => {
    const s = session('session-complete-paid-partially-refunded');
    const pi = s.payment_intent;
    if (pi === null || typeof pi === 'string' || pi.latest_charge === null || typeof pi.latest_charge !== 'object') throw new Error('fixture');
    const full = { ...s, payment_intent: { ...pi, latest_charge: { ...pi.latest_charge, amount_refunded: 2599 } } };
    expect(report(full)).toMatchObject({ status: 'failed', reason: 'refunded' });
  });
});

describe('Stripe Refund → RefundReport', () => {
  const table: [fixture: string, expected: RefundReport][] = [
    ['refund-succeeded', { status: 'completed', gatewayRefundId: 're_3QxY7zB2mN4kL6pR8sT0vW2y', gatewayStatus: 'succeeded' }],
    ['refund-pending', { status: 'pending', gatewayRefundId: 're_3QxY7zB2mN4kL6pR8sT0vW2y', gatewayStatus: 'pending' }],
    ['refund-requires-action', { status: 'pending', gatewayRefundId: 're_3QxY7zB2mN4kL6pR8sT0vW2y', gatewayStatus: 'requires_action' }],
    ['refund-failed', { status: 'failed', gatewayRefundId: 're_3QxY7zB2mN4kL6pR8sT0vW2y', gatewayStatus: 'failed' }],
    ['refund-canceled', { status: 'failed', gatewayRefundId: 're_3QxY7zB2mN4kL6pR8sT0vW2y', gatewayStatus: 'canceled' }],
  ];
  it.each(table)('%s', (fixture, expected) => {
    expect(toRefundReport(stripeRefundSchema.parse(stripeFixture(fixture)))).toEqual(expected);
  });

  it('an unknown or null status stays pending: never a phantom refund', () => {
    const refund = stripeRefundSchema.parse(stripeFixture('refund-succeeded'));
    expect(toRefundReport({ ...refund, status: null })).toMatchObject({ status: 'pending', gatewayStatus: 'null' });
    expect(toRefundReport({ ...refund, status: 'reversed' })).toMatchObject({ status: 'pending' });
  });
});

describe('Money ↔ Stripe smallest unit', () => {
  it('sends minor units as they are, with a lower-case currency', () => {
    expect(toStripeAmount({ amountMinor: 2599, currency: 'USD' })).toEqual({ ok: true, value: { amount: 2599, currency: 'usd' } });
    // Zero-decimal currencies: one yen is both our minor unit and Stripe's smallest unit.
    expect(toStripeAmount({ amountMinor: 500, currency: 'JPY' })).toEqual({ ok: true, value: { amount: 500, currency: 'jpy' } });
  });

  it.each([0, -100, 10.5, Number.MAX_SAFE_INTEGER + 2])('refuses %s', (amountMinor) => {
    expect(toStripeAmount({ amountMinor, currency: 'USD' })).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
  });

  it('refuses a currency that is not an ISO code', () => {
    expect(toStripeAmount({ amountMinor: 100, currency: 'usd' })).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
  });

  it('reads Stripe amounts back as Money with an upper-case currency', () => {
    expect(fromStripeAmount(2599, 'usd')).toEqual({ ok: true, value: { amountMinor: 2599, currency: 'USD' } });
    expect(fromStripeAmount(10.5, 'usd').ok).toBe(false);
  });

  it.each([
    // Same decimals in ISO 4217 and in Stripe's API.
    [
      { amountMinor: 1_000, currency: 'JPY' },
      { amount: 1_000, currency: 'jpy' },
    ],
    [
      { amountMinor: 1_299, currency: 'USD' },
      { amount: 1_299, currency: 'usd' },
    ],
    [
      { amountMinor: 250_050, currency: 'HUF' },
      { amount: 250_050, currency: 'huf' },
    ],
    [
      { amountMinor: 1_230, currency: 'KWD' },
      { amount: 1_230, currency: 'kwd' },
    ],
    [
      { amountMinor: 295_990, currency: 'BHD' },
      { amount: 295_990, currency: 'bhd' },
    ],
    // ISK: no decimals in ISO, two in Stripe's API (5 ISK is 500).
    [
      { amountMinor: 5, currency: 'ISK' },
      { amount: 500, currency: 'isk' },
    ],
    // MGA: two decimals in ISO, none in Stripe's API.
    [
      { amountMinor: 500_000, currency: 'MGA' },
      { amount: 5_000, currency: 'mga' },
    ],
  ])("sends %o as Stripe's %o and reads it back", (amount, wire) => {
    expect(toStripeAmount(amount)).toEqual({ ok: true, value: wire });
    expect(fromStripeAmount(wire.amount, wire.currency)).toEqual({ ok: true, value: amount });
  });

  itRefusesAmounts('refuses %i minor units of %s (%s) that Stripe cannot take exactly, instead of rounding', toStripeAmount, [
    [1_234, 'KWD', '1.234 KWD'],
    [5, 'OMR', '0.005 OMR'],
    [12_345, 'TND', '12.345 TND'],
    [1_001, 'JOD', '1.001 JOD'],
    [500_050, 'MGA', '5000.50 MGA'],
    [1_005, 'IQD', '1.005 IQD'],
  ]);

  it('refuses Stripe amounts finer than the ISO minor unit, and codes outside ISO 4217', () => {
    expect(fromStripeAmount(550, 'isk')).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
    expect(fromStripeAmount(100, 'qqq')).toMatchObject({ ok: false, error: { code: 'money.invalid_currency' } });
    expect(toStripeAmount({ amountMinor: 100, currency: 'QQQ' })).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
  });
});
