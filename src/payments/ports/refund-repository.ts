import type { Refund } from '../domain/refund.js';

/** Why a pending refund waits for an operator, and since when (ISO-8601). */
export interface RefundAttention {
  readonly reason: string;
  readonly since: string;
}

export type RefundDecisionAction = 'retry' | 'mark_failed' | 'credit_wallet';

/** An operator's decision on a parked refund: who (the token), why (the request) and when. */
export interface RefundDecision {
  readonly refundId: string;
  readonly action: RefundDecisionAction;
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * Refunds. Deciding a new refund must happen inside a transaction that first calls
 * `lockPayment`, so two racing refunds of one payment see each other.
 */
export interface RefundRepository {
  lockPayment(paymentId: string): Promise<void>;
  forPayment(paymentId: string): Promise<Refund[]>;
  byId(refundId: string): Promise<Refund | undefined>;
  /** Inserts or updates. A refund that leaves `pending` no longer needs attention. */
  save(refund: Refund): Promise<void>;
  /** Parks a pending refund for an operator, or (`undefined`) clears that once its saga resumes. */
  setAttention(refundId: string, attention: RefundAttention | undefined): Promise<void>;
  attentionOf(refundId: string): Promise<RefundAttention | undefined>;
  /** Parked refunds, longest waiting first. */
  needingAttention(limit: number): Promise<{ readonly refund: Refund; readonly attention: RefundAttention }[]>;
  recordDecision(decision: RefundDecision): Promise<void>;
  /** In the order they were made. */
  decisions(refundId: string): Promise<RefundDecision[]>;
}
