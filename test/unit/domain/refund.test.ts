import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRefund, isFullyRefunded, settleRefund, type Refund, type RefundOutcome } from '../../../src/payments/domain/refund.js';
import { money, type Money } from '../../../src/shared/money.js';
import { npr, usd } from '../../support/mothers/money.js';
import { aPaymentRefundRequest, aRefund } from '../../support/mothers/refund.js';
import { errorOf, okValue } from '../../support/result.js';

const PAID = npr(100_000);

const decide = (amount: Money, existing: Pick<Refund, 'amount' | 'status'>[] = [], paymentCompleted = true) =>
  decideRefund({ paid: PAID, paymentCompleted, existing, request: aPaymentRefundRequest({ amount }) });

const completed: RefundOutcome = { type: 'RefundCompleted', gatewayRefundId: 'rf_gw_1' };
const failed: RefundOutcome = { type: 'RefundFailed', reason: 'card closed' };

describe('decideRefund', () => {
  it('given a completed payment and no earlier refunds, when a part is refunded, then a pending refund carrying the request', () => {
    const request = aPaymentRefundRequest({ amount: npr(40_000) });

    expect(okValue(decideRefund({ paid: PAID, paymentCompleted: true, existing: [], request }))).toEqual({ ...request, status: 'pending' });
  });

  it('given no earlier refunds, when the whole payment is refunded, then accepted', () => {
    expect(okValue(decide(npr(100_000))).amount).toEqual(npr(100_000));
  });

  it('given a payment that has not completed, when a refund is asked for, then refunds.not_refundable', () => {
    expect(errorOf(decide(npr(1_000), [], false)).code).toBe('refunds.not_refundable');
  });

  it.each([
    ['zero', npr(0)],
    ['a negative amount', npr(-1_000)],
    ['another currency', usd(1_000)],
  ])('given %s, when refunded, then refunds.invalid_amount', (_, amount) => {
    expect(errorOf(decide(amount)).code).toBe('refunds.invalid_amount');
  });

  it('given one paisa more than the payment, when refunded, then refunds.exceeds_paid with what is left', () => {
    const error = errorOf(decide(npr(100_001)));

    expect(error.code).toBe('refunds.exceeds_paid');
    expect(error.details).toEqual({ paidMinor: 100_000, refundableMinor: 100_000, requestedMinor: 100_001 });
  });

  it('given pending and completed refunds, when more than the rest is asked, then refunds.exceeds_paid; exactly the rest, then accepted', () => {
    const existing = [
      { amount: npr(30_000), status: 'completed' as const },
      { amount: npr(20_000), status: 'pending' as const },
    ];

    expect(errorOf(decide(npr(50_001), existing)).details).toMatchObject({ refundableMinor: 50_000 });
    expect(decide(npr(50_000), existing).ok).toBe(true);
  });

  it('given a failed refund, when refunded again, then its amount is free once more', () => {
    const existing = [
      { amount: npr(60_000), status: 'failed' as const },
      { amount: npr(40_000), status: 'completed' as const },
    ];

    expect(decide(npr(60_000), existing).ok).toBe(true);
    expect(errorOf(decide(npr(60_001), existing)).code).toBe('refunds.exceeds_paid');
  });

  it('given a fully refunded payment, when anything more is asked, then refunds.exceeds_paid', () => {
    expect(errorOf(decide(npr(1), [{ amount: PAID, status: 'completed' }])).code).toBe('refunds.exceeds_paid');
  });
});

describe('settleRefund', () => {
  it('given a pending refund, when completed, then completed with the gateway refund id', () => {
    expect(okValue(settleRefund(aRefund(), completed))).toEqual({ ...aRefund(), status: 'completed', gatewayRefundId: 'rf_gw_1' });
  });

  it('given a pending refund, when completed without a gateway id (wallet refunds), then completed with no gatewayRefundId key', () => {
    const settled = okValue(settleRefund(aRefund({ destination: 'wallet' }), { type: 'RefundCompleted' }));

    expect(settled.status).toBe('completed');
    expect('gatewayRefundId' in settled).toBe(false);
  });

  it('given a pending refund, when it fails, then failed with the reason', () => {
    expect(okValue(settleRefund(aRefund(), failed))).toEqual({ ...aRefund(), status: 'failed', failureReason: 'card closed' });
  });

  it.each<[string, RefundOutcome]>([
    ['completed', completed],
    ['failed', failed],
  ])('given a %s refund, when the same outcome arrives again, then it is accepted and nothing changes', (_, outcome) => {
    const once = okValue(settleRefund(aRefund(), outcome));

    expect(
      okValue(settleRefund(once, outcome.type === 'RefundCompleted' ? { type: 'RefundCompleted', gatewayRefundId: 'rf_gw_2' } : { type: 'RefundFailed', reason: 'other' })),
    ).toEqual(once);
  });

  it.each<[string, RefundOutcome, RefundOutcome]>([
    ['completed', completed, failed],
    ['failed', failed, completed],
  ])('given a %s refund, when the other outcome arrives, then refunds.invalid_transition', (_, first, second) => {
    const once = okValue(settleRefund(aRefund(), first));

    expect(errorOf(settleRefund(once, second)).code).toBe('refunds.invalid_transition');
  });
});

