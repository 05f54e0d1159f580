export type { Order, OrderLine, OrderStatus, CancelReason } from './domain/order.js';
export type { OrderRepository } from './ports/order-repository.js';
export type { OrderFulfilments } from './ports/order-fulfilments.js';
export { applyOrderCommand, customerDetailsOf, placeOrder, type OrderCharges, type OrderCommand, type OrderError } from './domain/order.js';
export {
  FULFILMENT_STATUSES,
  fulfilmentOf,
  type Fulfilment,
  type FulfilmentCommandType,
  type FulfilmentEvent,
  type FulfilmentStatus,
  type Shipment,
} from './domain/fulfilment.js';
export { makeFulfilment, type FulfilmentRepositories, type FulfilmentRequest, type FulfilmentUseCases } from './application/fulfilment.js';
