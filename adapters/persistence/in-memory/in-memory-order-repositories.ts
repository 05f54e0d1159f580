import { customerDetailsOf, type Order, type OrderRepository } from '../../../src/orders/api.js';
import { paymentIn, type Payment, type PaymentRepository } from '../../../src/payments/api.js';
import { money } from '../../../src/shared/money.js';
import { assertNever } from '../../../src/shared/result.js';
import { check, instant, isWholeAtLeast, requireOrder } from './in-memory-constraints.js';
import { copyOf, type PersistenceState, type StateAccess } from './in-memory-state.js';
import { definedFields } from '../../../src/shared/defined.js';

/**
 * The charges as the `orders` columns give them back: in the order's currency, and absent when
 * every column holds its default (no discount, tax or delivery, pickup, no points).
 */
function storedCharges(order: Order): { charges?: NonNullable<Order['charges']> } {
  const charges = order.charges;
  if (charges === undefined) return {};
  const { currency } = order.total;
  const charged =
    charges.discount.amountMinor > 0 || charges.tax.amountMinor > 0 || charges.delivery.amountMinor > 0 || charges.pointsRedeemed > 0 || charges.deliveryOption !== 'pickup';
  if (!charged) return {};
  return {
    charges: {
      discount: money(charges.discount.amountMinor, currency),
      tax: money(charges.tax.amountMinor, currency),
      delivery: money(charges.delivery.amountMinor, currency),
      deliveryOption: charges.deliveryOption,
      pointsRedeemed: charges.pointsRedeemed,
    },
  };
}

/** The order as the `orders` and `order_items` rows give it back: only the fields of its status. */
function asStored(order: Order): Order {
  const data = {
    id: order.id,
    customerId: order.customerId,
    gateway: order.gateway,
    lines: order.lines.map(({ sku, name, unitPrice, quantity, lineTotal }) => ({ sku, name, unitPrice, quantity, lineTotal })),
    subtotal: order.subtotal,
    total: order.total,
    ...storedCharges(order),
    placedAt: instant(order.placedAt),
    ...customerDetailsOf(order),
  };
  switch (order.status) {
    case 'pending_payment':
      return { ...data, status: 'pending_payment' };
    case 'paid':
      return { ...data, status: 'paid', paidAt: instant(order.paidAt) };
    case 'confirmed':
      return { ...data, status: 'confirmed', paidAt: instant(order.paidAt), confirmedAt: instant(order.confirmedAt) };
    case 'partially_refunded':
    case 'refunded':
      return {
        ...data,
        status: order.status,
        paidAt: instant(order.paidAt),
        confirmedAt: instant(order.confirmedAt),
        refunded: money(order.refunded.amountMinor, order.total.currency),
      };
    case 'cancelled': {
      const cancelled = { ...data, status: 'cancelled' as const, cancelledAt: instant(order.cancelledAt), reason: order.reason };
      return order.paidAt === undefined ? cancelled : { ...cancelled, paidAt: instant(order.paidAt) };
    }
    default:
      return assertNever(order, 'order status');
  }
}

export class InMemoryOrderRepository implements OrderRepository {
  constructor(private readonly access: StateAccess) {}

  byId(orderId: string): Promise<Order | undefined> {
    return this.access.read((state) => copyOf(state.orders.get(orderId)));
  }

  /**
   * Like the `orders` table: a new order is stored whole; a later state of an existing order
   * changes its status and the status's timestamps and reason, never its customer, amounts or lines.
   */
  save(order: Order): Promise<void> {
    return this.access.write((state) => {
      const existing = state.orders.get(order.id);
      const next = asStored(existing === undefined ? order : keepImmutableData(existing, order));
      if (existing === undefined) {
        check(isWholeAtLeast(next.subtotal.amountMinor, 0), 'orders_subtotal_minor_check', 'an order subtotal cannot be negative');
        check(isWholeAtLeast(next.total.amountMinor, 0), 'orders_total_minor_check', 'an order total cannot be negative');
        const charges = order.charges;
        if (charges !== undefined) {
          check(isWholeAtLeast(charges.discount.amountMinor, 0), 'orders_discount_minor_check', 'an order discount cannot be negative');
          check(isWholeAtLeast(charges.tax.amountMinor, 0), 'orders_tax_minor_check', 'an order tax cannot be negative');
          check(isWholeAtLeast(charges.delivery.amountMinor, 0), 'orders_delivery_minor_check', 'an order delivery charge cannot be negative');
          check(isWholeAtLeast(charges.pointsRedeemed, 0), 'orders_points_redeemed_check', 'an order cannot redeem negative points');
        }
        for (const line of next.lines) {
          check(isWholeAtLeast(line.quantity, 1), 'order_items_quantity_check', `line ${line.sku} must have a positive whole quantity`);
          check(isWholeAtLeast(line.unitPrice.amountMinor, 0), 'order_items_unit_price_minor_check', `line ${line.sku} cannot have a negative price`);
          check(isWholeAtLeast(line.lineTotal.amountMinor, 0), 'order_items_line_total_minor_check', `line ${line.sku} cannot have a negative total`);
        }
      }
      if (next.status === 'partially_refunded' || next.status === 'refunded') {
        const refunded = next.refunded.amountMinor;
        check(isWholeAtLeast(refunded, 0), 'orders_refunded_minor_check', 'an order cannot have refunded a negative amount');
        check(refunded <= next.total.amountMinor, 'orders_refunded_within_total', `order ${next.id} cannot have refunded ${refunded} of ${next.total.amountMinor}`);
      }
      state.orders.set(order.id, copyOf(next));
    });
  }
}

