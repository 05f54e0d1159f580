import type { TopUpSteps } from '../../src/wallet/application/top-ups.js';
import { callingGateway, refusable } from './activities.js';

/** The top-up saga's activities; names distinct from the checkout's, as one worker registers both. */
export function createTopUpActivities(steps: TopUpSteps) {
  return {
    recordTopUp: steps.recordTopUp,
    initiateTopUpPayment: callingGateway(steps.initiatePayment),
    syncTopUpPayment: callingGateway(steps.syncPayment),
    verifyTopUpPayment: refusable(callingGateway(steps.verifyPayment)),
    creditTopUp: refusable(steps.creditWallet),
    failTopUp: steps.failTopUp,
  };
}

export type TopUpActivities = ReturnType<typeof createTopUpActivities>;
