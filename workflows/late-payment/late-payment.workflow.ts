import { condition, log, proxyActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { LatePaymentActivities } from '../../adapters/temporal/activities.js';
import { stepKey } from '../../src/shared/payment-saga.js';
import type { LatePaymentResolution, LatePaymentSource } from '../../src/payments/domain/late-payment.js';
import type { GatewayId, PaymentStatusReport } from '../../src/payments/ports/payment-gateway.js';
import { activityTimeouts, latePaymentTimeouts, retryPolicies, searchAttributes } from '../../temporal.config.js';
import { failureType } from '../shared/gateway-payment.js';
import { latePaymentDecisionSignal, latePaymentStateQuery, type LatePaymentSagaStatus, type LatePaymentState, type OperatorDecision } from './messages.js';

const gateway = proxyActivities<LatePaymentActivities>({ ...activityTimeouts.gateway, retry: retryPolicies.gateway });
const database = proxyActivities<LatePaymentActivities>({ ...activityTimeouts.database, retry: retryPolicies.database });

export interface LatePaymentWorkflowInput {
  readonly gateway: GatewayId;
  readonly gatewayPaymentId: string;
  readonly source: LatePaymentSource;
  readonly detectedAt: string;
  /** Overrides of the pending back-off (tests). */
  readonly pendingBackoffMs?: readonly number[];
}

/**
 * One payment that arrived after its checkout or top-up gave up on it
 * (`late-payment-<gateway>-<gatewayPaymentId>`): ask the gateway what was really taken (again, with
 * back-off, while it is pending), then in one transaction bind it in the verification ledger,
 * record it and credit the wallet — the closed checkout's shopper, or the failed top-up. Nothing
 * taken is recorded as such; what cannot be decided automatically parks for an operator.
 */
export async function latePaymentWorkflow(input: LatePaymentWorkflowInput): Promise<LatePaymentState> {
  const workflowId = workflowInfo().workflowId;
  const state: LatePaymentState = {
    gateway: input.gateway,
    gatewayPaymentId: input.gatewayPaymentId,
    source: input.source,
    detectedAt: input.detectedAt,
    status: 'checking',
    lookups: 0,
    decisions: [],
  };
  const decisions: OperatorDecision[] = [];
  setHandler(latePaymentStateQuery, () => state);
  setHandler(latePaymentDecisionSignal, (decision) => void decisions.push(decision));

  const nowIso = () => new Date(Date.now()).toISOString();
  const setStatus = (status: LatePaymentSagaStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: searchAttributes.status, value: `late_payment_${status}` }]);
  };
  const park = async (code: string, message: string): Promise<OperatorDecision> => {
    state.attention = { code, message, since: nowIso() };
    setStatus('needs_attention');
    log.warn('late payment needs attention', { gateway: input.gateway, gatewayPaymentId: input.gatewayPaymentId, code, message });
    await condition(() => decisions.length > 0);
    const decision = decisions.shift()!;
    state.decisions.push({ ...decision, at: nowIso() });
    delete state.attention;
    setStatus('checking');
    return decision;
  };
  const subject = { gateway: input.gateway, gatewayPaymentId: input.gatewayPaymentId, source: input.source, detectedAt: input.detectedAt, workflowId };
  const finish = (resolution: LatePaymentResolution | undefined, note?: LatePaymentState['note']): LatePaymentState => {
    if (resolution !== undefined) state.resolution = resolution;
    if (note !== undefined) state.note = note;
    setStatus('resolved');
    return state;
  };
  const dismiss = async (decision: OperatorDecision): Promise<LatePaymentState> => {
    await database.recordLatePaymentOutcome({
      ...subject,
      resolution: 'dismissed',
      decidedBy: decision.by,
      detail: decision.reason,
      ...(state.gatewayStatus ? { gatewayStatus: state.gatewayStatus } : {}),
    });
    return finish('dismissed');
  };

  const owner = await database.findLatePaymentOwner({ gateway: input.gateway, gatewayPaymentId: input.gatewayPaymentId });
  if (owner === null) return finish(undefined, 'unmatched');
  state.owner =
    owner.kind === 'order' ? { kind: 'order', orderId: owner.orderId, customerId: owner.customerId } : { kind: 'top_up', topUpId: owner.topUpId, customerId: owner.customerId };
  upsertSearchAttributes([
    { key: searchAttributes.customerId, value: owner.customerId },
    ...(owner.kind === 'order' ? [{ key: searchAttributes.orderId, value: owner.orderId }] : []),
  ]);

  const backoff = input.pendingBackoffMs ?? latePaymentTimeouts.pendingBackoffMs;
  const lookup = async (): Promise<PaymentStatusReport> => {
    state.lookups += 1;
    const report = await gateway.lookupLatePayment({ gateway: input.gateway, gatewayPaymentId: input.gatewayPaymentId, expected: owner.expected });
    state.gatewayStatus = report.gatewayStatus;
    return report;
  };

  for (;;) {
    let report: PaymentStatusReport;
    try {
      report = await lookup();
      for (let attempt = 0; report.status === 'pending' && attempt < backoff.length; attempt += 1) {
        await sleep(backoff[attempt]!);
        report = await lookup();
      }
    } catch (error) {
      const decision = await park(failureType(error), 'the gateway could not be asked about the payment');
      if (decision.action === 'retry') continue;
      return dismiss(decision);
    }

    // Approved (PayPal) but never captured after we gave up: nothing was taken, and nobody captures it now.
    if (report.status === 'failed' || report.status === 'approved') {
      await database.recordLatePaymentOutcome({ ...subject, resolution: 'not_taken', gatewayStatus: report.gatewayStatus });
      return finish('not_taken');
    }
    if (report.status === 'pending' || report.status === 'review') {
      const code = report.status === 'pending' ? 'late_payments.still_pending' : 'payments.review_required';
      const decision = await park(code, `the gateway reports the payment as ${report.gatewayStatus}`);
      if (decision.action === 'retry') continue;
      return dismiss(decision);
    }

    setStatus('settling');
    const settled = await database.settleLatePayment({
      ...subject,
      transactionId: report.transactionId,
      amount: report.amount,
      gatewayStatus: report.gatewayStatus,
      walletEntryKey: stepKey(workflowId, 'credit'),
    });
    switch (settled.outcome) {
      case 'settled':
        if (settled.amount !== undefined && settled.resolution !== 'dismissed') state.credited = { amountMinor: settled.amount.amountMinor, currency: settled.amount.currency };
        return finish(settled.resolution);
      case 'park': {
        const decision = await park(settled.code, settled.message);
        if (decision.action === 'retry') continue;
        return dismiss(decision);
      }
      case 'not_late':
        return finish(undefined, 'not_late');
      case 'unmatched':
        return finish(undefined, 'unmatched');
    }
  }
}
