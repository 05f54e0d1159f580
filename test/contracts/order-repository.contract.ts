import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/orders/api.js';
import { money } from '../../src/shared/money.js';
import { committed, expectRefusedBy, given, type PersistenceSubject, openedForEachTest } from './store-under-test.js';
import { npr, usd } from '../support/mothers/money.js';
import { anOrder, anOrderLine, CANCEL_REASONS, laterStates } from '../support/mothers/order.js';
import { CONFIRMED_AT, PAID_AT } from '../support/mothers/time.js';

const LATER_STATES: readonly [string, (order: Order) => Order][] = [
  ['paid', (order) => laterStates.paid(order)],
  ['confirmed', (order) => laterStates.confirmed(order)],
  ...CANCEL_REASONS.map((reason): [string, (order: Order) => Order] => [`cancelled before payment (${reason})`, (order) => laterStates.cancelledUnpaid(order, reason)]),
  ...CANCEL_REASONS.map((reason): [string, (order: Order) => Order] => [`cancelled after payment (${reason})`, (order) => laterStates.cancelledAfterPayment(order, reason)]),
  ['partially refunded', (order) => laterStates.refunded(order, 1)],
  ['refunded', (order) => laterStates.refunded(order)],
];

/** OrderRepository: orders by id, saved whole and then in later states. */
export function orderRepositoryContract(subject: PersistenceSubject): void {
  describe(`OrderRepository contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const byId = (id: string) => store.read(({ orders }) => orders.byId(id));

    it('given no order with that id, when read, then there is none', async () => {
      expect(await byId('ord_never_saved')).toBeUndefined();
    });

    it('given a pending order with three lines, when saved and read back, then it is the same order with its lines in their order', async () => {
      const order = anOrder({
        lines: [
          anOrderLine({ sku: 'PASHMINA-GREY', name: 'Pashmina shawl, grey', unitPrice: npr(1_250_000), quantity: 1 }),
          anOrderLine({ sku: 'TEA-ILAM-250', quantity: 3 }),
          anOrderLine({ sku: 'CANDLE-YAK', name: 'Yak butter candle', unitPrice: npr(12_500), quantity: 7 }),
        ],
      });

      await committed(store, ({ orders }) => orders.save(order));

      expect(await byId(order.id)).toStrictEqual(order);
    });

    it.each(LATER_STATES)('given a pending order, when it is saved again as %s, then it reads back in that state with its lines', async (_, later) => {
      const pending = anOrder();
      await given(store, pending);
      const next = later(pending);

      await committed(store, ({ orders }) => orders.save(next));

      expect(await byId(pending.id)).toStrictEqual(next);
    });

    it.each(LATER_STATES)('given a new order that is already %s, when saved and read back, then it is that order', async (_, later) => {
      const order = later(anOrder());

      await committed(store, ({ orders }) => orders.save(order));

      expect(await byId(order.id)).toStrictEqual(order);
    });

    it('given an existing order, when a later state with other lines, amounts or customer is saved, then only its status and timestamps change', async () => {
      const pending = anOrder();
      await given(store, pending);
      const paid = laterStates.paid(pending);

      await given(store, { ...paid, customerId: 'cus_someone_else', lines: [], subtotal: npr(1), total: npr(1), placedAt: '2020-01-01T00:00:00.000Z' });

      expect(await byId(pending.id)).toStrictEqual(paid);
    });

    it('given a cancelled order that was never paid, when read back, then it has no paidAt at all', async () => {
      const order = laterStates.cancelledUnpaid(anOrder(), 'payment_expired');
      await given(store, order);

      const stored = await byId(order.id);

      expect(stored?.status).toBe('cancelled');
      expect(stored !== undefined && 'paidAt' in stored).toBe(false);
    });

    it('given timestamps with an offset, when read back, then they are the same instants in UTC with milliseconds', async () => {
      const order: Order = { ...anOrder(), placedAt: '2026-01-10T14:45:00+05:45', status: 'paid', paidAt: '2026-01-10T09:05:00.5Z' };

      await given(store, order);

      expect(await byId(order.id)).toMatchObject({ placedAt: '2026-01-10T09:00:00.000Z', paidAt: '2026-01-10T09:05:00.500Z' });
    });

    it('given amounts at the largest safe integer of minor units, when read back, then not one unit is lost', async () => {
      const max = Number.MAX_SAFE_INTEGER;
      const order = anOrder({ lines: [anOrderLine({ unitPrice: money(max, 'USD'), quantity: 1 })] });
      expect(order.total).toEqual(usd(max));

      await given(store, order);

      const stored = await byId(order.id);
      expect(stored?.total).toStrictEqual(usd(max));
      expect(stored?.lines[0]?.unitPrice).toStrictEqual(usd(max));
    });

    it('given two orders, when each is read, then each comes back with only its own lines', async () => {
      const tea = anOrder({ lines: [anOrderLine({ sku: 'TEA-ILAM-250', quantity: 1 })] });
      const mugs = anOrder({ lines: [anOrderLine({ sku: 'MUG-CLAY', quantity: 4 }), anOrderLine({ sku: 'MUG-BLUE', quantity: 1 })] });

      await given(store, tea, mugs);

      expect(await byId(tea.id)).toStrictEqual(tea);
      expect(await byId(mugs.id)).toStrictEqual(mugs);
    });

    it('given a line with no units, when saved, then the store refuses it and keeps nothing of the order', async () => {
      const order = anOrder({ lines: [anOrderLine({ quantity: 1 }), { ...anOrderLine({ sku: 'EMPTY' }), quantity: 0, lineTotal: npr(0) }] });

      await expectRefusedBy(
        committed(store, ({ orders }) => orders.save(order)),
        'order_items_quantity_check',
      );

      expect(await byId(order.id)).toBeUndefined();
    });

    it('given an order with a discount, tax, delivery and redeemed points, when saved and read back, then its charges come back', async () => {
      const order: Order = {
        ...anOrder(),
        charges: { discount: npr(5_000), tax: npr(13_000), delivery: npr(10_000), deliveryOption: 'express', pointsRedeemed: 50 },
      };

      await given(store, order);

      expect(await byId(order.id)).toStrictEqual(order);
    });

    it('given an order whose charges are all nothing, when read back, then it has no charges, like an order saved without them', async () => {
      const order = anOrder();

      await given(store, { ...order, charges: { discount: npr(0), tax: npr(0), delivery: npr(0), deliveryOption: 'pickup', pointsRedeemed: 0 } });

      expect(await byId(order.id)).toStrictEqual(order);
    });

    it('given an order with charges, when a later state with other charges is saved, then the charges stay as first saved', async () => {
      const order: Order = { ...anOrder(), charges: { discount: npr(1), tax: npr(2), delivery: npr(3), deliveryOption: 'standard', pointsRedeemed: 4 } };
      await given(store, order);
      const paid = laterStates.paid(order);

      await given(store, { ...paid, charges: { discount: npr(9), tax: npr(9), delivery: npr(9), deliveryOption: 'express', pointsRedeemed: 9 } });

      expect(await byId(order.id)).toStrictEqual(paid);
    });

    it('given a confirmed order, when saved as refunded for more than its total, then the store refuses it and it stays confirmed', async () => {
      const confirmed = laterStates.confirmed(anOrder());
      await given(store, confirmed);

      await expectRefusedBy(
        committed(store, ({ orders }) =>
          orders.save({ ...confirmed, status: 'refunded', paidAt: PAID_AT, confirmedAt: CONFIRMED_AT, refunded: money(confirmed.total.amountMinor + 1, 'NPR') }),
        ),
        'orders_refunded_within_total',
      );

      expect(await byId(confirmed.id)).toStrictEqual(confirmed);
    });
  });
}
