import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TopUpState } from '../../src/wallet/domain/top-up.js';
import type { TopUpPaymentCallback } from '../../src/wallet/ports/top-up-sagas.js';
import type { OperatorDecision } from '../../src/shared/payment-saga.js';

export type { TopUpState } from '../../src/wallet/domain/top-up.js';
export type { TopUpPaymentCallback } from '../../src/wallet/ports/top-up-sagas.js';
export type { OperatorDecision } from '../../src/shared/payment-saga.js';

/** The gateway called back (webhook) or the shopper came back (return URL): a hint to ask the gateway now. */
export const topUpPaymentCallbackSignal = defineSignal<[TopUpPaymentCallback]>('paymentCallback');
/** An operator's decision on a top-up that needs attention: `retry`, or anything else to fail it. */
export const topUpOperatorDecisionSignal = defineSignal<[OperatorDecision]>('operatorDecision');
export const topUpStateQuery = defineQuery<TopUpState>('topUpState');
/** Answers once the shopper can be sent to pay (or the top-up ended before that). */
export const topUpPaymentActionUpdate = defineUpdate<TopUpState>('waitForPaymentAction');
/** Takes the gateway's callback, if given, and answers once the outcome is known, or after `timeoutMs` with the state as it is. */
export const topUpOutcomeUpdate = defineUpdate<TopUpState, [{ timeoutMs: number; callback?: TopUpPaymentCallback }]>('waitForOutcome');
