import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import { HttpTransport, redirectRejection, unexpectedShape } from '../http-transport.js';

/** Production API base (no separate sandbox host is documented). */
export const IKHOKHA_API_BASE_URL = 'https://api.ikhokha.com/public-api/v1/api';

// --- IK-SIGN ------------------------------------------------------------------------------------

/**
 * How the signed text is escaped before hashing.
 * - `examples`: the official Node and Go examples: `\`, `"` and `'` get a backslash, NUL becomes `\0`.
 * - `no_apostrophe`: the official C# example, which leaves `'` alone (the Dart one also escapes NUL).
 * Which one iKhokha's server applies is unconfirmed; they differ only when the text contains `'`.
 */
export type IkhokhaEscaping = 'examples' | 'no_apostrophe';

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const NUL = 0x00;
const ZERO = 0x30;

/**
 * Escapes bytes as the examples escape the string `path + body`. Working on UTF-8 bytes is exact:
 * the four ASCII bytes involved never occur inside a multi-byte UTF-8 sequence.
 */
export function escapeForSigning(bytes: Buffer, escaping: IkhokhaEscaping = 'examples'): Buffer {
  const out: number[] = [];
  for (const byte of bytes) {
    if (byte === NUL) out.push(BACKSLASH, ZERO);
    else if (byte === BACKSLASH || byte === QUOTE || (byte === APOSTROPHE && escaping === 'examples')) out.push(BACKSLASH, byte);
    else out.push(byte);
  }
  return Buffer.from(out);
}

/**
 * `IK-SIGN`: hex HMAC-SHA256, keyed with the trimmed application secret, over
 * `escape(path + body)`. `path` is the URL path only (no host, no query); `body` is the exact bytes
 * sent (empty for GET).
 */
