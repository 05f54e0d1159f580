import { defineQuery, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { RefundActivities } from '../../adapters/temporal/activities.js';
import { stepKey } from '../../src/checkout/domain/saga.js';
import { activityTimeouts, retryPolicies } from '../../temporal.config.js';

// A refund keeps trying until the gateway answers: the money is owed, and the key makes it safe.
const { maximumAttempts: _budget, ...untilAnswered } = retryPolicies.gateway;
const gateway = proxyActivities<RefundActivities>({ ...activityTimeouts.gateway, retry: untilAnswered });
const database = proxyActivities<RefundActivities>({ ...activityTimeouts.database, retry: retryPolicies.database });

export interface RefundState {
  refundId: string;
  status: 'executing' | 'awaiting_gateway' | 'completed' | 'failed';
  gatewayStatus?: string;
  attempts: number;
}

export const refundStateQuery = defineQuery<RefundState>('refundState');

/**
 * One refund, durable: move the money (wallet credit or the gateway's refund API, with one
 * idempotency key for every attempt), wait while the gateway says pending, then settle it as
 * completed or failed. Workflow id `refund-<refundId>`.
 */
export async function refundWorkflow(input: { readonly refundId: string }): Promise<RefundState> {
  const workflowId = workflowInfo().workflowId;
  const state: RefundState = { refundId: input.refundId, status: 'executing', attempts: 0 };
  setHandler(refundStateQuery, () => state);

  const key = stepKey(workflowId, 'execute');
  let report = await gateway.executeRefund({ refundId: input.refundId, idempotencyKey: key });
  state.attempts += 1;
  for (let wait = 60_000; report.status === 'pending'; wait = Math.min(wait * 2, 6 * 3_600_000)) {
    state.status = 'awaiting_gateway';
    state.gatewayStatus = report.gatewayStatus;
    await sleep(wait);
    report = await gateway.executeRefund({ refundId: input.refundId, idempotencyKey: key });
    state.attempts += 1;
  }
  state.gatewayStatus = report.gatewayStatus;
  await database.settleRefund({
    refundId: input.refundId,
    outcome:
      report.status === 'completed'
        ? { type: 'RefundCompleted', ...(report.gatewayRefundId ? { gatewayRefundId: report.gatewayRefundId } : {}) }
        : { type: 'RefundFailed', reason: report.gatewayStatus },
  });
  state.status = report.status === 'completed' ? 'completed' : 'failed';
  return state;
}
