import type { Contact, DeliveryAddress } from '../../shared/customer-details.js';
import type { Money } from '../../shared/money.js';
import { assertNever, domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

export interface OrderLine {
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: Money;
  readonly quantity: number;
  readonly lineTotal: Money;
}

/** Why an order was cancelled; `refunded_to_wallet`: an operator credited what the gateway took to the shopper's wallet. */
export type CancelReason = 'payment_expired' | 'payment_cancelled' | 'payment_failed' | 'out_of_stock' | 'operator_cancelled' | 'refunded_to_wallet';

/** What the quote added to and took off the subtotal; absent means none. */
export interface OrderCharges {
  readonly discount: Money;
  readonly tax: Money;
  readonly delivery: Money;
  readonly deliveryOption: string;
  readonly pointsRedeemed: number;
}

interface OrderData {
  readonly id: string;
  readonly customerId: string;
  readonly gateway: string;
  readonly lines: readonly OrderLine[];
  readonly subtotal: Money;
  readonly total: Money;
  readonly charges?: OrderCharges;
  readonly placedAt: string;
  /** How to reach the shopper, as the checkout gave it. */
  readonly contact?: Contact;
  /** Where the order goes; absent for a pickup or a checkout that gave none. */
  readonly deliveryAddress?: DeliveryAddress;
}

/** The shopper's details of an order, only the parts it has: to spread into another value. */
export function customerDetailsOf(order: Pick<OrderData, 'contact' | 'deliveryAddress'>): Pick<OrderData, 'contact' | 'deliveryAddress'> {
  return { ...(order.contact === undefined ? {} : { contact: order.contact }), ...(order.deliveryAddress === undefined ? {} : { deliveryAddress: order.deliveryAddress }) };
}

/** An order's life: pending payment → paid → confirmed, or cancelled with a reason. */
export type Order =
  | ({ readonly status: 'pending_payment' } & OrderData)
  | ({ readonly status: 'paid'; readonly paidAt: string } & OrderData)
  | ({ readonly status: 'confirmed'; readonly paidAt: string; readonly confirmedAt: string } & OrderData)
  | ({ readonly status: 'partially_refunded' | 'refunded'; readonly paidAt: string; readonly confirmedAt: string; readonly refunded: Money } & OrderData)
  | ({ readonly status: 'cancelled'; readonly paidAt?: string; readonly cancelledAt: string; readonly reason: CancelReason } & OrderData);

export type OrderStatus = Order['status'];

export type OrderCommand =
  | { readonly type: 'MarkOrderPaid'; readonly at: string }
  | { readonly type: 'ConfirmOrder'; readonly at: string }
  | { readonly type: 'CancelOrder'; readonly at: string; readonly reason: CancelReason }
  /** Records what completed refunds have given back in total (idempotent: a total, not an increment). */
  | { readonly type: 'RecordRefunds'; readonly at: string; readonly refundedTotal: Money };

export type OrderEvent =
  | { readonly type: 'OrderPaid'; readonly at: string }
  | { readonly type: 'OrderConfirmed'; readonly at: string }
  | { readonly type: 'OrderCancelled'; readonly at: string; readonly reason: CancelReason }
  | { readonly type: 'OrderRefunded'; readonly at: string; readonly refundedTotal: Money; readonly fully: boolean };

export type OrderError = DomainError<'orders.invalid_transition' | 'orders.refund_exceeds_total'>;

const invalid = (order: Order, command: OrderCommand): Result<never, OrderError> =>
  err(
    domainError('orders.invalid_transition', `cannot ${command.type} an order that is ${order.status}`, {
      orderId: order.id,
      status: order.status,
    }),
  );

/**
 * Decides what a command does to an order. Repeating a command that already took effect
 * (paying a paid order, confirming a confirmed one, cancelling a cancelled one) decides
 * nothing, so retried saga steps are harmless; every other transition not in the
 * lifecycle is an error.
 */
export function decideOrder(command: OrderCommand, order: Order): Result<OrderEvent[], OrderError> {
  switch (command.type) {
    case 'MarkOrderPaid':
      if (order.status === 'pending_payment') return ok([{ type: 'OrderPaid', at: command.at }]);
      if (order.status === 'paid' || order.status === 'confirmed' || order.status === 'partially_refunded' || order.status === 'refunded') return ok([]);
      return invalid(order, command);
    case 'ConfirmOrder':
      if (order.status === 'paid') return ok([{ type: 'OrderConfirmed', at: command.at }]);
      if (order.status === 'confirmed' || order.status === 'partially_refunded' || order.status === 'refunded') return ok([]);
      return invalid(order, command);
    case 'CancelOrder':
      if (order.status === 'pending_payment' || order.status === 'paid') {
        return ok([{ type: 'OrderCancelled', at: command.at, reason: command.reason }]);
      }
      if (order.status === 'cancelled') return ok([]);
      return invalid(order, command);
    case 'RecordRefunds': {
      if (order.status !== 'confirmed' && order.status !== 'partially_refunded' && order.status !== 'refunded') return invalid(order, command);
      const total = command.refundedTotal;
      if (total.currency !== order.total.currency || total.amountMinor > order.total.amountMinor || total.amountMinor < 0) {
        return err(domainError('orders.refund_exceeds_total', `refunds of ${total.amountMinor} exceed the order total ${order.total.amountMinor}`));
      }
      const already = order.status === 'confirmed' ? 0 : order.refunded.amountMinor;
      if (total.amountMinor <= already) return ok([]);
      return ok([{ type: 'OrderRefunded', at: command.at, refundedTotal: total, fully: total.amountMinor === order.total.amountMinor }]);
    }
    default:
      return assertNever(command, 'order command');
  }
}

export function evolveOrder(order: Order, event: OrderEvent): Order {
  switch (event.type) {
    case 'OrderPaid':
      return { ...dataOf(order), status: 'paid', paidAt: event.at };
    case 'OrderConfirmed':
      return { ...dataOf(order), status: 'confirmed', paidAt: 'paidAt' in order && order.paidAt ? order.paidAt : event.at, confirmedAt: event.at };
    case 'OrderCancelled': {
      const paidAt = 'paidAt' in order ? order.paidAt : undefined;
      return paidAt === undefined
        ? { ...dataOf(order), status: 'cancelled', cancelledAt: event.at, reason: event.reason }
        : { ...dataOf(order), status: 'cancelled', paidAt, cancelledAt: event.at, reason: event.reason };
    }
    case 'OrderRefunded': {
      if (order.status !== 'confirmed' && order.status !== 'partially_refunded' && order.status !== 'refunded') return order;
      return {
        ...dataOf(order),
        status: event.fully ? 'refunded' : 'partially_refunded',
        paidAt: order.paidAt,
        confirmedAt: order.confirmedAt,
        refunded: event.refundedTotal,
      };
    }
    default:
      return assertNever(event, 'order event');
  }
}

/** Applies a command: the decided events folded into the new state. */
export function applyOrderCommand(order: Order, command: OrderCommand): Result<{ order: Order; events: OrderEvent[] }, OrderError> {
  const decided = decideOrder(command, order);
  if (!decided.ok) return decided;
  return ok({ order: decided.value.reduce(evolveOrder, order), events: decided.value });
}

export function placeOrder(data: OrderData): Order {
  return { ...data, status: 'pending_payment' };
}

function dataOf(order: Order): OrderData {
  const { id, customerId, gateway, lines, subtotal, total, charges, placedAt } = order;
  const data = charges === undefined ? { id, customerId, gateway, lines, subtotal, total, placedAt } : { id, customerId, gateway, lines, subtotal, total, charges, placedAt };
  return { ...data, ...customerDetailsOf(order) };
}
