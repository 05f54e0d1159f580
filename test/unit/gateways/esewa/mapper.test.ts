import { describe, expect, it } from 'vitest';
import { esewaStatusResponseSchema, type EsewaStatusResponse } from '../../../../adapters/gateways/esewa/client.js';
import {
  fromEsewaAmount,
  orderIdFromTransactionUuid,
  toEsewaAmount,
  toPaymentStatusReport,
  TRANSACTION_UUID,
  transactionUuidFor,
} from '../../../../adapters/gateways/esewa/mapper.js';
import type { PaymentStatusReport } from '../../../../src/payments/ports/payment-gateway.js';
import { esewaFixture } from '../../../fixtures/esewa/load.js';

const UUID = 'ord-5F4fK9xQ2mT7vB1nR8sW3yZc';

const statusFixture = (name: string): EsewaStatusResponse => esewaStatusResponseSchema.parse(esewaFixture(name));

describe('eSewa status → PaymentStatusReport', () => {
  const table: [fixture: string, expected: PaymentStatusReport][] = [
    ['status-complete', { status: 'completed', gatewayPaymentId: UUID, transactionId: '000AWEO', amount: { amountMinor: 100000, currency: 'NPR' }, gatewayStatus: 'COMPLETE' }],
    ['status-pending', { status: 'pending', gatewayPaymentId: UUID, gatewayStatus: 'PENDING' }],
    ['status-ambiguous', { status: 'pending', gatewayPaymentId: UUID, gatewayStatus: 'AMBIGUOUS' }],
    ['status-full-refund', { status: 'failed', reason: 'refunded', gatewayPaymentId: UUID, gatewayStatus: 'FULL_REFUND' }],
    ['status-partial-refund', { status: 'review', gatewayPaymentId: UUID, gatewayStatus: 'PARTIAL_REFUND' }],
    // A form not posted yet, or a session that ended unpaid: nothing taken, the form may still be posted.
    ['status-not-found', { status: 'pending', notStarted: true, gatewayPaymentId: UUID, gatewayStatus: 'NOT_FOUND' }],
    ['status-canceled', { status: 'failed', reason: 'cancelled', gatewayPaymentId: UUID, gatewayStatus: 'CANCELED' }],
  ];

  it.each(table)('%s', (fixture, expected) => {
    expect(toPaymentStatusReport(statusFixture(fixture))).toEqual(expected);
  });

  it('reads the status case-insensitively', () => {
    expect(toPaymentStatusReport({ ...statusFixture('status-canceled'), status: 'canceled' })).toMatchObject({ status: 'failed', reason: 'cancelled' });
  });

  it('sends an undocumented status to review, never to failed or completed', () => {
    expect(toPaymentStatusReport({ ...statusFixture('status-pending'), status: 'ON_HOLD' })).toEqual({ status: 'review', gatewayPaymentId: UUID, gatewayStatus: 'ON_HOLD' });
  });

  it('sends COMPLETE without a ref_id, or with an unreadable amount, to review', () => {
    expect(toPaymentStatusReport({ ...statusFixture('status-complete'), ref_id: null }).status).toBe('review');
    expect(toPaymentStatusReport({ ...statusFixture('status-complete'), ref_id: '' }).status).toBe('review');
    expect(toPaymentStatusReport({ ...statusFixture('status-complete'), total_amount: '10.005' }).status).toBe('review');
  });

  it('reads a total_amount sent as a string too', () => {
    expect(toPaymentStatusReport({ ...statusFixture('status-complete'), total_amount: '1299.5' })).toMatchObject({
      status: 'completed',
      amount: { amountMinor: 129950, currency: 'NPR' },
    });
  });

  it('parses the outage answer as no status at all', () => {
    expect(esewaStatusResponseSchema.safeParse(esewaFixture('status-service-unavailable')).success).toBe(false);
  });
});

describe('Money → eSewa rupee string', () => {
  it.each([
    [100000, '1000'],
    [129950, '1299.50'],
    [129955, '1299.55'],
    [5, '0.05'],
    [100, '1'],
  ])('%i paisa → %s', (paisa, rupees) => {
    expect(toEsewaAmount({ amountMinor: paisa, currency: 'NPR' })).toEqual({ ok: true, value: rupees });
  });

  it('refuses other currencies and non-positive amounts', () => {
    expect(toEsewaAmount({ amountMinor: 1000, currency: 'USD' })).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
    expect(toEsewaAmount({ amountMinor: 0, currency: 'NPR' })).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
    expect(toEsewaAmount({ amountMinor: -100, currency: 'NPR' })).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
    expect(toEsewaAmount({ amountMinor: 0, currency: 'NPR' }, { allowZero: true })).toEqual({ ok: true, value: '0' });
  });
});

describe('eSewa rupees → Money', () => {
  it.each<[string | number, number]>([
    ['1000.0', 100000],
    ['1000', 100000],
    ['1000.00', 100000],
    ['1,000.0', 100000],
    ['12,34,567.5', NaN],
    ['99.5', 9950],
    ['0.05', 5],
    ['100.500', 10050],
    [1000, 100000],
    [99.5, 9950],
    [1299.55, 129955],
  ])('%s', (value, paisa) => {
    const parsed = fromEsewaAmount(value);
    if (Number.isNaN(paisa)) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, value: { amountMinor: paisa, currency: 'NPR' } });
  });

  it.each<string | number>(['1000.005', 'abc', '-1', '1e3', '', ' ', '1.2.3', 0.001, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (value) => {
    expect(fromEsewaAmount(value)).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
  });

  it('round-trips every paisa value through the form string', () => {
    for (let paisa = 1; paisa < 20_000; paisa += 7) {
      const rupees = toEsewaAmount({ amountMinor: paisa, currency: 'NPR' });
      if (!rupees.ok) throw new Error(rupees.error.message);
      expect(fromEsewaAmount(rupees.value)).toEqual({ ok: true, value: { amountMinor: paisa, currency: 'NPR' } });
    }
  });
});

describe('order id ↔ transaction_uuid', () => {
  it('keeps letters and digits and escapes everything else, the hyphen included', () => {
    expect(transactionUuidFor('ord_4fK9xQ2mT7vB1nR8sW3yZc')).toBe(UUID);
    expect(transactionUuidFor('a-b')).toBe('a-2Db');
    expect(transactionUuidFor('ord_a')).not.toBe(transactionUuidFor('ord-a'));
  });

  it('only ever produces alphanumerics and hyphens, and always the same uuid for the same order', () => {
    for (const id of ['ord_x', 'a b/c?d&e=f', 'ऑर्डर_१', '--__..', 'ABC123']) {
      const uuid = transactionUuidFor(id);
      expect(uuid).toMatch(TRANSACTION_UUID);
      expect(transactionUuidFor(id)).toBe(uuid);
      expect(orderIdFromTransactionUuid(uuid)).toBe(id);
    }
  });

  it('does not decode a uuid it did not make', () => {
    expect(orderIdFromTransactionUuid('11-201-13')).toBeUndefined();
    expect(orderIdFromTransactionUuid('abc-zz')).toBeUndefined();
    expect(orderIdFromTransactionUuid('-61')).toBeUndefined();
    expect(orderIdFromTransactionUuid('-FF')).toBeUndefined();
    expect(orderIdFromTransactionUuid('')).toBeUndefined();
  });

  it('refuses an empty order id', () => {
    expect(() => transactionUuidFor('')).toThrow(RangeError);
  });
});
