import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TopUpActivities } from '../../adapters/temporal/top-up-activities.js';
import { stepKey, syncDelayMs } from '../../src/checkout/domain/saga.js';
import { SETTLED_TOP_UP_STATUSES, type TopUpFailureReason, type TopUpSagaStatus } from '../../src/wallet/domain/top-up.js';
import type { TopUpRequest } from '../../src/wallet/ports/top-up-sagas.js';
import { activityTimeouts, checkoutTimeouts, retryPolicies, searchAttributes } from '../../temporal.config.js';
import {
  topUpOperatorDecisionSignal,
  topUpOutcomeUpdate,
  topUpPaymentActionUpdate,
  topUpPaymentCallbackSignal,
  topUpStateQuery,
  type OperatorDecision,
  type TopUpState,
} from './messages.js';

const gateway = proxyActivities<TopUpActivities>({ ...activityTimeouts.gateway, retry: retryPolicies.gateway });
const database = proxyActivities<TopUpActivities>({ ...activityTimeouts.database, retry: retryPolicies.database });

export interface WalletTopUpWorkflowInput {
  readonly topUp: TopUpRequest;
  /** Overrides of the gateway sync schedule (tests use them to isolate the expiry sync). */
  readonly sync?: { readonly firstMs?: number; readonly ceilingMs?: number };
}

/** The failure type of an activity error: the domain code, or `payments.gateway_unreachable` when the retry budget ran out. */
function failureType(error: unknown): string {
  if (error instanceof ActivityFailure) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type) return cause.type;
    return 'payments.gateway_unreachable';
  }
  throw error;
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
  let callbackPending = false;
  const pendingDecisions: OperatorDecision[] = [];
  const nowIso = () => new Date(Date.now()).toISOString();

  setHandler(topUpStateQuery, () => state);
  setHandler(topUpPaymentCallbackSignal, (callback) => {
    state.callbacksReceived += 1;
    if (callback.gatewayPaymentId === state.gatewayPaymentId) callbackPending = true;
    else log.warn('callback for another gateway payment ignored', { topUpId: topUp.topUpId, gatewayPaymentId: callback.gatewayPaymentId });
  });
  setHandler(topUpOperatorDecisionSignal, (decision) => {
    pendingDecisions.push(decision);
  });
  setHandler(topUpPaymentActionUpdate, async () => {
    await condition(() => state.paymentAction !== undefined || SETTLED_TOP_UP_STATUSES.includes(state.status));
    return state;
  });
  setHandler(
    topUpOutcomeUpdate,
    async ({ timeoutMs }) => {
      await condition(() => SETTLED_TOP_UP_STATUSES.includes(state.status), timeoutMs);
      return state;
    },
    {
      validator: ({ timeoutMs }) => {
        if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 60_000) throw new Error('timeoutMs must be an integer from 0 to 60000');
      },
    },
  );

  const setStatus = (status: TopUpSagaStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: searchAttributes.status, value: status }]);
  };

  /** Parks the saga until an operator decides; returns the decision. */
  const park = async (code: string, message: string): Promise<OperatorDecision> => {
    const previous = state.status;
    state.attention = { code, message, since: nowIso() };
    setStatus('needs_attention');
    log.warn('top-up needs attention', { topUpId: topUp.topUpId, code, message });
    await condition(() => pendingDecisions.length > 0);
    const decision = pendingDecisions.shift()!;
    state.decisions.push({ ...decision, at: nowIso() });
    delete state.attention;
    setStatus(previous);
    return decision;
  };

  const fail = async (reason: TopUpFailureReason): Promise<TopUpState> => {
    await database.failTopUp({ topUpId: topUp.topUpId, reason });
    state.failureReason = reason;
    delete state.paymentAction;
    setStatus('failed');
    return state;
  };

  await database.recordTopUp(topUp);

  // 1. Initiate.
  for (;;) {
    try {
      const initiated = await gateway.initiateTopUpPayment({ topUpId: topUp.topUpId, idempotencyKey: stepKey(workflowId, 'initiate') });
      state.gatewayPaymentId = initiated.gatewayPaymentId;
      state.expiresAt = initiated.expiresAt;
      state.paymentAction = initiated.action;
      break;
    } catch (error) {
      const type = failureType(error);
      if (type === 'payments.gateway_rejected') return fail('payment_failed');
      const decision = await park(type, 'the gateway could not be reached to create the payment');
      if (decision.action !== 'retry') return fail('operator_cancelled');
    }
  }
  setStatus('awaiting_payment');

  // 2. Await the callback, syncing with the gateway meanwhile and at expiry.
  const deadline = Date.parse(state.expiresAt!);
  const graceEnd = deadline + checkoutTimeouts.expiryGraceMs;
  const firstMs = input.sync?.firstMs ?? checkoutTimeouts.syncFirstMs;
  const ceilingMs = input.sync?.ceilingMs ?? checkoutTimeouts.syncCeilingMs;
  let attempt = 0;
  for (;;) {
    const now = Date.now();
    if (now < graceEnd) {
      const until = now < deadline ? deadline : graceEnd;
      const wait = Math.max(0, Math.min(syncDelayMs(attempt, firstMs, ceilingMs), until - now));
      if (wait > 0) {
        const called = await condition(() => callbackPending, wait);
        if (!called) attempt += 1;
      }
      callbackPending = false;
    }
    let report;
    try {
      state.gatewaySyncs += 1;
      report = await gateway.syncTopUpPayment({ topUpId: topUp.topUpId });
    } catch (error) {
      const decision = await park(failureType(error), 'the gateway could not be asked about the payment');
      if (decision.action === 'retry') continue;
      return fail('operator_cancelled');
    }
    // `approved` needs our capture, which the verify step does.
    if (report.status === 'completed' || report.status === 'approved') break;
    if (report.status === 'failed') {
      return fail(report.reason === 'expired' ? 'payment_expired' : report.reason === 'cancelled' ? 'payment_cancelled' : 'payment_failed');
    }
    if (report.status === 'review' || Date.now() >= graceEnd) {
      const code = report.status === 'review' ? 'payments.review_required' : 'payments.unresolved_after_expiry';
      const decision = await park(code, `the gateway reports the payment as ${report.gatewayStatus}`);
      if (decision.action === 'retry') continue;
      return fail('operator_cancelled');
    }
  }

  // 3. Verify with the gateway's own API and bind the transaction to this top-up.
  setStatus('verifying');
  for (;;) {
    try {
      const verified = await gateway.verifyTopUpPayment({ topUpId: topUp.topUpId });
      state.transactionId = verified.transactionId;
      break;
    } catch (error) {
      const type = failureType(error);
      const decision = await park(type, error instanceof ActivityFailure && error.cause ? error.cause.message : 'verification failed');
      if (decision.action === 'retry') continue;
      return fail('operator_cancelled');
    }
  }

  // 4. Credit the wallet, once: the key is the workflow's own, whatever retries happen.
  setStatus('crediting');
  const credited = await database.creditTopUp({ topUpId: topUp.topUpId, idempotencyKey: stepKey(workflowId, 'credit') });
  state.credited = credited.amount;
  delete state.paymentAction;
  setStatus('credited');
  return state;
}
