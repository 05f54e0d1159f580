import type { MountableSandbox } from '../../gateway-adapter.js';
import type { LoggedCall, OutboxControls, SandboxBaseOptions, SignedDelivery } from '../../sandbox-kit/index.js';

/** The Razorpay sandbox's public shapes: its events and currencies, the orders, payments and refunds it reports, its controls and options. */

export const RAZORPAY_WEBHOOK_EVENTS = ['payment.authorized', 'payment.captured', 'payment.failed', 'order.paid', 'refund.created', 'refund.processed', 'refund.failed'] as const;
export type RazorpayWebhookEvent = (typeof RAZORPAY_WEBHOOK_EVENTS)[number];

/** Razorpay takes many currencies; these are enough for a sandbox. Minimum order: 100 of the smallest unit. */
/** A sample of Razorpay's currencies, one of each exponent: JPY has none, KWD, BHD and OMR three (orders API docs). */
export const RAZORPAY_SANDBOX_CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'SGD', 'AED', 'MYR', 'NPR', 'JPY', 'KWD', 'BHD', 'OMR'] as const;
export const RAZORPAY_MIN_AMOUNT = 100;

export interface RazorpaySandboxPayment {
  readonly id: string;
  readonly orderId: string;
  /** `created`, `authorized`, `captured`, `refunded`, `failed`, or whatever a test set. */
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly method: string;
  readonly captured: boolean;
  readonly amountRefunded: number;
  readonly refundStatus: 'partial' | 'full' | null;
  readonly errorCode: string | null;
  readonly errorDescription: string | null;
  readonly errorSource: string | null;
  readonly errorStep: string | null;
  readonly errorReason: string | null;
  /** The saved card (`token_…`) paid with, or saved by this payment. */
  readonly tokenId: string | null;
  readonly customerId: string | null;
  readonly card: RazorpaySandboxCard | null;
  /** A UPI payment's payer address (`…@okaxis` for Google Pay). */
  readonly vpa: string | null;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
}

/** A test card as the sandbox shows it: network, last four, expiry; it never holds a number. */
export interface RazorpaySandboxCard {
  readonly id: string;
  readonly network: string;
  readonly last4: string;
  readonly issuer: string;
  readonly type: 'credit' | 'debit';
  readonly expiryMonth: number;
  readonly expiryYear: number;
}

