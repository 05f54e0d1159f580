/**
 * Temporal settings shared by the client, the worker and the workflows. Pure constants: the
 * workflow bundle imports this file, so it reads no environment and does no I/O
 * (`src/config.ts` lets the environment override namespace and task queue at run time).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_TASK_QUEUE = 'paysaga-checkout';

export const workflowIds = {
  checkout: (orderId: string): string => `checkout-${orderId}`,
  refund: (refundId: string): string => `refund-${refundId}`,
  /** One saga per wallet top-up, never reused. */
  topUp: (topUpId: string): string => `wallet-top-up-${topUpId}`,
  /** One late-payment saga per gateway payment, however many callbacks and checks report it. */
  latePayment: (gateway: string, gatewayPaymentId: string): string => `late-payment-${gateway}-${gatewayPaymentId}`,
  /** The one long-running reconciliation of payments we gave up on. */
  reconcileLatePayments: (): string => 'reconcile-late-payments',
} as const;

/** Search attributes that make every saga findable in the Temporal UI. */
export const searchAttributes = {
  orderId: defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD),
  customerId: defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD),
  gateway: defineSearchAttributeKey('PaymentGateway', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('CheckoutStatus', SearchAttributeType.KEYWORD),
  amountMinor: defineSearchAttributeKey('OrderAmountMinor', SearchAttributeType.INT),
} as const;

/** The same attributes as `Name=Type` pairs for `temporal server start-dev --search-attribute`. */
export const searchAttributeFlags: Record<string, 'Keyword' | 'Int'> = {
  OrderId: 'Keyword',
  CustomerId: 'Keyword',
  PaymentGateway: 'Keyword',
  CheckoutStatus: 'Keyword',
  OrderAmountMinor: 'Int',
};

export const checkoutTimeouts = {
  /** How long the payment link stays open when a gateway does not say (Khalti says 30–60 min). */
  defaultPaymentWindowMs: 30 * 60_000,
  /** Periodic gateway sync while waiting for a callback: first after 30 s, backing off to 5 min. */
  syncFirstMs: 30_000,
  syncCeilingMs: 5 * 60_000,
  /** After the link expired, keep asking this long for a payment still in flight before parking. */
  expiryGraceMs: 10 * 60_000,
  /** How long an operator has to confirm a manual payment before the order is cancelled. */
  manualApprovalWindowMs: { bank_transfer: 7 * 24 * 3_600_000, cash_on_delivery: 14 * 24 * 3_600_000 },
  /** How long the return-URL handler waits for the verified outcome before answering "pending". */
  returnWaitMs: 8_000,
} as const;

/**
 * What one saga takes from outside, so its history stays far below the engine's limit (50,000
 * events, where the server terminates a workflow with nothing compensated) whoever sends it.
 * The return handler's outcome updates are the only messages an unauthenticated client can cause
 * (each browser return that passes the API's limits sends one); past this many, the saga's
 * validator refuses them (a refused update writes nothing to the history) and the return is
 * answered from the saga's state. Webhook callbacks are deduplicated on signed content before
 * they reach a saga; operator commands are refused by the validator when they do not apply.
 */
export const sagaLimits = {
  outcomeUpdates: 100,
} as const;

/**
 * A refund saga's bounds. A gateway refund still pending is read again (never re-created) after
 * `pollFirstMs`, backing off to `pollCeilingMs`; past `pendingBudgetMs` the saga parks for an
 * operator. Each refund call and each read gets `retryPolicies.gateway`'s attempts.
 */
export const refundTimeouts = {
  pollFirstMs: 60_000,
  pollCeilingMs: 6 * 3_600_000,
  pendingBudgetMs: 10 * 24 * 3_600_000,
} as const;

/** Retry budgets. A gateway that stays down past its budget parks the saga for an operator. */
export const retryPolicies = {
  gateway: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 8 },
  /** About three minutes of retries (a database restart, a failover); then the saga parks. */
  database: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
} as const;

/**
 * A local activity's retry whose back-off is longer than this is scheduled as a durable timer;
 * shorter ones wait in the worker. Half a second: only the database's first retry waits in memory.
 */
export const localActivityRetryThreshold = '500ms';

/** `patched()` ids: a saga started before the change replays the path it was started on. */
export const patches = {
  localActivitySteps: 'checkout-local-activity-steps',
  /** Order, points and wallet part in one step: a lost balance race leaves no order behind. */
  openOrderAtOnce: 'checkout-open-order-at-once',
  /** Cash on delivery and bank transfer hold their stock for the whole approval window. */
  manualHoldsStock: 'checkout-manual-holds-stock',
  /** A checkout holds its stock as it opens, for its whole payment window, instead of once paid. */
  holdStockAtOpen: 'checkout-hold-stock-at-open',
  /** Refund sagas record their refund, read the gateway's refund state instead of re-creating it, and park when it stays open. */
  refundReadApi: 'refund-read-api',
  /** A checkout that parks tells staff through the outbox (an activity as it parks). */
  notifyParked: 'checkout-notify-parked',
} as const;

/** Late payments (money taken after a saga gave up) and the reconciliation that finds them. */
export const latePaymentTimeouts = {
  /** A late payment still pending at the gateway is asked again after each of these, then parked. */
  pendingBackoffMs: [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000],
  /** How often the reconciliation looks for payments whose next check is due. */
  reconcileEveryMs: 15 * 60_000,
  /** At most this many checks per round. */
  reconcileBatch: 50,
  /** Rounds per workflow history before it continues as new (a day at 15 minutes). */
  reconcileRoundsPerHistory: 96,
  /** Retry budget of one reconciliation check: a gateway that stays down is asked again next round. */
  checkRetry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 3 },
} as const;

export const activityTimeouts = {
  gateway: { startToCloseTimeout: '30s' },
  database: { startToCloseTimeout: '30s' },
} as const;
