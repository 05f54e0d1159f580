import type { FulfilmentEvent } from '../domain/fulfilment.js';

/**
 * Where orders' goods are: each order's fulfilment status (a column beside its payment status)
 * and the events that moved it. The status and the event are written together.
 */
export interface OrderFulfilments {
  /** The order's fulfilment events, oldest first; none for an order never moved, or no such order. */
  history(orderId: string): Promise<FulfilmentEvent[]>;
  /**
   * Records `event` and moves the order to `event.to`, only if the order's fulfilment status is
   * still `event.from`: `moved_on` (nothing written) when another move got there first, so of two
   * operators racing the same move exactly one records it. Throws for an order that does not exist.
   */
  record(orderId: string, event: FulfilmentEvent): Promise<'recorded' | 'moved_on'>;
}
