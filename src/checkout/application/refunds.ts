import { applyOrderCommand, type Order } from '../../orders/api.js';

export type { RefundLeg } from '../../payments/api.js';
import {
  GATEWAY_IDS,
  decidePayment,
  decideRefund,
  settleRefund,
  type GatewayId,
  type Payment,
  type PaymentGateway,
  type PaymentGateways,
  type Refund,
  type RefundAttention,
  type RefundDecision,
  type RefundDestination,
  type RefundError,
  type RefundLeg,
  type RefundOutcome,
  type RefundReport,
  type RefundStatusReport,
} from '../../payments/api.js';
import { pointsToReverse } from '../../loyalty/api.js';
import { format, money, type Money } from '../../shared/money.js';
import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { CheckoutRepositories, CheckoutStore } from '../ports/checkout-store.js';
import type { RefundSagas } from '../ports/refund-sagas.js';

export interface RequestRefundCommand {
  readonly orderId: string;
  /** Omitted: everything still refundable. */
  readonly amount?: Money;
  readonly destination: RefundDestination;
  readonly reason: string;
  readonly requestedBy: string;
}

/** What one attempt to move the money found: the gateway's report, or that it cannot tell. */
export type RefundAttemptReport = RefundReport | { readonly status: 'unknown'; readonly gatewayStatus: string };

export interface RefundsDeps {
  readonly store: CheckoutStore;
  readonly gateways: PaymentGateways;
  readonly clock: Clock;
  readonly newRefundId: () => string;
}

type PlanError = RefundError | DomainError<'refunds.order_not_found'>;

const bug = (error: DomainError): never => {
  throw new Error(error.message);
};

