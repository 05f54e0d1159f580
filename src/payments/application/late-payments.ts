import type { Clock } from '../../shared/clock.js';
import { money, type Money } from '../../shared/money.js';
import { verificationFor } from '../domain/payment.js';
import { decideLatePayment, gaveUpOn, subjectOfOwner, type LatePaymentOwner, type LatePaymentResolution, type LatePaymentSource } from '../domain/late-payment.js';
import type { GatewayId, PaymentGateways, PaymentStatusReport } from '../ports/payment-gateway.js';
import type {
  DueLateCheck,
  LatePaymentFilter,
  LatePaymentIntakeOutcome,
  LatePaymentRecord,
  LatePaymentReport,
  LatePayments,
  LatePaymentSagas,
  LatePaymentStore,
} from '../ports/late-payments.js';

/** How long after closing a payment the reconciliation still asks about it: the three days gateways keep retrying, and an hour for the last check. */
export const RECONCILIATION_WINDOW_MS = 72 * 3_600_000 + 3_600_000;

const FINAL: readonly LatePaymentResolution[] = ['credited_to_wallet', 'top_up_credited', 'needs_attention', 'dismissed'];

/**
 * The intake shared by webhooks, browser returns and the reconciliation: a payment whose checkout
 * or top-up gave up on it gets its late-payment saga; anything else is left to its own saga.
 */
export function makeLatePaymentIntake(deps: { readonly store: LatePaymentStore; readonly sagas: LatePaymentSagas }): LatePayments {
  return {
    async report(report: LatePaymentReport): Promise<LatePaymentIntakeOutcome> {
      const { owner, recorded } = await deps.store.read(async (repos) => ({
        owner: await repos.owner(report.gateway, report.gatewayPaymentId),
        recorded: await repos.latePayments.byGatewayPayment(report.gateway, report.gatewayPaymentId),
      }));
      if (owner === undefined) return 'unmatched';
      // Settled (or parked, its saga still running) once already: a repeated callback changes nothing.
      if (recorded !== undefined && FINAL.includes(recorded.resolution)) return 'resolved';
      if (!gaveUpOn(owner)) return 'not_late';
      await deps.sagas.start({ gateway: report.gateway, gatewayPaymentId: report.gatewayPaymentId, source: report.source, detectedAt: report.receivedAt }, owner);
      return 'started';
    },
  };
}

/** What one late-payment saga is about; JSON-serialisable. */
export interface LatePaymentSubject {
  readonly gateway: GatewayId;
  readonly gatewayPaymentId: string;
  readonly source: LatePaymentSource;
  readonly detectedAt: string;
  readonly workflowId: string;
}

export type SettleOutcome =
  | { readonly outcome: 'settled'; readonly resolution: LatePaymentResolution; readonly amount?: Money }
  | { readonly outcome: 'park'; readonly code: string; readonly message: string }
  /** The payment's saga has not given up on it after all (or kept the money): nothing to settle. */
  | { readonly outcome: 'not_late' }
  | { readonly outcome: 'unmatched' };

export interface LatePaymentStepsDeps {
  readonly store: LatePaymentStore;
  readonly gateways: PaymentGateways;
  readonly clock: Clock;
}

/**
 * The use cases behind the late-payment saga and the reconciliation. Each is idempotent: a
 * retried or replayed step ends as if it had run once (the ledger's unique transaction key, the
 * wallet entry's idempotency key, one late-payment row per gateway payment).
 */
