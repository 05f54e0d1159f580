import { createHash } from 'node:crypto';
import { z } from 'zod';
import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import { HttpTransport, parseAnswer, redirectRejection } from '../http-transport.js';

/*
 * Plain fetch rather than `@paypal/paypal-server-sdk`: the SDK's `Configuration` has no base-URL
 * option (`getBaseUri` in its client.ts knows only api-m.paypal.com and
 * api-m.sandbox.paypal.com and throws for anything else), so it cannot reach the local sandbox,
 * and demo mode must run the same code as production. The wire format below is the one the SDK
 * serialises (snake_case JSON); `mapper.ts` checks its status tables against the SDK's enums.
 */

/** `{ "currency_code": "USD", "value": "10.00" }`: PayPal's money, a decimal string. */
export const payPalMoneySchema = z.object({ currency_code: z.string().min(1), value: z.string().min(1) });
export type PayPalMoney = z.infer<typeof payPalMoneySchema>;

const linkSchema = z.looseObject({ href: z.string().min(1), rel: z.string().min(1), method: z.string().optional() });
export type PayPalLink = z.infer<typeof linkSchema>;

/** What a refund is, and a capture begins with: an id, a status (with why), an amount, our `custom_id`. */
export const payPalRefundSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  amount: payPalMoneySchema.optional(),
  custom_id: z.string().optional(),
  status_details: z.looseObject({ reason: z.string().optional() }).optional(),
  links: z.array(linkSchema).optional(),
});
export type PayPalRefund = z.infer<typeof payPalRefundSchema>;

export const payPalCaptureSchema = payPalRefundSchema.extend({
  final_capture: z.boolean().optional(),
  supplementary_data: z.looseObject({ related_ids: z.looseObject({ order_id: z.string().optional() }).optional() }).optional(),
  create_time: z.string().optional(),
  update_time: z.string().optional(),
});
export type PayPalCapture = z.infer<typeof payPalCaptureSchema>;

const purchaseUnitSchema = z.looseObject({
  reference_id: z.string().optional(),
  custom_id: z.string().optional(),
  description: z.string().optional(),
  amount: payPalMoneySchema.optional(),
  payments: z.looseObject({ captures: z.array(payPalCaptureSchema).optional(), refunds: z.array(payPalRefundSchema).optional() }).optional(),
});

export const payPalOrderSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  intent: z.string().optional(),
  purchase_units: z.array(purchaseUnitSchema).optional(),
  links: z.array(linkSchema).optional(),
  create_time: z.string().optional(),
  update_time: z.string().optional(),
});
export type PayPalOrder = z.infer<typeof payPalOrderSchema>;

const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'expected a Bearer token'),
  expires_in: z.number().int().positive(),
});

