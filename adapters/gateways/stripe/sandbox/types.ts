import type { MountableSandbox } from '../../gateway-adapter.js';
import type { SandboxBaseOptions } from '../../sandbox-kit/index.js';
import type { Json } from './records.js';

/** The Stripe sandbox's public shapes: its test cards and limits, the sessions, refunds and events it reports, its controls and options. */

/** Test cards the hosted page understands (Stripe's own test numbers). */
export const STRIPE_TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
} as const;

export const STRIPE_REFUND_STATUSES = ['succeeded', 'pending', 'requires_action', 'failed', 'canceled'] as const;
export type StripeRefundStatus = (typeof STRIPE_REFUND_STATUSES)[number];

/** Stripe's minimum charge is about 50 cents; the sandbox asks for 50 of the smallest unit in every currency. */
export const STRIPE_MIN_AMOUNT = 50;
/** Eight digits of the smallest unit. */
export const STRIPE_MAX_AMOUNT = 99_999_999;

/** A Checkout Session as Stripe renders it, with its PaymentIntent and Charge expanded. */
export interface StripeSandboxSession {
  readonly id: string;
  readonly status: string;
  readonly payment_status: string;
  readonly amount_total: number;
  readonly currency: string;
  readonly client_reference_id: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly success_url: string;
  readonly cancel_url: string | null;
  readonly url: string | null;
  readonly expires_at: number;
  readonly payment_intent: (Json & { readonly id: string; readonly status: string; readonly latest_charge: (Json & { readonly id: string }) | null }) | null;
  readonly [key: string]: unknown;
}

export interface StripeSandboxRefund {
  readonly id: string;
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly payment_intent: string;
  readonly charge: string;
  readonly [key: string]: unknown;
}

/** One call to `/v1/…`, as received. */
export interface StripeSandboxRequest {
  readonly at: string;
  readonly method: string;
  /** Path as received, including any mount prefix; query not included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The form body (POST) or query (GET), decoded into nested objects the way Stripe reads them. */
  readonly params: Json;
  readonly rawBody: string;
  readonly status: number;
}

export interface StripeSandboxEvent {
  readonly id: string;
  readonly type: string;
  /** The exact JSON Stripe would POST (pretty-printed, as Stripe sends it). */
  readonly body: string;
}

export interface StripeSandboxDelivery {
  readonly eventId: string;
  readonly type: string;
  readonly at: string;
  readonly url: string | null;
  /** `delivered` (2xx), `failed` (other status or network error), `dropped` (by `dropNextWebhooks`), `no_endpoint`. */
  readonly outcome: 'delivered' | 'failed' | 'dropped' | 'no_endpoint';
  readonly httpStatus?: number;
  readonly error?: string;
  readonly signatureHeader?: string;
}

export interface StripeSandboxControl {
  sessions(): readonly StripeSandboxSession[];
  get(sessionId: string): StripeSandboxSession | undefined;
  refunds(): readonly StripeSandboxRefund[];
  /**
   * Pays an open session as the shopper would with a test card. `amount` makes Stripe report a
   * different amount than the session asked for; `delayed` pays with a method that settles
   * later (session `complete`/`unpaid`, PaymentIntent `processing`) until `settle`.
   */
  pay(sessionId: string, options?: { readonly amount?: number; readonly delayed?: boolean; readonly wallet?: 'google_pay' }): StripeSandboxSession;
  /** Customers made through `/v1/customers`, as Stripe renders them. */
  customers(): readonly Json[];
  /** Every PaymentMethod made (test ids resolve to a new `pm_…` on each use), as Stripe renders them: brand, last four, expiry, wallet, customer. */
  paymentMethods(): readonly Json[];
  /** A PaymentIntent by id (one made on its own or a session's), with its Charge expanded. */
  paymentIntent(id: string): Json | undefined;
  /** A declined card: the PaymentIntent fails, the session stays open. */
  decline(sessionId: string): StripeSandboxSession;
  /** Settles a delayed payment. */
  settle(sessionId: string, outcome: 'succeeded' | 'failed'): StripeSandboxSession;
  /** Forces statuses, including ones Stripe would never combine. Sends no event. */
  setStatus(sessionId: string, statuses: { readonly status?: string; readonly paymentStatus?: string; readonly paymentIntentStatus?: string }): StripeSandboxSession;
  /** Expires an open session now, as Stripe does at `expires_at` or on `/expire`. */
  expire(sessionId: string): StripeSandboxSession;
  /** Status the next refunds are created with (default `succeeded`). */
  setNextRefundStatus(status: StripeRefundStatus): void;
  /** Moves a `pending`/`requires_action` refund on. */
  settleRefund(refundId: string, status: 'succeeded' | 'failed' | 'canceled'): StripeSandboxRefund;
  /** The next `count` API calls answer `httpStatus` (default 500) with Stripe's `api_error` body. */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly StripeSandboxRequest[];
  events(): readonly StripeSandboxEvent[];
  deliveries(): readonly StripeSandboxDelivery[];
  /** Where events are POSTed; `undefined` keeps them undelivered (logged as `no_endpoint`). */
  setWebhookUrl(url: string | undefined): void;
  /** Creates and sends a new event of `type` about the session (or its PaymentIntent / Charge, by the type's prefix). */
  sendWebhook(sessionId: string, type: string): StripeSandboxEvent;
  /** Sends an existing event again (same id and body, freshly signed), as Stripe's retries do. */
  replayWebhook(eventId: string): Promise<StripeSandboxDelivery>;
  /** The next `count` deliveries are lost on the way. */
  dropNextWebhooks(count: number): void;
  /** Resolves once every delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
  /** Forgets every idempotency key, as Stripe does once a key is 24 hours old: the same key then makes a new request. */
  pruneIdempotencyKeys(): void;
  /** Forgets sessions, refunds, events, logs, idempotency keys and pending failures. */
  reset(): void;
}

export interface StripeSandboxOptions extends SandboxBaseOptions {
  /** The secret API key the sandbox accepts, `sk_test_…`. */
  readonly secretKey: string;
  /** The endpoint signing secret events are signed with, `whsec_…`. */
  readonly webhookSecret: string;
  /** Where events are POSTed (can be changed with `setWebhookUrl`). */
  readonly webhookUrl?: string;
  /** Session lifetime when `expires_at` is not sent. Default 86400 (Stripe's 24 h). */
  readonly expiresInSeconds?: number;
  /** For webhook deliveries. */
  readonly fetch?: typeof fetch;
}

export type StripeSandbox = MountableSandbox<StripeSandboxControl>;
