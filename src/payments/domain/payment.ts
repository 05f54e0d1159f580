import { equals, format, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

export type PaymentStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled' | 'expired' | 'partially_refunded' | 'refunded';

/** One attempt to collect an order's amount through one gateway. */
export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly gateway: string;
  readonly amount: Money;
  readonly status: PaymentStatus;
  /** The gateway's id for the attempt (Khalti pidx); known once initiated. */
  readonly gatewayPaymentId?: string;
  /** The gateway's id for the money movement (Khalti transaction_id); known once completed. */
  readonly transactionId?: string;
  readonly redirectUrl?: string;
  /** What the shopper's browser must do, as the gateway answered it. */
  readonly action?: { readonly type: 'redirect'; readonly url: string } | { readonly type: 'form_post'; readonly url: string; readonly fields: Readonly<Record<string, string>> };
  readonly expiresAt?: string;
}

/** The gateway's verified claim: what its own API said was paid. */
export interface GatewayClaim {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  readonly transactionId: string;
  readonly amount: Money;
}

/** A verification bound to one order and one amount; unique per (gateway, transaction id). */
export interface PaymentVerification {
  readonly gateway: string;
  readonly transactionId: string;
  readonly gatewayPaymentId: string;
  readonly orderId: string;
  readonly amount: Money;
  readonly verifiedAt: string;
}

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

/**
 * Checks a gateway's claim against what the order expects. The amount and currency must match
 * exactly; a difference is never rounded away.
 */
export function checkClaim(claim: GatewayClaim, payment: Payment): Result<GatewayClaim, VerificationError> {
  if (claim.gatewayPaymentId !== payment.gatewayPaymentId) {
    return err(domainError('payments.unknown_payment', `gateway payment ${claim.gatewayPaymentId} does not belong to order ${payment.orderId}`));
  }
  if (!equals(claim.amount, payment.amount)) {
    return err(
      domainError('payments.amount_mismatch', `the gateway reports ${format(claim.amount)} paid but the order expects ${format(payment.amount)}`, {
        expectedMinor: payment.amount.amountMinor,
        expectedCurrency: payment.amount.currency,
        reportedMinor: claim.amount.amountMinor,
        reportedCurrency: claim.amount.currency,
      }),
    );
  }
  return ok(claim);
}

/**
 * Binds a gateway transaction to one order and amount. An existing binding to the same order and
 * amount is the same verification replayed (accepted, nothing new); any other binding means the
 * transaction is being reused for a second order, which is refused.
 */
export function bindVerification(
  existing: PaymentVerification | undefined,
  candidate: PaymentVerification,
): Result<{ verification: PaymentVerification; isNew: boolean }, VerificationError> {
  if (existing === undefined) return ok({ verification: candidate, isNew: true });
  if (existing.orderId === candidate.orderId && equals(existing.amount, candidate.amount)) {
    return ok({ verification: existing, isNew: false });
  }
  return err(
    domainError(
      'payments.transaction_reused',
      existing.orderId === candidate.orderId
        ? `transaction ${candidate.transactionId} was already verified for this order with another amount`
        : `transaction ${candidate.transactionId} was already verified for another order`,
      {
        gateway: candidate.gateway,
        transactionId: candidate.transactionId,
      },
    ),
  );
}
