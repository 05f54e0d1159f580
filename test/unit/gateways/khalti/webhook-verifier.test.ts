import { describe, expect, it } from 'vitest';
import { invalidCallbackOf } from '../../../support/gateway-errors.js';
import { parseKhaltiReturn } from '../../../../adapters/gateways/khalti/return-parser.js';
import { khaltiReturnQuery } from '../../../fixtures/khalti/load.js';

/** What the fixtures' returns for the topi-and-shawl payment parse to: `claimedStatus`, with `claims` beyond the amounts and the order name. */
const parsedReturn = (claimedStatus: string, claims: Record<string, unknown> = {}) => ({
  ok: true,
  value: {
    gateway: 'khalti',
    gatewayPaymentId: 'Qm4sZk8TyR2wVb7Nc5Lp3X',
    claimedOrderId: 'ord_7Hq2VxKp9LmN4sT6wYb3Rc',
    claimedStatus,
    claims: { amount: 129900, totalAmount: 129900, purchaseOrderName: 'Dhaka topi and pashmina shawl', ...claims },
  },
});

describe('parseKhaltiReturn (browser return URL, unsigned)', () => {
  it('parses the success return', () => {
    const result = parseKhaltiReturn(khaltiReturnQuery('return-completed'));
    expect(result).toEqual(parsedReturn('Completed', { transactionId: 'Gh7TqW2mYx9KzR4pNc6Vb1', txnId: 'Bk3vLr8QzT5yWn2Mc7Xp4D', mobile: '98XXXXX001' }));
  });

  it('parses the cancel return, where transaction_id, tidx and mobile are empty', () => {
    const result = parseKhaltiReturn(khaltiReturnQuery('return-user-canceled'));
    expect(result).toEqual(parsedReturn('User canceled'));
  });

  it('accepts a raw query string with %20 or + for the space in "User canceled"', () => {
    for (const query of ['?pidx=abc&status=User%20canceled', 'pidx=abc&status=User+canceled']) {
      expect(parseKhaltiReturn(query)).toMatchObject({ ok: true, value: { gatewayPaymentId: 'abc', claimedStatus: 'User canceled' } });
    }
  });

  it('accepts a Koa-style query object', () => {
    expect(parseKhaltiReturn({ pidx: 'abc', status: 'Pending', amount: '1000' })).toMatchObject({
      ok: true,
      value: { gatewayPaymentId: 'abc', claimedStatus: 'Pending', claims: { amount: 1000 } },
    });
  });

  it('falls back to tidx when transaction_id is absent', () => {
    expect(parseKhaltiReturn('pidx=abc&status=Completed&tidx=T1')).toMatchObject({ ok: true, value: { claims: { transactionId: 'T1' } } });
  });

  it.each([
    ['missing pidx', (q: URLSearchParams) => q.delete('pidx'), 'pidx'],
    ['empty pidx', (q: URLSearchParams) => q.set('pidx', ''), 'pidx'],
    ['missing status', (q: URLSearchParams) => q.delete('status'), 'status'],
    ['unknown status', (q: URLSearchParams) => q.set('status', 'Paid'), 'status'],
    ['mis-cased status', (q: URLSearchParams) => q.set('status', 'user canceled'), 'status'],
    ['non-integer amount', (q: URLSearchParams) => q.set('amount', '1299.00'), 'amount'],
    ['negative total_amount', (q: URLSearchParams) => q.set('total_amount', '-5'), 'total_amount'],
    ['repeated pidx', (q: URLSearchParams) => q.append('pidx', 'other'), 'pidx'],
  ])('rejects %s with payments.invalid_callback naming the field', (_name, tamper, field) => {
    const query = khaltiReturnQuery('return-completed');
    tamper(query);
    const error = invalidCallbackOf(parseKhaltiReturn(query));
    expect(error.message).toContain(field);
    expect(error.details).toEqual({ field });
  });
});
