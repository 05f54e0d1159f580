import type { OrderFulfilments, OrderRepository } from '../../orders/api.js';
import type { PaymentRepository, PaymentVerificationLedger, RefundRepository } from '../../payments/api.js';
import type { StockReservations } from '../../inventory/api.js';
import type { WalletLedger } from '../../wallet/api.js';
import type { LoyaltyLedger } from '../../loyalty/api.js';
import type { ProductCatalog } from '../../catalog/api.js';
import type { CartRepository } from './cart-repository.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { NotificationOutbox } from '../../notifications/api.js';

export interface CheckoutRepositories {
  readonly orders: OrderRepository;
  readonly payments: PaymentRepository;
  readonly verifications: PaymentVerificationLedger;
  readonly stock: StockReservations;
  /** Products and their price lists, and restocks. */
  readonly catalog: ProductCatalog;
  readonly wallet: WalletLedger;
  readonly loyalty: LoyaltyLedger;
  readonly refunds: RefundRepository;
  readonly fulfilments: OrderFulfilments;
  readonly carts: CartRepository;
  /** Messages about what changed, written in the same transaction. */
  readonly notifications: NotificationOutbox;
}

/** The unit of work of one checkout use case. */
export type CheckoutStore = UnitOfWork<CheckoutRepositories>;
