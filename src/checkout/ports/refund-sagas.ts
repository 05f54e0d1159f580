import type { Refund, RefundDecisionAction, RefundLeg } from '../../payments/api.js';
import type { DomainError, Result } from '../../shared/result.js';

/** How a refund saga ended: the money went back (`completed`, or `credited_to_wallet` instead), or it did not. */
export type RefundSagaOutcome = 'completed' | 'failed' | 'credited_to_wallet' | 'rejected';

/** A refund saga's state as operators see it (the workflow's query). */
export interface RefundSagaState {
  readonly refundId: string;
  readonly status: string;
  readonly gatewayStatus?: string;
  readonly gatewayRefundId?: string;
  readonly attempts: number;
  readonly reads?: number;
  readonly attention?: { readonly reason: string; readonly since: string };
  readonly decisions?: readonly { readonly action: RefundDecisionAction; readonly by: string; readonly reason: string; readonly at: string }[];
  readonly walletRefundId?: string;
}

/**
 * Running refunds: one durable saga per refund (`refund-<refundId>`), started once (a second start
 * is refused, even after the first closed).
 */
export interface RefundSagas {
  /**
   * Starts the refund's saga and waits until it has recorded the refund (`pending`), or refused it
   * (another refund took the money first: `refunds.exceeds_paid`). Throws when the saga could not be
   * started: then no refund was recorded.
   */
  start(leg: RefundLeg): Promise<Result<Refund, DomainError>>;
  /** Waits for the refund's saga to finish; how it ended. */
  outcome(refundId: string): Promise<RefundSagaOutcome>;
  /** The saga's state; `undefined` when no saga has this refund (or the engine has forgotten it). */
  state(refundId: string): Promise<RefundSagaState | undefined>;
  /**
   * An operator's command to a parked refund, recorded with who and why. Refused
   * (`refunds.command_refused`) when the refund is not parked, or when carrying it out could
   * refund twice (`refunds.gateway_refund_pending`, `refunds.already_refunded`, `refunds.gateway_unreachable`).
   */
  command(refundId: string, command: { readonly action: RefundDecisionAction; readonly by: string; readonly reason: string }): Promise<Result<RefundSagaState, DomainError>>;
}
