import { money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { CatalogEntry } from './pricing.js';

/** A product with its price list (minor units by currency) and the units that can still be sold. */
export interface PricedProduct {
  readonly sku: string;
  readonly name: string;
  readonly prices: Readonly<Record<string, number>>;
  readonly available: number;
}

export type CurrencyChoiceError<C extends string = 'checkout.unsupported_currency'> = DomainError<C>;

/**
 * The currency a cart is priced in: the one asked for, when the shop sells in it, else the shop's
 * first. `offered` is never empty (the configuration guarantees it). `code` names the refusal
 * (default `checkout.unsupported_currency`; the wallet's is `wallet.unsupported_currency`).
 */
export function chooseCurrency(requested: string | undefined, offered: readonly string[]): Result<string, CurrencyChoiceError>;
export function chooseCurrency<C extends string>(requested: string | undefined, offered: readonly string[], code: C): Result<string, CurrencyChoiceError<C>>;
export function chooseCurrency(requested: string | undefined, offered: readonly string[], code = 'checkout.unsupported_currency'): Result<string, CurrencyChoiceError<string>> {
  const first = offered[0];
  if (first === undefined) throw new Error('the shop offers no currency');
  if (requested === undefined) return ok(first);
  if (!offered.includes(requested)) {
    return err(domainError(code, `the shop does not sell in ${requested}; it sells in ${offered.join(', ')}`, { currency: requested, offered }));
  }
  return ok(requested);
}

/**
 * The catalog as one currency's price list: every product of `products` priced in `currency`. A
 * product asked for (in `skus`) without a price in it is not sold in that currency, and the cart is
 * refused naming it; SKUs that are not in `products` at all are left to the pricing's unknown-SKU rule.
 */
export function priceListIn(
  currency: string,
  products: readonly PricedProduct[],
  skus: readonly string[],
): Result<Map<string, CatalogEntry>, DomainError<'checkout.not_sold_in_currency'>> {
  const entries = new Map<string, CatalogEntry>();
  const unpriced: string[] = [];
  for (const product of products) {
    const price = Object.hasOwn(product.prices, currency) ? product.prices[currency] : undefined;
    if (price === undefined) {
      if (skus.includes(product.sku)) unpriced.push(product.sku);
      continue;
    }
    entries.set(product.sku, { sku: product.sku, name: product.name, unitPrice: money(price, currency), available: product.available });
  }
  if (unpriced.length > 0) {
    unpriced.sort();
    return err(domainError('checkout.not_sold_in_currency', `not sold in ${currency}: ${unpriced.join(', ')}`, { currency, skus: unpriced }));
  }
  return ok(entries);
}
