import { money, multiply, sum, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

export interface CartItem {
  readonly sku: string;
  readonly quantity: number;
}

export interface CatalogEntry {
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: Money;
  /** Units on hand not yet reserved; a hint at pricing time, enforced again at reservation. */
  readonly available: number;
}

export interface QuoteLine {
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: Money;
  readonly quantity: number;
  readonly lineTotal: Money;
}

export interface Quote {
  readonly lines: readonly QuoteLine[];
  readonly subtotal: Money;
  readonly total: Money;
}

export type PricingError = DomainError<'checkout.empty_cart' | 'checkout.invalid_quantity' | 'checkout.unknown_sku' | 'checkout.mixed_currency' | 'inventory.insufficient_stock'>;

export const MAX_QUANTITY_PER_LINE = 1000;

const isValidQuantity = (quantity: number): boolean => Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= MAX_QUANTITY_PER_LINE;

/** Merges lines of the same SKU, keeping the order in which SKUs first appear. */
export function mergeCartItems(items: readonly CartItem[]): CartItem[] {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.sku, (merged.get(item.sku) ?? 0) + item.quantity);
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Prices a cart from the catalog: the client names SKUs and quantities, never prices.
 * Unknown SKUs and quantities beyond what is available are refused before any order exists.
 */
export function priceCart(items: readonly CartItem[], catalog: ReadonlyMap<string, CatalogEntry>): Result<Quote, PricingError> {
  if (items.length === 0) return err(domainError('checkout.empty_cart', 'the cart has no items'));
  const merged = mergeCartItems(items);
  const unknown = merged.filter((item) => !catalog.has(item.sku)).map((item) => item.sku);
  if (unknown.length > 0) {
    return err(domainError('checkout.unknown_sku', `unknown SKU: ${unknown.join(', ')}`, { skus: unknown }));
  }
  // Each item is checked before merging too, so a 0, negative or fractional line cannot net out against another of the same SKU.
  const invalid = items.find((item) => !isValidQuantity(item.quantity)) ?? merged.find((item) => !isValidQuantity(item.quantity));
  if (invalid !== undefined) {
    return err(
      domainError('checkout.invalid_quantity', `quantity of ${invalid.sku} must be a whole number from 1 to ${MAX_QUANTITY_PER_LINE}`, {
        sku: invalid.sku,
      }),
    );
  }
  const lines: QuoteLine[] = [];
  const short: { sku: string; requested: number; available: number }[] = [];
  for (const item of merged) {
    const entry = catalog.get(item.sku)!;
    if (entry.available < item.quantity) short.push({ sku: item.sku, requested: item.quantity, available: entry.available });
    lines.push({ sku: entry.sku, name: entry.name, unitPrice: entry.unitPrice, quantity: item.quantity, lineTotal: multiply(entry.unitPrice, item.quantity) });
  }
  if (short.length > 0) {
    return err(domainError('inventory.insufficient_stock', `not enough stock for ${short.map((s) => s.sku).join(', ')}`, { lines: short }));
  }
  const currency = lines[0]!.unitPrice.currency;
  if (lines.some((line) => line.unitPrice.currency !== currency)) {
    return err(domainError('checkout.mixed_currency', 'all items of one checkout must be priced in one currency'));
  }
  const subtotal = sum(
    currency,
    lines.map((line) => line.lineTotal),
  );
  return ok({ lines, subtotal, total: money(subtotal.amountMinor, currency) });
}
