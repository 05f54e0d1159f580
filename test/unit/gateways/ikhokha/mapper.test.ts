import { describe, expect, it } from 'vitest';
import { ikhokhaStatusResponseSchema, type IkhokhaStatusResponse } from '../../../../adapters/gateways/ikhokha/client.js';
import { fromIkhokhaAmount, IKHOKHA_CURRENCY, mapIkhokhaStatus, toIkhokhaAmount, toPaymentStatusReport } from '../../../../adapters/gateways/ikhokha/mapper.js';
import { IKHOKHA_FIXTURE_PAYLINK_ID as PAYLINK, ikhokhaFixture } from '../../../fixtures/ikhokha/load.js';

const ZAR = (amountMinor: number) => ({ amountMinor, currency: 'ZAR' });
const status = (name: string): IkhokhaStatusResponse => ikhokhaStatusResponseSchema.parse(ikhokhaFixture(name));

describe('toPaymentStatusReport (recorded getStatus answers)', () => {
  it('PAID → completed with the cents iKhokha reports, in ZAR, the paylink id as transaction id', () => {
    expect(toPaymentStatusReport(status('status-paid'), PAYLINK)).toEqual({
      status: 'completed',
      gatewayPaymentId: PAYLINK,
      transactionId: PAYLINK,
      amount: ZAR(149950),
      gatewayStatus: 'PAID',
    });
    expect(toPaymentStatusReport(status('status-paid-amount-string'), PAYLINK)).toMatchObject({ status: 'completed', amount: ZAR(149950) });
  });

  it.each([
    // An open paylink nobody has paid: not paid yet.
    ['status-pending', { status: 'pending', gatewayStatus: 'PENDING', notStarted: true }],
    ['status-failure', { status: 'failed', reason: 'failed', gatewayStatus: 'FAILURE' }],
    ['status-cancelled', { status: 'failed', reason: 'cancelled', gatewayStatus: 'CANCELLED' }],
    ['status-expired', { status: 'failed', reason: 'expired', gatewayStatus: 'EXPIRED' }],
    ['status-unknown', { status: 'review', gatewayStatus: 'ON_HOLD' }],
  ])('%s → %o', (fixture, expected) => {
    expect(toPaymentStatusReport(status(fixture), PAYLINK)).toEqual({ gatewayPaymentId: PAYLINK, ...expected });
  });

  it('PAID without an amount goes to review, never completed', () => {
    expect(toPaymentStatusReport(status('status-paid-no-amount'), PAYLINK)).toEqual({ status: 'review', gatewayPaymentId: PAYLINK, gatewayStatus: 'PAID' });
  });

  it('an answer about another paylink goes to review', () => {
    expect(toPaymentStatusReport(status('status-paid-other-paylink'), PAYLINK)).toMatchObject({ status: 'review', gatewayPaymentId: PAYLINK });
  });

  it('an answer without paylinkID is read as about the paylink asked for', () => {
    expect(toPaymentStatusReport({ status: 'PAID', amount: 500 }, PAYLINK)).toMatchObject({ status: 'completed', amount: ZAR(500) });
  });

  it('keeps a currency iKhokha states, so a mismatch with the order is caught in verification', () => {
    expect(toPaymentStatusReport({ status: 'PAID', amount: 500, currency: 'usd' }, PAYLINK)).toMatchObject({ amount: { amountMinor: 500, currency: 'USD' } });
  });
});

/** One `[wire word, outcome]` case for each of `words`, all meaning `outcome`. */
const meaning = (outcome: object, ...words: string[]): [string, object][] => words.map((word) => [word, outcome]);

describe('mapIkhokhaStatus (the full table)', () => {
  // Each outcome with the wire words that mean it, in the table's order.
  it.each([
    ...meaning({ status: 'completed' }, 'PAID', 'SUCCESS'),
    ...meaning({ status: 'pending', notStarted: true }, 'PENDING', 'CREATED', 'ACTIVE', 'UNPAID'),
    // A payment on its way is held, never expired.
    ...meaning({ status: 'pending' }, 'PROCESSING'),
    ...meaning({ status: 'failed', reason: 'failed' }, 'FAILURE', 'FAILED', 'DECLINED'),
    ...meaning({ status: 'failed', reason: 'cancelled' }, 'CANCELLED', 'CANCELED'),
    ...meaning({ status: 'failed', reason: 'expired' }, 'EXPIRED'),
    ...meaning({ status: 'failed', reason: 'refunded' }, 'REFUNDED'),
    ...meaning({ status: 'review' }, 'PARTIALLY_REFUNDED'),
  ])('%s → %o', (wire, expected) => {
    expect(mapIkhokhaStatus(wire)).toEqual(expected);
  });

  it('ignores case, surrounding space and space/hyphen separators', () => {
    expect(mapIkhokhaStatus(' paid ')).toEqual({ status: 'completed' });
    expect(mapIkhokhaStatus('Partially refunded')).toEqual({ status: 'review' });
    expect(mapIkhokhaStatus('partially-refunded')).toEqual({ status: 'review' });
  });

  it('anything unknown is review: never fulfilled, never failed on a guess', () => {
    for (const wire of ['COMPLETE', 'SETTLED', 'OK', '00', 'PAIDX', '']) expect(mapIkhokhaStatus(wire)).toEqual({ status: 'review' });
  });
});

describe('amounts: Money ↔ cents', () => {
  it('R1 499.50 is 149950 cents, both ways', () => {
    expect(toIkhokhaAmount(ZAR(149950))).toEqual({ ok: true, value: 149950 });
    expect(fromIkhokhaAmount(149950)).toEqual(ZAR(149950));
    expect(IKHOKHA_CURRENCY).toBe('ZAR');
  });

  it('refuses other currencies, zero, negatives and non-integers', () => {
    expect(toIkhokhaAmount({ amountMinor: 100, currency: 'NPR' })).toMatchObject({ ok: false, error: { code: 'payments.unsupported_currency' } });
    for (const amountMinor of [0, -5, 10.5, Number.MAX_SAFE_INTEGER + 2]) {
      expect(toIkhokhaAmount(ZAR(amountMinor))).toMatchObject({ ok: false, error: { code: 'payments.invalid_amount' } });
    }
    expect(() => fromIkhokhaAmount(1.5)).toThrow(RangeError);
  });
});
