import type { RefundReport, RefundStatusReport } from '../../payments/api.js';
import type { Refund } from '../../payments/api.js';
import { money } from '../../shared/money.js';
import { creditRefundToWallet, refundingGateway, totalMinor, type RefundsDeps } from './refund-policy.js';

/** What one attempt to move the money found: the gateway's report, or that it cannot tell. */
export type RefundAttemptReport = RefundReport | { readonly status: 'unknown'; readonly gatewayStatus: string };

/** Moving a recorded refund's money, and reading what became of it at the gateway. */
export function makeRefundExecution(deps: Pick<RefundsDeps, 'store' | 'gateways'>) {
  const { store, gateways } = deps;

  /**
   * The refund, its payment and order, and what other refunds of the payment have completed: what
   * a gateway's refund read needs.
   */
  async function context(refundId: string) {
    return store.read(async (repos) => {
      const refund = await repos.refunds.byId(refundId);
      if (refund === undefined) throw new Error(`refund ${refundId} does not exist`);
      const payment = await repos.payments.byId(refund.paymentId);
      const order = await repos.orders.byId(refund.orderId);
      if (payment === undefined || order === undefined) throw new Error(`refund ${refundId} has no payment or order`);
      const refundedBefore = totalMinor(await repos.refunds.forPayment(payment.id), (r) => r.id !== refund.id && r.status === 'completed' && r.destination === 'gateway');
      return { refund, payment, order, refundedBefore: money(refundedBefore, payment.amount.currency) };
    });
  }

  /** Asks the gateway what became of the refund; never creates anything. */
  async function readRefund(input: { readonly refundId: string; readonly gatewayRefundId?: string }): Promise<RefundStatusReport> {
    const { refund, payment, refundedBefore } = await context(input.refundId);
    if (refund.status !== 'pending') return settledReport(refund);
    if (refund.destination === 'wallet') return { status: 'absent', gatewayStatus: 'not credited to the wallet yet' };
    const gateway = refundingGateway(gateways, payment);
    if (gateway?.refundStatus === undefined) return { status: 'unknown', gatewayStatus: `${payment.gateway} has no way to read a refund` };
    if (payment.gatewayPaymentId === undefined || payment.transactionId === undefined) throw new Error(`payment ${payment.id} was never completed`);
    // Only the id this round's refund call answered: an earlier, failed refund's id would read that one.
    const gatewayRefundId = input.gatewayRefundId;
    return gateway.refundStatus({
      refundId: refund.id,
      gatewayPaymentId: payment.gatewayPaymentId,
      transactionId: payment.transactionId,
      ...(gatewayRefundId === undefined ? {} : { gatewayRefundId }),
      amount: refund.amount,
      paid: payment.amount,
      refundedBefore,
    });
  }

  /**
   * Moves the money once: a wallet credit (idempotent on the key), or the gateway's refund API.
   * With `readFirst` (a retry: the refund may already have been asked for) the gateway is read
   * first, and asked to refund only when the read shows no refund was made — Khalti's refund has
   * no idempotency key and Stripe forgets keys after 24 h, so a blind retry could refund twice.
   */
  async function executeRefund(input: { readonly refundId: string; readonly idempotencyKey: string; readonly readFirst?: boolean }): Promise<RefundAttemptReport> {
    const { refund, payment, order } = await context(input.refundId);
    if (refund.status !== 'pending') return settledReport(refund);
    if (refund.destination === 'wallet') {
      await store.transaction((repos) => creditRefundToWallet(repos, { order, payment, refund, idempotencyKey: input.idempotencyKey }));
      return { status: 'completed', gatewayStatus: 'credited to wallet' };
    }
    if (payment.gatewayPaymentId === undefined || payment.transactionId === undefined) throw new Error(`payment ${payment.id} was never completed`);
    const gateway = refundingGateway(gateways, payment);
    if (gateway?.refund === undefined) return { status: 'failed', gatewayStatus: `${payment.gateway} cannot refund` };
    if (input.readFirst === true) {
      if (gateway.refundStatus === undefined) return { status: 'unknown', gatewayStatus: `${payment.gateway} cannot tell whether the refund was made` };
      // Found by our refund id. Made and completed or under way: nothing to ask again. Failed (the
      // money never left) or not made at all: asked again, under this round's key.
      const read = await readRefund({ refundId: refund.id });
      if (read.status === 'completed' || read.status === 'pending' || read.status === 'unknown') return read;
    }
    const report = await gateway.refund({
      refundId: refund.id,
      gatewayPaymentId: payment.gatewayPaymentId,
      transactionId: payment.transactionId,
      amount: refund.amount,
      paid: payment.amount,
      idempotencyKey: input.idempotencyKey,
      reason: refund.reason,
    });
    if (report.gatewayRefundId !== undefined && report.status === 'pending') {
      // Kept for operators and later reads; a lost write is harmless (the read finds it by our id).
      await store.transaction(async (repos) => {
        const current = await repos.refunds.byId(refund.id);
        if (current?.status === 'pending') await repos.refunds.save({ ...current, gatewayRefundId: report.gatewayRefundId! });
      });
    }
    return report;
  }

  return { readRefund, executeRefund };
}

function settledReport(refund: Refund): RefundReport {
  return {
    status: refund.status === 'completed' ? 'completed' : 'failed',
    gatewayStatus: `already ${refund.status}`,
    ...(refund.gatewayRefundId ? { gatewayRefundId: refund.gatewayRefundId } : {}),
  };
}
