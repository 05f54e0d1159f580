import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CheckoutState, ManualPaymentDecision, OperatorCommand, OperatorDecision, SagaPaymentCallback } from '../../src/checkout/domain/saga.js';

export type { CheckoutState, ManualPaymentDecision, OperatorDecision, SagaPaymentCallback } from '../../src/checkout/domain/saga.js';

export const paymentCallbackSignal = defineSignal<[SagaPaymentCallback]>('paymentCallback');
export const operatorDecisionSignal = defineSignal<[OperatorDecision]>('operatorDecision');
export const checkoutStateQuery = defineQuery<CheckoutState>('checkoutState');
/** Answers once the shopper can be sent to pay (or the checkout ended before that). */
export const paymentActionUpdate = defineUpdate<CheckoutState>('waitForPaymentAction');
/** Takes the gateway's callback, if given, and answers once the outcome is known, or after `timeoutMs` with the state as it is. */
export const outcomeUpdate = defineUpdate<CheckoutState, [{ timeoutMs: number; callback?: SagaPaymentCallback }]>('waitForOutcome');
/** An operator confirms (or refuses) a cash-on-delivery or bank-transfer payment. */
export const manualPaymentDecisionSignal = defineSignal<[ManualPaymentDecision]>('manualPaymentDecision');
/**
 * An operator's command, as an update with a validator: refused at once (nothing recorded) when it
 * does not apply to the saga's state; otherwise recorded with who and why, and answered with the
 * state once the saga has acted on it.
 */
export const operatorCommandUpdate = defineUpdate<CheckoutState, [OperatorCommand]>('operatorCommand');
