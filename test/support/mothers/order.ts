import fc from 'fast-check';
import type { CancelReason, Order, OrderCommand, OrderLine } from '../../../src/orders/domain/order.js';
import { type Money, money } from '../../../src/shared/money.js';
import { CUSTOMER_ID, fresh, ORDER_ID } from './ids.js';
import { npr } from './money.js';
import { CANCELLED_AT, CONFIRMED_AT, LATER, PAID_AT, PLACED_AT } from './time.js';

export const CANCEL_REASONS: readonly CancelReason[] = ['payment_expired', 'payment_cancelled', 'payment_failed', 'out_of_stock', 'operator_cancelled'];

/** Two packs of tea at NPR 450 by default; the line total is always price × quantity. */
export function anOrderLine(overrides: Partial<OrderLine> = {}): OrderLine {
  const unitPrice = overrides.unitPrice ?? npr(45_000);
  const quantity = overrides.quantity ?? 2;
  return { sku: 'TEA-ILAM-250', name: 'Ilam green tea, 250 g', unitPrice, quantity, lineTotal: money(unitPrice.amountMinor * quantity, unitPrice.currency), ...overrides };
}

// ── One fixed order in each status (domain) ──────────────────────────────────

const orderData = {
  id: ORDER_ID,
  customerId: CUSTOMER_ID,
  gateway: 'khalti',
  lines: [anOrderLine({ unitPrice: npr(50_000) })],
  subtotal: npr(100_000),
  total: npr(100_000),
  placedAt: PLACED_AT,
};

/** Object mothers, one per status, written as data so that tests of `evolveOrder` do not depend on it. */
export const orders = {
  pendingPayment: (): Order => ({ ...orderData, status: 'pending_payment' }),
  paid: (paidAt = PAID_AT): Order => ({ ...orderData, status: 'paid', paidAt }),
  confirmed: (): Order => ({ ...orderData, status: 'confirmed', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT }),
  cancelledUnpaid: (reason: CancelReason = 'payment_expired'): Order => ({ ...orderData, status: 'cancelled', cancelledAt: CANCELLED_AT, reason }),
  cancelledAfterPayment: (reason: CancelReason = 'out_of_stock'): Order => ({
    ...orderData,
    status: 'cancelled',
    paidAt: PAID_AT,
    cancelledAt: CANCELLED_AT,
    reason,
  }),
  partiallyRefunded: (refunded: Money = npr(40_000)): Order => ({
    ...orderData,
    status: 'partially_refunded',
    paidAt: PAID_AT,
    confirmedAt: CONFIRMED_AT,
    refunded,
  }),
  refunded: (): Order => ({ ...orderData, status: 'refunded', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT, refunded: orderData.total }),
};

export const commands = {
  markPaid: (at = LATER): OrderCommand => ({ type: 'MarkOrderPaid', at }),
  confirm: (at = LATER): OrderCommand => ({ type: 'ConfirmOrder', at }),
  cancel: (reason: CancelReason = 'operator_cancelled', at = LATER): OrderCommand => ({ type: 'CancelOrder', at, reason }),
  recordRefunds: (refundedTotal: Money, at = LATER): OrderCommand => ({ type: 'RecordRefunds', at, refundedTotal }),
};

export const anyOrderCommand: fc.Arbitrary<OrderCommand> = fc.oneof(
  fc.constant(commands.markPaid()),
  fc.constant(commands.confirm()),
  fc.constantFrom(...CANCEL_REASONS).map((reason) => commands.cancel(reason)),
);

// ── Orders under fresh ids (persistence) ─────────────────────────────────────

/** A pending order of the given lines (two by default); subtotal and total are their sum. Fresh ids, so tests can share a database. */
export function anOrder(overrides: { id?: string; customerId?: string; gateway?: string; lines?: readonly OrderLine[] } = {}): Order & { status: 'pending_payment' } {
  const lines = overrides.lines ?? [anOrderLine(), anOrderLine({ sku: 'MUG-CLAY', name: 'Thimi clay mug', unitPrice: npr(80_000), quantity: 1 })];
  const currency = lines[0]?.lineTotal.currency ?? 'NPR';
  const subtotal = money(
    lines.reduce((sum, { lineTotal }) => sum + lineTotal.amountMinor, 0),
    currency,
  );
  return {
    id: overrides.id ?? fresh('ord'),
    customerId: overrides.customerId ?? fresh('cus'),
    gateway: overrides.gateway ?? 'khalti',
    lines,
    subtotal,
    total: subtotal,
    placedAt: PLACED_AT,
    status: 'pending_payment',
  };
}

/** The same order in each later status, written as data so no domain function is under test. */
export const laterStates = {
  paid: (order: Order, paidAt = PAID_AT): Order => ({ ...dataOf(order), status: 'paid', paidAt }),
  confirmed: (order: Order): Order => ({ ...dataOf(order), status: 'confirmed', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT }),
  cancelledUnpaid: (order: Order, reason: CancelReason = 'payment_expired'): Order => ({ ...dataOf(order), status: 'cancelled', cancelledAt: CANCELLED_AT, reason }),
  cancelledAfterPayment: (order: Order, reason: CancelReason = 'out_of_stock'): Order => ({
    ...dataOf(order),
    status: 'cancelled',
    paidAt: PAID_AT,
    cancelledAt: CANCELLED_AT,
    reason,
  }),
  /** Confirmed, then `refundedMinor` of it refunded (all of it: refunded; less: partially refunded). */
  refunded: (order: Order, refundedMinor = order.total.amountMinor): Order => ({
    ...dataOf(order),
    status: refundedMinor === order.total.amountMinor ? 'refunded' : 'partially_refunded',
    paidAt: PAID_AT,
    confirmedAt: CONFIRMED_AT,
    refunded: money(refundedMinor, order.total.currency),
  }),
};

function dataOf(order: Order) {
  const { id, customerId, gateway, lines, subtotal, total, charges, placedAt } = order;
  return { id, customerId, gateway, lines, subtotal, total, ...(charges === undefined ? {} : { charges }), placedAt };
}
