import { isPositive, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/**
 * The wallet is a ledger: the balance is the sum of its entries. This slice knows credits only,
 * written when money taken for an order must go back to the shopper.
 */
export interface WalletEntry {
  readonly customerId: string;
  readonly kind: 'refund_credit';
  readonly amount: Money;
  readonly orderId: string;
  readonly reason: string;
  /** Unique per ledger: the same key is never written twice. */
  readonly idempotencyKey: string;
}

export type WalletError = DomainError<'wallet.invalid_amount'>;

export function refundCredit(input: Omit<WalletEntry, 'kind'>): Result<WalletEntry, WalletError> {
  if (!isPositive(input.amount)) {
    return err(domainError('wallet.invalid_amount', 'a wallet credit must be a positive amount', { amountMinor: input.amount.amountMinor }));
  }
  return ok({ ...input, kind: 'refund_credit' });
}
