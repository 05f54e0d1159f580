import type { EntityManager } from '@mikro-orm/postgresql';
import type { LoyaltyEntry, LoyaltyError, LoyaltyLedger } from '../../src/loyalty/api.js';
import { decideLoyaltyEntry } from '../../src/loyalty/domain/points.js';
import { ok, type Result } from '../../src/shared/result.js';
import { atomically } from './mikro-orm-unit-of-work.js';

export class MikroOrmLoyaltyLedger implements LoyaltyLedger {
  constructor(private readonly em: EntityManager) {}

  /** Same shape as the wallet: lock the account, dedupe the key, decide, write entry and totals together. */
  async append(customerId: string, entry: LoyaltyEntry): Promise<Result<'appended' | 'duplicate', LoyaltyError>> {
    return atomically(this.em, async (em) => {
      await em.execute(`insert into loyalty_accounts (customer_id, balance, lifetime) values (?, 0, 0) on conflict do nothing`, [customerId]);
      const account = await em.execute<{ balance: number }[]>(`select balance from loyalty_accounts where customer_id = ? for update`, [customerId]);
      const replay = await em.execute<unknown[]>(`select 1 from loyalty_entries where idempotency_key = ?`, [entry.idempotencyKey]);
      if (replay.length > 0) return ok('duplicate');
      const decided = decideLoyaltyEntry(Number(account[0]!.balance), entry);
      if (!decided.ok) return decided;
      // As for the wallet: another account's entry under the same key may be racing this one.
      const inserted = await em.execute<unknown[]>(
        `insert into loyalty_entries (customer_id, kind, points, order_id, idempotency_key, created_at) values (?, ?, ?, ?, ?, now())
         on conflict (idempotency_key) do nothing returning id`,
        [customerId, entry.kind, entry.points, entry.orderId, entry.idempotencyKey],
      );
      if (inserted.length === 0) return ok('duplicate');
      const lifetimeChange = entry.kind === 'earn' || entry.kind === 'reverse' ? entry.points : 0;
      await em.execute(`update loyalty_accounts set balance = balance + ?, lifetime = lifetime + ? where customer_id = ?`, [entry.points, lifetimeChange, customerId]);
      return ok('appended');
    });
  }

  async balance(customerId: string): Promise<number> {
    const rows = await this.em.execute<{ total: string | null }[]>(`select sum(points)::text as total from loyalty_entries where customer_id = ?`, [customerId]);
    return Number(rows[0]?.total ?? 0);
  }

  async lifetime(customerId: string): Promise<number> {
    const rows = await this.em.execute<{ total: string | null }[]>(`select sum(points)::text as total from loyalty_entries where customer_id = ? and kind in ('earn', 'reverse')`, [
      customerId,
    ]);
    return Number(rows[0]?.total ?? 0);
  }

  async forOrder(customerId: string, orderId: string): Promise<LoyaltyEntry[]> {
    const rows = await this.em.execute<{ kind: LoyaltyEntry['kind']; points: number; order_id: string; idempotency_key: string }[]>(
      `select kind, points, order_id, idempotency_key from loyalty_entries where customer_id = ? and order_id = ? order by id`,
      [customerId, orderId],
    );
    return rows.map((row) => ({ kind: row.kind, points: Number(row.points), orderId: row.order_id, idempotencyKey: row.idempotency_key }));
  }
}
