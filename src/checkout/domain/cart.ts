import { multiply } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import { MAX_QUANTITY_PER_LINE, type CartItem, type CatalogEntry } from './pricing.js';

/**
 * One SKU in a shopper's cart. `revision` is the cart's version when the line was last set: a
 * checkout taken from the cart remembers it, so confirming the order removes the line only if
 * the shopper has not changed it since.
 */
export interface CartLine {
  readonly sku: string;
  readonly quantity: number;
  readonly revision: number;
}

/** A shopper's cart. `version` rises with every change and never falls, so revisions never repeat. */
export interface Cart {
  readonly customerId: string;
  readonly version: number;
  /** In the order SKUs were first added. */
  readonly lines: readonly CartLine[];
}

/** The lines a checkout took from the cart, at the revisions they had then. */
export type TakenLines = readonly CartLine[];

export type CartError = DomainError<'checkout.invalid_quantity' | 'checkout.cart_full'>;

/** As many distinct SKUs as one checkout takes. */
export const MAX_CART_LINES = 100;

export const emptyCart = (customerId: string): Cart => ({ customerId, version: 0, lines: [] });

/** Sets the quantity of `sku` (adding the line when new): a whole number from 1 to MAX_QUANTITY_PER_LINE. */
export function setCartLine(cart: Cart, sku: string, quantity: number): Result<Cart, CartError> {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY_PER_LINE) {
    return err(domainError('checkout.invalid_quantity', `quantity of ${sku} must be a whole number from 1 to ${MAX_QUANTITY_PER_LINE}`, { sku }));
  }
  const version = cart.version + 1;
  const exists = cart.lines.some((line) => line.sku === sku);
  if (!exists && cart.lines.length >= MAX_CART_LINES) {
    return err(domainError('checkout.cart_full', `a cart holds at most ${MAX_CART_LINES} different SKUs`, { max: MAX_CART_LINES }));
  }
  const line = { sku, quantity, revision: version };
  const lines = exists ? cart.lines.map((current) => (current.sku === sku ? line : current)) : [...cart.lines, line];
  return ok({ ...cart, version, lines });
}

/** Removes `sku`; a cart without it is answered unchanged (the same version). */
export function removeCartLine(cart: Cart, sku: string): Cart {
  if (!cart.lines.some((line) => line.sku === sku)) return cart;
  return { ...cart, version: cart.version + 1, lines: cart.lines.filter((line) => line.sku !== sku) };
}

/** Empties the cart; an empty one is answered unchanged. */
export function clearCart(cart: Cart): Cart {
  return cart.lines.length === 0 ? cart : { ...cart, version: cart.version + 1, lines: [] };
}

/** The items a checkout of the whole cart orders. */
export const itemsOf = (cart: Cart): CartItem[] => cart.lines.map(({ sku, quantity }) => ({ sku, quantity }));

/**
 * The cart once the order that took `taken` is confirmed: exactly those lines go, each only while
 * it is still at the revision the checkout saw. A line the shopper added, changed or removed and
 * added again since stays, and so does every other line. Running it twice changes nothing more.
 */
export function afterOrderConfirmed(cart: Cart, taken: TakenLines): Cart {
  const gone = new Set(taken.map((line) => `${line.sku}\u0000${line.revision}`));
  const lines = cart.lines.filter((line) => !gone.has(`${line.sku}\u0000${line.revision}`));
  return lines.length === cart.lines.length ? cart : { ...cart, version: cart.version + 1, lines };
}

/** What stands in the way of buying one line now. */
export type CartLineProblem = DomainError<'checkout.unknown_sku' | 'inventory.insufficient_stock'>;

/** A cart line as the shopper sees it: priced from the catalog now, or with the problem that stops it. */
export type ReviewedCartLine =
  | {
      readonly sku: string;
      readonly quantity: number;
      readonly name: string;
      readonly unitPriceMinor: number;
      readonly lineTotalMinor: number;
      readonly currency: string;
      readonly available: number;
      readonly problem?: CartLineProblem;
    }
  | { readonly sku: string; readonly quantity: number; readonly problem: CartLineProblem };

/**
 * Each line against the catalog as it is now: a SKU no longer sold, or more units than are
 * available, is a problem on that line (the cart keeps it; the shopper decides), never a failure
 * of the whole cart.
 */
export function reviewCartLines(cart: Cart, catalog: ReadonlyMap<string, CatalogEntry>): ReviewedCartLine[] {
  return cart.lines.map(({ sku, quantity }) => {
    const entry = catalog.get(sku);
    if (entry === undefined) return { sku, quantity, problem: domainError('checkout.unknown_sku', `${sku} is no longer sold`, { sku }) };
    const priced = {
      sku,
      quantity,
      name: entry.name,
      unitPriceMinor: entry.unitPrice.amountMinor,
      lineTotalMinor: multiply(entry.unitPrice, quantity).amountMinor,
      currency: entry.unitPrice.currency,
      available: entry.available,
    };
    if (entry.available >= quantity) return priced;
    return {
      ...priced,
      problem: domainError('inventory.insufficient_stock', `only ${entry.available} of ${sku} available`, { sku, requested: quantity, available: entry.available }),
    };
  });
}
