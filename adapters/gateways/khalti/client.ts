import { z } from 'zod';
import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import { HttpTransport, parseAnswer, redirectRejection, unexpectedShape } from '../http-transport.js';

/** Body of `POST epayment/initiate/`. Amounts are integer paisa. */
export interface KhaltiInitiateRequest {
  readonly return_url: string;
  readonly website_url: string;
  readonly amount: number;
  readonly purchase_order_id: string;
  readonly purchase_order_name: string;
  readonly customer_info?: { readonly name?: string; readonly email?: string; readonly phone?: string };
  readonly amount_breakdown?: readonly { readonly label: string; readonly amount: number }[];
  readonly product_details?: readonly {
    readonly identity: string;
    readonly name: string;
    readonly total_price: number;
    readonly quantity: number;
    readonly unit_price: number;
  }[];
  /** Khalti echoes any `merchant_*` key back. */
  readonly [merchantKey: `merchant_${string}`]: unknown;
}

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 date-time');

export const khaltiInitiateResponseSchema = z.object({
  pidx: z.string().min(1),
  payment_url: z.url(),
  /** Khalti answers in Nepal time with microseconds, e.g. `2023-05-25T16:26:16.471649+05:45`. */
  expires_at: isoInstant,
  expires_in: z.number().int().nonnegative(),
});
export type KhaltiInitiateResponse = z.infer<typeof khaltiInitiateResponseSchema>;

export const khaltiLookupResponseSchema = z.object({
  pidx: z.string().min(1),
  total_amount: z.number().int().nonnegative(),
  status: z.string().min(1),
  /** `null` unless paid; a cancelled payment may carry an empty string. */
  transaction_id: z.string().nullable(),
  // Always present in the documented examples; optional so a leaner 400 body still parses as a status.
  fee: z.number().int().nonnegative().optional(),
  refunded: z.boolean().optional(),
});
export type KhaltiLookupResponse = z.infer<typeof khaltiLookupResponseSchema>;

/** Khalti's error bodies: DRF-style `{ field: [messages] }` plus `error_key`, or `{ detail, status_code }`. */
const khaltiErrorBodySchema = z
  .object({
    error_key: z.string().optional(),
    detail: z.string().optional(),
    status_code: z.number().optional(),
  })
  .catchall(z.unknown());
type KhaltiErrorBody = z.infer<typeof khaltiErrorBodySchema>;

export interface KhaltiClientOptions {
  /** API base with its trailing slash, e.g. `https://dev.khalti.com/api/v2/` (sandbox) or `https://khalti.com/api/v2/`. */
  readonly baseUrl: string;
  /** The merchant's `live_secret_key`; sent only in the Authorization header, never logged. */
  readonly secretKey: string;
  readonly fetch?: typeof fetch;
  /** Per request, including reading the body. Default 10 s. */
  readonly timeoutMs?: number;
}

type Operation = 'initiate' | 'lookup' | 'refund';

/**
 * Khalti ePayment (KPG-2) HTTP client.
 * Throws `GatewayRejectedError` when Khalti refuses the request (validation, authentication,
 * unknown pidx): retrying cannot help. Throws a plain `Error` for 5xx, throttling, network
 * failures, timeouts and unparseable answers: those are retryable.
 */
export class KhaltiClient {
  readonly #baseUrl: string;
  readonly #secretKey: string;
  readonly #http: HttpTransport;

  constructor(options: KhaltiClientOptions) {
    if (options.secretKey.trim() === '') throw new Error('Khalti secret key is empty');
    // Khalti's endpoints all end in a slash and the base must too, or URL resolution drops `v2/`.
    this.#baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.#secretKey = options.secretKey;
    this.#http = new HttpTransport({ gateway: 'Khalti', fetch: options.fetch, timeoutMs: options.timeoutMs });
  }

  async initiate(body: KhaltiInitiateRequest): Promise<KhaltiInitiateResponse> {
    const { status, json } = await this.#post('initiate', 'epayment/initiate/', body);
    if (status >= 200 && status < 300) return parseAnswer('Khalti initiate', khaltiInitiateResponseSchema, json);
    throw rejection('initiate', status, json);
  }

  /**
   * Khalti answers `Expired` and `User canceled` with HTTP 400 and a normal lookup body:
   * those are returned as statuses, not thrown.
   */
  async lookup(pidx: string): Promise<KhaltiLookupResponse> {
    const { status, json } = await this.#post('lookup', 'epayment/lookup/', { pidx });
    if ((status >= 200 && status < 300) || status === 400) {
      const parsed = khaltiLookupResponseSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      if (status !== 400) throw unexpectedShape('Khalti lookup', parsed.error);
    }
    throw rejection('lookup', status, json);
  }

  /**
   * Refunds a completed transaction: in full without an amount, in part with one (paisa). The
   * endpoint lives beside the v2 API (`/api/merchant-transaction/<id>/refund/`), not under it.
   */
  async refund(transactionId: string, amountPaisa?: number): Promise<{ detail: string }> {
    const path = `../merchant-transaction/${encodeURIComponent(transactionId)}/refund/`;
    const { status, json } = await this.#post('refund', path, amountPaisa === undefined ? {} : { amount: amountPaisa });
    if (status >= 200 && status < 300) return parseAnswer('Khalti refund', z.object({ detail: z.string() }), json);
    throw rejection('refund', status, json);
  }

  #post(operation: Operation, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
    return this.#http.exchange(
      operation,
      new URL(path, this.#baseUrl),
      {
        method: 'POST',
        headers: {
          authorization: `Key ${this.#secretKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
      },
      { rejection: (status) => rejection(operation, status, undefined) },
    );
  }
}

function rejection(operation: Operation, status: number, json: unknown): Error {
  if (status >= 300 && status < 400) return redirectRejection('khalti', `Khalti ${operation}`, status);
  const parsed = khaltiErrorBodySchema.safeParse(json);
  const body: KhaltiErrorBody = parsed.success ? parsed.data : {};
  const key = body.error_key ?? (status === 401 || status === 403 ? 'unauthorized' : `http_${status}`);
  const parts: string[] = [];
  if (body.detail !== undefined) parts.push(body.detail);
  parts.push(...describeFieldErrors(body));
  const what = parts.length > 0 ? parts.join('; ') : `HTTP ${status}`;
  return new GatewayRejectedError('khalti', key, `Khalti ${operation} rejected (${key}): ${what}`);
}

const NON_FIELD_KEYS = new Set(['error_key', 'detail', 'status_code']);

/** `{"amount": ["A valid integer is required."], "customer_info": {"email": ["…"]}}` → `amount: A valid integer is required.`, `customer_info.email: …` */
function describeFieldErrors(body: Readonly<Record<string, unknown>>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (prefix === '' && NON_FIELD_KEYS.has(field)) continue;
    const name = `${prefix}${field}`;
    if (typeof value === 'string') out.push(`${name}: ${value}`);
    else if (Array.isArray(value)) {
      const messages = value.filter((v): v is string => typeof v === 'string');
      out.push(messages.length > 0 ? `${name}: ${messages.join(' ')}` : `${name}: invalid`);
    } else if (typeof value === 'object' && value !== null) {
      out.push(...describeFieldErrors(value as Record<string, unknown>, `${name}.`));
    }
  }
  return out;
}
