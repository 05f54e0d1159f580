import { ActivityFailure, ApplicationFailure, condition, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { RefundActivities } from '../../adapters/temporal/activities.js';
import type { RefundAttemptReport, RefundLeg } from '../../src/checkout/application/refunds.js';
import { stepKey } from '../../src/shared/payment-saga.js';
import type { RefundStatusReport } from '../../src/payments/ports/payment-gateway.js';
import { activityTimeouts, patches, refundTimeouts, retryPolicies } from '../../temporal.config.js';
import {
  refundDecisionUpdate,
  refundRecordedUpdate,
  refundStateQuery,
  type RefundDecisionAnswer,
  type RefundOperatorCommand,
  type RefundRecorded,
  type RefundState,
} from './messages.js';

export type { RefundState } from './messages.js';
export { refundStateQuery } from './messages.js';

// Every call that may move money or reads the gateway gets the gateway's bounded budget.
const gateway = proxyActivities<RefundActivities>({ ...activityTimeouts.gateway, retry: retryPolicies.gateway });
const { maximumAttempts: _databaseBudget, ...untilStored } = retryPolicies.database;
// Recording a refund has a budget: a database that stays down answers the operator "not
// recorded", and nothing was moved. Once money may have moved, every write retries until it is
// stored: the refund's outcome must never be lost for want of a database.
const recording = proxyActivities<RefundActivities>({ ...activityTimeouts.database, retry: retryPolicies.database });
const database = proxyActivities<RefundActivities>({ ...activityTimeouts.database, retry: untilStored });
// Before the refund-read-api patch: the refund call retried until answered.
const { maximumAttempts: _budget, ...untilAnswered } = retryPolicies.gateway;
const legacyGateway = proxyActivities<RefundActivities>({ ...activityTimeouts.gateway, retry: untilAnswered });

export interface RefundWorkflowInput {
  readonly refundId: string;
  /** The refund to record first; absent for a refund recorded before its saga was started. */
  readonly leg?: RefundLeg;
}

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Runs a gateway step; a failure past its retry budget (or a refusal) is a value, so the saga can park. */
async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type) return { ok: false, reason: `${cause.type}: ${cause.message}` };
    return { ok: false, reason: `the gateway did not answer within its retry budget (${cause?.message ?? error.message})` };
  }
}

const failureCode = (error: unknown): { code: string; message: string } => {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type) return { code: cause.type, message: cause.message };
  throw error;
};

/**
 * One refund, durable, workflow id `refund-<refundId>`:
 * 1. record the refund `pending` (started first, so a refund row never exists without its saga);
 * 2. move the money once — a wallet credit, or the gateway's refund API with one idempotency key;
 * 3. while the gateway says pending, read the refund's state with the gateway's read API (never a
 *    second refund call), backing off up to a ceiling, within a total budget;
 * 4. completed → settle. Failed, still pending past the budget, unreachable past the retry budget,
 *    or not to be told (Khalti) → park for an operator: retry (read first, refund again only if
 *    the gateway shows none was made), mark failed, or credit the wallet instead. Every decision is
 *    recorded with who, why and when; one that could refund twice is refused.
 */