export function makeLatePaymentSteps(deps: LatePaymentStepsDeps) {
  const { store, gateways, clock } = deps;
  const now = () => clock.now().toISOString();

  const baseRecord = (subject: LatePaymentSubject, owner: LatePaymentOwner): Omit<LatePaymentRecord, 'resolution'> => ({
    gateway: subject.gateway,
    gatewayPaymentId: subject.gatewayPaymentId,
    ...(owner.kind === 'order' ? { orderId: owner.orderId, paymentId: owner.paymentId } : { topUpId: owner.topUpId }),
    customerId: owner.customerId,
    source: subject.source,
    workflowId: subject.workflowId,
    detectedAt: subject.detectedAt,
  });

  /** The checkout payment or top-up the gateway payment belongs to, or `null`. */
  async function findOwner(input: { readonly gateway: GatewayId; readonly gatewayPaymentId: string }): Promise<LatePaymentOwner | null> {
    return (await store.read((repos) => repos.owner(input.gateway, input.gatewayPaymentId))) ?? null;
  }

  /** Asks the gateway what was really taken. Reads only. */
  async function lookup(input: { readonly gateway: GatewayId; readonly gatewayPaymentId: string; readonly expected: Money }): Promise<PaymentStatusReport> {
    return gateways.get(input.gateway).lookup(input.gatewayPaymentId, money(input.expected.amountMinor, input.expected.currency));
  }

  /**
   * In one transaction: binds the gateway's verified transaction in the ledger, records the late
   * payment and credits the wallet (the closed checkout's shopper, or the failed top-up) — or
   * records it as needing an operator when that cannot be decided here.
   */
  async function settle(
    input: LatePaymentSubject & { readonly transactionId: string; readonly amount: Money; readonly gatewayStatus: string; readonly walletEntryKey: string },
  ): Promise<SettleOutcome> {
    return store.transaction(async (repos) => {
      const owner = await repos.owner(input.gateway, input.gatewayPaymentId, true);
      if (owner === undefined) return { outcome: 'unmatched' };
      const recorded = await repos.latePayments.byGatewayPayment(input.gateway, input.gatewayPaymentId);
      if (recorded !== undefined && recorded.resolution !== 'not_taken' && recorded.resolution !== 'needs_attention') {
        return { outcome: 'settled', resolution: recorded.resolution, ...(recorded.amount ? { amount: recorded.amount } : {}) };
      }
      if (!gaveUpOn(owner)) return { outcome: 'not_late' };
      const amount = money(input.amount.amountMinor, input.amount.currency);
      const claim = { transactionId: input.transactionId, amount };
      const decision = decideLatePayment(owner, claim, await repos.verifications.byTransaction(input.gateway, input.transactionId));
      const record = { ...baseRecord(input, owner), transactionId: input.transactionId, amount, gatewayStatus: input.gatewayStatus };
      switch (decision.action) {
        case 'already_settled': {
          // The ledger has it for this owner but no settled row: only an earlier run of this step writes both, together.
          throw new Error(`${input.gateway} transaction ${input.transactionId} is bound to its owner without a settled late payment`);
        }
        case 'park':
          await repos.latePayments.save({ ...record, resolution: 'needs_attention', attentionCode: decision.code, detail: decision.message });
          return { outcome: 'park', code: decision.code, message: decision.message };
        case 'credit': {
          const at = now();
          if (
            (await repos.verifications.record(
              verificationFor(subjectOfOwner(owner), {
                gateway: input.gateway,
                transactionId: input.transactionId,
                gatewayPaymentId: input.gatewayPaymentId,
                amount,
                verifiedAt: at,
              }),
            )) === 'duplicate'
          ) {
            // Lost a race with a concurrent verification of the same transaction; the unique key decided, and the retry sees who won.
            throw new Error(`verification of ${input.gateway} transaction ${input.transactionId} raced; retrying`);
          }
          const credited = await repos.wallet.append(
            owner.kind === 'order'
              ? {
                  customerId: owner.customerId,
                  kind: 'refund_credit',
                  amount,
                  orderId: owner.orderId,
                  paymentId: owner.paymentId,
                  reason: `late ${input.gateway} payment for closed order ${owner.orderId}`,
                  idempotencyKey: input.walletEntryKey,
                }
              : {
                  customerId: owner.customerId,
                  kind: 'top_up',
                  amount,
                  reason: `late ${input.gateway} payment for wallet top-up ${owner.topUpId}`,
                  idempotencyKey: input.walletEntryKey,
                },
          );
          if (!credited.ok) throw new Error(`crediting late payment ${input.gateway} ${input.gatewayPaymentId} failed: ${credited.error.message}`);
          if (owner.kind === 'top_up') await repos.markTopUpCredited(owner.topUpId, input.transactionId, input.walletEntryKey, at);
          const resolution: LatePaymentResolution = owner.kind === 'order' ? 'credited_to_wallet' : 'top_up_credited';
          await repos.latePayments.save({ ...record, resolution, walletEntryKey: input.walletEntryKey, resolvedAt: at });
          return { outcome: 'settled', resolution, amount };
        }
      }
    });
  }

  /** Records an ending that moves no money: nothing was taken, or an operator dismissed it. */
  async function recordOutcome(
    input: LatePaymentSubject & {
      readonly resolution: 'not_taken' | 'dismissed';
      readonly gatewayStatus?: string;
      readonly decidedBy?: string;
      readonly detail?: string;
    },
  ): Promise<void> {
    await store.transaction(async (repos) => {
      const owner = await repos.owner(input.gateway, input.gatewayPaymentId, true);
      if (owner === undefined) return;
      const recorded = await repos.latePayments.byGatewayPayment(input.gateway, input.gatewayPaymentId);
      if (recorded !== undefined && (recorded.resolution === 'credited_to_wallet' || recorded.resolution === 'top_up_credited')) return;
      await repos.latePayments.save({
        ...baseRecord(input, owner),
        ...(recorded?.transactionId ? { transactionId: recorded.transactionId } : {}),
        ...(recorded?.amount ? { amount: recorded.amount } : {}),
        ...(recorded?.attentionCode ? { attentionCode: recorded.attentionCode } : {}),
        ...((input.gatewayStatus ?? recorded?.gatewayStatus) ? { gatewayStatus: (input.gatewayStatus ?? recorded?.gatewayStatus)! } : {}),
        ...(input.decidedBy ? { decidedBy: input.decidedBy } : {}),
        ...(input.detail ? { detail: input.detail } : {}),
        resolution: input.resolution,
        resolvedAt: now(),
      });
    });
  }

  /** Payments given up on within the reconciliation window whose next check is due at `now` (the saga's clock). */
  async function dueChecks(input: { readonly now: string; readonly limit: number }): Promise<DueLateCheck[]> {
    const closedAfter = new Date(Date.parse(input.now) - RECONCILIATION_WINDOW_MS).toISOString();
    return store.read((repos) => repos.dueChecks(input.now, closedAfter, input.limit));
  }

  /** One reconciliation check: asks the gateway, counts the check, and says whether money was taken. */
  async function check(input: { readonly gateway: GatewayId; readonly gatewayPaymentId: string; readonly now: string }): Promise<{ paid: boolean; gatewayStatus: string }> {
    const owner = await findOwner(input);
    if (owner === null) return { paid: false, gatewayStatus: 'unknown' };
    const report = await lookup({ gateway: input.gateway, gatewayPaymentId: input.gatewayPaymentId, expected: owner.expected });
    await store.transaction((repos) => repos.recordCheck(input.gateway, input.gatewayPaymentId, report.gatewayStatus, input.now));
    // `approved` (PayPal) is not money: nobody captures it after we gave up.
    return { paid: report.status === 'completed', gatewayStatus: report.gatewayStatus };
  }

  /** Late payments for operators, newest first. */
  async function list(filter: LatePaymentFilter, limit: number): Promise<LatePaymentRecord[]> {
    return store.read((repos) => repos.latePayments.list(filter, limit));
  }

  return { findOwner, lookup, settle, recordOutcome, dueChecks, check, list };
}

export type LatePaymentSteps = ReturnType<typeof makeLatePaymentSteps>;
