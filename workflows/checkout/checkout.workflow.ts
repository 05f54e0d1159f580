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
import type { CheckoutActivities } from '../../adapters/temporal/activities.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import { bankReference, isManualMethod, refuseOperatorCommand, splitPayment, stepKey, syncDelayMs, type CheckoutStatus, type ManualPaymentDecision } from '../../src/checkout/domain/saga.js';
import type { CancelReason } from '../../src/orders/domain/order.js';
import { activityTimeouts, checkoutTimeouts, retryPolicies, searchAttributes } from '../../temporal.config.js';
import {
  checkoutStateQuery,
  manualPaymentDecisionSignal,
  operatorCommandUpdate,
  operatorDecisionSignal,
  outcomeUpdate,
  paymentActionUpdate,
  paymentCallbackSignal,
  type CheckoutState,
  type OperatorDecision,
} from './messages.js';

const gateway = proxyActivities<CheckoutActivities>({ ...activityTimeouts.gateway, retry: retryPolicies.gateway });
const database = proxyActivities<CheckoutActivities>({ ...activityTimeouts.database, retry: retryPolicies.database });

export interface CheckoutWorkflowInput {
  readonly order: CheckoutOrder;
  /** Overrides of the gateway sync schedule (tests use them to isolate the expiry sync). */
  readonly sync?: { readonly firstMs?: number; readonly ceilingMs?: number };
}

const SETTLED: readonly CheckoutStatus[] = ['confirmed', 'cancelled', 'needs_attention'];

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
 * One checkout: initiate the payment, wait for the callback (asking the gateway meanwhile),
 * verify, reserve stock, award points, confirm. Money taken and then not fulfillable goes back to
 * the shopper's wallet; anything that cannot be decided automatically parks the saga for an operator.
 */