describe('isFullyRefunded', () => {
  it.each([
    [100_000, true],
    [99_999, false],
    [0, false],
  ])('given a payment of 100000 and %i refunded, when checked, then %s', (refundedMinor, expected) => {
    expect(isFullyRefunded(PAID, refundedMinor)).toBe(expected);
  });
});

type Step =
  | { readonly type: 'request'; readonly amountMinor: number; readonly currency: string }
  | { readonly type: 'settle'; readonly pick: number; readonly outcome: RefundOutcome };

const anyStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    type: fc.constant('request' as const),
    amountMinor: fc.oneof(fc.integer({ min: 1, max: 70_000 }), fc.integer({ min: -10, max: 10 })),
    currency: fc.constantFrom('NPR', 'NPR', 'NPR', 'USD'),
  }),
  fc.record({
    type: fc.constant('settle' as const),
    pick: fc.nat(),
    outcome: fc.constantFrom<RefundOutcome>(completed, failed),
  }),
);

const sumOf = (refunds: readonly Refund[], keep: (refund: Refund) => boolean): number => refunds.filter(keep).reduce((total, refund) => total + refund.amount.amountMinor, 0);

describe('refunds: any sequence of requests and outcomes', () => {
  it('given any requests settled completed, failed or left pending, then pending + completed never exceed the payment, and failures free their amount', () => {
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 40 }), (steps) => {
        let refunds: Refund[] = [];
        for (const [index, step] of steps.entries()) {
          if (step.type === 'request') {
            const amount = money(step.amountMinor, step.currency);
            const committed = sumOf(refunds, (refund) => refund.status !== 'failed');
            const decided = decideRefund({ paid: PAID, paymentCompleted: true, existing: refunds, request: aPaymentRefundRequest({ id: `ref_${index}`, amount }) });
            const valid = step.currency === 'NPR' && step.amountMinor > 0;

            expect(decided.ok).toBe(valid && step.amountMinor <= PAID.amountMinor - committed);
            if (decided.ok) refunds.push(decided.value);
            else if (valid) expect(decided.error.details).toMatchObject({ refundableMinor: PAID.amountMinor - committed, requestedMinor: step.amountMinor });
            else expect(decided.error.code).toBe('refunds.invalid_amount');
          } else if (refunds.length > 0) {
            const at = step.pick % refunds.length;
            const before = refunds[at]!;
            const target = step.outcome.type === 'RefundCompleted' ? 'completed' : 'failed';
            const settled = settleRefund(before, step.outcome);

            if (before.status === 'pending' || before.status === target) {
              expect(okValue(settled).status).toBe(target);
              refunds = refunds.map((refund, i) => (i === at ? okValue(settled) : refund));
            } else {
              expect(errorOf(settled).code).toBe('refunds.invalid_transition');
            }
          }

          const committed = sumOf(refunds, (refund) => refund.status !== 'failed');
          expect(committed).toBeLessThanOrEqual(PAID.amountMinor);
          const completedMinor = sumOf(refunds, (refund) => refund.status === 'completed');
          expect(isFullyRefunded(PAID, completedMinor)).toBe(completedMinor === PAID.amountMinor);
        }
      }),
    );
  });

  it('given any refunds that all failed, when the whole payment is asked for again, then it is accepted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 10 }), (amounts) => {
        const existing = amounts.map((amountMinor) => ({ amount: npr(amountMinor), status: 'failed' as const }));

        expect(decide(PAID, existing).ok).toBe(true);
      }),
    );
  });
});