/** Both of PayPal's error shapes: REST `{name, message, debug_id, details[]}` and OAuth `{error, error_description}`. */
const errorBodySchema = z.looseObject({
  name: z.string().optional(),
  message: z.string().optional(),
  debug_id: z.string().optional(),
  details: z.array(z.looseObject({ issue: z.string().optional(), description: z.string().optional(), field: z.string().optional() })).optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** Body of `POST /v2/checkout/orders`, as sent on the wire. */
export interface PayPalCreateOrderRequest {
  readonly intent: 'CAPTURE';
  readonly purchase_units: readonly {
    readonly reference_id?: string;
    readonly custom_id?: string;
    readonly description?: string;
    readonly amount: PayPalMoney;
  }[];
  readonly payment_source?: {
    readonly paypal: {
      readonly email_address?: string;
      readonly experience_context: {
        readonly return_url: string;
        readonly cancel_url: string;
        readonly user_action?: 'PAY_NOW' | 'CONTINUE';
        readonly brand_name?: string;
      };
    };
  };
}

/** Body of `POST /v2/payments/captures/{id}/refund`: empty refunds what is left of the capture. */
export interface PayPalRefundRequest {
  readonly amount?: PayPalMoney;
  /** Our own reference, echoed on the refund (up to 127 characters). */
  readonly custom_id?: string;
  readonly note_to_payer?: string;
}

export interface PayPalClientOptions {
  /** `https://api-m.sandbox.paypal.com`, `https://api-m.paypal.com`, or the local sandbox (a path prefix is kept). */
  readonly baseUrl: string;
  readonly clientId: string;
  /** Sent only in the token request's Basic header, never logged. */
  readonly clientSecret: string;
  readonly fetch?: typeof fetch;
  /** Per request, including reading the body. Default 10 s. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
}

type Operation = 'token' | 'create order' | 'get order' | 'capture order' | 'refund capture' | 'get refund';

/** Refresh a token this long before PayPal says it expires. */
const TOKEN_SKEW_MS = 60_000;
const REQUEST_ID_MAX = 108;

/**
 * `PayPal-Request-Id` for one money-moving call, derived only from the saga's idempotency key
 * and the operation, so every retry of a step sends the same id and PayPal answers with the
 * earlier result. PayPal allows 1–108 characters; longer keys are hashed.
 */
export function payPalRequestId(operation: 'create' | 'capture' | 'refund', idempotencyKey: string): string {
  if (idempotencyKey === '') throw new Error('idempotency key is empty');
  const plain = `${operation}:${idempotencyKey}`;
  if (plain.length <= REQUEST_ID_MAX && /^[\x21-\x7e]+$/.test(plain)) return plain;
  return `${operation}:sha256:${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}`;
}

/**
 * PayPal REST client (OAuth2 client credentials → Bearer; Orders v2 and captures' refunds).
 * Throws `GatewayRejectedError` when PayPal refuses a request (validation, unprocessable,
 * authentication, unknown id): its `gatewayErrorKey` is PayPal's first `details[].issue`
 * (e.g. `ORDER_ALREADY_CAPTURED`), else the error `name`. Throws a plain `Error` for 5xx,
 * throttling, network failures, timeouts and unparseable answers: those are retryable.
 */
export class PayPalClient {
  readonly #baseUrl: string;
  readonly #basic: string;
  readonly #http: HttpTransport;
  readonly #now: () => Date;
  #token: { value: string; expiresAt: number } | undefined;
  #tokenRequest: Promise<string> | undefined;

  constructor(options: PayPalClientOptions) {
    if (options.clientId.trim() === '' || options.clientSecret.trim() === '') throw new Error('PayPal client id or secret is empty');
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');
    this.#http = new HttpTransport({ gateway: 'PayPal', fetch: options.fetch, timeoutMs: options.timeoutMs });
    this.#now = options.now ?? (() => new Date());
  }

  /** `Prefer: return=representation` so the answer carries purchase units, not just id, status and links. */
  async createOrder(body: PayPalCreateOrderRequest, requestId: string): Promise<PayPalOrder> {
    const json = await this.#api('create order', 'POST', '/v2/checkout/orders', body, requestId);
    return parse('create order', payPalOrderSchema, json);
  }

  async getOrder(orderId: string): Promise<PayPalOrder> {
    const json = await this.#api('get order', 'GET', `/v2/checkout/orders/${encodeURIComponent(orderId)}`, undefined);
    return parse('get order', payPalOrderSchema, json);
  }

  async captureOrder(orderId: string, requestId: string): Promise<PayPalOrder> {
    const json = await this.#api('capture order', 'POST', `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`, {}, requestId);
    return parse('capture order', payPalOrderSchema, json);
  }

  async refundCapture(captureId: string, body: PayPalRefundRequest, requestId: string): Promise<PayPalRefund> {
    const json = await this.#api('refund capture', 'POST', `/v2/payments/captures/${encodeURIComponent(captureId)}/refund`, body, requestId);
    return parse('refund capture', payPalRefundSchema, json);
  }

  /** `GET /v2/payments/refunds/{id}`: the refund as PayPal holds it now. */
  async getRefund(refundId: string): Promise<PayPalRefund> {
    const json = await this.#api('get refund', 'GET', `/v2/payments/refunds/${encodeURIComponent(refundId)}`, undefined);
    return parse('get refund', payPalRefundSchema, json);
  }

  async #api(operation: Operation, method: 'GET' | 'POST', path: string, body: unknown, requestId?: string): Promise<unknown> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.#accessToken();
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
      if (method === 'POST') {
        headers['content-type'] = 'application/json';
        headers['prefer'] = 'return=representation';
      }
      if (requestId !== undefined) headers['paypal-request-id'] = requestId;
      const { status, json } = await this.#send(operation, `${this.#baseUrl}${path}`, {
        method,
        headers,
        ...(method === 'POST' && { body: JSON.stringify(body ?? {}) }),
      });
      // A token PayPal no longer accepts (revoked, clock skew): fetch a new one once.
      if (status === 401 && attempt === 0) {
        this.#forgetToken(token);
        continue;
      }
      if (status >= 200 && status < 300) return json;
      throw rejection(operation, status, json);
    }
  }

  #accessToken(): Promise<string> {
    const token = this.#token;
    if (token !== undefined && this.#now().getTime() < token.expiresAt) return Promise.resolve(token.value);
    // One token request at a time; concurrent calls share it.
    this.#tokenRequest ??= this.#requestToken().finally(() => {
      this.#tokenRequest = undefined;
    });
    return this.#tokenRequest;
  }

  #forgetToken(value: string): void {
    if (this.#token?.value === value) this.#token = undefined;
  }

  async #requestToken(): Promise<string> {
    const requestedAt = this.#now().getTime();
    const { status, json } = await this.#send('token', `${this.#baseUrl}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${this.#basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    if (status < 200 || status >= 300) throw rejection('token', status, json);
    const token = parse('token', tokenSchema, json);
    this.#token = { value: token.access_token, expiresAt: requestedAt + Math.max(0, token.expires_in * 1000 - TOKEN_SKEW_MS) };
    return token.access_token;
  }

  #send(operation: Operation, url: string, init: RequestInit): Promise<{ status: number; json: unknown }> {
    return this.#http.exchange(operation, url, init, { rejection: (status) => rejection(operation, status, undefined) });
  }
}

function parse<T>(operation: Operation, schema: z.ZodType<T>, json: unknown): T {
  return parseAnswer(`PayPal ${operation}`, schema, json);
}

function rejection(operation: Operation, status: number, json: unknown): GatewayRejectedError {
  if (status >= 300 && status < 400) return redirectRejection('paypal', `PayPal ${operation}`, status);
  const parsed = errorBodySchema.safeParse(json);
  const body = parsed.success ? parsed.data : {};
  const issue = body.details?.find((d) => d.issue !== undefined);
  const key = issue?.issue ?? body.name ?? body.error ?? (status === 401 || status === 403 ? 'unauthorized' : `http_${status}`);
  const parts: string[] = [];
  if (body.message !== undefined) parts.push(body.message);
  if (body.error_description !== undefined) parts.push(body.error_description);
  for (const d of body.details ?? []) {
    const text = [d.field, d.issue, d.description].filter((s) => s !== undefined).join(' ');
    if (text !== '') parts.push(text);
  }
  if (body.debug_id !== undefined) parts.push(`debug_id ${body.debug_id}`);
  const what = parts.length > 0 ? parts.join('; ') : `HTTP ${status}`;
  return new GatewayRejectedError('paypal', key, `PayPal ${operation} rejected (${key}, HTTP ${status}): ${what}`);
}
