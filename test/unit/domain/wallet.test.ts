import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../../src/shared/money.js';
import { balanceOf, decideEntry, refundCredit, type WalletEntry, type WalletEntryKind } from '../../../src/wallet/domain/wallet.js';
import { npr, usd } from '../../support/mothers/money.js';
import { aRefundRequest, aWalletEntry, WALLET_ENTRY_KINDS } from '../../support/mothers/wallet-entry.js';
import { errorOf, okValue, without } from '../../support/result.js';

describe('refundCredit', () => {
  it('given a positive amount, when credited, then a refund_credit entry carrying every field of the request', () => {
    const request = aRefundRequest({ amount: npr(1) });

    expect(okValue(refundCredit(request))).toEqual({ ...request, kind: 'refund_credit' });
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

describe('decideEntry: entries of the right sign, linked to their cause', () => {
  it.each<[WalletEntryKind, number]>([
    ['top_up', 5_000],
    ['order_payment', -5_000],
    ['order_payment_return', 5_000],
    ['refund_credit', 5_000],
    ['adjustment', 5_000],
    ['adjustment', -5_000],
  ])('given a wallet holding 10000, when a %s of %i is decided, then it is accepted as is', (kind, amountMinor) => {
    const entry = aWalletEntry(kind, amountMinor);

    expect(okValue(decideEntry(npr(10_000), entry))).toEqual(entry);
  });

  it.each<[WalletEntryKind, number]>([
    ['top_up', -1],
    ['order_payment', 1],
    ['order_payment_return', -1],
    ['refund_credit', -1],
    ...WALLET_ENTRY_KINDS.map((kind): [WalletEntryKind, number] => [kind, 0]),
  ])('given a %s of %i, when decided, then wallet.invalid_amount', (kind, amountMinor) => {
    expect(errorOf(decideEntry(npr(10_000), aWalletEntry(kind, amountMinor))).code).toBe('wallet.invalid_amount');
  });

  it.each<[string, WalletEntry]>([
    ['an order payment without its order', without(aWalletEntry('order_payment', -100), 'orderId')],
    ['an order payment return without its order', without(aWalletEntry('order_payment_return', 100), 'orderId')],
    ['a refund credit naming neither order nor refund', without(aWalletEntry('refund_credit', 100), 'orderId')],
    ['an adjustment without who made it', without(aWalletEntry('adjustment', 100), 'actor')],
    ['an adjustment with an empty reason', aWalletEntry('adjustment', 100, { reason: '' })],
    ['an adjustment with a blank reason', aWalletEntry('adjustment', -100, { reason: '  \t ' })],
  ])('given %s, when decided, then wallet.missing_reference', (_, entry) => {
    expect(errorOf(decideEntry(npr(10_000), entry)).code).toBe('wallet.missing_reference');
  });

  it('given a refund credit naming only its refund, when decided, then it is accepted', () => {
    const entry = { ...without(aWalletEntry('refund_credit', 100), 'orderId'), refundId: 'ref_1' };

    expect(okValue(decideEntry(npr(0), entry))).toEqual(entry);
  });

  it.each<[WalletEntryKind, number]>([
    ['top_up', 100],
    ['order_payment', -100],
    ['adjustment', 100],
  ])('given an NPR wallet, when a USD %s is decided, then it is refused (wallet.invalid_amount)', (kind, amountMinor) => {
    expect(errorOf(decideEntry(npr(10_000), aWalletEntry(kind, amountMinor, { amount: usd(amountMinor) }))).code).toBe('wallet.invalid_amount');
  });
});

describe('decideEntry: the balance never goes below zero', () => {
  it.each<[WalletEntryKind, number]>([
    ['order_payment', -10_000],
    ['adjustment', -10_000],
  ])('given a wallet holding 10000, when a %s of %i takes exactly the balance, then it is accepted', (kind, amountMinor) => {
    expect(decideEntry(npr(10_000), aWalletEntry(kind, amountMinor)).ok).toBe(true);
  });

  it.each<[WalletEntryKind, number]>([
    ['order_payment', -10_001],
    ['adjustment', -10_001],
  ])('given a wallet holding 10000, when a %s of %i asks one paisa more, then wallet.insufficient_funds with both amounts', (kind, amountMinor) => {
    const error = errorOf(decideEntry(npr(10_000), aWalletEntry(kind, amountMinor)));

    expect(error.code).toBe('wallet.insufficient_funds');
    expect(error.details).toEqual({ balanceMinor: 10_000, requestedMinor: 10_001 });
  });

  it('given an empty wallet, when any debit is decided, then wallet.insufficient_funds', () => {
    expect(errorOf(decideEntry(npr(0), aWalletEntry('order_payment', -1))).code).toBe('wallet.insufficient_funds');
  });
});

describe('balanceOf', () => {
  it('given no entries, when balanced, then zero in the currency asked for', () => {
    expect(balanceOf('NPR', [])).toEqual(npr(0));
  });

  it('given credits and debits, when balanced, then their signed sum', () => {
    const entries = [aWalletEntry('top_up', 50_000), aWalletEntry('order_payment', -30_000), aWalletEntry('refund_credit', 5_000), aWalletEntry('adjustment', -1)];

    expect(balanceOf('NPR', entries)).toEqual(npr(24_999));
  });

  it('given entries in two currencies, when balanced in one, then only that currency counts', () => {
    expect(balanceOf('NPR', [{ amount: npr(700) }, { amount: usd(500) }])).toEqual(npr(700));
    expect(balanceOf('USD', [{ amount: npr(700) }, { amount: usd(500) }])).toEqual(usd(500));
  });
});

/** One attempted entry, well-formed or not, described by what it breaks. */
const anyAttempt = fc
  .record({
    kind: fc.constantFrom(...WALLET_ENTRY_KINDS),
    amountMinor: fc.oneof(fc.integer({ min: -60_000, max: 60_000 }), fc.constant(0)),
    currency: fc.constantFrom('NPR', 'NPR', 'NPR', 'NPR', 'USD'),
    hasOrder: fc.boolean(),
    hasRefund: fc.boolean(),
    hasActor: fc.boolean(),
    reason: fc.constantFrom('goodwill', '', ' '),
  })
  .map(({ kind, amountMinor, currency, hasOrder, hasRefund, hasActor, reason }): WalletEntry => {
    const base: WalletEntry = { ...aWalletEntry(kind, amountMinor), amount: money(amountMinor, currency), reason };
    const withOrder = hasOrder ? base : without(base, 'orderId');
    const withActor = hasActor ? withOrder : without(withOrder, 'actor');
    return hasRefund ? { ...withActor, refundId: 'ref_1' } : withActor;
  });

/** The rules, written out independently of the decider: everything but the balance. */
function wellFormed(entry: WalletEntry): boolean {
  const amount = entry.amount.amountMinor;
  const signOk = entry.kind === 'order_payment' ? amount < 0 : entry.kind === 'adjustment' ? amount !== 0 : amount > 0;
  const referenceOk =
    entry.kind === 'order_payment' || entry.kind === 'order_payment_return'
      ? entry.orderId !== undefined
      : entry.kind === 'refund_credit'
        ? entry.orderId !== undefined || entry.refundId !== undefined
        : entry.kind === 'adjustment'
          ? entry.actor !== undefined && entry.reason.trim() !== ''
          : true;
  return signOk && referenceOk && entry.amount.currency === 'NPR';
}

describe('decideEntry: any sequence of attempts', () => {
  it('given any attempted entries, when only accepted ones are appended, then the balance stays ≥ 0 and equals the sum of the accepted', () => {
    fc.assert(
      fc.property(fc.array(anyAttempt, { maxLength: 40 }), (attempts) => {
        const ledger: WalletEntry[] = [];
        let expectedMinor = 0;
        for (const entry of attempts) {
          const balance = balanceOf('NPR', ledger);
          const decided = decideEntry(balance, entry);
          const fits = expectedMinor + entry.amount.amountMinor >= 0;

          expect(decided.ok).toBe(wellFormed(entry) && fits);
          if (decided.ok) {
            expect(decided.value).toEqual(entry);
            ledger.push(decided.value);
            expectedMinor += entry.amount.amountMinor;
          } else if (wellFormed(entry)) {
            expect(decided.error.code).toBe('wallet.insufficient_funds');
            expect(decided.error.details).toEqual({ balanceMinor: balance.amountMinor, requestedMinor: -entry.amount.amountMinor });
          } else {
            expect(['wallet.invalid_amount', 'wallet.missing_reference']).toContain(decided.error.code);
          }

          const after = balanceOf('NPR', ledger);
          expect(after.amountMinor).toBeGreaterThanOrEqual(0);
          expect(after).toEqual(npr(expectedMinor));
        }
      }),
    );
  });
});
