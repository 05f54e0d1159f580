import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCart, type CartItem, type CatalogEntry } from '../../../src/checkout/domain/pricing.js';
import {
  DELIVERY_OPTIONS,
  applyRateHalfUp,
  maxRedeemablePoints,
  quoteCheckout,
  type CheckoutQuote,
  type PricingTerms,
  type QuoteRequest,
} from '../../../src/checkout/domain/quote.js';
import { money, type Money } from '../../../src/shared/money.js';
import { aCatalogEntry, aPricingTerms, catalogOf, item } from '../../support/mothers/catalog.js';
import { npr, usd } from '../../support/mothers/money.js';
import { errorOf, okValue } from '../../support/result.js';

const tea = aCatalogEntry({ sku: 'TEA', name: 'Ilam tea', unitPrice: npr(45_000), available: 10 });
const honey = aCatalogEntry({ sku: 'HONEY', name: 'Chitwan honey', unitPrice: npr(80_050), available: 3 });
const catalog = catalogOf(tea, honey);
/** 2 × 45 000 + 1 × 80 050 = 170 050 paisa; under the default terms at most 340 points (20 %, 1 point = 100 paisa). */
const cart = [item('TEA', 2), item('HONEY', 1)];

const aRequest = (overrides: Partial<QuoteRequest> = {}): QuoteRequest => ({
  items: cart,
  delivery: 'standard',
  pointsToRedeem: 0,
  pointsAvailable: 0,
  ...overrides,
});

/** Round half-up of `numerator / 10000`, written differently from the code: ⌊(2n + 10000) / 20000⌋. */
const halfUpOracle = (valueMinor: number, basisPoints: number): bigint => (2n * BigInt(valueMinor) * BigInt(basisPoints) + 10_000n) / 20_000n;

/** The largest p with p × pointValue × 10000 ≤ subtotal × share, in one division. */
const maxPointsOracle = (subtotalMinor: number, terms: PricingTerms): number =>
  terms.pointValueMinor <= 0 ? 0 : Number((BigInt(subtotalMinor) * BigInt(terms.maxPointsShareBasisPoints)) / (10_000n * BigInt(terms.pointValueMinor)));

const moniesOf = (quote: CheckoutQuote): Money[] => [
  quote.subtotal,
  quote.discount,
  quote.delivery,
  quote.tax,
  quote.total,
  ...quote.lines.flatMap((line) => [line.unitPrice, line.lineTotal]),
];

describe('quoteCheckout: a priced checkout', () => {
  it('given points to redeem, when quoted, then subtotal − discount, tax half-up on the discounted subtotal, untaxed delivery', () => {
    const quote = okValue(quoteCheckout(aRequest({ pointsToRedeem: 300, pointsAvailable: 1_000 }), catalog, aPricingTerms()));

    expect(quote).toEqual({
      lines: okValue(priceCart(cart, catalog)).lines,
      subtotal: npr(170_050),
      pointsRedeemed: 300,
      discount: npr(30_000),
      delivery: npr(10_000),
      deliveryOption: 'standard',
      deliveryZone: 'domestic',
      // (170 050 − 30 000) × 13 % = 18 206.5 → 18 207
      tax: npr(18_207),
      total: npr(140_050 + 18_207 + 10_000),
    });
  });

  it('given no points, when quoted, then the discount is zero in the cart currency and tax is on the whole subtotal', () => {
    const quote = okValue(quoteCheckout(aRequest({ delivery: 'pickup' }), catalog, aPricingTerms()));

    expect(quote.discount).toEqual(npr(0));
    expect(quote.pointsRedeemed).toBe(0);
    // 170 050 × 13 % = 22 106.5 → 22 107
    expect(quote.tax).toEqual(npr(22_107));
    expect(quote.total).toEqual(npr(170_050 + 22_107));
  });

  it.each([
    ['standard', 10_000],
    ['express', 25_000],
    ['pickup', 0],
  ] as const)('given %s delivery, when quoted, then it charges %i paisa and the tax does not change', (delivery, chargeMinor) => {
    const quote = okValue(quoteCheckout(aRequest({ delivery }), catalog, aPricingTerms()));

    expect(quote.deliveryOption).toBe(delivery);
    expect(quote.delivery).toEqual(npr(chargeMinor));
    expect(quote.tax).toEqual(npr(22_107));
    expect(quote.total).toEqual(npr(170_050 + 22_107 + chargeMinor));
  });

  it('given a zero tax rate, when quoted, then no tax', () => {
    const quote = okValue(quoteCheckout(aRequest(), catalog, aPricingTerms({ taxRateBasisPoints: 0 })));

    expect(quote.tax).toEqual(npr(0));
    expect(quote.total).toEqual(npr(180_050));
  });
});

