import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_LOW_STOCK_THRESHOLD } from '../../../src/catalog/api.js';
import { seededPrices, type SeededProduct } from '../catalog-seed.js';
import type { CheckoutRepositories, CheckoutStore } from '../../../src/checkout/ports/checkout-store.js';
import {
  InMemoryCartRepository,
  InMemoryLoyaltyLedger,
  InMemoryOrderFulfilments,
  InMemoryOrderRepository,
  InMemoryProductCatalog,
  InMemoryPaymentRepository,
  InMemoryPaymentVerificationLedger,
  InMemoryRefundRepository,
  InMemoryStockReservations,
  InMemoryWalletLedger,
} from './in-memory-repositories.js';
import { InMemoryNotificationOutbox } from './in-memory-notification-outbox.js';
import { EVERY_CHANNEL, type NotificationPolicy } from '../../../src/notifications/api.js';
import { ConstraintViolationError, copyOf, emptyState, TransactionAbortedError, type PersistenceState, type StateAccess } from './in-memory-state.js';

const repositoriesFor = (access: StateAccess, policy: NotificationPolicy = EVERY_CHANNEL): CheckoutRepositories => ({
  orders: new InMemoryOrderRepository(access),
  payments: new InMemoryPaymentRepository(access),
  verifications: new InMemoryPaymentVerificationLedger(access),
  stock: new InMemoryStockReservations(access),
  catalog: new InMemoryProductCatalog(access),
  wallet: new InMemoryWalletLedger(access),
  loyalty: new InMemoryLoyaltyLedger(access),
  refunds: new InMemoryRefundRepository(access),
  fulfilments: new InMemoryOrderFulfilments(access),
  carts: new InMemoryCartRepository(access),
  notifications: new InMemoryNotificationOutbox(access, policy),
});

/** One transaction's private copy of the state, usable only while its work runs. */
class TransactionScope implements StateAccess {
  private status: 'open' | 'aborted' | 'ended' = 'open';
  private abortedBy: unknown;

  constructor(readonly state: PersistenceState) {}

  async read<T>(look: (state: PersistenceState) => T): Promise<T> {
    this.ensureUsable();
    return look(this.state);
  }

  async write<T>(change: (state: PersistenceState) => T): Promise<T> {
    this.ensureUsable();
    try {
      return change(this.state);
    } catch (error) {
      // PostgreSQL aborts the whole transaction when one statement fails.
      this.status = 'aborted';
      this.abortedBy = error;
      throw error;
    }
  }

  /** Called when the work returned: a transaction with a refused write commits nothing. */
  end(): void {
    const aborted = this.status === 'aborted';
    this.status = 'ended';
    if (aborted) {
      // PostgreSQL answers COMMIT with a silent ROLLBACK here, so the caller would believe its
      // writes were stored; failing loudly makes the swallowed error visible in unit tests.
      throw new TransactionAbortedError('the transaction was rolled back: a write inside it was refused and the error was caught', {
        cause: this.abortedBy,
      });
    }
  }

  discard(): void {
    this.status = 'ended';
  }

  private ensureUsable(): void {
    if (this.status === 'aborted') {
      throw new TransactionAbortedError('current transaction is aborted, commands ignored until end of transaction block', { cause: this.abortedBy });
    }
    if (this.status === 'ended') throw new Error('a repository of a finished transaction was used; its writes would be lost');
  }
}

export type { SeededProduct } from '../catalog-seed.js';

export interface InMemoryCheckoutStoreOptions {
  /** The catalog on the shelf at the start, as `seedCatalog` would insert it. */
  readonly products?: readonly SeededProduct[];
  /** The channels messages are written for, and the staff address (default: every channel, no staff). */
  readonly notifications?: NotificationPolicy;
}

/**
 * The checkout unit of work over in-memory tables, for unit tests of the layers above the ports.
 * It keeps the PostgreSQL adapter's semantics: unique keys, foreign keys and checks of the schema
 * (refused writes throw `ConstraintViolationError`), idempotent ledgers and reservations, and
 * transactions that commit everything or, when the work throws, nothing.
 *
 * Transactions run one at a time, each on a private copy of the state that replaces the committed
 * state only when its work succeeds, so concurrent calls have the outcomes PostgreSQL's row locks
 * and unique indexes give them. Reads through `read` see the committed state and never wait; a
 * write through `read` commits on its own, like a statement in autocommit mode.
 *
 * Where PostgreSQL would block, this store refuses rather than hang: a transaction (or a write
 * through `read`) started from inside another transaction's work throws, because the outer one
 * holds the only lock. And a transaction whose work caught a refused write and returned throws
 * `TransactionAbortedError` where PostgreSQL would roll back silently.
 */
