import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CheckoutStatus } from '../../src/checkout/domain/saga.js';
import type { Money } from '../../src/shared/money.js';
import type { PaymentAction } from '../../src/payments/ports/payment-gateway.js';

/** A gateway's callback or browser return: a fact, and only a hint to go and verify. */
export interface PaymentCallback {
  readonly gateway: string;
  readonly gatewayPaymentId: string;
  readonly claimedStatus: string;
  readonly receivedAt: string;
}

export type OperatorAction = 'retry' | 'refund_to_wallet' | 'cancel';

export interface OperatorDecision {
  readonly action: OperatorAction;
  readonly by: string;
  readonly reason: string;
}

export interface Attention {
  readonly code: string;
  readonly message: string;
  readonly since: string;
}

/** What the saga shows of itself through its query and updates. */
export interface CheckoutState {
  orderId: string;
  customerId: string;
  gateway: string;
  amount: Money;
  status: CheckoutStatus;
  paymentAction?: PaymentAction;
  gatewayPaymentId?: string;
  expiresAt?: string;
  transactionId?: string;
  cancelReason?: string;
  attention?: Attention;
  pointsAwarded?: number;
  refundedToWallet?: Money;
  callbacksReceived: number;
  gatewaySyncs: number;
  decisions: (OperatorDecision & { at: string })[];
}

export const paymentCallbackSignal = defineSignal<[PaymentCallback]>('paymentCallback');
export const operatorDecisionSignal = defineSignal<[OperatorDecision]>('operatorDecision');
export const checkoutStateQuery = defineQuery<CheckoutState>('checkoutState');
/** Answers once the shopper can be sent to pay (or the checkout ended before that). */
export const paymentActionUpdate = defineUpdate<CheckoutState>('waitForPaymentAction');
/** Answers once the outcome is known, or after `timeoutMs` with the state as it is. */
export const outcomeUpdate = defineUpdate<CheckoutState, [{ timeoutMs: number }]>('waitForOutcome');