/** The later state with what the `orders` row never changes after its insert taken from the stored order. */
function keepImmutableData(existing: Order, later: Order): Order {
  const { charges: _later, ...rest } = later;
  const { contact: _contact, deliveryAddress: _address, ...status } = rest;
  const { id, customerId, gateway, lines, subtotal, total, placedAt, charges } = existing;
  return { ...status, id, customerId, gateway, lines, subtotal, total, placedAt, ...(charges === undefined ? {} : { charges }), ...customerDetailsOf(existing) };
}

export class InMemoryPaymentRepository implements PaymentRepository {
  constructor(private readonly access: StateAccess) {}

  /** The order's payment of a gateway other than the wallet, else its wallet payment. */
  byOrderId(orderId: string): Promise<Payment | undefined> {
    return this.access.read((state) => {
      const payments = paymentsOf(state, orderId);
      return copyOf(payments.find((payment) => payment.gateway !== 'wallet') ?? payments[0]);
    });
  }

  /** In the order they were first saved, like `order by created_at`. */
  allForOrder(orderId: string): Promise<Payment[]> {
    return this.access.read((state) => copyOf(paymentsOf(state, orderId)));
  }

  byId(paymentId: string): Promise<Payment | undefined> {
    return this.access.read((state) => copyOf(state.payments.get(paymentId)));
  }

  byGatewayPaymentId(gateway: string, gatewayPaymentId: string): Promise<Payment | undefined> {
    return this.access.read((state) => copyOf([...state.payments.values()].find((payment) => payment.gateway === gateway && payment.gatewayPaymentId === gatewayPaymentId)));
  }

  /**
   * Like the `payments` table: one payment per (order, gateway), one payment per (gateway,
   * gateway payment id); a later state of a payment changes its status and gateway references,
   * never its order, gateway or amount.
   */
  save(payment: Payment): Promise<void> {
    return this.access.write((state) => {
      const existing = state.payments.get(payment.id);
      const base = existing ?? payment;
      const next = paymentIn(
        payment.status,
        {
          id: base.id,
          orderId: base.orderId,
          gateway: base.gateway,
          amount: base.amount,
          ...definedFields({
            gatewayPaymentId: payment.gatewayPaymentId,
            redirectUrl: payment.redirectUrl,
            action: payment.action,
            expiresAt: payment.expiresAt === undefined ? undefined : instant(payment.expiresAt),
          }),
        },
        payment.transactionId,
      );
      if (existing === undefined) {
        requireOrder(state, next.orderId, 'payments_order_id_fkey');
        check(isWholeAtLeast(next.amount.amountMinor, 1), 'payments_amount_minor_check', 'a payment amount must be positive');
      }
      for (const other of state.payments.values()) {
        if (other.id === next.id) continue;
        check(
          other.orderId !== next.orderId || other.gateway !== next.gateway,
          'payments_order_gateway_key',
          `order ${next.orderId} already has ${next.gateway} payment ${other.id}`,
        );
        if (next.gatewayPaymentId !== undefined) {
          check(
            other.gateway !== next.gateway || other.gatewayPaymentId !== next.gatewayPaymentId,
            'payments_gateway_gateway_payment_id_key',
            `${next.gateway} payment ${next.gatewayPaymentId} already belongs to payment ${other.id}`,
          );
        }
      }
      state.payments.set(next.id, copyOf(next));
    });
  }
}

const paymentsOf = (state: PersistenceState, orderId: string): Payment[] => [...state.payments.values()].filter((payment) => payment.orderId === orderId);
