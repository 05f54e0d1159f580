import type { Client } from '@temporalio/client';
import type { RefundSagas } from '../../src/checkout/ports/refund-sagas.js';
import { workflowIds } from '../../temporal.config.js';
import type { refundWorkflow } from '../../workflows/refund/refund.workflow.js';

export class TemporalRefundSagas implements RefundSagas {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(refundId: string): Promise<void> {
    await this.client.workflow.start<typeof refundWorkflow>('refundWorkflow', {
      workflowId: workflowIds.refund(refundId),
      taskQueue: this.taskQueue,
      args: [{ refundId }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  }

  async outcome(refundId: string): Promise<'completed' | 'failed'> {
    const state = await this.client.workflow.getHandle<typeof refundWorkflow>(workflowIds.refund(refundId)).result();
    return state.status === 'completed' ? 'completed' : 'failed';
  }
}
