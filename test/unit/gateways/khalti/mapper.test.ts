import { describe, expect, it } from 'vitest';
import { khaltiLookupResponseSchema, type KhaltiLookupResponse } from '../../../../adapters/gateways/khalti/client.js';
import { fromKhaltiAmount, toKhaltiAmount, toPaymentStatusReport } from '../../../../adapters/gateways/khalti/mapper.js';
import type { PaymentStatusReport } from '../../../../src/payments/ports/payment-gateway.js';
import { khaltiFixture } from '../../../fixtures/khalti/load.js';

const PIDX = 'Qm4sZk8TyR2wVb7Nc5Lp3X';

function lookupFixture(name: string): KhaltiLookupResponse {
  return khaltiLookupResponseSchema.parse(khaltiFixture(name));
}

describe('Khalti lookup status → PaymentStatusReport', () => {
  const table: [fixture: string, expected: PaymentStatusReport][] = [
    [
      'lookup-completed',
      {
        status: 'completed',
        gatewayPaymentId: PIDX,
        transactionId: 'Gh7TqW2mYx9KzR4pNc6Vb1',
        amount: { amountMinor: 129900, currency: 'NPR' },
        gatewayStatus: 'Completed',
      },
    ],
    ['lookup-pending', { status: 'pending', gatewayPaymentId: PIDX, gatewayStatus: 'Pending' }],
    // The link is open and nobody has paid: not paid yet, as distinct from Pending (money may be moving).
    ['lookup-initiated', { status: 'pending', gatewayPaymentId: PIDX, gatewayStatus: 'Initiated', notStarted: true }],
    ['lookup-expired', { status: 'failed', reason: 'expired', gatewayPaymentId: PIDX, gatewayStatus: 'Expired' }],
    ['lookup-user-canceled', { status: 'failed', reason: 'cancelled', gatewayPaymentId: PIDX, gatewayStatus: 'User canceled' }],
    ['lookup-refunded', { status: 'failed', reason: 'refunded', gatewayPaymentId: PIDX, gatewayStatus: 'Refunded' }],
    ['lookup-partially-refunded', { status: 'review', gatewayPaymentId: PIDX, gatewayStatus: 'Partially Refunded' }],
  ];

  it.each(table)('%s', (fixture, expected) => {
    expect(toPaymentStatusReport(lookupFixture(fixture))).toEqual(expected);
  });

  it('compares statuses case-insensitively ("Partially refunded" as the docs also spell it)', () => {
    const lookup = { ...lookupFixture('lookup-partially-refunded'), status: 'Partially refunded' };
    expect(toPaymentStatusReport(lookup)).toEqual({ status: 'review', gatewayPaymentId: PIDX, gatewayStatus: 'Partially refunded' });
    expect(toPaymentStatusReport({ ...lookupFixture('lookup-expired'), status: 'EXPIRED' }).status).toBe('failed');
  });

  it('sends an undocumented status to review, never to failed or completed', () => {
    const lookup = { ...lookupFixture('lookup-pending'), status: 'On Hold' };
    expect(toPaymentStatusReport(lookup)).toEqual({ status: 'review', gatewayPaymentId: PIDX, gatewayStatus: 'On Hold' });
  });

  it("treats the docs' other failure words (Canceled, Failed) as failed", () => {
    expect(toPaymentStatusReport({ ...lookupFixture('lookup-pending'), status: 'Canceled' })).toMatchObject({ status: 'failed', reason: 'cancelled' });
    expect(toPaymentStatusReport({ ...lookupFixture('lookup-pending'), status: 'Failed' })).toMatchObject({ status: 'failed', reason: 'failed' });
  });

  it('sends Completed without a transaction id to review: it could not be recorded in the ledger', () => {
    const noId = { ...lookupFixture('lookup-completed'), transaction_id: null };
    expect(toPaymentStatusReport(noId).status).toBe('review');
    expect(toPaymentStatusReport({ ...noId, transaction_id: '' }).status).toBe('review');
  });

  it('reports the amount Khalti says was paid, not what was asked', () => {
    const report = toPaymentStatusReport({ ...lookupFixture('lookup-completed'), total_amount: 1000 });
    expect(report).toMatchObject({ status: 'completed', amount: { amountMinor: 1000, currency: 'NPR' } });
  });
});

describe('Money ↔ Khalti paisa', () => {
  it('sends NPR minor units as integer paisa', () => {
    expect(toKhaltiAmount({ amountMinor: 129900, currency: 'NPR' })).toEqual({ ok: true, value: 129900 });
  });

  it('refuses any other currency', () => {
    const result = toKhaltiAmount({ amountMinor: 1000, currency: 'USD' });
    expect(result).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
    if (!result.ok) expect(result.error.message).toContain('USD');
  });

  it.each([0, -100, 10.5, Number.MAX_SAFE_INTEGER + 2])('refuses %s paisa', (amountMinor) => {
    expect(toKhaltiAmount({ amountMinor, currency: 'NPR' })).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
  });

  it('reads Khalti paisa back as NPR Money', () => {
    expect(fromKhaltiAmount(1000)).toEqual({ amountMinor: 1000, currency: 'NPR' });
    expect(() => fromKhaltiAmount(10.5)).toThrow(RangeError);
  });
});

describe('recorded lookup fixtures', () => {
  it("all parse with the client's schema, and transaction_id is null unless paid", () => {
    for (const name of ['lookup-pending', 'lookup-initiated', 'lookup-expired', 'lookup-user-canceled']) {
      expect(lookupFixture(name).transaction_id).toBeNull();
    }
    expect(lookupFixture('lookup-completed').transaction_id).not.toBeNull();
  });
});
