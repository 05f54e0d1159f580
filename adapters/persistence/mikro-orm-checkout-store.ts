import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { EVERY_CHANNEL, type NotificationPolicy } from '../../src/notifications/api.js';
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

const repositoriesFor = (em: EntityManager, policy: NotificationPolicy): CheckoutRepositories => ({
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
  notifications: new MikroOrmNotificationOutbox(em, policy),
});

/** The checkout's repositories, in one transaction per unit of work. */
export class MikroOrmCheckoutStore extends MikroOrmUnitOfWork<CheckoutRepositories> implements CheckoutStore {
  /** `policy`: the channels messages are written for, and the staff address (default: every channel, no staff). */
  constructor(orm: MikroORM, policy: NotificationPolicy = EVERY_CHANNEL) {
    super(orm, (em) => repositoriesFor(em, policy));
  }
}
