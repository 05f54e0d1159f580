/**
 * The units of work of top-ups and late payments, in memory, over the in-memory checkout store:
 * the three share the checkout store's verification ledger and wallet, as their PostgreSQL adapters
 * share the tables, so a transaction bound to an order is seen by a top-up and the other way round. Rows of
 * their own (top-ups, late payments, reconciliation checks) live beside the checkout store's and
 * roll back with its transaction.
 */
import { InMemoryCheckoutStore, type InMemoryCheckoutStoreOptions } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import type { CheckoutRepositories } from '../../../src/checkout/ports/checkout-store.js';
import type { LatePaymentOwner } from '../../../src/payments/domain/late-payment.js';
import type { VerificationFailure } from '../../../src/payments/domain/payment.js';
import type { DueLateCheck, LatePaymentRecord, LatePaymentRepositories, LatePaymentStore } from '../../../src/payments/ports/late-payments.js';
import type { WalletTopUp } from '../../../src/wallet/domain/top-up.js';
import type { TopUpRepositories, TopUpStore } from '../../../src/wallet/ports/top-up-store.js';

interface SideTables {
  topUps: Map<string, WalletTopUp>;
  topUpFailures: (VerificationFailure & { readonly topUpId: string })[];
  /** Wallet entries written for a top-up: idempotency key → top-up id. */
  walletLinks: Map<string, string>;
  latePayments: Map<string, LatePaymentRecord>;
  checks: { readonly gateway: string; readonly gatewayPaymentId: string; readonly gatewayStatus: string; readonly at: string }[];
  /** When the saga closed each payment, by gateway and gateway payment id (default: when it was placed). */
  closedAt: Map<string, string>;
}

const key = (gateway: string, id: string): string => `${gateway}\u0000${id}`;

const emptyTables = (): SideTables => ({
  topUps: new Map(),
  topUpFailures: [],
  walletLinks: new Map(),
  latePayments: new Map(),
  checks: [],
  closedAt: new Map(),
});

export interface InMemoryStores {
  readonly checkouts: InMemoryCheckoutStore;
  readonly topUps: TopUpStore;
  readonly latePayments: LatePaymentStore & {
    /** What `dueChecks` answers, and the arguments it was last asked with. */
    due: DueLateCheck[];
    dueAsked?: { readonly now: string; readonly closedAfter: string; readonly limit: number };
  };
  /** The rows outside the checkout store, as committed: for assertions only. */
  readonly tables: Readonly<SideTables>;
}

export function inMemoryStores(options: InMemoryCheckoutStoreOptions = {}): InMemoryStores {
  const checkouts = new InMemoryCheckoutStore(options);
  let tables = emptyTables();

  /** Runs `work` in the checkout store's transaction; the side tables roll back with it. */
  async function transaction<T>(work: (repos: CheckoutRepositories) => Promise<T>): Promise<T> {
    let before: SideTables | undefined;
    try {
      return await checkouts.transaction(async (repos) => {
        before = structuredClone(tables);
        return work(repos);
      });
    } catch (error) {
      if (before !== undefined) tables = before;
      throw error;
    }
  }

  const topUpRepositories = (repos: CheckoutRepositories): TopUpRepositories => ({
    topUps: {
      byId: async (topUpId) => structuredClone(tables.topUps.get(topUpId)),
      byGatewayPaymentId: async (gateway, gatewayPaymentId) =>
        structuredClone([...tables.topUps.values()].find((topUp) => topUp.gateway === gateway && topUp.gatewayPaymentId === gatewayPaymentId)),
      save: async (topUp) => {
        tables.topUps.set(topUp.id, structuredClone(topUp));
      },
      linkWalletEntry: async (idempotencyKey, topUpId) => {
        tables.walletLinks.set(idempotencyKey, topUpId);
      },
    },
    // The one ledger, shared with checkouts; failed top-up verifications are kept apart for assertions.
    verifications: {
      byTransaction: (gateway, transactionId) => repos.verifications.byTransaction(gateway, transactionId),
      record: (verification) => repos.verifications.record(verification),
      recordFailure: async (failure) => {
        if (failure.topUpId === undefined) return repos.verifications.recordFailure(failure);
        const { topUpId } = failure;
        tables.topUpFailures.push(structuredClone({ ...failure, topUpId }));
      },
    },
    wallet: repos.wallet,
    notifications: repos.notifications,
  });

  const latePaymentRepositories = (repos: CheckoutRepositories): LatePaymentRepositories => ({
    async owner(gateway, gatewayPaymentId): Promise<LatePaymentOwner | undefined> {
      const payment = await repos.payments.byGatewayPaymentId(gateway, gatewayPaymentId);
      if (payment !== undefined) {
        const order = await repos.orders.byId(payment.orderId);
        if (order === undefined) return undefined;
        const closedAt = tables.closedAt.get(key(gateway, gatewayPaymentId)) ?? order.placedAt;
        return { kind: 'order', orderId: order.id, paymentId: payment.id, customerId: order.customerId, expected: payment.amount, status: payment.status, closedAt };
      }
      const topUp = [...tables.topUps.values()].find((t) => t.gateway === gateway && t.gatewayPaymentId === gatewayPaymentId);
      if (topUp === undefined) return undefined;
      const closedAt = tables.closedAt.get(key(gateway, gatewayPaymentId)) ?? topUp.createdAt;
      return { kind: 'top_up', topUpId: topUp.id, customerId: topUp.customerId, expected: topUp.amount, status: topUp.status, closedAt };
    },
    verifications: repos.verifications,
    wallet: repos.wallet,
    async markTopUpCredited(topUpId, transactionId, walletEntryKey, at) {
      const topUp = tables.topUps.get(topUpId);
      if (topUp === undefined) throw new Error(`top-up ${topUpId} does not exist`);
      tables.topUps.set(topUpId, { ...topUp, status: 'credited', transactionId, creditedAt: at });
      tables.walletLinks.set(walletEntryKey, topUpId);
    },
    latePayments: {
      byGatewayPayment: async (gateway, gatewayPaymentId) => structuredClone(tables.latePayments.get(key(gateway, gatewayPaymentId))),
      save: async (record) => {
        tables.latePayments.set(key(record.gateway, record.gatewayPaymentId), structuredClone(record));
      },
      list: async (filter, limit) =>
        [...tables.latePayments.values()]
          .filter((r) => (filter.resolution === undefined || r.resolution === filter.resolution) && (filter.gateway === undefined || r.gateway === filter.gateway))
          .filter((r) => filter.customerId === undefined || r.customerId === filter.customerId)
          .reverse()
          .slice(0, limit),
    },
    async dueChecks(now, closedAfter, limit) {
      latePayments.dueAsked = { now, closedAfter, limit };
      return latePayments.due.slice(0, limit);
    },
    async recordCheck(gateway, gatewayPaymentId, gatewayStatus, at) {
      tables.checks.push({ gateway, gatewayPaymentId, gatewayStatus, at });
    },
  });

  const topUps: TopUpStore = {
    transaction: (work) => transaction((repos) => work(topUpRepositories(repos))),
    read: (work) => checkouts.read((repos) => work(topUpRepositories(repos))),
  };
  const latePayments: InMemoryStores['latePayments'] = {
    due: [],
    transaction: (work) => transaction((repos) => work(latePaymentRepositories(repos))),
    read: (work) => checkouts.read((repos) => work(latePaymentRepositories(repos))),
  };
  return {
    checkouts,
    topUps,
    latePayments,
    get tables() {
      return tables;
    },
  };
}
