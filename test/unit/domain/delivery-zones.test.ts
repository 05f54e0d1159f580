import { describe, expect, it } from 'vitest';
import { deliveryChargeMinor, zoneOf } from '../../../src/checkout/domain/delivery-zones.js';
import { quoteCheckout } from '../../../src/checkout/domain/quote.js';
import { aCatalogEntry, aPricingTerms, catalogOf, item } from '../../support/mothers/catalog.js';
import { npr } from '../../support/mothers/money.js';
import { okValue } from '../../support/result.js';

const domestic = { standard: 10_000, express: 25_000, pickup: 0 };
const international = { standard: 150_000, express: 300_000, pickup: 0 };

describe('zoneOf', () => {
  it("is domestic for the shop's own country and for no country at all, international for any other", () => {
    expect(zoneOf('NP', 'NP')).toBe('domestic');
    expect(zoneOf(undefined, 'NP')).toBe('domestic');
    expect(zoneOf('IN', 'NP')).toBe('international');
  });
});

describe('deliveryChargeMinor', () => {
  it('charges each zone its own rate per option', () => {
    expect(deliveryChargeMinor('standard', 'domestic', { domestic, international })).toBe(10_000);
    expect(deliveryChargeMinor('express', 'domestic', { domestic, international })).toBe(25_000);
    expect(deliveryChargeMinor('standard', 'international', { domestic, international })).toBe(150_000);
    expect(deliveryChargeMinor('express', 'international', { domestic, international })).toBe(300_000);
  });

  it('charges a pickup the domestic pickup rate wherever the shopper lives', () => {
    expect(deliveryChargeMinor('pickup', 'international', { domestic: { ...domestic, pickup: 500 }, international: { ...international, pickup: 9_999 } })).toBe(500);
  });

  it('given terms without international charges, then abroad costs the domestic rate', () => {
    expect(deliveryChargeMinor('express', 'international', { domestic })).toBe(25_000);
  });
});

describe('quoteCheckout with a delivery zone', () => {
  const catalog = catalogOf(aCatalogEntry({ sku: 'TEA', unitPrice: npr(45_000), available: 10 }));
  const terms = aPricingTerms({ internationalDelivery: international });
  const quote = (deliveryZone?: 'domestic' | 'international') =>
    okValue(quoteCheckout({ items: [item('TEA', 2)], delivery: 'standard', pointsToRedeem: 0, pointsAvailable: 0, ...(deliveryZone ? { deliveryZone } : {}) }, catalog, terms));

  it('adds the international charge abroad, untaxed, to the total, and says which zone it priced', () => {
    const abroad = quote('international');
    expect(abroad.delivery).toEqual(npr(150_000));
    expect(abroad.deliveryZone).toBe('international');
    // 90 000 + 13 % tax (11 700) + 150 000
    expect(abroad.total).toEqual(npr(251_700));
  });

  it('given no zone (a request without an address), then it is domestic as before', () => {
    expect(quote().delivery).toEqual(npr(10_000));
    expect(quote().deliveryZone).toBe('domestic');
    expect(quote('domestic').total).toEqual(npr(111_700));
  });
});
