import type { FulfilmentEvent, OrderFulfilments, OrderStatus } from '../../../src/orders/api.js';
import { check, instant, requireOrder } from './in-memory-constraints.js';
import { copyOf, type StateAccess } from './in-memory-state.js';

/** Like `orders.fulfilment_status` and `fulfilment_events`: the status is the last event's target. */
export class InMemoryOrderFulfilments implements OrderFulfilments {
  constructor(private readonly access: StateAccess) {}

  history(orderId: string): Promise<FulfilmentEvent[]> {
    return this.access.read((state) => [...copyOf(state.fulfilmentEvents.get(orderId) ?? [])]);
  }

  record(orderId: string, event: FulfilmentEvent, orderStatus: OrderStatus): Promise<'recorded' | 'moved_on'> {
    return this.access.write((state) => {
      requireOrder(state, orderId, 'fulfilment_events_order_id_fkey');
      const events = state.fulfilmentEvents.get(orderId) ?? [];
      if ((events.at(-1)?.to ?? 'unfulfilled') !== event.from || state.orders.get(orderId)?.status !== orderStatus) return 'moved_on';
      check(!events.some((earlier) => earlier.to === event.to), 'fulfilment_events_once', `order ${orderId} was already ${event.to}`);
      check(event.to !== 'shipped' || event.shipment !== undefined, 'fulfilment_events_shipment', 'a shipped event needs its carrier and tracking number');
      state.fulfilmentEvents.set(orderId, [...events, copyOf({ ...event, at: instant(event.at) })]);
      return 'recorded';
    });
  }
}
