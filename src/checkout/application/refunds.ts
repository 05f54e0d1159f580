import type { RefundAttention, RefundDecision } from '../../payments/api.js';
import { makeRefundExecution } from './refund-execution.js';
import { makeRefundPlanning } from './refund-planning.js';
import type { RefundsDeps } from './refund-policy.js';
import { makeRefundSettlement } from './refund-settlement.js';

export type { RefundLeg } from '../../payments/api.js';
export type { RefundAttemptReport } from './refund-execution.js';
export { requestRefund, type RequestRefundCommand } from './refund-planning.js';
export type { RefundsDeps } from './refund-policy.js';
export { walletRefundIdOf } from './refund-settlement.js';

/**
 * Refunds, full or partial, to the original gateway or to the shopper's wallet. A request is
 * planned into one refund per payment it draws on (the gateway part of a split-tender order first,
 * then its wallet part); each is recorded `pending` by its own saga (under the payment's lock, so
 * racing refunds can never exceed what was paid), executed, then settled: completed or failed,
 * never a phantom refund.
 *
 * Where the money goes back: a wallet payment, and a manual one (bank transfer, cash on delivery,
 * which no API can send back), always to the wallet; a gateway payment to the gateway when asked
 * and the gateway can refund, else to the wallet when asked.
 */
export function makeRefunds(deps: RefundsDeps) {
  const { store } = deps;

  /** Parks a pending refund for an operator, or clears that when its saga goes on. */
  async function setAttention(input: { readonly refundId: string; readonly attention?: RefundAttention }): Promise<void> {
    await store.transaction(async (repos) => {
      const refund = await repos.refunds.byId(input.refundId);
      if (refund?.status !== 'pending') return;
      await repos.refunds.setAttention(input.refundId, input.attention);
    });
  }

  async function recordDecision(decision: RefundDecision): Promise<void> {
    await store.transaction((repos) => repos.refunds.recordDecision(decision));
  }

  /** A refund as operators see it, from PostgreSQL: with why it waits, if it does, and every decision on it. */
  async function view(refundId: string) {
    return store.read(async (repos) => {
      const refund = await repos.refunds.byId(refundId);
      if (refund === undefined) return undefined;
      const attention = await repos.refunds.attentionOf(refundId);
      return { ...refund, ...(attention === undefined ? {} : { attention }), decisions: await repos.refunds.decisions(refundId) };
    });
  }

  async function needingAttention(limit: number) {
    return store.read((repos) => repos.refunds.needingAttention(limit));
  }

  const { planRefund, recordRefund } = makeRefundPlanning(deps);
  const { executeRefund, readRefund } = makeRefundExecution(deps);
  const { settle, creditWalletInstead } = makeRefundSettlement(deps);
  return { planRefund, recordRefund, executeRefund, readRefund, settle, creditWalletInstead, setAttention, recordDecision, view, needingAttention };
}

export type Refunds = ReturnType<typeof makeRefunds>;
