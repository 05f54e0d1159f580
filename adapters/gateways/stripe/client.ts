import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { z } from 'zod';
import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import { parseAnswer } from '../http-transport.js';
import {
  type StripeCheckoutSession,
  stripeCheckoutSessionSchema,
  type StripeCustomer,
  stripeCustomerSchema,
  type StripePaymentIntent,
  stripePaymentIntentSchema,
  type StripePaymentMethod,
  stripePaymentMethodSchema,
  type StripeRefund,
  stripeRefundSchema,
} from './schemas.js';

/** The API version the pinned SDK (stripe 23.1.0) sends as `Stripe-Version`. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

export * from './schemas.js';

// --- What we send ----------------------------------------------------------------------------------

/** The subset of `POST /v1/checkout/sessions` the gateway sends; amounts in the currency's smallest unit. */
export interface StripeCheckoutSessionCreate {
  readonly mode: 'payment';
  readonly line_items: readonly {
    readonly price_data: {
      readonly currency: string;
      readonly unit_amount: number;
      readonly product_data: { readonly name: string };
    };
    readonly quantity: number;
  }[];
  readonly success_url: string;
  readonly cancel_url: string;
  readonly client_reference_id: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly payment_intent_data: {
    readonly metadata: Readonly<Record<string, string>>;
    readonly description?: string;
    /** Keeps the method paid with for later off-session payments (with `customer`). */
    readonly setup_future_usage?: 'off_session';
  };
  readonly customer_email?: string;
  /** The Customer the method is saved to (never together with `customer_email`). */
  readonly customer?: string;
  readonly payment_method_types?: readonly string[];
  /** Unix seconds, 30 min – 24 h ahead; Stripe's default is 24 h. */
  readonly expires_at?: number;
}

/** `POST /v1/payment_intents`, confirmed at once with a saved method, the shopper away. */
export interface StripePaymentIntentCreate {
  readonly amount: number;
  readonly currency: string;
  readonly customer: string;
  readonly payment_method: string;
  readonly confirm: true;
  readonly off_session: true;
  readonly metadata: Readonly<Record<string, string>>;
  readonly description: string;
  readonly return_url: string;
}

export interface StripeRefundCreate {
  readonly payment_intent: string;
  readonly amount: number;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface StripeClientOptions {
  /** `sk_test_…` / `sk_live_…` (or a restricted `rk_…` key); sent only as `Authorization: Bearer`. */
  readonly secretKey: string;
  /**
   * Where the API lives, without `/v1`: `https://api.stripe.com` (default), or a sandbox such
   * as `http://127.0.0.1:3100/stripe`. A path prefix is kept in front of `/v1/…`.
   */
  readonly apiBaseUrl?: string;
  /** Per request. Default 10 s (the SDK's own default is 80 s). */
  readonly timeoutMs?: number;
  /**
   * The SDK's automatic retries of connection errors, 409 and 5xx (each reusing our idempotency
   * key). Default 1; the saga's activity retries do the rest.
   */
  readonly maxNetworkRetries?: number;
}

type Operation =
  | 'create checkout session'
  | 'retrieve checkout session'
  | 'retrieve payment intent'
  | 'create payment intent'
  | 'confirm payment intent'
  | 'create customer'
  | 'retrieve payment method'
  | 'list payment methods'
  | 'detach payment method'
  | 'create refund'
  | 'retrieve refund'
  | 'list refunds';

/**
 * A card error on a PaymentIntent (402 `card_error`): Stripe's `code` (`card_declined`,
 * `expired_card`, `authentication_required`), its `decline_code` and the PaymentIntent it left.
 */
export class StripeCardDeclined extends GatewayRejectedError {
  constructor(
    key: string,
    message: string,
    readonly code: string,
    readonly paymentIntentId: string | undefined,
  ) {
    super('stripe', key, message);
  }
}

/**
 * Thin wrapper of the official `stripe` SDK (which pins `Stripe-Version`), parsing what it reads
 * with zod and translating its errors:
 * - `GatewayRejectedError` when Stripe refuses the request itself (invalid request, card or
 *   authentication error, an idempotency key reused with other parameters): retrying cannot help;
 * - a plain `Error` for connection failures, timeouts, 429, 5xx, idempotency keys still in use
 *   and unparseable answers: those are retryable.
 */
export class StripeClient {
  readonly #stripe: Stripe;

