import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY_PER_LINE, mergeCartItems, priceCart, type CatalogEntry } from '../../../src/checkout/domain/pricing.js';
import { aCatalogEntry, catalogOf, item } from '../../support/mothers/catalog.js';
import { npr, usd } from '../../support/mothers/money.js';
import { errorOf, okValue } from '../../support/result.js';

const tea = aCatalogEntry({ sku: 'TEA', name: 'Ilam tea', unitPrice: npr(45_000), available: 10 });
const honey = aCatalogEntry({ sku: 'HONEY', name: 'Chitwan honey', unitPrice: npr(80_050), available: 3 });
const shawl = aCatalogEntry({ sku: 'SHAWL', name: 'Pashmina shawl', unitPrice: npr(1_250_000), available: 1 });

describe('priceCart: a cart that can be priced', () => {
  it('given known SKUs in stock, when priced, then each line is priced from the catalog and the subtotal is their sum', () => {
    const quote = okValue(priceCart([item('TEA', 2), item('HONEY', 3)], catalogOf(tea, honey)));

    expect(quote.lines).toEqual([
      { sku: 'TEA', name: 'Ilam tea', unitPrice: npr(45_000), quantity: 2, lineTotal: npr(90_000) },
      { sku: 'HONEY', name: 'Chitwan honey', unitPrice: npr(80_050), quantity: 3, lineTotal: npr(240_150) },
    ]);
    expect(quote.subtotal).toEqual(npr(330_150));
    expect(quote.total).toEqual(npr(330_150));
  });

  it('given the largest allowed quantity in stock, when priced, then it is accepted', () => {
    const bulk = aCatalogEntry({ sku: 'RICE', unitPrice: npr(100), available: MAX_QUANTITY_PER_LINE });

    expect(okValue(priceCart([item('RICE', MAX_QUANTITY_PER_LINE)], catalogOf(bulk))).subtotal).toEqual(npr(100_000));
  });
});

describe('priceCart: duplicate SKUs are merged before the stock check', () => {
  it('given the same SKU twice, when priced, then one line carries the combined quantity, where the SKU first appeared', () => {
    const quote = okValue(priceCart([item('HONEY', 1), item('TEA', 1), item('HONEY', 2)], catalogOf(tea, honey)));

    expect(quote.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['HONEY', 3],
      ['TEA', 1],
    ]);
    expect(quote.subtotal).toEqual(npr(3 * 80_050 + 45_000));
  });

  it('given two lines of one SKU that each fit the stock but together do not, when priced, then inventory.insufficient_stock for the total', () => {
    const error = errorOf(priceCart([item('HONEY', 2), item('HONEY', 2)], catalogOf(honey)));

    expect(error.code).toBe('inventory.insufficient_stock');
    expect(error.details).toEqual({ lines: [{ sku: 'HONEY', requested: 4, available: 3 }] });
  });

  it('given two lines of one SKU that together exceed the per-line maximum, when priced, then checkout.invalid_quantity', () => {
    const plenty = aCatalogEntry({ sku: 'RICE', available: 5_000 });

    const error = errorOf(priceCart([item('RICE', 600), item('RICE', 600)], catalogOf(plenty)));

    expect(error.code).toBe('checkout.invalid_quantity');
    expect(error.details).toEqual({ sku: 'RICE' });
  });

  it('given an invalid quantity hidden in a duplicate line, when priced, then checkout.invalid_quantity rather than a netted quantity', () => {
    for (const cart of [
      [item('TEA', -1), item('TEA', 2)],
      [item('TEA', 0), item('TEA', 1)],
      [item('TEA', 0.5), item('TEA', 0.5)],
    ]) {
      expect(errorOf(priceCart(cart, catalogOf(tea))).code).toBe('checkout.invalid_quantity');
    }
  });

  it('given any cart, when merged, then each SKU appears once with the sum of its quantities', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D'), quantity: fc.integer({ min: 1, max: 50 }) })), (cart) => {
        const merged = mergeCartItems(cart);
        expect(new Set(merged.map((line) => line.sku)).size).toBe(merged.length);
        for (const { sku, quantity } of merged) {
          expect(quantity).toBe(cart.filter((line) => line.sku === sku).reduce((total, line) => total + line.quantity, 0));
        }
        expect(merged.map((line) => line.sku)).toEqual([...new Set(cart.map((line) => line.sku))]);
      }),
    );
  });
});

