import type { EntityManager } from '@mikro-orm/postgresql';
import type { StockError, StockItem, StockLevel, StockLine, StockReservations } from '../../src/inventory/api.js';
import { lockOrder, reserveAll } from '../../src/inventory/domain/stock.js';
import { ok, type Result } from '../../src/shared/result.js';
import { atomically } from './mikro-orm-unit-of-work.js';
import { ProductRecord } from './schemas.js';
import { mergeStockLines } from './stock-lines.js';

export class MikroOrmStockReservations implements StockReservations {
  constructor(private readonly em: EntityManager) {}

  /**
   * Runs inside the caller's transaction (or its own): locks the products in SKU order (no
   * deadlock between two checkouts), decides with the pure domain rule, and writes only when
   * every line fits.
   */
  async reserve(orderId: string, lines: readonly StockLine[]): Promise<Result<'reserved' | 'already_reserved', StockError>> {
    return atomically(this.em, async (em) => {
      const skus = lockOrder(lines);
      // `in ()` is a syntax error: an order without lines locks no product and takes no stock.
      const rows = skus.length === 0 ? [] : await lockProducts<{ sku: string; available: number }>(em, 'sku, on_hand - reserved as available', skus);
      // Only once the products are locked: a concurrent retry of this order that got them first
      // has committed by now, and must be seen as already reserved rather than as out of stock.
      const already = await em.execute<unknown[]>(`select 1 from stock_reservations where order_id = ?`, [orderId]);
      if (already.length > 0) return ok('already_reserved');
      const decided = reserveAll(new Map(rows.map((row) => [row.sku, Number(row.available)])), lines);
      if (!decided.ok) return decided;
      const inserted = await em.execute<unknown[]>(
        `insert into stock_reservations (order_id, lines, status, reserved_at) values (?, ?::jsonb, 'reserved', now()) on conflict (order_id) do nothing returning order_id`,
        [orderId, JSON.stringify(lines.map(({ sku, quantity }) => ({ sku, quantity })))],
      );
      if (inserted.length === 0) return ok('already_reserved');
      for (const { sku, quantity } of mergeStockLines(lines)) {
        await em.execute(`update products set reserved = reserved + ? where sku = ?`, [quantity, sku]);
      }
      return ok('reserved');
    });
  }

  /** The reserved units leave the shelf: on hand and reserved both fall, once. */
  async commit(orderId: string): Promise<'committed' | 'already_committed' | 'not_reserved'> {
    return this.settle(orderId, 'committed', 'update products set on_hand = on_hand - ?, reserved = reserved - ? where sku = ?');
  }

  /** The reserved units become available again, once. */
  async release(orderId: string): Promise<'released' | 'already_released' | 'not_reserved'> {
    return this.settle(orderId, 'released', 'update products set reserved = reserved - ? where sku = ?');
  }

  private async settle<S extends 'committed' | 'released'>(orderId: string, target: S, update: string): Promise<S | `already_${S}` | 'not_reserved'> {
    return atomically(this.em, async (em) => {
      const rows = await em.execute<{ status: string; lines: { sku: string; quantity: number }[] }[]>(
        `select status, lines from stock_reservations where order_id = ? for update`,
        [orderId],
      );
      const reservation = rows[0];
      if (reservation === undefined) return 'not_reserved';
      if (reservation.status === target) return `already_${target}` as const;
      if (reservation.status !== 'reserved') throw new Error(`reservation of order ${orderId} is ${reservation.status}, cannot be ${target}`);
      const lines = mergeStockLines(reservation.lines);
      // The same statement as `reserve` locks with, so both take product locks in the database's
      // order (a JavaScript sort can disagree with its collation, and that order deadlocks).
      if (lines.length > 0) await lockProducts(em, 'sku', lockOrder(lines));
      for (const { sku, quantity } of lines) {
        await em.execute(update, target === 'committed' ? [quantity, quantity, sku] : [quantity, sku]);
      }
      await em.execute(`update stock_reservations set status = ?, settled_at = now() where order_id = ?`, [target, orderId]);
      return target;
    });
  }

  async lowStock(): Promise<StockLevel[]> {
    const rows = await this.em.execute<{ sku: string; on_hand: number; reserved: number; low_stock_threshold: number }[]>(
      `select sku, on_hand, reserved, low_stock_threshold from products where on_hand - reserved <= low_stock_threshold order by sku`,
    );
    return rows.map((row) => ({
      sku: row.sku,
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
      available: Number(row.on_hand) - Number(row.reserved),
      lowStockThreshold: Number(row.low_stock_threshold),
    }));
  }

  async items(skus: readonly string[]): Promise<StockItem[]> {
    const rows = await this.em.find(ProductRecord, { sku: { $in: [...skus] } });
    return rows.map((row) => ({ sku: row.sku, name: row.name, onHand: row.onHand - row.reserved }));
  }
}

/** Locks the products in the database's order of SKUs; `skus` must not be empty. */
const lockProducts = <Row>(em: EntityManager, columns: string, skus: readonly string[]): Promise<Row[]> =>
  em.execute<Row[]>(`select ${columns} from products where sku in (${skus.map(() => '?').join(', ')}) order by sku for update`, [...skus]);
