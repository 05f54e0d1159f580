/**
 * Wallet top-ups: a shopper pays a gateway and the wallet is credited, once, with what the
 * gateway verifiably took. Pure rules shared by the use cases and the top-up saga.
 */
import type { Money } from '../../shared/money.js';
import type { PaymentAction } from '../../shared/payment-action.js';
import type { StateIn } from '../../shared/state-shape.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/** The largest single top-up, in minor units (NPR 100,000 in paisa). */
export const MAX_TOP_UP_MINOR = 10_000_000;

/** Where the top-up is in the database: `paid` once the gateway's transaction is verified, `credited` once the wallet has it. */
export type TopUpRecordStatus = 'pending' | 'paid' | 'credited' | 'failed';

export type TopUpFailureReason = 'payment_expired' | 'payment_cancelled' | 'payment_failed' | 'operator_cancelled';

/** What the shopper's browser must do next to pay for the top-up. */
export type TopUpPaymentAction = PaymentAction;

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

/** What a top-up carries in every status. The two counters and the decision log grow in place. */
interface TopUpBase {
  readonly topUpId: string;
  readonly customerId: string;
  readonly gateway: string;
  readonly amount: { readonly amountMinor: number; readonly currency: string };
  callbacksReceived: number;
  gatewaySyncs: number;
  readonly decisions: { action: string; by: string; reason: string; at: string }[];
}

/** The fields only some statuses carry. */
interface TopUpFields {
  paymentAction: TopUpPaymentAction;
  gatewayPaymentId: string;
  expiresAt: string;
  transactionId: string;
  failureReason: TopUpFailureReason;
  attention: { code: string; message: string; since: string };
  credited: { amountMinor: number; currency: string };
}

type In<S extends TopUpSagaStatus, Has extends keyof TopUpFields = never, May extends keyof TopUpFields = never> = StateIn<TopUpBase, TopUpFields, S, Has, May>;
/** The gateway payment, once created, and where the shopper pays it. */
type GatewayPayment = 'paymentAction' | 'gatewayPaymentId' | 'expiresAt';

/** Recording the top-up and creating the gateway payment. */
export type TopUpInitiating = In<'initiating'>;
/** The shopper pays on the gateway's page. */
export type TopUpAwaitingPayment = In<'awaiting_payment', GatewayPayment>;
/** The gateway says paid; its own API is asked, and the transaction bound in the ledger. */
export type TopUpVerifying = In<'verifying', GatewayPayment>;
/** Verified: the wallet is being credited, once. */
export type TopUpCrediting = In<'crediting', GatewayPayment | 'transactionId'>;
export type TopUpCredited = In<'credited', 'gatewayPaymentId' | 'expiresAt' | 'transactionId' | 'credited'>;
/** Nothing was credited: the payment never came, was refused, or an operator cancelled. */
export type TopUpFailed = In<'failed', 'failureReason', 'gatewayPaymentId' | 'expiresAt' | 'transactionId'>;
/** Parked for an operator, with what the status it parked in carried. */
export type TopUpNeedsAttention = In<'needs_attention', 'attention', GatewayPayment | 'transactionId'>;

/**
 * What the top-up saga shows through its query and updates, one shape per status. The query's
 * JSON is read by running clients and replayed histories: a field keeps its name and its meaning
 * in every status that has it.
 */
export type TopUpState = TopUpInitiating | TopUpAwaitingPayment | TopUpVerifying | TopUpCrediting | TopUpCredited | TopUpFailed | TopUpNeedsAttention;

export type TopUpAmountError = DomainError<'wallet.invalid_top_up_amount'>;

/** A top-up moves a whole, positive amount no larger than `MAX_TOP_UP_MINOR`. */
export function checkTopUpAmount(amountMinor: number): Result<number, TopUpAmountError> {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 1 || amountMinor > MAX_TOP_UP_MINOR) {
    return err(domainError('wallet.invalid_top_up_amount', `a top-up is a whole amount from 1 to ${MAX_TOP_UP_MINOR} minor units`, { maxMinor: MAX_TOP_UP_MINOR }));
  }
  return ok(amountMinor);
}
