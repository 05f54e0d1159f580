export type { Order, OrderLine, OrderStatus, CancelReason } from './domain/order.js';
export type { OrderRepository } from './ports/order-repository.js';
export { applyOrderCommand, customerDetailsOf, placeOrder, type OrderCharges, type OrderCommand, type OrderError } from './domain/order.js';
