import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { domainError, err, ok, type DomainError, type Result } from '../../../src/shared/result.js';
import type { GatewayEvent, PaymentCallback, ReturnParser, WebhookError, WebhookVerifier } from '../../../src/payments/ports/payment-gateway.js';

/** Lower-case hex HMAC-SHA256, Razorpay's signature for both Checkout results and webhooks. */
export function razorpaySignature(secret: string, message: string | Buffer): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Constant-time comparison of a received hex signature with the expected one. */
function sameSignature(received: string, expected: string): boolean {
  const a = Buffer.from(received.trim().toLowerCase(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checkout's payment signature: `hex(HMAC-SHA256(key_secret, order_id + "|" + payment_id))`,
 * where `orderId` must be the order id we stored, not one the browser sent.
 */
export function verifyRazorpayPaymentSignature(input: { readonly orderId: string; readonly paymentId: string; readonly signature: string }, keySecret: string): boolean {
  return sameSignature(input.signature, razorpaySignature(keySecret, `${input.orderId}|${input.paymentId}`));
}

// --- Browser return (Checkout's callback_url) -------------------------------------------------------

/** What Checkout's error callback says about a failed or cancelled attempt. Unsigned. */
export interface RazorpayReturnError {
  readonly code?: string;
  readonly description?: string;
  readonly source?: string;
  readonly step?: string;
  readonly reason?: string;
}

export interface RazorpayReturnCallback extends PaymentCallback {
  readonly gateway: 'razorpay';
  /** `authorized`: the signature over order|payment verified. `failed`/`cancelled`: an unsigned error return. */
  readonly claimedStatus: 'authorized' | 'failed' | 'cancelled';
  readonly signed: boolean;
  readonly paymentId?: string;
  readonly error?: RazorpayReturnError;
}

export type RazorpayCallbackError = DomainError<'payments.invalid_callback'>;

/** Query as Koa gives it (`ctx.query` or a parsed form body), `URLSearchParams`, or a raw query string. */
export type RazorpayReturnQuery = URLSearchParams | string | Readonly<Record<string, string | readonly string[] | undefined>>;

const FIELDS = [
  'razorpay_payment_id',
  'razorpay_order_id',
  'razorpay_signature',
  'error[code]',
  'error[description]',
  'error[source]',
  'error[step]',
  'error[reason]',
  'error[metadata]',
  'error[metadata][order_id]',
  'error[metadata][payment_id]',
] as const;
type Field = (typeof FIELDS)[number];

const errorMetadataSchema = z.object({ order_id: z.string().min(1).optional(), payment_id: z.string().min(1).optional() });

/**
 * Reads Checkout's return to `callback_url` (a form POST in Razorpay's flow; the same fields on
 * the query string when our checkout page uses GET).
 *
 * Success carries `razorpay_payment_id`, `razorpay_order_id`, `razorpay_signature`: the
 * signature is checked with the key secret before anything is believed. With `storedOrderId`
 * (our stored Razorpay order id) the signature is computed over that id and the echoed one must
 * match it. Without it, the signature is computed over the echoed order id: the HMAC binds that
 * id to the payment, and the caller must then find the payment by exactly that id among its
 * own (as the storefront does) — never attach it to whatever order the browser session names.
 *
 * Failure carries `error[code]`, `error[description]`, `error[source]`, `error[step]`,
 * `error[reason]` and `error[metadata]` (JSON with `order_id`, `payment_id`), unsigned: a hint
 * to ask the gateway, nothing more.
 */
export function parseRazorpayReturn(
  query: RazorpayReturnQuery,
  options: { readonly keySecret: string; readonly storedOrderId?: string },
): Result<RazorpayReturnCallback, RazorpayCallbackError> {
  const raw: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const values = valuesOf(query, field);
    if (values.length > 1) return invalid(field, 'is given more than once');
    const value = values[0]?.trim();
    if (value !== undefined && value !== '') raw[field] = value;
  }

  const paymentId = raw.razorpay_payment_id;
  const signature = raw.razorpay_signature;
  if (paymentId !== undefined || signature !== undefined) {
    if (paymentId === undefined) return invalid('razorpay_payment_id', 'is required');
    if (signature === undefined) return invalid('razorpay_signature', 'is required');
    const echoed = raw.razorpay_order_id;
    const orderId = options.storedOrderId ?? echoed;
    if (orderId === undefined) return invalid('razorpay_order_id', 'is required');
    if (options.storedOrderId !== undefined && echoed !== undefined && echoed !== options.storedOrderId) {
      return invalid('razorpay_order_id', 'is not the order we stored');
    }
    if (!verifyRazorpayPaymentSignature({ orderId, paymentId, signature }, options.keySecret)) {
      return invalid('razorpay_signature', 'does not match');
    }
    return ok({ gateway: 'razorpay', gatewayPaymentId: orderId, claimedStatus: 'authorized', signed: true, paymentId });
  }

  const hasError = FIELDS.some((f) => f.startsWith('error[') && raw[f] !== undefined);
  if (!hasError) return invalid('razorpay_payment_id', 'is required');
  let metadata: z.infer<typeof errorMetadataSchema> = {};
  if (raw['error[metadata]'] !== undefined) {
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(raw['error[metadata]']);
    } catch {
      return invalid('error[metadata]', 'is not JSON');
    }
    const parsed = errorMetadataSchema.safeParse(parsedJson);
    if (!parsed.success) return invalid('error[metadata]', 'is not Razorpay error metadata');
    metadata = parsed.data;
  }
  const orderId = options.storedOrderId ?? metadata.order_id ?? raw['error[metadata][order_id]'];
  if (orderId === undefined) return invalid('error[metadata]', 'names no order_id');
  const failedPaymentId = metadata.payment_id ?? raw['error[metadata][payment_id]'];
  const error: RazorpayReturnError = {
    ...(raw['error[code]'] !== undefined && { code: raw['error[code]'] }),
    ...(raw['error[description]'] !== undefined && { description: raw['error[description]'] }),
    ...(raw['error[source]'] !== undefined && { source: raw['error[source]'] }),
    ...(raw['error[step]'] !== undefined && { step: raw['error[step]'] }),
    ...(raw['error[reason]'] !== undefined && { reason: raw['error[reason]'] }),
  };
  return ok({
    gateway: 'razorpay',
    gatewayPaymentId: orderId,
    claimedStatus: error.reason === 'payment_cancelled' ? 'cancelled' : 'failed',
    signed: false,
    ...(failedPaymentId !== undefined && { paymentId: failedPaymentId }),
    error,
  });
}

/** `parseRazorpayReturn` bound to the key secret, as the port's `ReturnParser`. */
export function createRazorpayReturnParser(keySecret: string): ReturnParser {
  if (keySecret.trim() === '') throw new Error('Razorpay key secret is empty');
  return (query) => parseRazorpayReturn(query, { keySecret });
}

function valuesOf(query: RazorpayReturnQuery, field: string): readonly string[] {
  if (typeof query === 'string') return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).getAll(field);
  if (query instanceof URLSearchParams) return query.getAll(field);
  const value = query[field];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function invalid(field: string, problem: string): Result<never, RazorpayCallbackError> {
  return err(domainError('payments.invalid_callback', `Razorpay return: ${field} ${problem}`, { field }));
}

// --- Webhooks -------------------------------------------------------------------------------------

const entity = <T extends z.ZodRawShape>(shape: T) => z.object({ entity: z.looseObject(shape) });

export const razorpayWebhookSchema = z.object({
  entity: z.literal('event').optional(),
  account_id: z.string().optional(),
  event: z.string().min(1),
  contains: z.array(z.string()).optional(),
  payload: z.looseObject({
    payment: entity({ id: z.string().min(1), order_id: z.string().nullish(), status: z.string().min(1) }).optional(),
    order: entity({ id: z.string().min(1), status: z.string().min(1) }).optional(),
    refund: entity({ id: z.string().min(1), payment_id: z.string().min(1), status: z.string().min(1) }).optional(),
  }),
  created_at: z.number().int().optional(),
});
export type RazorpayWebhook = z.infer<typeof razorpayWebhookSchema>;

export interface RazorpayGatewayEvent extends GatewayEvent {
  readonly gateway: 'razorpay';
  readonly paymentId?: string;
  readonly refundId?: string;
  /** `X-Razorpay-Event-Id` as sent: unsigned, so for logs only, never the dedupe key. */
  readonly headerEventId?: string;
}

/**
 * The key a Razorpay webhook is stored under: the SHA-256 of the signed raw body. The signature
 * covers the body and nothing else, so the unsigned `X-Razorpay-Event-Id` header could be changed
 * at will to replay one signed body as "new" events. Razorpay resends an event's original bytes
 * (retries for 24 h; Dashboard replays "exactly as they were originally generated",
 * razorpay.com/docs/webhooks/replay-events), and two distinct events differ in `event`,
 * the entity or `created_at`. Should a retry ever carry other bytes, the cost is a second hint
 * to a saga that already dedupes on the payment — nothing is lost.
 */
export function razorpayEventId(rawBody: Buffer | string): string {
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * Verifies Razorpay webhooks: `X-Razorpay-Signature` is the hex HMAC-SHA256 of the raw body
 * with the webhook secret (set in the Dashboard; not the API key secret). The event id is
 * `razorpayEventId(rawBody)`, derived from what the signature covers; `X-Razorpay-Event-Id` is
 * unsigned and only kept as `headerEventId` for diagnostics.
 *
 * `gatewayPaymentId` is the Razorpay order id (ours for the payment); `claimedStatus` is the
 * refund's status for refund events and the payment's (or order's) otherwise. Delivery order is
 * not guaranteed, so the event is only a reason to look the order up.
 */
export class RazorpayWebhookVerifier implements WebhookVerifier {
  readonly #secret: string;

  constructor(options: { readonly webhookSecret: string }) {
    if (options.webhookSecret.trim() === '') throw new Error('Razorpay webhook secret is empty');
    this.#secret = options.webhookSecret;
  }

  async verify(rawBody: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<Result<RazorpayGatewayEvent, WebhookError>> {
    const signature = header(headers, 'x-razorpay-signature');
    if (signature === undefined || signature.trim() === '') {
      return err(domainError('webhooks.invalid_signature', 'Razorpay webhook: X-Razorpay-Signature is missing'));
    }
    if (!sameSignature(signature, razorpaySignature(this.#secret, rawBody))) {
      return err(domainError('webhooks.invalid_signature', 'Razorpay webhook: signature does not match the body'));
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return err(domainError('webhooks.malformed', 'Razorpay webhook: body is not JSON'));
    }
    const parsed = razorpayWebhookSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return err(domainError('webhooks.malformed', `Razorpay webhook: ${issue?.path.map(String).join('.') || 'body'} ${issue?.message ?? 'is invalid'}`));
    }
    const { event, payload } = parsed.data;
    const payment = payload.payment?.entity;
    const order = payload.order?.entity;
    const refund = payload.refund?.entity;
    const headerId = header(headers, 'x-razorpay-event-id')?.trim().slice(0, 64);
    const gatewayPaymentId = order?.id ?? payment?.order_id ?? undefined;
    const claimedStatus = refund?.status ?? payment?.status ?? order?.status;
    const paymentId = payment?.id ?? refund?.payment_id;
    return ok({
      gateway: 'razorpay',
      eventId: razorpayEventId(rawBody),
      type: event,
      ...(gatewayPaymentId !== undefined && { gatewayPaymentId }),
      ...(claimedStatus !== undefined && { claimedStatus }),
      ...(paymentId !== undefined && { paymentId }),
      ...(refund !== undefined && { refundId: refund.id }),
      ...(headerId !== undefined && headerId !== '' && { headerEventId: headerId }),
    });
  }
}

function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}
