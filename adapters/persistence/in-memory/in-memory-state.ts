import type { FulfilmentEvent, Order } from '../../../src/orders/api.js';
import type { Payment, PaymentVerification, VerificationFailure } from '../../../src/payments/api.js';
import type { Refund } from '../../../src/payments/domain/refund.js';
import type { RefundAttention, RefundDecision } from '../../../src/payments/ports/refund-repository.js';
import type { StockLine } from '../../../src/inventory/api.js';
import type { WalletEntry } from '../../../src/wallet/api.js';
import type { LoyaltyEntry } from '../../../src/loyalty/api.js';
import type { CatalogChange } from '../../../src/catalog/api.js';
import type { Cart, TakenLines } from '../../../src/checkout/domain/cart.js';
import type { NotificationResend, NotificationStatus, OutboxMessage, ShopperNotificationSettings } from '../../../src/notifications/api.js';

/** A `products` row: `available` (what `items` reports as on hand) is `onHand - reserved`. */
export interface ProductRow {
  readonly sku: string;
  readonly name: string;
  /** `product_prices`: minor units by currency. */
  readonly prices: Readonly<Record<string, number>>;
  readonly onHand: number;
  readonly reserved: number;
  readonly lowStockThreshold: number;
}

/** A `stock_reservations` row. */
export interface ReservationRow {
  readonly lines: readonly StockLine[];
  readonly status: 'reserved' | 'committed' | 'released';
}

/**
 * The in-memory "database": one map per table of the PostgreSQL schema, keyed like its primary
 * or unique keys. Values are stored as private copies, so a caller changing an object it saved or
 * read cannot change what is stored.
 */
export interface PersistenceState {
  /** `products`, by SKU, in insertion order. */
  readonly products: Map<string, ProductRow>;
  /** `catalog_changes`, in insertion order; a restock's row keeps its restock id (unique) and what it added. */
  readonly catalogChanges: (CatalogChange & { readonly restock?: { readonly id: string; readonly quantity: number } })[];
  /** `orders` (with their items), by order id. */
  readonly orders: Map<string, Order>;
  /** `payments`, by payment id. */
  readonly payments: Map<string, Payment>;
  /** `payment_verifications`, by `transactionKey(gateway, transaction id)`. */
  readonly verifications: Map<string, PaymentVerification>;
  /** `stock_reservations`, by order id. */
  readonly reservations: Map<string, ReservationRow>;
  /** `wallet_accounts`: the cached balance in minor units, by `walletKey(customer id, currency)`. */
  readonly walletAccounts: Map<string, number>;
  /** `wallet_entries`, by idempotency key (unique across the ledger, as in the table), in insertion order. */
  readonly walletEntries: Map<string, WalletEntry>;
  /** `loyalty_accounts`, by customer id. */
  readonly loyaltyAccounts: Map<string, { readonly balance: number; readonly lifetime: number }>;
  /** `loyalty_entries`, by idempotency key, in insertion order. */
  readonly loyaltyEntries: Map<string, { readonly customerId: string; readonly entry: LoyaltyEntry }>;
  /** `refunds`, by refund id, in insertion order. */
  readonly refunds: Map<string, Refund>;
  /** `verification_failures`, by (gateway, gateway payment id, transaction id, code). */
  readonly verificationFailures: Map<string, VerificationFailure>;
  /** `refunds.attention_*`, by refund id. */
  readonly refundAttention: Map<string, RefundAttention>;
  /** `refund_decisions`, in insertion order. */
  readonly refundDecisions: RefundDecision[];
  /** `fulfilment_events`, by order id, oldest first; the last one's target is `orders.fulfilment_status`. */
  readonly fulfilmentEvents: Map<string, readonly FulfilmentEvent[]>;
  /** `carts` with their `cart_lines`, by customer id. */
  readonly carts: Map<string, Cart>;
  /** `order_cart_lines`, by order id: what each checkout took from its customer's cart. */
  readonly orderCartLines: Map<string, { readonly customerId: string; readonly lines: TakenLines }>;
  /** `notification_outbox` as written by state changes, by `outboxKey(key, channel, recipient)`, in insertion order. */
  readonly outbox: Map<string, OutboxMessage>;
  /** `notification_settings`, by customer id. */
  readonly notificationSettings: Map<string, ShopperNotificationSettings>;
  /** The dispatcher's columns of each `notification_outbox` row, by the same key as `outbox`. */
  readonly outboxDelivery: Map<string, OutboxDelivery>;
  /** `notification_resends`, by notification id, oldest first. */
  readonly notificationResends: Map<string, NotificationResend[]>;
}

/** The columns of a `notification_outbox` row that its message does not carry; instants are ISO-8601. */
export interface OutboxDelivery {
  readonly id: string;
  status: NotificationStatus;
  attempts: number;
  resends: number;
  nextAttemptAt: string;
  leaseUntil?: string;
  claimToken?: string;
  lastError?: string;
  providerMessageId?: string;
  readonly createdAt: string;
  sentAt?: string;
  parkedAt?: string;
}

export const emptyState = (): PersistenceState => ({
  products: new Map(),
  catalogChanges: [],
  orders: new Map(),
  payments: new Map(),
  verifications: new Map(),
  verificationFailures: new Map(),
  reservations: new Map(),
  walletAccounts: new Map(),
  walletEntries: new Map(),
  loyaltyAccounts: new Map(),
  loyaltyEntries: new Map(),
  refunds: new Map(),
  refundAttention: new Map(),
  refundDecisions: [],
  fulfilmentEvents: new Map(),
  carts: new Map(),
  orderCartLines: new Map(),
  outbox: new Map(),
  notificationSettings: new Map(),
  outboxDelivery: new Map(),
  notificationResends: new Map(),
});

/** The unique key (event key, channel, recipient) of `notification_outbox`. */
export const outboxKey = (message: Pick<OutboxMessage, 'key' | 'channel' | 'recipient'>): string => `${message.key}\u0000${message.channel}\u0000${message.recipient}`;

export const copyOf = <T>(value: T): T => structuredClone(value);

/** The composite unique key (gateway, transaction id); NUL cannot occur in either part. */
export const transactionKey = (gateway: string, transactionId: string): string => `${gateway}\u0000${transactionId}`;

/** The composite primary key (customer id, currency) of `wallet_accounts`. */
export const walletKey = (customerId: string, currency: string): string => `${customerId}\u0000${currency}`;

/**
 * A write the PostgreSQL schema would refuse (foreign key, unique or check constraint). It is a
 * bug or an infrastructure-level failure there too, so it is thrown, never returned.
 */
export class ConstraintViolationError extends Error {
  override readonly name = 'ConstraintViolationError';

  constructor(
    /** The constraint's name in the PostgreSQL schema, e.g. `payments_order_id_key`. */
    readonly constraint: string,
    message: string,
  ) {
    super(`${message} (violates ${constraint})`);
  }
}

/** Thrown for any use of a transaction after one of its writes was refused, as PostgreSQL does. */
export class TransactionAbortedError extends Error {
  override readonly name = 'TransactionAbortedError';
}

/**
 * How repositories reach the state. Inside a transaction both go to the transaction's private
 * copy; outside one (`CheckoutStore.read`), reads see the last committed state and each write
 * commits on its own, like a statement in PostgreSQL's autocommit mode.
 */
export interface StateAccess {
  read<T>(look: (state: PersistenceState) => T): Promise<T>;
  /** Applies `change` completely or, when it throws, not at all. */
  write<T>(change: (state: PersistenceState) => T): Promise<T>;
}
