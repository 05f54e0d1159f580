import type Koa from 'koa';
import { basicCredentials, isRecord, type ParsedJson, sameSecret, sendJson, serveJsonApi } from '../../sandbox-kit/index.js';
import { ApiError, type CaptureRecord, cents, debugId, fromCents, isoSeconds, newId, newToken, notFound, type OrderRecord, type RefundRecord, TOKEN_SECONDS } from './records.js';
import type { paypalRepresentations } from './representations.js';
import type { PayPalState } from './state.js';
import type { PayPalSandboxMoney } from './types.js';
import { validateMoney, validateOrder } from './validation.js';
import { captureEvent, type PayPalWebhooks } from './webhooks.js';

/** PayPal's REST API: the OAuth2 token, Orders v2 create/get/capture, capture refunds and refund reads, with `PayPal-Request-Id` replay. */
export function paypalApi(state: PayPalState, json: ReturnType<typeof paypalRepresentations>, webhooks: PayPalWebhooks): (ctx: Koa.Context, route: string) => Promise<void> {
  const { options, now, approvalWindowMs, orders, captureOwners, idempotency, tokens, requestLog, failures, current, refundById } = state;
  const { orderJson, refundJson } = json;
  const { emit } = webhooks;

  function api(ctx: Koa.Context, route: string): Promise<void> {
    return serveJsonApi(ctx, { now, failures, log: (call) => requestLog.push(call) }, ({ text, body }) => {
      try {
        return answer(ctx, route, text, body);
      } catch (e) {
        if (e instanceof ApiError) return apiError(ctx, e);
        throw e;
      }
    });
  }

  /** The REST API's routes, once no outage is due. */
  function answer(ctx: Koa.Context, route: string, text: string, body: ParsedJson): void {
    if (route === '/v1/oauth2/token') return token(ctx, text);
    const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (bearer?.[1] === undefined) {
      return sendJson(ctx, 401, {
        name: 'AUTHENTICATION_FAILURE',
        message: 'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
        links: [{ href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link' }],
      });
    }
    const expiresAt = tokens.get(bearer[1]);
    if (expiresAt === undefined || expiresAt <= now().getTime()) {
      return sendJson(ctx, 401, { error: 'invalid_token', error_description: 'Access Token not found in cache' });
    }
    const requestId = ctx.get('paypal-request-id') || undefined;
    const full = /return=representation/i.test(ctx.get('prefer'));
    let m: RegExpExecArray | null;
    if (route === '/v2/checkout/orders' && ctx.method === 'POST') return createOrder(ctx, body, requestId, full);
    if ((m = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(route)) !== null && ctx.method === 'GET') return getOrder(ctx, decodeURIComponent(m[1] ?? ''));
    if ((m = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(route)) !== null && ctx.method === 'POST') {
      return captureOrder(ctx, decodeURIComponent(m[1] ?? ''), requestId);
    }
    if ((m = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(route)) !== null && ctx.method === 'POST') {
      return refundCapture(ctx, decodeURIComponent(m[1] ?? ''), body, requestId, full);
    }
    if ((m = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(route)) !== null && ctx.method === 'GET') {
      const hit = refundById(decodeURIComponent(m[1] ?? ''));
      if (hit === undefined) throw notFound();
      return sendJson(ctx, 200, refundJson(hit.capture, hit.refund));
    }
    return sendJson(ctx, 404, { name: 'NOT_FOUND', message: 'The specified resource does not exist.', debug_id: debugId() });
  }

  function token(ctx: Koa.Context, text: string): void {
    const { user, password } = basicCredentials(ctx.get('authorization')) ?? { user: '', password: '' };
    if (!(sameSecret(user, options.clientId) && sameSecret(password, options.clientSecret))) {
      return sendJson(ctx, 401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
    }
    const grant = new URLSearchParams(text).get('grant_type');
    if (grant !== 'client_credentials') {
      return sendJson(ctx, 400, { error: 'unsupported_grant_type', error_description: grant === null ? 'Grant Type is NULL' : `Grant Type is not supported: ${grant}` });
    }
    const value = `A21AA${newToken()}`;
    tokens.set(value, now().getTime() + TOKEN_SECONDS * 1000);
    sendJson(ctx, 200, {
      scope: 'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund',
      access_token: value,
      token_type: 'Bearer',
      app_id: 'APP-80W284485P519543T',
      expires_in: TOKEN_SECONDS,
      nonce: `${isoSeconds(now())}${newToken().slice(0, 20)}`,
    });
  }

  function createOrder(ctx: Koa.Context, body: ParsedJson, requestId: string | undefined, full: boolean): void {
    if (requestId !== undefined) {
      const earlier = idempotency.get(`create:${requestId}`);
      const o = earlier === undefined ? undefined : current(earlier);
      if (o !== undefined) return sendJson(ctx, 200, orderJson(o, full));
    }
    if (!body.ok || !isRecord(body.value)) throw new ApiError(400, [{ issue: 'MALFORMED_REQUEST_JSON', description: 'The request JSON is not well formed.' }]);
    const v = validateOrder(body.value);
    if (v.withPaymentSource && requestId === undefined) {
      throw new ApiError(400, [
        { field: '/PayPal-Request-Id', issue: 'PAYPAL_REQUEST_ID_REQUIRED', description: 'A PayPal-Request-Id is required if you are trying to process payment for an Order.' },
      ]);
    }
    const createdAt = now();
    const o: OrderRecord = {
      id: newId(17),
      status: v.withPaymentSource ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
      referenceId: v.referenceId ?? 'default',
      ...(v.customId !== undefined && { customId: v.customId }),
      ...(v.description !== undefined && { description: v.description }),
      amount: v.amount,
      ...(v.returnUrl !== undefined && { returnUrl: v.returnUrl }),
      ...(v.cancelUrl !== undefined && { cancelUrl: v.cancelUrl }),
      withPaymentSource: v.withPaymentSource,
      payerCancelled: false,
      createdAt,
      updatedAt: createdAt,
      expiresAt: new Date(createdAt.getTime() + approvalWindowMs),
    };
    orders.set(o.id, o);
    if (requestId !== undefined) idempotency.set(`create:${requestId}`, o.id);
    sendJson(ctx, 201, orderJson(o, full));
  }

  function getOrder(ctx: Koa.Context, orderId: string): void {
    const o = current(orderId);
    if (o === undefined) throw notFound();
    sendJson(ctx, 200, orderJson(o, true));
  }

  /** Answers the whole order whatever `Prefer` says: even PayPal's minimal capture answer carries the captures. */
  function captureOrder(ctx: Koa.Context, orderId: string, requestId: string | undefined): void {
    const o = current(orderId);
    if (o === undefined) throw notFound();
    // The same PayPal-Request-Id answers the earlier capture's latest state.
    if (requestId !== undefined && idempotency.get(`capture:${requestId}`) === o.id) return sendJson(ctx, 200, orderJson(o, true));
    if (o.status === 'COMPLETED') {
      throw new ApiError(422, [{ issue: 'ORDER_ALREADY_CAPTURED', description: "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed." }]);
    }
    if (o.status !== 'APPROVED') {
      throw new ApiError(422, [
        {
          issue: 'ORDER_NOT_APPROVED',
          description:
            "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
        },
      ]);
    }
    const outcome = o.nextCapture ?? {};
    delete o.nextCapture;
    if (outcome.error !== undefined) {
      throw new ApiError(422, [
        { issue: outcome.error, description: "The instrument presented was either declined by the processor or bank, or it can't be used for this payment." },
      ]);
    }
    const at = now();
    const capture: CaptureRecord = {
      id: newId(17),
      status: outcome.status ?? 'COMPLETED',
      amount: { currency_code: o.amount.currency_code, value: outcome.value ?? o.amount.value },
      refunds: [],
      createdAt: at,
      updatedAt: at,
    };
    o.capture = capture;
    o.status = 'COMPLETED';
    o.updatedAt = at;
    captureOwners.set(capture.id, o.id);
    if (requestId !== undefined) idempotency.set(`capture:${requestId}`, o.id);
    sendJson(ctx, 201, orderJson(o, true));
    const type = captureEvent(capture.status);
    if (type !== undefined) void emit(o, type);
  }

  function refundCapture(ctx: Koa.Context, captureId: string, body: ParsedJson, requestId: string | undefined, full: boolean): void {
    const orderId = captureOwners.get(captureId);
    const o = orderId === undefined ? undefined : orders.get(orderId);
    const c = o?.capture;
    if (o === undefined || c === undefined || c.id !== captureId) throw notFound();
    if (requestId !== undefined) {
      const earlier = idempotency.get(`refund:${requestId}`);
      const r = c.refunds.find((x) => x.id === earlier);
      if (r !== undefined) return sendJson(ctx, 200, full ? refundJson(c, r) : { id: r.id, status: r.status, links: refundJson(c, r)['links'] });
    }
    if (!body.ok || (body.value !== undefined && !isRecord(body.value)))
      throw new ApiError(400, [{ issue: 'MALFORMED_REQUEST_JSON', description: 'The request JSON is not well formed.' }]);
    const request = isRecord(body.value) ? body.value : {};
    if (c.status === 'REFUNDED') throw new ApiError(422, [{ issue: 'CAPTURE_FULLY_REFUNDED', description: 'The capture has already been fully refunded.' }]);
    if (c.status !== 'COMPLETED' && c.status !== 'PARTIALLY_REFUNDED') {
      throw new ApiError(422, [{ issue: 'REFUND_NOT_ALLOWED', description: `A capture that is ${c.status} cannot be refunded.` }]);
    }
    const capturedCents = cents(c.amount);
    const refundedCents = c.refunds.filter((r) => r.status !== 'FAILED').reduce((s, r) => s + cents(r.amount), 0);
    const remaining = capturedCents - refundedCents;
    let amount: PayPalSandboxMoney;
    if (request['amount'] === undefined) amount = { currency_code: c.amount.currency_code, value: fromCents(remaining, c.amount.currency_code) };
    else {
      amount = validateMoney(request['amount'], '/amount');
      if (amount.currency_code !== c.amount.currency_code) {
        throw new ApiError(422, [
          {
            field: '/amount/currency_code',
            value: amount.currency_code,
            issue: 'REFUND_CAPTURE_CURRENCY_MISMATCH',
            description: 'Refund must be in the same currency as the capture.',
          },
        ]);
      }
      if (cents(amount) > remaining) {
        throw new ApiError(422, [
          { issue: 'REFUND_AMOUNT_EXCEEDED', description: 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.' },
        ]);
      }
    }
    const note = request['note_to_payer'];
    const customId = request['custom_id'];
    if (customId !== undefined && (typeof customId !== 'string' || customId.length < 1 || customId.length > 127)) {
      throw new ApiError(400, [{ field: '/custom_id', issue: 'INVALID_STRING_LENGTH', description: 'The value of a field is either too short or too long.' }]);
    }
    const at = now();
    const refund: RefundRecord = {
      id: newId(17),
      status: state.nextRefundStatus,
      amount,
      ...(typeof customId === 'string' && { customId }),
      ...(typeof note === 'string' && { noteToPayer: note }),
      createdAt: at,
      updatedAt: at,
    };
    c.refunds.push(refund);
    if (refund.status === 'COMPLETED') {
      c.status = cents(amount) === remaining ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      c.updatedAt = at;
    }
    if (requestId !== undefined) idempotency.set(`refund:${requestId}`, refund.id);
    const representation = refundJson(c, refund);
    sendJson(ctx, 201, full ? representation : { id: refund.id, status: refund.status, links: representation['links'] });
    if (refund.status === 'COMPLETED') void emit(o, 'PAYMENT.CAPTURE.REFUNDED');
  }

  return api;
}

function apiError(ctx: Koa.Context, e: ApiError): void {
  const [name, message] =
    e.httpStatus === 404
      ? ['RESOURCE_NOT_FOUND', 'The specified resource does not exist.']
      : e.httpStatus === 422
        ? ['UNPROCESSABLE_ENTITY', 'The requested action could not be performed, semantically incorrect, or failed business validation.']
        : ['INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.'];
  sendJson(ctx, e.httpStatus, {
    name,
    details: e.details.map((d) => ({
      ...(d.field !== undefined && { field: d.field }),
      ...(d.value !== undefined && { value: d.value }),
      ...(d.field !== undefined && { location: 'body' }),
      issue: d.issue,
      description: d.description,
    })),
    message,
    debug_id: debugId(),
    links: e.details.map((d) => ({ href: `https://developer.paypal.com/docs/api/orders/v2/#error-${d.issue}`, rel: 'information_link', method: 'GET' })),
  });
}
