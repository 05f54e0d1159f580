import type { Money } from '../../shared/money.js';
import type { Result } from '../../shared/result.js';
import type { WalletEntry, WalletError } from '../domain/wallet.js';

/**
 * The wallet ledger. `append` decides the entry against the balance while holding the wallet's
 * lock, so concurrent debits can never overdraw it; it is idempotent on the entry's key (a
 * replay writes nothing and answers `duplicate`, even if the balance has changed since).
 */
export interface WalletLedger {
  append(entry: WalletEntry): Promise<Result<'appended' | 'duplicate', WalletError>>;
  /** Whether an entry was appended under `idempotencyKey` (a step that ran before, its answer lost). */
  hasEntry(idempotencyKey: string): Promise<boolean>;
  /** The sum of the customer's entries in one currency. */
  balance(customerId: string, currency: string): Promise<Money>;
}
