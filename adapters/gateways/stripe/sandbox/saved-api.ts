import type Koa from 'koa';
import { integer, metadata, optionalString, requiredString, url } from './params.js';
import { type CardBehaviour, type IntentRecord, type Json, type PaymentMethodRecord, randomId, StripeApiError } from './records.js';
import { json, paymentMethodJson } from './rendering.js';
import type { StripeState } from './state.js';
import { STRIPE_MIN_AMOUNT } from './types.js';

/** Stripe's test PaymentMethods (docs.stripe.com/testing): each use makes a new `pm_…` with that card. */
export const STRIPE_TEST_PAYMENT_METHODS: Readonly<Record<string, { readonly brand: string; readonly last4: string; readonly behaviour: CardBehaviour }>> = {
  pm_card_visa: { brand: 'visa', last4: '4242', behaviour: 'succeeds' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', behaviour: 'succeeds' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', behaviour: 'declined' },
  pm_card_chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069', behaviour: 'expired' },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', behaviour: 'authentication' },
};

/** The Customer named by `customer`, which must exist (Stripe's 404 otherwise). */
export function customerOf(state: StripeState, id: string | undefined): string | null {
  if (id === undefined) return null;
  if (!state.customers.has(id)) throw new StripeApiError(400, 'invalid_request_error', `No such customer: '${id}'`, 'resource_missing', 'customer');
  return id;
}

/**
 * Customers (create, retrieve), PaymentMethods (retrieve, attach, detach, list by customer) and
 * PaymentIntents made on their own (create with `confirm` + `off_session`, confirm), answering
 * card errors as Stripe does: 402 `card_error` with `decline_code` and the PaymentIntent.
 */
