import { add, isPositive, money, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/**
 * The wallet is a ledger: the balance is the sum of its entries and never goes below zero.
 * Credits are positive amounts, debits negative; every entry names what caused it and carries
 * an idempotency key, so the same entry is never written twice.
 */
export type WalletEntryKind = 'top_up' | 'order_payment' | 'order_payment_return' | 'refund_credit' | 'adjustment';

export interface WalletEntry {
  readonly customerId: string;
  readonly kind: WalletEntryKind;
  /** Signed: credits positive, debits negative. */
  readonly amount: Money;
  readonly orderId?: string;
  readonly paymentId?: string;
  readonly refundId?: string;
  readonly reason: string;
  /** Unique per ledger. */
  readonly idempotencyKey: string;
  /** Who made an operator adjustment. */
  readonly actor?: string;
}

export type WalletError = DomainError<'wallet.invalid_amount' | 'wallet.insufficient_funds' | 'wallet.missing_reference'>;

const CREDIT_KINDS: readonly WalletEntryKind[] = ['top_up', 'order_payment_return', 'refund_credit'];

/**
 * Decides whether an entry may be appended to a wallet with `balance`: credits and debits of
 * their kind's sign only, each linked to its cause, and no debit beyond the balance.
 */
export function decideEntry(balance: Money, entry: WalletEntry): Result<WalletEntry, WalletError> {
  const amount = entry.amount.amountMinor;
  if (!Number.isSafeInteger(amount) || amount === 0) return err(domainError('wallet.invalid_amount', 'a wallet entry must move a whole, non-zero amount'));
  if (CREDIT_KINDS.includes(entry.kind) && amount < 0) return err(domainError('wallet.invalid_amount', `a ${entry.kind} entry must be a credit`));
  if (entry.kind === 'order_payment' && amount > 0) return err(domainError('wallet.invalid_amount', 'an order payment must be a debit'));
  if ((entry.kind === 'order_payment' || entry.kind === 'order_payment_return') && entry.orderId === undefined) {
    return err(domainError('wallet.missing_reference', `a ${entry.kind} entry must name its order`));
  }
  if (entry.kind === 'refund_credit' && entry.orderId === undefined && entry.refundId === undefined) {
    return err(domainError('wallet.missing_reference', 'a refund credit must name its order or refund'));
  }
  if (entry.kind === 'adjustment' && (entry.actor === undefined || entry.reason.trim() === '')) {
    return err(domainError('wallet.missing_reference', 'an adjustment must name who made it and why'));
  }
  if (balance.currency !== entry.amount.currency) return err(domainError('wallet.invalid_amount', 'the entry and the wallet use different currencies'));
  if (balance.amountMinor + amount < 0) {
    return err(
      domainError('wallet.insufficient_funds', `the wallet holds ${balance.amountMinor} but ${-amount} was asked`, {
        balanceMinor: balance.amountMinor,
        requestedMinor: -amount,
      }),
    );
  }
  return ok(entry);
}

/** The balance is the sum of the entries of one currency. */
export const balanceOf = (currency: string, entries: readonly Pick<WalletEntry, 'amount'>[]): Money =>
  entries.filter((entry) => entry.amount.currency === currency).reduce((total, entry) => add(total, entry.amount), money(0, currency));

/** A credit of money taken for an order that must go back to the shopper. */
export function refundCredit(input: Omit<WalletEntry, 'kind'>): Result<WalletEntry, WalletError> {
  if (!isPositive(input.amount)) {
    return err(domainError('wallet.invalid_amount', 'a wallet credit must be a positive amount', { amountMinor: input.amount.amountMinor }));
  }
  return ok({ ...input, kind: 'refund_credit' });
}
