import { z } from 'zod';
import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import { HttpTransport, parseAnswer, redirectRejection } from '../http-transport.js';

/*
 * Plain `fetch` rather than the official `razorpay` SDK (2.9.8), because the SDK cannot do what
 * this adapter needs:
 * - its host is hard-coded (`hostUrl: 'https://api.razorpay.com'` in `dist/razorpay.js`): no
 *   option points it at the sandbox, only reaching into its private axios instance would;
 * - `payments.refund(id, params)` cannot send `X-Refund-Idempotency` (constructor headers are
 *   filtered to `X-Razorpay-Account` and `Content-Type`);
 * - it sets no timeout, and on a network error its `normalizeError` reads `err.response.status`
 *   of `undefined` and throws a TypeError; on a 5xx with an HTML body it throws a plain object
 *   `{ statusCode, error: undefined }`, not an `Error`.
 * The wire format is small (JSON + HTTP Basic), so zod over `fetch` is the simpler, honest path.
 * The SDK stays a development dependency: the verifier's tests check our signatures against its
 * own `validatePaymentVerification` and `validateWebhookSignature`.
 */

/** `notes` is a map of up to 15 string values; Razorpay serialises an empty one as `[]`. */
const notesSchema = z
  .union([z.record(z.string(), z.unknown()), z.array(z.unknown()).max(0)])
  .nullish()
  .transform((n): Record<string, unknown> => (n === null || n === undefined || Array.isArray(n) ? {} : n));

const unixSeconds = z.number().int().nonnegative();
const paise = z.number().int().nonnegative();

/**
 * A Razorpay entity's schema: the fields every entity read here has (`id`, `entity`, `amount` in
 * paise, `currency`, `notes`, `created_at`) around the entity's own.
 */
const entitySchema = <Entity extends string, Fields extends z.ZodRawShape>(entity: Entity, fields: Fields) =>
  z.object({
    id: z.string().min(1),
    entity: z.literal(entity).optional(),
    amount: paise,
    currency: z.string().length(3),
    ...fields,
    notes: notesSchema,
    created_at: unixSeconds,
  });

export const razorpayOrderSchema = entitySchema('order', {
  amount_paid: paise.optional(),
  amount_due: paise.optional(),
  receipt: z.string().nullish(),
  status: z.string().min(1),
  attempts: z.number().int().nonnegative().optional(),
});
export type RazorpayOrder = z.infer<typeof razorpayOrderSchema>;

/** A month or year as Razorpay sends it: a number, or digits in a string. */
const cardDate = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number),
]);

/** The card of a payment (expanded) or of a token: what is shown of it, never the number. */
export const razorpayCardSchema = z
  .object({
    last4: z.string().nullish(),
    /** `Visa`, `MasterCard`, `RuPay`, `American Express`, `Diners Club`, `Maestro`, `JCB`, `Union Pay`. */
    network: z.string().nullish(),
    type: z.string().nullish(),
    issuer: z.string().nullish(),
    expiry_month: cardDate.nullish(),
    expiry_year: cardDate.nullish(),
  })
  .catchall(z.unknown());
export type RazorpayCard = z.infer<typeof razorpayCardSchema>;

export const razorpayPaymentSchema = entitySchema('payment', {
  /** `created`, `authorized`, `captured`, `refunded`, `failed`. */
  status: z.string().min(1),
  order_id: z.string().nullish(),
  method: z.string().nullish(),
  captured: z.boolean().optional(),
  /** `null`, `partial` or `full`. */
  refund_status: z.string().nullish(),
  amount_refunded: paise.optional(),
  error_code: z.string().nullish(),
  error_description: z.string().nullish(),
  error_reason: z.string().nullish(),
  /** The saved card (`token_…`) the payment was made with or saved as (Checkout with `customer_id` and `save=1`). */
  token_id: z.string().nullish(),
  customer_id: z.string().nullish(),
  card_id: z.string().nullish(),
  /** Only with `?expand[]=card`: the card's network and last four, never its number. */
  card: razorpayCardSchema.nullish(),
  /** UPI: the payer's address (`name@okaxis`), also inside `upi`. */
  vpa: z.string().nullish(),
  upi: z.object({ vpa: z.string().nullish(), flow: z.string().nullish(), payer_account_type: z.string().nullish() }).catchall(z.unknown()).nullish(),
});
export type RazorpayPayment = z.infer<typeof razorpayPaymentSchema>;

