import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { CheckoutRepositories, CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import {
  MikroOrmCartRepository,
  MikroOrmLoyaltyLedger,
  MikroOrmOrderFulfilments,
  MikroOrmOrderRepository,
  MikroOrmProductCatalog,
  MikroOrmPaymentRepository,
  MikroOrmPaymentVerificationLedger,
  MikroOrmRefundRepository,
  MikroOrmStockReservations,
  MikroOrmWalletLedger,
} from './mikro-orm-repositories.js';
import { MikroOrmUnitOfWork } from './mikro-orm-unit-of-work.js';
import { MikroOrmNotificationOutbox } from './mikro-orm-notification-outbox.js';

const repositoriesFor = (em: EntityManager): CheckoutRepositories => ({
  orders: new MikroOrmOrderRepository(em),
  payments: new MikroOrmPaymentRepository(em),
  verifications: new MikroOrmPaymentVerificationLedger(em),
  stock: new MikroOrmStockReservations(em),
  catalog: new MikroOrmProductCatalog(em),
  wallet: new MikroOrmWalletLedger(em),
  loyalty: new MikroOrmLoyaltyLedger(em),
  refunds: new MikroOrmRefundRepository(em),
  fulfilments: new MikroOrmOrderFulfilments(em),
  carts: new MikroOrmCartRepository(em),
  notifications: new MikroOrmNotificationOutbox(em),
});

/** The checkout's repositories, in one transaction per unit of work. */
export class MikroOrmCheckoutStore extends MikroOrmUnitOfWork<CheckoutRepositories> implements CheckoutStore {
  constructor(orm: MikroORM) {
    super(orm, repositoriesFor);
  }
}
