import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { makeFulfilment, type FulfilmentRepositories, type Order } from '../../../src/orders/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import type { UnitOfWork } from '../../../src/shared/unit-of-work.js';
import { given } from '../../contracts/store-under-test.js';
import { aFulfilmentEvent, PARCEL } from '../../support/mothers/fulfilment.js';
import { anOrder, laterStates } from '../../support/mothers/order.js';
import { LATER } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';

const ship = { type: 'Ship', by: 'ops_anna', reason: 'handed to the carrier', ...PARCEL } as const;

/** A confirmed order, processing, in a fresh in-memory store. */
async function aProcessingOrder(): Promise<{ store: InMemoryCheckoutStore; order: Order }> {
  const store = new InMemoryCheckoutStore();
  const order = laterStates.confirmed(anOrder());
  await given(store, order);
  await store.transaction(({ fulfilments }) => fulfilments.record(order.id, aFulfilmentEvent('processing'), 'confirmed'));
  return { store, order };
}

/**
 * The store as a decision sees it when a refund lands between its read and its write: the first
 * read of the order answers it as it was before.
 */
function readingOnceBefore(store: InMemoryCheckoutStore, before: Order): UnitOfWork<FulfilmentRepositories> {
  let stale = true;
  const view = (repos: FulfilmentRepositories): FulfilmentRepositories => ({
    fulfilments: repos.fulfilments,
    notifications: repos.notifications,
    orders: {
      save: (order) => repos.orders.save(order),
      byId: async (orderId) => {
        if (!stale) return repos.orders.byId(orderId);
        stale = false;
        return before;
      },
    },
  });
  return { transaction: (work) => store.transaction((repos) => work(view(repos))), read: (work) => store.read((repos) => work(view(repos))) };
}

describe('fulfilment use cases', () => {
  const clock = new FixedClock(new Date(LATER));

  it('records a move at the clock time, and reads it back with the order fulfilment', async () => {
    const { store, order } = await aProcessingOrder();
    const fulfilment = makeFulfilment({ store, clock });

    const shipped = okValue(await fulfilment.move(order.id, ship));

    expect(shipped).toStrictEqual({ from: 'processing', to: 'shipped', at: LATER, by: 'ops_anna', reason: 'handed to the carrier', shipment: PARCEL });
    expect(okValue(await fulfilment.of(order.id))).toMatchObject({ status: 'shipped', shipment: PARCEL, history: [aFulfilmentEvent('processing'), shipped] });
  });

  it('answers an order that does not exist with fulfilment.order_not_found, for a move and for a read', async () => {
    const fulfilment = makeFulfilment({ store: new InMemoryCheckoutStore(), clock });

    expect(errorOf(await fulfilment.move('ord_missing', ship)).code).toBe('fulfilment.order_not_found');
    expect(errorOf(await fulfilment.of('ord_missing')).code).toBe('fulfilment.order_not_found');
  });

  it('given a full refund landing after the decision read the order confirmed, when the shipment is recorded, then it is decided again and refused', async () => {
    const { store, order } = await aProcessingOrder();
    await given(store, laterStates.refunded(order));
    const fulfilment = makeFulfilment({ store: readingOnceBefore(store, order), clock });

    expect(errorOf(await fulfilment.move(order.id, ship)).code).toBe('fulfilment.order_not_confirmed');

    expect((await store.read(({ fulfilments }) => fulfilments.history(order.id))).map((event) => event.to)).toStrictEqual(['processing']);
  });
});
