import { ApplicationFailure } from '@temporalio/activity';
import type { TopUpSteps } from '../../src/wallet/application/top-ups.js';
import { GatewayRejectedError } from '../../src/payments/api.js';
import type { DomainError, Result } from '../../src/shared/result.js';

/** A business error becomes a non-retryable failure whose type is the error's stable code. */
function orFail<T>(result: Result<T, DomainError>): T {
  if (result.ok) return result.value;
  throw ApplicationFailure.create({
    type: result.error.code,
    message: result.error.message,
    nonRetryable: true,
    details: result.error.details === undefined ? [] : [result.error.details],
  });
}

async function gatewayCall<T>(call: () => Promise<T>): Promise<T> {
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

/** The top-up saga's activities; names distinct from the checkout's, as one worker registers both. */
export function createTopUpActivities(steps: TopUpSteps) {
  return {
    recordTopUp: steps.recordTopUp,
    initiateTopUpPayment: (input: Parameters<TopUpSteps['initiatePayment']>[0]) => gatewayCall(() => steps.initiatePayment(input)),
    syncTopUpPayment: (input: Parameters<TopUpSteps['syncPayment']>[0]) => gatewayCall(() => steps.syncPayment(input)),
    verifyTopUpPayment: async (input: Parameters<TopUpSteps['verifyPayment']>[0]) => orFail(await gatewayCall(() => steps.verifyPayment(input))),
    creditTopUp: async (input: Parameters<TopUpSteps['creditWallet']>[0]) => orFail(await steps.creditWallet(input)),
    failTopUp: steps.failTopUp,
  };
}

export type TopUpActivities = ReturnType<typeof createTopUpActivities>;
