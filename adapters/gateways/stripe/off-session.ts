import { GatewayRejectedError, type InitiatePaymentRequest, type InitiatedPayment } from '../../../src/payments/ports/payment-gateway.js';
import { StripeCardDeclined, type StripeClient, type StripePaymentIntent, type StripePaymentIntentCreate } from './client.js';

/** The calls a payment with a saved method makes. */
export type OffSessionApi = Pick<StripeClient, 'createPaymentIntent' | 'confirmPaymentIntent'>;

/** Query parameters of the return from a PaymentIntent's confirmation, as Stripe (and Stripe.js) put them on `return_url`. */
export const RETURN_PAYMENT_INTENT_PARAM = 'payment_intent';
export const RETURN_REDIRECT_STATUS_PARAM = 'redirect_status';

/**
 * Pays with a saved method, the shopper away: `POST /v1/payment_intents` with `confirm` and
 * `off_session`, under the saga's idempotency key.
 * - `succeeded` / `processing`: the browser goes straight back to our return URL with
 *   `payment_intent=pi_…&redirect_status=…`, as Stripe.js sends it after a confirmation;
 * - the bank asks for authentication: Stripe answers 402 `authentication_required` with the
 *   PaymentIntent; confirming it again on-session with `return_url` (the shopper is at our
 *   checkout) gives `next_action.redirect_to_url`, where the shopper authenticates and from
 *   which Stripe sends the browser back to `return_url`;
 * - any other card error (`card_declined`, `expired_card`) is a `GatewayRejectedError` keyed by
 *   Stripe's decline code: nothing is taken.
 * Both calls are replayed by Stripe on a retried activity (their answers, errors included, are
 * kept per key), so a retry never pays twice.
 */
export async function payOffSession(
  api: OffSessionApi,
  request: InitiatePaymentRequest,
  amount: { readonly amount: number; readonly currency: string },
  method: { readonly gatewayCustomerId: string; readonly gatewayMethodId: string },
): Promise<Omit<InitiatedPayment, 'expiresAt'>> {
  const returnUrl = withQuery(request.returnUrl, `order_id=${encodeURIComponent(request.orderId)}`);
  const params: StripePaymentIntentCreate = {
    amount: amount.amount,
    currency: amount.currency,
    customer: method.gatewayCustomerId,
    payment_method: method.gatewayMethodId,
    confirm: true,
    off_session: true,
    metadata: { order_id: request.orderId },
    description: request.description,
    return_url: returnUrl,
  };
  let intent: StripePaymentIntent;
  try {
    intent = await api.createPaymentIntent(params, request.idempotencyKey);
  } catch (e) {
    if (!(e instanceof StripeCardDeclined) || e.code !== 'authentication_required' || e.paymentIntentId === undefined) throw e;
    intent = await api.confirmPaymentIntent(e.paymentIntentId, { return_url: returnUrl }, request.idempotencyKey);
  }
  return { gatewayPaymentId: intent.id, action: { type: 'redirect', url: nextStep(intent, returnUrl) } };
}

function nextStep(intent: StripePaymentIntent, returnUrl: string): string {
  switch (intent.status) {
    case 'succeeded':
    case 'processing':
      return withQuery(
        returnUrl,
        `${RETURN_PAYMENT_INTENT_PARAM}=${encodeURIComponent(intent.id)}&${RETURN_REDIRECT_STATUS_PARAM}=${intent.status === 'succeeded' ? 'succeeded' : 'processing'}`,
      );
    case 'requires_action': {
      const url = intent.next_action?.redirect_to_url?.url;
      if (typeof url === 'string' && url !== '') return url;
      throw new GatewayRejectedError(
        'stripe',
        'unsupported_next_action',
        `Stripe payment intent ${intent.id} asks for ${intent.next_action?.type ?? 'an action'} without a redirect`,
      );
    }
    default:
      throw new GatewayRejectedError('stripe', intent.status, `Stripe payment intent ${intent.id} is ${intent.status} after confirmation: not paid`);
  }
}

/** `base` with `query` appended before any `#fragment`; the query's text is kept as given. */
export function withQuery(base: string, query: string): string {
  const hashAt = base.indexOf('#');
  const beforeHash = hashAt === -1 ? base : base.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : base.slice(hashAt);
  const separator = !beforeHash.includes('?') ? '?' : beforeHash.endsWith('?') || beforeHash.endsWith('&') ? '' : '&';
  return `${beforeHash}${separator}${query}${hash}`;
}
