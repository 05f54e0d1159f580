import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOrderCommand, decideOrder, evolveOrder, placeOrder, type Order, type OrderCommand, type OrderEvent } from '../../../src/orders/domain/order.js';
import { npr, usd } from '../../support/mothers/money.js';
import { anyOrderCommand, commands, orders } from '../../support/mothers/order.js';
import { CANCELLED_AT, CONFIRMED_AT, LATER, PAID_AT } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';

/** Given an order, when a command is decided, then these events (or this error). */
const given = (order: Order) => ({
  when: (command: OrderCommand) => {
    const decided = decideOrder(command, order);
    return {
      // biome-ignore lint/suspicious/noThenProperty: the given/when/then of the decider's tests, never awaited
      then: (expected: OrderEvent[]) => expect(okValue(decided)).toEqual(expected),
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
    given(orders.pendingPayment())
      .when(commands.markPaid(LATER))
      .then([{ type: 'OrderPaid', at: LATER }]);
  });

  it('given a paid order, when confirmed, then OrderConfirmed', () => {
    given(orders.paid())
      .when(commands.confirm(LATER))
      .then([{ type: 'OrderConfirmed', at: LATER }]);
  });

  it('given a pending order, when cancelled, then OrderCancelled with the reason', () => {
    given(orders.pendingPayment())
      .when(commands.cancel('payment_expired', LATER))
      .then([{ type: 'OrderCancelled', at: LATER, reason: 'payment_expired' }]);
  });

  it('given a paid order, when cancelled, then OrderCancelled with the reason', () => {
    given(orders.paid())
      .when(commands.cancel('out_of_stock', LATER))
      .then([{ type: 'OrderCancelled', at: LATER, reason: 'out_of_stock' }]);
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
    const first = okValue(applyOrderCommand(start(), command));
    expect(first.events).toHaveLength(1);

    const second = okValue(applyOrderCommand(first.order, command));

    expect(second.events).toEqual([]);
    expect(second.order).toEqual(first.order);
  });

  it('given any reachable order, when an accepted command is repeated, then the repeat decides nothing and changes nothing', () => {
    fc.assert(
      fc.property(anyReachableOrder, anyOrderCommand, (order, command) => {
        const first = applyOrderCommand(order, command);
        fc.pre(first.ok);
        const second = okValue(applyOrderCommand(okValue(first).order, command));
        expect(second.events).toEqual([]);
        expect(second.order).toEqual(okValue(first).order);
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

    const paid = okValue(applyOrderCommand(placed, commands.markPaid(PAID_AT))).order;
    const confirmed = okValue(applyOrderCommand(paid, commands.confirm(CONFIRMED_AT))).order;
    const lateRepeat = okValue(applyOrderCommand(confirmed, commands.markPaid(LATER))).order;

    expect(lateRepeat).toEqual({ ...pending, status: 'confirmed', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT });
  });
});

describe('decideOrder: RecordRefunds', () => {
  it('given a confirmed order of 100000, when 40000 has been refunded, then OrderRefunded, not fully, and the order is partially refunded', () => {
    given(orders.confirmed())
      .when(commands.recordRefunds(npr(40_000)))
      .then([{ type: 'OrderRefunded', at: LATER, refundedTotal: npr(40_000), fully: false }]);

    const { order } = okValue(applyOrderCommand(orders.confirmed(), commands.recordRefunds(npr(40_000))));
    expect(order).toEqual({ ...orders.confirmed(), status: 'partially_refunded', refunded: npr(40_000) });
  });

  it('given a partially refunded order, when the total reaches the order total, then OrderRefunded fully and the order is refunded', () => {
    given(orders.partiallyRefunded(npr(40_000)))
      .when(commands.recordRefunds(npr(100_000)))
      .then([{ type: 'OrderRefunded', at: LATER, refundedTotal: npr(100_000), fully: true }]);

    expect(okValue(applyOrderCommand(orders.partiallyRefunded(npr(40_000)), commands.recordRefunds(npr(100_000)))).order).toEqual(orders.refunded());
  });

  it('given a partially refunded order, when a larger partial total arrives, then it is recorded and the order stays partially refunded', () => {
    const { order } = okValue(applyOrderCommand(orders.partiallyRefunded(npr(40_000)), commands.recordRefunds(npr(70_000))));

    expect(order).toEqual(orders.partiallyRefunded(npr(70_000)));
  });

  it('given a confirmed order, when the whole total is refunded at once, then it is refunded, keeping paidAt and confirmedAt', () => {
    const { order } = okValue(applyOrderCommand(orders.confirmed(), commands.recordRefunds(npr(100_000))));

    expect(order).toMatchObject({ status: 'refunded', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT, refunded: npr(100_000) });
  });

  it.each<[string, () => Order, number]>([
    ['confirmed order, when a zero total', orders.confirmed, 0],
    ['partially refunded order (40000), when the same total again', () => orders.partiallyRefunded(npr(40_000)), 40_000],
    ['partially refunded order (40000), when a lower total arrives late', () => orders.partiallyRefunded(npr(40_000)), 30_000],
    ['refunded order, when the full total again', orders.refunded, 100_000],
    ['refunded order, when a lower total arrives late', orders.refunded, 60_000],
  ])('given a %s, then no events', (_, start, totalMinor) => {
    given(start())
      .when(commands.recordRefunds(npr(totalMinor)))
      .then([]);
  });

  it.each<[string, () => Order]>([
    ['confirmed', orders.confirmed],
    ['partially refunded', () => orders.partiallyRefunded(npr(40_000))],
    ['refunded', orders.refunded],
  ])('given a %s order of 100000, when refunds total 100001, then orders.refund_exceeds_total', (_, start) => {
    expect(errorOf(decideOrder(commands.recordRefunds(npr(100_001)), start())).code).toBe('orders.refund_exceeds_total');
  });

  it.each([
    ['another currency', usd(40_000)],
    ['a negative total', npr(-1)],
  ])('given a confirmed order, when refunds are recorded in %s, then refused', (_, total) => {
    expect(decideOrder(commands.recordRefunds(total), orders.confirmed()).ok).toBe(false);
  });

  it.each<[string, () => Order]>([
    ['pending', orders.pendingPayment],
    ['paid (not yet confirmed)', () => orders.paid()],
    ['cancelled before payment', () => orders.cancelledUnpaid()],
    ['cancelled after payment', () => orders.cancelledAfterPayment()],
  ])('given a %s order, when refunds are recorded, then orders.invalid_transition', (_, start) => {
    given(start())
      .when(commands.recordRefunds(npr(40_000)))
      .thenRefused();
  });

  it.each<[string, () => Order]>([
    ['partially refunded', () => orders.partiallyRefunded(npr(40_000))],
    ['refunded', orders.refunded],
  ])('given a %s order, when a late payment or confirmation arrives, then no events; when cancelled, then orders.invalid_transition', (_, start) => {
    given(start()).when(commands.markPaid()).then([]);
    given(start()).when(commands.confirm()).then([]);
    given(start()).when(commands.cancel()).thenRefused();
  });

  it('given a confirmed order, when any totals up to the order total are recorded in any order, then it holds the highest and its status follows it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 12 }), (totals) => {
        let order = orders.confirmed();
        let highest = 0;
        for (const totalMinor of totals) {
          const { order: next, events } = okValue(applyOrderCommand(order, commands.recordRefunds(npr(totalMinor))));
          expect(events).toHaveLength(totalMinor > highest ? 1 : 0);
          highest = Math.max(highest, totalMinor);
          order = next;

          const expectedStatus = highest === 0 ? 'confirmed' : highest === 100_000 ? 'refunded' : 'partially_refunded';
          expect(order.status).toBe(expectedStatus);
          if (order.status === 'partially_refunded' || order.status === 'refunded') expect(order.refunded).toEqual(npr(highest));
        }
      }),
    );
  });
});
