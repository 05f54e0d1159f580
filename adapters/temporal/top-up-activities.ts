import type { TopUpSteps } from '../../src/wallet/application/top-ups.js';
import { gatewayCall, orFail } from './activities.js';

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
