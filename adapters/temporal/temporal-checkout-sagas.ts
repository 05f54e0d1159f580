import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { PaymentSagaClient } from './payment-saga-client.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import { MANUAL_METHODS, type CheckoutState, type OperatorCommand, type SagaPaymentCallback } from '../../src/checkout/domain/saga.js';
import { domainError, err, ok, type DomainError, type Result } from '../../src/shared/result.js';
import { CheckoutAlreadyStartedError, type CheckoutSagas, type SagaSummary } from '../../src/checkout/ports/checkout-sagas.js';
import { format } from '../../src/shared/money.js';
import { searchAttributes, workflowIds } from '../../temporal.config.js';
import type { checkoutWorkflow } from '../../workflows/checkout/checkout.workflow.js';
import { checkoutStateQuery, operatorCommandUpdate, outcomeUpdate, paymentActionUpdate, paymentCallbackSignal } from '../../workflows/checkout/messages.js';

/** Checkout sagas on Temporal: one workflow per order, id `checkout-<orderId>`, never reused. */
export class TemporalCheckoutSagas extends PaymentSagaClient<CheckoutState, SagaPaymentCallback> implements CheckoutSagas {
  constructor(client: Client, taskQueue: string, startWaitMs = 20_000) {
    super(client, taskQueue, startWaitMs, workflowIds.checkout, { state: checkoutStateQuery, callback: paymentCallbackSignal, outcome: outcomeUpdate });
  }

  /**
   * Starts `checkout-<orderId>` and, in the same request (update-with-start), asks it for the
   * payment action: the update rides on the saga's first workflow task, which records the order and
   * creates the gateway payment, so one round trip answers the shopper.
   */
  async start(order: CheckoutOrder): Promise<CheckoutState> {
    const startOperation = new WithStartWorkflowOperation<typeof checkoutWorkflow>('checkoutWorkflow', {
      workflowId: workflowIds.checkout(order.orderId),
      taskQueue: this.taskQueue,
      args: [{ order }],
      // Never a second checkout-<orderId>, running or closed (Temporal's default would allow one
      // once the first has closed).
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.orderId, value: order.orderId },
        { key: searchAttributes.customerId, value: order.customerId },
        { key: searchAttributes.gateway, value: order.gateway },
        { key: searchAttributes.status, value: 'initiating' },
        { key: searchAttributes.amountMinor, value: order.total.amountMinor },
      ],
      memo: { summary: `${order.gateway} checkout of ${format(order.total)} for ${order.customerId}, ${order.lines.length} line(s)` },
    });
    // The update answers once the shopper can be sent to pay; past the wait, the caller gets the state as it is.
    const update = this.client.workflow.executeUpdateWithStart(paymentActionUpdate, { startWorkflowOperation: startOperation });
    update.catch(() => undefined);
    let handle;
    try {
      handle = await startOperation.workflowHandle();
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new CheckoutAlreadyStartedError(`checkout ${order.orderId} was already started`);
      // The update half of the call failed after the start took (the saga closed within its first
      // task, say): the saga is there and answers for itself.
      handle = this.client.workflow.getHandle(workflowIds.checkout(order.orderId));
      const started = await handle.describe().then(
        () => true,
        () => false,
      );
      if (!started) throw error;
    }
    return this.firstAnswer(handle, update);
  }

  async command(orderId: string, command: OperatorCommand): Promise<Result<CheckoutState, DomainError<'checkout.command_refused' | 'checkout.not_found'>>> {
    const handle = this.handle(orderId);
    try {
      return ok(await handle.executeUpdate(operatorCommandUpdate, { args: [command] }));
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        return err(domainError('checkout.command_refused', error.cause?.message ?? error.message));
      }
      if (error instanceof WorkflowNotFoundError) {
        // A saga that has ended takes no commands: say how it ended, and what still applies.
        const ended = await handle.query(checkoutStateQuery).catch(() => undefined);
        if (ended !== undefined) {
          return err(
            domainError(
              'checkout.command_refused',
              `${command.action} does not apply: checkout ${orderId} has ended ${ended.status}${ended.cancelReason ? ` (${ended.cancelReason})` : ''}; refunds go through POST /admin/orders/${orderId}/refunds`,
            ),
          );
        }
        return err(domainError('checkout.not_found', `no checkout ${orderId}`));
      }
      throw error;
    }
  }

  /** Through Temporal's visibility: the same search attributes an operator uses in the UI. */
  async needingAttention(options: { olderThanMs?: number; manual?: boolean; limit: number }): Promise<SagaSummary[]> {
    const stale =
      options.olderThanMs === undefined ? '' : ` OR (CheckoutStatus = "awaiting_payment" AND StartTime < "${new Date(Date.now() - options.olderThanMs).toISOString()}")`;
    const manual = options.manual ? ` OR (CheckoutStatus = "awaiting_payment" AND PaymentGateway IN (${MANUAL_METHODS.map((m) => `"${m}"`).join(', ')}))` : '';
    const query = `WorkflowType = "checkoutWorkflow" AND ExecutionStatus = "Running" AND (CheckoutStatus = "needs_attention"${stale}${manual})`;
    const found: SagaSummary[] = [];
    for await (const execution of this.client.workflow.list({ query })) {
      const attributes = execution.typedSearchAttributes;
      const orderId = attributes.get(searchAttributes.orderId) ?? execution.workflowId.replace(/^checkout-/, '');
      const customerId = attributes.get(searchAttributes.customerId);
      const gateway = attributes.get(searchAttributes.gateway);
      const status = attributes.get(searchAttributes.status);
      const amountMinor = attributes.get(searchAttributes.amountMinor);
      found.push({
        orderId,
        ...(customerId === undefined ? {} : { customerId }),
        ...(gateway === undefined ? {} : { gateway }),
        ...(status === undefined ? {} : { status }),
        ...(amountMinor === undefined ? {} : { amountMinor }),
        startedAt: execution.startTime.toISOString(),
      });
      if (found.length >= options.limit) break;
    }
    return found;
  }
}
