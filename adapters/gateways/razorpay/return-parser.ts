import { z } from 'zod';
import { ok, type Result } from '../../../src/shared/result.js';
import type { PaymentCallback, ReturnParser } from '../../../src/payments/ports/payment-gateway.js';
import { invalidReturn, singleValue, type ReturnError, type ReturnQuery } from '../return-query.js';
import { razorpaySignature, sameRazorpaySignature } from './signature.js';

/**
 * Checkout's payment signature: `hex(HMAC-SHA256(key_secret, order_id + "|" + payment_id))`,
 * where `orderId` must be the order id we stored, not one the browser sent.
 */
export function verifyRazorpayPaymentSignature(input: { readonly orderId: string; readonly paymentId: string; readonly signature: string }, keySecret: string): boolean {
  return sameRazorpaySignature(input.signature, razorpaySignature(keySecret, `${input.orderId}|${input.paymentId}`));
}

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

export type RazorpayCallbackError = ReturnError;
export type RazorpayReturnQuery = ReturnQuery;

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
    const given = singleValue('Razorpay', query, field);
    if (!given.ok) return given;
    const value = given.value?.trim();
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

function invalid(field: string, problem: string): Result<never, RazorpayCallbackError> {
  return invalidReturn('Razorpay', field, problem);
}
