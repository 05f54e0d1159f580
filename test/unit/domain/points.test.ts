import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EARN_RULES,
  DEFAULT_TIER_THRESHOLDS,
  TIERS,
  balanceOfPoints,
  decideLoyaltyEntry,
  lifetimePoints,
  pointsForSubtotal,
  pointsToReverse,
  tierFor,
  type LoyaltyEntry,
  type LoyaltyEntryKind,
  type Tier,
} from '../../../src/loyalty/domain/points.js';
import { money } from '../../../src/shared/money.js';
import { aLoyaltyEntry, LOYALTY_ENTRY_KINDS } from '../../support/mothers/loyalty-entry.js';
import { anySafeAmount, npr, usd } from '../../support/mothers/money.js';
import { errorOf, okValue } from '../../support/result.js';

describe('pointsForSubtotal', () => {
  it.each([
    [999, 0],
    [1_000, 1],
    [1_999, 1],
    [2_000, 2],
    [123_456, 123],
    [1_000_000, 1_000],
  ])('given a subtotal of %i paisa, when points are earned, then %i points (1 per NPR 10, rounded down)', (amountMinor, points) => {
    expect(pointsForSubtotal(npr(amountMinor))).toBe(points);
  });

  it.each([0, -1, -1_000, -50_000])('given a subtotal of %i paisa, when points are earned, then none', (amountMinor) => {
    expect(pointsForSubtotal(npr(amountMinor))).toBe(0);
  });

  it('given a subtotal in a currency without a rule, when points are earned, then none rather than a guessed exchange rate', () => {
    expect(pointsForSubtotal(usd(1_000_000))).toBe(0);
  });

  it('given custom rules, when points are earned, then the rule for the subtotal currency applies and the default no longer does', () => {
    const rules = { USD: 100 };

    expect(pointsForSubtotal(usd(250), rules)).toBe(2);
    expect(pointsForSubtotal(npr(1_000_000), rules)).toBe(0);
  });

  it('given any NPR subtotal, when points are earned, then they are the whole NPR-10 steps it contains, never negative', () => {
    fc.assert(
      fc.property(anySafeAmount, (amountMinor) => {
        const points = pointsForSubtotal(npr(amountMinor));
        expect(Number.isSafeInteger(points)).toBe(true);
        expect(points).toBeGreaterThanOrEqual(0);
        if (amountMinor > 0) {
          expect(points * 1_000).toBeLessThanOrEqual(amountMinor);
          expect((points + 1) * 1_000).toBeGreaterThan(amountMinor);
        }
      }),
    );
  });

  it('given any two subtotals in one currency, when the larger earns points, then it never earns fewer than the smaller', () => {
    fc.assert(
      fc.property(anySafeAmount, anySafeAmount, fc.constantFrom('NPR', 'USD'), (a, b, currency) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(pointsForSubtotal(money(low, currency))).toBeLessThanOrEqual(pointsForSubtotal(money(high, currency)));
      }),
    );
  });

  it('given the default rules, when read, then NPR earns one point per 1000 paisa', () => {
    expect(DEFAULT_EARN_RULES).toEqual({ NPR: 1000 });
  });
});

describe('balanceOfPoints', () => {
  it('given no entries, when balanced, then zero; given entries, then their sum', () => {
    expect(balanceOfPoints([])).toBe(0);
    expect(balanceOfPoints([{ points: 12 }, { points: 3 }, { points: 100 }])).toBe(115);
  });
});

