import { ActivityFailure, ApplicationFailure, TimeoutFailure, condition, log, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { OperatorDecision } from '../../src/shared/payment-saga.js';
import { syncDelayMs } from '../../src/shared/payment-saga.js';
import type { PaymentStatusReport } from '../../src/payments/ports/payment-gateway.js';
import { checkoutTimeouts, patches, sagaLimits, searchAttributes } from '../../temporal.config.js';

/**
 * The failure type of an activity error: the domain code, or `payments.gateway_unreachable` when
 * the retry budget ran out. An activity's failure arrives wrapped in an `ActivityFailure`; a local
 * activity's arrives as the activity's own failure (or a timeout). Anything else is a bug, rethrown.
 */
export function failureType(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error instanceof ApplicationFailure || error instanceof TimeoutFailure ? error : undefined;
  if (cause === undefined) throw error;
  if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type) return cause.type;
  return 'payments.gateway_unreachable';
}

/** Runs `step`: true when it was refused with `code`; any other failure is thrown on. */
export async function refusedWith(code: string, step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return false;
  } catch (error) {
    if (failureType(error) === code) return true;
    throw error;
  }
}

export type GatewayPaymentFailure = 'payment_failed' | 'payment_expired' | 'payment_cancelled' | 'operator_cancelled';

export interface InitiatedGatewayPayment {
  readonly gatewayPaymentId: string;
  readonly expiresAt: string;
}

/** What a saga plugs into the shared gateway-payment steps. */
export interface GatewayPaymentDriver<I extends InitiatedGatewayPayment> {
  initiate(): Promise<I>;
  sync(): Promise<PaymentStatusReport>;
  verify(): Promise<{ readonly transactionId: string }>;
  /** Parks the saga until an operator decides. */
  park(code: string, message: string): Promise<{ readonly action: string }>;
  /** Whether a callback arrived since the last sync; taking it clears it. */
  takeCallback(): boolean;
  callbackPending(): boolean;
  /** The gateway payment exists: the shopper can pay it (runs in the activation that created it). */
  onAwaiting(initiated: I): void;
  onSync(): void;
  onVerifying(): void;
  onVerified(transactionId: string): void;
  /** Overrides of the sync schedule (tests use them to isolate the expiry sync). */
  readonly schedule?: { readonly firstMs?: number; readonly ceilingMs?: number };
}

/**
 * Initiate, await and verify one gateway payment: the callback (a hint) or the back-off syncs and
 * the sync at expiry find it; the gateway's own API verifies it. Returns `paid`, or why the
 * payment will not come. Anything that cannot be decided automatically parks the saga.
 */
export async function payThroughGateway<I extends InitiatedGatewayPayment>(driver: GatewayPaymentDriver<I>): Promise<'paid' | GatewayPaymentFailure> {
  // 1. Initiate.
  let initiated: I;
  for (;;) {
    try {
      initiated = await driver.initiate();
      break;
    } catch (error) {
      const type = failureType(error);
      if (type === 'payments.gateway_rejected') return 'payment_failed';
      const decision = await driver.park(type, 'the gateway could not be reached to create the payment');
      if (decision.action !== 'retry') return 'operator_cancelled';
    }
  }
  driver.onAwaiting(initiated);

  // 2. Await the callback, syncing with the gateway meanwhile and at expiry.
  const deadline = Date.parse(initiated.expiresAt);
  const graceEnd = deadline + checkoutTimeouts.expiryGraceMs;
  const firstMs = driver.schedule?.firstMs ?? checkoutTimeouts.syncFirstMs;
  const ceilingMs = driver.schedule?.ceilingMs ?? checkoutTimeouts.syncCeilingMs;
  let attempt = 0;
  for (;;) {
    const now = Date.now();
    if (now < graceEnd) {
      const until = now < deadline ? deadline : graceEnd;
      const wait = Math.max(0, Math.min(syncDelayMs(attempt, firstMs, ceilingMs), until - now));
      if (wait > 0) {
        const called = await condition(() => driver.callbackPending(), wait);
        if (!called) attempt += 1;
      }
      driver.takeCallback();
    }
    let report;
    try {
      driver.onSync();
      report = await driver.sync();
    } catch (error) {
      const decision = await driver.park(failureType(error), 'the gateway could not be asked about the payment');
      if (decision.action === 'retry') continue;
      return 'operator_cancelled';
    }
    // `approved` needs our capture, which the verify step does.
    if (report.status === 'completed' || report.status === 'approved') break;
    // Only a final answer from the gateway ends the wait before the window (and its grace) is over.
    if (report.status === 'failed') {
      return report.reason === 'expired' ? 'payment_expired' : report.reason === 'cancelled' ? 'payment_cancelled' : 'payment_failed';
    }
    // "Not paid yet" (nothing taken, nothing in flight) keeps the saga waiting until the link's
    // expiry plus grace; past that it means the payment never came. Anything still in flight or
    // ambiguous then is for an operator.
    if (report.status === 'pending' && report.notStarted === true && Date.now() >= graceEnd) return 'payment_expired';
    if (report.status === 'review' || Date.now() >= graceEnd) {
      const code = report.status === 'review' ? 'payments.review_required' : 'payments.unresolved_after_expiry';
      const decision = await driver.park(code, `the gateway reports the payment as ${report.gatewayStatus}`);
      if (decision.action === 'retry') continue;
      return 'operator_cancelled';
    }
  }

  // 3. Verify with the gateway's own API and bind the transaction in the ledger.
  driver.onVerifying();
  for (;;) {
    try {
      const verified = await driver.verify();
      driver.onVerified(verified.transactionId);
      return 'paid';
    } catch (error) {
      const type = failureType(error);
      const decision = await driver.park(type, error instanceof ActivityFailure && error.cause ? error.cause.message : 'verification failed');
      if (decision.action === 'retry') continue;
      return 'operator_cancelled';
    }
  }
}

