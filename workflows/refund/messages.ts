import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Refund } from '../../src/payments/domain/refund.js';
import type { RefundDecisionAction } from '../../src/payments/ports/refund-repository.js';

export type { RefundDecisionAction } from '../../src/payments/ports/refund-repository.js';

/**
 * A refund saga's state. `needs_attention`: parked for an operator (`attention` says why);
 * `rejected`: the refund could not be recorded (racing refunds took the money first), nothing moved;
 * `credited_to_wallet`: the gateway refund failed and an operator had the wallet credited instead.
 */
export interface RefundState {
  refundId: string;
  status: 'recording' | 'rejected' | 'executing' | 'awaiting_gateway' | 'needs_attention' | 'completed' | 'failed' | 'credited_to_wallet';
  gatewayStatus?: string;
  gatewayRefundId?: string;
  /** Calls that may move money (gateway refund, wallet credit). */
  attempts: number;
  /** Reads of the refund's state at the gateway. */
  reads?: number;
  attention?: { reason: string; since: string };
  decisions?: { action: RefundDecisionAction; by: string; reason: string; at: string }[];
  walletRefundId?: string;
  rejection?: { code: string; message: string };
}

/** What the refund's first step answered: the refund as recorded, or why it was refused. */
export type RefundRecorded = { readonly ok: true; readonly refund: Refund } | { readonly ok: false; readonly code: string; readonly message: string };

/** An operator's command to a parked refund, with who (the token) and why. */
export interface RefundOperatorCommand {
  readonly action: RefundDecisionAction;
  readonly by: string;
  readonly reason: string;
}

/** The saga's state once it acted on the command; `refused` when the command could not be carried out (nothing recorded). */
export interface RefundDecisionAnswer {
  readonly state: RefundState;
  readonly refused?: { readonly code: string; readonly message: string };
}

export const refundStateQuery = defineQuery<RefundState>('refundState');
/** Answers once the refund is recorded (or refused): the starter's way to know the row exists. */
export const refundRecordedUpdate = defineUpdate<RefundRecorded>('waitForRecordedRefund');
/** Refused at once (validator) unless the refund is parked; otherwise answered once the saga has acted. */
export const refundDecisionUpdate = defineUpdate<RefundDecisionAnswer, [RefundOperatorCommand]>('refundDecision');