describe('priceCart: carts that are refused', () => {
  it('given an empty cart, when priced, then checkout.empty_cart', () => {
    expect(errorOf(priceCart([], catalogOf(tea))).code).toBe('checkout.empty_cart');
  });

  it('given SKUs missing from the catalog, when priced, then checkout.unknown_sku naming each unknown SKU once', () => {
    const error = errorOf(priceCart([item('TEA', 1), item('GHOST', 1), item('YETI', 2), item('GHOST', 1)], catalogOf(tea)));

    expect(error.code).toBe('checkout.unknown_sku');
    expect(error.details).toEqual({ skus: ['GHOST', 'YETI'] });
  });

  it('given several lines short of stock, when priced, then inventory.insufficient_stock names exactly those lines with requested and available', () => {
    const error = errorOf(priceCart([item('TEA', 2), item('HONEY', 4), item('SHAWL', 2)], catalogOf(tea, honey, shawl)));

    expect(error.code).toBe('inventory.insufficient_stock');
    expect(error.details).toEqual({
      lines: [
        { sku: 'HONEY', requested: 4, available: 3 },
        { sku: 'SHAWL', requested: 2, available: 1 },
      ],
    });
    expect(error.message).toContain('HONEY');
    expect(error.message).toContain('SHAWL');
    expect(error.message).not.toContain('TEA');
  });

  it.each([0, -1, 1.5, MAX_QUANTITY_PER_LINE + 1, Number.NaN, Number.POSITIVE_INFINITY])(
    'given a quantity of %s, when priced, then checkout.invalid_quantity naming the SKU',
    (quantity) => {
      const plenty = aCatalogEntry({ sku: 'RICE', available: 1_000_000 });

      const error = errorOf(priceCart([item('RICE', quantity)], catalogOf(plenty)));

      expect(error.code).toBe('checkout.invalid_quantity');
      expect(error.details).toEqual({ sku: 'RICE' });
    },
  );

  it('given items priced in two currencies, when priced, then checkout.mixed_currency', () => {
    const imported = aCatalogEntry({ sku: 'IMPORTED', unitPrice: usd(1_999) });

    expect(errorOf(priceCart([item('TEA', 1), item('IMPORTED', 1)], catalogOf(tea, imported))).code).toBe('checkout.mixed_currency');
  });
});

describe('priceCart: totals', () => {
  const anyCatalog = fc
    .uniqueArray(
      fc.record({
        sku: fc.stringMatching(/^[A-Z]{2,6}-\d{1,3}$/),
        unitPriceMinor: fc.integer({ min: 0, max: 10_000_000_000 }),
        available: fc.integer({ min: MAX_QUANTITY_PER_LINE, max: 1_000_000 }),
      }),
      { minLength: 1, maxLength: 8, selector: (entry) => entry.sku },
    )
    .map((entries) => entries.map((entry): CatalogEntry => aCatalogEntry({ sku: entry.sku, unitPrice: npr(entry.unitPriceMinor), available: entry.available })));

  const anyCatalogAndCart = anyCatalog.chain((entries) =>
    fc.tuple(
      fc.constant(entries),
      fc.array(fc.record({ sku: fc.constantFrom(...entries.map((entry) => entry.sku)), quantity: fc.integer({ min: 1, max: 250 }) }), {
        minLength: 1,
        maxLength: 4,
      }),
    ),
  );

  it('given any valid cart, when priced, then each line total is unit price × quantity and the subtotal is the sum of line totals', () => {
    fc.assert(
      fc.property(anyCatalogAndCart, ([entries, cart]) => {
        const quote = okValue(priceCart(cart, catalogOf(...entries)));

        let expectedSubtotal = 0n;
        for (const line of quote.lines) {
          const entry = entries.find((candidate) => candidate.sku === line.sku)!;
          const wanted = cart.filter((candidate) => candidate.sku === line.sku).reduce((total, candidate) => total + candidate.quantity, 0);
          expect(line.quantity).toBe(wanted);
          expect(line.unitPrice).toEqual(entry.unitPrice);
          expect(line.lineTotal.currency).toBe('NPR');
          expect(BigInt(line.lineTotal.amountMinor)).toBe(BigInt(entry.unitPrice.amountMinor) * BigInt(wanted));
          expectedSubtotal += BigInt(line.lineTotal.amountMinor);
        }
        expect(BigInt(quote.subtotal.amountMinor)).toBe(expectedSubtotal);
        expect(quote.subtotal.currency).toBe('NPR');
        expect(quote.total).toEqual(quote.subtotal);
        expect(new Set(quote.lines.map((line) => line.sku))).toEqual(new Set(cart.map((line) => line.sku)));
      }),
    );
  });
});
