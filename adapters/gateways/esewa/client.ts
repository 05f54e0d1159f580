import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import { HttpTransport, parseAnswer, redirectRejection } from '../http-transport.js';

/** The request signature covers exactly these form fields, in this order (eSewa requires it). */
export const ESEWA_REQUEST_SIGNED_FIELDS = ['total_amount', 'transaction_uuid', 'product_code'] as const;

/** The fields of eSewa's ePay v2 form; every one is required and none may be empty. Amounts are rupee strings. */
export interface EsewaFormFields {
  readonly amount: string;
  readonly tax_amount: string;
  readonly total_amount: string;
  readonly transaction_uuid: string;
  readonly product_code: string;
  readonly product_service_charge: string;
  readonly product_delivery_charge: string;
  readonly success_url: string;
  readonly failure_url: string;
  readonly signed_field_names: string;
  readonly signature: string;
}

export type EsewaFormInput = Omit<EsewaFormFields, 'product_code' | 'signed_field_names' | 'signature'>;

/**
 * `base64(HMAC-SHA256(secret, "name=value,name=value,…"))` over `names` in their given order,
 * with each value exactly as submitted or received.
 */
export function esewaSignature(values: Readonly<Record<string, string>>, names: readonly string[], secretKey: string): string {
  const message = names
    .map((name) => {
      const value = values[name];
      if (value === undefined) throw new RangeError(`no value for signed field ${name}`);
      return `${name}=${value}`;
    })
    .join(',');
  return createHmac('sha256', secretKey).update(message, 'utf8').digest('base64');
}

/** Constant-time comparison of two base64 signatures (as text; a length mismatch is simply false). */
export function signaturesEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const rupees = z.union([z.string().min(1), z.number().nonnegative()]);

/** `GET …/transaction/status/` answer, e.g. `{"product_code":"EPAYTEST","transaction_uuid":"123","total_amount":100.0,"status":"COMPLETE","ref_id":"0001TS9"}`. */
export const esewaStatusResponseSchema = z.object({
  product_code: z.string().min(1),
  transaction_uuid: z.string().min(1),
  /** A JSON number in the docs (`100.0`); a string tolerated. */
  total_amount: rupees,
  status: z.string().min(1),
  /** eSewa's reference; `null` unless paid. */
  ref_id: z.string().nullable().optional(),
});
export type EsewaStatusResponse = z.infer<typeof esewaStatusResponseSchema>;

/** eSewa's error body, e.g. `{"code":0,"error_message":"Service is currently unavailable"}`. */
export const esewaErrorResponseSchema = z.object({
  code: z.union([z.number(), z.string()]),
  error_message: z.string(),
});

export interface EsewaClientOptions {
  /** The browser's form target: `https://rc-epay.esewa.com.np/api/epay/main/v2/form` (test) or `https://epay.esewa.com.np/api/epay/main/v2/form`. */
  readonly formUrl: string;
  /** The status check API: `https://rc.esewa.com.np/api/epay/transaction/status/` (test) or `https://epay.esewa.com.np/api/epay/transaction/status/`. */
  readonly statusUrl: string;
  /** Merchant code (`EPAYTEST` in UAT). */
  readonly productCode: string;
  /** HMAC secret; used only to sign, never sent or logged. */
  readonly secretKey: string;
  readonly fetch?: typeof fetch;
  /** Per request, including reading the body. Default 10 s. */
  readonly timeoutMs?: number;
}

export interface EsewaStatusQuery {
  /** Rupees, written as in the form that was signed. */
  readonly totalAmount: string;
  readonly transactionUuid: string;
}

/**
 * eSewa ePay v2. Creating a payment is a browser form POST, not an API call: `signedForm`
 * only signs. `status` asks the unauthenticated status check API.
 * Throws `GatewayRejectedError` when eSewa refuses the request itself; a plain `Error` for the
 * documented outage answer, 5xx, throttling, network failures, timeouts and unreadable answers
 * (all retryable).
 */
export class EsewaClient {
  readonly formUrl: string;
  readonly productCode: string;
  readonly #statusUrl: string;
  readonly #secretKey: string;
  readonly #http: HttpTransport;

  constructor(options: EsewaClientOptions) {
    if (options.secretKey === '') throw new Error('eSewa secret key is empty');
    if (options.productCode.trim() === '') throw new Error('eSewa product code is empty');
    this.formUrl = new URL(options.formUrl).toString();
    this.#statusUrl = new URL(options.statusUrl).toString();
    this.productCode = options.productCode;
    this.#secretKey = options.secretKey;
    this.#http = new HttpTransport({ gateway: 'eSewa', fetch: options.fetch, timeoutMs: options.timeoutMs });
  }

  /** The complete form, signed over `total_amount,transaction_uuid,product_code`. Deterministic: same input, same form. */
  signedForm(input: EsewaFormInput): EsewaFormFields {
    for (const [name, value] of Object.entries(input)) {
      if (value.trim() === '') throw new RangeError(`eSewa form field ${name} must not be empty`);
    }
    const unsigned = { ...input, product_code: this.productCode, signed_field_names: ESEWA_REQUEST_SIGNED_FIELDS.join(',') };
    return { ...unsigned, signature: esewaSignature(unsigned, ESEWA_REQUEST_SIGNED_FIELDS, this.#secretKey) };
  }

  /** `GET statusUrl?product_code=…&total_amount=…&transaction_uuid=…`. */
  async status(query: EsewaStatusQuery): Promise<EsewaStatusResponse> {
    const url = new URL(this.#statusUrl);
    url.searchParams.set('product_code', this.productCode);
    url.searchParams.set('total_amount', query.totalAmount);
    url.searchParams.set('transaction_uuid', query.transactionUuid);

    // A redirect is refused whatever its body; an empty body is not JSON (eSewa always answers some).
    const { status, json } = await this.#http.exchange(
      'status',
      url,
      { method: 'GET', headers: { accept: 'application/json' } },
      { rejection: refusal, rejectNonJsonFrom: 300, emptyBody: 'not_json' },
    );
    if (status >= 300 && status < 400) throw refusal(status);
    const error = esewaErrorResponseSchema.safeParse(json);
    if (error.success) {
      // The documented timeout answer; the docs say retry later and change nothing.
      if (String(error.data.code) === '0' || /unavailable/i.test(error.data.error_message)) {
        throw new Error(`eSewa status: ${error.data.error_message} (code ${String(error.data.code)}; retry later)`);
      }
      const key = `esewa_error_${String(error.data.code)}`;
      throw new GatewayRejectedError('esewa', key, `eSewa status rejected (${key}): ${error.data.error_message}`);
    }
    if (status >= 400) throw refusal(status);
    return parseAnswer('eSewa status', esewaStatusResponseSchema, json);
  }
}

/** A status answer with no eSewa error body: a redirect (a wrong status URL) or a bare 4xx. */
function refusal(status: number): GatewayRejectedError {
  if (status >= 300 && status < 400) return redirectRejection('esewa', 'eSewa status', status, 'the status URL');
  return new GatewayRejectedError('esewa', `http_${status}`, `eSewa status rejected: HTTP ${status}`);
}