export interface RazorpaySandboxCustomer {
  readonly id: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly contact: string | null;
  readonly notes: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

/** A saved card of a customer. */
export interface RazorpaySandboxToken {
  readonly id: string;
  readonly customerId: string;
  readonly card: RazorpaySandboxCard;
  readonly usedAt: string | null;
  readonly createdAt: string;
}

export interface RazorpaySandboxOrder {
  readonly id: string;
  /** `created`, `attempted`, `paid`, or whatever a test set. */
  readonly status: string;
  readonly amount: number;
  readonly amountPaid: number;
  readonly currency: string;
  readonly receipt: string | null;
  readonly attempts: number;
  readonly notes: Readonly<Record<string, string>>;
  /** The hosted page refuses to take payment (Checkout's `timeout` passed, or `expire` was called). */
  readonly checkoutExpired: boolean;
  readonly createdAt: string;
  readonly payments: readonly RazorpaySandboxPayment[];
}

export interface RazorpaySandboxRefund {
  readonly id: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: string;
  /** `pending`, `processed`, `failed`. */
  readonly status: string;
  readonly speedRequested: string;
  readonly receipt: string | null;
  readonly notes: Readonly<Record<string, string>>;
  /** The `X-Refund-Idempotency` it was created with, if any. */
  readonly idempotencyKey: string | null;
  readonly createdAt: string;
}

/** One call to `/v1/…` as received (Authorization kept so tests can assert it); unlike the other sandboxes' logs, `path` keeps the query. */
export type RazorpaySandboxRequest = LoggedCall;

/** One webhook POST (or a dropped one). `body` is the exact bytes signed and sent. */
export interface RazorpayWebhookDelivery extends SignedDelivery {
  readonly eventId: string;
  readonly event: string;
}

export interface RazorpaySandboxControl extends OutboxControls<RazorpaySandboxRequest, RazorpayWebhookDelivery> {
  orders(): readonly RazorpaySandboxOrder[];
  get(orderId: string): RazorpaySandboxOrder | undefined;
  payment(paymentId: string): RazorpaySandboxPayment | undefined;
  refunds(): readonly RazorpaySandboxRefund[];
  customers(): readonly RazorpaySandboxCustomer[];
  /** Saved cards, of one customer or of all. */
  tokens(customerId?: string): readonly RazorpaySandboxToken[];
  /** Saves a test card for a customer, as a payment with `save=1` does (Visa 1111 unless told). */
  saveCard(customerId: string, card?: Partial<Omit<RazorpaySandboxCard, 'id'>>): RazorpaySandboxToken;
  /**
   * Pays an order as the shopper would: a payment `authorized` then, unless `capture` is false,
   * `captured` (auto-capture), the order `paid`. `amount` lets Razorpay report another amount.
   */
  pay(orderId: string, options?: { readonly amount?: number; readonly capture?: boolean; readonly method?: string }): RazorpaySandboxPayment;
  /** Pays an order with Google Pay: UPI from a Google Pay address (`…@okaxis`). */
  payWithGooglePay(orderId: string): RazorpaySandboxPayment;
  /** A failed attempt (`payment_failed` unless another reason is given); the order stays payable. */
  fail(orderId: string, options?: { readonly reason?: string; readonly description?: string }): RazorpaySandboxPayment;
  /** The shopper dismissed Checkout: a failed attempt with reason `payment_cancelled`. */
  cancel(orderId: string): RazorpaySandboxPayment;
  /** Captures an `authorized` payment (`order.paid` follows). */
  capture(paymentId: string): RazorpaySandboxPayment;
  /** Forces any payment status. */
  setPaymentStatus(paymentId: string, status: string): RazorpaySandboxPayment;
  setOrderStatus(orderId: string, status: string): RazorpaySandboxOrder;
  /** Moves a refund on (`processed` / `failed`), sending `refund.processed` / `refund.failed`. */
  setRefundStatus(refundId: string, status: string): RazorpaySandboxRefund;
  /** Closes the checkout window: the hosted page refuses to take payment. Razorpay orders themselves never expire. */
  expire(orderId: string): RazorpaySandboxOrder;
  /** Sends `event` about an order's latest payment, a payment, or a refund, now, with a new event id. */
  sendWebhook(event: RazorpayWebhookEvent, about: { readonly orderId?: string; readonly paymentId?: string; readonly refundId?: string }): Promise<RazorpayWebhookDelivery>;
  /** Sends a delivered (or dropped) event again: same body, signature and event id, as Razorpay's retries do. */
  replayWebhook(eventId: string): Promise<RazorpayWebhookDelivery>;
  /** Forgets orders, payments, refunds, customers, tokens, logs, pending failures and drops (keeps `webhookUrl`). */
  reset(): void;
}

export interface RazorpaySandboxOptions extends SandboxBaseOptions {
  readonly keyId: string;
  readonly keySecret: string;
  /** Signs webhooks; without it (or without `webhookUrl`) none are sent. */
  readonly webhookSecret?: string;
  readonly webhookUrl?: string;
  /** Events the "Dashboard" subscribes to. Default: all of `RAZORPAY_WEBHOOK_EVENTS`. */
  readonly webhookEvents?: readonly RazorpayWebhookEvent[];
  /** Status of a refund when created. Default `processed` (test mode settles at once); `pending` to settle by hand. */
  readonly refundStatusOnCreate?: 'pending' | 'processed';
  readonly accountId?: string;
  readonly fetch?: typeof fetch;
}

export type RazorpaySandbox = MountableSandbox<RazorpaySandboxControl>;