const REFUNDABLE_PAYMENT: readonly string[] = ['completed', 'partially_refunded'];
const isGateway = (gateway: string): gateway is GatewayId => (GATEWAY_IDS as readonly string[]).includes(gateway);

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
  const { store, gateways } = deps;
  const now = () => deps.clock.now().toISOString();

  const committedOf = (refunds: readonly Refund[]): number => refunds.filter((r) => r.status !== 'failed').reduce((total, r) => total + r.amount.amountMinor, 0);

  /** A gateway that can refund through its API, if the payment has one. */
  const refundingGateway = (payment: Payment): PaymentGateway | undefined => {
    if (!isGateway(payment.gateway) || !gateways.has(payment.gateway)) return undefined;
    const gateway = gateways.get(payment.gateway);
    return gateway.refund === undefined ? undefined : gateway;
  };

  /** Where a refund of this payment goes when `asked` is wanted. */
  const destinationFor = (payment: Payment, asked: RefundDestination): Result<RefundDestination, RefundError> => {
    // A wallet payment refunds to the wallet whatever was asked: that is where it came from. A
    // manual payment has no API to send money back through: the wallet takes it.
    if (payment.gateway === 'wallet' || !isGateway(payment.gateway)) return ok('wallet');
    if (asked === 'gateway' && refundingGateway(payment) === undefined) {
      return err(domainError('refunds.gateway_unsupported', `${payment.gateway} cannot refund through its API; refund to the wallet instead`));
    }
    return ok(asked);
  };

  /**
   * Plans a refund request into one refund per payment it draws on, without recording anything:
   * each leg is then recorded by its own saga. Refused as a whole when the order cannot be
   * refunded or the amount is more than is left.
   */
  async function planRefund(command: RequestRefundCommand): Promise<Result<RefundLeg[], PlanError>> {
    return store.read(async (repos) => {
      const order = await repos.orders.byId(command.orderId);
      if (order === undefined) return err(domainError('refunds.order_not_found', `order ${command.orderId} does not exist`));
      if (!['confirmed', 'partially_refunded'].includes(order.status)) {
        return err(domainError('refunds.not_refundable', `order ${order.id} is ${order.status}; only confirmed orders are refunded`));
      }
      const payments = (await repos.payments.allForOrder(order.id)).filter((p) => REFUNDABLE_PAYMENT.includes(p.status));
      if (payments.length === 0) return err(domainError('refunds.not_refundable', `order ${order.id} has no completed payment to refund`));
      // The gateway part first, then the wallet part: a partial refund goes back the way most of the money came.
      payments.sort((a, b) => Number(a.gateway === 'wallet') - Number(b.gateway === 'wallet'));
      const open: { payment: Payment; left: number }[] = [];
      for (const payment of payments) {
        const left = payment.amount.amountMinor - committedOf(await repos.refunds.forPayment(payment.id));
        if (left > 0) open.push({ payment, left });
      }
      const currency = order.total.currency;
      const refundable = open.reduce((total, p) => total + p.left, 0);
      const wanted = command.amount ?? money(refundable, currency);
      if (wanted.currency !== currency || !Number.isSafeInteger(wanted.amountMinor) || wanted.amountMinor <= 0) {
        if (command.amount === undefined) return err(domainError('refunds.not_refundable', `order ${order.id} has nothing left to refund`));
        return err(domainError('refunds.invalid_amount', `a refund must be a positive amount in ${currency}`));
      }
      if (wanted.amountMinor > refundable) {
        return err(
          domainError('refunds.exceeds_paid', `only ${format(money(refundable, currency))} of ${format(order.total)} can still be refunded`, {
            paidMinor: order.total.amountMinor,
            refundableMinor: refundable,
            requestedMinor: wanted.amountMinor,
          }),
        );
      }
      const legs: RefundLeg[] = [];
      let rest = wanted.amountMinor;
      for (const { payment, left } of open) {
        if (rest === 0) break;
        const take = Math.min(left, rest);
        const destination = destinationFor(payment, command.destination);
        if (!destination.ok) return destination;
        legs.push({
          refundId: deps.newRefundId(),
          orderId: order.id,
          paymentId: payment.id,
          amount: money(take, currency),
          destination: destination.value,
          reason: command.reason,
          requestedBy: command.requestedBy,
        });
        rest -= take;
      }
      return ok(legs);
    });
  }

  /**
   * Records a planned refund `pending`, deciding it again under the payment's lock (a refund
   * recorded since the plan counts). Idempotent: a refund already recorded is returned as it is.
   */
  async function recordRefund(leg: RefundLeg): Promise<Result<Refund, RefundError | DomainError<'refunds.order_not_found'>>> {
    return store.transaction(async (repos) => {
      const known = await repos.refunds.byId(leg.refundId);
      if (known !== undefined) return ok(known);
      const payment = await repos.payments.byId(leg.paymentId);
      const order = await repos.orders.byId(leg.orderId);
      if (payment === undefined || order === undefined || payment.orderId !== order.id) {
        return err(domainError('refunds.order_not_found', `order ${leg.orderId} has no payment ${leg.paymentId}`));
      }
      if (!['confirmed', 'partially_refunded'].includes(order.status)) {
        return err(domainError('refunds.not_refundable', `order ${order.id} is ${order.status}; only confirmed orders are refunded`));
      }
      const destination = destinationFor(payment, leg.destination);
      if (!destination.ok) return destination;
      await repos.refunds.lockPayment(payment.id);
      const decided = decideRefund({
        paid: payment.amount,
        paymentCompleted: REFUNDABLE_PAYMENT.includes(payment.status),
        existing: await repos.refunds.forPayment(payment.id),
        request: {
          id: leg.refundId,
          orderId: order.id,
          paymentId: payment.id,
          amount: leg.amount,
          destination: destination.value,
          reason: leg.reason,
          requestedBy: leg.requestedBy,
        },
      });
      if (!decided.ok) return decided;
      await repos.refunds.save(decided.value);
      return ok(decided.value);
    });
  }

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
      const refundedBefore = (await repos.refunds.forPayment(payment.id))
        .filter((r) => r.id !== refund.id && r.status === 'completed' && r.destination === 'gateway')
        .reduce((total, r) => total + r.amount.amountMinor, 0);
      return { refund, payment, order, refundedBefore: money(refundedBefore, payment.amount.currency) };
    });
  }

  /** Asks the gateway what became of the refund; never creates anything. */
  async function readRefund(input: { readonly refundId: string; readonly gatewayRefundId?: string }): Promise<RefundStatusReport> {
    const { refund, payment, refundedBefore } = await context(input.refundId);
    if (refund.status !== 'pending') return settledReport(refund);
    if (refund.destination === 'wallet') return { status: 'absent', gatewayStatus: 'not credited to the wallet yet' };
    const gateway = refundingGateway(payment);
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
    const gateway = refundingGateway(payment);
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
      const decided = decideRefund({
        paid: payment.amount,
        paymentCompleted: REFUNDABLE_PAYMENT.includes(payment.status),
        existing: await repos.refunds.forPayment(payment.id),
        request: { id: walletRefundId, orderId: order.id, paymentId: payment.id, amount: refund.amount, destination: 'wallet', reason: input.reason, requestedBy: input.by },
      });
      if (!decided.ok) return bug(decided.error);
      await repos.refunds.save(decided.value);
      const credited = await repos.wallet.append({
        customerId: order.customerId,
        kind: 'refund_credit',
        amount: refund.amount,
        orderId: order.id,
        paymentId: payment.id,
        refundId: walletRefundId,
        reason: input.reason,
        actor: input.by,
        idempotencyKey: `refund-${walletRefundId}/credit`,
      });
      if (!credited.ok) return bug(credited.error);
      return settleIn(repos, walletRefundId, { type: 'RefundCompleted' });
    });
  }

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

  return { planRefund, recordRefund, executeRefund, readRefund, settle, creditWalletInstead, setAttention, recordDecision, view, needingAttention };
}

