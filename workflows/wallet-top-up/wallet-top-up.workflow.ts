import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TopUpActivities } from '../../adapters/temporal/top-up-activities.js';
import { stepKey } from '../../src/shared/payment-saga.js';
import { payThroughGateway, paymentSagaHandlers } from '../shared/gateway-payment.js';
import { OperatorStopped, parkWhenExhausted, runToTheEnd } from '../shared/durable-steps.js';
import { SETTLED_TOP_UP_STATUSES, type TopUpFailureReason } from '../../src/wallet/domain/top-up.js';
import { topUpAwaitingPayment, topUpCredited, topUpCrediting, topUpFailed, topUpParked, topUpVerifying } from '../../src/wallet/domain/top-up-transitions.js';
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
  let state: TopUpState = {
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
  const { enter, park, callbackPending, takeCallback } = paymentSagaHandlers({
    state: () => state,
    replace: (next) => {
      state = next;
    },
    parked: topUpParked,
    settled: SETTLED_TOP_UP_STATUSES,
    messages: { callback: topUpPaymentCallbackSignal, decision: topUpOperatorDecisionSignal, paymentAction: topUpPaymentActionUpdate, outcome: topUpOutcomeUpdate },
    logContext: { topUpId: topUp.topUpId },
  });
  const database = parkWhenExhausted(databaseSteps, park);

  const fail = async (reason: TopUpFailureReason): Promise<TopUpState> => {
    await database.failTopUp({ topUpId: topUp.topUpId, reason });
    enter(topUpFailed(state, reason));
    return state;
  };

  return runToTheEnd(run, () => fail('operator_cancelled'));

  async function run(): Promise<TopUpState> {
    await database.recordTopUp(topUp);

    let transactionId: string | undefined;
    const outcome = await payThroughGateway({
      initiate: () => gateway.initiateTopUpPayment({ topUpId: topUp.topUpId, idempotencyKey: stepKey(workflowId, 'initiate') }),
      sync: () => gateway.syncTopUpPayment({ topUpId: topUp.topUpId }),
      verify: () => gateway.verifyTopUpPayment({ topUpId: topUp.topUpId }),
      park,
      callbackPending,
      takeCallback,
      onAwaiting: (initiated) =>
        enter(topUpAwaitingPayment(state, { gatewayPaymentId: initiated.gatewayPaymentId, expiresAt: initiated.expiresAt, paymentAction: initiated.action })),
      onSync: () => void (state.gatewaySyncs += 1),
      onVerifying: () => enter(topUpVerifying(state)),
      // Runs in the activation of the next step (crediting): no query sees a state between them.
      onVerified: (verified) => void (transactionId = verified),
      ...(input.sync ? { schedule: input.sync } : {}),
    });
    if (outcome !== 'paid') return fail(outcome);

    // 4. Credit the wallet, once: the key is the workflow's own, whatever retries happen. The money
    // is taken: only a retry can end a park here.
    enter(topUpCrediting(state, transactionId!));
    for (;;) {
      try {
        const credited = await database.creditTopUp({ topUpId: topUp.topUpId, idempotencyKey: stepKey(workflowId, 'credit') });
        enter(topUpCredited(state, credited.amount));
        return state;
      } catch (error) {
        if (!(error instanceof OperatorStopped)) throw error;
      }
    }
  }
}
