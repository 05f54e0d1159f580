import { isIsoCurrency } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/** A product's prices: minor units by ISO 4217 code. A currency missing here is one the product is not sold in. */
export type PriceList = Readonly<Record<string, number>>;

/** A product as the catalog holds it. */
export interface Product {
  readonly sku: string;
  readonly name: string;
  readonly prices: PriceList;
  readonly onHand: number;
  /** Units held by open reservations; never more than `onHand`. */
  readonly reserved: number;
  readonly lowStockThreshold: number;
}

/** What an operator (or the demo seed) gives to put a product on the shelf. */
export interface NewProduct {
  readonly sku: string;
  readonly name: string;
  readonly prices: PriceList;
  readonly onHand: number;
  readonly lowStockThreshold: number;
}

export type CatalogError = DomainError<
  | 'catalog.invalid_sku'
  | 'catalog.invalid_name'
  | 'catalog.invalid_price'
  | 'catalog.currency_not_offered'
  | 'catalog.invalid_quantity'
  | 'catalog.invalid_threshold'
  | 'catalog.product_exists'
  | 'catalog.product_not_found'
  | 'catalog.price_not_found'
  | 'catalog.restock_id_reused'
>;

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The most units one restock may add, and the most a shelf may hold (PostgreSQL `integer`). */
export const MAX_UNITS = 1_000_000;
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

const isWhole = (value: number, min: number, max: number): boolean => Number.isSafeInteger(value) && value >= min && value <= max;

/** A price in `currency`: a whole, non-negative number of minor units, in a currency the shop offers. */
export function checkPrice(currency: string, amountMinor: number, offered: readonly string[]): Result<void, CatalogError> {
  if (!isIsoCurrency(currency) || !offered.includes(currency)) {
    return err(domainError('catalog.currency_not_offered', `the shop does not sell in ${currency}; it offers ${offered.join(', ')}`, { currency, offered }));
  }
  if (!isWhole(amountMinor, 0, Number.MAX_SAFE_INTEGER)) {
    return err(domainError('catalog.invalid_price', `the price in ${currency} must be a whole number of minor units, 0 or more`, { currency }));
  }
  return ok(undefined);
}

export function checkThreshold(threshold: number): Result<void, CatalogError> {
  return isWhole(threshold, 0, MAX_UNITS) ? ok(undefined) : err(domainError('catalog.invalid_threshold', `the low-stock threshold must be a whole number from 0 to ${MAX_UNITS}`));
}

export function checkName(name: string): Result<string, CatalogError> {
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= 200 ? ok(trimmed) : err(domainError('catalog.invalid_name', 'the name must be 1 to 200 characters'));
}

/** A restock adds at least one unit, and at most {@link MAX_UNITS}. */
export function checkRestockQuantity(quantity: number): Result<void, CatalogError> {
  return isWhole(quantity, 1, MAX_UNITS)
    ? ok(undefined)
    : err(domainError('catalog.invalid_quantity', `a restock adds a whole number of units from 1 to ${MAX_UNITS}`, { quantity }));
}

/** Checks a new product whole: SKU, name, at least one price (each in an offered currency), stock and threshold. */
export function checkNewProduct(product: NewProduct, offered: readonly string[]): Result<NewProduct, CatalogError> {
  if (!SKU_PATTERN.test(product.sku)) {
    return err(domainError('catalog.invalid_sku', 'a SKU is 1 to 64 letters, digits, ., - or _, starting with a letter or digit', { sku: product.sku }));
  }
  const name = checkName(product.name);
  if (!name.ok) return name;
  const entries = Object.entries(product.prices);
  if (entries.length === 0) return err(domainError('catalog.invalid_price', 'a product needs a price in at least one currency'));
  for (const [currency, amountMinor] of entries) {
    const checked = checkPrice(currency, amountMinor, offered);
    if (!checked.ok) return checked;
  }
  if (!isWhole(product.onHand, 0, MAX_UNITS)) {
    return err(domainError('catalog.invalid_quantity', `the initial stock must be a whole number from 0 to ${MAX_UNITS}`, { quantity: product.onHand }));
  }
  const threshold = checkThreshold(product.lowStockThreshold);
  if (!threshold.ok) return threshold;
  return ok({ ...product, name: name.value });
}

/** Units that can still be sold. */
export const available = (product: Pick<Product, 'onHand' | 'reserved'>): number => product.onHand - product.reserved;

/** At or below its threshold: time to restock. */
export const isLowOnStock = (product: Pick<Product, 'onHand' | 'reserved' | 'lowStockThreshold'>): boolean => available(product) <= product.lowStockThreshold;

/** The product's price in `currency`, or `undefined` when it is not sold in it. */
export const priceIn = (prices: PriceList, currency: string): number | undefined => (Object.hasOwn(prices, currency) ? prices[currency] : undefined);
