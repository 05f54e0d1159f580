import { condition, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CheckoutActivities } from '../../adapters/temporal/activities.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import {
  CHECKOUT_STATUSES,
  bankReference,
  isManualMethod,
  isSettled,
  refuseOperatorCommand,
  splitPayment,
  stepKey,
  type ManualPaymentDecision,
} from '../../src/checkout/domain/saga.js';
import {
  awaitingPayment,
  cancelled,
  compensating,
  confirmed,
  creditedToWallet,
  fulfilling,
  parked,
  pointsAwarded,
  refused,
  verifying,
} from '../../src/checkout/domain/checkout-transitions.js';
import { failureType, payThroughGateway, paymentSagaHandlers, refusedWith } from '../shared/gateway-payment.js';
import { failureMessage, parkWhenExhausted, runToTheEnd } from '../shared/durable-steps.js';
import type { CancelReason } from '../../src/orders/domain/order.js';
import { activityTimeouts, checkoutTimeouts, localActivityRetryThreshold, patches, retryPolicies } from '../../temporal.config.js';
import {
  checkoutStateQuery,
  manualPaymentDecisionSignal,
  operatorCommandUpdate,
  operatorDecisionSignal,
  outcomeUpdate,
  paymentActionUpdate,
  paymentCallbackSignal,
  type CheckoutState,
} from './messages.js';

/**
 * Every step is a local activity: it runs in the worker that runs the saga, inside the workflow
 * task, so a checkout's steps between two waits cost one workflow task instead of a task and an
 * activity round trip each (BENCHMARKS.md). Retries past the first short back-off become durable
 * timers, so an outage survives a worker restart and tests skip through it.
 * Sagas started before local activities keep the activities they were started with.
 */
const localSteps = {
  gateway: proxyLocalActivities<CheckoutActivities>({ ...activityTimeouts.gateway, retry: retryPolicies.gateway, localRetryThreshold: localActivityRetryThreshold }),
  database: proxyLocalActivities<CheckoutActivities>({ ...activityTimeouts.database, retry: retryPolicies.database, localRetryThreshold: localActivityRetryThreshold }),
};
const activitySteps = {
  gateway: proxyActivities<CheckoutActivities>({ ...activityTimeouts.gateway, retry: retryPolicies.gateway }),
  database: proxyActivities<CheckoutActivities>({ ...activityTimeouts.database, retry: retryPolicies.database }),
};

export interface CheckoutWorkflowInput {
  readonly order: CheckoutOrder;
  /** Overrides of the gateway sync schedule (tests use them to isolate the expiry sync). */
  readonly sync?: { readonly firstMs?: number; readonly ceilingMs?: number };
}

const SETTLED = CHECKOUT_STATUSES.filter(isSettled);

/**
 * One checkout: initiate the payment, wait for the callback (asking the gateway meanwhile),
 * verify, reserve stock, award points, confirm. Money taken and then not fulfillable goes back to
 * the shopper's wallet; anything that cannot be decided automatically parks the saga for an operator.
 */
