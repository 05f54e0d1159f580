import type { FulfilmentEvent } from '../domain/fulfilment.js';
import type { OrderStatus } from '../domain/order.js';

/**
 * Where orders' goods are: each order's fulfilment status (a column beside its payment status)
 * and the events that moved it. The status and the event are written together.
 */
export interface OrderFulfilments {
  /** The order's fulfilment events, oldest first; none for an order never moved, or no such order. */
  history(orderId: string): Promise<FulfilmentEvent[]>;
  /**
   * Records `event` and moves the order to `event.to`, only if the order is still as the decision
   * saw it: its fulfilment status `event.from` and its payment status `orderStatus`. Otherwise
   * `moved_on`, and nothing is written: of two operators racing the same move exactly one records
   * it, and a refund landing meanwhile makes the move be decided again. Throws for an order that
   * does not exist.
   */
  record(orderId: string, event: FulfilmentEvent, orderStatus: OrderStatus): Promise<'recorded' | 'moved_on'>;
}
