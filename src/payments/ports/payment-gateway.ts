import type { Money } from '../../shared/money.js';

import type { DomainError, Result } from '../../shared/result.js';

/**
 * Every gateway the service knows, one line each. Which of them a deployment offers is
 * configuration. Each has its folder under adapters/gateways/ and its line in the registry there,
 * which does not compile while the two lists differ.
 */
export const GATEWAY_IDS = [
  'khalti', // Nepal
  'esewa', // Nepal
  'ikhokha', // South Africa
  'stripe', // many countries
  'paypal', // many countries
  'razorpay', // India
] as const;
export type GatewayId = (typeof GATEWAY_IDS)[number];

import type { PaymentAction } from '../../shared/payment-action.js';

export type { PaymentAction };

export interface InitiatePaymentRequest {
  /** Our order id; sent to the gateway as its merchant order reference. */
  readonly orderId: string;
  readonly amount: Money;
  readonly description: string;
  /** Where the gateway sends the shopper's browser back (GET). */
  readonly returnUrl: string;
  readonly websiteUrl: string;
  readonly customer?: { readonly name?: string; readonly email?: string; readonly phone?: string };
  /** Deterministic per saga step; sent where the gateway supports idempotency. */
  readonly idempotencyKey: string;
  /**
   * Pay with a method the shopper saved at this gateway, off-session: no hosted page. When the
   * gateway took (or is taking) the money, the action is a redirect straight to `returnUrl` (as
   * Stripe's own confirmation does), whose return drives the saga at once; when the bank asks for
   * authentication (`requires_action`), the redirect to complete it, which comes back there too.
   * A decline is a `GatewayRejectedError` (the checkout fails, nothing taken). Where the gateway
   * takes no off-session card payment (Razorpay, under RBI rules), the action is its hosted page
   * with the saved method preselected, which the shopper confirms there (CVV / OTP); the saga then
   * waits for the return or the webhook as for any payment on that page.
   */
  readonly savedMethod?: { readonly gatewayCustomerId: string; readonly gatewayMethodId: string };
  /** Keep the method the shopper pays with on the hosted page for later payments (off-session, or preselected on the page), under this gateway customer. */
  readonly saveFor?: { readonly gatewayCustomerId: string };
}

/** How a saved payment method is shown: never more of a card than its brand, last four digits and expiry (the domain's rules check it). */
export type { SavedMethodDetails } from '../domain/saved-method.js';
import type { SavedMethodDetails } from '../domain/saved-method.js';

/**
 * A gateway's store of shoppers' payment methods (Stripe Customers and PaymentMethods, Razorpay
 * Customers and card tokens): paysaga
 * keeps only the gateway's ids and the display data.
 */
export interface SavedMethodGateway {
  readonly id: GatewayId;
  /** The gateway's customer for one shopper, created once (idempotent per key). */
  createCustomer(request: { readonly shopperId: string; readonly email?: string; readonly idempotencyKey: string }): Promise<{ readonly gatewayCustomerId: string }>;
  /** The method a completed payment was made with, if the gateway kept it for the customer (`saveFor`). */
  methodOfPayment(gatewayPaymentId: string): Promise<SavedMethodDetails | undefined>;
  /** The customer's saved methods, as the gateway lists them. */
  methodsOf(gatewayCustomerId: string): Promise<SavedMethodDetails[]>;
  /**
   * Detaches the method from the customer at the gateway; a method already detached is not an
   * error. Both ids: Stripe detaches a PaymentMethod by its own id, Razorpay deletes a token under
   * its customer (`DELETE /v1/customers/{customer}/tokens/{token}`).
   */
  detach(method: { readonly gatewayCustomerId: string; readonly gatewayMethodId: string }): Promise<void>;
}

export interface InitiatedPayment {
  /** The gateway's id of this payment attempt (Khalti `pidx`). */
  readonly gatewayPaymentId: string;
  readonly action: PaymentAction;
  /** ISO-8601 instant after which the gateway no longer accepts payment. */
  readonly expiresAt: string;
}

