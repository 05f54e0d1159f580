import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { LatePaymentOwner } from '../../src/payments/domain/late-payment.js';
import type { LatePaymentSagaInput, LatePaymentSagas } from '../../src/payments/ports/late-payments.js';
import { format } from '../../src/shared/money.js';
import { searchAttributes, workflowIds } from '../../temporal.config.js';
import type { latePaymentWorkflow } from '../../workflows/late-payment/late-payment.workflow.js';
import type { ReconcileLatePaymentsInput, reconcileLatePaymentsWorkflow } from '../../workflows/reconciliation/reconcile-late-payments.workflow.js';

/**
 * Late-payment sagas on Temporal: one per gateway payment, `late-payment-<gateway>-<gatewayPaymentId>`,
 * found in the UI by workflow type `latePaymentWorkflow`, the payment's gateway, order and customer.
 */
export class TemporalLatePaymentSagas implements LatePaymentSagas {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(input: LatePaymentSagaInput, owner: LatePaymentOwner): Promise<void> {
    try {
      await this.client.workflow.start<typeof latePaymentWorkflow>('latePaymentWorkflow', {
        workflowId: workflowIds.latePayment(input.gateway, input.gatewayPaymentId),
        taskQueue: this.taskQueue,
        args: [input],
        // A webhook and a return together, or a duplicate of either: one saga takes them all.
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A closed run that found nothing taken may be followed by one that finds money (the
        // intake starts none for a payment already settled; the credit key is the workflow id's).
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: searchAttributes.gateway, value: input.gateway },
          { key: searchAttributes.customerId, value: owner.customerId },
          { key: searchAttributes.status, value: 'late_payment_checking' },
          ...(owner.kind === 'order' ? [{ key: searchAttributes.orderId, value: owner.orderId }] : []),
        ],
        memo: {
          summary: `late ${input.gateway} payment ${input.gatewayPaymentId} for ${owner.kind === 'order' ? `closed order ${owner.orderId}` : `failed top-up ${owner.topUpId}`} (${format(owner.expected)} expected), reported by ${input.source}`,
        },
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    }
  }
}

/**
 * Starts the reconciliation unless it runs already; called whenever a worker starts, so the
 * first worker of a deployment starts it and the others find it (and a terminated one is restarted).
 */
export async function ensureLatePaymentReconciliation(client: Client, taskQueue: string, input: ReconcileLatePaymentsInput = {}): Promise<void> {
  try {
    await client.workflow.start<typeof reconcileLatePaymentsWorkflow>('reconcileLatePaymentsWorkflow', {
      workflowId: workflowIds.reconcileLatePayments(),
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      memo: { summary: 'asks the gateways about payments we gave up on in the last three days, and starts a late-payment saga for each one paid' },
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw error;
  }
}