describe('quoteCheckout: points', () => {
  it.each([
    ['given exactly the points available and within the cap, when quoted, then they are all redeemed', { pointsToRedeem: 250, pointsAvailable: 250 }, 25_000],
    [
      'given exactly the cap (20 % of 170 050 = 34 010 → 340 points), when quoted, then accepted with a discount of 34 000',
      { pointsToRedeem: 340, pointsAvailable: 10_000 },
      34_000,
    ],
  ] as const)('%s', (_, points, discount) => {
    expect(okValue(quoteCheckout(aRequest(points), catalog, aPricingTerms())).discount).toEqual(npr(discount));
  });

  it.each([
    [
      'given one point more than available, when quoted, then loyalty.insufficient_points with both numbers',
      { pointsToRedeem: 251, pointsAvailable: 250 },
      { code: 'loyalty.insufficient_points', details: { requested: 251, available: 250 } },
    ],
    [
      'given one point over the cap, when quoted, then loyalty.redemption_over_cap with the maximum',
      { pointsToRedeem: 341, pointsAvailable: 10_000 },
      { code: 'loyalty.redemption_over_cap', details: { requested: 341, max: 340 } },
    ],
  ] as const)('%s', (_, points, refused) => {
    const error = errorOf(quoteCheckout(aRequest(points), catalog, aPricingTerms()));

    expect(error.code).toBe(refused.code);
    expect(error.details).toEqual(refused.details);
  });

  it('given terms where points are worth nothing, when any point is redeemed, then loyalty.redemption_over_cap', () => {
    const error = errorOf(quoteCheckout(aRequest({ pointsToRedeem: 1, pointsAvailable: 10 }), catalog, aPricingTerms({ pointValueMinor: 0 })));

    expect(error.code).toBe('loyalty.redemption_over_cap');
  });

  it.each([-1, -1_000, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'given %s points to redeem, when quoted, then loyalty.invalid_points',
    (pointsToRedeem) => {
      expect(errorOf(quoteCheckout(aRequest({ pointsToRedeem, pointsAvailable: 10_000 }), catalog, aPricingTerms())).code).toBe('loyalty.invalid_points');
    },
  );
});

describe('quoteCheckout: refusals', () => {
  it('given a cart priced in a currency the shop has no terms for, when quoted, then checkout.unsupported_currency', () => {
    const dollars = catalogOf(aCatalogEntry({ sku: 'MUG', unitPrice: usd(1_500) }));

    expect(errorOf(quoteCheckout(aRequest({ items: [item('MUG', 1)] }), dollars, aPricingTerms())).code).toBe('checkout.unsupported_currency');
  });

  it.each<[string, CartItem[], ReadonlyMap<string, CatalogEntry>]>([
    ['checkout.empty_cart', [], catalog],
    ['checkout.unknown_sku', [item('TEA', 1), item('YAK-CHEESE', 1)], catalog],
    ['checkout.invalid_quantity', [item('TEA', 0)], catalog],
    ['inventory.insufficient_stock', [item('HONEY', 4)], catalog],
    ['checkout.mixed_currency', [item('TEA', 1), item('MUG', 1)], catalogOf(tea, aCatalogEntry({ sku: 'MUG', unitPrice: usd(1_500) }))],
  ])('given a cart that cannot be priced (%s), when quoted, then the pricing error passes through unchanged', (code, items, entries) => {
    const expected = errorOf(priceCart(items, entries));
    expect(expected.code).toBe(code);

    expect(errorOf(quoteCheckout(aRequest({ items, pointsToRedeem: 5, pointsAvailable: 5 }), entries, aPricingTerms()))).toEqual(expected);
  });
});

describe('applyRateHalfUp', () => {
  it.each([
    // [value, basis points, exact value × rate / 10000, rounded]
    [1, 5_000, '0.5', 1],
    [3, 5_000, '1.5', 2],
    [5, 5_000, '2.5', 3],
    [24_999, 1, '2.4999', 2],
    [4_999, 1, '0.4999', 0],
    [5_001, 1, '0.5001', 1],
    [140_050, 1_300, '18206.5', 18_207],
    [0, 1_300, '0', 0],
    [123, 0, '0', 0],
    [Number.MAX_SAFE_INTEGER, 10_000, 'MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
  ])('given %i at %i basis points (%s), when rounded half-up, then %i', (value, basisPoints, _exact, expected) => {
    expect(applyRateHalfUp(value, basisPoints)).toBe(expected);
  });

  it('given amounts whose float product would lose precision, when rounded, then the exact BigInt result', () => {
    // 9 007 199 254 740 991 × 1 300 is not representable as a float; the exact result is 1 170 935 903 116 328.83 → …329
    expect(applyRateHalfUp(Number.MAX_SAFE_INTEGER, 1_300)).toBe(1_170_935_903_116_329);
  });

  it('given a result beyond the safe integers, when rounded, then it throws rather than return an unsafe amount', () => {
    expect(() => applyRateHalfUp(Number.MAX_SAFE_INTEGER, 10_001)).toThrow(RangeError);
  });

  it.each([
    [-1, 1_300],
    [0.5, 1_300],
    [100, -1],
    [100, 12.5],
    [Number.NaN, 1_300],
  ])('given value %s and rate %s, when rounded, then it throws (a bug in the caller, not a business error)', (value, basisPoints) => {
    expect(() => applyRateHalfUp(value, basisPoints)).toThrow(RangeError);
  });

  it('given any value and rate, when rounded, then it equals an independent BigInt half-up and is within half a unit, ties up', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000 }), (value, basisPoints) => {
        const result = applyRateHalfUp(value, basisPoints);
        expect(BigInt(result)).toBe(halfUpOracle(value, basisPoints));
        const remainder = BigInt(value) * BigInt(basisPoints) - BigInt(result) * 10_000n;
        expect(remainder >= -5_000n && remainder < 5_000n).toBe(true);
      }),
    );
  });
});

