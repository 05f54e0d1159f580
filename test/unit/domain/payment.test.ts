import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindVerification, checkClaim } from '../../../src/payments/domain/payment.js';
import { money } from '../../../src/shared/money.js';
import { npr, usd } from '../../support/mothers/money.js';
import { aClaimFor, aPayment } from '../../support/mothers/payment.js';
import { LATER } from '../../support/mothers/time.js';
import { aVerification } from '../../support/mothers/verification.js';
import { errorOf, okValue } from '../../support/result.js';

describe('checkClaim', () => {
  it('given a claim for exactly the expected amount, when checked, then the claim is accepted as is', () => {
    const payment = aPayment({ amount: npr(100_000) });
    const claim = aClaimFor(payment);

    expect(okValue(checkClaim(claim, payment))).toEqual(claim);
  });

  it.each([99_999, 100_001])('given a claim of %i paisa for a payment of 100000, when checked, then payments.amount_mismatch with both amounts', (reported) => {
    const payment = aPayment({ amount: npr(100_000) });

    const error = errorOf(checkClaim(aClaimFor(payment, { amount: npr(reported) }), payment));

    expect(error.code).toBe('payments.amount_mismatch');
    expect(error.details).toEqual({ expectedMinor: 100_000, expectedCurrency: 'NPR', reportedMinor: reported, reportedCurrency: 'NPR' });
  });

  it('given a claim for the same number in another currency, when checked, then payments.amount_mismatch naming both currencies', () => {
    const payment = aPayment({ amount: npr(100_000) });

    const error = errorOf(checkClaim(aClaimFor(payment, { amount: usd(100_000) }), payment));

    expect(error.code).toBe('payments.amount_mismatch');
    expect(error.details).toEqual({ expectedMinor: 100_000, expectedCurrency: 'NPR', reportedMinor: 100_000, reportedCurrency: 'USD' });
    expect(error.message).toContain('1000.00 USD');
    expect(error.message).toContain('1000.00 NPR');
  });

  it('given any claimed amount other than the expected one, when checked, then it is never accepted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom('NPR', 'USD'), (expected, reported, currency) => {
        fc.pre(expected !== reported || currency !== 'NPR');
        const payment = aPayment({ amount: npr(expected) });

        expect(errorOf(checkClaim(aClaimFor(payment, { amount: money(reported, currency) }), payment)).code).toBe('payments.amount_mismatch');
      }),
    );
  });

  it('given a claim for another gateway payment id, when checked, then payments.unknown_payment even if the amount matches', () => {
    const payment = aPayment({ gatewayPaymentId: 'pidx_A1' });

    expect(errorOf(checkClaim(aClaimFor(payment, { gatewayPaymentId: 'pidx_B2' }), payment)).code).toBe('payments.unknown_payment');
  });

  it('given a claim for another payment and another amount, when checked, then it is payments.unknown_payment, not a mismatch', () => {
    const payment = aPayment({ gatewayPaymentId: 'pidx_A1', amount: npr(100_000) });

    expect(errorOf(checkClaim(aClaimFor(payment, { gatewayPaymentId: 'pidx_B2', amount: npr(1) }), payment)).code).toBe('payments.unknown_payment');
  });

  it('given a payment that was never initiated, when any claim is checked, then payments.unknown_payment', () => {
    const { gatewayPaymentId: _, ...uninitiated } = aPayment();

    expect(errorOf(checkClaim(aClaimFor(aPayment(), { gatewayPaymentId: 'pidx_A1' }), uninitiated)).code).toBe('payments.unknown_payment');
  });
});

describe('bindVerification', () => {
  it('given no earlier verification of the transaction, when bound, then the candidate is new', () => {
    const candidate = aVerification();

    expect(okValue(bindVerification(undefined, candidate))).toEqual({ verification: candidate, isNew: true });
  });

  it('given the same order and amount verified before, when bound again, then it is a replay: not new, and the first verification is kept', () => {
    const first = aVerification({ verifiedAt: '2026-01-10T09:05:00.000Z' });
    const replay = aVerification({ verifiedAt: LATER });

    const bound = okValue(bindVerification(first, replay));

    expect(bound.isNew).toBe(false);
    expect(bound.verification).toEqual(first);
  });

  it('given the transaction already verified for another order, when bound, then payments.transaction_reused', () => {
    const error = errorOf(bindVerification(aVerification({ orderId: 'ord_first' }), aVerification({ orderId: 'ord_second' })));

    expect(error.code).toBe('payments.transaction_reused');
    expect(error.details).toEqual({ gateway: 'khalti', transactionId: 'txn_1' });
  });

  it.each([
    ['another amount', npr(100_001)],
    ['another currency', usd(100_000)],
  ])('given the transaction verified for the same order with %s, when bound, then payments.transaction_reused', (_, amount) => {
    const existing = aVerification({ amount: npr(100_000) });

    expect(errorOf(bindVerification(existing, aVerification({ amount }))).code).toBe('payments.transaction_reused');
  });
});
