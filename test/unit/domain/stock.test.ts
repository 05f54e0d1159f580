import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lockOrder, reserveAll, type StockLine } from '../../../src/inventory/domain/stock.js';
import { errorOf, okValue } from '../../support/result.js';

const SKUS = ['TEA', 'HONEY', 'SHAWL', 'RICE', 'GHEE'] as const;

/** On-hand units for some of the SKUs (the others are unknown to the shop). */
const anyOnHand = fc
  .uniqueArray(fc.tuple(fc.constantFrom<string>(...SKUS), fc.integer({ min: 0, max: 12 })), { selector: ([sku]) => sku, maxLength: SKUS.length })
  .map((entries) => new Map<string, number>(entries));

const anyLines: fc.Arbitrary<StockLine[]> = fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 8 }) }), {
  maxLength: 8,
});

const line = (sku: string, quantity: number): StockLine => ({ sku, quantity });

describe('reserveAll', () => {
  it('given any stock and lines, when reserved, then either every SKU is reduced by what was wanted or out_of_stock names the short SKUs and nothing changes', () => {
    fc.assert(
      fc.property(anyOnHand, anyLines, (onHand, lines) => {
        const before = new Map(onHand);
        const wanted = new Map<string, number>();
        for (const { sku, quantity } of lines) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);
        const short = [...wanted].filter(([sku, quantity]) => (onHand.get(sku) ?? 0) < quantity).map(([sku]) => sku);

        const result = reserveAll(onHand, lines);

        expect(onHand).toEqual(before);
        if (short.length === 0) {
          const remaining = okValue(result);
          for (const [sku, quantity] of wanted) {
            expect(remaining.get(sku)).toBe(before.get(sku)! - quantity);
            expect(remaining.get(sku)).toBeGreaterThanOrEqual(0);
          }
          for (const [sku, units] of before) if (!wanted.has(sku)) expect(remaining.get(sku)).toBe(units);
        } else {
          const error = errorOf(result);
          expect(error.code).toBe('inventory.out_of_stock');
          const reported = (error.details as { lines: { sku: string; requested: number; available: number }[] }).lines;
          expect(reported.map((entry) => entry.sku).sort()).toEqual([...short].sort());
          for (const entry of reported) {
            expect(entry.requested).toBe(wanted.get(entry.sku));
            expect(entry.available).toBe(before.get(entry.sku) ?? 0);
          }
        }
      }),
    );
  });

  it('given two lines of one SKU that each fit but together do not, when reserved, then out_of_stock for the combined quantity', () => {
    const error = errorOf(reserveAll(new Map([['HONEY', 3]]), [line('HONEY', 2), line('HONEY', 2)]));

    expect(error.code).toBe('inventory.out_of_stock');
    expect(error.details).toEqual({ lines: [{ sku: 'HONEY', requested: 4, available: 3 }] });
  });

  it('given two lines of one SKU that together fit exactly, when reserved, then none is left', () => {
    expect(okValue(reserveAll(new Map([['HONEY', 3]]), [line('HONEY', 1), line('HONEY', 2)])).get('HONEY')).toBe(0);
  });

  it('given one line fits and another does not, when reserved, then the fitting line is not taken either', () => {
    const onHand = new Map([
      ['TEA', 10],
      ['SHAWL', 0],
    ]);

    const result = reserveAll(onHand, [line('TEA', 2), line('SHAWL', 1)]);

    expect(errorOf(result).details).toEqual({ lines: [{ sku: 'SHAWL', requested: 1, available: 0 }] });
    expect(onHand.get('TEA')).toBe(10);
  });

  it('given a SKU the shop does not stock, when reserved, then out_of_stock with nothing available', () => {
    expect(errorOf(reserveAll(new Map([['TEA', 10]]), [line('YETI', 1)])).details).toEqual({ lines: [{ sku: 'YETI', requested: 1, available: 0 }] });
  });
});

describe('lockOrder', () => {
  it('given lines with repeated SKUs in any order, when locking, then each SKU appears once, sorted', () => {
    expect(lockOrder([line('TEA', 1), line('HONEY', 1), line('TEA', 2), line('GHEE', 1)])).toEqual(['GHEE', 'HONEY', 'TEA']);
  });

  it('given any lines, when locking, then the order is strictly ascending and covers exactly the SKUs of the lines', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ sku: fc.string({ maxLength: 6 }), quantity: fc.nat() })), (lines) => {
        const order = lockOrder(lines);
        for (let i = 1; i < order.length; i++) expect(order[i - 1]! < order[i]!).toBe(true);
        expect(new Set(order)).toEqual(new Set(lines.map((entry) => entry.sku)));
      }),
    );
  });

  it('given the same lines in two different orders, when locking, then both take the locks in the same order', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.nat() }))
          .chain((lines) => fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length }))),
        ([lines, shuffled]) => {
          expect(lockOrder(shuffled)).toEqual(lockOrder(lines));
        },
      ),
    );
  });
});

describe('reserveAll refuses lines that could raise stock', () => {
  it.each([0, -1, 1.5])('throws on quantity %s', (quantity) => {
    expect(() => reserveAll(new Map([['TEA', 5]]), [{ sku: 'TEA', quantity }])).toThrow(RangeError);
  });
});