export function savedMethodsApi(state: StripeState): (ctx: Koa.Context, route: string, params: Json) => boolean {
  const { customers, paymentMethods, intents, nowSeconds, emit, rendering, publicBaseUrl, chargeIntent } = state;

  function method(id: string, param: string): PaymentMethodRecord {
    const test = STRIPE_TEST_PAYMENT_METHODS[id];
    if (test !== undefined) {
      const pm: PaymentMethodRecord = { id: `pm_${randomId(24)}`, ...test, expMonth: 12, expYear: 2034, wallet: null, customer: null, created: nowSeconds() };
      paymentMethods.set(pm.id, pm);
      return pm;
    }
    const pm = paymentMethods.get(id);
    if (pm === undefined) throw new StripeApiError(404, 'invalid_request_error', `No such PaymentMethod: '${id}'`, 'resource_missing', param);
    return pm;
  }

  function intentOr404(id: string): IntentRecord {
    const pi = intents.get(id)?.intent ?? null;
    if (pi === null) throw new StripeApiError(404, 'invalid_request_error', `No such payment_intent: '${id}'`, 'resource_missing', 'intent');
    return pi;
  }

  function createCustomer(p: Json): Json {
    const c = { id: `cus_${randomId(14)}`, email: optionalString(p, 'email') ?? null, metadata: metadata(p['metadata'], 'metadata'), created: nowSeconds() };
    customers.set(c.id, c);
    return { ...c, object: 'customer', livemode: false, metadata: { ...c.metadata } };
  }

  function createIntent(p: Json): Json {
    const amount = integer(p, 'amount', 'amount');
    if (amount === undefined) throw new StripeApiError(400, 'invalid_request_error', 'Missing required param: amount.', 'parameter_missing', 'amount');
    if (amount < STRIPE_MIN_AMOUNT) throw new StripeApiError(400, 'invalid_request_error', 'Amount must be at least 50 cents', 'amount_too_small', 'amount');
    const currency = requiredString(p, 'currency');
    const customer = customerOf(state, optionalString(p, 'customer'));
    const pmId = optionalString(p, 'payment_method');
    const pm = pmId === undefined ? null : method(pmId, 'payment_method');
    if (pm !== null && pm.customer !== null && pm.customer !== customer) {
      throw new StripeApiError(400, 'invalid_request_error', `The provided PaymentMethod belongs to another Customer.`, 'payment_method_invalid_parameter', 'payment_method');
    }
    const pi: IntentRecord = {
      id: `pi_${randomId(24)}`,
      status: pm === null ? 'requires_payment_method' : 'requires_confirmation',
      amount,
      amountReceived: 0,
      currency,
      description: optionalString(p, 'description') ?? null,
      metadata: metadata(p['metadata'], 'metadata'),
      charge: null,
      lastPaymentError: null,
      canceledAt: null,
      created: nowSeconds(),
      customer,
      paymentMethod: pm,
      setupFutureUsage: optionalString(p, 'setup_future_usage') ?? null,
      returnUrl: p['return_url'] === undefined ? null : url(requiredString(p, 'return_url'), 'return_url'),
      nextActionUrl: null,
      clientSecret: '',
    };
    pi.clientSecret = `${pi.id}_secret_${randomId(25)}`;
    intents.set(pi.id, { id: pi.id, intent: pi });
    emit('payment_intent.created', rendering.intentJson(pi, false));
    if (p['confirm'] === 'true' || p['confirm'] === true) confirm(pi, p['off_session'] === 'true' || p['off_session'] === true);
    return rendering.intentJson(pi, false);
  }

  /** Charges the method: a success, a decline (402, the intent back to `requires_payment_method`) or the bank's page. */
  function confirm(pi: IntentRecord, offSession: boolean): void {
    const pm = pi.paymentMethod;
    if (pm == null)
      throw new StripeApiError(400, 'invalid_request_error', 'You cannot confirm this PaymentIntent because it is missing a payment method.', 'payment_intent_unexpected_state');
    if (pm.behaviour === 'succeeds') {
      chargeIntent(pi);
      emit('charge.succeeded', rendering.chargeJson(pi.charge as NonNullable<IntentRecord['charge']>));
      emit('payment_intent.succeeded', rendering.intentJson(pi, false));
      return;
    }
    if (pm.behaviour === 'authentication' && !offSession) {
      if (pi.returnUrl == null) throw new StripeApiError(400, 'invalid_request_error', 'A return_url is needed to confirm this PaymentIntent.', 'parameter_missing', 'return_url');
      pi.status = 'requires_action';
      pi.nextActionUrl = `${publicBaseUrl}/3ds/${pi.id}`;
      emit('payment_intent.requires_action', rendering.intentJson(pi, false));
      return;
    }
    const [code, decline, message] =
      pm.behaviour === 'declined'
        ? ['card_declined', 'generic_decline', 'Your card was declined.']
        : pm.behaviour === 'expired'
          ? ['expired_card', 'expired_card', 'Your card has expired.']
          : ['authentication_required', 'authentication_required', 'Your card was declined. This transaction requires authentication.'];
    pi.status = 'requires_payment_method';
    pi.lastPaymentError = { type: 'card_error', code, decline_code: decline, message, payment_method: paymentMethodJson(pm) };
    emit('payment_intent.payment_failed', rendering.intentJson(pi, false));
    throw new StripeApiError(402, 'card_error', message, code, undefined, { decline_code: decline, payment_intent: rendering.intentJson(pi, false) });
  }

  return (ctx, route, p) => {
    const post = ctx.method === 'POST';
    let m: RegExpExecArray | null;
    const id = () => decodeURIComponent(m?.[1] ?? '');
    if (route === '/v1/customers' && post) json(ctx, 200, createCustomer(p));
    else if ((m = /^\/v1\/customers\/([^/]+)$/.exec(route)) !== null && !post) {
      const c = customers.get(id());
      if (c === undefined) throw new StripeApiError(404, 'invalid_request_error', `No such customer: '${id()}'`, 'resource_missing', 'id');
      json(ctx, 200, { ...c, object: 'customer', livemode: false });
    } else if (route === '/v1/payment_methods' && !post) {
      const customer = requiredString(p, 'customer');
      const data = [...paymentMethods.values()].filter((pm) => pm.customer === customer).reverse();
      json(ctx, 200, { object: 'list', data: data.map(paymentMethodJson), has_more: false, url: '/v1/payment_methods' });
    } else if ((m = /^\/v1\/payment_methods\/([^/]+)$/.exec(route)) !== null && !post) json(ctx, 200, paymentMethodJson(method(id(), 'payment_method')));
    else if ((m = /^\/v1\/payment_methods\/([^/]+)\/attach$/.exec(route)) !== null && post) {
      const pm = method(id(), 'payment_method');
      pm.customer = customerOf(state, requiredString(p, 'customer'));
      emit('payment_method.attached', paymentMethodJson(pm));
      json(ctx, 200, paymentMethodJson(pm));
    } else if ((m = /^\/v1\/payment_methods\/([^/]+)\/detach$/.exec(route)) !== null && post) {
      const pm = method(id(), 'payment_method');
      if (pm.customer === null)
        throw new StripeApiError(400, 'invalid_request_error', 'The payment method you provided is not attached to a customer so detachment is impossible.');
      pm.customer = null;
      emit('payment_method.detached', paymentMethodJson(pm));
      json(ctx, 200, paymentMethodJson(pm));
    } else if (route === '/v1/payment_intents' && post) json(ctx, 200, createIntent(p));
    else if ((m = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(route)) !== null && post) {
      const pi = intentOr404(id());
      if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
        throw new StripeApiError(400, 'invalid_request_error', `This PaymentIntent's status is ${pi.status}, it cannot be confirmed.`, 'payment_intent_unexpected_state');
      }
      if (p['return_url'] !== undefined) pi.returnUrl = url(requiredString(p, 'return_url'), 'return_url');
      if (p['payment_method'] !== undefined) pi.paymentMethod = method(requiredString(p, 'payment_method'), 'payment_method');
      confirm(pi, p['off_session'] === 'true');
      json(ctx, 200, rendering.intentJson(pi, false));
    } else return false;
    return true;
  };
}
