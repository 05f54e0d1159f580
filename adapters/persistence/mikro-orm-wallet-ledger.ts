import type { EntityManager } from '@mikro-orm/postgresql';
import type { WalletEntry, WalletError, WalletLedger } from '../../src/wallet/api.js';
import { decideEntry } from '../../src/wallet/domain/wallet.js';
import { money, type Money } from '../../src/shared/money.js';
import { ok, type Result } from '../../src/shared/result.js';
import { atomically } from './mikro-orm-unit-of-work.js';

export class MikroOrmWalletLedger implements WalletLedger {
  constructor(private readonly em: EntityManager) {}

  /**
   * Locks the wallet's account row, then decides: a replayed key is a duplicate whatever the
   * balance now is; otherwise the pure rule checks the entry against the locked balance. The
   * entry and the new balance are written together; the account's CHECK is the last guard.
   */
  async append(entry: WalletEntry): Promise<Result<'appended' | 'duplicate', WalletError>> {
    return atomically(this.em, async (em) => {
      const { customerId } = entry;
      const { currency } = entry.amount;
      await em.execute(`insert into wallet_accounts (customer_id, currency, balance_minor) values (?, ?, 0) on conflict do nothing`, [customerId, currency]);
      const account = await em.execute<{ balance_minor: string }[]>(`select balance_minor::text from wallet_accounts where customer_id = ? and currency = ? for update`, [
        customerId,
        currency,
      ]);
      const replay = await em.execute<unknown[]>(`select 1 from wallet_entries where idempotency_key = ?`, [entry.idempotencyKey]);
      if (replay.length > 0) return ok('duplicate');
      const decided = decideEntry(money(Number(account[0]!.balance_minor), currency), entry);
      if (!decided.ok) return decided;
      // The key is unique across the ledger, but the lock is per account: an entry of another
      // account under the same key may be racing this one, and whichever commits first wins.
      const inserted = await em.execute<unknown[]>(
        `insert into wallet_entries (customer_id, kind, amount_minor, currency, order_id, payment_id, refund_id, actor, reason, idempotency_key, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing returning id`,
        [
          customerId,
          entry.kind,
          entry.amount.amountMinor,
          currency,
          entry.orderId ?? null,
          entry.paymentId ?? null,
          entry.refundId ?? null,
          entry.actor ?? null,
          entry.reason,
          entry.idempotencyKey,
        ],
      );
      if (inserted.length === 0) return ok('duplicate');
      await em.execute(`update wallet_accounts set balance_minor = balance_minor + ? where customer_id = ? and currency = ?`, [entry.amount.amountMinor, customerId, currency]);
      return ok('appended');
    });
  }

  async hasEntry(idempotencyKey: string): Promise<boolean> {
    return (await this.em.execute<unknown[]>(`select 1 from wallet_entries where idempotency_key = ?`, [idempotencyKey])).length > 0;
  }

  async balance(customerId: string, currency: string): Promise<Money> {
    const rows = await this.em.execute<{ total: string | null }[]>(`select sum(amount_minor)::text as total from wallet_entries where customer_id = ? and currency = ?`, [
      customerId,
      currency,
    ]);
    return money(Number(rows[0]?.total ?? 0), currency);
  }
}
