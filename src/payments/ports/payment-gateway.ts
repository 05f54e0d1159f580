import type { Money } from '../../shared/money.js';

export type GatewayId = 'khalti';
export const GATEWAY_IDS = ['khalti'] as const satisfies readonly GatewayId[];

/** What the shopper's browser must do next to pay. */
export type PaymentAction =
  | { readonly type: 'redirect'; readonly url: string }
  | { readonly type: 'form_post'; readonly url: string; readonly fields: Readonly<Record<string, string>> };

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
}

export interface InitiatedPayment {
  /** The gateway's id of this payment attempt (Khalti `pidx`). */
  readonly gatewayPaymentId: string;
  readonly action: PaymentAction;
  /** ISO-8601 instant after which the gateway no longer accepts payment. */
  readonly expiresAt: string;
}

/**
 * The gateway's own answer about one payment, mapped to our vocabulary.
 * - `completed`: money taken; amount is what the gateway says was paid.
 * - `pending`: not decided yet (Khalti `Initiated`/`Pending`): hold, never fail or fulfil.
 * - `failed`: will never be paid (expired, cancelled by the shopper, refunded).
 * - `review`: the gateway reports something a person must look at (e.g. partially refunded).
 */
export type PaymentStatusReport =
  | {
      readonly status: 'completed';
      readonly gatewayPaymentId: string;
      readonly transactionId: string;
      readonly amount: Money;
      readonly gatewayStatus: string;
    }
  | { readonly status: 'pending'; readonly gatewayPaymentId: string; readonly gatewayStatus: string }
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
  /** Asks the gateway for the truth about a payment. Never trusts a callback. */
  lookup(gatewayPaymentId: string, currency: string): Promise<PaymentStatusReport>;
}

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
  get(id: GatewayId): PaymentGateway;
}
