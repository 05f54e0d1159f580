import { describe, expect, it } from 'vitest';
import { afterOrderConfirmed, clearCart, emptyCart, itemsOf, MAX_CART_LINES, removeCartLine, reviewCartLines, setCartLine, type Cart } from '../../../src/checkout/domain/cart.js';
import { MAX_QUANTITY_PER_LINE } from '../../../src/checkout/domain/pricing.js';
import { aCatalogEntry, catalogOf } from '../../support/mothers/catalog.js';
import { npr } from '../../support/mothers/money.js';
import { errorOf, okValue } from '../../support/result.js';

const cart = (...lines: [sku: string, quantity: number][]): Cart => lines.reduce((current, [sku, quantity]) => okValue(setCartLine(current, sku, quantity)), emptyCart('cus_ram'));

describe('setCartLine', () => {
  it('given an empty cart, when a line is set, then it holds that line at the new version, and the version is its revision', () => {
    const after = okValue(setCartLine(emptyCart('cus_ram'), 'TEA', 2));
    expect(after).toEqual({ customerId: 'cus_ram', version: 1, lines: [{ sku: 'TEA', quantity: 2, revision: 1 }] });
  });

  it('given a line, when its quantity is set again, then it is replaced in place (not added to) and its revision moves on', () => {
    const after = okValue(setCartLine(cart(['TEA', 2], ['MUG', 1]), 'TEA', 5));
    expect(after.lines).toEqual([
      { sku: 'TEA', quantity: 5, revision: 3 },
      { sku: 'MUG', quantity: 1, revision: 2 },
    ]);
    expect(after.version).toBe(3);
  });

  it.each([0, -1, 1.5, MAX_QUANTITY_PER_LINE + 1, Number.NaN])('refuses a quantity of %s as a checkout would, changing nothing', (quantity) => {
    const before = cart(['TEA', 2]);
    expect(errorOf(setCartLine(before, 'TEA', quantity)).code).toBe('checkout.invalid_quantity');
    expect(before.lines).toEqual([{ sku: 'TEA', quantity: 2, revision: 1 }]);
  });

  it('accepts 1 and the maximum per line', () => {
    expect(okValue(setCartLine(emptyCart('c'), 'TEA', 1)).lines[0]?.quantity).toBe(1);
    expect(okValue(setCartLine(emptyCart('c'), 'TEA', MAX_QUANTITY_PER_LINE)).lines[0]?.quantity).toBe(MAX_QUANTITY_PER_LINE);
  });

  it(`given a cart of ${MAX_CART_LINES} SKUs, then a new SKU is refused but an existing one still changes`, () => {
    const full = cart(...Array.from({ length: MAX_CART_LINES }, (_, i) => [`SKU-${i}`, 1] as [string, number]));
    expect(errorOf(setCartLine(full, 'ONE-MORE', 1)).code).toBe('checkout.cart_full');
    expect(okValue(setCartLine(full, 'SKU-0', 3)).lines[0]).toEqual({ sku: 'SKU-0', quantity: 3, revision: MAX_CART_LINES + 1 });
  });
});

describe('removeCartLine and clearCart', () => {
  it('removes the one line and moves the version on; a missing SKU changes nothing, not even the version', () => {
    const before = cart(['TEA', 2], ['MUG', 1]);
    const after = removeCartLine(before, 'TEA');
    expect(after.lines.map((line) => line.sku)).toEqual(['MUG']);
    expect(after.version).toBe(3);
    expect(removeCartLine(after, 'TEA')).toBe(after);
  });

  it('empties the cart, the version going on from where it was so that revisions never repeat', () => {
    const emptied = clearCart(cart(['TEA', 2], ['MUG', 1]));
    expect(emptied).toEqual({ customerId: 'cus_ram', version: 3, lines: [] });
    expect(clearCart(emptied)).toBe(emptied);
    expect(okValue(setCartLine(emptied, 'TEA', 2)).lines[0]?.revision).toBe(4);
  });

  it('lists the items of the cart for a checkout', () => {
    expect(itemsOf(cart(['TEA', 2], ['MUG', 1]))).toEqual([
      { sku: 'TEA', quantity: 2 },
      { sku: 'MUG', quantity: 1 },
    ]);
  });
});

describe('afterOrderConfirmed: a confirmed order takes only its own lines out of the cart', () => {
  const atCheckout = cart(['TEA', 2], ['MUG', 1]);
  const taken = atCheckout.lines;

  it('given the cart unchanged since the checkout, then it is emptied', () => {
    expect(afterOrderConfirmed(atCheckout, taken).lines).toEqual([]);
  });

  it('given lines added and changed since the checkout, then those stay and only the unchanged taken lines go', () => {
    const since = okValue(setCartLine(okValue(setCartLine(atCheckout, 'HONEY', 1)), 'MUG', 4));
    expect(afterOrderConfirmed(since, taken).lines).toEqual([
      { sku: 'MUG', quantity: 4, revision: 4 },
      { sku: 'HONEY', quantity: 1, revision: 3 },
    ]);
  });

  it('given a line removed and added again at the same quantity since, then it stays (a new line) while the unchanged one goes', () => {
    const readded = okValue(setCartLine(removeCartLine(atCheckout, 'TEA'), 'TEA', 2));
    expect(afterOrderConfirmed(readded, taken).lines).toEqual([{ sku: 'TEA', quantity: 2, revision: 4 }]);
  });

  it('is idempotent: confirming again (a retried step) removes nothing more and keeps the version', () => {
    const once = afterOrderConfirmed(okValue(setCartLine(atCheckout, 'HONEY', 1)), taken);
    expect(afterOrderConfirmed(once, taken)).toBe(once);
  });

  it("given another checkout's lines, then nothing is removed", () => {
    const other = cart(['TEA', 2]);
    expect(afterOrderConfirmed(other, [{ sku: 'TEA', quantity: 2, revision: 7 }])).toBe(other);
  });
});

describe('reviewCartLines: each line against the catalog now', () => {
  const catalog = catalogOf(
    aCatalogEntry({ sku: 'TEA', name: 'Ilam tea', unitPrice: npr(45_000), available: 10 }),
    aCatalogEntry({ sku: 'MUG', unitPrice: npr(80_000), available: 1 }),
  );

  it('prices a line that can be bought, with the units available', () => {
    expect(reviewCartLines(cart(['TEA', 3]), catalog)).toEqual([
      { sku: 'TEA', quantity: 3, name: 'Ilam tea', unitPriceMinor: 45_000, lineTotalMinor: 135_000, currency: 'NPR', available: 10 },
    ]);
  });

  it('puts a problem on a line no longer sold and on one short of stock, keeping the others as they are', () => {
    const [gone, short, fine] = reviewCartLines(cart(['GONE', 1], ['MUG', 2], ['TEA', 1]), catalog);
    expect(gone).toEqual({ sku: 'GONE', quantity: 1, problem: expect.objectContaining({ code: 'checkout.unknown_sku' }) });
    expect(short).toMatchObject({ sku: 'MUG', quantity: 2, lineTotalMinor: 160_000, problem: { code: 'inventory.insufficient_stock', details: { requested: 2, available: 1 } } });
    expect(fine).not.toHaveProperty('problem');
  });
});
