import type { Result } from '../../shared/result.js';
import type { LoyaltyEntry, LoyaltyError } from '../domain/points.js';

/**
 * The loyalty ledger. `append` decides the entry against the balance under the account's lock
 * (points never go negative) and is idempotent on the entry's key.
 */
export interface LoyaltyLedger {
  append(customerId: string, entry: LoyaltyEntry): Promise<Result<'appended' | 'duplicate', LoyaltyError>>;
  balance(customerId: string): Promise<number>;
  /** Earned less reversed, all time: what the tier is computed from. */
  lifetime(customerId: string): Promise<number>;
  forOrder(customerId: string, orderId: string): Promise<LoyaltyEntry[]>;
}