describe('decideLoyaltyEntry', () => {
  it.each<[LoyaltyEntryKind, number]>([
    ['earn', 170],
    ['release', 50],
    ['redeem', -50],
    ['reverse', -100],
  ])('given an account holding 100 points, when a %s of %i is decided, then it is accepted as is', (kind, points) => {
    const entry = aLoyaltyEntry(kind, points);

    expect(okValue(decideLoyaltyEntry(100, entry))).toEqual(entry);
  });

  it.each<[LoyaltyEntryKind, number]>([
    ['earn', -1],
    ['release', -1],
    ['redeem', 1],
    ['reverse', 1],
    ['earn', 1.5],
    ['redeem', -0.5],
    ['earn', Number.NaN],
    ['earn', Number.POSITIVE_INFINITY],
    ['redeem', Number.NEGATIVE_INFINITY],
    ...LOYALTY_ENTRY_KINDS.map((kind): [LoyaltyEntryKind, number] => [kind, 0]),
  ])('given a %s of %s points, when decided, then loyalty.invalid_points', (kind, points) => {
    expect(errorOf(decideLoyaltyEntry(1_000, aLoyaltyEntry(kind, points))).code).toBe('loyalty.invalid_points');
  });

  it.each<LoyaltyEntryKind>(['redeem', 'reverse'])(
    'given an account holding 100 points, when a %s takes exactly 100, then accepted; 101, then loyalty.insufficient_points',
    (kind) => {
      expect(decideLoyaltyEntry(100, aLoyaltyEntry(kind, -100)).ok).toBe(true);

      const error = errorOf(decideLoyaltyEntry(100, aLoyaltyEntry(kind, -101)));
      expect(error.code).toBe('loyalty.insufficient_points');
      expect(error.details).toEqual({ balance: 100, requested: 101 });
    },
  );

  it('given any sequence of attempted entries, when only accepted ones are appended, then the balance never goes below zero and is their sum', () => {
    const anyAttempt = fc.tuple(fc.constantFrom(...LOYALTY_ENTRY_KINDS), fc.integer({ min: -500, max: 500 })).map(([kind, points]) => aLoyaltyEntry(kind, points));
    fc.assert(
      fc.property(fc.array(anyAttempt, { maxLength: 40 }), (attempts) => {
        const ledger: LoyaltyEntry[] = [];
        let expected = 0;
        for (const entry of attempts) {
          const decided = decideLoyaltyEntry(balanceOfPoints(ledger), entry);
          const signOk = entry.points !== 0 && (entry.kind === 'earn' || entry.kind === 'release' ? entry.points > 0 : entry.points < 0);
          expect(decided.ok).toBe(signOk && expected + entry.points >= 0);
          if (decided.ok) {
            ledger.push(decided.value);
            expected += entry.points;
          }
          expect(balanceOfPoints(ledger)).toBe(expected);
          expect(expected).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('lifetimePoints', () => {
  it('given earnings, reversals, redemptions and releases, when totalled, then only earnings less reversals count', () => {
    const entries = [aLoyaltyEntry('earn', 1_000), aLoyaltyEntry('redeem', -600), aLoyaltyEntry('release', 600), aLoyaltyEntry('earn', 300), aLoyaltyEntry('reverse', -150)];

    expect(lifetimePoints(entries)).toBe(1_150);
  });

  it('given no entries, when totalled, then zero', () => {
    expect(lifetimePoints([])).toBe(0);
  });
});

describe('tierFor', () => {
  it.each<[number, Tier, Tier | undefined, number | undefined]>([
    [0, 'bronze', 'silver', 1_000],
    [1, 'bronze', 'silver', 999],
    [999, 'bronze', 'silver', 1],
    [1_000, 'silver', 'gold', 4_000],
    [4_999, 'silver', 'gold', 1],
    [5_000, 'gold', 'platinum', 15_000],
    [19_999, 'gold', 'platinum', 1],
    [20_000, 'platinum', undefined, undefined],
    [1_000_000, 'platinum', undefined, undefined],
  ])('given %i lifetime points and the default thresholds, when tiered, then %s (next %s in %s)', (lifetime, tier, nextTier, pointsToNextTier) => {
    const expected = nextTier === undefined ? { tier, lifetimePoints: lifetime } : { tier, lifetimePoints: lifetime, nextTier, pointsToNextTier };

    expect(tierFor(lifetime)).toStrictEqual(expected);
  });

  it('given platinum, when tiered, then there is no next tier at all (no keys, not undefined values)', () => {
    const standing = tierFor(25_000);

    expect('nextTier' in standing).toBe(false);
    expect('pointsToNextTier' in standing).toBe(false);
  });

  it('given the default thresholds, when read, then silver 1000, gold 5000, platinum 20000', () => {
    expect(DEFAULT_TIER_THRESHOLDS).toEqual({ silver: 1_000, gold: 5_000, platinum: 20_000 });
  });

  it.each<[number, Tier, number | undefined]>([
    [99, 'bronze', 1],
    [100, 'silver', 400],
    [499, 'silver', 1],
    [500, 'gold', 1_500],
    [1_999, 'gold', 1],
    [2_000, 'platinum', undefined],
    [5_000, 'platinum', undefined],
  ])('given custom thresholds 100/500/2000 and %i points, when tiered, then %s, %s to the next', (lifetime, tier, pointsToNextTier) => {
    const standing = tierFor(lifetime, { silver: 100, gold: 500, platinum: 2_000 });

    expect(standing.tier).toBe(tier);
    expect(standing.pointsToNextTier).toBe(pointsToNextTier);
  });

  it('given a lifetime total that falls after a refund, when tiered again, then the tier falls with it', () => {
    const before = [aLoyaltyEntry('earn', 5_200)];
    const after = [...before, aLoyaltyEntry('reverse', -300)];

    expect(tierFor(lifetimePoints(before)).tier).toBe('gold');
    expect(tierFor(lifetimePoints(after))).toEqual({ tier: 'silver', lifetimePoints: 4_900, nextTier: 'gold', pointsToNextTier: 100 });
  });

  it('given any lifetime total, when tiered, then the next tier starts exactly pointsToNextTier later, and tiers never fall as points grow', () => {
    const rank = (tier: Tier): number => TIERS.indexOf(tier);
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (a, b) => {
        const standing = tierFor(a);
        if (standing.tier === 'platinum') {
          expect(standing.nextTier).toBeUndefined();
        } else {
          expect(standing.pointsToNextTier).toBeGreaterThan(0);
          expect(standing.nextTier).toBe(TIERS[rank(standing.tier) + 1]);
          expect(tierFor(a + standing.pointsToNextTier!).tier).toBe(standing.nextTier);
          expect(tierFor(a + standing.pointsToNextTier! - 1).tier).toBe(standing.tier);
        }
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(rank(tierFor(low).tier)).toBeLessThanOrEqual(rank(tierFor(high).tier));
      }),
    );
  });
});

describe('pointsToReverse', () => {
  it.each([
    // [earned, already reversed, refunded in total, paid, to reverse now]
    [100, 0, 5_000, 10_000, 50],
    [100, 0, 3_333, 10_000, 33],
    [100, 33, 6_666, 10_000, 33],
    [100, 66, 10_000, 10_000, 34],
    [100, 0, 10_000, 10_000, 100],
    [100, 0, 12_000, 10_000, 100],
    [100, 100, 10_000, 10_000, 0],
    [100, 0, 99, 10_000, 0],
    [0, 0, 10_000, 10_000, 0],
    [100, 0, 5_000, 0, 0],
    [100, 0, 0, 10_000, 0],
  ])('given %i earned, %i already reversed, %i of %i refunded, when reversed, then %i points', (earned, alreadyReversed, refundedTotalMinor, paidMinor, expected) => {
    expect(pointsToReverse({ earned, alreadyReversed, refundedTotalMinor, paidMinor })).toBe(expected);
  });

  /** A refund of `total` split into partial refunds at random cut points. */
  const anySplit = fc
    .record({ paid: fc.integer({ min: 1, max: 10 ** 12 }), earned: fc.integer({ min: 0, max: 10 ** 6 }), fraction: fc.double({ min: 0, max: 1, noNaN: true }) })
    .chain(({ paid, earned, fraction }) => {
      const total = Math.floor(paid * fraction);
      return fc.uniqueArray(fc.integer({ min: 0, max: total }), { maxLength: 8 }).map((cuts) => ({ paid, earned, total, cumulative: [...[...cuts].sort((x, y) => x - y), total] }));
    });

  it('given any split of a refund into partial refunds, when each reverses cumulatively, then the sum equals one reversal of the total and never exceeds what was earned', () => {
    fc.assert(
      fc.property(anySplit, ({ paid, earned, total, cumulative }) => {
        let reversed = 0;
        for (const refundedTotalMinor of cumulative) {
          const now = pointsToReverse({ earned, alreadyReversed: reversed, refundedTotalMinor, paidMinor: paid });
          expect(now).toBeGreaterThanOrEqual(0);
          reversed += now;
          expect(reversed).toBeLessThanOrEqual(earned);
        }
        const atOnce = pointsToReverse({ earned, alreadyReversed: 0, refundedTotalMinor: total, paidMinor: paid });
        expect(reversed).toBe(atOnce);
        expect(BigInt(atOnce)).toBe((BigInt(earned) * BigInt(total)) / BigInt(paid));
      }),
    );
  });

  it('given any split of a full refund, when each reverses cumulatively, then exactly what was earned is taken back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (paid, earned, fractions) => {
          const cumulative = [...fractions.map((f) => Math.floor(paid * f)).sort((x, y) => x - y), paid];
          let reversed = 0;
          for (const refundedTotalMinor of cumulative) reversed += pointsToReverse({ earned, alreadyReversed: reversed, refundedTotalMinor, paidMinor: paid });
          expect(reversed).toBe(earned);
        },
      ),
    );
  });
});
