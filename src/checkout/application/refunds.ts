import { applyOrderCommand, type Order } from '../../orders/domain/order.js';
import { decidePayment } from '../../payments/domain/payment-lifecycle.js';
import { decideRefund, settleRefund, type Refund, type RefundDestination, type RefundError, type RefundOutcome } from '../../payments/domain/refund.js';
import type { Payment } from '../../payments/domain/payment.js';
import type { GatewayId, PaymentGateways, RefundReport } from '../../payments/api.js';
import { pointsToReverse } from '../../loyalty/domain/points.js';
import { money, type Money } from '../../shared/money.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { CheckoutRepositories, CheckoutStore } from '../ports/checkout-store.js';

export interface RequestRefundCommand {
  readonly orderId: string;
  /** Omitted: everything still refundable. */
  readonly amount?: Money;
  readonly destination: RefundDestination;
  readonly reason: string;
  readonly requestedBy: string;
}

export interface RefundsDeps {
  readonly store: CheckoutStore;
  readonly gateways: PaymentGateways;
  readonly clock: Clock;
  readonly newRefundId: () => string;
}

const bug = (error: DomainError): never => {
  throw new Error(error.message);
};

/**
 * Refunds, full or partial, to the original gateway or to the shopper's wallet. A refund is
 * recorded `pending` first (under the payment's lock, so racing refunds can never exceed what was
 * paid), then executed, then settled: completed or failed, never a phantom refund.
 */
