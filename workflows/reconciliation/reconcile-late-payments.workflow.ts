import { ParentClosePolicy, continueAsNew, log, proxyActivities, setHandler, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import type { LatePaymentActivities } from '../../adapters/temporal/activities.js';
import type { DueLateCheck } from '../../src/payments/ports/late-payments.js';
import { activityTimeouts, latePaymentTimeouts, retryPolicies, searchAttributes, workflowIds } from '../../temporal.config.js';
import type { latePaymentWorkflow } from '../late-payment/late-payment.workflow.js';
import { reconciliationStateQuery, type ReconciliationState } from '../late-payment/messages.js';

const database = proxyActivities<LatePaymentActivities>({ ...activityTimeouts.database, retry: retryPolicies.database });
const checks = proxyActivities<LatePaymentActivities>({ ...activityTimeouts.gateway, retry: latePaymentTimeouts.checkRetry });

export interface ReconcileLatePaymentsInput {
  readonly everyMs?: number;
  readonly batch?: number;
  readonly roundsPerHistory?: number;
}

/**
 * The periodic reconciliation (`reconcile-late-payments`): every few minutes, asks PostgreSQL for
 * payments we gave up on recently whose next check is due (15 min, 1 h, 6 h, 24 h, 72 h after
 * closing), asks each gateway, and starts the late-payment saga for those that were paid — so a
 * payment whose callback never comes is found too. Continues as new to keep its history short.
 */
export async function reconcileLatePaymentsWorkflow(input: ReconcileLatePaymentsInput = {}): Promise<void> {
  const everyMs = input.everyMs ?? latePaymentTimeouts.reconcileEveryMs;
  const batch = input.batch ?? latePaymentTimeouts.reconcileBatch;
  const rounds = input.roundsPerHistory ?? latePaymentTimeouts.reconcileRoundsPerHistory;
  const state: ReconciliationState = { rounds: 0, checked: 0, started: 0 };
  setHandler(reconciliationStateQuery, () => state);

  for (let round = 0; round < rounds; round += 1) {
    const now = new Date(Date.now()).toISOString();
    const due = await database.dueLatePaymentChecks({ now, limit: batch });
    for (const candidate of due) {
      let paid: boolean;
      try {
        paid = (await checks.checkLatePayment({ gateway: candidate.gateway, gatewayPaymentId: candidate.gatewayPaymentId, now })).paid;
      } catch (error) {
        // Not counted as a check: the payment is still due and is asked again next round.
        log.warn('reconciliation check failed', { gateway: candidate.gateway, gatewayPaymentId: candidate.gatewayPaymentId, error: String(error) });
        continue;
      }
      state.checked += 1;
      if (paid && (await startLatePayment(candidate, now))) state.started += 1;
    }
    state.rounds += 1;
    state.lastRoundAt = now;
    await sleep(everyMs);
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await continueAsNew<typeof reconcileLatePaymentsWorkflow>(input);
}

/** Starts the payment's late-payment saga, left running when this workflow continues as new; `false` when one runs already. */
async function startLatePayment(candidate: DueLateCheck, now: string): Promise<boolean> {
  try {
    await startChild<typeof latePaymentWorkflow>('latePaymentWorkflow', {
      workflowId: workflowIds.latePayment(candidate.gateway, candidate.gatewayPaymentId),
      args: [{ gateway: candidate.gateway, gatewayPaymentId: candidate.gatewayPaymentId, source: 'reconciliation', detectedAt: now }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A run that found nothing taken may have closed; the money found now gets a new run (its
      // credit key is the workflow id's, so a second credit is impossible).
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributes.gateway, value: candidate.gateway },
        { key: searchAttributes.status, value: 'late_payment_checking' },
      ],
      memo: {
        summary: `late ${candidate.gateway} payment ${candidate.gatewayPaymentId} (${candidate.kind === 'order' ? 'closed checkout' : 'failed top-up'}), found by reconciliation`,
      },
    });
    return true;
  } catch (error) {
    // @temporalio/common's WorkflowExecutionAlreadyStartedError; `@temporalio/workflow` does not re-export the class.
    if (error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError') return false;
    throw error;
  }
}
