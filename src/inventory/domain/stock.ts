import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

export interface StockLine {
  readonly sku: string;
  readonly quantity: number;
}

export type StockError = DomainError<'inventory.out_of_stock'>;

/**
 * All-or-nothing reservation against the units on hand: every line fits, or none is taken.
 * Returns the remaining units per SKU. Lines are merged by SKU first.
 */
export function reserveAll(onHand: ReadonlyMap<string, number>, lines: readonly StockLine[]): Result<Map<string, number>, StockError> {
  const wanted = new Map<string, number>();
  for (const line of lines) {
    // Lines come from priced orders; a non-positive quantity here is a bug, and would raise stock.
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw new RangeError(`invalid quantity ${line.quantity} for ${line.sku}`);
    wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
  }
  const remaining = new Map(onHand);
  const short: { sku: string; requested: number; available: number }[] = [];
  for (const [sku, quantity] of wanted) {
    const available = onHand.get(sku) ?? 0;
    if (available < quantity) short.push({ sku, requested: quantity, available });
    else remaining.set(sku, available - quantity);
  }
  if (short.length > 0) {
    return err(domainError('inventory.out_of_stock', `out of stock: ${short.map((s) => s.sku).join(', ')}`, { lines: short }));
  }
  return ok(remaining);
}

/** Locks are taken in SKU order so two concurrent reservations cannot deadlock. */
export const lockOrder = (lines: readonly StockLine[]): string[] => [...new Set(lines.map((line) => line.sku))].sort();
