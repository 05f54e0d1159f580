import type { Money } from '../../shared/money.js';
import type { WalletEntry } from '../domain/wallet.js';

/** The wallet ledger. `append` is idempotent on the entry's key: a replay writes nothing. */
export interface WalletLedger {
  append(entry: WalletEntry): Promise<'appended' | 'duplicate'>;
  /** The sum of the customer's entries in one currency. */
  balance(customerId: string, currency: string): Promise<Money>;
}
