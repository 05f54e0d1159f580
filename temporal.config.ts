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
  database: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1m' },
} as const;

/**
 * A local activity's retry whose back-off is longer than this is scheduled as a durable timer;
 * shorter ones wait in the worker. Half a second: only the database's first retry waits in memory.
 */
export const localActivityRetryThreshold = '500ms';

/** `patched()` ids: a saga started before the change replays the path it was started on. */
export const patches = {
  localActivitySteps: 'checkout-local-activity-steps',
  /** Refund sagas record their refund, read the gateway's refund state instead of re-creating it, and park when it stays open. */
  refundReadApi: 'refund-read-api',
} as const;

export const activityTimeouts = {
  gateway: { startToCloseTimeout: '30s' },
  database: { startToCloseTimeout: '30s' },
} as const;