export function makeRefunds(deps: RefundsDeps) {
  const { store, gateways } = deps;
  const now = () => deps.clock.now().toISOString();

  /** The payment a refund draws on: the gateway part when there is one, else the wallet payment. */
  const refundablePayment = async (repos: CheckoutRepositories, orderId: string): Promise<Payment | undefined> => {
    const payments = await repos.payments.allForOrder(orderId);
    return payments.find((p) => p.gateway !== 'wallet') ?? payments[0];
  };

  async function requestRefund(command: RequestRefundCommand): Promise<Result<Refund, RefundError | DomainError<'refunds.order_not_found'>>> {
    return store.transaction(async (repos) => {
      const order = await repos.orders.byId(command.orderId);
      const payment = order === undefined ? undefined : await refundablePayment(repos, command.orderId);
      if (order === undefined || payment === undefined) return err(domainError('refunds.order_not_found', `order ${command.orderId} does not exist`));
      if (!['confirmed', 'partially_refunded'].includes(order.status)) {
        return err(domainError('refunds.not_refundable', `order ${order.id} is ${order.status}; only confirmed orders are refunded`));
      }
      // The destination must be able to take the money back.
      const viaGateway = command.destination === 'gateway';
      if (viaGateway && (payment.gateway === 'wallet' ? false : gateways.get(payment.gateway as GatewayId).refund === undefined)) {
        return err(domainError('refunds.gateway_unsupported', `${payment.gateway} cannot refund through its API; refund to the wallet instead`));
      }
      await repos.refunds.lockPayment(payment.id);
      const existing = await repos.refunds.forPayment(payment.id);
      const committed = existing.filter((r) => r.status !== 'failed').reduce((total, r) => total + r.amount.amountMinor, 0);
      const amount = command.amount ?? money(payment.amount.amountMinor - committed, payment.amount.currency);
      const decided = decideRefund({
        paid: payment.amount,
        paymentCompleted: ['completed', 'partially_refunded'].includes(payment.status),
        existing,
        request: {
          id: deps.newRefundId(),
          orderId: order.id,
          paymentId: payment.id,
          amount,
          // A wallet payment refunds to the wallet whatever was asked: that is where it came from.
          destination: payment.gateway === 'wallet' ? 'wallet' : command.destination,
          reason: command.reason,
          requestedBy: command.requestedBy,
        },
      });
      if (!decided.ok) return decided;
      await repos.refunds.save(decided.value);
      return ok(decided.value);
    });
  }

  /** Moves the money: a wallet credit, or the gateway's refund API. Idempotent per key. */
  async function executeRefund(input: { readonly refundId: string; readonly idempotencyKey: string }): Promise<RefundReport> {
    const { refund, payment, order } = await store.read(async (repos) => {
      const refund = await repos.refunds.byId(input.refundId);
      if (refund === undefined) throw new Error(`refund ${input.refundId} does not exist`);
      const payment = await repos.payments.byId(refund.paymentId);
      const order = await repos.orders.byId(refund.orderId);
      if (payment === undefined || order === undefined) throw new Error(`refund ${input.refundId} has no payment or order`);
      return { refund, payment, order };
    });
    if (refund.status !== 'pending') return { status: refund.status, gatewayStatus: `already ${refund.status}`, ...(refund.gatewayRefundId ? { gatewayRefundId: refund.gatewayRefundId } : {}) };
    if (refund.destination === 'wallet') {
      const credited = await store.transaction((repos) =>
        repos.wallet.append({
          customerId: order.customerId,
          kind: 'refund_credit',
          amount: refund.amount,
          orderId: order.id,
          paymentId: payment.id,
          refundId: refund.id,
          reason: refund.reason,
          idempotencyKey: input.idempotencyKey,
        }),
      );
      if (!credited.ok) return bug(credited.error);
      return { status: 'completed', gatewayStatus: 'credited to wallet' };
    }
    if (payment.gatewayPaymentId === undefined || payment.transactionId === undefined) throw new Error(`payment ${payment.id} was never completed`);
    const gateway = gateways.get(payment.gateway as GatewayId);
    if (gateway.refund === undefined) return { status: 'failed', gatewayStatus: `${payment.gateway} cannot refund` };
    return gateway.refund({
      gatewayPaymentId: payment.gatewayPaymentId,
      transactionId: payment.transactionId,
      amount: refund.amount,
      paid: payment.amount,
      idempotencyKey: input.idempotencyKey,
      reason: refund.reason,
    });
  }

  /**
   * Settles a refund once the destination has answered. A completed refund moves the payment and
   * the order to (partially) refunded and takes back loyalty points in proportion.
   */
  async function settle(input: { readonly refundId: string; readonly outcome: RefundOutcome }): Promise<Refund> {
    return store.transaction(async (repos) => {
      const refund = await repos.refunds.byId(input.refundId);
      if (refund === undefined) throw new Error(`refund ${input.refundId} does not exist`);
      await repos.refunds.lockPayment(refund.paymentId);
      const settled = settleRefund(refund, input.outcome);
      if (!settled.ok) return bug(settled.error);
      if (settled.value === refund) return refund;
      await repos.refunds.save(settled.value);
      if (settled.value.status !== 'completed') return settled.value;

      const payment = (await repos.payments.byId(refund.paymentId))!;
      const refundedOfPayment = (await repos.refunds.forPayment(payment.id)).filter((r) => r.status === 'completed').reduce((t, r) => t + r.amount.amountMinor, 0);
      const movedPayment = decidePayment(payment, { type: 'RecordPaymentRefunds', refundedTotal: money(refundedOfPayment, payment.amount.currency) });
      if (!movedPayment.ok) return bug(movedPayment.error);
      await repos.payments.save(movedPayment.value);

      const order = (await repos.orders.byId(refund.orderId))!;
      const orderRefunded = await refundedOfOrder(repos, order);
      const movedOrder = applyOrderCommand(order, { type: 'RecordRefunds', at: now(), refundedTotal: orderRefunded });
      if (!movedOrder.ok) return bug(movedOrder.error);
      if (movedOrder.value.events.length > 0) await repos.orders.save(movedOrder.value.order);

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
    });
  }

  return { requestRefund, executeRefund, settle };
}

async function refundedOfOrder(repos: CheckoutRepositories, order: Order): Promise<Money> {
  let total = 0;
  for (const payment of await repos.payments.allForOrder(order.id)) {
    total += (await repos.refunds.forPayment(payment.id)).filter((r) => r.status === 'completed').reduce((t, r) => t + r.amount.amountMinor, 0);
  }
  return money(total, order.total.currency);
}

export type Refunds = ReturnType<typeof makeRefunds>;
