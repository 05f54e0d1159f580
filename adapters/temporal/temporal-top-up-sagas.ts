import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { topUpWorkflowId, type TopUpState } from '../../src/wallet/domain/top-up.js';
import type { TopUpPaymentCallback, TopUpRequest, TopUpSagas } from '../../src/wallet/ports/top-up-sagas.js';
import { searchAttributes } from '../../temporal.config.js';
import { awaitOutcomeSurvivingRaces } from './outcome-update.js';
import type { walletTopUpWorkflow } from '../../workflows/wallet-top-up/wallet-top-up.workflow.js';
import { topUpOutcomeUpdate, topUpPaymentActionUpdate, topUpPaymentCallbackSignal, topUpStateQuery } from '../../workflows/wallet-top-up/messages.js';

/** Top-up sagas on Temporal: one workflow per top-up, id `wallet-top-up-<topUpId>`, never reused. */
export class TemporalTopUpSagas implements TopUpSagas {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly startWaitMs = 20_000,
  ) {}

  async start(request: TopUpRequest): Promise<TopUpState> {
    const handle = await this.client.workflow.start<typeof walletTopUpWorkflow>('walletTopUpWorkflow', {
      workflowId: topUpWorkflowId(request.topUpId),
      taskQueue: this.taskQueue,
      args: [{ topUp: request }],
      // Temporal's default would allow a second wallet-top-up-<id> once the first has closed.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.customerId, value: request.customerId },
        { key: searchAttributes.gateway, value: request.gateway },
        { key: searchAttributes.status, value: 'initiating' },
        { key: searchAttributes.amountMinor, value: request.amount.amountMinor },
      ],
      memo: { summary: `${request.gateway} wallet top-up of ${request.amount.amountMinor} ${request.amount.currency} for ${request.customerId}` },
    });
    // The update answers once the shopper can be sent to pay; past the wait, the caller gets the state as it is.
    const update = handle.executeUpdate(topUpPaymentActionUpdate);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.startWaitMs);
    });
    try {
      const state = await Promise.race([update, timeout]);
      return state ?? (await handle.query(topUpStateQuery));
    } finally {
      clearTimeout(timer);
      update.catch(() => undefined);
    }
  }

  async state(topUpId: string): Promise<TopUpState | undefined> {
    try {
      return await this.client.workflow.getHandle(topUpWorkflowId(topUpId)).query(topUpStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  async reportCallback(topUpId: string, callback: TopUpPaymentCallback): Promise<void> {
    const handle = this.client.workflow.getHandle(topUpWorkflowId(topUpId));
    try {
      await handle.signal(topUpPaymentCallbackSignal, callback);
    } catch (error) {
      // A callback replayed after the saga closed changes nothing: the outcome is already decided.
      if (error instanceof WorkflowNotFoundError && (await this.isClosed(topUpId))) return;
      throw error;
    }
  }

  private async isClosed(topUpId: string): Promise<boolean> {
    try {
      return (await this.client.workflow.getHandle(topUpWorkflowId(topUpId)).describe()).status.name !== 'RUNNING';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  async awaitOutcome(topUpId: string, timeoutMs: number, callback?: TopUpPaymentCallback): Promise<TopUpState> {
    const handle = this.client.workflow.getHandle(topUpWorkflowId(topUpId));
    const state = await awaitOutcomeSurvivingRaces(handle, { update: topUpOutcomeUpdate, signal: topUpPaymentCallbackSignal, query: topUpStateQuery }, timeoutMs, callback);
    if (state === undefined) throw new WorkflowNotFoundError(`no top-up saga ${topUpId}`, topUpWorkflowId(topUpId), undefined);
    return state;
  }
}