/** `POST /v1/customers`' answer (the existing customer with `fail_existing: "0"`). */
export const razorpayCustomerSchema = z.object({
  id: z.string().min(1),
  entity: z.literal('customer').optional(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  contact: z.string().nullish(),
  notes: notesSchema,
  created_at: unixSeconds,
});
export type RazorpayCustomer = z.infer<typeof razorpayCustomerSchema>;

/** A saved card: `GET /v1/customers/{id}/tokens` lists them. */
export const razorpayTokenSchema = z.object({
  id: z.string().min(1),
  entity: z.literal('token').optional(),
  customer_id: z.string().nullish(),
  /** `card` (UPI addresses can be tokens too; only cards are kept here). */
  method: z.string().min(1),
  card: razorpayCardSchema.nullish(),
  used_at: unixSeconds.nullish(),
  expired_at: unixSeconds.nullish(),
  created_at: unixSeconds,
});
export type RazorpayToken = z.infer<typeof razorpayTokenSchema>;

export const razorpayRefundSchema = entitySchema('refund', {
  payment_id: z.string().min(1),
  /** `pending`, `processed`, `failed`. */
  status: z.string().min(1),
  speed_requested: z.string().nullish(),
  speed_processed: z.string().nullish(),
  receipt: z.string().nullish(),
});
export type RazorpayRefund = z.infer<typeof razorpayRefundSchema>;

const collectionOf = <T extends z.ZodType>(item: T) => z.object({ entity: z.literal('collection').optional(), count: z.number().int().nonnegative(), items: z.array(item) });

export const razorpayOrderCollectionSchema = collectionOf(razorpayOrderSchema);
export const razorpayPaymentCollectionSchema = collectionOf(razorpayPaymentSchema);
export const razorpayRefundCollectionSchema = collectionOf(razorpayRefundSchema);
export const razorpayTokenCollectionSchema = collectionOf(razorpayTokenSchema);
const deletedSchema = z.object({ deleted: z.boolean() }).catchall(z.unknown());

/** Razorpay's error body: `{"error":{"code":"BAD_REQUEST_ERROR","description":"…","field":"amount",…}}`. */
export const razorpayErrorBodySchema = z.object({
  error: z
    .object({
      code: z.string().optional(),
      description: z.string().optional(),
      source: z.string().nullish(),
      step: z.string().nullish(),
      reason: z.string().nullish(),
      field: z.string().nullish(),
      metadata: z.unknown().optional(),
    })
    .catchall(z.unknown()),
});

/** Body of `POST /v1/orders`. `amount` is in the currency's smallest sub-unit (paise). */
export interface RazorpayCreateOrderRequest {
  readonly amount: number;
  readonly currency: string;
  /** At most 40 characters. */
  readonly receipt: string;
  readonly notes?: Readonly<Record<string, string>>;
}

/** Body of `POST /v1/payments/{id}/refund`. */
export interface RazorpayRefundRequest {
  /** Paise; omitted means the whole unrefunded amount. */
  readonly amount?: number;
  readonly speed?: 'normal' | 'optimum';
  readonly receipt?: string;
  readonly notes?: Readonly<Record<string, string>>;
}

export interface RazorpayClientOptions {
  /** API base with its version and trailing slash: `https://api.razorpay.com/v1/`, or the sandbox's. */
  readonly baseUrl: string;
  readonly keyId: string;
  /** Sent only inside the Basic Authorization header, never logged. */
  readonly keySecret: string;
  readonly fetch?: typeof fetch;
  /** Per request, including reading the body. Default 10 s. */
  readonly timeoutMs?: number;
}

type Operation =
  | 'create order'
  | 'list orders'
  | 'fetch order'
  | 'fetch order payments'
  | 'fetch payment'
  | 'refund'
  | 'fetch refund'
  | 'fetch payment refunds'
  | 'create customer'
  | 'list tokens'
  | 'delete token';

/** Body of `POST /v1/customers`. `fail_existing: "0"` answers the customer already holding this email and contact instead of an error. */
export interface RazorpayCreateCustomerRequest {
  readonly name?: string;
  readonly email?: string;
  readonly contact?: string;
  readonly fail_existing: '0' | '1';
  readonly notes?: Readonly<Record<string, string>>;
}

/**
 * Razorpay REST client (Orders, Payments, Refunds) over HTTP Basic `key_id:key_secret`.
 * Throws `GatewayRejectedError` when Razorpay refuses the request (validation, authentication,
 * unknown id): retrying cannot help. Throws a plain `Error` for 5xx, throttling, network
 * failures, timeouts and unparseable answers: those are retryable.
 */
export class RazorpayClient {
  readonly #baseUrl: string;
  readonly #authorization: string;
  readonly #http: HttpTransport;

  constructor(options: RazorpayClientOptions) {
    if (options.keyId.trim() === '') throw new Error('Razorpay key id is empty');
    if (options.keySecret.trim() === '') throw new Error('Razorpay key secret is empty');
    this.#baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.#authorization = `Basic ${Buffer.from(`${options.keyId}:${options.keySecret}`).toString('base64')}`;
    this.#http = new HttpTransport({ gateway: 'Razorpay', fetch: options.fetch, timeoutMs: options.timeoutMs });
  }

  /** `POST /v1/orders`. Razorpay has no idempotency header for orders: the caller dedupes by `receipt`. */
  async createOrder(body: RazorpayCreateOrderRequest): Promise<RazorpayOrder> {
    return this.#call('create order', 'POST', 'orders', razorpayOrderSchema, { body });
  }

  /** `GET /v1/orders?receipt=…`: every order created with this receipt, newest first. */
  async ordersByReceipt(receipt: string): Promise<RazorpayOrder[]> {
    const query = new URLSearchParams({ receipt, count: '100' });
    const collection = await this.#call('list orders', 'GET', `orders?${query.toString()}`, razorpayOrderCollectionSchema);
    return collection.items;
  }

  async fetchOrder(orderId: string): Promise<RazorpayOrder> {
    return this.#call('fetch order', 'GET', `orders/${segment(orderId)}`, razorpayOrderSchema);
  }

  /** `GET /v1/orders/{id}/payments`: every payment attempt on the order. */
  async fetchOrderPayments(orderId: string): Promise<RazorpayPayment[]> {
    const collection = await this.#call('fetch order payments', 'GET', `orders/${segment(orderId)}/payments`, razorpayPaymentCollectionSchema);
    return collection.items;
  }

  /** `GET /v1/payments/{id}`; with `expandCard`, `?expand[]=card` adds the card's network and last four. */
  async fetchPayment(paymentId: string, options: { readonly expandCard?: boolean } = {}): Promise<RazorpayPayment> {
    const query = options.expandCard === true ? `?${new URLSearchParams([['expand[]', 'card']]).toString()}` : '';
    return this.#call('fetch payment', 'GET', `payments/${segment(paymentId)}${query}`, razorpayPaymentSchema);
  }

  /** `POST /v1/customers`. No idempotency header: `fail_existing: "0"` makes a repeat with the same email and contact answer the same customer. */
  async createCustomer(body: RazorpayCreateCustomerRequest): Promise<RazorpayCustomer> {
    return this.#call('create customer', 'POST', 'customers', razorpayCustomerSchema, { body });
  }

  /** `GET /v1/customers/{id}/tokens`: the customer's saved cards. */
  async customerTokens(customerId: string): Promise<RazorpayToken[]> {
    const collection = await this.#call('list tokens', 'GET', `customers/${segment(customerId)}/tokens`, razorpayTokenCollectionSchema);
    return collection.items;
  }

  /** `DELETE /v1/customers/{id}/tokens/{token}`: the saved card is gone (`{"deleted": true}`). */
  async deleteToken(customerId: string, tokenId: string): Promise<void> {
    await this.#call('delete token', 'DELETE', `customers/${segment(customerId)}/tokens/${segment(tokenId)}`, deletedSchema);
  }

  /**
   * `POST /v1/payments/{id}/refund` with `X-Refund-Idempotency`: the same key and body return the
   * same refund; the same key with another body is refused.
   */
  async refundPayment(paymentId: string, body: RazorpayRefundRequest, idempotencyKey: string): Promise<RazorpayRefund> {
    if (!REFUND_IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new RangeError('X-Refund-Idempotency must be 10–40 characters of A–Z, a–z, 0–9, _ and -');
    }
    return this.#call('refund', 'POST', `payments/${segment(paymentId)}/refund`, razorpayRefundSchema, {
      body,
      headers: { 'x-refund-idempotency': idempotencyKey },
    });
  }

  /** `GET /v1/refunds/{id}`: one refund as Razorpay holds it now (`pending`, `processed`, `failed`). */
  async fetchRefund(refundId: string): Promise<RazorpayRefund> {
    return this.#call('fetch refund', 'GET', `refunds/${segment(refundId)}`, razorpayRefundSchema);
  }

  /** `GET /v1/payments/{id}/refunds`: every refund of the payment (up to 100, newest first). */
  async fetchPaymentRefunds(paymentId: string): Promise<RazorpayRefund[]> {
    const collection = await this.#call('fetch payment refunds', 'GET', `payments/${segment(paymentId)}/refunds?count=100`, razorpayRefundCollectionSchema);
    return collection.items;
  }

  async #call<T extends z.ZodType>(
    operation: Operation,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: T,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<z.infer<T>> {
    const { status, json } = await this.#http.exchange(
      operation,
      new URL(path, this.#baseUrl),
      {
        method,
        headers: {
          authorization: this.#authorization,
          accept: 'application/json',
          ...(options.body !== undefined && { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      },
      { rejection: (status) => rejection(operation, status, undefined), rejectNonJsonFrom: 300 },
    );
    if (status >= 200 && status < 300) return parseAnswer(`Razorpay ${operation}`, schema, json);
    throw rejection(operation, status, json);
  }
}

/** What Razorpay accepts in `X-Refund-Idempotency` (at least 10 characters; 40 is our own cap). */
export const REFUND_IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{10,40}$/;

function rejection(operation: Operation, status: number, json: unknown): GatewayRejectedError {
  if (status >= 300 && status < 400) return redirectRejection('razorpay', `Razorpay ${operation}`, status);
  const parsed = razorpayErrorBodySchema.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  // Razorpay answers a bad key with 401 and code BAD_REQUEST_ERROR; name it for what it is.
  const key = status === 401 || status === 403 ? 'unauthorized' : (error?.code ?? `http_${status}`);
  const parts: string[] = [];
  if (error?.description) parts.push(error.description);
  if (error?.field) parts.push(`field: ${error.field}`);
  if (error?.reason && error.reason !== 'NA') parts.push(`reason: ${error.reason}`);
  const what = parts.length > 0 ? parts.join('; ') : `HTTP ${status}`;
  return new GatewayRejectedError('razorpay', key, `Razorpay ${operation} rejected (${key}): ${what}`);
}

/** An id as one path segment: a `/` or `?` in an id must not reach another endpoint. */
function segment(id: string): string {
  if (id.trim() === '') throw new GatewayRejectedError('razorpay', 'invalid_id', 'Razorpay id is empty');
  return encodeURIComponent(id);
}