export async function refundWorkflow(input: RefundWorkflowInput): Promise<RefundState> {
  const workflowId = workflowInfo().workflowId;
  const state: RefundState = { refundId: input.refundId, status: 'recording', attempts: 0 };
  setHandler(refundStateQuery, () => state);
  if (!patched(patches.refundReadApi)) return legacyRefund(workflowId, state);
  state.reads = 0;
  state.decisions = [];

  let recorded: RefundRecorded | undefined;
  setHandler(refundRecordedUpdate, async () => {
    await condition(() => recorded !== undefined);
    return recorded!;
  });

  const inbox: { id: number; command: RefundOperatorCommand }[] = [];
  const answers = new Map<number, RefundDecisionAnswer>();
  let nextCommandId = 0;
  setHandler(
    refundDecisionUpdate,
    async (command) => {
      const id = nextCommandId++;
      inbox.push({ id, command });
      await condition(() => answers.has(id));
      const answer = answers.get(id)!;
      answers.delete(id);
      return answer;
    },
    {
      validator: (command) => {
        if (!['retry', 'mark_failed', 'credit_wallet'].includes(command.action)) throw new Error(`unknown refund command ${String(command.action)}`);
        if (state.status !== 'needs_attention') throw new Error(`refund ${state.refundId} is ${state.status}; only a parked refund takes operator commands`);
      },
    },
  );

  // 1. Record.
  if (input.leg !== undefined) {
    try {
      recorded = { ok: true, refund: await recording.recordRefund(input.leg) };
    } catch (error) {
      const rejection = failureCode(error);
      recorded = { ok: false, ...rejection };
      state.status = 'rejected';
      state.rejection = rejection;
      return state;
    }
  }

  const note = (report: RefundStatusReport) => {
    state.gatewayStatus = report.gatewayStatus;
    if ('gatewayRefundId' in report && report.gatewayRefundId !== undefined) state.gatewayRefundId = report.gatewayRefundId;
  };
  const read = () => attempt(() => gateway.readRefund({ refundId: input.refundId, ...(state.gatewayRefundId === undefined ? {} : { gatewayRefundId: state.gatewayRefundId }) }));
  const settleCompleted = async () => {
    await database.settleRefund({ refundId: input.refundId, outcome: { type: 'RefundCompleted', ...(state.gatewayRefundId ? { gatewayRefundId: state.gatewayRefundId } : {}) } });
    state.status = 'completed';
    delete state.attention;
  };

  /** 3. Reads while pending; what is left to decide: completed, or why to park. */
  async function untilSettled(first: RefundAttemptReport): Promise<{ done: true } | { done: false; reason: string }> {
    let report: RefundStatusReport = first;
    const started = Date.now();
    let wait: number = refundTimeouts.pollFirstMs;
    let unreadable: string | undefined;
    while (report.status === 'pending' || report.status === 'absent') {
      state.status = 'awaiting_gateway';
      if (Date.now() - started + wait > refundTimeouts.pendingBudgetMs) {
        return {
          done: false,
          reason: `still ${report.gatewayStatus} at the gateway after ${Math.round((Date.now() - started) / 3_600_000)} h${unreadable ? ` (last read failed: ${unreadable})` : ''}`,
        };
      }
      await sleep(wait);
      wait = Math.min(wait * 2, refundTimeouts.pollCeilingMs);
      const next = await read();
      state.reads = (state.reads ?? 0) + 1;
      if (!next.ok) {
        unreadable = next.reason;
        continue;
      }
      unreadable = undefined;
      report = next.value;
      note(report);
    }
    if (report.status === 'completed') return { done: true };
    if (report.status === 'failed') return { done: false, reason: `the gateway failed the refund (${report.gatewayStatus})` };
    return { done: false, reason: `the gateway cannot tell whether the refund was made (${report.gatewayStatus}); check its dashboard` };
  }

  /** 4. Parked: waits for an operator's command that leads somewhere. */
  async function parked(reason: string): Promise<'retry' | 'done'> {
    state.status = 'needs_attention';
    state.attention = { reason, since: new Date().toISOString() };
    await database.setRefundAttention({ refundId: input.refundId, attention: state.attention });
    for (;;) {
      await condition(() => inbox.length > 0);
      const { id, command } = inbox.shift()!;
      const outcome = await decide(command);
      answers.set(id, { state: JSON.parse(JSON.stringify(state)) as RefundState, ...(outcome.refused ? { refused: outcome.refused } : {}) });
      if (outcome.next !== undefined) return outcome.next;
    }
  }

  async function record(command: RefundOperatorCommand) {
    const decision = { action: command.action, by: command.by, reason: command.reason, at: new Date().toISOString() };
    state.decisions!.push(decision);
    await database.recordRefundDecision({ refundId: input.refundId, ...decision });
  }

  async function decide(command: RefundOperatorCommand): Promise<{ next?: 'retry' | 'done'; refused?: { code: string; message: string } }> {
    if (state.status !== 'needs_attention') return { refused: { code: 'refunds.command_refused', message: `refund ${state.refundId} is ${state.status}` } };
    if (command.action === 'retry') {
      await record(command);
      delete state.attention;
      // The next round finds its refund by our refund id, not by an earlier call's answer.
      delete state.gatewayRefundId;
      await database.setRefundAttention({ refundId: input.refundId });
      return { next: 'retry' };
    }
    // Marking failed or crediting the wallet instead must not leave a gateway refund that still happens: read first.
    const fresh = await read();
    state.reads = (state.reads ?? 0) + 1;
    if (!fresh.ok) return { refused: { code: 'refunds.gateway_unreachable', message: `cannot read the refund at the gateway now (${fresh.reason}); try again later` } };
    note(fresh.value);
    if (fresh.value.status === 'completed') {
      await settleCompleted();
      return {
        next: 'done',
        refused: { code: 'refunds.already_refunded', message: `the gateway has completed the refund (${fresh.value.gatewayStatus}); it is settled as completed` },
      };
    }
    if (fresh.value.status === 'pending') {
      return {
        refused: {
          code: 'refunds.gateway_refund_pending',
          message: `the refund is still ${fresh.value.gatewayStatus} at the gateway and may yet go through; wait, or cancel it at the gateway first`,
        },
      };
    }
    await record(command);
    if (command.action === 'mark_failed') {
      await database.settleRefund({ refundId: input.refundId, outcome: { type: 'RefundFailed', reason: `marked failed by ${command.by}: ${command.reason}`.slice(0, 200) } });
      state.status = 'failed';
    } else {
      const credited = await database.creditWalletInstead({ refundId: input.refundId, by: command.by, reason: command.reason });
      state.walletRefundId = credited.id;
      state.status = 'credited_to_wallet';
    }
    delete state.attention;
    return { next: 'done' };
  }

  // 2–4.
  for (let round = 0; ; round += 1) {
    state.status = 'executing';
    const key = stepKey(workflowId, round === 0 ? 'execute' : `execute-retry-${round}`);
    // A retry reads first: the refund may have been made even though its answer never came.
    const made = await attempt(() => gateway.executeRefund({ refundId: input.refundId, idempotencyKey: key, readFirst: round > 0 }));
    state.attempts += 1;
    let left: { done: true } | { done: false; reason: string };
    if (!made.ok) left = { done: false, reason: made.reason };
    else {
      note(made.value);
      left = await untilSettled(made.value);
    }
    if (left.done) {
      await settleCompleted();
      return state;
    }
    if ((await parked(left.reason)) === 'done') return state;
  }
}

/** The saga as it ran before the refund-read-api patch, kept so refunds started then replay unchanged. */
async function legacyRefund(workflowId: string, state: RefundState): Promise<RefundState> {
  state.status = 'executing';
  const key = stepKey(workflowId, 'execute');
  let report = await legacyGateway.executeRefund({ refundId: state.refundId, idempotencyKey: key });
  state.attempts += 1;
  for (let wait = 60_000; report.status === 'pending'; wait = Math.min(wait * 2, 6 * 3_600_000)) {
    state.status = 'awaiting_gateway';
    state.gatewayStatus = report.gatewayStatus;
    await sleep(wait);
    report = await legacyGateway.executeRefund({ refundId: state.refundId, idempotencyKey: key });
    state.attempts += 1;
  }
  state.gatewayStatus = report.gatewayStatus;
  await database.settleRefund({
    refundId: state.refundId,
    outcome:
      report.status === 'completed'
        ? { type: 'RefundCompleted', ...('gatewayRefundId' in report && report.gatewayRefundId ? { gatewayRefundId: report.gatewayRefundId } : {}) }
        : { type: 'RefundFailed', reason: report.gatewayStatus },
  });
  state.status = report.status === 'completed' ? 'completed' : 'failed';
  return state;
}
