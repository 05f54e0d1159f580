import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundCredit } from '../../../src/wallet/domain/wallet.js';
import { aRefundRequest, errorOf, npr, valueOf } from './builders.js';

describe('refundCredit', () => {
  it('given a positive amount, when credited, then a refund_credit entry carrying every field of the request', () => {
    const request = aRefundRequest({ amount: npr(1) });

    expect(valueOf(refundCredit(request))).toEqual({ ...request, kind: 'refund_credit' });
  });

  it.each([0, -1, -100_000])('given %i paisa, when credited, then wallet.invalid_amount with the amount', (amountMinor) => {
    const error = errorOf(refundCredit(aRefundRequest({ amount: npr(amountMinor) })));

    expect(error.code).toBe('wallet.invalid_amount');
    expect(error.details).toEqual({ amountMinor });
  });

  it('given any amount, when credited, then it is accepted exactly when it is positive', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (amountMinor) => {
        expect(refundCredit(aRefundRequest({ amount: npr(amountMinor) })).ok).toBe(amountMinor > 0);
      }),
    );
  });
});
