import type { PaymentCallback } from '../../../src/payments/ports/payment-gateway.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { invalidReturn, singleValue, type ReturnError, type ReturnQuery } from '../return-query.js';
import { CHECKOUT_SESSION_ID_TEMPLATE, RETURN_ORDER_PARAM, RETURN_OUTCOME_PARAM, RETURN_SESSION_PARAM } from './gateway.js';
import { RETURN_PAYMENT_INTENT_PARAM, RETURN_REDIRECT_STATUS_PARAM } from './off-session.js';

export const STRIPE_RETURN_OUTCOMES = ['success', 'cancel'] as const;
export type StripeReturnOutcome = (typeof STRIPE_RETURN_OUTCOMES)[number];

export interface StripeReturnCallback extends PaymentCallback {
  readonly gateway: 'stripe';
  /** Which of our two URLs the browser came back to: `success_url` or `cancel_url`. */
  readonly claimedStatus: StripeReturnOutcome;
}

export type StripeCallbackError = ReturnError;
export type StripeReturnQuery = ReturnQuery;

const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,250}$/;
const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]{1,250}$/;
/** `redirect_status` on a PaymentIntent's return (Stripe's after authentication, ours after an off-session payment). */
const REDIRECT_STATUSES: Readonly<Record<string, StripeReturnOutcome>> = { succeeded: 'success', processing: 'success', failed: 'cancel' };

/**
 * Parses the browser's return to the URLs `StripePaymentGateway.initiate` gave Stripe:
 * `?stripe_checkout=success|cancel&order_id=…&session_id=cs_…`.
 *
 * Stripe signs none of it: the result only says which session to look up. Stripe documents the
 * `{CHECKOUT_SESSION_ID}` template for `success_url`; a cancel return where Stripe left it
 * unfilled names no session and is refused (the session stays open until it expires, and the
 * saga's payment sync finds out anyway).
 */
export function parseStripeReturn(query: StripeReturnQuery): Result<StripeReturnCallback, StripeCallbackError> {
  const fields = query as Readonly<Record<string, unknown>>;
  if (fields[RETURN_PAYMENT_INTENT_PARAM] !== undefined && fields[RETURN_SESSION_PARAM] === undefined) return parseIntentReturn(query);
  const read = singleValues(query, [RETURN_OUTCOME_PARAM, RETURN_ORDER_PARAM, RETURN_SESSION_PARAM]);
  if (!read.ok) return read;
  const raw = read.value;
  const outcome = raw[RETURN_OUTCOME_PARAM];
  if (outcome === undefined) return invalid(RETURN_OUTCOME_PARAM, 'is required');
  if (!(STRIPE_RETURN_OUTCOMES as readonly string[]).includes(outcome)) {
    return invalid(RETURN_OUTCOME_PARAM, `must be one of ${STRIPE_RETURN_OUTCOMES.join(', ')}`);
  }
  const orderId = raw[RETURN_ORDER_PARAM];
  const sessionId = raw[RETURN_SESSION_PARAM];
  if (sessionId === undefined) return invalid(RETURN_SESSION_PARAM, 'is required', orderId);
  if (sessionId === CHECKOUT_SESSION_ID_TEMPLATE) {
    return invalid(RETURN_SESSION_PARAM, 'was not filled in by Stripe (it fills {CHECKOUT_SESSION_ID} on success_url only)', orderId);
  }
  if (!SESSION_ID.test(sessionId)) return invalid(RETURN_SESSION_PARAM, 'is not a Checkout Session id', orderId);
  return ok({
    gateway: 'stripe',
    gatewayPaymentId: sessionId,
    ...(orderId !== undefined && { claimedOrderId: orderId }),
    claimedStatus: outcome as StripeReturnOutcome,
  });
}

/**
 * The return from a PaymentIntent's confirmation (a saved method paid off-session, or after the
 * bank's authentication page): `?order_id=…&payment_intent=pi_…&redirect_status=succeeded|processing|failed`
 * (Stripe adds `payment_intent_client_secret`, which is not read). `claimedStatus` is `success`
 * for `succeeded`/`processing`, `cancel` for `failed`: a hint only, the PaymentIntent is looked up.
 */
function parseIntentReturn(query: StripeReturnQuery): Result<StripeReturnCallback, StripeCallbackError> {
  const read = singleValues(query, [RETURN_ORDER_PARAM, RETURN_PAYMENT_INTENT_PARAM, RETURN_REDIRECT_STATUS_PARAM]);
  if (!read.ok) return read;
  const raw = read.value;
  const orderId = raw[RETURN_ORDER_PARAM];
  const intentId = raw[RETURN_PAYMENT_INTENT_PARAM];
  if (intentId === undefined || !PAYMENT_INTENT_ID.test(intentId)) return invalid(RETURN_PAYMENT_INTENT_PARAM, 'is not a PaymentIntent id', orderId);
  const redirectStatus = raw[RETURN_REDIRECT_STATUS_PARAM];
  const outcome = redirectStatus === undefined ? undefined : REDIRECT_STATUSES[redirectStatus];
  if (outcome === undefined) return invalid(RETURN_REDIRECT_STATUS_PARAM, `must be one of ${Object.keys(REDIRECT_STATUSES).join(', ')}`, orderId);
  return ok({ gateway: 'stripe', gatewayPaymentId: intentId, ...(orderId !== undefined && { claimedOrderId: orderId }), claimedStatus: outcome });
}

/** Each field once at most; an empty one counts as absent. */
function singleValues(query: StripeReturnQuery, fields: readonly string[]): Result<Record<string, string | undefined>, StripeCallbackError> {
  const raw: Record<string, string | undefined> = {};
  for (const field of fields) {
    const value = singleValue('Stripe', query, field);
    if (!value.ok) return value;
    raw[field] = value.value === '' ? undefined : value.value;
  }
  return ok(raw);
}

function invalid(field: string, problem: string, claimedOrderId?: string): Result<never, StripeCallbackError> {
  return invalidReturn('Stripe', field, problem, claimedOrderId === undefined ? {} : { claimedOrderId });
}
