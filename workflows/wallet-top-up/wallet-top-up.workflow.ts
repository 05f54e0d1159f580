import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TopUpActivities } from '../../adapters/temporal/top-up-activities.js';
import { stepKey } from '../../src/shared/payment-saga.js';
import { payThroughGateway, paymentSagaHandlers } from '../shared/gateway-payment.js';
import { OperatorStopped, parkWhenExhausted, runToTheEnd } from '../shared/durable-steps.js';
import { SETTLED_TOP_UP_STATUSES, type TopUpFailureReason, type TopUpSagaStatus } from '../../src/wallet/domain/top-up.js';
import type { TopUpRequest } from '../../src/wallet/ports/top-up-sagas.js';
import { activityTimeouts, retryPolicies } from '../../temporal.config.js';
import { topUpOperatorDecisionSignal, topUpOutcomeUpdate, topUpPaymentActionUpdate, topUpPaymentCallbackSignal, topUpStateQuery, type TopUpState } from './messages.js';

const gateway = proxyActivities<TopUpActivities>({ ...activityTimeouts.gateway, retry: retryPolicies.gateway });
const databaseSteps = proxyActivities<TopUpActivities>({ ...activityTimeouts.database, retry: retryPolicies.database });

export interface WalletTopUpWorkflowInput {
  readonly topUp: TopUpRequest;
  /** Overrides of the gateway sync schedule (tests use them to isolate the expiry sync). */
  readonly sync?: { readonly firstMs?: number; readonly ceilingMs?: number };
}

/**
 * One wallet top-up: initiate the payment, wait for the callback (asking the gateway meanwhile),
 * verify it in the ledger shared with checkouts, then credit the wallet once. A payment that will
 * never come fails the top-up with nothing credited; anything that cannot be decided
 * automatically (amount mismatch, a reused transaction, a gateway down) parks it for an operator.
 */
export async function walletTopUpWorkflow(input: WalletTopUpWorkflowInput): Promise<TopUpState> {
  const { topUp } = input;
  const workflowId = workflowInfo().workflowId;
  const state: TopUpState = {
    topUpId: topUp.topUpId,
    customerId: topUp.customerId,
    gateway: topUp.gateway,
    amount: topUp.amount,
    status: 'initiating',
    callbacksReceived: 0,
    gatewaySyncs: 0,
    decisions: [],
  };

  setHandler(topUpStateQuery, () => state);
  const { setStatus, park, callbackPending, takeCallback } = paymentSagaHandlers({
    state,
    settled: SETTLED_TOP_UP_STATUSES,
    needsAttention: 'needs_attention' as TopUpSagaStatus,
    messages: { callback: topUpPaymentCallbackSignal, decision: topUpOperatorDecisionSignal, paymentAction: topUpPaymentActionUpdate, outcome: topUpOutcomeUpdate },
    logContext: { topUpId: topUp.topUpId },
  });
  const database = parkWhenExhausted(databaseSteps, park);

  const fail = async (reason: TopUpFailureReason): Promise<TopUpState> => {
    await database.failTopUp({ topUpId: topUp.topUpId, reason });
    state.failureReason = reason;
    delete state.paymentAction;
    setStatus('failed');
    return state;
  };

  return runToTheEnd(run, () => fail('operator_cancelled'));

  async function run(): Promise<TopUpState> {
    await database.recordTopUp(topUp);

    const outcome = await payThroughGateway({
      initiate: () => gateway.initiateTopUpPayment({ topUpId: topUp.topUpId, idempotencyKey: stepKey(workflowId, 'initiate') }),
      sync: () => gateway.syncTopUpPayment({ topUpId: topUp.topUpId }),
      verify: () => gateway.verifyTopUpPayment({ topUpId: topUp.topUpId }),
      park,
      callbackPending,
      takeCallback,
      onInitiated: (initiated) => {
        state.gatewayPaymentId = initiated.gatewayPaymentId;
        state.expiresAt = initiated.expiresAt;
        state.paymentAction = initiated.action;
      },
      onAwaiting: () => setStatus('awaiting_payment'),
      onSync: () => void (state.gatewaySyncs += 1),
      onVerifying: () => setStatus('verifying'),
      onVerified: (transactionId) => void (state.transactionId = transactionId),
      ...(input.sync ? { schedule: input.sync } : {}),
    });
    if (outcome !== 'paid') return fail(outcome);

    // 4. Credit the wallet, once: the key is the workflow's own, whatever retries happen. The money
    // is taken: only a retry can end a park here.
    setStatus('crediting');
    for (;;) {
      try {
        const credited = await database.creditTopUp({ topUpId: topUp.topUpId, idempotencyKey: stepKey(workflowId, 'credit') });
        state.credited = credited.amount;
        break;
      } catch (error) {
        if (!(error instanceof OperatorStopped)) throw error;
      }
    }
    delete state.paymentAction;
    setStatus('credited');
    return state;
  }
}
