import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../adapters/di/container.js';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import type { Order } from '../../../src/orders/api.js';
import { aStoredOrder, given } from '../../contracts/store-under-test.js';
import { countRows } from '../../harness/queries.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';
import { anOrder, laterStates } from '../../support/mothers/order.js';

const SHOPPER = 'cus_ful_shopper';
const { h, tokens } = useHarness({ operators: { ops: 'ops_anna', other: 'ops_bikash' }, shoppers: { shopper: SHOPPER } });
const { call } = apiClient(h);

let store: MikroOrmCheckoutStore;
beforeAll(() => {
  store = new MikroOrmCheckoutStore(h.orm);
});

/** A stored order of the shopper, in the state `later` makes of it (confirmed by default). */
async function anOrderOfTheShopper(later: (order: Order) => Order = laterStates.confirmed): Promise<Order> {
  const order = await aStoredOrder(store, { id: newId('ord'), customerId: SHOPPER });
  await given(store, later(order));
  return order;
}

const PARCEL = { carrier: 'Nepal Post', trackingNumber: 'NP123456789' };
const move = (orderId: string, path: string, body: unknown = { reason: 'as the warehouse said' }, token = tokens.ops) =>
  call('POST', `/admin/orders/${orderId}/fulfilment/${path}`, token, body);
const ship = (orderId: string, body: object = PARCEL, token = tokens.ops) => move(orderId, 'ship', { reason: 'handed to the carrier', ...body }, token);
const eventsOf = (orderId: string) => countRows(h, 'fulfilment_events', 'order_id = ?', [orderId]);
/** The response is a problem of that status and code. */
async function expectProblem(response: Response, status: number, code: string, what?: string): Promise<void> {
  expect(response.status, what).toBe(status);
  expect(((await response.json()) as { code: string }).code, what).toBe(code);
}
const PATHS = ['start-processing', 'ship', 'deliver', 'request-return', 'receive-return'] as const;

