import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { RefundSagaOutcome, RefundSagas, RefundSagaState } from '../../src/checkout/ports/refund-sagas.js';
import type { Refund, RefundLeg } from '../../src/payments/domain/refund.js';
import type { RefundDecisionAction } from '../../src/payments/ports/refund-repository.js';
import { domainError, err, ok, type DomainError, type Result } from '../../src/shared/result.js';
import { workflowIds } from '../../temporal.config.js';
import { refundDecisionUpdate, refundRecordedUpdate, refundStateQuery } from '../../workflows/refund/messages.js';
import type { refundWorkflow } from '../../workflows/refund/refund.workflow.js';

/** Refund sagas on Temporal: one workflow per refund, id `refund-<refundId>`, never reused. */
export class TemporalRefundSagas implements RefundSagas {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Update-with-start: the saga is started with the refund to record and, in the same request,
   * asked for the recorded row, which its first workflow task writes. The start comes first, so a
   * failed start leaves no row; a caller that dies after the start leaves a saga that records and
   * finishes the refund on its own.
   */
  async start(leg: RefundLeg): Promise<Result<Refund, DomainError>> {
    const startOperation = new WithStartWorkflowOperation<typeof refundWorkflow>('refundWorkflow', {
      workflowId: workflowIds.refund(leg.refundId),
      taskQueue: this.taskQueue,
      args: [{ refundId: leg.refundId, leg }],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      memo: { summary: `refund of ${leg.amount.amountMinor} ${leg.amount.currency} on order ${leg.orderId} to the ${leg.destination}` },
    });
    let recorded;
    try {
      recorded = await this.client.workflow.executeUpdateWithStart(refundRecordedUpdate, { startWorkflowOperation: startOperation });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return err(domainError('refunds.already_started', `refund ${leg.refundId} was already started`));
      throw error;
    }
    return recorded.ok ? ok(recorded.refund) : err(domainError(recorded.code, recorded.message));
  }

  async outcome(refundId: string): Promise<RefundSagaOutcome> {
    const state = await this.client.workflow.getHandle<typeof refundWorkflow>(workflowIds.refund(refundId)).result();
    switch (state.status) {
      case 'completed':
      case 'failed':
      case 'credited_to_wallet':
      case 'rejected':
        return state.status;
      default:
        return 'failed';
    }
  }

  async state(refundId: string): Promise<RefundSagaState | undefined> {
    try {
      return await this.client.workflow.getHandle(workflowIds.refund(refundId)).query(refundStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  async command(refundId: string, command: { readonly action: RefundDecisionAction; readonly by: string; readonly reason: string }): Promise<Result<RefundSagaState, DomainError>> {
    const handle = this.client.workflow.getHandle(workflowIds.refund(refundId));
    try {
      const answer = await handle.executeUpdate(refundDecisionUpdate, { args: [command] });
      return answer.refused === undefined ? ok(answer.state) : err(domainError(answer.refused.code, answer.refused.message, { state: answer.state }));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        // A closed saga answers updates as "not found"; its history still says it was there.
        const closed = await handle.describe().then(
          (d) => d.status.name,
          () => undefined,
        );
        if (closed !== undefined) return err(domainError('refunds.command_refused', `refund ${refundId} has finished (${closed.toLowerCase()}); there is nothing to decide`));
        return err(domainError('refunds.not_found', `no refund saga for ${refundId}`));
      }
      // The validator refused it (the refund is not parked), or the saga has closed.
      if (error instanceof WorkflowUpdateFailedError) return err(domainError('refunds.command_refused', error.cause?.message ?? error.message));
      throw error;
    }
  }
}
