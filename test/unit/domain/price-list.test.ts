import { describe, expect, it } from 'vitest';
import { checkNewProduct, checkPrice, checkRestockQuantity, checkThreshold, isLowOnStock, priceIn, type NewProduct } from '../../../src/catalog/domain/product.js';
import { chooseCurrency, priceListIn, type PricedProduct } from '../../../src/checkout/domain/currency.js';
import { priceCart } from '../../../src/checkout/domain/pricing.js';
import { npr, usd } from '../../support/mothers/money.js';
import { errorOf, okValue } from '../../support/result.js';

const OFFERED = ['NPR', 'USD', 'ZAR', 'INR'];
const aNewProduct = (overrides: Partial<NewProduct> = {}): NewProduct => ({
  sku: 'TEA-ILAM-250',
  name: 'Ilam tea',
  prices: { NPR: 45_000, USD: 350 },
  onHand: 10,
  lowStockThreshold: 5,
  ...overrides,
});
const tea: PricedProduct = { sku: 'TEA', name: 'Ilam tea', prices: { NPR: 45_000, USD: 350 }, available: 10 };
const mug: PricedProduct = { sku: 'MUG', name: 'Clay mug', prices: { NPR: 80_000 }, available: 3 };

describe('a product and its price list', () => {
  it('given prices in offered currencies, stock and a threshold, when checked, then it is accepted with the name trimmed', () => {
    expect(okValue(checkNewProduct(aNewProduct({ name: '  Ilam tea ' }), OFFERED))).toEqual(aNewProduct());
  });

  it('given a price in a currency the shop does not sell in, or not an ISO currency, when checked, then it is refused naming the currencies offered', () => {
    expect(errorOf(checkNewProduct(aNewProduct({ prices: { EUR: 300 } }), OFFERED))).toMatchObject({
      code: 'catalog.currency_not_offered',
      details: { currency: 'EUR', offered: OFFERED },
    });
    expect(errorOf(checkPrice('QQQ', 100, ['QQQ'])).code).toBe('catalog.currency_not_offered');
  });

  it('given a negative, fractional or unsafe price, or none at all, when checked, then it is refused as an invalid price', () => {
    for (const amount of [-1, 0.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) expect(errorOf(checkPrice('USD', amount, OFFERED)).code).toBe('catalog.invalid_price');
    expect(errorOf(checkNewProduct(aNewProduct({ prices: {} }), OFFERED)).code).toBe('catalog.invalid_price');
    expect(okValue(checkPrice('USD', 0, OFFERED))).toBeUndefined();
  });

  it('given a bad SKU, name, stock or threshold, when checked, then each is refused with its own code', () => {
    expect(errorOf(checkNewProduct(aNewProduct({ sku: '-TEA' }), OFFERED)).code).toBe('catalog.invalid_sku');
    expect(errorOf(checkNewProduct(aNewProduct({ sku: 'TEA TIN' }), OFFERED)).code).toBe('catalog.invalid_sku');
    expect(errorOf(checkNewProduct(aNewProduct({ name: '   ' }), OFFERED)).code).toBe('catalog.invalid_name');
    expect(errorOf(checkNewProduct(aNewProduct({ onHand: -1 }), OFFERED)).code).toBe('catalog.invalid_quantity');
    expect(errorOf(checkNewProduct(aNewProduct({ lowStockThreshold: 1.5 }), OFFERED)).code).toBe('catalog.invalid_threshold');
    expect(errorOf(checkThreshold(-1)).code).toBe('catalog.invalid_threshold');
  });

  it('given a restock quantity, when checked, then only whole numbers from 1 to a million pass', () => {
    for (const quantity of [0, -3, 2.5, 1_000_001]) expect(errorOf(checkRestockQuantity(quantity)).code).toBe('catalog.invalid_quantity');
    for (const quantity of [1, 1_000_000]) expect(checkRestockQuantity(quantity).ok).toBe(true);
  });

  it('given a price list, when a price is asked for, then it is there only in the currencies it names, even for inherited names', () => {
    expect(priceIn({ NPR: 45_000 }, 'NPR')).toBe(45_000);
    expect(priceIn({ NPR: 45_000 }, 'USD')).toBeUndefined();
    expect(priceIn({ NPR: 45_000 }, 'constructor')).toBeUndefined();
  });

  it('given units reserved, when the stock is judged, then it is low at or below the threshold counting only what is available', () => {
    expect(isLowOnStock({ onHand: 10, reserved: 5, lowStockThreshold: 5 })).toBe(true);
    expect(isLowOnStock({ onHand: 10, reserved: 4, lowStockThreshold: 5 })).toBe(false);
  });
});

describe('the currency of a cart', () => {
  it('given no currency asked for, when chosen, then it is the shop first one; one it sells in is kept', () => {
    expect(okValue(chooseCurrency(undefined, OFFERED))).toBe('NPR');
    expect(okValue(chooseCurrency('ZAR', OFFERED))).toBe('ZAR');
  });

  it('given a currency the shop does not sell in, when chosen, then it is refused naming what it sells in, under the code asked for', () => {
    expect(errorOf(chooseCurrency('EUR', OFFERED))).toMatchObject({ code: 'checkout.unsupported_currency', details: { currency: 'EUR', offered: OFFERED } });
    expect(errorOf(chooseCurrency('EUR', OFFERED, 'wallet.unsupported_currency')).code).toBe('wallet.unsupported_currency');
  });

  it('given products priced in several currencies, when the USD price list is made, then each is priced in USD and carts price from it', () => {
    const list = okValue(priceListIn('USD', [tea], ['TEA']));

    expect(list.get('TEA')).toEqual({ sku: 'TEA', name: 'Ilam tea', unitPrice: usd(350), available: 10 });
    expect(okValue(priceCart([{ sku: 'TEA', quantity: 3 }], list)).subtotal).toEqual(usd(1_050));
    expect(okValue(priceListIn('NPR', [tea, mug], ['TEA', 'MUG'])).get('MUG')?.unitPrice).toEqual(npr(80_000));
  });

  it('given a product asked for without a price in the currency, when the price list is made, then the cart is refused naming it; one not asked for is just left out', () => {
    expect(errorOf(priceListIn('USD', [tea, mug], ['MUG', 'TEA']))).toMatchObject({ code: 'checkout.not_sold_in_currency', details: { currency: 'USD', skus: ['MUG'] } });
    expect([...okValue(priceListIn('USD', [tea, mug], ['TEA'])).keys()]).toEqual(['TEA']);
  });
});
