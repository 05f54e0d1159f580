import type { Result } from '../../shared/result.js';
import type { StockError, StockLine } from '../domain/stock.js';

export interface StockItem {
  readonly sku: string;
  readonly name: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly onHand: number;
}

/**
 * Stock per SKU. `reserve` takes every line or none, never lets a quantity go below zero, and is
 * idempotent per order: reserving an order again returns the first outcome without taking more.
 */
export interface StockReservations {
  reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>>;
  items(skus: readonly string[]): Promise<StockItem[]>;
}
