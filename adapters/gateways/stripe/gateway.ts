import { GatewayRejectedError } from '../../../src/payments/ports/payment-gateway.js';
import type * as Port from '../../../src/payments/ports/payment-gateway.js';
import { amountOrReject } from '../mapping.js';
import { liveFirst } from '../refund-reads.js';
import type { Money } from '../../../src/shared/money.js';
import { PaymentWindow, type PaymentWindowOptions } from '../payment-window.js';
import type { StripeCheckoutSessionCreate, StripeClient, StripePaymentIntent } from './client.js';
import { toIntentStatusReport, toPaymentStatusReport, toRefundReport, toStripeAmount } from './mapper.js';
import { payOffSession, type OffSessionApi, withQuery } from './off-session.js';

/** The part of `StripeClient` the gateway needs; lets a test hand in a stand-in. */
export type StripeApi = Pick<StripeClient, 'createCheckoutSession' | 'retrieveCheckoutSession' | 'retrievePaymentIntent' | 'createRefund'> &
  Partial<Pick<StripeClient, 'retrieveRefund' | 'listRefunds'>> &
  Partial<OffSessionApi>;

/** How long the saga waits on an off-session payment that needs the shopper's authentication: the checkout's usual 30 min. */
export const STRIPE_DEFAULT_PAYMENT_WINDOW_SECONDS = 1800;

/** Stripe fills this in on `success_url` (documented for `success_url` only). */
export const CHECKOUT_SESSION_ID_TEMPLATE = '{CHECKOUT_SESSION_ID}';
/** Our own query parameters on the return URLs (unsigned: hints only). */
export const RETURN_OUTCOME_PARAM = 'stripe_checkout';
export const RETURN_ORDER_PARAM = 'order_id';
export const RETURN_SESSION_PARAM = 'session_id';
/** Metadata key carrying our order id on the session and its PaymentIntent. */
export const ORDER_ID_METADATA_KEY = 'order_id';
/** Metadata key carrying our refund id on a refund, by which one whose answer was lost is found again. */
export const REFUND_ID_METADATA_KEY = 'paysaga_refund_id';

/**
 * `PaymentGateway` over Stripe Checkout (hosted page): `initiate` creates a Checkout Session
 * (`mode=payment`, one line item for the order's amount, our order id as `client_reference_id`
 * and metadata) and redirects to its `url`; `gatewayPaymentId` is the session id. `lookup`
 * re-reads the session and its PaymentIntent from Stripe; only `complete`/`paid` with a
 * succeeded PaymentIntent is completed.
 *
 * Both creating calls send a deterministic `Idempotency-Key` derived from the saga's key, and
 * their parameters depend only on the request, so a retried activity replays Stripe's first
 * answer instead of making a second session or refund. (That is why `expires_at` is not sent:
 * a clock-derived value would differ between retries and Stripe rejects a key reused with other
 * parameters; sessions get Stripe's default 24 h.)
 */
export class StripePaymentGateway implements Port.PaymentGateway {
  readonly id = 'stripe' as const;

  readonly #api: StripeApi;
  readonly #window: PaymentWindow;

  constructor(api: StripeApi, options: PaymentWindowOptions = {}) {
    this.#api = api;
    this.#window = PaymentWindow.of(options, STRIPE_DEFAULT_PAYMENT_WINDOW_SECONDS);
  }