export async function checkoutWorkflow(input: CheckoutWorkflowInput): Promise<CheckoutState> {
  const { order } = input;
  const workflowId = workflowInfo().workflowId;
  const steps = patched(patches.localActivitySteps) ? localSteps : activitySteps;
  const { gateway } = steps;
  let state: CheckoutState = {
    orderId: order.orderId,
    customerId: order.customerId,
    gateway: order.gateway,
    amount: order.total,
    status: 'initiating',
    callbacksReceived: 0,
    gatewaySyncs: 0,
    decisions: [],
  };

  setHandler(checkoutStateQuery, () => state);
  const { enter, park, nowIso, decide, callbackPending, takeCallback } = paymentSagaHandlers({
    state: () => state,
    replace: (next) => {
      state = next;
    },
    parked,
    settled: SETTLED,
    messages: { callback: paymentCallbackSignal, decision: operatorDecisionSignal, paymentAction: paymentActionUpdate, outcome: outcomeUpdate },
    logContext: { orderId: order.orderId },
    onParked: (code, message) => steps.database.noteAttention({ orderId: order.orderId, code, message }),
  });
  const database = parkWhenExhausted(steps.database, park);
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
        decide({ action: command.action, by: command.by, reason: command.reason });
      }
      // Answer once the saga has taken the command up, recorded it with who and why, and done it:
      // an approval once the order is confirmed (or cancelled, or parked), a rejection, a cancel or
      // a refund to the wallet once the checkout is cancelled (or parked again, when it could not
      // be done); a retry once it is under way.
      const done = (): boolean => command.action === 'retry' || isSettled(state.status);
      await condition(() => state.decisions.length > seen && done());
      return state;
    },
    {
      validator: (command) => {
        const refusal = refuseOperatorCommand(state, command, manualDecision !== undefined);
        if (refusal !== undefined) throw new Error(refusal);
      },
    },
  );
  // Compensations are registered before the step they undo runs, and run last-first. Each is
  // idempotent and undoes only what its step really did.
  const compensations: { name: string; run: () => Promise<{ amountMinor: number } | undefined> }[] = [];
  const compensate = async () => {
    if (compensations.length === 0) return;
    enter(compensating(state));
    while (compensations.length > 0) {
      const compensation = compensations.pop()!;
      const undone = await compensation.run();
      if (undone && undone.amountMinor > 0) state = creditedToWallet(state, { amountMinor: undone.amountMinor, currency: order.total.currency });
    }
  };

  const cancel = async (reason: CancelReason): Promise<CheckoutState> => {
    await compensate();
    await database.cancelOrder({ orderId: order.orderId, reason });
    enter(cancelled(state, reason));
    return state;
  };

  return runToTheEnd(run, () => cancel('operator_cancelled'));

  async function run(): Promise<CheckoutState> {
    const parts = splitPayment(order.gateway, order.total, order.walletAmount);
    let transactionId: string | undefined;
    const pointsRedeemed = order.charges?.pointsRedeemed ?? 0;
    const redeemKey = stepKey(workflowId, 'redeem-points');
    const debitKey = stepKey(workflowId, 'wallet-debit');
    const releasePoints = {
      name: 'release points',
      run: async () => void (await database.releasePoints({ orderId: order.orderId, redeemKey, idempotencyKey: stepKey(workflowId, 'release-points') })),
    };
    const returnWalletPart = {
      name: 'return wallet part',
      run: async () =>
        (await database.returnWalletPart({ orderId: order.orderId, debitKey, idempotencyKey: stepKey(workflowId, 'wallet-return'), reason: 'checkout failed' })).amount,
    };
    // Once money is taken (the gateway's, or the cash or transfer an operator approved), a checkout
    // that cannot be fulfilled credits it to the shopper's wallet.
    const refundToWalletCompensation = (name: string) => ({
      name,
      run: async () =>
        (await database.refundToWallet({ orderId: order.orderId, idempotencyKey: stepKey(workflowId, 'refund-to-wallet'), reason: 'checkout could not be fulfilled' })).amount,
    });

    // Whether the units were held as the checkout opened, for its whole payment window.
    let stockHeldAtOpen = false;
    if (patched(patches.openOrderAtOnce)) {
      // The order, its stock, its points and its wallet part in one transaction: when another
      // checkout took the units, the balance or the points since the quote, nothing is kept and
      // the shopper is told why.
      stockHeldAtOpen = patched(patches.holdStockAtOpen);
      try {
        await database.openOrder({ ...order, redeemKey, debitKey, ...(stockHeldAtOpen ? { holdStock: true } : {}) });
      } catch (error) {
        const type = failureType(error);
        if (type === 'wallet.balance_changed' || type === 'loyalty.points_changed' || type === 'inventory.out_of_stock') {
          enter(refused(state, { code: type, message: failureMessage(error) }));
          return state;
        }
        throw error;
      }
      if (pointsRedeemed > 0) compensations.push(releasePoints);
      if (parts.wallet.amountMinor > 0) compensations.push(returnWalletPart);
    } else {
      await database.recordOrder(order);
      // Points redeemed as a discount are spent first, and given back if the checkout fails.
      if (pointsRedeemed > 0) {
        compensations.push(releasePoints);
        if (await refusedWith('loyalty.insufficient_points', () => database.redeemPoints({ orderId: order.orderId, idempotencyKey: redeemKey }))) return cancel('payment_failed');
      }
      // The wallet pays first: all of a wallet order, or its part of a split one. No callback needed.
      if (parts.wallet.amountMinor > 0) {
        compensations.push(returnWalletPart);
        if (await refusedWith('wallet.insufficient_funds', () => database.payFromWallet({ orderId: order.orderId, idempotencyKey: debitKey }))) return cancel('payment_failed');
      }
    }

    if (parts.gateway.amountMinor > 0 && isManualMethod(order.gateway)) {
      const method = order.gateway;
      const windowMs = checkoutTimeouts.manualApprovalWindowMs[method];
      // The units are held for the whole window: the operator approves money for goods still there.
      const holdsStock = stockHeldAtOpen || patched(patches.manualHoldsStock);
      if (holdsStock && !stockHeldAtOpen) {
        if (await refusedWith('inventory.out_of_stock', () => database.reserveStock({ orderId: order.orderId }))) return cancel('out_of_stock');
      }
      const reference = bankReference(order.orderId);
      enter(
        awaitingPayment(state, {
          paymentAction: {
            type: 'instructions',
            method,
            reference,
            text:
              method === 'bank_transfer'
                ? `Transfer the amount quoting reference ${reference}; the order is confirmed once the transfer arrives.`
                : `Pay in cash on delivery; the order is confirmed once the courier reports payment.`,
            approveBy: new Date(Date.now() + windowMs).toISOString(),
          },
        }),
      );
      const decided = await condition(() => manualDecision !== undefined, windowMs);
      if (!decided) return cancel('payment_expired');
      state.decisions.push({ action: manualDecision!.decision, by: manualDecision!.by, reason: manualDecision!.reason, at: nowIso() });
      if (manualDecision!.decision === 'reject') return cancel('payment_failed');
      await database.approveManualPayment({ orderId: order.orderId, approvedBy: manualDecision!.by });
      if (holdsStock) {
        // From here the cash or the transfer is taken: should fulfilment still fail, it goes to the wallet.
        compensations.push(refundToWalletCompensation('refund manual payment to wallet'));
      }
    } else if (parts.gateway.amountMinor > 0) {
      const outcome = await payGatewayPart();
      if (typeof outcome !== 'string') return outcome;
      transactionId = outcome;
      // From here the gateway's money is taken: its compensation is a credit to the shopper's wallet.
      compensations.push(refundToWalletCompensation('refund gateway part to wallet'));
    }

    enter(fulfilling(state, transactionId));
    if (!stockHeldAtOpen && (await refusedWith('inventory.out_of_stock', () => database.reserveStock({ orderId: order.orderId })))) return cancel('out_of_stock');
    const points = await database.awardPoints({ orderId: order.orderId, idempotencyKey: stepKey(workflowId, 'award-points') });
    state = pointsAwarded(state, points.points);
    await database.confirmOrder({ orderId: order.orderId });
    compensations.length = 0;
    enter(confirmed(state));
    return state;
  }

  /** Initiate, await and verify the gateway part; the verified transaction's id, or the state after cancelling. */
  async function payGatewayPart(): Promise<string | CheckoutState> {
    let creditedByOperator = false;
    let transactionId: string | undefined;
    const outcome = await payThroughGateway({
      initiate: () => gateway.initiatePayment({ ...order, idempotencyKey: stepKey(workflowId, 'initiate') }),
      sync: () => gateway.syncPayment({ orderId: order.orderId }),
      verify: () => gateway.verifyPayment({ orderId: order.orderId, ...(order.saveFor === undefined ? {} : { rememberMethod: true }) }),
      // An operator's "refund to wallet" credits what the gateway took, then the checkout cancels;
      // when the gateway took nothing, the saga stays parked and says so.
      park: async (code, message) => {
        for (;;) {
          const decision = await park(code, message);
          if (decision.action !== 'refund_to_wallet') return decision;
          try {
            const credited = await gateway.creditTakenToWallet({
              orderId: order.orderId,
              idempotencyKey: stepKey(workflowId, 'refund-to-wallet'),
              reason: `${decision.reason} (by ${decision.by})`,
            });
            state = creditedToWallet(state, credited.amount);
            creditedByOperator = true;
            return decision;
          } catch (error) {
            code = failureType(error);
            message = `refund to wallet not done: ${failureMessage(error)}`;
          }
        }
      },
      callbackPending,
      takeCallback,
      onAwaiting: (initiated) => enter(awaitingPayment(state, { gatewayPaymentId: initiated.gatewayPaymentId, expiresAt: initiated.expiresAt, paymentAction: initiated.action })),
      onSync: () => void (state.gatewaySyncs += 1),
      onVerifying: () => enter(verifying(state)),
      // Runs in the activation of the next step (fulfilling): no query sees a state between them.
      onVerified: (verified) => void (transactionId = verified),
      ...(input.sync ? { schedule: input.sync } : {}),
    });
    if (outcome === 'paid') return transactionId!;
    return cancel(creditedByOperator ? 'refunded_to_wallet' : outcome);
  }
}