  constructor(options: StripeClientOptions) {
    if (options.secretKey.trim() === '') throw new Error('Stripe secret key is empty');
    const base = new URL(options.apiBaseUrl ?? 'https://api.stripe.com');
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`Stripe API base must be http(s), got ${base.protocol}`);
    const protocol = base.protocol === 'https:' ? 'https' : 'http';
    const prefix = base.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#stripe = new Stripe(options.secretKey, {
      host: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port === '' ? (protocol === 'https' ? 443 : 80) : Number(base.port),
      protocol,
      timeout: options.timeoutMs ?? 10_000,
      maxNetworkRetries: options.maxNetworkRetries ?? 1,
      telemetry: false,
      // The SDK only knows host/port/protocol; a sandbox mounted under a path needs the prefix.
      ...(prefix !== '' && { httpClient: prefixedHttpClient(Stripe.createNodeHttpClient(), prefix) }),
    });
  }

  /** `POST /v1/checkout/sessions` with `Idempotency-Key`. */
  async createCheckoutSession(params: StripeCheckoutSessionCreate, idempotencyKey: string): Promise<StripeCheckoutSession> {
    return ask('create checkout session', stripeCheckoutSessionSchema, () =>
      this.#stripe.checkout.sessions.create(structuredClone(params) as Stripe.Checkout.SessionCreateParams, {
        idempotencyKey: stripeIdempotencyKey('checkout_session', idempotencyKey),
      }),
    );
  }

  /** `GET /v1/checkout/sessions/{id}` with its PaymentIntent and that one's latest Charge expanded. */
  async retrieveCheckoutSession(id: string): Promise<StripeCheckoutSession> {
    return ask('retrieve checkout session', stripeCheckoutSessionSchema, () =>
      this.#stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent', 'payment_intent.latest_charge'] }),
    );
  }

  /** `GET /v1/payment_intents/{id}` with its latest Charge expanded. */
  async retrievePaymentIntent(id: string): Promise<StripePaymentIntent> {
    return ask('retrieve payment intent', stripePaymentIntentSchema, () => this.#stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }));
  }

  /** `POST /v1/payment_intents` with `Idempotency-Key`; a card error is a `StripeCardDeclined`. */
  async createPaymentIntent(params: StripePaymentIntentCreate, idempotencyKey: string): Promise<StripePaymentIntent> {
    return ask('create payment intent', stripePaymentIntentSchema, () =>
      this.#stripe.paymentIntents.create(structuredClone(params) as Stripe.PaymentIntentCreateParams, {
        idempotencyKey: stripeIdempotencyKey('payment_intent', idempotencyKey),
      }),
    );
  }

  /** `POST /v1/payment_intents/{id}/confirm` on-session (the shopper is back), so the bank may ask for authentication. */
  async confirmPaymentIntent(id: string, params: { readonly return_url: string }, idempotencyKey: string): Promise<StripePaymentIntent> {
    return ask('confirm payment intent', stripePaymentIntentSchema, () =>
      this.#stripe.paymentIntents.confirm(id, { return_url: params.return_url }, { idempotencyKey: stripeIdempotencyKey('payment_intent_confirm', idempotencyKey) }),
    );
  }

  /** `POST /v1/customers` with `Idempotency-Key`. */
  async createCustomer(params: { readonly email?: string; readonly metadata: Readonly<Record<string, string>> }, idempotencyKey: string): Promise<StripeCustomer> {
    return ask('create customer', stripeCustomerSchema, () =>
      this.#stripe.customers.create(structuredClone(params) as Stripe.CustomerCreateParams, { idempotencyKey: stripeIdempotencyKey('customer', idempotencyKey) }),
    );
  }

  /** `GET /v1/payment_methods/{id}`. */
  async retrievePaymentMethod(id: string): Promise<StripePaymentMethod> {
    return ask('retrieve payment method', stripePaymentMethodSchema, () => this.#stripe.paymentMethods.retrieve(id));
  }

  /** `GET /v1/payment_methods?customer=…&type=card` (up to 100). */
  async listPaymentMethods(customer: string): Promise<StripePaymentMethod[]> {
    return (
      await ask('list payment methods', z.object({ data: z.array(stripePaymentMethodSchema) }), () => this.#stripe.paymentMethods.list({ customer, type: 'card', limit: 100 }))
    ).data;
  }

  /** `POST /v1/payment_methods/{id}/detach`. */
  async detachPaymentMethod(id: string): Promise<StripePaymentMethod> {
    return ask('detach payment method', stripePaymentMethodSchema, () => this.#stripe.paymentMethods.detach(id));
  }

  /** `POST /v1/refunds` with `Idempotency-Key`. */
  async createRefund(params: StripeRefundCreate, idempotencyKey: string): Promise<StripeRefund> {
    return ask('create refund', stripeRefundSchema, () =>
      this.#stripe.refunds.create(structuredClone(params) as Stripe.RefundCreateParams, {
        idempotencyKey: stripeIdempotencyKey('refund', idempotencyKey),
      }),
    );
  }

  /** `GET /v1/refunds/{id}`: the refund as Stripe holds it now. A read: no idempotency key, nothing created. */
  async retrieveRefund(id: string): Promise<StripeRefund> {
    return ask('retrieve refund', stripeRefundSchema, () => this.#stripe.refunds.retrieve(id));
  }

  /** `GET /v1/refunds?payment_intent=…`: the PaymentIntent's refunds, newest first (up to 100). */
  async listRefunds(paymentIntent: string): Promise<StripeRefund[]> {
    return (await ask('list refunds', z.object({ data: z.array(stripeRefundSchema) }), () => this.#stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 }))).data;
  }
}

/**
 * Our saga's key → Stripe's `Idempotency-Key`: deterministic, namespaced by operation so a
 * session and a refund can never share one, and within Stripe's 255 characters.
 */
export function stripeIdempotencyKey(operation: 'checkout_session' | 'refund' | 'payment_intent' | 'payment_intent_confirm' | 'customer', key: string): string {
  if (key.trim() === '') throw new Error('idempotency key is empty');
  const candidate = `paysaga:${operation}:${key}`;
  if (candidate.length <= 255 && /^[\x21-\x7e]+$/.test(candidate)) return candidate;
  return `paysaga:${operation}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

async function call<T>(operation: Operation, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    throw translate(operation, e);
  }
}

// Error codes Stripe answers while the same key is still being processed: try again later.
const RETRYABLE_CODES = new Set(['idempotency_key_in_use', 'lock_timeout', 'rate_limit']);

function translate(operation: Operation, e: unknown): Error {
  if (!(e instanceof Stripe.errors.StripeError)) return e instanceof Error ? e : new Error(String(e));
  const status = e.statusCode;
  // `type` is the SDK's class name; `rawType` is Stripe's own (`invalid_request_error`, `idempotency_error`, …).
  const key = e.code ?? (e instanceof Stripe.errors.StripeAuthenticationError ? 'authentication_error' : (e.rawType ?? e.type));
  const requestId = e.requestId === undefined ? '' : ` [${e.requestId}]`;
  const retryable =
    e instanceof Stripe.errors.StripeConnectionError ||
    e instanceof Stripe.errors.StripeAPIError ||
    e instanceof Stripe.errors.StripeRateLimitError ||
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    e.headers?.['stripe-should-retry'] === 'true' ||
    (e.code !== undefined && RETRYABLE_CODES.has(e.code));
  if (retryable) {
    return new Error(`Stripe ${operation}: ${status === undefined ? '' : `HTTP ${status}, `}${e.message} (temporary, retry later)${requestId}`, { cause: e });
  }
  if (e instanceof Stripe.errors.StripeCardError) {
    // The decline code says why (`generic_decline`, `expired_card`); Stripe's message names no card number.
    const code = e.code ?? 'card_error';
    const cardKey = e.decline_code ?? code;
    return new StripeCardDeclined(cardKey, `Stripe ${operation} declined (${cardKey}): ${e.message}${requestId}`, code, e.payment_intent?.id);
  }
  return new GatewayRejectedError('stripe', key, `Stripe ${operation} rejected (${key}): ${e.message}${requestId}`);
}

/** `request`, its SDK errors translated and its answer parsed with `schema`, both in the words of `operation`. */
async function ask<T>(operation: Operation, schema: z.ZodType<T>, request: () => Promise<unknown>): Promise<T> {
  return parseAnswer(`Stripe ${operation}`, schema, await call(operation, request));
}

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;

/** Delegates to the SDK's own HTTP client with `prefix` in front of every path. */
function prefixedHttpClient(inner: HttpClient, prefix: string): HttpClient {
  return Object.assign(Object.create(inner) as HttpClient, {
    makeRequest: (...args: Parameters<HttpClient['makeRequest']>) => {
      const [host, port, path, ...rest] = args;
      return inner.makeRequest(host, port, `${prefix}${path}`, ...rest);
    },
  });
}