/**
 * The gateway's own answer about one payment, mapped to our vocabulary by what it means at the
 * moment it is given.
 * - `completed`: money taken; amount is what the gateway says was paid.
 * - `pending`: not decided yet: hold, never fail or fulfil. With `notStarted`, nothing is taken
 *   and nothing is on its way: the shopper has not paid yet (eSewa `NOT_FOUND` for a form not
 *   posted, Khalti `Initiated`, a Razorpay order with no attempt or only failed ones, an open
 *   Stripe session after a declined card). Without it, money may be moving (Khalti `Pending`,
 *   Stripe `processing`, Razorpay `authorized`).
 * - `approved`: authorised by the shopper, to be captured by us (PayPal `APPROVED`).
 * - `failed`: a final answer, the payment will never be made on this link (expired by the
 *   gateway, cancelled by the shopper where that is final, refunded). A status that only means
 *   "not paid yet" is `pending` with `notStarted`, never `failed`.
 * - `review`: the gateway reports something a person must look at (e.g. partially refunded).
 */
export type PaymentStatusReport =
  | {
      readonly status: 'completed';
      readonly gatewayPaymentId: string;
      readonly transactionId: string;
      readonly amount: Money;
      readonly gatewayStatus: string;
      /** How it was paid, where the gateway says: a card's brand and last four, the wallet it came through (`google_pay`). */
      readonly paidWith?: { readonly type: string; readonly brand?: string; readonly last4?: string; readonly wallet?: string };
    }
  | {
      readonly status: 'pending';
      readonly gatewayPaymentId: string;
      readonly gatewayStatus: string;
      /**
       * The shopper has not paid yet and nothing is in flight. Until the link's expiry (and the
       * saga's grace after it) this means "keep waiting"; after that, "never paid": the payment
       * expired with nothing taken. Absent when money may be on its way.
       */
      readonly notStarted?: true;
    }
  /** The shopper approved; the merchant must capture before money moves (PayPal). */
  | { readonly status: 'approved'; readonly gatewayPaymentId: string; readonly gatewayStatus: string }
  | {
      readonly status: 'failed';
      readonly gatewayPaymentId: string;
      readonly reason: 'expired' | 'cancelled' | 'refunded' | 'failed';
      readonly gatewayStatus: string;
    }
  | { readonly status: 'review'; readonly gatewayPaymentId: string; readonly gatewayStatus: string };

/** What a browser return / callback claims. Unsigned claims are only a hint to go and ask the gateway. */
export interface PaymentCallback {
  readonly gateway: GatewayId;
  readonly gatewayPaymentId: string;
  /** Our order id as echoed by the gateway, if it echoes one; never trusted on its own. */
  readonly claimedOrderId?: string;
  readonly claimedStatus: string;
}

/**
 * A payment gateway, as the checkout saga needs it.
 * Errors: throws `GatewayRejectedError` when the gateway refuses the request itself (bad
 * amount, bad credentials): retrying cannot help. Any other thrown error is transport-level and
 * retryable.
 */
export interface PaymentGateway {
  readonly id: GatewayId;
  initiate(request: InitiatePaymentRequest): Promise<InitiatedPayment>;
  /**
   * Asks the gateway for the truth about a payment. Never trusts a callback. `expected` is what
   * the order expects (some gateways' status APIs need the amount to find the payment); the
   * report's amount is what the gateway says, to be compared by the caller.
   */
  lookup(gatewayPaymentId: string, expected: Money): Promise<PaymentStatusReport>;
  /** Captures an `approved` payment. Idempotent per key. Only gateways with a capture step have it. */
  capture?(gatewayPaymentId: string, expected: Money, idempotencyKey: string): Promise<PaymentStatusReport>;
  /** Refunds all or part of a completed payment. Idempotent per key. Only gateways with a refund API have it. */
  refund?(request: RefundRequest): Promise<RefundReport>;
  /**
   * Reads what became of a refund asked for with `refund`, through the gateway's own read API (by
   * the gateway's refund id when known, else by finding our refund id among the payment's
   * refunds; a gateway without a refund read answers from its payment lookup). Never creates
   * anything, so it is safe to call any number of times. `absent` only when the gateway shows that
   * no such refund was made: only then may `refund` be called again for a gateway without an
   * idempotency key (Khalti). `unknown` when the gateway's answer cannot tell: a person decides.
   */
  refundStatus?(query: RefundStatusQuery): Promise<RefundStatusReport>;
}

