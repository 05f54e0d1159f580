import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepKey, syncDelayMs } from '../../../src/checkout/domain/saga.js';

describe('syncDelayMs', () => {
  it('given the defaults, when attempts go on, then 30 s, doubling, capped at 5 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => syncDelayMs(attempt))).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
  });

  it('given custom bounds, when attempts go on, then the delay starts at firstMs and doubles until the ceiling', () => {
    expect([0, 1, 2, 3, 4, 5].map((attempt) => syncDelayMs(attempt, 1_000, 10_000))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('given a negative attempt, when computed, then it is treated as the first', () => {
    expect(syncDelayMs(-3, 1_000, 10_000)).toBe(1_000);
  });

  it.each([25, 1_000, 2 ** 31, Number.MAX_SAFE_INTEGER])('given attempt %d, when computed, then it is the ceiling, a finite number', (attempt) => {
    expect(syncDelayMs(attempt)).toBe(300_000);
    expect(syncDelayMs(attempt, 1, Number.MAX_SAFE_INTEGER)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(Number.isFinite(syncDelayMs(attempt, 1, Number.MAX_SAFE_INTEGER))).toBe(true);
  });

  it('given no ceiling at all, when the attempt is huge, then the delay is still a finite number of milliseconds', () => {
    const delay = syncDelayMs(1_000_000, 1_000, Number.POSITIVE_INFINITY);

    expect(Number.isFinite(delay)).toBe(true);
    expect(delay).toBeGreaterThanOrEqual(syncDelayMs(10, 1_000, Number.POSITIVE_INFINITY));
  });

  it('given any bounds and attempt, when computed, then the delay is between firstMs and the ceiling and each next attempt doubles it up to the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10_000 }), (firstMs, ceilingDoublings, attempt) => {
        const ceilingMs = firstMs * 2 ** ceilingDoublings;
        const delay = syncDelayMs(attempt, firstMs, ceilingMs);
        expect(delay).toBeGreaterThanOrEqual(firstMs);
        expect(delay).toBeLessThanOrEqual(ceilingMs);
        expect(syncDelayMs(attempt + 1, firstMs, ceilingMs)).toBe(Math.min(delay * 2, ceilingMs));
      }),
    );
  });
});

describe('stepKey', () => {
  it('given a workflow id and a step, when the key is derived twice, then it is the same key containing both', () => {
    const first = stepKey('checkout-ord_01HZX3K9Q8W7E6R5T4Y3U2', 'refund-to-wallet');

    expect(stepKey('checkout-ord_01HZX3K9Q8W7E6R5T4Y3U2', 'refund-to-wallet')).toBe(first);
    expect(first).toContain('checkout-ord_01HZX3K9Q8W7E6R5T4Y3U2');
    expect(first).toContain('refund-to-wallet');
  });

  it('given different steps of one workflow, or one step of different workflows, when keys are derived, then they differ', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
    fc.assert(
      fc.property(segment, segment, segment, segment, (w1, s1, w2, s2) => {
        fc.pre(w1 !== w2 || s1 !== s2);
        expect(stepKey(w1, s1)).not.toBe(stepKey(w2, s2));
        expect(stepKey(w1, s1)).toBe(stepKey(w1, s1));
      }),
    );
  });
});