/** The outcome update's refusal once a saga has taken `sagaLimits.outcomeUpdates` of them. */
export const OUTCOME_UPDATES_EXHAUSTED = 'this saga takes no more outcome updates: read its state instead';

/** What every payment saga's state has in common, as the shared handlers read it. */
export interface PaymentSagaState<Status extends string> {
  readonly status: Status;
  readonly gatewayPaymentId?: string;
  readonly paymentAction?: unknown;
  readonly attention?: { code: string; message: string; since: string };
  callbacksReceived: number;
  readonly decisions: { action: string; by: string; reason: string; at: string }[];
}

export interface PaymentSagaMessages<State> {
  readonly callback: SignalDefinition<[{ readonly gatewayPaymentId: string }]>;
  readonly decision: SignalDefinition<[OperatorDecision]>;
  readonly paymentAction: UpdateDefinition<State, []>;
  readonly outcome: UpdateDefinition<State, [{ timeoutMs: number; callback?: { readonly gatewayPaymentId: string } }]>;
}

/**
 * The handlers every payment saga answers the same way — gateway callbacks, operator decisions,
 * "wait for the payment action", "wait for the outcome" — and the two things they share: moving
 * to a new state (its status mirrored into the `CheckoutStatus` search attribute) and parking for
 * an operator. The saga keeps its state: `state` reads it, `replace` swaps it for the next one.
 */
export function paymentSagaHandlers<Status extends string, State extends PaymentSagaState<Status>>(options: {
  readonly state: () => State;
  readonly replace: (next: State) => void;
  /** The state parked for an operator, from the state it parks in. */
  readonly parked: (state: State, attention: { code: string; message: string; since: string }) => State;
  readonly settled: readonly Status[];
  readonly messages: PaymentSagaMessages<State>;
  /** Identifies the saga in log lines. */
  readonly logContext: Readonly<Record<string, string>>;
  /** Runs as the saga parks (for sagas started with the `notifyParked` patch): tells staff a person is needed. */
  readonly onParked?: (code: string, message: string) => Promise<void>;
}) {
  const { state, settled, messages, logContext } = options;
  let callbackPending = false;
  // Outcome updates accepted so far: rebuilt on replay, as every accepted update is in the history.
  let outcomeUpdates = 0;
  const pendingDecisions: OperatorDecision[] = [];
  const nowIso = () => new Date(Date.now()).toISOString();

  const receiveCallback = (callback: { readonly gatewayPaymentId: string }) => {
    state().callbacksReceived += 1;
    if (callback.gatewayPaymentId === state().gatewayPaymentId) callbackPending = true;
    else log.warn('callback for another gateway payment ignored', { ...logContext, gatewayPaymentId: callback.gatewayPaymentId });
  };
  setHandler(messages.callback, receiveCallback);
  setHandler(messages.decision, (decision) => {
    pendingDecisions.push(decision);
  });
  setHandler(messages.paymentAction, async () => {
    await condition(() => state().paymentAction !== undefined || settled.includes(state().status));
    return state();
  });
  setHandler(
    messages.outcome,
    // A return handler reports the callback in the update itself: a signal followed by an update
    // could arrive while the saga's last workflow task runs, which then has to be retried.
    async ({ timeoutMs, callback }) => {
      outcomeUpdates += 1;
      if (callback !== undefined) receiveCallback(callback);
      await condition(() => settled.includes(state().status), timeoutMs);
      return state();
    },
    {
      validator: ({ timeoutMs, callback }) => {
        if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 60_000) throw new Error('timeoutMs must be an integer from 0 to 60000');
        if (callback !== undefined && typeof callback.gatewayPaymentId !== 'string') throw new Error('callback.gatewayPaymentId must be a string');
        if (outcomeUpdates >= sagaLimits.outcomeUpdates) throw new Error(OUTCOME_UPDATES_EXHAUSTED);
      },
    },
  );

  /** Makes `next` the saga's state and mirrors its status into the search attribute. */
  const enter = (next: State) => {
    options.replace(next);
    upsertSearchAttributes([{ key: searchAttributes.status, value: next.status }]);
  };

  /** Parks the saga until an operator decides; returns the decision, recorded with who, why and when. */
  const park = async (code: string, message: string): Promise<OperatorDecision> => {
    const before = state();
    enter(options.parked(before, { code, message, since: nowIso() }));
    log.warn('saga needs attention', { ...logContext, code, message });
    if (options.onParked !== undefined && patched(patches.notifyParked)) {
      try {
        await options.onParked(code, message);
      } catch (error) {
        // The saga parks all the same: the Temporal UI and GET /admin/checkouts still show it.
        log.error('staff could not be told the saga needs attention', { ...logContext, code, error: String(error) });
      }
    }
    await condition(() => pendingDecisions.length > 0);
    const decision = pendingDecisions.shift()!;
    const parked = state();
    parked.decisions.push({ ...decision, at: nowIso() });
    // Back to the state it parked in, with the callbacks and decisions that came meanwhile.
    enter({ ...before, callbacksReceived: parked.callbacksReceived, decisions: parked.decisions });
    return decision;
  };

  return {
    enter,
    park,
    nowIso,
    /** Queues an operator's decision as if signalled (the operator-command update uses it). */
    decide: (decision: OperatorDecision) => void pendingDecisions.push(decision),
    callbackPending: () => callbackPending,
    takeCallback: () => {
      const taken = callbackPending;
      callbackPending = false;
      return taken;
    },
  };
}
