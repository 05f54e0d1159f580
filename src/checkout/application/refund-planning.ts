import type { Payment } from '../../payments/api.js';
import type { Refund, RefundDestination, RefundError, RefundLeg } from '../../payments/api.js';
import { format, money, type Money } from '../../shared/money.js';
import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';
import type { RefundSagas } from '../ports/refund-sagas.js';
import { decideRefundOf, destinationFor, isRefundablePayment, orderNotRefundable, totalMinor, type RefundsDeps } from './refund-policy.js';

export interface RequestRefundCommand {
  readonly orderId: string;
  /** Omitted: everything still refundable. */
  readonly amount?: Money;
  /** Instead of `amount`: this many minor units of the order's own currency. */
  readonly amountMinor?: number;
  readonly destination: RefundDestination;
  readonly reason: string;
  readonly requestedBy: string;
}

export type PlanError = RefundError | DomainError<'refunds.order_not_found'>;

/** Pending and completed refunds hold their amount; a failed one frees it. */
const committedOf = (refunds: readonly Refund[]): number => totalMinor(refunds, (r) => r.status !== 'failed');

/** Planning a refund request into legs, and recording each leg under its payment's lock. */
export function makeRefundPlanning(deps: Pick<RefundsDeps, 'store' | 'gateways' | 'newRefundId'>) {
  const { store, gateways } = deps;

  /**
   * Plans a refund request into one refund per payment it draws on, without recording anything:
   * each leg is then recorded by its own saga. Refused as a whole when the order cannot be
   * refunded or the amount is more than is left.
   */
  async function planRefund(command: RequestRefundCommand): Promise<Result<RefundLeg[], PlanError>> {
    return store.read(async (repos) => {
      const order = await repos.orders.byId(command.orderId);
      if (order === undefined) return err(domainError('refunds.order_not_found', `order ${command.orderId} does not exist`));
      const notRefundable = orderNotRefundable(order);
      if (notRefundable !== undefined) return err(notRefundable);
      const payments = (await repos.payments.allForOrder(order.id)).filter(isRefundablePayment);
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
      const wanted = command.amount ?? money(command.amountMinor ?? refundable, currency);
      if (wanted.currency !== currency || !Number.isSafeInteger(wanted.amountMinor) || wanted.amountMinor <= 0) {
        if (command.amount === undefined && command.amountMinor === undefined) return err(domainError('refunds.not_refundable', `order ${order.id} has nothing left to refund`));
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
        const destination = destinationFor(gateways, payment, command.destination);
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
  async function recordRefund(leg: RefundLeg): Promise<Result<Refund, PlanError>> {
    return store.transaction(async (repos) => {
      const known = await repos.refunds.byId(leg.refundId);
      if (known !== undefined) return ok(known);
      const payment = await repos.payments.byId(leg.paymentId);
      const order = await repos.orders.byId(leg.orderId);
      if (payment === undefined || order === undefined || payment.orderId !== order.id) {
        return err(domainError('refunds.order_not_found', `order ${leg.orderId} has no payment ${leg.paymentId}`));
      }
      const notRefundable = orderNotRefundable(order);
      if (notRefundable !== undefined) return err(notRefundable);
      const destination = destinationFor(gateways, payment, leg.destination);
      if (!destination.ok) return destination;
      await repos.refunds.lockPayment(payment.id);
      const decided = await decideRefundOf(repos, payment, {
        id: leg.refundId,
        orderId: order.id,
        paymentId: payment.id,
        amount: leg.amount,
        destination: destination.value,
        reason: leg.reason,
        requestedBy: leg.requestedBy,
      });
      if (!decided.ok) return decided;
      await repos.refunds.save(decided.value);
      return ok(decided.value);
    });
  }

  return { planRefund, recordRefund };
}

/**
 * A refund request, end to end: planned into one refund per payment it draws on, then each started
 * as its own saga, which records it. The saga is started first, so a refund row never exists
 * without one: a start that fails leaves nothing behind (`refunds.saga_unavailable`), and a retry
 * of the request plans only what is still unrefunded.
 */
export async function requestRefund(
  refunds: Pick<ReturnType<typeof makeRefundPlanning>, 'planRefund'>,
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
