import type { Order } from '../domain/order.js';

/** Orders by id. `save` inserts a new order or stores a later state of an existing one. */
export interface OrderRepository {
  byId(orderId: string): Promise<Order | undefined>;
  save(order: Order): Promise<void>;
}
