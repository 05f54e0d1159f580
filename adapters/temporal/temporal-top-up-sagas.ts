import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TopUpState } from '../../src/wallet/domain/top-up.js';
import type { TopUpPaymentCallback, TopUpRequest, TopUpSagas } from '../../src/wallet/ports/top-up-sagas.js';
import { searchAttributes, workflowIds } from '../../temporal.config.js';
import type { walletTopUpWorkflow } from '../../workflows/wallet-top-up/wallet-top-up.workflow.js';
import { topUpOutcomeUpdate, topUpPaymentActionUpdate, topUpPaymentCallbackSignal, topUpStateQuery } from '../../workflows/wallet-top-up/messages.js';
import { PaymentSagaClient } from './payment-saga-client.js';

/** Top-up sagas on Temporal: one workflow per top-up (`workflowIds.topUp`), never reused. */
export class TemporalTopUpSagas extends PaymentSagaClient<TopUpState, TopUpPaymentCallback> implements TopUpSagas {
  constructor(client: Client, taskQueue: string, startWaitMs = 20_000) {
    super(client, taskQueue, startWaitMs, workflowIds.topUp, { state: topUpStateQuery, callback: topUpPaymentCallbackSignal, outcome: topUpOutcomeUpdate });
  }

  async start(request: TopUpRequest): Promise<TopUpState> {
    const handle = await this.client.workflow.start<typeof walletTopUpWorkflow>('walletTopUpWorkflow', {
      workflowId: workflowIds.topUp(request.topUpId),
      taskQueue: this.taskQueue,
      args: [{ topUp: request }],
      // Temporal's default would allow a second saga for the same top-up once the first has closed.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.customerId, value: request.customerId },
        { key: searchAttributes.gateway, value: request.gateway },
        { key: searchAttributes.status, value: 'initiating' },
        { key: searchAttributes.amountMinor, value: request.amount.amountMinor },
      ],
      memo: { summary: `${request.gateway} wallet top-up of ${request.amount.amountMinor} ${request.amount.currency} for ${request.customerId}` },
    });
    return this.firstAnswer(handle, handle.executeUpdate(topUpPaymentActionUpdate));
  }

  override async awaitOutcome(topUpId: string, timeoutMs: number, callback?: TopUpPaymentCallback): Promise<TopUpState> {
    const state = await super.awaitOutcome(topUpId, timeoutMs, callback);
    if (state === undefined) throw new WorkflowNotFoundError(`no top-up saga ${topUpId}`, workflowIds.topUp(topUpId), undefined);
    return state;
  }
}
