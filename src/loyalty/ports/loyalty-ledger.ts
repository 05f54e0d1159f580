import type { LoyaltyEntry } from '../domain/points.js';

/** The loyalty ledger. `append` is idempotent on the entry's key: a replay awards nothing. */
export interface LoyaltyLedger {
  append(customerId: string, entry: LoyaltyEntry): Promise<'appended' | 'duplicate'>;
  balance(customerId: string): Promise<number>;
}
