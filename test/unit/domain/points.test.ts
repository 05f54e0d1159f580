import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EARN_RULES, balanceOfPoints, pointsForSubtotal } from '../../../src/loyalty/domain/points.js';
import { money } from '../../../src/shared/money.js';
import { anySafeAmount, npr, usd } from './builders.js';

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
