export type { Order, OrderLine, OrderStatus, CancelReason } from './domain/order.js';
export type { OrderRepository } from './ports/order-repository.js';