  async initiate(request: Port.InitiatePaymentRequest): Promise<Port.InitiatedPayment> {
    const amount = amountOrReject('stripe', toStripeAmount(request.amount));
    const metadata = { [ORDER_ID_METADATA_KEY]: request.orderId };
    if (request.savedMethod !== undefined) {
      const api = this.#api;
      if (!hasOffSession(api)) throw new Error('this Stripe client cannot pay with saved methods');
      const paid = await payOffSession(api, request, amount, request.savedMethod);
      return { ...paid, expiresAt: this.#window.expiresAt() };
    }
    const saveFor = request.saveFor;
    const params: StripeCheckoutSessionCreate = {
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: amount.currency, unit_amount: amount.amount, product_data: { name: request.description } },
          quantity: 1,
        },
      ],
      success_url: returnUrl(request.returnUrl, 'success', request.orderId),
      cancel_url: returnUrl(request.returnUrl, 'cancel', request.orderId),
      client_reference_id: request.orderId,
      metadata,
      payment_intent_data: { metadata, description: request.description, ...(saveFor !== undefined && { setup_future_usage: 'off_session' as const }) },
      // Stripe takes either a Customer or an email; the Customer has the shopper's. A method to
      // keep must be reusable off-session: cards, with Google Pay (and Apple Pay), which
      // Checkout offers as part of `card` where the browser has them.
      ...(saveFor !== undefined
        ? { customer: saveFor.gatewayCustomerId, payment_method_types: ['card'] }
        : request.customer?.email !== undefined && { customer_email: request.customer.email }),
    };
    const session = await this.#api.createCheckoutSession(params, request.idempotencyKey);
    if (session.url === null || session.url === undefined || session.url === '') {
      throw new GatewayRejectedError('stripe', 'missing_url', `Stripe create checkout session: session ${session.id} has no hosted page url`);
    }
    return {
      gatewayPaymentId: session.id,
      action: { type: 'redirect', url: session.url },
      expiresAt: new Date(session.expires_at * 1000).toISOString(),
    };
  }

  /** Stripe reports the currency it charged; a mismatch with `expected` is caught in verification. */
  async lookup(gatewayPaymentId: string, _expected: Money): Promise<Port.PaymentStatusReport> {
    // A saved method paid off-session has no session: its id is the PaymentIntent's.
    if (gatewayPaymentId.startsWith('pi_')) return toIntentStatusReport(await this.#api.retrievePaymentIntent(gatewayPaymentId));
    const session = await this.#api.retrieveCheckoutSession(gatewayPaymentId);
    return toPaymentStatusReport({ session, paymentIntent: await this.#intentOf(session.payment_intent) });
  }

  /**
   * Refunds through `POST /v1/refunds` against the PaymentIntent (`transactionId` of the
   * completed report). Card refunds usually answer `succeeded` at once; `pending` stays pending.
   */
  async refund(request: Port.RefundRequest): Promise<Port.RefundReport> {
    if (request.amount.currency !== request.paid.currency) {
      throw new GatewayRejectedError('stripe', 'payments.currency_mismatch', `Stripe refund: ${request.amount.currency} refund of a ${request.paid.currency} payment`);
    }
    const amount = amountOrReject('stripe', toStripeAmount(request.amount));
    const paymentIntent = request.transactionId.startsWith('pi_') ? request.transactionId : await this.#paymentIntentIdOf(request.gatewayPaymentId);
    const refund = await this.#api.createRefund(
      {
        payment_intent: paymentIntent,
        amount: amount.amount,
        metadata: { reason: request.reason.slice(0, 500), ...(request.refundId !== undefined && { [REFUND_ID_METADATA_KEY]: request.refundId }) },
      },
      request.idempotencyKey,
    );
    return toRefundReport(refund);
  }

  /**
   * `GET /v1/refunds/{id}` when the refund's id is known. Otherwise the PaymentIntent's refunds
   * (`GET /v1/refunds?payment_intent=…`), ours being the one whose metadata carries our refund id:
   * never a second `POST /v1/refunds` to find out (its Idempotency-Key replays the first answer,
   * and Stripe forgets keys after 24 h).
   */
  async refundStatus(query: Port.RefundStatusQuery): Promise<Port.RefundStatusReport> {
    if (this.#api.retrieveRefund === undefined || this.#api.listRefunds === undefined) throw new Error('this Stripe client cannot read refunds');
    if (query.gatewayRefundId !== undefined) return toRefundReport(await this.#api.retrieveRefund(query.gatewayRefundId));
    const paymentIntent = query.transactionId.startsWith('pi_') ? query.transactionId : await this.#paymentIntentIdOf(query.gatewayPaymentId);
    const ours = (await this.#api.listRefunds(paymentIntent)).filter((r) => r.metadata?.[REFUND_ID_METADATA_KEY] === query.refundId).map(toRefundReport);
    return liveFirst(ours) ?? { status: 'absent', gatewayStatus: `no refund of ${paymentIntent} carries ${query.refundId}` };
  }

  async #intentOf(reference: string | StripePaymentIntent | null): Promise<StripePaymentIntent | null> {
    if (reference === null) return null;
    // The expansion was not honoured: read the intent on its own.
    if (typeof reference === 'string') return this.#api.retrievePaymentIntent(reference);
    return reference;
  }

  async #paymentIntentIdOf(sessionId: string): Promise<string> {
    if (sessionId.startsWith('pi_')) return sessionId;
    const session = await this.#api.retrieveCheckoutSession(sessionId);
    const intent = session.payment_intent;
    if (intent === null) throw new GatewayRejectedError('stripe', 'no_payment_intent', `Stripe refund: session ${sessionId} has no PaymentIntent to refund`);
    return typeof intent === 'string' ? intent : intent.id;
  }
}

function hasOffSession(api: StripeApi): api is StripeApi & OffSessionApi {
  return api.createPaymentIntent !== undefined && api.confirmPaymentIntent !== undefined;
}

/**
 * `returnUrl?stripe_checkout=success&order_id=…&session_id={CHECKOUT_SESSION_ID}`; the template
 * must stay literal (not percent-encoded) for Stripe to fill it in.
 */
function returnUrl(base: string, outcome: 'success' | 'cancel', orderId: string): string {
  return withQuery(base, `${RETURN_OUTCOME_PARAM}=${outcome}&${RETURN_ORDER_PARAM}=${encodeURIComponent(orderId)}&${RETURN_SESSION_PARAM}=${CHECKOUT_SESSION_ID_TEMPLATE}`);
}
