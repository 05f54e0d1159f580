import type { Page } from './storefront-queries.js';

/** Operators can switch a gateway off for new checkouts; sagas already running finish. */
export interface GatewaySwitches {
  isEnabled(gateway: string): Promise<boolean>;
  set(gateway: string, enabled: boolean, changedBy: string, reason: string): Promise<void>;
}

export interface PaymentRow {
  readonly orderId: string;
  readonly customerId: string;
  readonly gateway: string;
  readonly gatewayTransactionId?: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: string;
  readonly createdAt: string;
  readonly completedAt?: string;
}

/** Each field narrows the list; absent (or undefined, as a parsed query leaves it) does not. */
export interface PaymentFilter {
  readonly gateway?: string | undefined;
  readonly status?: string | undefined;
  readonly customerId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** Payments for operators, oldest first, in keyset pages (or streamed whole for exports). */
export interface AdminPayments {
  page(filter: PaymentFilter, limit: number, cursor?: string): Promise<Page<PaymentRow>>;
  /** Every matching row, fetched in batches: never the whole set in memory. */
  stream(filter: PaymentFilter, batchSize?: number): AsyncIterable<PaymentRow>;
}

/** A verification that failed, as operators see it (`verification_failures`). */
export interface VerificationFailureRow {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  readonly transactionId?: string;
  readonly orderId?: string;
  readonly topUpId?: string;
  readonly code: string;
  readonly message: string;
  readonly reportedAmountMinor?: number;
  readonly reportedCurrency?: string;
  readonly failedAt: string;
}

/** Failed verifications, newest first: what a parked saga is stuck on, kept whatever Temporal keeps. */
export interface VerificationFailures {
  recent(filter: { readonly gateway?: string; readonly orderId?: string }, limit: number): Promise<VerificationFailureRow[]>;
}
