import { cartRepositoryContract } from './cart-repository.contract.js';
import { checkoutStoreContract } from './checkout-store.contract.js';
import { concurrencyContract } from './concurrency.contract.js';
import { loyaltyLedgerContract } from './loyalty-ledger.contract.js';
import { notificationOutboxContract } from './notification-outbox.contract.js';
import { orderFulfilmentsContract } from './order-fulfilments.contract.js';
import { orderRepositoryContract } from './order-repository.contract.js';
import { paymentRepositoryContract, paymentVerificationLedgerContract } from './payment-repository.contract.js';
import { refundRepositoryContract } from './refund-repository.contract.js';
import { productCatalogContract } from './product-catalog.contract.js';
import { stockReservationsContract } from './stock-reservations.contract.js';
import type { PersistenceSubject } from './store-under-test.js';
import { walletLedgerContract } from './wallet-ledger.contract.js';

/** Every persistence contract suite, run against one adapter: each port's own, then the unit of work's and concurrency's. */
export function persistenceContracts(subject: PersistenceSubject): void {
  orderRepositoryContract(subject);
  orderFulfilmentsContract(subject);
  paymentRepositoryContract(subject);
  paymentVerificationLedgerContract(subject);
  stockReservationsContract(subject);
  productCatalogContract(subject);
  walletLedgerContract(subject);
  loyaltyLedgerContract(subject);
  refundRepositoryContract(subject);
  cartRepositoryContract(subject);
  notificationOutboxContract(subject);
  checkoutStoreContract(subject);
  concurrencyContract(subject);
}