/** The wallet refund an operator's "credit the wallet instead" records for a gateway refund. */
export const walletRefundIdOf = (refundId: string): string => `${refundId}-wallet`;

function settledReport(refund: Refund): RefundReport {
  return {
    status: refund.status === 'completed' ? 'completed' : 'failed',
    gatewayStatus: `already ${refund.status}`,
    ...(refund.gatewayRefundId ? { gatewayRefundId: refund.gatewayRefundId } : {}),
  };
}

async function refundedOfOrder(repos: CheckoutRepositories, order: Order): Promise<Money> {
  let total = 0;
  for (const payment of await repos.payments.allForOrder(order.id)) {
    total += (await repos.refunds.forPayment(payment.id)).filter((r) => r.status === 'completed').reduce((t, r) => t + r.amount.amountMinor, 0);
  }
  return money(total, order.total.currency);
}

export type Refunds = ReturnType<typeof makeRefunds>;

/**
 * A refund request, end to end: planned into one refund per payment it draws on, then each started
 * as its own saga, which records it. The saga is started first, so a refund row never exists
 * without one: a start that fails leaves nothing behind (`refunds.saga_unavailable`), and a retry
 * of the request plans only what is still unrefunded.
 */
export async function requestRefund(
  refunds: Pick<Refunds, 'planRefund'>,
  sagas: RefundSagas,
  command: RequestRefundCommand,
): Promise<Result<Refund[], PlanError | DomainError<'refunds.saga_unavailable'>>> {
  const planned = await refunds.planRefund(command);
  if (!planned.ok) return planned;
  const started: Refund[] = [];
  for (const leg of planned.value) {
    let recorded: Result<Refund, DomainError>;
    try {
      recorded = await sagas.start(leg);
    } catch (error) {
      const done = started.length === 0 ? 'nothing was refunded' : `refund(s) ${started.map((r) => r.id).join(', ')} were started; ask again for the rest`;
      return err(domainError('refunds.saga_unavailable', `the refund could not be started (${error instanceof Error ? error.message : String(error)}); ${done}`));
    }
    if (!recorded.ok) {
      if (started.length === 0) return recorded as Result<never, PlanError>;
      break;
    }
    started.push(recorded.value);
  }
  return ok(started);
}
