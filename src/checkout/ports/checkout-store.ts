import type { OrderRepository } from '../../orders/api.js';
import type { PaymentRepository, PaymentVerificationLedger, RefundRepository } from '../../payments/api.js';
import type { StockReservations } from '../../inventory/api.js';
import type { WalletLedger } from '../../wallet/api.js';
import type { LoyaltyLedger } from '../../loyalty/api.js';

export interface CheckoutRepositories {
  readonly orders: OrderRepository;
  readonly payments: PaymentRepository;
  readonly verifications: PaymentVerificationLedger;
  readonly stock: StockReservations;
  readonly wallet: WalletLedger;
  readonly loyalty: LoyaltyLedger;
  readonly refunds: RefundRepository;
}

/**
 * The unit of work of one use case: everything written inside `transaction` commits together
 * or not at all.
 */
export interface CheckoutStore {
  transaction<T>(work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T>;
  /** Read-only access outside a transaction. */
  read<T>(work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T>;
}