export class InMemoryCheckoutStore implements CheckoutStore {
  private committed: PersistenceState = emptyState();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly insideTransaction = new AsyncLocalStorage<true>();

  private readonly autocommit: StateAccess = {
    read: async (look) => look(this.committed),
    write: (change) => {
      this.refuseInsideTransaction('a write through read()');
      return this.exclusive(async () => {
        const next = copyOf(this.committed);
        const result = change(next);
        this.committed = next;
        return result;
      });
    },
  };

  private readonly policy: NotificationPolicy;

  constructor(options: InMemoryCheckoutStoreOptions = {}) {
    this.policy = options.notifications ?? EVERY_CHANNEL;
    if (options.products !== undefined) this.committed = withProducts(this.committed, options.products).state;
  }

  transaction<T>(work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T> {
    this.refuseInsideTransaction('a transaction');
    return this.exclusive(async () => {
      const scope = new TransactionScope(copyOf(this.committed));
      let result: T;
      try {
        result = await this.insideTransaction.run(true, () => work(repositoriesFor(scope, this.policy)));
      } catch (error) {
        scope.discard();
        throw error;
      }
      scope.end();
      this.committed = scope.state;
      return result;
    });
  }

  read<T>(work: (repositories: CheckoutRepositories) => Promise<T>): Promise<T> {
    return work(repositoriesFor(this.autocommit, this.policy));
  }

  /**
   * The committed tables, each write exclusive and committed on its own: for the twins of ports
   * that work on the same tables outside a checkout's transaction (the notification queue).
   */
  get tables(): StateAccess {
    return this.autocommit;
  }

  /** Like `seedCatalog`: inserts the products that are not there yet, never changes one that is. */
  seedCatalog(products: readonly SeededProduct[]): Promise<number> {
    return this.exclusive(async () => {
      const { state, inserted } = withProducts(this.committed, products);
      this.committed = state;
      return inserted;
    });
  }

  /** Runs `task` after every task queued before it has settled. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private refuseInsideTransaction(what: string): void {
    if (this.insideTransaction.getStore()) {
      throw new Error(`${what} was started inside a transaction of the same InMemoryCheckoutStore; it would wait for that transaction forever`);
    }
  }
}

function withProducts(committed: PersistenceState, products: readonly SeededProduct[]): { state: PersistenceState; inserted: number } {
  const state = copyOf(committed);
  let inserted = 0;
  for (const product of products) {
    const { sku, name, onHand, lowStockThreshold = DEFAULT_LOW_STOCK_THRESHOLD } = product;
    if (state.products.has(sku)) continue;
    const prices = seededPrices(product);
    for (const [currency, priceMinor] of Object.entries(prices)) {
      if (!Number.isSafeInteger(priceMinor) || priceMinor < 0)
        throw new ConstraintViolationError('product_prices_price_minor_check', `${sku} cannot cost ${priceMinor} ${currency}`);
    }
    if (!Number.isSafeInteger(onHand) || onHand < 0) throw new ConstraintViolationError('products_on_hand_check', `${sku} cannot have ${onHand} units on hand`);
    if (!Number.isSafeInteger(lowStockThreshold) || lowStockThreshold < 0) {
      throw new ConstraintViolationError('products_low_stock_threshold_check', `${sku} cannot have a low-stock threshold of ${lowStockThreshold}`);
    }
    state.products.set(sku, { sku, name, prices: { ...prices }, onHand, reserved: 0, lowStockThreshold });
    state.catalogChanges.push({
      sku,
      action: 'create',
      actor: 'seed',
      reason: 'the demo catalog',
      details: { name, prices, onHand, lowStockThreshold },
      at: new Date(0).toISOString(),
    });
    inserted += 1;
  }
  return { state, inserted };
}

export { ConstraintViolationError, TransactionAbortedError } from './in-memory-state.js';
