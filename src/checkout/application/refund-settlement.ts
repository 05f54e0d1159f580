import { pointsToReverse } from '../../loyalty/api.js';
import { applyOrderCommand, type Order } from '../../orders/api.js';
import { decidePayment } from '../../payments/api.js';
import { settleRefund, type Refund, type RefundOutcome } from '../../payments/api.js';
import { money, type Money } from '../../shared/money.js';
import type { CheckoutRepositories } from '../ports/checkout-store.js';
import { tell } from '../../notifications/api.js';
import { bug, creditRefundToWallet, decideRefundOf, isCompleted, totalMinor, type RefundsDeps } from './refund-policy.js';

/** The wallet refund an operator's "credit the wallet instead" records for a gateway refund. */
export const walletRefundIdOf = (refundId: string): string => `${refundId}-wallet`;

/** Settling refunds once their destination has answered, and an operator's wallet credit instead. */
export function makeRefundSettlement(deps: Pick<RefundsDeps, 'store' | 'clock'>) {
  const { store } = deps;
  const now = () => deps.clock.now().toISOString();

  /**
   * Settles a refund once the destination has answered. A completed refund moves the payment and
   * the order to (partially) refunded and takes back loyalty points in proportion.
   */
  async function settle(input: { readonly refundId: string; readonly outcome: RefundOutcome }): Promise<Refund> {
    return store.transaction((repos) => settleIn(repos, input.refundId, input.outcome));
  }

  async function settleIn(repos: CheckoutRepositories, refundId: string, outcome: RefundOutcome): Promise<Refund> {
    const refund = await repos.refunds.byId(refundId);
    if (refund === undefined) throw new Error(`refund ${refundId} does not exist`);
    await repos.refunds.lockPayment(refund.paymentId);
    const settled = settleRefund(refund, outcome);
    if (!settled.ok) return bug(settled.error);
    if (settled.value === refund) return refund;
    await repos.refunds.save(settled.value);
    if (settled.value.status !== 'completed') return settled.value;

    const payment = (await repos.payments.byId(refund.paymentId))!;
    const refundedOfPayment = totalMinor(await repos.refunds.forPayment(payment.id), isCompleted);
    const movedPayment = decidePayment(payment, { type: 'RecordPaymentRefunds', refundedTotal: money(refundedOfPayment, payment.amount.currency) });
    if (!movedPayment.ok) return bug(movedPayment.error);
    await repos.payments.save(movedPayment.value);

    const order = (await repos.orders.byId(refund.orderId))!;
    const orderRefunded = await refundedOfOrder(repos, order);
    const movedOrder = applyOrderCommand(order, { type: 'RecordRefunds', at: now(), refundedTotal: orderRefunded });
    if (!movedOrder.ok) return bug(movedOrder.error);
    if (movedOrder.value.events.length > 0) await repos.orders.save(movedOrder.value.order);
    const destination = refund.destination === 'wallet' ? 'wallet' : payment.gateway;
    await tell(
      repos.notifications,
      { type: 'refund_completed', orderId: order.id, customerId: order.customerId, refundId: refund.id, amount: refund.amount, destination },
      order.contact,
    );

    const entries = await repos.loyalty.forOrder(order.customerId, order.id);
    const earned = entries.filter((e) => e.kind === 'earn').reduce((t, e) => t + e.points, 0);
    const alreadyReversed = -entries.filter((e) => e.kind === 'reverse').reduce((t, e) => t + e.points, 0);
    const due = pointsToReverse({ earned, alreadyReversed, refundedTotalMinor: orderRefunded.amountMinor, paidMinor: order.total.amountMinor });
    // Points already spent cannot be taken back: never below zero.
    const take = Math.min(due, await repos.loyalty.balance(order.customerId));
    if (take > 0) {
      const reversed = await repos.loyalty.append(order.customerId, { kind: 'reverse', points: -take, orderId: order.id, idempotencyKey: `refund-${refund.id}/reverse-points` });
      if (!reversed.ok) return bug(reversed.error);
    }
    return settled.value;
  }

  /**
   * An operator's way out of a gateway refund that failed or cannot be told: in one transaction the
   * gateway refund is settled failed and a wallet refund of the same amount is recorded, credited
   * and settled completed. Once: a replay finds the wallet refund and returns it.
   */
  async function creditWalletInstead(input: { readonly refundId: string; readonly by: string; readonly reason: string }): Promise<Refund> {
    return store.transaction(async (repos) => {
      const walletRefundId = walletRefundIdOf(input.refundId);
      const done = await repos.refunds.byId(walletRefundId);
      if (done !== undefined) return done;
      const refund = await repos.refunds.byId(input.refundId);
      if (refund === undefined) throw new Error(`refund ${input.refundId} does not exist`);
      if (refund.status === 'completed' || refund.destination === 'wallet')
        throw new Error(`refund ${refund.id} is ${refund.status} to the ${refund.destination}: nothing to credit instead`);
      await settleIn(repos, refund.id, { type: 'RefundFailed', reason: `credited to the wallet instead by ${input.by}: ${input.reason}`.slice(0, 200) });
      const payment = (await repos.payments.byId(refund.paymentId))!;
      const order = (await repos.orders.byId(refund.orderId))!;
      const decided = await decideRefundOf(repos, payment, {
        id: walletRefundId,
        orderId: order.id,
        paymentId: payment.id,
        amount: refund.amount,
        destination: 'wallet',
        reason: input.reason,
        requestedBy: input.by,
      });
      if (!decided.ok) return bug(decided.error);
      await repos.refunds.save(decided.value);
      await creditRefundToWallet(repos, { order, payment, refund: decided.value, actor: input.by, idempotencyKey: `refund-${walletRefundId}/credit` });
      return settleIn(repos, walletRefundId, { type: 'RefundCompleted' });
    });
  }

  return { settle, creditWalletInstead };
}

async function refundedOfOrder(repos: CheckoutRepositories, order: Order): Promise<Money> {
  let total = 0;
  for (const payment of await repos.payments.allForOrder(order.id)) total += totalMinor(await repos.refunds.forPayment(payment.id), isCompleted);
  return money(total, order.total.currency);
}