export async function checkoutWorkflow(input: CheckoutWorkflowInput): Promise<CheckoutState> {
  const { order } = input;
  const workflowId = workflowInfo().workflowId;
  const state: CheckoutState = {
    orderId: order.orderId,
    customerId: order.customerId,
    gateway: order.gateway,
    amount: order.total,
    status: 'initiating',
    callbacksReceived: 0,
    gatewaySyncs: 0,
    decisions: [],
  };
  let callbackPending = false;
  const pendingDecisions: OperatorDecision[] = [];
  const nowIso = () => new Date(Date.now()).toISOString();

  setHandler(checkoutStateQuery, () => state);
  setHandler(paymentCallbackSignal, (callback) => {
    state.callbacksReceived += 1;
    if (callback.gatewayPaymentId === state.gatewayPaymentId) callbackPending = true;
    else log.warn('callback for another gateway payment ignored', { orderId: order.orderId, gatewayPaymentId: callback.gatewayPaymentId });
  });
  setHandler(operatorDecisionSignal, (decision) => {
    pendingDecisions.push(decision);
  });
  let manualDecision: ManualPaymentDecision | undefined;
  setHandler(manualPaymentDecisionSignal, (decision) => {
    // The first decision stands; a late or repeated one changes nothing.
    if (manualDecision === undefined) manualDecision = decision;
  });
  setHandler(
    operatorCommandUpdate,
    async (command) => {
      const seen = state.decisions.length;
      if (command.action === 'approve' || command.action === 'reject') {
        manualDecision = { decision: command.action, by: command.by, reason: command.reason };
      } else {
        pendingDecisions.push({ action: command.action, by: command.by, reason: command.reason });
      }
      // Answer once the saga has taken the command up and recorded it with who and why.
      await condition(() => state.decisions.length > seen);
      return state;
    },
    {
      validator: (command) => {
        const refusal = refuseOperatorCommand(state, command, manualDecision !== undefined);
        if (refusal !== undefined) throw new Error(refusal);
      },
    },
  );
  setHandler(paymentActionUpdate, async () => {
    await condition(() => state.paymentAction !== undefined || SETTLED.includes(state.status));
    return state;
  });
  setHandler(
    outcomeUpdate,
    async ({ timeoutMs }) => {
      await condition(() => SETTLED.includes(state.status), timeoutMs);
      return state;
    },
    {
      validator: ({ timeoutMs }) => {
        if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 60_000) throw new Error('timeoutMs must be an integer from 0 to 60000');
      },
    },
  );

  const setStatus = (status: CheckoutStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: searchAttributes.status, value: status }]);
  };

  /** Parks the saga until an operator decides; returns the decision. */
  const park = async (code: string, message: string): Promise<OperatorDecision> => {
    const previous = state.status;
    state.attention = { code, message, since: nowIso() };
    setStatus('needs_attention');
    log.warn('checkout needs attention', { orderId: order.orderId, code, message });
    await condition(() => pendingDecisions.length > 0);
    const decision = pendingDecisions.shift()!;
    state.decisions.push({ ...decision, at: nowIso() });
    delete state.attention;
    setStatus(previous);
    return decision;
  };

  // Compensations are registered before the step they undo runs, and run last-first. Each is
  // idempotent and undoes only what its step really did.
  const compensations: { name: string; run: () => Promise<{ amountMinor: number } | void> }[] = [];
  const compensate = async () => {
    if (compensations.length === 0) return;
    setStatus('compensating');
    while (compensations.length > 0) {
      const compensation = compensations.pop()!;
      const undone = await compensation.run();
      if (undone && undone.amountMinor > 0) {
        state.refundedToWallet = { amountMinor: (state.refundedToWallet?.amountMinor ?? 0) + undone.amountMinor, currency: order.total.currency };
      }
    }
  };

  const cancel = async (reason: CancelReason): Promise<CheckoutState> => {
    await compensate();
    await database.cancelOrder({ orderId: order.orderId, reason });
    state.cancelReason = reason;
    delete state.paymentAction;
    setStatus('cancelled');
    return state;
  };

  await database.recordOrder(order);
  const parts = splitPayment(order.gateway, order.total, order.walletAmount);

  // Points redeemed as a discount are spent first, and given back if the checkout fails.
  if ((order.charges?.pointsRedeemed ?? 0) > 0) {
    const redeemKey = stepKey(workflowId, 'redeem-points');
    compensations.push({
      name: 'release points',
      run: async () => void (await database.releasePoints({ orderId: order.orderId, redeemKey, idempotencyKey: stepKey(workflowId, 'release-points') })),
    });
    try {
      await database.redeemPoints({ orderId: order.orderId, idempotencyKey: redeemKey });
    } catch (error) {
      if (failureType(error) === 'loyalty.insufficient_points') return cancel('payment_failed');
      throw error;
    }
  }

  // The wallet pays first: all of a wallet order, or its part of a split one. No callback needed.
  if (parts.wallet.amountMinor > 0) {
    const debitKey = stepKey(workflowId, 'wallet-debit');
    compensations.push({
      name: 'return wallet part',
      run: async () =>
        (await database.returnWalletPart({ orderId: order.orderId, debitKey, idempotencyKey: stepKey(workflowId, 'wallet-return'), reason: 'checkout failed' })).amount,
    });
    try {
      await database.payFromWallet({ orderId: order.orderId, idempotencyKey: debitKey });
    } catch (error) {
      if (failureType(error) === 'wallet.insufficient_funds') return cancel('payment_failed');
      throw error;
    }
  }

  if (parts.gateway.amountMinor > 0 && isManualMethod(order.gateway)) {
    const method = order.gateway;
    const windowMs = checkoutTimeouts.manualApprovalWindowMs[method];
    const reference = bankReference(order.orderId);
    state.paymentAction = {
      type: 'instructions',
      method,
      reference,
      text:
        method === 'bank_transfer'
          ? `Transfer the amount quoting reference ${reference}; the order is confirmed once the transfer arrives.`
          : `Pay in cash on delivery; the order is confirmed once the courier reports payment.`,
      approveBy: new Date(Date.now() + windowMs).toISOString(),
    };
    setStatus('awaiting_payment');
    const decided = await condition(() => manualDecision !== undefined, windowMs);
    if (!decided) return cancel('payment_expired');
    state.decisions.push({ action: manualDecision!.decision, by: manualDecision!.by, reason: manualDecision!.reason, at: nowIso() });
    if (manualDecision!.decision === 'reject') return cancel('payment_failed');
    await database.approveManualPayment({ orderId: order.orderId, approvedBy: manualDecision!.by });
  } else if (parts.gateway.amountMinor > 0) {
    const outcome = await payThroughGateway();
    if (outcome !== 'paid') return outcome;
    // From here the gateway's money is taken: its compensation is a credit to the shopper's wallet.
    compensations.push({
      name: 'refund gateway part to wallet',
      run: async () =>
        (await database.refundToWallet({ orderId: order.orderId, idempotencyKey: stepKey(workflowId, 'refund-to-wallet'), reason: 'checkout could not be fulfilled' }))
          .amount,
    });
  }

  setStatus('fulfilling');
  try {
    await database.reserveStock({ orderId: order.orderId });
  } catch (error) {
    if (failureType(error) === 'inventory.out_of_stock') return cancel('out_of_stock');
    throw error;
  }
  const points = await database.awardPoints({ orderId: order.orderId, idempotencyKey: stepKey(workflowId, 'award-points') });
  state.pointsAwarded = points.points;
  await database.confirmOrder({ orderId: order.orderId });
  compensations.length = 0;
  delete state.paymentAction;
  setStatus('confirmed');
  return state;

  /** Initiate, await and verify the gateway part; `paid`, or the state after cancelling. */
  async function payThroughGateway(): Promise<'paid' | CheckoutState> {
    // 1. Initiate.
    for (;;) {
      try {
        const initiated = await gateway.initiatePayment({ ...order, idempotencyKey: stepKey(workflowId, 'initiate') });
        state.gatewayPaymentId = initiated.gatewayPaymentId;
        state.expiresAt = initiated.expiresAt;
        state.paymentAction = initiated.action;
        break;
      } catch (error) {
        const type = failureType(error);
        if (type === 'payments.gateway_rejected') return cancel('payment_failed');
        const decision = await park(type, 'the gateway could not be reached to create the payment');
        if (decision.action !== 'retry') return cancel('operator_cancelled');
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
        report = await gateway.syncPayment({ orderId: order.orderId });
      } catch (error) {
        const decision = await park(failureType(error), 'the gateway could not be asked about the payment');
        if (decision.action === 'retry') continue;
        return cancel('operator_cancelled');
      }
      // `approved` needs our capture, which the verify step does.
      if (report.status === 'completed' || report.status === 'approved') break;
      if (report.status === 'failed') {
        return cancel(report.reason === 'expired' ? 'payment_expired' : report.reason === 'cancelled' ? 'payment_cancelled' : 'payment_failed');
      }
      if (report.status === 'review' || Date.now() >= graceEnd) {
        const code = report.status === 'review' ? 'payments.review_required' : 'payments.unresolved_after_expiry';
        const decision = await park(code, `the gateway reports the payment as ${report.gatewayStatus}`);
        if (decision.action === 'retry') continue;
        return cancel('operator_cancelled');
      }
    }

    // 3. Verify with the gateway's own API and bind the transaction to this order.
    setStatus('verifying');
    for (;;) {
      try {
        const verified = await gateway.verifyPayment({ orderId: order.orderId });
        state.transactionId = verified.transactionId;
        break;
      } catch (error) {
        const type = failureType(error);
        const decision = await park(type, error instanceof ActivityFailure && error.cause ? error.cause.message : 'verification failed');
        if (decision.action === 'retry') continue;
        return cancel('operator_cancelled');
      }
    }
    return 'paid';
  }
}
