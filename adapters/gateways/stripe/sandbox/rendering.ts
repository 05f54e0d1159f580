import type Koa from 'koa';
import { sendJsonText } from '../../sandbox-kit/index.js';
import { type ChargeRecord, type IntentRecord, type Json, type PaymentMethodRecord, randomId, type RefundRecord, type SessionRecord } from './records.js';
import type { StripeSandboxSession } from './types.js';

/** Sessions, PaymentIntents, Charges and Refunds as Stripe's API renders them. */
export interface StripeRendering {
  chargeJson(c: ChargeRecord): Json;
  intentJson(pi: IntentRecord, expandCharge: boolean): Json;
  sessionJson(s: SessionRecord, expand: ReadonlySet<string>): Json;
  refundJson(r: RefundRecord): Json;
  /** A session with its PaymentIntent and Charge expanded, as the controls report it. */
  fullSession(s: SessionRecord): StripeSandboxSession;
}

export function stripeRendering(publicBaseUrl: string): StripeRendering {
  function chargeJson(c: ChargeRecord): Json {
    return {
      id: c.id,
      object: 'charge',
      amount: c.amount,
      amount_captured: c.amount,
      amount_refunded: c.amountRefunded,
      captured: true,
      created: c.created,
      currency: c.currency,
      livemode: false,
      metadata: { ...c.metadata },
      paid: true,
      payment_intent: c.paymentIntentId,
      refunded: c.amountRefunded >= c.amount,
      status: 'succeeded',
      payment_method: c.paymentMethod?.id ?? null,
      payment_method_details: c.paymentMethod == null ? null : { type: 'card', card: cardJson(c.paymentMethod) },
    };
  }

  function intentJson(pi: IntentRecord, expandCharge: boolean): Json {
    return {
      id: pi.id,
      object: 'payment_intent',
      client_secret: pi.clientSecret ?? `${pi.id}_secret_${randomId(25)}`,
      amount: pi.amount,
      amount_capturable: 0,
      amount_received: pi.amountReceived,
      canceled_at: pi.canceledAt,
      cancellation_reason: pi.canceledAt === null ? null : 'automatic',
      capture_method: 'automatic_async',
      confirmation_method: 'automatic',
      created: pi.created,
      currency: pi.currency,
      description: pi.description,
      last_payment_error: pi.lastPaymentError,
      latest_charge: pi.charge === null ? null : expandCharge ? chargeJson(pi.charge) : pi.charge.id,
      livemode: false,
      metadata: { ...pi.metadata },
      payment_method_types: ['card'],
      status: pi.status,
      customer: pi.customer ?? null,
      payment_method: pi.paymentMethod?.id ?? null,
      setup_future_usage: pi.setupFutureUsage ?? null,
      next_action:
        pi.status === 'requires_action' && pi.nextActionUrl != null
          ? { type: 'redirect_to_url', redirect_to_url: { url: pi.nextActionUrl, return_url: pi.returnUrl ?? null } }
          : null,
    };
  }

  function sessionJson(s: SessionRecord, expand: ReadonlySet<string>): Json {
    const pi = s.intent;
    return {
      id: s.id,
      object: 'checkout.session',
      amount_subtotal: s.amountTotal,
      amount_total: s.amountTotal,
      cancel_url: s.cancelUrl,
      client_reference_id: s.clientReferenceId,
      created: s.created,
      currency: s.currency,
      customer_email: s.customerEmail,
      expires_at: s.expiresAt,
      livemode: false,
      metadata: { ...s.metadata },
      mode: 'payment',
      payment_intent: pi === null ? null : expand.has('payment_intent') ? intentJson(pi, expand.has('payment_intent.latest_charge')) : pi.id,
      payment_method_types: ['card'],
      payment_status: s.paymentStatus,
      status: s.status,
      success_url: s.successUrl,
      ui_mode: 'hosted',
      url: s.status === 'open' ? hostedPageUrl(s) : null,
    };
  }

  function refundJson(r: RefundRecord): Json {
    return {
      id: r.id,
      object: 'refund',
      amount: r.amount,
      charge: r.charge.id,
      created: r.created,
      currency: r.currency,
      failure_reason: r.failureReason,
      metadata: { ...r.metadata },
      payment_intent: r.charge.paymentIntentId,
      reason: null,
      status: r.status,
    };
  }

  const hostedPageUrl = (s: SessionRecord): string => `${publicBaseUrl}/c/pay/${s.id}`;
  const fullSession = (s: SessionRecord): StripeSandboxSession =>
    structuredClone(sessionJson(s, new Set(['payment_intent', 'payment_intent.latest_charge']))) as unknown as StripeSandboxSession;

  return { chargeJson, intentJson, sessionJson, refundJson, fullSession };
}

/** A card as Stripe shows it on a PaymentMethod or a charge: brand, last four, expiry, wallet; never the number. */
export function cardJson(pm: PaymentMethodRecord): Json {
  return {
    brand: pm.brand,
    country: 'US',
    exp_month: pm.expMonth,
    exp_year: pm.expYear,
    funding: 'credit',
    last4: pm.last4,
    wallet: pm.wallet === null ? null : { type: pm.wallet, [pm.wallet]: {} },
  };
}

/** A PaymentMethod as `/v1/payment_methods/{id}` renders it. */
export function paymentMethodJson(pm: PaymentMethodRecord): Json {
  return { id: pm.id, object: 'payment_method', type: 'card', card: cardJson(pm), customer: pm.customer, created: pm.created, livemode: false, metadata: {} };
}

/** Answers JSON as Stripe lays it out: pretty-printed with two spaces. */
export function json(ctx: Koa.Context, status: number, body: unknown): void {
  sendJsonText(ctx, status, JSON.stringify(body, null, 2));
}
