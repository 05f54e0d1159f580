/**
 * Wallet top-ups: a shopper pays a gateway and the wallet is credited, once, with what the
 * gateway verifiably took. Pure rules shared by the use cases and the top-up saga.
 */
import { equals, format, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/** The largest single top-up, in minor units (NPR 100,000 in paisa). */
export const MAX_TOP_UP_MINOR = 10_000_000;

/** Workflow id of a top-up's saga: one per top-up, never reused. */
export const topUpWorkflowId = (topUpId: string): string => `wallet-top-up-${topUpId}`;

/** Where the top-up is in the database: `paid` once the gateway's transaction is verified, `credited` once the wallet has it. */
export type TopUpRecordStatus = 'pending' | 'paid' | 'credited' | 'failed';

export type TopUpFailureReason = 'payment_expired' | 'payment_cancelled' | 'payment_failed' | 'operator_cancelled';

export type TopUpPaymentAction =
  | { readonly type: 'redirect'; readonly url: string }
  | { readonly type: 'form_post'; readonly url: string; readonly fields: Readonly<Record<string, string>> };

export interface WalletTopUp {
  readonly id: string;
  readonly customerId: string;
  readonly gateway: string;
  readonly amount: Money;
  readonly status: TopUpRecordStatus;
  readonly gatewayPaymentId?: string;
  readonly transactionId?: string;
  readonly action?: TopUpPaymentAction;
  readonly expiresAt?: string;
  readonly failureReason?: TopUpFailureReason;
  readonly createdAt: string;
  readonly creditedAt?: string;
}

/** What the top-up saga shows through its query and updates. */
export type TopUpSagaStatus = 'initiating' | 'awaiting_payment' | 'verifying' | 'crediting' | 'credited' | 'failed' | 'needs_attention';

export const SETTLED_TOP_UP_STATUSES: readonly TopUpSagaStatus[] = ['credited', 'failed', 'needs_attention'];

export interface TopUpState {
  topUpId: string;
  customerId: string;
  gateway: string;
  amount: { amountMinor: number; currency: string };
  status: TopUpSagaStatus;
  paymentAction?: TopUpPaymentAction;
  gatewayPaymentId?: string;
  expiresAt?: string;
  transactionId?: string;
  failureReason?: TopUpFailureReason;
  attention?: { code: string; message: string; since: string };
  credited?: { amountMinor: number; currency: string };
  callbacksReceived: number;
  gatewaySyncs: number;
  decisions: { action: string; by: string; reason: string; at: string }[];
}

export type TopUpAmountError = DomainError<'wallet.invalid_top_up_amount'>;

/** A top-up moves a whole, positive amount no larger than `MAX_TOP_UP_MINOR`. */
export function checkTopUpAmount(amountMinor: number): Result<number, TopUpAmountError> {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 1 || amountMinor > MAX_TOP_UP_MINOR) {
    return err(domainError('wallet.invalid_top_up_amount', `a top-up is a whole amount from 1 to ${MAX_TOP_UP_MINOR} minor units`, { maxMinor: MAX_TOP_UP_MINOR }));
  }
  return ok(amountMinor);
}

/** Who a verified gateway transaction is bound to in the shared verification ledger: an order or a top-up. */
export interface LedgerBinding {
  readonly orderId?: string;
  readonly topUpId?: string;
  readonly amount: Money;
}

export type TopUpVerificationError = DomainError<'payments.amount_mismatch' | 'payments.transaction_reused' | 'payments.unknown_payment'>;

/**
 * Checks the gateway's verified claim against the top-up, and against what the ledger already
 * binds the transaction to: the same top-up and amount is a replay (nothing new); an order, or
 * another top-up, means the transaction is being reused and is refused.
 */
export function bindTopUpClaim(
  topUp: Pick<WalletTopUp, 'id' | 'amount' | 'gatewayPaymentId'>,
  claim: { readonly gatewayPaymentId: string; readonly transactionId: string; readonly amount: Money },
  existing: LedgerBinding | undefined,
): Result<{ isNew: boolean }, TopUpVerificationError> {
  if (claim.gatewayPaymentId !== topUp.gatewayPaymentId) {
    return err(domainError('payments.unknown_payment', `gateway payment ${claim.gatewayPaymentId} does not belong to top-up ${topUp.id}`));
  }
  if (!equals(claim.amount, topUp.amount)) {
    return err(
      domainError('payments.amount_mismatch', `the gateway reports ${format(claim.amount)} paid but the top-up expects ${format(topUp.amount)}`, {
        expectedMinor: topUp.amount.amountMinor,
        expectedCurrency: topUp.amount.currency,
        reportedMinor: claim.amount.amountMinor,
        reportedCurrency: claim.amount.currency,
      }),
    );
  }
  if (existing === undefined) return ok({ isNew: true });
  if (existing.topUpId === topUp.id && equals(existing.amount, claim.amount)) return ok({ isNew: false });
  return err(
    domainError(
      'payments.transaction_reused',
      existing.orderId !== undefined
        ? `transaction ${claim.transactionId} already paid order ${existing.orderId}`
        : `transaction ${claim.transactionId} was already verified for another top-up`,
      { transactionId: claim.transactionId },
    ),
  );
}