describe('maxRedeemablePoints', () => {
  it.each([
    [170_050, 2_000, 100, 340],
    [170_050, 10_000, 100, 1_700],
    [170_050, 0, 100, 0],
    [99, 10_000, 100, 0],
    [100, 10_000, 100, 1],
    [170_050, 2_000, 1, 34_010],
    [170_050, 2_000, 0, 0],
  ])('given a subtotal of %i, a cap of %i bp and a point worth %i, when capped, then %i points', (subtotalMinor, share, pointValueMinor, expected) => {
    expect(maxRedeemablePoints(npr(subtotalMinor), aPricingTerms({ maxPointsShareBasisPoints: share, pointValueMinor }))).toBe(expected);
  });
});

// ── Properties over random carts, terms and requests ─────────────────────────

const anyCartAndCatalog = fc
  .array(fc.record({ price: fc.integer({ min: 0, max: 10 ** 12 }), quantity: fc.integer({ min: 1, max: 1_000 }), spare: fc.nat(5) }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((lines) => ({
    items: lines.map((line, index) => item(`SKU${index}`, line.quantity)),
    catalog: catalogOf(...lines.map((line, index) => aCatalogEntry({ sku: `SKU${index}`, unitPrice: npr(line.price), available: line.quantity + line.spare }))),
  }));

const anyTerms: fc.Arbitrary<PricingTerms> = fc.record({
  currency: fc.constant('NPR'),
  taxRateBasisPoints: fc.integer({ min: 0, max: 3_000 }),
  delivery: fc.record({ standard: fc.nat(10 ** 9), express: fc.nat(10 ** 9), pickup: fc.nat(10 ** 9) }),
  pointValueMinor: fc.integer({ min: 1, max: 100_000 }),
  maxPointsShareBasisPoints: fc.integer({ min: 0, max: 10_000 }),
});

const anyDelivery = fc.constantFrom(...DELIVERY_OPTIONS);

describe('quoteCheckout: properties', () => {
  it('given any cart, terms and points within the limits, when quoted, then every amount follows from the rules exactly', () => {
    fc.assert(
      fc.property(anyCartAndCatalog, anyTerms, anyDelivery, fc.nat(), fc.nat(1_000), ({ items, catalog: entries }, terms, delivery, seed, spare) => {
        const subtotalMinor = okValue(priceCart(items, entries)).subtotal.amountMinor;
        const max = maxPointsOracle(subtotalMinor, terms);
        const points = seed % (max + 1);

        const quote = okValue(quoteCheckout({ items, delivery, pointsToRedeem: points, pointsAvailable: points + spare }, entries, terms));

        expect(quote.subtotal).toEqual(npr(subtotalMinor));
        expect(quote.pointsRedeemed).toBe(points);
        expect(quote.discount).toEqual(npr(points * terms.pointValueMinor));
        // never more than the capped share of the subtotal, compared without rounding
        expect(BigInt(quote.discount.amountMinor) * 10_000n <= BigInt(subtotalMinor) * BigInt(terms.maxPointsShareBasisPoints)).toBe(true);
        expect(quote.delivery).toEqual(npr(terms.delivery[delivery]));
        expect(BigInt(quote.tax.amountMinor)).toBe(halfUpOracle(subtotalMinor - quote.discount.amountMinor, terms.taxRateBasisPoints));
        expect(BigInt(quote.total.amountMinor)).toBe(
          BigInt(subtotalMinor) - BigInt(quote.discount.amountMinor) + BigInt(quote.tax.amountMinor) + BigInt(quote.delivery.amountMinor),
        );
        for (const amount of moniesOf(quote)) {
          expect(Number.isSafeInteger(amount.amountMinor)).toBe(true);
          expect(amount.currency).toBe('NPR');
        }
      }),
    );
  });

  it('given any points request, when quoted, then it is accepted exactly when whole, not negative, available and within the cap', () => {
    const anyPoints = fc.oneof(
      fc.integer({ min: -10, max: 20_000 }),
      fc.integer({ min: 0, max: 2_000 }).map((n) => n + 0.5),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0),
    );
    fc.assert(
      fc.property(anyPoints, fc.nat(20_000), anyTerms, (pointsToRedeem, pointsAvailable, terms) => {
        const result = quoteCheckout(aRequest({ pointsToRedeem, pointsAvailable }), catalog, terms);
        const max = maxPointsOracle(170_050, terms);

        if (!Number.isInteger(pointsToRedeem) || pointsToRedeem < 0) expect(errorOf(result).code).toBe('loyalty.invalid_points');
        else if (pointsToRedeem > pointsAvailable) expect(errorOf(result).code).toBe('loyalty.insufficient_points');
        else if (pointsToRedeem > max) expect(errorOf(result)).toMatchObject({ code: 'loyalty.redemption_over_cap', details: { requested: pointsToRedeem, max } });
        else expect(okValue(result).pointsRedeemed).toBe(pointsToRedeem);
      }),
    );
  });

  it('given any cart and terms for another currency, when quoted, then checkout.unsupported_currency whatever the points', () => {
    fc.assert(
      fc.property(anyCartAndCatalog, anyTerms, fc.constantFrom('USD', 'INR', 'JPY'), fc.nat(100), ({ items, catalog: entries }, terms, currency, points) => {
        const result = quoteCheckout({ items, delivery: 'standard', pointsToRedeem: points, pointsAvailable: points }, entries, { ...terms, currency });
        expect(errorOf(result).code).toBe('checkout.unsupported_currency');
      }),
    );
  });

  it('given the same request in two currencies with the same terms, when quoted, then the amounts are the same numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 }), anyTerms, (price, quantity, terms) => {
        const inNpr = okValue(quoteCheckout(aRequest({ items: [item('X', quantity)] }), catalogOf(aCatalogEntry({ sku: 'X', unitPrice: npr(price) })), terms));
        const inUsd = okValue(
          quoteCheckout(aRequest({ items: [item('X', quantity)] }), catalogOf(aCatalogEntry({ sku: 'X', unitPrice: money(price, 'USD') })), { ...terms, currency: 'USD' }),
        );
        for (const [a, b] of moniesOf(inNpr).map((m, i) => [m, moniesOf(inUsd)[i]!] as const)) {
          expect(b).toEqual(usd(a.amountMinor));
        }
      }),
    );
  });
});
