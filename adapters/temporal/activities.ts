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

/** The checkout saga's activities: thin wrappers that map results to Temporal failures. */
export function createCheckoutActivities(steps: CheckoutSteps) {
  return {
    recordOrder: steps.recordOrder,
    openOrder: async (input: Parameters<CheckoutSteps['openOrder']>[0]) => orFail(await steps.openOrder(input)),
    redeemPoints: async (input: Parameters<CheckoutSteps['redeemPoints']>[0]) => orFail(await steps.redeemPoints(input)),
    releasePoints: steps.releasePoints,
    payFromWallet: async (input: Parameters<CheckoutSteps['payFromWallet']>[0]) => orFail(await steps.payFromWallet(input)),
    returnWalletPart: steps.returnWalletPart,
    initiatePayment: (input: Parameters<CheckoutSteps['initiatePayment']>[0]) => gatewayCall(() => steps.initiatePayment(input)),
    syncPayment: (input: Parameters<CheckoutSteps['syncPayment']>[0]) => gatewayCall(() => steps.syncPayment(input)),
    verifyPayment: async (input: Parameters<CheckoutSteps['verifyPayment']>[0]) => orFail(await gatewayCall(() => steps.verifyPayment(input))),
    reserveStock: async (input: Parameters<CheckoutSteps['reserveStock']>[0]) => orFail(await steps.reserveStock(input)),
    awardPoints: steps.awardPoints,
    confirmOrder: steps.confirmOrder,
    approveManualPayment: steps.approveManualPayment,
    refundToWallet: async (input: Parameters<CheckoutSteps['refundToWallet']>[0]) => orFail(await steps.refundToWallet(input)),
    creditTakenToWallet: async (input: Parameters<CheckoutSteps['creditTakenToWallet']>[0]) => orFail(await gatewayCall(() => steps.creditTakenToWallet(input))),
    cancelOrder: steps.cancelOrder,
  };
}

export type CheckoutActivities = ReturnType<typeof createCheckoutActivities>;

/** The refund workflow's activities. */
export function createRefundActivities(refunds: Refunds) {
  return {
    recordRefund: async (input: Parameters<Refunds['recordRefund']>[0]) => orFail(await refunds.recordRefund(input)),
    executeRefund: (input: Parameters<Refunds['executeRefund']>[0]) =>
      // A retried attempt may follow a refund that was made but whose answer was lost: read first.
      gatewayCall(() => refunds.executeRefund({ ...input, readFirst: input.readFirst === true || Context.current().info.attempt > 1 })),
    readRefund: (input: Parameters<Refunds['readRefund']>[0]) => gatewayCall(() => refunds.readRefund(input)),
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
    lookupLatePayment: (input: Parameters<LatePaymentSteps['lookup']>[0]) => gatewayCall(() => steps.lookup(input)),
    settleLatePayment: steps.settle,
    recordLatePaymentOutcome: steps.recordOutcome,
    dueLatePaymentChecks: steps.dueChecks,
    checkLatePayment: (input: Parameters<LatePaymentSteps['check']>[0]) => gatewayCall(() => steps.check(input)),
  };
}

export type LatePaymentActivities = ReturnType<typeof createLatePaymentActivities>;
