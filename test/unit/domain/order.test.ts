import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOrderCommand,
  decideOrder,
  evolveOrder,
  placeOrder,
  type Order,
  type OrderCommand,
  type OrderEvent,
} from '../../../src/orders/domain/order.js';
import {
  CANCELLED_AT,
  CONFIRMED_AT,
  LATER,
  PAID_AT,
  anyOrderCommand,
  commands,
  errorOf,
  orders,
  valueOf,
} from './builders.js';

/** Given an order, when a command is decided, then these events (or this error). */
const given = (order: Order) => ({
  when: (command: OrderCommand) => {
    const decided = decideOrder(command, order);
    return {
      then: (expected: OrderEvent[]) => expect(valueOf(decided)).toEqual(expected),
      thenRefused: () => {
        const error = errorOf(decided);
        expect(error.code).toBe('orders.invalid_transition');
        expect(error.details).toEqual({ orderId: order.id, status: order.status });
      },
    };
  },
});

describe('decideOrder: the lifecycle', () => {
  it('given a pending order, when marked paid, then OrderPaid at the command time', () => {
    given(orders.pendingPayment()).when(commands.markPaid(LATER)).then([{ type: 'OrderPaid', at: LATER }]);
  });

  it('given a paid order, when confirmed, then OrderConfirmed', () => {
    given(orders.paid()).when(commands.confirm(LATER)).then([{ type: 'OrderConfirmed', at: LATER }]);
  });

  it('given a pending order, when cancelled, then OrderCancelled with the reason', () => {
    given(orders.pendingPayment()).when(commands.cancel('payment_expired', LATER)).then([{ type: 'OrderCancelled', at: LATER, reason: 'payment_expired' }]);
  });

  it('given a paid order, when cancelled, then OrderCancelled with the reason', () => {
    given(orders.paid()).when(commands.cancel('out_of_stock', LATER)).then([{ type: 'OrderCancelled', at: LATER, reason: 'out_of_stock' }]);
  });
});

describe('decideOrder: commands that already took effect decide nothing', () => {
  it('given a paid order, when marked paid again, then no events', () => {
    given(orders.paid()).when(commands.markPaid()).then([]);
  });

  it('given a confirmed order, when a late payment confirmation arrives, then no events', () => {
    given(orders.confirmed()).when(commands.markPaid()).then([]);
  });

  it('given a confirmed order, when confirmed again, then no events', () => {
    given(orders.confirmed()).when(commands.confirm()).then([]);
  });

  it.each([orders.cancelledUnpaid(), orders.cancelledAfterPayment()])('given a cancelled order ($reason), when cancelled again for another reason, then no events', (order) => {
    given(order).when(commands.cancel('operator_cancelled')).then([]);
  });
});

describe('decideOrder: refused transitions', () => {
  it('given a pending order, when confirmed before payment, then orders.invalid_transition', () => {
    given(orders.pendingPayment()).when(commands.confirm()).thenRefused();
  });

  it.each([orders.cancelledUnpaid(), orders.cancelledAfterPayment()])('given a cancelled order, when marked paid, then orders.invalid_transition', (order) => {
    given(order).when(commands.markPaid()).thenRefused();
  });

  it.each([orders.cancelledUnpaid(), orders.cancelledAfterPayment()])('given a cancelled order, when confirmed, then orders.invalid_transition', (order) => {
    given(order).when(commands.confirm()).thenRefused();
  });

  it('given a confirmed order, when cancelled, then orders.invalid_transition', () => {
    given(orders.confirmed()).when(commands.cancel('operator_cancelled')).thenRefused();
  });

  it('given a refused command, when applied, then the error is returned and no new order', () => {
    const result = applyOrderCommand(orders.confirmed(), commands.cancel());
    expect(errorOf(result).code).toBe('orders.invalid_transition');
    expect(errorOf(result).message).toContain('CancelOrder');
    expect(errorOf(result).message).toContain('confirmed');
  });
});

/** Any order reachable from placement by a sequence of accepted commands. */
const anyReachableOrder: fc.Arbitrary<Order> = fc.array(anyOrderCommand, { maxLength: 6 }).map((sequence) =>
  sequence.reduce((order, command) => {
    const applied = applyOrderCommand(order, command);
    return applied.ok ? applied.value.order : order;
  }, orders.pendingPayment()),
);

