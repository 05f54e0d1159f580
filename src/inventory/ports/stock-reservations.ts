import type { Result } from '../../shared/result.js';
import type { StockError, StockLine } from '../domain/stock.js';

export interface StockItem {
  readonly sku: string;
  readonly name: string;
  /** Units that can still be sold: on hand less what reservations hold. */
  readonly onHand: number;
}

export interface StockLevel {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly lowStockThreshold: number;
}

/**
 * Stock per SKU. `reserve` holds every line or none, never beyond what is available, and is
 * idempotent per order; a reservation is then committed (the units leave the shelf) or released
 * (they become available again), each once.
 */
export interface StockReservations {
  reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>>;
  commit(orderId: string): Promise<'committed' | 'already_committed' | 'not_reserved'>;
  release(orderId: string): Promise<'released' | 'already_released' | 'not_reserved'>;
  items(skus: readonly string[]): Promise<StockItem[]>;
  /** SKUs whose available units are at or below their low-stock threshold. */
  lowStock(): Promise<StockLevel[]>;
}