describe('fulfilment: the operator routes', () => {
  it('moves a confirmed order from processing to returned, each move recorded with who, why and the parcel, and the shopper sees where it is', async () => {
    const order = await anOrderOfTheShopper();

    const answers: Record<string, unknown>[] = [];
    for (const [path, body] of [
      ['start-processing', { reason: 'picked in the warehouse' }],
      ['ship', { reason: 'handed to the carrier', ...PARCEL }],
      ['deliver', { reason: 'the carrier says delivered' }],
      ['request-return', { reason: 'the shopper wrote: wrong size' }],
      ['receive-return', { reason: 'parcel back on the shelf' }],
    ] as const) {
      const response = await move(order.id, path, body);
      expect(response.status, path).toBe(200);
      answers.push((await response.json()) as Record<string, unknown>);
      if (path === 'ship') {
        const shown = (await (await call('GET', `/orders/${order.id}`, tokens.shopper)).json()) as Record<string, unknown>;
        expect(shown).toMatchObject({ orderId: order.id, orderStatus: 'confirmed', fulfilmentStatus: 'shipped', shipment: PARCEL });
        const listed = (await (await call('GET', '/orders', tokens.shopper)).json()) as { items: Record<string, unknown>[] };
        expect(listed.items.find((item) => item.orderId === order.id)).toMatchObject({ status: 'confirmed', fulfilmentStatus: 'shipped', shipment: PARCEL });
      }
    }

    expect(answers.map((a) => [a.from, a.to, a.by])).toStrictEqual([
      ['unfulfilled', 'processing', 'ops_anna'],
      ['processing', 'shipped', 'ops_anna'],
      ['shipped', 'delivered', 'ops_anna'],
      ['delivered', 'return_requested', 'ops_anna'],
      ['return_requested', 'returned', 'ops_anna'],
    ]);
    expect(answers[1]).toMatchObject({ orderId: order.id, reason: 'handed to the carrier', shipment: PARCEL });
    const history = await call('GET', `/admin/orders/${order.id}/fulfilment`, tokens.ops);
    expect(history.status).toBe(200);
    expect(await history.json()).toStrictEqual({
      orderId: order.id,
      status: 'returned',
      shipment: PARCEL,
      history: answers.map(({ orderId: _, ...event }) => event),
    });
    // The payment status is untouched: money goes back through the refund routes.
    expect((await h.sql<{ status: string }>('select status from orders where id = ?', [order.id]))[0]?.status).toBe('confirmed');
  });

  it('shows an order never moved as unfulfilled, to the shopper and to operators', async () => {
    const order = await anOrderOfTheShopper();
    expect(await (await call('GET', `/orders/${order.id}`, tokens.shopper)).json()).toMatchObject({ fulfilmentStatus: 'unfulfilled' });
    expect(await (await call('GET', `/orders/${order.id}`, tokens.shopper)).json()).not.toHaveProperty('shipment');
    expect(await (await call('GET', `/admin/orders/${order.id}/fulfilment`, tokens.ops)).json()).toStrictEqual({ orderId: order.id, status: 'unfulfilled', history: [] });
  });

  it('tells the shopper of the shipment with its parcel and of the delivery, once each, at the email on the order', async () => {
    const order: Order = { ...laterStates.confirmed(anOrder({ id: newId('ord'), customerId: SHOPPER })), contact: { email: 'ful@example.com' } };
    await given(store, order);
    const written = async () =>
      (await store.read(({ notifications }) => notifications.written({ orderId: order.id }))).map((m) => ({ to: `${m.audience}:${m.channel}:${m.recipient}`, event: m.event }));
    expect((await move(order.id, 'start-processing')).status).toBe(200);
    expect(await written()).toEqual([]);
    expect((await ship(order.id)).status).toBe(200);
    expect((await ship(order.id)).status).toBe(200);
    expect((await move(order.id, 'deliver')).status).toBe(200);

    expect(await written()).toEqual([
      { to: 'shopper:email:ful@example.com', event: { type: 'order_shipped', orderId: order.id, customerId: SHOPPER, ...PARCEL } },
      { to: 'shopper:email:ful@example.com', event: { type: 'order_delivered', orderId: order.id, customerId: SHOPPER } },
    ]);
  });

  it('answers a repeated shipment as the first, records it once, and refuses another parcel for a shipped order', async () => {
    const order = await anOrderOfTheShopper();
    expect((await move(order.id, 'start-processing')).status).toBe(200);
    const first = await ship(order.id);
    const again = await ship(order.id, PARCEL, tokens.other);
    expect([first.status, again.status]).toStrictEqual([200, 200]);
    expect(await again.json()).toStrictEqual(await first.json());
    expect(await eventsOf(order.id)).toBe(2);

    const other = await ship(order.id, { carrier: 'DHL', trackingNumber: 'JD014600' });
    await expectProblem(other, 409, 'fulfilment.transition_refused');
    expect(await eventsOf(order.id)).toBe(2);
  });

  it('of two operators shipping the same parcel at once, records one event and answers both with it', async () => {
    const order = await anOrderOfTheShopper();
    await move(order.id, 'start-processing');
    const [a, b] = await Promise.all([ship(order.id, PARCEL, tokens.ops), ship(order.id, PARCEL, tokens.other)]);
    expect([a!.status, b!.status]).toStrictEqual([200, 200]);
    expect(await a!.json()).toStrictEqual(await b!.json());
    expect(await countRows(h, 'fulfilment_events', "order_id = ? and to_status = 'shipped'", [order.id])).toBe(1);
  });

  it('refuses a move that does not apply with 409 and changes nothing', async () => {
    const order = await anOrderOfTheShopper();
    for (const path of ['ship', 'deliver', 'request-return', 'receive-return'] as const) {
      const refused = path === 'ship' ? await ship(order.id) : await move(order.id, path);
      await expectProblem(refused, 409, 'fulfilment.transition_refused', path);
    }
    expect(await eventsOf(order.id)).toBe(0);
    expect((await h.sql<{ fulfilment_status: string }>('select fulfilment_status from orders where id = ?', [order.id]))[0]?.fulfilment_status).toBe('unfulfilled');
  });

  it.each([
    ['pending payment', (order: Order) => order],
    ['cancelled', (order: Order) => laterStates.cancelledAfterPayment(order)],
    ['refunded', (order: Order) => laterStates.refunded(order)],
  ])('refuses to process or ship an order that is %s with 409', async (_, later) => {
    const order = await anOrderOfTheShopper(later);
    const refused = await move(order.id, 'start-processing');
    await expectProblem(refused, 409, 'fulfilment.order_not_confirmed');
    expect(await eventsOf(order.id)).toBe(0);
  });

  it('refuses to ship an order refunded while it was processed', async () => {
    const order = await anOrderOfTheShopper();
    await move(order.id, 'start-processing');
    await given(store, laterStates.refunded(order));
    const refused = await ship(order.id);
    await expectProblem(refused, 409, 'fulfilment.order_not_confirmed');
  });

  it('answers 422 for a shipment without a carrier or a tracking number, and 400 for a malformed body; nothing is recorded', async () => {
    const order = await anOrderOfTheShopper();
    await move(order.id, 'start-processing');
    for (const body of [{}, { carrier: 'DHL' }, { trackingNumber: 'JD014600' }, { carrier: '  ', trackingNumber: 'JD014600' }]) {
      const refused = await ship(order.id, body);
      await expectProblem(refused, 422, 'fulfilment.shipment_required', JSON.stringify(body));
    }
    for (const body of [
      { ...PARCEL },
      { reason: 'ok go', ...PARCEL, carrier: 7 },
      { reason: 'ok go', ...PARCEL, weight: 2 },
      { reason: 'ok go', carrier: 'x'.repeat(65), trackingNumber: 'A1' },
    ]) {
      const malformed = await move(order.id, 'ship', body);
      await expectProblem(malformed, 400, 'request.invalid', JSON.stringify(body));
    }
    expect(await eventsOf(order.id)).toBe(1);
  });

  it('answers 404 for an order that does not exist, on every route', async () => {
    for (const path of PATHS) {
      const missing = path === 'ship' ? await ship('ord_000000000000doesnotexist') : await move('ord_000000000000doesnotexist', path);
      await expectProblem(missing, 404, 'fulfilment.order_not_found', path);
    }
    expect((await call('GET', '/admin/orders/ord_000000000000doesnotexist/fulfilment', tokens.ops)).status).toBe(404);
  });

  it('answers 401 without a token and 403 with a shopper token, on every operator route, and moves nothing', async () => {
    const order = await anOrderOfTheShopper();
    for (const path of PATHS) {
      expect((await call('POST', `/admin/orders/${order.id}/fulfilment/${path}`, undefined, { reason: 'nobody' })).status, path).toBe(401);
      expect((await move(order.id, path, { reason: 'a shopper', ...PARCEL }, tokens.shopper)).status, path).toBe(403);
    }
    expect((await call('GET', `/admin/orders/${order.id}/fulfilment`)).status).toBe(401);
    expect((await call('GET', `/admin/orders/${order.id}/fulfilment`, tokens.shopper)).status).toBe(403);
    expect((await call('GET', `/admin/customers/${SHOPPER}`)).status).toBe(401);
    expect((await call('GET', `/admin/customers/${SHOPPER}`, tokens.shopper)).status).toBe(403);
    expect(await eventsOf(order.id)).toBe(0);
  });
});