export function ikhokhaSignature(appSecret: string, path: string, body: Buffer | string = '', escaping: IkhokhaEscaping = 'examples'): string {
  const message = Buffer.concat([Buffer.from(path, 'utf8'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
  return createHmac('sha256', appSecret.trim()).update(escapeForSigning(message, escaping)).digest('hex');
}

// --- Wire shapes ----------------------------------------------------------------------------------

/** Body of `POST …/payment`. Amount in integer cents. */
export interface IkhokhaCreatePaylinkRequest {
  readonly entityID: string;
  readonly externalEntityID?: string;
  readonly amount: number;
  readonly currency: string;
  readonly requesterUrl: string;
  /** The official README: "only live will work for now". */
  readonly mode: 'live' | 'test';
  readonly description?: string;
  readonly paymentReference?: string;
  readonly externalTransactionID: string;
  readonly urls: {
    readonly callbackUrl: string;
    readonly successPageUrl: string;
    readonly failurePageUrl: string;
    readonly cancelUrl: string;
  };
}

/** `responseCode` is a string in the examples; tolerate a number. */
const responseCode = z.union([z.string(), z.number()]).transform(String);

/** Field names from the official Go example's response struct. */
export const ikhokhaCreatePaylinkResponseSchema = z
  .object({
    responseCode: responseCode.optional(),
    message: z.string().nullish(),
    paylinkUrl: z.url(),
    paylinkID: z.string().min(1),
    externalTransactionID: z.string().nullish(),
  })
  .loose();
export type IkhokhaCreatePaylinkResponse = z.infer<typeof ikhokhaCreatePaylinkResponseSchema>;

/** Cents; a numeric string is tolerated (the status shape is only known from third-party code). */
const cents = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);

/** `getStatus/{paylinkID}`: reportedly `paylinkID, status, createdAt, amount, description`, with `PAID` once paid. */
export const ikhokhaStatusResponseSchema = z
  .object({
    paylinkID: z.string().min(1).optional(),
    status: z.string().min(1),
    amount: cents.optional(),
    currency: z.string().length(3).optional(),
    createdAt: z.string().nullish(),
    description: z.string().nullish(),
    externalTransactionID: z.string().nullish(),
    responseCode: responseCode.optional(),
  })
  .loose();
export type IkhokhaStatusResponse = z.infer<typeof ikhokhaStatusResponseSchema>;

const errorBodySchema = z.object({ responseCode: responseCode.optional(), message: z.string().optional(), error: z.string().optional() }).loose();

/** iKhokha's success code (third-party code only; unconfirmed). */
export const IKHOKHA_SUCCESS_CODE = '00';

// --- Client ---------------------------------------------------------------------------------------

export interface IkhokhaClientOptions {
  /** `https://api.ikhokha.com/public-api/v1/api`, or the sandbox's `apiBaseUrl`. */
  readonly baseUrl?: string;
  /** Sent as `IK-APPID`, trimmed. */
  readonly appId: string;
  /** Keys `IK-SIGN`, trimmed; never sent or logged. */
  readonly appSecret: string;
  readonly fetch?: typeof fetch;
  /** Per request, including reading the body. Default 10 s. */
  readonly timeoutMs?: number;
}

type Operation = 'create paylink' | 'getStatus';

/**
 * iKhokha iK Pay API client: every request carries `IK-APPID` and `IK-SIGN`, the signature
 * computed over the very bytes sent (the body is serialised once).
 * Throws `GatewayRejectedError` when iKhokha refuses the request (validation, credentials, unknown
 * paylink); a plain `Error` for 5xx, throttling, network failures, timeouts and unparseable
 * answers, which are retryable.
 */
export class IkhokhaClient {
  readonly #baseUrl: URL;
  readonly #appId: string;
  readonly #appSecret: string;
  readonly #http: HttpTransport;

  constructor(options: IkhokhaClientOptions) {
    if (options.appId.trim() === '') throw new Error('iKhokha application id is empty');
    if (options.appSecret.trim() === '') throw new Error('iKhokha application secret is empty');
    this.#baseUrl = new URL((options.baseUrl ?? IKHOKHA_API_BASE_URL).replace(/\/+$/, ''));
    this.#appId = options.appId.trim();
    this.#appSecret = options.appSecret.trim();
    this.#http = new HttpTransport({ gateway: 'iKhokha', fetch: options.fetch, timeoutMs: options.timeoutMs });
  }

  /** Creates a paylink; the shopper pays at `paylinkUrl`. */
  async createPaylink(request: IkhokhaCreatePaylinkRequest): Promise<IkhokhaCreatePaylinkResponse> {
    const body = JSON.stringify(request);
    const { status, json } = await this.#send('create paylink', 'POST', '/payment', body);
    if (status >= 200 && status < 300) {
      const code = errorBodySchema.safeParse(json);
      const given = code.success ? code.data.responseCode : undefined;
      if (given !== undefined && given !== IKHOKHA_SUCCESS_CODE) throw rejection('create paylink', status, json);
      const parsed = ikhokhaCreatePaylinkResponseSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      throw unexpectedShape('iKhokha create paylink', parsed.error);
    }
    throw rejection('create paylink', status, json);
  }

  /** `GET …/getStatus/{paylinkID}`, signed over the bare path. */
  async getStatus(paylinkId: string): Promise<IkhokhaStatusResponse> {
    if (paylinkId.trim() === '') throw new GatewayRejectedError('ikhokha', 'invalid_paylink_id', 'iKhokha getStatus: empty paylink id');
    const { status, json } = await this.#send('getStatus', 'GET', `/getStatus/${encodeURIComponent(paylinkId)}`, undefined);
    if (status >= 200 && status < 300) {
      const code = errorBodySchema.safeParse(json);
      const given = code.success ? code.data.responseCode : undefined;
      const parsed = ikhokhaStatusResponseSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      if (given !== undefined && given !== IKHOKHA_SUCCESS_CODE) throw rejection('getStatus', status, json);
      throw unexpectedShape('iKhokha getStatus', parsed.error);
    }
    throw rejection('getStatus', status, json);
  }

  #send(operation: Operation, method: 'GET' | 'POST', relativePath: string, body: string | undefined): Promise<{ status: number; json: unknown }> {
    const url = new URL(this.#baseUrl.href);
    url.pathname = `${this.#baseUrl.pathname}${relativePath}`;
    // Signed: the path as it goes on the wire (no host, no query) plus the body bytes as sent.
    const signature = ikhokhaSignature(this.#appSecret, url.pathname, body ?? '');
    return this.#http.exchange(
      operation,
      url,
      {
        method,
        headers: {
          'IK-APPID': this.#appId,
          'IK-SIGN': signature,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body }),
      },
      { rejection: (status) => rejection(operation, status, undefined) },
    );
  }
}

function rejection(operation: Operation, status: number, json: unknown): GatewayRejectedError {
  if (status >= 300 && status < 400) return redirectRejection('ikhokha', `iKhokha ${operation}`, status);
  const parsed = errorBodySchema.safeParse(json);
  const body = parsed.success ? parsed.data : {};
  const key =
    status === 401 || status === 403 ? 'unauthorized' : status === 404 ? 'not_found' : body.responseCode !== undefined ? `response_code_${body.responseCode}` : `http_${status}`;
  const what = body.message ?? body.error ?? `HTTP ${status}`;
  return new GatewayRejectedError('ikhokha', key, `iKhokha ${operation} rejected (${key}): ${what}`);
}