describe('applyOrderCommand: idempotence', () => {
  it.each<[string, () => Order, OrderCommand]>([
    ['pending order marked paid', orders.pendingPayment, commands.markPaid()],
    ['paid order confirmed', orders.paid, commands.confirm()],
    ['pending order cancelled', orders.pendingPayment, commands.cancel('payment_expired')],
    ['paid order cancelled', orders.paid, commands.cancel('out_of_stock')],
  ])('given a %s, when the same command is applied again, then it decides no events and the order is unchanged', (_, start, command) => {
    const first = valueOf(applyOrderCommand(start(), command));
    expect(first.events).toHaveLength(1);

    const second = valueOf(applyOrderCommand(first.order, command));

    expect(second.events).toEqual([]);
    expect(second.order).toEqual(first.order);
  });

  it('given any reachable order, when an accepted command is repeated, then the repeat decides nothing and changes nothing', () => {
    fc.assert(
      fc.property(anyReachableOrder, anyOrderCommand, (order, command) => {
        const first = applyOrderCommand(order, command);
        fc.pre(first.ok);
        const second = valueOf(applyOrderCommand(valueOf(first).order, command));
        expect(second.events).toEqual([]);
        expect(second.order).toEqual(valueOf(first).order);
      }),
    );
  });

  it('given any reachable order, when any command is decided, then it is accepted or refused as orders.invalid_transition, never thrown', () => {
    fc.assert(
      fc.property(anyReachableOrder, anyOrderCommand, (order, command) => {
        const decided = decideOrder(command, order);
        if (!decided.ok) expect(decided.error.code).toBe('orders.invalid_transition');
        else expect(decided.value.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('evolveOrder', () => {
  it('given a pending order, when OrderPaid, then it is paid at the event time and keeps its data', () => {
    const pending = orders.pendingPayment();

    const paid = evolveOrder(pending, { type: 'OrderPaid', at: PAID_AT });

    expect(paid).toEqual({ ...pending, status: 'paid', paidAt: PAID_AT });
  });

  it('given a paid order, when OrderConfirmed later, then paidAt is still the payment time', () => {
    const confirmed = evolveOrder(orders.paid(PAID_AT), { type: 'OrderConfirmed', at: CONFIRMED_AT });

    expect(confirmed).toMatchObject({ status: 'confirmed', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT });
  });

  it('given a paid order, when OrderCancelled, then the cancelled order still records when it was paid', () => {
    const cancelled = evolveOrder(orders.paid(PAID_AT), { type: 'OrderCancelled', at: CANCELLED_AT, reason: 'out_of_stock' });

    expect(cancelled).toMatchObject({ status: 'cancelled', paidAt: PAID_AT, cancelledAt: CANCELLED_AT, reason: 'out_of_stock' });
  });

  it('given a pending order, when OrderCancelled, then the cancelled order has no paidAt at all', () => {
    const cancelled = evolveOrder(orders.pendingPayment(), { type: 'OrderCancelled', at: CANCELLED_AT, reason: 'payment_expired' });

    expect(cancelled.status).toBe('cancelled');
    expect('paidAt' in cancelled).toBe(false);
  });

  it('given a whole happy path from placement, when its commands are applied, then the order is confirmed with the payment time and the original data', () => {
    const pending = orders.pendingPayment();
    const placed = placeOrder({
      id: pending.id,
      customerId: pending.customerId,
      gateway: pending.gateway,
      lines: pending.lines,
      subtotal: pending.subtotal,
      total: pending.total,
      placedAt: pending.placedAt,
    });
    expect(placed).toEqual(pending);

    const paid = valueOf(applyOrderCommand(placed, commands.markPaid(PAID_AT))).order;
    const confirmed = valueOf(applyOrderCommand(paid, commands.confirm(CONFIRMED_AT))).order;
    const lateRepeat = valueOf(applyOrderCommand(confirmed, commands.markPaid(LATER))).order;

    expect(lateRepeat).toEqual({ ...pending, status: 'confirmed', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT });
  });
});
