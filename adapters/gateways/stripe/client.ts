import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { z } from 'zod';
import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import { parseAnswer } from '../http-transport.js';

/** The API version the pinned SDK (stripe 23.1.0) sends as `Stripe-Version`. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

// --- What we read back, parsed with zod: only the fields the adapter uses --------------------------

const metadataSchema = z.record(z.string(), z.string()).nullable().optional();

export const stripeChargeSchema = z.object({
  id: z.string().min(1),
  object: z.literal('charge'),
  amount: z.number().int().nonnegative(),
  amount_refunded: z.number().int().nonnegative(),
  refunded: z.boolean(),
  currency: z.string().min(3),
  status: z.string(),
  payment_intent: z.string().nullable().optional(),
});
export type StripeCharge = z.infer<typeof stripeChargeSchema>;

export const stripePaymentIntentSchema = z.object({
  id: z.string().min(1),
  object: z.literal('payment_intent'),
  /** One of Stripe's documented PaymentIntent statuses, or a newer one. */
  status: z.string().min(1),
  amount: z.number().int().nonnegative(),
  amount_received: z.number().int().nonnegative(),
  currency: z.string().min(3),
  /** An id, or the Charge itself when expanded. */
  latest_charge: z.union([z.string(), stripeChargeSchema]).nullable().optional(),
  metadata: metadataSchema,
});
export type StripePaymentIntent = z.infer<typeof stripePaymentIntentSchema>;

export const stripeCheckoutSessionSchema = z.object({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  /** `open` | `complete` | `expired`; `null` on very old sessions. */
  status: z.string().nullable(),
  /** `paid` | `unpaid` | `no_payment_required`. */
  payment_status: z.string(),
  /** Hosted page; `null` once the session is complete or expired. */
  url: z.string().nullable().optional(),
  amount_total: z.number().int().nonnegative().nullable(),
  currency: z.string().min(3).nullable(),
  client_reference_id: z.string().nullable().optional(),
  metadata: metadataSchema,
  /** Unix seconds. */
  expires_at: z.number().int(),
  /** `null` until the shopper confirms (recent API versions); an id, or the object when expanded. */
  payment_intent: z.union([z.string(), stripePaymentIntentSchema]).nullable(),
});
export type StripeCheckoutSession = z.infer<typeof stripeCheckoutSessionSchema>;

export const stripeRefundSchema = z.object({
  id: z.string().min(1),
  object: z.literal('refund'),
  amount: z.number().int().nonnegative(),
  currency: z.string().min(3),
  /** `pending` | `requires_action` | `succeeded` | `failed` | `canceled`; nullable in Stripe's spec. */
  status: z.string().nullable(),
  payment_intent: z.string().nullable().optional(),
  charge: z.string().nullable().optional(),
  failure_reason: z.string().nullable().optional(),
  metadata: metadataSchema,
});
export type StripeRefund = z.infer<typeof stripeRefundSchema>;

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
  readonly payment_intent_data: { readonly metadata: Readonly<Record<string, string>>; readonly description?: string };
  readonly customer_email?: string;
  /** Unix seconds, 30 min – 24 h ahead; Stripe's default is 24 h. */
  readonly expires_at?: number;
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

type Operation = 'create checkout session' | 'retrieve checkout session' | 'retrieve payment intent' | 'create refund' | 'retrieve refund' | 'list refunds';

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
    const operation = 'create checkout session';
    const created = await call(operation, () =>
      this.#stripe.checkout.sessions.create(structuredClone(params) as Stripe.Checkout.SessionCreateParams, {
        idempotencyKey: stripeIdempotencyKey('checkout_session', idempotencyKey),
      }),
    );
    return parse(operation, stripeCheckoutSessionSchema, created);
  }

  /** `GET /v1/checkout/sessions/{id}` with its PaymentIntent and that one's latest Charge expanded. */
  async retrieveCheckoutSession(id: string): Promise<StripeCheckoutSession> {
    const operation = 'retrieve checkout session';
    const session = await call(operation, () => this.#stripe.checkout.sessions.retrieve(id, { expand: ['payment_intent', 'payment_intent.latest_charge'] }));
    return parse(operation, stripeCheckoutSessionSchema, session);
  }

  /** `GET /v1/payment_intents/{id}` with its latest Charge expanded. */
  async retrievePaymentIntent(id: string): Promise<StripePaymentIntent> {
    const operation = 'retrieve payment intent';
    const intent = await call(operation, () => this.#stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }));
    return parse(operation, stripePaymentIntentSchema, intent);
  }

  /** `POST /v1/refunds` with `Idempotency-Key`. */
  async createRefund(params: StripeRefundCreate, idempotencyKey: string): Promise<StripeRefund> {
    const operation = 'create refund';
    const refund = await call(operation, () =>
      this.#stripe.refunds.create(structuredClone(params) as Stripe.RefundCreateParams, {
        idempotencyKey: stripeIdempotencyKey('refund', idempotencyKey),
      }),
    );
    return parse(operation, stripeRefundSchema, refund);
  }

  /** `GET /v1/refunds/{id}`: the refund as Stripe holds it now. A read: no idempotency key, nothing created. */
  async retrieveRefund(id: string): Promise<StripeRefund> {
    const operation = 'retrieve refund';
    const refund = await call(operation, () => this.#stripe.refunds.retrieve(id));
    return parse(operation, stripeRefundSchema, refund);
  }

  /** `GET /v1/refunds?payment_intent=…`: the PaymentIntent's refunds, newest first (up to 100). */
  async listRefunds(paymentIntent: string): Promise<StripeRefund[]> {
    const operation = 'list refunds';
    const page = await call(operation, () => this.#stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 }));
    return parse(operation, z.object({ data: z.array(stripeRefundSchema) }), page).data;
  }
}

/**
 * Our saga's key → Stripe's `Idempotency-Key`: deterministic, namespaced by operation so a
 * session and a refund can never share one, and within Stripe's 255 characters.
 */
export function stripeIdempotencyKey(operation: 'checkout_session' | 'refund', key: string): string {
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
  return new GatewayRejectedError('stripe', key, `Stripe ${operation} rejected (${key}): ${e.message}${requestId}`);
}

function parse<T>(operation: Operation, schema: z.ZodType<T>, value: unknown): T {
  return parseAnswer(`Stripe ${operation}`, schema, value);
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
