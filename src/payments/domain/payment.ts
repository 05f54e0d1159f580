import { equals, format, type Money } from '../../shared/money.js';
import { assertNever, domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { PaymentAction } from '../../shared/payment-action.js';

export type PaymentStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled' | 'expired' | 'partially_refunded' | 'refunded';

/** What every payment carries, whatever its status. */
interface PaymentBase {
  readonly id: string;
  readonly orderId: string;
  readonly gateway: string;
  readonly amount: Money;
  /** The gateway's id for the attempt (Khalti pidx); known once initiated. */
  readonly gatewayPaymentId?: string;
  readonly redirectUrl?: string;
  /** What the shopper's browser must do, as the gateway answered it. */
  readonly action?: PaymentAction;
  readonly expiresAt?: string;
}

/** Created or under way at the gateway: nothing has been taken yet. */
export type OpenPayment = PaymentBase & { readonly status: 'pending' | 'processing'; readonly transactionId?: never };
/** The money was taken (and maybe given back since, in part or in full). */
export type TakenPayment = PaymentBase & {
  readonly status: 'completed' | 'partially_refunded' | 'refunded';
  /** The gateway's id for the money movement (Khalti transaction_id). */
  readonly transactionId?: string;
};
/** Ended with nothing taken. */
export type EndedPayment = PaymentBase & { readonly status: 'failed' | 'cancelled' | 'expired'; readonly transactionId?: never };

/** One attempt to collect an order's amount through one gateway, one shape per kind of status. */
export type Payment = OpenPayment | TakenPayment | EndedPayment;

/** A payment of `status` with what every payment carries, and the transaction id where the status has one. */
export function paymentIn(status: PaymentStatus, base: PaymentBase, transactionId?: string): Payment {
  switch (status) {
    case 'pending':
    case 'processing':
    case 'failed':
    case 'cancelled':
    case 'expired':
      return { ...base, status };
    case 'completed':
    case 'partially_refunded':
    case 'refunded':
      return { ...base, status, ...(transactionId === undefined ? {} : { transactionId }) };
    default:
      return assertNever(status, 'payment status');
  }
}

export const isOpenPayment = (payment: Payment): payment is OpenPayment => payment.status === 'pending' || payment.status === 'processing';
export const isTakenPayment = (payment: Payment): payment is TakenPayment =>
  payment.status === 'completed' || payment.status === 'partially_refunded' || payment.status === 'refunded';

/** The gateway's verified claim: what its own API said was paid. */
export interface GatewayClaim {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  readonly transactionId: string;
  readonly amount: Money;
}

/** Who a gateway payment is for: an order, or a shopper's wallet top-up. */
export type PaymentSubject = { readonly kind: 'order'; readonly id: string } | { readonly kind: 'top_up'; readonly id: string };

interface VerifiedTransaction {
  readonly gateway: string;
  readonly transactionId: string;
  readonly gatewayPaymentId: string;
  readonly amount: Money;
  readonly verifiedAt: string;
}

/**
 * A row of the verification ledger: a gateway transaction bound to one order or one top-up, and
 * one amount; unique per (gateway, transaction id).
 */
export type PaymentVerification = VerifiedTransaction & ({ readonly orderId: string; readonly topUpId?: undefined } | { readonly topUpId: string; readonly orderId?: undefined });

/** A ledger row of an order's transaction. */
export type OrderVerification = Extract<PaymentVerification, { readonly orderId: string }>;

/** The subject a ledger row binds its transaction to. */
export const subjectOf = (verification: PaymentVerification): PaymentSubject =>
  verification.orderId !== undefined ? { kind: 'order', id: verification.orderId } : { kind: 'top_up', id: verification.topUpId };

/** The ledger row binding a verified transaction to `subject`. */
export const verificationFor = (subject: PaymentSubject, transaction: VerifiedTransaction): PaymentVerification =>
  subject.kind === 'order' ? { ...transaction, orderId: subject.id } : { ...transaction, topUpId: subject.id };

const noun = (subject: PaymentSubject): string => (subject.kind === 'order' ? 'order' : 'top-up');
const sameSubject = (a: PaymentSubject, b: PaymentSubject): boolean => a.kind === b.kind && a.id === b.id;

/**
 * A verification that failed: what the gateway reported against what we expected. Recorded once per
 * (gateway payment, transaction, code) for operators; it moves no money.
 */
export interface VerificationFailure {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  /** Empty when the gateway named no transaction. */
  readonly transactionId: string;
  /** Exactly one of the two: the order or the wallet top-up the payment was for. */
  readonly orderId?: string;
  readonly topUpId?: string;
  readonly code: string;
  readonly message: string;
  readonly reportedAmount?: Money;
  readonly failedAt: string;
}

export type VerificationError = DomainError<'payments.amount_mismatch' | 'payments.transaction_reused' | 'payments.unknown_payment'>;

/** What a subject expects its gateway payment to be. */
export interface ExpectedPayment {
  readonly subject: PaymentSubject;
  /** Unset while the payment was never initiated: no claim can then be for it. */
  readonly gatewayPaymentId?: string | undefined;
  readonly amount: Money;
}

/** What an order's gateway payment expects. */
export const expectedOf = (payment: Payment): ExpectedPayment => ({
  subject: { kind: 'order', id: payment.orderId },
  gatewayPaymentId: payment.gatewayPaymentId,
  amount: payment.amount,
});

/**
 * Checks a gateway's claim against what the subject expects. The amount and currency must match
 * exactly; a difference is never rounded away.
 */
export function checkClaim<C extends Omit<GatewayClaim, 'gateway'>>(claim: C, payment: Payment): Result<C, VerificationError> {
  return checkExpected(claim, expectedOf(payment));
}

/** `checkClaim` for any subject's payment. */
export function checkExpected<C extends Omit<GatewayClaim, 'gateway'>>(claim: C, expected: ExpectedPayment): Result<C, VerificationError> {
  const { subject } = expected;
  if (claim.gatewayPaymentId !== expected.gatewayPaymentId) {
    return err(domainError('payments.unknown_payment', `gateway payment ${claim.gatewayPaymentId} does not belong to ${noun(subject)} ${subject.id}`));
  }
  if (!equals(claim.amount, expected.amount)) {
    return err(
      domainError('payments.amount_mismatch', `the gateway reports ${format(claim.amount)} paid but the ${noun(subject)} expects ${format(expected.amount)}`, {
        expectedMinor: expected.amount.amountMinor,
        expectedCurrency: expected.amount.currency,
        reportedMinor: claim.amount.amountMinor,
        reportedCurrency: claim.amount.currency,
      }),
    );
  }
  return ok(claim);
}

/**
 * Binds a gateway transaction to one subject and amount. An existing binding to the same subject
 * and amount is the same verification replayed (accepted, nothing new); any other binding means
 * the transaction is being reused — for a second order, a top-up, or another amount — which is
 * refused. The one rule for orders and top-ups alike.
 */
export function bindVerification(
  existing: PaymentVerification | undefined,
  candidate: PaymentVerification,
): Result<{ verification: PaymentVerification; isNew: boolean }, VerificationError> {
  if (existing === undefined) return ok({ verification: candidate, isNew: true });
  const bound = subjectOf(existing);
  const wanted = subjectOf(candidate);
  if (sameSubject(bound, wanted) && equals(existing.amount, candidate.amount)) return ok({ verification: existing, isNew: false });
  const where = sameSubject(bound, wanted)
    ? `was already verified for this ${noun(wanted)} with another amount`
    : bound.kind === wanted.kind
      ? `was already verified for another ${noun(wanted)}`
      : `is already bound to ${noun(bound)} ${bound.id}`;
  return err(domainError('payments.transaction_reused', `transaction ${candidate.transactionId} ${where}`, { gateway: candidate.gateway, transactionId: candidate.transactionId }));
}

/**
 * Verifies a claim for a subject against the ledger in one decision: the claim must be for the
 * subject's payment and its exact amount, and the transaction bound to nothing else.
 */
export function bindClaim(
  expected: ExpectedPayment,
  claim: GatewayClaim,
  existing: PaymentVerification | undefined,
  verifiedAt: string,
): Result<{ verification: PaymentVerification; isNew: boolean }, VerificationError> {
  const checked = checkExpected(claim, expected);
  if (!checked.ok) return checked;
  const { gateway, transactionId, gatewayPaymentId, amount } = claim;
  return bindVerification(existing, verificationFor(expected.subject, { gateway, transactionId, gatewayPaymentId, amount, verifiedAt }));
}
