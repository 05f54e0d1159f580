import type { StockError, StockItem, StockLevel, StockLine, StockReservations } from '../../../src/inventory/api.js';
import { reserveAll } from '../../../src/inventory/domain/stock.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { mergeStockLines } from '../stock-lines.js';
import { check, isWholeAtLeast, requireOrder } from './in-memory-constraints.js';
import type { PersistenceState, ProductRow, StateAccess } from './in-memory-state.js';

export class InMemoryStockReservations implements StockReservations {
  constructor(private readonly access: StateAccess) {}

  /** Holds units in `reserved`, never beyond what is available (on hand less reserved). */
  reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return this.access.write((state): Result<'reserved' | 'already_reserved', StockError> => {
      if (state.reservations.has(orderId)) return ok('already_reserved');
      const available = new Map<string, number>();
      for (const { sku } of lines) {
        const product = state.products.get(sku);
        if (product !== undefined) available.set(sku, product.onHand - product.reserved);
      }
      const decided = reserveAll(available, lines);
      if (!decided.ok) return decided;
      requireOrder(state, orderId, 'stock_reservations_order_id_fkey');
      state.reservations.set(orderId, { lines: lines.map(({ sku, quantity }) => ({ sku, quantity })), status: 'reserved' });
      for (const { sku, quantity } of mergeStockLines(lines)) changeProduct(state, sku, { reserved: quantity });
      return ok('reserved');
    });
  }

  /** The reserved units leave the shelf: on hand and reserved both fall, once. */
  commit(orderId: string): Promise<'committed' | 'already_committed' | 'not_reserved'> {
    return this.settle(orderId, 'committed');
  }

  /** The reserved units become available again, once. */
  release(orderId: string): Promise<'released' | 'already_released' | 'not_reserved'> {
    return this.settle(orderId, 'released');
  }

  private settle<S extends 'committed' | 'released'>(orderId: string, target: S): Promise<S | `already_${S}` | 'not_reserved'> {
    return this.access.write((state): S | `already_${S}` | 'not_reserved' => {
      const reservation = state.reservations.get(orderId);
      if (reservation === undefined) return 'not_reserved';
      if (reservation.status === target) return `already_${target}`;
      if (reservation.status !== 'reserved') throw new Error(`reservation of order ${orderId} is ${reservation.status}, cannot be ${target}`);
      for (const { sku, quantity } of mergeStockLines(reservation.lines)) {
        changeProduct(state, sku, target === 'committed' ? { onHand: -quantity, reserved: -quantity } : { reserved: -quantity });
      }
      state.reservations.set(orderId, { ...reservation, status: target });
      return target;
    });
  }

  /** Products whose available units are at or below their threshold, by SKU. */
  lowStock(): Promise<StockLevel[]> {
    return this.access.read((state) =>
      [...state.products.values()]
        .filter((product) => product.onHand - product.reserved <= product.lowStockThreshold)
        .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
        .map(({ sku, onHand, reserved, lowStockThreshold }) => ({ sku, onHand, reserved, available: onHand - reserved, lowStockThreshold })),
    );
  }

  /** Each known SKU with the units that can still be sold as `onHand`. */
  items(skus: readonly string[]): Promise<StockItem[]> {
    const wanted = new Set(skus);
    return this.access.read((state) =>
      [...state.products.values()].filter((product) => wanted.has(product.sku)).map(({ sku, name, onHand, reserved }) => ({ sku, name, onHand: onHand - reserved })),
    );
  }
}

/** `update products set on_hand = on_hand + ?, reserved = reserved + ?`, under the table's checks. */
function changeProduct(state: PersistenceState, sku: string, change: { onHand?: number; reserved?: number }): void {
  const product = state.products.get(sku);
  if (product === undefined) return;
  const next: ProductRow = { ...product, onHand: product.onHand + (change.onHand ?? 0), reserved: product.reserved + (change.reserved ?? 0) };
  // `on_hand integer not null check (on_hand >= 0)` and `check (reserved >= 0 and reserved <= on_hand)`
  check(isWholeAtLeast(next.onHand, 0), 'products_on_hand_check', `${sku} cannot have ${next.onHand} units on hand`);
  check(isWholeAtLeast(next.reserved, 0) && next.reserved <= next.onHand, 'products_reserved_within_on_hand', `${sku} cannot hold ${next.reserved} of ${next.onHand} units`);
  state.products.set(sku, next);
}
