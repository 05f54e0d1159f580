import type { LoyaltyEntry, LoyaltyError, LoyaltyLedger } from '../../../src/loyalty/api.js';
import { decideLoyaltyEntry } from '../../../src/loyalty/domain/points.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { check, requireOrder } from './in-memory-constraints.js';
import { copyOf, type PersistenceState, type StateAccess } from './in-memory-state.js';

export class InMemoryLoyaltyLedger implements LoyaltyLedger {
  constructor(private readonly access: StateAccess) {}

  /** As the wallet: a replay is a duplicate; otherwise decided against the balance, never below zero. */
  append(customerId: string, entry: LoyaltyEntry): Promise<Result<'appended' | 'duplicate', LoyaltyError>> {
    return this.access.write((state): Result<'appended' | 'duplicate', LoyaltyError> => {
      const account = state.loyaltyAccounts.get(customerId) ?? { balance: 0, lifetime: 0 };
      if (state.loyaltyEntries.has(entry.idempotencyKey)) return ok('duplicate');
      const decided = decideLoyaltyEntry(account.balance, entry);
      if (!decided.ok) return decided;
      requireOrder(state, entry.orderId, 'loyalty_entries_order_id_fkey');
      const { kind, points, orderId, idempotencyKey } = entry;
      const next = { balance: account.balance + points, lifetime: account.lifetime + (kind === 'earn' || kind === 'reverse' ? points : 0) };
      check(next.balance >= 0, 'loyalty_accounts_balance_check', `the account of ${customerId} cannot hold ${next.balance} points`);
      check(next.lifetime >= 0, 'loyalty_accounts_lifetime_check', `the account of ${customerId} cannot have ${next.lifetime} lifetime points`);
      state.loyaltyEntries.set(idempotencyKey, copyOf({ customerId, entry: { kind, points, orderId, idempotencyKey } }));
      state.loyaltyAccounts.set(customerId, next);
      return ok('appended');
    });
  }

  balance(customerId: string): Promise<number> {
    return this.access.read((state) => sumOfPoints(state, customerId, () => true));
  }

  lifetime(customerId: string): Promise<number> {
    return this.access.read((state) => sumOfPoints(state, customerId, (entry) => entry.kind === 'earn' || entry.kind === 'reverse'));
  }

  /** The customer's entries for the order, in the order they were appended. */
  forOrder(customerId: string, orderId: string): Promise<LoyaltyEntry[]> {
    return this.access.read((state) =>
      copyOf([...state.loyaltyEntries.values()].filter((row) => row.customerId === customerId && row.entry.orderId === orderId).map((row) => row.entry)),
    );
  }
}

function sumOfPoints(state: PersistenceState, customerId: string, counts: (entry: LoyaltyEntry) => boolean): number {
  let total = 0;
  for (const row of state.loyaltyEntries.values()) if (row.customerId === customerId && counts(row.entry)) total += row.entry.points;
  return total;
}