export interface RefundRequest {
  /**
   * Our refund id (the refund saga always sends it); passed on where the gateway keeps such a
   * reference (Stripe metadata, PayPal `custom_id`, Razorpay notes), so the refund can be found
   * again when the answer to `refund` was lost.
   */
  readonly refundId?: string;
  readonly gatewayPaymentId: string;
  readonly transactionId: string;
  /** What to give back; never more than was paid (the caller's ledger guarantees it). */
  readonly amount: Money;
  /** The amount originally paid, for gateways whose full and partial refunds differ. */
  readonly paid: Money;
  readonly idempotencyKey: string;
  readonly reason: string;
}

export interface RefundStatusQuery {
  readonly refundId: string;
  readonly gatewayPaymentId: string;
  readonly transactionId: string;
  /** The gateway's id of the refund, when its answer to `refund` was received. */
  readonly gatewayRefundId?: string;
  readonly amount: Money;
  readonly paid: Money;
  /** What other refunds of this payment have completed at the gateway, as our ledger knows it. */
  readonly refundedBefore: Money;
}

/** A refund's state as the gateway reads it: a `RefundReport`, or no such refund / no way to tell. */
export type RefundStatusReport = RefundReport | { readonly status: 'absent'; readonly gatewayStatus: string } | { readonly status: 'unknown'; readonly gatewayStatus: string };

/** A refund is `pending` until the gateway confirms it: never a phantom refund. */
export interface RefundReport {
  readonly status: 'completed' | 'pending' | 'failed';
  readonly gatewayRefundId?: string;
  readonly gatewayStatus: string;
}

/**
 * A server-to-server notification, verified. `eventId` is unique per gateway (duplicates are
 * acknowledged and ignored); `gatewayPaymentId` finds the payment it is about, if any.
 */
export interface GatewayEvent {
  readonly gateway: GatewayId;
  readonly eventId: string;
  readonly type: string;
  readonly gatewayPaymentId?: string;
  readonly claimedStatus?: string;
}

export type WebhookError = DomainError<'webhooks.invalid_signature' | 'webhooks.malformed'>;

/** Verifies a gateway's webhook over the raw bytes as received, with a constant-time compare. */
export interface WebhookVerifier {
  verify(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<Result<GatewayEvent, WebhookError>>;
}

/**
 * A return that names only our order (the gateway puts nothing of its own on the redirect, as
 * iKhokha's): still a hint to go and ask the gateway about that order's payment.
 */
export interface OrderReturnHint {
  readonly gateway: GatewayId;
  readonly claimedOrderId: string;
  readonly claimedStatus: string;
  readonly gatewayPaymentId?: undefined;
}

/** Reads a gateway's browser return. Unsigned returns are hints; signed ones are verified first. */
export type ReturnParser = (query: Readonly<Record<string, string | string[] | undefined>>) => Result<PaymentCallback | OrderReturnHint, DomainError>;

/** The gateway refused the request; carries the gateway's own error key, never shown to shoppers. */
export class GatewayRejectedError extends Error {
  override readonly name = 'GatewayRejectedError';
  constructor(
    readonly gateway: GatewayId,
    readonly gatewayErrorKey: string,
    message: string,
  ) {
    super(message);
  }
}

/** Finds the gateway adapter for an id. */
export interface PaymentGateways {
  /** Whether this deployment offers the gateway. */
  has(id: GatewayId): boolean;
  get(id: GatewayId): PaymentGateway;
}
