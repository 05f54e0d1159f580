import type Koa from 'koa';
import { headersOf, isRecord, readBody, sameSecret, sendJsonText } from '../../sandbox-kit/index.js';
import { STRIPE_API_VERSION } from '../client.js';
import { decodeForm, expansions, integer, metadata, optionalString, requiredString, url } from './params.js';
import { type ChargeRecord, type IntentRecord, type Json, randomId, type RefundRecord, SESSION_PARAMS, type SessionRecord, StripeApiError, THREE_DECIMAL } from './records.js';
import { json } from './rendering.js';
import { customerOf, savedMethodsApi } from './saved-api.js';
import type { StripeState } from './state.js';
import { STRIPE_MAX_AMOUNT, STRIPE_MIN_AMOUNT } from './types.js';

/**
 * The parts of Stripe's API the adapter uses: Checkout Sessions (create, retrieve with `expand`,
 * expire), PaymentIntents, Refunds; form-encoded bodies, `Authorization: Bearer sk_…`,
 * `Idempotency-Key` replay and Stripe's error JSON.
 */
export function stripeApi(state: StripeState): (ctx: Koa.Context, route: string) => Promise<void> {
  const { options, now, nowSeconds, expiresInSeconds, sessions, intents, refunds, idempotency, requestLog, failures, emit, rendering, current, expireSession, refundable } = state;
  const { chargeJson, intentJson, sessionJson, refundJson } = rendering;
  const saved = savedMethodsApi(state);

  async function api(ctx: Koa.Context, route: string): Promise<void> {
    const rawBody = await readBody(ctx.req);
    const isForm = typeof ctx.is('application/x-www-form-urlencoded') === 'string';
    const params = decodeForm(ctx.method === 'GET' ? ctx.querystring : isForm ? rawBody : '');
    const requestId = `req_${randomId(14)}`;
    ctx.set('Request-Id', requestId);
    ctx.set('Stripe-Version', ctx.get('stripe-version') || STRIPE_API_VERSION);
    const idempotencyKey = ctx.method === 'POST' ? ctx.get('idempotency-key') : '';
    if (idempotencyKey !== '') ctx.set('Idempotency-Key', idempotencyKey);
    let executing: string | undefined;
    try {
      const failure = failures.take();
      if (failure !== undefined) {
        throw new StripeApiError(
          failure,
          failure === 429 ? 'invalid_request_error' : 'api_error',
          failure === 429 ? 'Too many requests.' : 'An unknown error occurred',
          failure === 429 ? 'rate_limit' : undefined,
        );
      }
      authenticate(ctx.get('authorization'), options.secretKey);
      if (idempotencyKey !== '') {
        if (idempotencyKey.length > 255) throw new StripeApiError(400, 'invalid_request_error', 'Idempotency keys must be at most 255 characters long.');
        const fingerprint = JSON.stringify(params);
        const earlier = idempotency.get(idempotencyKey);
        if (earlier !== undefined) {
          if (earlier.method !== ctx.method || earlier.path !== route || earlier.fingerprint !== fingerprint) {
            throw new StripeApiError(
              400,
              'idempotency_error',
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            );
          }
          ctx.set('Idempotent-Replayed', 'true');
          return sendJsonText(ctx, earlier.status, earlier.body);
        }
        executing = fingerprint;
        route_(ctx, route, params);
        // Stripe saves the result once execution began, errors included.
        idempotency.set(idempotencyKey, { method: ctx.method, path: route, fingerprint, status: ctx.status, body: String(ctx.body) });
        return;
      }
      route_(ctx, route, params);
    } catch (e) {
      if (!(e instanceof StripeApiError)) throw e;
      const error: Json = { type: e.type, message: e.message };
      if (e.code !== undefined) {
        error['code'] = e.code;
        error['doc_url'] = `https://stripe.com/docs/error-codes/${e.code.replace(/_/g, '-')}`;
      }
      if (e.param !== undefined) error['param'] = e.param;
      if (e.extra !== undefined) Object.assign(error, e.extra);
      error['request_log_url'] = `https://dashboard.stripe.com/test/logs/${requestId}`;
      json(ctx, e.httpStatus, { error });
      // A card error comes after execution began: Stripe keeps it for the key (a validation error it does not).
      if (executing !== undefined && e.type === 'card_error') {
        idempotency.set(idempotencyKey, { method: ctx.method, path: route, fingerprint: executing, status: ctx.status, body: String(ctx.body) });
      }
    } finally {
      requestLog.push({
        at: now().toISOString(),
        method: ctx.method,
        path: ctx.path,
        headers: headersOf(ctx.req),
        params,
        rawBody,
        status: ctx.status,
      });
    }
  }

  function route_(ctx: Koa.Context, route: string, params: Json): void {
    const method = ctx.method;
    let m: RegExpExecArray | null;
    if (route === '/v1/checkout/sessions' && method === 'POST') return createSession(ctx, params);
    if ((m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(route)) !== null && method === 'GET') {
      return json(ctx, 200, sessionJson(sessionOr404(decodeURIComponent(m[1] ?? '')), expansions(params)));
    }
    if ((m = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(route)) !== null && method === 'POST') {
      const s = sessionOr404(decodeURIComponent(m[1] ?? ''));
      if (s.status !== 'open') {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
        );
      }
      expireSession(s);
      return json(ctx, 200, sessionJson(s, expansions(params)));
    }
    if ((m = /^\/v1\/payment_intents\/([^/]+)$/.exec(route)) !== null && method === 'GET') {
      const id = decodeURIComponent(m[1] ?? '');
      const s = intents.get(id);
      if (s === undefined || s.intent === null) throw new StripeApiError(404, 'invalid_request_error', `No such payment_intent: '${id}'`, 'resource_missing', 'intent');
      current(s.id);
      return json(ctx, 200, intentJson(s.intent, expansions(params).has('latest_charge')));
    }
    if (saved(ctx, route, params)) return;
    if (route === '/v1/refunds' && method === 'POST') return createRefund(ctx, params);
    if (route === '/v1/refunds' && method === 'GET') return listRefunds(ctx, params);
    if ((m = /^\/v1\/refunds\/([^/]+)$/.exec(route)) !== null && method === 'GET') {
      const id = decodeURIComponent(m[1] ?? '');
      const r = refunds.get(id);
      if (r === undefined) throw new StripeApiError(404, 'invalid_request_error', `No such refund: '${id}'`, 'resource_missing', 'id');
      return json(ctx, 200, refundJson(r));
    }
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${route}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  function sessionOr404(id: string): SessionRecord {
    const s = current(id);
    if (s === undefined) throw new StripeApiError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, 'resource_missing', 'session');
    return s;
  }

  function createSession(ctx: Koa.Context, p: Json): void {
    for (const key of Object.keys(p)) {
      if (!SESSION_PARAMS.has(key)) throw new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${key}`, 'parameter_unknown', key);
    }
    const mode = requiredString(p, 'mode');
    if (mode !== 'payment') {
      throw new StripeApiError(400, 'invalid_request_error', `The sandbox only imitates mode=payment, got ${mode}.`, 'parameter_invalid_string', 'mode');
    }
    const successUrl = url(requiredString(p, 'success_url'), 'success_url');
    const cancelUrl = p['cancel_url'] === undefined ? null : url(requiredString(p, 'cancel_url'), 'cancel_url');
    const items = p['line_items'];
    if (items === undefined) throw new StripeApiError(400, 'invalid_request_error', 'Missing required param: line_items.', 'parameter_missing', 'line_items');
    if (!Array.isArray(items) || items.length === 0) {
      throw new StripeApiError(400, 'invalid_request_error', 'Invalid array', 'parameter_invalid_empty', 'line_items');
    }
    let total = 0;
    let currency: string | undefined;
    const names: string[] = [];
    const lineItems: Json[] = [];
    items.forEach((item: unknown, i) => {
      const at = `line_items[${i}]`;
      if (!isRecord(item)) throw new StripeApiError(400, 'invalid_request_error', 'Invalid object', 'parameter_invalid_empty', at);
      if (item['price'] !== undefined) {
        throw new StripeApiError(400, 'invalid_request_error', `No such price: '${String(item['price'])}'`, 'resource_missing', `${at}[price]`);
      }
      const priceData = item['price_data'];
      if (!isRecord(priceData)) {
        throw new StripeApiError(400, 'invalid_request_error', `You must specify either \`price\` or \`price_data\` in ${at}.`, 'parameter_missing', `${at}[price_data]`);
      }
      const itemCurrency = requiredString(priceData, 'currency', `${at}[price_data][currency]`);
      if (!/^[a-z]{3}$/.test(itemCurrency)) {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `Invalid currency: ${itemCurrency}. Stripe currently supports these currencies: usd, eur, gbp, npr, inr, zar, jpy, …`,
          'parameter_invalid_string',
          `${at}[price_data][currency]`,
        );
      }
      if (currency !== undefined && currency !== itemCurrency) {
        throw new StripeApiError(400, 'invalid_request_error', 'All line items must use the same currency.', 'parameter_invalid_string', `${at}[price_data][currency]`);
      }
      currency = itemCurrency;
      const unitAmount = integer(priceData, 'unit_amount', `${at}[price_data][unit_amount]`);
      if (unitAmount === undefined)
        throw new StripeApiError(400, 'invalid_request_error', `Missing required param: ${at}[price_data][unit_amount].`, 'parameter_missing', `${at}[price_data][unit_amount]`);
      if (unitAmount < 0)
        throw new StripeApiError(400, 'invalid_request_error', 'This value must be greater than or equal to 0.', 'parameter_invalid_integer', `${at}[price_data][unit_amount]`);
      // Stripe support, "Deprecation of fractional ISK charges and refunds": this code and message.
      if (itemCurrency === 'isk' && unitAmount % 100 !== 0) {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          'Invalid amount. Currency ISK has become effectively zero-decimal and charged amounts must be evenly divisible by 100. See https://stripe.com/docs/currencies#special-cases for more information.',
          'invalid_charge_amount_no_decimal_compatible',
          `${at}[price_data][unit_amount]`,
        );
      }
      // Stripe documents the rule (last digit 0) but not its error; code and text are the sandbox's.
      if (THREE_DECIMAL.has(itemCurrency) && unitAmount % 10 !== 0) {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `Invalid amount. Amounts in ${itemCurrency.toUpperCase()} must end in 0.`,
          'invalid_charge_amount',
          `${at}[price_data][unit_amount]`,
        );
      }
      const product = priceData['product_data'];
      const name = isRecord(product) ? product['name'] : undefined;
      if (typeof name !== 'string' || name.trim() === '') {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          `Missing required param: ${at}[price_data][product_data][name].`,
          'parameter_missing',
          `${at}[price_data][product_data][name]`,
        );
      }
      const quantity = integer(item, 'quantity', `${at}[quantity]`);
      if (quantity === undefined) throw new StripeApiError(400, 'invalid_request_error', `Missing required param: ${at}[quantity].`, 'parameter_missing', `${at}[quantity]`);
      if (quantity < 1) throw new StripeApiError(400, 'invalid_request_error', 'This value must be greater than or equal to 1.', 'parameter_invalid_integer', `${at}[quantity]`);
      total += unitAmount * quantity;
      names.push(name);
      lineItems.push({ name, unit_amount: unitAmount, quantity });
    });
    if (currency === undefined) throw new StripeApiError(400, 'invalid_request_error', 'Missing required param: line_items.', 'parameter_missing', 'line_items');
    if (total < STRIPE_MIN_AMOUNT) {
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `The Checkout Session's total amount due must add up to at least ${STRIPE_MIN_AMOUNT} ${currency} (smallest unit).`,
        'amount_too_small',
        'line_items',
      );
    }
    if (total > STRIPE_MAX_AMOUNT) {
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `The Checkout Session's total amount due must be no more than ${STRIPE_MAX_AMOUNT} ${currency} (smallest unit).`,
        'amount_too_large',
        'line_items',
      );
    }
    const clientReferenceId = optionalString(p, 'client_reference_id');
    if (clientReferenceId !== undefined && clientReferenceId.length > 200) {
      throw new StripeApiError(400, 'invalid_request_error', 'Invalid string: must be at most 200 characters', 'parameter_invalid_string', 'client_reference_id');
    }
    const created = nowSeconds();
    let expiresAt = created + expiresInSeconds;
    if (p['expires_at'] !== undefined) {
      const requested = integer(p, 'expires_at', 'expires_at') ?? 0;
      if (requested < created + 1800 || requested > created + 86_400) {
        throw new StripeApiError(
          400,
          'invalid_request_error',
          'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
          'parameter_invalid_integer',
          'expires_at',
        );
      }
      expiresAt = requested;
    }
    const intentData = p['payment_intent_data'];
    const s: SessionRecord = {
      id: `cs_test_${randomId(58)}`,
      status: 'open',
      paymentStatus: 'unpaid',
      amountTotal: total,
      currency,
      productName: names.join(', '),
      lineItems,
      clientReferenceId: clientReferenceId ?? null,
      customerEmail: optionalString(p, 'customer_email') ?? null,
      metadata: metadata(p['metadata'], 'metadata'),
      intentMetadata: isRecord(intentData) ? metadata(intentData['metadata'], 'payment_intent_data[metadata]') : {},
      intentDescription: isRecord(intentData) && typeof intentData['description'] === 'string' ? intentData['description'] : null,
      customer: customerOf(state, optionalString(p, 'customer')),
      setupFutureUsage: isRecord(intentData) && typeof intentData['setup_future_usage'] === 'string' ? intentData['setup_future_usage'] : null,
      successUrl,
      cancelUrl,
      created,
      expiresAt,
      intent: null,
    };
    sessions.set(s.id, s);
    json(ctx, 200, sessionJson(s, expansions(p)));
  }

  function createRefund(ctx: Koa.Context, p: Json): void {
    const piId = optionalString(p, 'payment_intent');
    const chargeId = optionalString(p, 'charge');
    if (piId === undefined && chargeId === undefined) {
      throw new StripeApiError(400, 'invalid_request_error', 'One of the following params should be provided for this request: payment_intent or charge.');
    }
    let charge: ChargeRecord | null = null;
    let pi: IntentRecord | null = null;
    if (piId !== undefined) {
      const s = intents.get(piId);
      if (s === undefined || s.intent === null) throw new StripeApiError(404, 'invalid_request_error', `No such payment_intent: '${piId}'`, 'resource_missing', 'payment_intent');
      pi = s.intent;
      charge = pi.status === 'succeeded' ? pi.charge : null;
      if (charge === null) throw new StripeApiError(400, 'invalid_request_error', `This PaymentIntent (${piId}) does not have a successful charge to refund.`);
    } else {
      for (const s of sessions.values()) if (s.intent?.charge != null && s.intent.charge.id === chargeId) charge = s.intent.charge;
      if (charge === null) throw new StripeApiError(404, 'invalid_request_error', `No such charge: '${chargeId ?? ''}'`, 'resource_missing', 'charge');
    }
    const left = refundable(charge);
    if (left <= 0) throw new StripeApiError(400, 'invalid_request_error', `Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    const amount = p['amount'] === undefined ? left : (integer(p, 'amount', 'amount') ?? left);
    if (amount < 1) throw new StripeApiError(400, 'invalid_request_error', 'This value must be greater than or equal to 1.', 'parameter_invalid_integer', 'amount');
    if (amount > left) {
      throw new StripeApiError(
        400,
        'invalid_request_error',
        `Refund amount (${amount} ${charge.currency}) is greater than unrefunded amount on charge (${left} ${charge.currency})`,
        'amount_too_large',
        'amount',
      );
    }
    const r: RefundRecord = {
      id: `re_${randomId(24)}`,
      amount,
      currency: charge.currency,
      charge,
      status: state.nextRefundStatus,
      metadata: metadata(p['metadata'], 'metadata'),
      failureReason: state.nextRefundStatus === 'failed' ? 'unknown' : null,
      created: nowSeconds(),
    };
    refunds.set(r.id, r);
    if (r.status === 'succeeded') charge.amountRefunded += amount;
    emit('refund.created', refundJson(r));
    if (r.status === 'succeeded') emit('charge.refunded', chargeJson(charge));
    if (r.status === 'failed') emit('refund.failed', refundJson(r));
    json(ctx, 200, refundJson(r));
  }

  /** `GET /v1/refunds[?payment_intent=…|charge=…][&limit=…]`: a list object, newest first, as Stripe pages it. */
  function listRefunds(ctx: Koa.Context, p: Json): void {
    const piId = optionalString(p, 'payment_intent');
    const chargeId = optionalString(p, 'charge');
    const limit = integer(p, 'limit', 'limit') ?? 10;
    if (limit < 1 || limit > 100) throw new StripeApiError(400, 'invalid_request_error', 'This value must be between 1 and 100.', 'parameter_invalid_integer', 'limit');
    if (piId !== undefined && (intents.get(piId)?.intent ?? null) === null) {
      throw new StripeApiError(404, 'invalid_request_error', `No such payment_intent: '${piId}'`, 'resource_missing', 'payment_intent');
    }
    const matching = [...refunds.values()]
      .filter((r) => (piId === undefined || r.charge.paymentIntentId === piId) && (chargeId === undefined || r.charge.id === chargeId))
      .reverse();
    const query = new URLSearchParams({ ...(piId !== undefined && { payment_intent: piId }), ...(chargeId !== undefined && { charge: chargeId }) }).toString();
    json(ctx, 200, { object: 'list', data: matching.slice(0, limit).map(refundJson), has_more: matching.length > limit, url: `/v1/refunds${query === '' ? '' : `?${query}`}` });
  }

  return api;
}

/** `Bearer <key>` or Basic `<key>:`, as Stripe accepts; its messages for a missing or wrong key. */
function authenticate(header: string, secretKey: string): void {
  let key: string | undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') key = value;
  else if (scheme?.toLowerCase() === 'basic' && value !== undefined) key = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  if (key === undefined || key === '') {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (!sameSecret(key, secretKey)) {
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);
  }
}
