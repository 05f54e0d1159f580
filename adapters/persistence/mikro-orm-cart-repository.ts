import type { EntityManager } from '@mikro-orm/postgresql';
import {
  afterOrderConfirmed,
  clearCart,
  emptyCart,
  removeCartLine,
  setCartLine,
  type Cart,
  type CartError,
  type CartLine,
  type TakenLines,
} from '../../src/checkout/domain/cart.js';
import type { CartRepository } from '../../src/checkout/ports/cart-repository.js';
import { ok, type Result } from '../../src/shared/result.js';
import { atomically } from './mikro-orm-unit-of-work.js';

type LineRow = { sku: string; quantity: number; revision: string | number };

const toLines = (rows: readonly LineRow[]): CartLine[] => rows.map((row) => ({ sku: row.sku, quantity: Number(row.quantity), revision: Number(row.revision) }));

/**
 * Carts in `carts` and `cart_lines`. A change locks the cart's row (creating it at version 0 the
 * first time), decides with the pure cart rules, then writes the lines that changed and the new
 * version: two changes of one cart run one after the other.
 */
export class MikroOrmCartRepository implements CartRepository {
  constructor(private readonly em: EntityManager) {}

  async byCustomer(customerId: string): Promise<Cart> {
    // One statement, so the version and the lines are of the same moment.
    const rows = await this.em.execute<({ version: string } & { [K in keyof LineRow]: LineRow[K] | null })[]>(
      `select c.version, l.sku, l.quantity, l.revision from carts c left join cart_lines l on l.customer_id = c.customer_id
       where c.customer_id = ? order by l.added_version, l.sku`,
      [customerId],
    );
    const first = rows[0];
    if (first === undefined) return emptyCart(customerId);
    const lines = rows.flatMap((row) => (row.sku === null ? [] : toLines([row as LineRow])));
    return { customerId, version: Number(first.version), lines };
  }

  setLine(customerId: string, sku: string, quantity: number): Promise<Result<Cart, CartError>> {
    return this.change(customerId, (cart) => setCartLine(cart, sku, quantity));
  }

  async removeLine(customerId: string, sku: string): Promise<Cart> {
    return unwrap(await this.change(customerId, (cart) => ok(removeCartLine(cart, sku))));
  }

  async clear(customerId: string): Promise<Cart> {
    return unwrap(await this.change(customerId, (cart) => ok(clearCart(cart))));
  }

  async recordTaken(orderId: string, customerId: string, lines: TakenLines): Promise<void> {
    await atomically(this.em, async (em) => {
      const [already] = await em.execute<unknown[]>(`select 1 from order_cart_lines where order_id = ? limit 1`, [orderId]);
      if (already !== undefined) return;
      for (const line of lines) {
        await em.execute(`insert into order_cart_lines (order_id, customer_id, sku, quantity, revision) values (?, ?, ?, ?, ?) on conflict do nothing`, [
          orderId,
          customerId,
          line.sku,
          line.quantity,
          line.revision,
        ]);
      }
    });
  }

  async takenBy(orderId: string): Promise<TakenLines> {
    return toLines(await this.em.execute<LineRow[]>(`select sku, quantity, revision from order_cart_lines where order_id = ? order by sku`, [orderId]));
  }

  async clearTaken(orderId: string): Promise<Cart | undefined> {
    return atomically(this.em, async (em) => {
      const rows = await em.execute<(LineRow & { customer_id: string })[]>(`select customer_id, sku, quantity, revision from order_cart_lines where order_id = ?`, [orderId]);
      const customerId = rows[0]?.customer_id;
      if (customerId === undefined) return undefined;
      const taken = toLines(rows);
      return unwrap(await this.changeIn(em, customerId, (cart) => ok(afterOrderConfirmed(cart, taken))));
    });
  }

  private change<E>(customerId: string, decide: (cart: Cart) => Result<Cart, E>): Promise<Result<Cart, E>> {
    return atomically(this.em, (em) => this.changeIn(em, customerId, decide));
  }

  private async changeIn<E>(em: EntityManager, customerId: string, decide: (cart: Cart) => Result<Cart, E>): Promise<Result<Cart, E>> {
    await em.execute(`insert into carts (customer_id, version) values (?, 0) on conflict (customer_id) do nothing`, [customerId]);
    const [locked] = await em.execute<{ version: string }[]>(`select version from carts where customer_id = ? for update`, [customerId]);
    const before: Cart = { customerId, version: Number(locked!.version), lines: await this.lines(em, customerId) };
    const decided = decide(before);
    if (!decided.ok || decided.value.version === before.version) return decided;
    const after = decided.value;
    const kept = new Set(after.lines.map((line) => line.sku));
    const gone = before.lines.filter((line) => !kept.has(line.sku)).map((line) => line.sku);
    if (gone.length > 0) await em.execute(`delete from cart_lines where customer_id = ? and sku in (${gone.map(() => '?').join(', ')})`, [customerId, ...gone]);
    const previous = new Map(before.lines.map((line) => [line.sku, line.revision]));
    for (const line of after.lines) {
      if (previous.get(line.sku) === line.revision) continue;
      await em.execute(
        `insert into cart_lines (customer_id, sku, quantity, revision, added_version) values (?, ?, ?, ?, ?)
         on conflict (customer_id, sku) do update set quantity = excluded.quantity, revision = excluded.revision`,
        [customerId, line.sku, line.quantity, line.revision, line.revision],
      );
    }
    await em.execute(`update carts set version = ?, updated_at = now() where customer_id = ?`, [after.version, customerId]);
    return decided;
  }

  private async lines(em: EntityManager, customerId: string): Promise<CartLine[]> {
    return toLines(await em.execute<LineRow[]>(`select sku, quantity, revision from cart_lines where customer_id = ? order by added_version, sku`, [customerId]));
  }
}

function unwrap<T>(result: Result<T, never>): T {
  if (!result.ok) throw new Error('unreachable');
  return result.value;
}
