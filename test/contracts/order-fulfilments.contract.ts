import { describe, expect, it } from 'vitest';
import { makeFulfilment, type OrderStatus } from '../../src/orders/api.js';
import { FixedClock } from '../../src/shared/clock.js';
import { aFulfilmentEvent, eventsUpTo, PARCEL } from '../support/mothers/fulfilment.js';
import { laterStates } from '../support/mothers/order.js';
import { LATER } from '../support/mothers/time.js';
import { aStoredOrder, committed, expectRefusedBy, given, openedForEachTest, type PersistenceSubject, tally } from './store-under-test.js';

/** OrderFulfilments: an order's fulfilment status and the events that moved it, written together. */
export function orderFulfilmentsContract(subject: PersistenceSubject): void {
  describe(`OrderFulfilments contract: ${subject.name}`, () => {
    const { store } = openedForEachTest(subject);
    const history = (orderId: string) => store.read(({ fulfilments }) => fulfilments.history(orderId));
    /** Records the chain's move into `event.to` (with `event`'s fields), as decided for an order that is `orderStatus`. */
    const record = (orderId: string, event: Parameters<typeof aFulfilmentEvent>[1] & { to: Parameters<typeof aFulfilmentEvent>[0] }, orderStatus: OrderStatus = 'confirmed') =>
      committed(store, ({ fulfilments }) => fulfilments.record(orderId, aFulfilmentEvent(event.to, event), orderStatus));
    /** A stored order, confirmed. */
    const aConfirmedOrder = async () => {
      const order = await aStoredOrder(store);
      await given(store, laterStates.confirmed(order));
      return order;
    };
    const fulfilment = () => makeFulfilment({ store, clock: new FixedClock(new Date(LATER)) });

    it('given an order never moved, when its history is read, then it has none; nor has an order that does not exist', async () => {
      const order = await aConfirmedOrder();

      expect(await history(order.id)).toStrictEqual([]);
      expect(await history('ord_never_saved')).toStrictEqual([]);
    });

    it('given a confirmed order, when every move from processing to returned is recorded, then each is recorded and the history reads back in order, with the parcel', async () => {
      const order = await aConfirmedOrder();

      for (const event of eventsUpTo('returned')) expect(await committed(store, ({ fulfilments }) => fulfilments.record(order.id, event, 'confirmed'))).toBe('recorded');

      expect(await history(order.id)).toStrictEqual(eventsUpTo('returned'));
      expect((await history(order.id))[1]?.shipment).toStrictEqual(PARCEL);
    });

    it('given a time with an offset, when recorded, then it reads back as the same instant in UTC with milliseconds', async () => {
      const order = await aConfirmedOrder();

      await record(order.id, { to: 'processing', at: '2026-01-10T16:00:00+05:45' });

      expect((await history(order.id))[0]?.at).toBe('2026-01-10T10:15:00.000Z');
    });

    it('given an order already processing, when a move from unfulfilled is recorded again, then it has moved on and nothing more is written', async () => {
      const order = await aConfirmedOrder();
      await record(order.id, { to: 'processing' });

      expect(await record(order.id, { to: 'processing', by: 'ops_bikash' })).toBe('moved_on');

      expect(await history(order.id)).toStrictEqual(eventsUpTo('processing'));
    });

    it('given an unfulfilled order, when a move from another status is recorded, then it has moved on and nothing is written', async () => {
      const order = await aConfirmedOrder();

      expect(await record(order.id, { to: 'shipped' })).toBe('moved_on');

      expect(await history(order.id)).toStrictEqual([]);
    });

    it('given an order whose payment status changed since the move was decided, when the move is recorded, then it has moved on and nothing is written', async () => {
      const order = await aConfirmedOrder();
      await given(store, laterStates.refunded(order));

      expect(await record(order.id, { to: 'processing' }, 'confirmed')).toBe('moved_on');

      expect(await history(order.id)).toStrictEqual([]);
      expect(await record(order.id, { to: 'processing' }, 'refunded')).toBe('recorded');
    });

    it('given no such order, when a move is recorded, then the store refuses it', async () => {
      await expectRefusedBy(record('ord_never_saved', { to: 'processing' }), 'fulfilment_events_order_id_fkey');
    });

    it('given a processing order, when its payment status is saved again (partly refunded), then its fulfilment status stays and the next move still applies', async () => {
      const order = await aConfirmedOrder();
      await record(order.id, { to: 'processing' });

      await given(store, laterStates.refunded(order, 1));

      expect(await record(order.id, { to: 'shipped' }, 'partially_refunded')).toBe('recorded');
      expect(await history(order.id)).toStrictEqual(eventsUpTo('shipped'));
      expect((await store.read(({ orders }) => orders.byId(order.id)))?.status).toBe('partially_refunded');
    });

    it('given a transaction that records a move and then fails, when it ends, then neither the move nor the status is kept', async () => {
      const order = await aConfirmedOrder();

      await expect(
        committed(store, async ({ fulfilments }) => {
          await fulfilments.record(order.id, aFulfilmentEvent('processing'), 'confirmed');
          throw new Error('the request failed after the move');
        }),
      ).rejects.toThrow('the request failed after the move');

      expect(await history(order.id)).toStrictEqual([]);
      expect(await record(order.id, { to: 'processing' })).toBe('recorded');
    });

    it('given two operators recording the same move at once, when both commit, then exactly one event is recorded and the other has moved on', async () => {
      const order = await aConfirmedOrder();

      const outcomes = await tally(
        ['ops_anna', 'ops_bikash'].map((by) => record(order.id, { to: 'processing', by })),
        (outcome) => outcome,
      );

      expect(outcomes).toStrictEqual({ recorded: 1, moved_on: 1 });
      expect(await history(order.id)).toHaveLength(1);
    });

    it('given two operators shipping the same parcel at once through the use case, when both finish, then one event is recorded and both answer it', async () => {
      const order = await aConfirmedOrder();
      await record(order.id, { to: 'processing' });

      const answers = await Promise.all(['ops_anna', 'ops_bikash'].map((by) => fulfilment().move(order.id, { type: 'Ship', by, reason: 'handed to the carrier', ...PARCEL })));

      const events = await history(order.id);
      expect(events).toHaveLength(2);
      expect(answers.map((answer) => (answer.ok ? answer.value : answer.error))).toStrictEqual([events[1], events[1]]);
    });

    it('given ten operators shipping with different tracking numbers at once, when all finish, then one shipment is recorded and the other nine are refused', async () => {
      const order = await aConfirmedOrder();
      await record(order.id, { to: 'processing' });

      const outcomes = await tally(
        Array.from({ length: 10 }, (_, i) => fulfilment().move(order.id, { type: 'Ship', by: `ops_${i}`, reason: 'handed over', carrier: 'DHL', trackingNumber: `JD0${i}` })),
        (answer) => (answer.ok ? 'shipped' : answer.error.code),
      );

      expect(outcomes).toStrictEqual({ shipped: 1, 'fulfilment.transition_refused': 9 });
      expect((await history(order.id)).filter((event) => event.to === 'shipped')).toHaveLength(1);
    });
  });
}
