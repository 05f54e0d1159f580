/**
 * Late payments: money a gateway took after the saga that asked for it had given up (the checkout
 * was cancelled or expired, the top-up failed). Every such payment ends in exactly one recorded
 * resolution. Pure rules shared by the use cases and the late-payment saga.
 */
import type { Money } from '../../shared/money.js';
import { subjectOf, type PaymentSubject, type PaymentVerification } from './payment.js';

/** What told us about the payment. */
export type LatePaymentSource = 'webhook' | 'return' | 'reconciliation';
export const LATE_PAYMENT_SOURCES = ['webhook', 'return', 'reconciliation'] as const satisfies readonly LatePaymentSource[];

/**
 * How a late payment ended:
 * - `credited_to_wallet`: money taken for a closed checkout went to the shopper's wallet;
 * - `top_up_credited`: the failed top-up was credited after all;
 * - `not_taken`: the gateway says nothing was taken (PayPal approved but never captured, expired…);
 * - `needs_attention`: parked for an operator (another currency, a transaction bound elsewhere);
 * - `dismissed`: an operator closed it after looking (refunded at the gateway by hand, say).
 */
export type LatePaymentResolution = 'credited_to_wallet' | 'top_up_credited' | 'not_taken' | 'needs_attention' | 'dismissed';
export const LATE_PAYMENT_RESOLUTIONS = ['credited_to_wallet', 'top_up_credited', 'not_taken', 'needs_attention', 'dismissed'] as const satisfies readonly LatePaymentResolution[];

/** Payment statuses that mean the checkout saga gave up on the money. */
export const GAVE_UP_PAYMENT_STATUSES = ['expired', 'cancelled', 'failed'] as const;

/** Who a late payment belongs to: the closed checkout's gateway payment, or the failed top-up. */
export type LatePaymentOwner =
  | {
      readonly kind: 'order';
      readonly orderId: string;
      readonly paymentId: string;
      readonly customerId: string;
      readonly expected: Money;
      /** The payment row's status. */
      readonly status: string;
      /** When the payment row last changed: when the saga closed it. */
      readonly closedAt: string;
    }
  | {
      readonly kind: 'top_up';
      readonly topUpId: string;
      readonly customerId: string;
      readonly expected: Money;
      /** The top-up row's status. */
      readonly status: string;
      readonly closedAt: string;
    };

/** Whether the saga that owned the payment gave up on it (only then is a callback a late payment). */
export function gaveUpOn(owner: LatePaymentOwner): boolean {
  return owner.kind === 'order' ? (GAVE_UP_PAYMENT_STATUSES as readonly string[]).includes(owner.status) : owner.status === 'failed';
}

/** The subject a late payment's owner is. */
export const subjectOfOwner = (owner: LatePaymentOwner): PaymentSubject => (owner.kind === 'order' ? { kind: 'order', id: owner.orderId } : { kind: 'top_up', id: owner.topUpId });

export type LatePaymentDecision =
  | { readonly action: 'credit'; readonly amount: Money }
  /** The ledger already binds the transaction to this owner: an earlier run settled it. */
  | { readonly action: 'already_settled' }
  | { readonly action: 'park'; readonly code: 'payments.currency_mismatch' | 'payments.transaction_reused'; readonly message: string };

/**
 * Decides what to do with money the gateway verifiably took for a payment we gave up on: credit
 * what was really taken, unless it is in another currency than the owner's (a person decides) or
 * the transaction is bound to something else in the ledger (never credited twice).
 */
export function decideLatePayment(
  owner: LatePaymentOwner,
  claim: { readonly transactionId: string; readonly amount: Money },
  binding: PaymentVerification | undefined,
): LatePaymentDecision {
  if (binding !== undefined) {
    const bound = subjectOf(binding);
    const owned = subjectOfOwner(owner);
    if (bound.kind === owned.kind && bound.id === owned.id) return { action: 'already_settled' };
    return {
      action: 'park',
      code: 'payments.transaction_reused',
      message: `transaction ${claim.transactionId} is already bound to ${binding.orderId !== undefined ? `order ${binding.orderId}` : `top-up ${binding.topUpId}`}`,
    };
  }
  if (claim.amount.currency !== owner.expected.currency) {
    return {
      action: 'park',
      code: 'payments.currency_mismatch',
      message: `the gateway took ${claim.amount.amountMinor} ${claim.amount.currency} but the ${owner.kind === 'order' ? 'order' : 'top-up'} is in ${owner.expected.currency}`,
    };
  }
  return { action: 'credit', amount: claim.amount };
}

/**
 * When the reconciliation asks the gateway again about a payment we gave up on, counted from
 * when it was closed: often at first, then rarely, up to the three days gateways keep retrying.
 */
export const LATE_CHECK_OFFSETS_MS: readonly number[] = [15 * 60_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000, 72 * 3_600_000];

/** The instant (ms) the next check of a payment closed at `closedAtMs` is due, or `undefined` once all are done. */
export function nextCheckDueMs(closedAtMs: number, checksDone: number): number | undefined {
  const offset = LATE_CHECK_OFFSETS_MS[checksDone];
  return offset === undefined ? undefined : closedAtMs + offset;
}
