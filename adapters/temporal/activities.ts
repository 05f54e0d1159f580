import { ApplicationFailure, Context } from '@temporalio/activity';
import type { CheckoutSteps } from '../../src/checkout/application/checkout-steps.js';
import type { Refunds } from '../../src/checkout/application/refunds.js';
import type { LatePaymentSteps } from '../../src/payments/application/late-payments.js';
import { GatewayRejectedError } from '../../src/payments/api.js';
import type { DomainError, Result } from '../../src/shared/result.js';

/** A business error becomes a non-retryable failure whose type is the error's stable code. */
export function orFail<T>(result: Result<T, DomainError>): T {
  if (result.ok) return result.value;
  throw ApplicationFailure.create({
    type: result.error.code,
    message: result.error.message,
    nonRetryable: true,
    details: result.error.details === undefined ? [] : [result.error.details],
  });
}

/** A gateway's refusal becomes a non-retryable failure; transport errors stay retryable. */
export async function gatewayCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatewayRejectedError) {
      throw ApplicationFailure.create({
        type: 'payments.gateway_rejected',
        message: `${error.gateway} refused the request (${error.gatewayErrorKey})`,
        nonRetryable: true,
        details: [{ gateway: error.gateway, gatewayErrorKey: error.gatewayErrorKey }],
      });
    }
    throw error;
  }
}

/** `step` as an activity whose refusal fails it for good (see `orFail`). */
export const refusable =
  <I, T>(step: (input: I) => Promise<Result<T, DomainError>>) =>
  async (input: I): Promise<T> =>
    orFail(await step(input));

/** `step` as an activity that calls a gateway, whose refusal fails it for good (see `gatewayCall`). */
export const callingGateway =
  <I, T>(step: (input: I) => Promise<T>) =>
  (input: I): Promise<T> =>
    gatewayCall(() => step(input));

/** The checkout saga's activities: thin wrappers that map results to Temporal failures. */
export function createCheckoutActivities(steps: CheckoutSteps) {
  return {
    recordOrder: steps.recordOrder,
    openOrder: refusable(steps.openOrder),
    redeemPoints: refusable(steps.redeemPoints),
    releasePoints: steps.releasePoints,
    payFromWallet: refusable(steps.payFromWallet),
    returnWalletPart: steps.returnWalletPart,
    initiatePayment: callingGateway(steps.initiatePayment),
    syncPayment: callingGateway(steps.syncPayment),
    verifyPayment: refusable(callingGateway(steps.verifyPayment)),
    reserveStock: refusable(steps.reserveStock),
    awardPoints: steps.awardPoints,
    confirmOrder: steps.confirmOrder,
    approveManualPayment: steps.approveManualPayment,
    refundToWallet: refusable(steps.refundToWallet),
    creditTakenToWallet: refusable(callingGateway(steps.creditTakenToWallet)),
    cancelOrder: steps.cancelOrder,
    noteAttention: steps.noteAttention,
  };
}

export type CheckoutActivities = ReturnType<typeof createCheckoutActivities>;

/** The refund workflow's activities. */
export function createRefundActivities(refunds: Refunds) {
  return {
    recordRefund: refusable(refunds.recordRefund),
    executeRefund: (input: Parameters<Refunds['executeRefund']>[0]) =>
      // A retried attempt may follow a refund that was made but whose answer was lost: read first.
      gatewayCall(() => refunds.executeRefund({ ...input, readFirst: input.readFirst === true || Context.current().info.attempt > 1 })),
    readRefund: callingGateway(refunds.readRefund),
    settleRefund: async (input: Parameters<Refunds['settle']>[0]) => {
      await refunds.settle(input);
    },
    creditWalletInstead: (input: Parameters<Refunds['creditWalletInstead']>[0]) => refunds.creditWalletInstead(input),
    setRefundAttention: (input: Parameters<Refunds['setAttention']>[0]) => refunds.setAttention(input),
    recordRefundDecision: (input: Parameters<Refunds['recordDecision']>[0]) => refunds.recordDecision(input),
  };
}

export type RefundActivities = ReturnType<typeof createRefundActivities>;

/** The late-payment saga's and the reconciliation's activities. */
export function createLatePaymentActivities(steps: LatePaymentSteps) {
  return {
    findLatePaymentOwner: steps.findOwner,
    lookupLatePayment: callingGateway(steps.lookup),
    settleLatePayment: steps.settle,
    recordLatePaymentOutcome: steps.recordOutcome,
    dueLatePaymentChecks: steps.dueChecks,
    checkLatePayment: callingGateway(steps.check),
  };
}

export type LatePaymentActivities = ReturnType<typeof createLatePaymentActivities>;
