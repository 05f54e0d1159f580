import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { CheckoutRepositories, CheckoutStore } from '../../src/checkout/ports/checkout-store.js';
import {
  MikroOrmLoyaltyLedger,
  MikroOrmOrderRepository,
  MikroOrmPaymentRepository,
  MikroOrmPaymentVerificationLedger,
  MikroOrmRefundRepository,
  MikroOrmStockReservations,
  MikroOrmWalletLedger,
} from './mikro-orm-repositories.js';

const repositoriesFor = (em: EntityManager): CheckoutRepositories => ({
  orders: new MikroOrmOrderRepository(em),
  payments: new MikroOrmPaymentRepository(em),
  verifications: new MikroOrmPaymentVerificationLedger(em),
  stock: new MikroOrmStockReservations(em),
  wallet: new MikroOrmWalletLedger(em),
  loyalty: new MikroOrmLoyaltyLedger(em),
  refunds: new MikroOrmRefundRepository(em),
});

/** One forked EntityManager per unit of work; a transaction commits every repository's writes together. */
export class MikroOrmCheckoutStore implements CheckoutStore {
  constructor(private readonly orm: MikroORM) {}

  transaction<T>(work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional((em) => work(repositoriesFor(em)));
  }

  read<T>(work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T> {
    return work(repositoriesFor(this.orm.em.fork()));
  }
}
