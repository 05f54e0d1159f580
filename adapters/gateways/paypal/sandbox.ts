import { randomUUID, sign } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type Koa from 'koa';
import { z } from 'zod';
import { assertNever } from '../../../src/shared/result.js';
import {
  appendQuery,
  basicCredentials,
  closedPageRefusal,
  escapeHtml,
  FailNext,
  found,
  isHttpUrl,
  isPageRead,
  isRecord,
  type PageRefusal,
  type parseJson,
  randomString,
  readBody,
  redirect,
  type RunningSandbox,
  SandboxError,
  type SandboxListenOptions,
  sameSecret,
  sandboxApp,
  sandboxPages,
  sandboxSettings,
  sendHtml,
  sendJson,
  serveControls,
  switchedCommands,
  serveJsonApi,
  startSandbox,
  UPPER_ALNUM,
  type WebhookAnswer,
  WebhookOutbox,
} from '../sandbox-kit/index.js';
import { createSandboxSigningIdentity } from './sandbox-certificate.js';

/**
 * A local imitation of PayPal's REST API (OAuth2 token, Orders v2 create/get/capture, capture
 * refunds), its approval page, and its signed webhooks, in PayPal's wire format, for demos and
 * tests. Webhooks are signed like PayPal's (RSA-SHA256 over
 * `transmissionId|transmissionTime|webhookId|crc32(body)`) with a key pair and self-signed
 * certificate made at start-up and served under `/v1/notifications/certs/`.
 *
 * Approximations, where PayPal documents nothing: an order the payer leaves unapproved (or
 * approved and uncaptured) becomes VOIDED after `approvalWindowSeconds`; a payer who cancels
 * leaves the order as it was (as PayPal does). Unauthenticated test tooling (`/__sandbox/…`
 * can approve any order): never expose it beyond a developer machine or CI.
 */

export const PAYPAL_SANDBOX_ORDER_STATUSES = ['CREATED', 'SAVED', 'APPROVED', 'VOIDED', 'COMPLETED', 'PAYER_ACTION_REQUIRED'] as const;
export const PAYPAL_SANDBOX_CAPTURE_STATUSES = ['COMPLETED', 'DECLINED', 'PARTIALLY_REFUNDED', 'PENDING', 'REFUNDED', 'FAILED'] as const;
export type PayPalSandboxCaptureStatus = (typeof PAYPAL_SANDBOX_CAPTURE_STATUSES)[number];
export const PAYPAL_SANDBOX_WEBHOOK_EVENTS = [
  'CHECKOUT.ORDER.APPROVED',
  'PAYMENT.CAPTURE.COMPLETED',
  'PAYMENT.CAPTURE.PENDING',
  'PAYMENT.CAPTURE.DENIED',
  'PAYMENT.CAPTURE.REFUNDED',
] as const;
export type PayPalSandboxWebhookEvent = (typeof PAYPAL_SANDBOX_WEBHOOK_EVENTS)[number];

/** The sandbox's test buyer, prefilled on the approval page. */
export const PAYPAL_SANDBOX_BUYER = { email: 'sb-buyer@personal.example.com', givenName: 'Test', surname: 'Buyer' } as const;

/** Currencies PayPal's REST API accepts; HUF, JPY and TWD take no decimals. */
const CURRENCIES = new Set([
  'AUD',
  'BRL',
  'CAD',
  'CNY',
  'CZK',
  'DKK',
  'EUR',
  'HKD',
  'HUF',
  'ILS',
  'JPY',
  'MYR',
  'MXN',
  'TWD',
  'NZD',
  'NOK',
  'PHP',
  'PLN',
  'GBP',
  'SGD',
  'SEK',
  'CHF',
  'THB',
  'USD',
]);
const WHOLE_ONLY = new Set(['HUF', 'JPY', 'TWD']);
const TOKEN_SECONDS = 32_400;

export interface PayPalSandboxMoney {
  readonly currency_code: string;
  readonly value: string;
}

export interface PayPalSandboxRefund {
  readonly id: string;
  readonly status: string;
  readonly amount: PayPalSandboxMoney;
  readonly customId?: string;
  readonly noteToPayer?: string;
  readonly createdAt: string;
}

export interface PayPalSandboxCapture {
  readonly id: string;
  readonly status: string;
  readonly amount: PayPalSandboxMoney;
  readonly refunds: readonly PayPalSandboxRefund[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PayPalSandboxOrder {
  readonly id: string;
  readonly status: string;
  readonly referenceId: string;
  readonly customId?: string;
  readonly description?: string;
  readonly amount: PayPalSandboxMoney;
  readonly returnUrl?: string;
  readonly cancelUrl?: string;
  readonly payer?: { readonly payerId: string; readonly email: string };
  /** The payer pressed Cancel on the approval page (PayPal leaves the status as it was). */
  readonly payerCancelled: boolean;
  readonly capture?: PayPalSandboxCapture;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** One call to the REST API, as received (Authorization kept so tests can assert it). */
export interface PayPalSandboxRequest {
  readonly at: string;
  readonly method: string;
  /** Path as received, including any mount prefix. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, the raw text when it is not JSON (the token request is a form). */
  readonly body: unknown;
  readonly status: number;
}

export interface PayPalSandboxWebhookDelivery {
  readonly eventId: string;
  readonly eventType: string;
  readonly transmissionId: string;
  /** Exactly the bytes POSTed. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The receiver's HTTP status; `dropped` by `dropNextWebhooks`; `not_configured` without a webhookUrl; `error` when the POST failed. */
  readonly status: number | 'dropped' | 'not_configured' | 'error';
  readonly error?: string;
}

export interface PayPalNextCapture {
  /** Capture status to answer (default COMPLETED). */
  readonly status?: 'COMPLETED' | 'PENDING' | 'DECLINED';
  /** A captured amount different from the order's, e.g. "1.00". */
  readonly value?: string;
  /** Refuse the capture with this issue (HTTP 422), e.g. INSTRUMENT_DECLINED; the order stays APPROVED. */
  readonly error?: 'INSTRUMENT_DECLINED';
}

export interface PayPalSandboxControl {
  readonly webhookId: string;
  readonly certUrl: string;
  readonly certificatePem: string;
  orders(): readonly PayPalSandboxOrder[];
  get(orderId: string): PayPalSandboxOrder | undefined;
  /** The payer approves, as with the page's Approve button (sends CHECKOUT.ORDER.APPROVED). */
  approve(orderId: string, options?: { readonly payerId?: string }): PayPalSandboxOrder;
  /** The payer cancels, as with the page's Cancel button: the order keeps its status. */
  cancel(orderId: string): PayPalSandboxOrder;
  /** Forces an order status, including undocumented ones. */
  setStatus(orderId: string, status: string): PayPalSandboxOrder;
  /** Moves the order's capture (e.g. PENDING → COMPLETED) and, unless `notify` is false, sends the matching webhook. */
  setCaptureStatus(orderId: string, status: PayPalSandboxCaptureStatus, options?: { readonly notify?: boolean }): PayPalSandboxOrder;
  /** How the next capture of this order turns out. */
  nextCapture(orderId: string, outcome: PayPalNextCapture): void;
  /** Status of the next refund (default COMPLETED). */
  nextRefund(status: 'COMPLETED' | 'PENDING' | 'FAILED'): void;
  /** Moves a PENDING refund on, as PayPal does once the funds settle (sends PAYMENT.CAPTURE.REFUNDED when completed). */
  settleRefund(refundId: string, status: 'COMPLETED' | 'FAILED' | 'CANCELLED'): PayPalSandboxRefund;
  /** Voids an order that is not completed, as when its approval window passes. */
  expire(orderId: string): PayPalSandboxOrder;
  /** Forgets every access token: the next API call answers 401 invalid_token. */
  expireTokens(): void;
  /** The next `count` API calls answer `httpStatus` (default 503) with an HTML body, like an outage behind a proxy. */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly PayPalSandboxRequest[];
  webhooks(): readonly PayPalSandboxWebhookDelivery[];
  /** Sends a fresh event about the order's current state. */
  sendWebhook(orderId: string, eventType: PayPalSandboxWebhookEvent): Promise<PayPalSandboxWebhookDelivery>;
  /** Sends the first delivery of `eventId` again: the same body byte for byte, in a new transmission (fresh id, time and signature), as PayPal retries. */
  replayWebhook(eventId: string): Promise<PayPalSandboxWebhookDelivery>;
  /** The next `count` webhooks are signed and recorded but not sent. */
  dropNextWebhooks(count?: number): void;
  /** Resolves once every webhook POST under way has finished. */
  settled(): Promise<void>;
  /** Forgets orders, tokens, idempotency keys, logs, webhook deliveries and pending failures. */
  reset(): void;
}

export interface PayPalSandboxOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where browsers and the API client reach the sandbox, e.g. `http://localhost:3100/paypal`. */
  readonly publicBaseUrl: string;
  /** Path prefix the app answers under; defaults to `publicBaseUrl`'s path (`/paypal`). */
  readonly mountPath?: string;
  /** Where webhooks are POSTed; none are sent without it. */
  readonly webhookUrl?: string;
  /** Our webhook subscription's id, part of every signature. */
  readonly webhookId?: string;
  /** Default 6 h. */
  readonly approvalWindowSeconds?: number;
  readonly now?: () => Date;
  /** For webhook POSTs. */
  readonly fetch?: typeof fetch;
}

export interface PayPalSandbox {
  readonly app: Koa;
  readonly middleware: Koa.Middleware;
  readonly mountPath: string;
  readonly control: PayPalSandboxControl;
}

interface RefundRecord {
  id: string;
  status: string;
  amount: PayPalSandboxMoney;
  customId?: string;
  noteToPayer?: string;
  createdAt: Date;
  updatedAt: Date;
}

interface CaptureRecord {
  id: string;
  status: string;
  amount: PayPalSandboxMoney;
  refunds: RefundRecord[];
  createdAt: Date;
  updatedAt: Date;
}

interface OrderRecord {
  id: string;
  status: string;
  referenceId: string;
  customId?: string;
  description?: string;
  amount: PayPalSandboxMoney;
  returnUrl?: string;
  cancelUrl?: string;
  withPaymentSource: boolean;
  payer?: { payerId: string; email: string };
  payerCancelled: boolean;
  capture?: CaptureRecord;
  nextCapture?: PayPalNextCapture;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

/** PayPal's REST error, `{ name, message, debug_id, details[], links[] }`. */
class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly details: readonly { field?: string; value?: string; issue: string; description: string }[],
  ) {
    super(details[0]?.issue ?? 'error');
  }
}

const OPEN = new Set(['CREATED', 'PAYER_ACTION_REQUIRED', 'SAVED']);

export function createPayPalSandbox(options: PayPalSandboxOptions): PayPalSandbox {
  const { now, publicBaseUrl, mountPath } = sandboxSettings(options);
  const approvalWindowMs = (options.approvalWindowSeconds ?? 6 * 3600) * 1000;
  const webhookId = options.webhookId ?? `${newId(17)}`;
  const identity = createSandboxSigningIdentity({ now: now() });
  const certId = `CERT-360caa42-fca2a594-${randomUUID().slice(0, 8)}`;
  const certUrl = `${publicBaseUrl}/v1/notifications/certs/${certId}`;

  const orders = new Map<string, OrderRecord>();
  const captureOwners = new Map<string, string>();
  const idempotency = new Map<string, string>();
  const tokens = new Map<string, number>();
  let requestLog: PayPalSandboxRequest[] = [];
  const outbox = new WebhookOutbox<PayPalSandboxWebhookDelivery>(options.fetch ?? globalThis.fetch, 400);
  const failures = new FailNext(503, { refusal: 400 });
  let refundStatus: 'COMPLETED' | 'PENDING' | 'FAILED' = 'COMPLETED';

  function current(orderId: string): OrderRecord | undefined {
    const o = orders.get(orderId);
    if (o !== undefined && (OPEN.has(o.status) || o.status === 'APPROVED') && now().getTime() >= o.expiresAt.getTime()) {
      o.status = 'VOIDED';
      o.updatedAt = o.expiresAt;
    }
    return o;
  }

  const existing = (orderId: string): OrderRecord => found(current(orderId), `order ${orderId}`);

  function markApproved(o: OrderRecord, payerId?: string): boolean {
    if (o.status === 'APPROVED') return false;
    if (!OPEN.has(o.status)) throw new SandboxError(`cannot approve an order that is ${o.status}`);
    o.status = 'APPROVED';
    o.payer = { payerId: payerId ?? newId(13), email: PAYPAL_SANDBOX_BUYER.email };
    o.updatedAt = now();
    return true;
  }

  // --- Representations, in PayPal's field order ----------------------------------------------------

  const orderHref = (id: string) => `${publicBaseUrl}/v2/checkout/orders/${id}`;
  const captureHref = (id: string) => `${publicBaseUrl}/v2/payments/captures/${id}`;
  const approveHref = (id: string) => `${publicBaseUrl}/checkoutnow?token=${id}`;

  function orderLinks(o: OrderRecord): unknown[] {
    const self = { href: orderHref(o.id), rel: 'self', method: 'GET' };
    switch (o.status) {
      case 'CREATED':
        return [
          self,
          { href: approveHref(o.id), rel: 'approve', method: 'GET' },
          { href: orderHref(o.id), rel: 'update', method: 'PATCH' },
          { href: `${orderHref(o.id)}/capture`, rel: 'capture', method: 'POST' },
        ];
      case 'PAYER_ACTION_REQUIRED':
        return [self, { href: approveHref(o.id), rel: 'payer-action', method: 'GET' }];
      case 'APPROVED':
        return [self, { href: orderHref(o.id), rel: 'update', method: 'PATCH' }, { href: `${orderHref(o.id)}/capture`, rel: 'capture', method: 'POST' }];
      default:
        return [self];
    }
  }

  function captureJson(o: OrderRecord, c: CaptureRecord, withRelatedIds: boolean): Record<string, unknown> {
    return {
      id: c.id,
      status: c.status,
      ...(c.status === 'PENDING' && { status_details: { reason: 'PENDING_REVIEW' } }),
      amount: c.amount,
      final_capture: true,
      seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
      ...(o.customId !== undefined && { custom_id: o.customId }),
      links: [
        { href: captureHref(c.id), rel: 'self', method: 'GET' },
        { href: `${captureHref(c.id)}/refund`, rel: 'refund', method: 'POST' },
        { href: orderHref(o.id), rel: 'up', method: 'GET' },
      ],
      create_time: isoSeconds(c.createdAt),
      update_time: isoSeconds(c.updatedAt),
      ...(withRelatedIds && { supplementary_data: { related_ids: { order_id: o.id } } }),
    };
  }

  function refundJson(c: CaptureRecord, r: RefundRecord): Record<string, unknown> {
    return {
      id: r.id,
      status: r.status,
      amount: r.amount,
      ...(r.customId !== undefined && { custom_id: r.customId }),
      ...(r.noteToPayer !== undefined && { note_to_payer: r.noteToPayer }),
      links: [
        { href: `${publicBaseUrl}/v2/payments/refunds/${r.id}`, rel: 'self', method: 'GET' },
        { href: captureHref(c.id), rel: 'up', method: 'GET' },
      ],
      create_time: isoSeconds(r.createdAt),
      update_time: isoSeconds(r.updatedAt),
    };
  }

  function orderJson(o: OrderRecord, full: boolean): Record<string, unknown> {
    const paymentSource =
      o.payer !== undefined
        ? {
            paypal: {
              email_address: o.payer.email,
              account_id: o.payer.payerId,
              account_status: 'VERIFIED',
              name: { given_name: PAYPAL_SANDBOX_BUYER.givenName, surname: PAYPAL_SANDBOX_BUYER.surname },
            },
          }
        : o.withPaymentSource
          ? { paypal: {} }
          : undefined;
    if (!full) return { id: o.id, status: o.status, ...(paymentSource !== undefined && { payment_source: paymentSource }), links: orderLinks(o) };
    const c = o.capture;
    return {
      id: o.id,
      intent: 'CAPTURE',
      status: o.status,
      ...(paymentSource !== undefined && { payment_source: paymentSource }),
      purchase_units: [
        {
          reference_id: o.referenceId,
          amount: o.amount,
          payee: { email_address: 'merchant@business.example.com', merchant_id: 'SANDBOXMERCH7' },
          ...(o.description !== undefined && { description: o.description }),
          ...(o.customId !== undefined && { custom_id: o.customId }),
          ...(c !== undefined && {
            payments: {
              captures: [captureJson(o, c, false)],
              ...(c.refunds.length > 0 && { refunds: c.refunds.map((r) => refundJson(c, r)) }),
            },
          }),
        },
      ],
      ...(o.payer !== undefined && {
        payer: { name: { given_name: PAYPAL_SANDBOX_BUYER.givenName, surname: PAYPAL_SANDBOX_BUYER.surname }, email_address: o.payer.email, payer_id: o.payer.payerId },
      }),
      create_time: isoSeconds(o.createdAt),
      ...(o.updatedAt.getTime() !== o.createdAt.getTime() && { update_time: isoSeconds(o.updatedAt) }),
      links: orderLinks(o),
    };
  }

  // --- Webhooks --------------------------------------------------------------------------------------

  function webhookEvent(o: OrderRecord, type: PayPalSandboxWebhookEvent): Record<string, unknown> {
    const id = `WH-${newId(17)}-${newId(17)}`;
    let resourceType: string;
    let resource: Record<string, unknown>;
    let summary: string;
    const c = o.capture;
    if (type === 'CHECKOUT.ORDER.APPROVED') {
      resourceType = 'checkout-order';
      resource = orderJson(o, true);
      summary = 'An order has been approved by buyer';
    } else {
      if (c === undefined) throw new SandboxError(`order ${o.id} has no capture to send ${type} about`);
      if (type === 'PAYMENT.CAPTURE.REFUNDED') {
        const refund = c.refunds.at(-1);
        if (refund === undefined) throw new SandboxError(`order ${o.id} has no refund to send ${type} about`);
        resourceType = 'refund';
        resource = refundJson(c, refund);
        summary = `A ${refund.amount.value} ${refund.amount.currency_code} capture payment was refunded`;
      } else {
        resourceType = 'capture';
        resource = captureJson(o, c, true);
        summary =
          type === 'PAYMENT.CAPTURE.COMPLETED'
            ? `Payment completed for ${c.amount.value} ${c.amount.currency_code}`
            : type === 'PAYMENT.CAPTURE.DENIED'
              ? `A ${c.amount.value} ${c.amount.currency_code} capture payment was denied`
              : `Payment pending for ${c.amount.value} ${c.amount.currency_code}`;
      }
    }
    return {
      id,
      event_version: '1.0',
      create_time: isoSeconds(now()),
      resource_type: resourceType,
      resource_version: '2.0',
      event_type: type,
      summary,
      resource,
      links: [
        { href: `${publicBaseUrl}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
        { href: `${publicBaseUrl}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
      ],
    };
  }

  function signedHeaders(body: string): Record<string, string> {
    const transmissionId = randomUUID();
    const transmissionTime = isoSeconds(now());
    const message = `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(Buffer.from(body, 'utf8')) >>> 0}`;
    return {
      'content-type': 'application/json',
      'paypal-transmission-id': transmissionId,
      'paypal-transmission-time': transmissionTime,
      'paypal-transmission-sig': sign('sha256', Buffer.from(message, 'utf8'), identity.privateKey).toString('base64'),
      'paypal-cert-url': certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
    };
  }

  function post(eventId: string, eventType: string, body: string, headers: Record<string, string>): Promise<PayPalSandboxWebhookDelivery> {
    const base = { eventId, eventType, transmissionId: headers['paypal-transmission-id'] ?? '', body, headers };
    const url = options.webhookUrl;
    return outbox.send(url === undefined ? undefined : { url, headers, body, timeoutMs: 10_000 }, (answer) => ({ ...base, ...deliveryStatus(answer) }));
  }

  function emit(o: OrderRecord, type: PayPalSandboxWebhookEvent): Promise<PayPalSandboxWebhookDelivery> {
    const event = webhookEvent(o, type);
    const body = JSON.stringify(event);
    return post(String(event['id']), type, body, signedHeaders(body));
  }

  const captureEvent = (status: string): PayPalSandboxWebhookEvent | undefined =>
    status === 'COMPLETED' ? 'PAYMENT.CAPTURE.COMPLETED' : status === 'PENDING' ? 'PAYMENT.CAPTURE.PENDING' : status === 'DECLINED' ? 'PAYMENT.CAPTURE.DENIED' : undefined;

  // --- Controls ---------------------------------------------------------------------------------------

  const control: PayPalSandboxControl = {
    webhookId,
    certUrl,
    certificatePem: identity.certificatePem,
    orders: () => [...orders.keys()].map((id) => snapshot(existing(id))),
    get: (orderId) => {
      const o = current(orderId);
      return o === undefined ? undefined : snapshot(o);
    },
    approve: (orderId, opts = {}) => {
      const o = existing(orderId);
      if (markApproved(o, opts.payerId)) void emit(o, 'CHECKOUT.ORDER.APPROVED');
      return snapshot(o);
    },
    cancel: (orderId) => {
      const o = existing(orderId);
      o.payerCancelled = true;
      return snapshot(o);
    },
    setStatus: (orderId, status) => {
      const o = existing(orderId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      o.status = status;
      o.updatedAt = now();
      return snapshot(o);
    },
    setCaptureStatus: (orderId, status, opts = {}) => {
      const o = existing(orderId);
      if (o.capture === undefined) throw new SandboxError(`order ${orderId} has no capture`);
      o.capture.status = status;
      o.capture.updatedAt = now();
      const type = captureEvent(status);
      if (opts.notify !== false && type !== undefined) void emit(o, type);
      return snapshot(o);
    },
    nextCapture: (orderId, outcome) => {
      const o = existing(orderId);
      if (outcome.value !== undefined && !/^\d{1,10}(\.\d{1,2})?$/.test(outcome.value)) throw new SandboxError(`not an amount: ${outcome.value}`, 400);
      o.nextCapture = outcome;
    },
    nextRefund: (status) => {
      refundStatus = status;
    },
    settleRefund: (refundId, status) => {
      const { order: o, capture: c, refund: r } = found(refundById(refundId), `refund ${refundId}`);
      if (r.status !== 'PENDING') throw new SandboxError(`refund ${refundId} is already ${r.status}`);
      const at = now();
      r.status = status;
      r.updatedAt = at;
      if (status === 'COMPLETED') {
        const refundedCents = c.refunds.filter((x) => x.status === 'COMPLETED').reduce((sum, x) => sum + cents(x.amount), 0);
        c.status = refundedCents >= cents(c.amount) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
        c.updatedAt = at;
        void emit(o, 'PAYMENT.CAPTURE.REFUNDED');
      }
      return structuredClone(refundSnapshot(r));
    },
    expire: (orderId) => {
      const o = existing(orderId);
      if (o.status === 'COMPLETED' || o.status === 'VOIDED') throw new SandboxError(`cannot expire an order that is ${o.status}`);
      o.status = 'VOIDED';
      o.updatedAt = now();
      if (o.expiresAt.getTime() > now().getTime()) o.expiresAt = now();
      return snapshot(o);
    },
    expireTokens: () => tokens.clear(),
    failNext: (count, httpStatus) => failures.set(count, httpStatus),
    requests: () => [...requestLog],
    webhooks: () => outbox.list(),
    sendWebhook: (orderId, eventType) => {
      try {
        return emit(existing(orderId), eventType);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    replayWebhook: (eventId) => {
      const first = outbox.list().find((d) => d.eventId === eventId);
      if (first === undefined) return Promise.reject(new SandboxError(`no delivery of event ${eventId}`, 404));
      // The same event and bytes in a new HTTP transmission: a fresh transmission id and time, signed anew.
      return post(first.eventId, first.eventType, first.body, signedHeaders(first.body));
    },
    dropNextWebhooks: (count = 1) => outbox.drops.set(count),
    settled: () => outbox.settled(),
    reset: () => {
      orders.clear();
      captureOwners.clear();
      idempotency.clear();
      tokens.clear();
      requestLog = [];
      outbox.reset();
      outbox.forgetInFlight();
      failures.reset();
      refundStatus = 'COMPLETED';
    },
  };

  // --- REST API -----------------------------------------------------------------------------------------

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
  function answer(ctx: Koa.Context, route: string, text: string, body: ReturnType<typeof parseJson>): void {
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

  function createOrder(ctx: Koa.Context, body: ReturnType<typeof parseJson>, requestId: string | undefined, full: boolean): void {
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

  function refundById(refundId: string): { order: OrderRecord; capture: CaptureRecord; refund: RefundRecord } | undefined {
    for (const o of orders.values()) {
      const r = o.capture?.refunds.find((x) => x.id === refundId);
      if (r !== undefined && o.capture !== undefined) return { order: o, capture: o.capture, refund: r };
    }
    return undefined;
  }

  function refundCapture(ctx: Koa.Context, captureId: string, body: ReturnType<typeof parseJson>, requestId: string | undefined, full: boolean): void {
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
      status: refundStatus,
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

  // --- Approval page: /checkoutnow?token=…, /checkoutnow/approve, /checkoutnow/cancel ---------------

  function page(ctx: Koa.Context): void {
    const token = ctx.query['token'];
    const o = PAGES.usable(ctx, typeof token === 'string' ? current(token) : undefined, NOT_FOUND, notApprovable);
    if (o === undefined) return;
    sendHtml(ctx, 200, approvalPage(o, publicBaseUrl));
  }

  async function decide(ctx: Koa.Context, choice: 'approve' | 'cancel'): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const o = PAGES.usable(ctx, current(form.get('token') ?? ''), NOT_FOUND, notApprovable);
    if (o === undefined) return;
    if (choice === 'approve') {
      if (markApproved(o)) void emit(o, 'CHECKOUT.ORDER.APPROVED');
      if (o.returnUrl === undefined) return sendHtml(ctx, 200, PAGES.layout('Approved', '<h1>Payment approved</h1><p>You can close this window.</p>'));
      return redirect(
        ctx,
        appendQuery(o.returnUrl, [
          ['token', o.id],
          ['PayerID', o.payer?.payerId ?? ''],
        ]),
      );
    }
    o.payerCancelled = true;
    if (o.cancelUrl === undefined) return sendHtml(ctx, 200, PAGES.layout('Cancelled', '<h1>Payment cancelled</h1><p>You can close this window.</p>'));
    redirect(ctx, appendQuery(o.cancelUrl, [['token', o.id]]));
  }

  // --- /__sandbox/… over HTTP -----------------------------------------------------------------------------

  function controls(ctx: Koa.Context, route: string): Promise<void> {
    return serveControls(ctx, route, {
      reads: { '/__sandbox/orders': control.orders, '/__sandbox/requests': control.requests, '/__sandbox/webhooks': control.webhooks },
      items: [{ prefix: '/__sandbox/orders/', get: control.get, unknown: 'unknown order' }],
      commands: switchedCommands(CONTROL_SCHEMAS, async (c) => {
        switch (c.kind) {
          case 'approve':
            return control.approve(c.orderId, c.payerId === undefined ? {} : { payerId: c.payerId });
          case 'cancel':
            return control.cancel(c.orderId);
          case 'set-status':
            return control.setStatus(c.orderId, c.status);
          case 'set-capture-status':
            return control.setCaptureStatus(c.orderId, c.status, c.notify === undefined ? {} : { notify: c.notify });
          case 'next-capture':
            control.nextCapture(c.orderId, withoutUndefined({ status: c.status, value: c.value, error: c.error }));
            return {};
          case 'next-refund':
            control.nextRefund(c.status);
            return {};
          case 'expire':
            return control.expire(c.orderId);
          case 'expire-tokens':
            control.expireTokens();
            return {};
          case 'fail-next':
            control.failNext(c.count, c.httpStatus);
            return { count: c.count, httpStatus: c.httpStatus ?? 503 };
          case 'send-webhook':
            return await control.sendWebhook(c.orderId, c.eventType);
          case 'replay-webhook':
            return await control.replayWebhook(c.eventId);
          case 'drop-next-webhooks':
            control.dropNextWebhooks(c.count ?? 1);
            return { count: c.count ?? 1 };
          case 'reset':
            control.reset();
            return {};
          default:
            return assertNever(c, 'sandbox control');
        }
      }),
    });
  }

  const { app, middleware } = sandboxApp(
    mountPath,
    (ctx, route) => {
      if (route.startsWith('/v1/notifications/certs/') && ctx.method === 'GET') {
        if (route !== `/v1/notifications/certs/${certId}`) return sendJson(ctx, 404, { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.' });
        ctx.status = 200;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = identity.certificatePem;
        return;
      }
      if (route.startsWith('/v1/') || route.startsWith('/v2/')) return api(ctx, route);
      if (route.startsWith('/__sandbox/')) return controls(ctx, route);
      if (route === '/checkoutnow' && isPageRead(ctx)) return page(ctx);
      if (route === '/checkoutnow/approve' && ctx.method === 'POST') return decide(ctx, 'approve');
      if (route === '/checkoutnow/cancel' && ctx.method === 'POST') return decide(ctx, 'cancel');
      return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    },
    (ctx) => sendJson(ctx, 413, { name: 'INVALID_REQUEST', message: 'Request body too large.' }),
  );
  return { app, middleware, mountPath, control };
}

export interface StartPayPalSandboxOptions extends Omit<PayPalSandboxOptions, 'publicBaseUrl'>, SandboxListenOptions {}

export interface RunningPayPalSandbox extends RunningSandbox<PayPalSandboxControl> {
  /** The `baseUrl` for `PayPalClient` (same as `url`: the API paths start with /v1 and /v2). */
  readonly apiBaseUrl: string;
  /** URL prefix of the sandbox's signing certificates, for `PayPalWebhookVerifier`'s allow-list. */
  readonly certUrlPrefix: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startPayPalSandbox(options: StartPayPalSandboxOptions): Promise<RunningPayPalSandbox> {
  const { sandbox, url, publicBaseUrl, close } = await startSandbox(options, createPayPalSandbox, (s) => s.control.settled());
  return { url, apiBaseUrl: url, certUrlPrefix: `${publicBaseUrl}/v1/notifications/certs/`, control: sandbox.control, close };
}

// --- Validation, answered like PayPal's INVALID_REQUEST / UNPROCESSABLE_ENTITY ----------------------------

interface ValidOrder {
  referenceId?: string;
  customId?: string;
  description?: string;
  amount: PayPalSandboxMoney;
  returnUrl?: string;
  cancelUrl?: string;
  withPaymentSource: boolean;
}

const UNIT = "/purchase_units/@reference_id=='default'";

function validateOrder(body: Record<string, unknown>): ValidOrder {
  const intent = body['intent'];
  if (intent === undefined) throw new ApiError(400, [{ field: '/intent', issue: 'MISSING_REQUIRED_PARAMETER', description: 'A required field / parameter is missing.' }]);
  if (intent !== 'CAPTURE') {
    throw new ApiError(400, [
      { field: '/intent', value: String(intent), issue: 'INVALID_PARAMETER_VALUE', description: 'The value of a field is invalid (this sandbox imitates intent CAPTURE only).' },
    ]);
  }
  const units = body['purchase_units'];
  if (!Array.isArray(units) || units.length === 0) {
    throw new ApiError(400, [{ field: '/purchase_units', issue: 'MISSING_REQUIRED_PARAMETER', description: 'A required field / parameter is missing.' }]);
  }
  if (units.length > 1)
    throw new ApiError(400, [{ field: '/purchase_units', issue: 'INVALID_PARAMETER_VALUE', description: 'This sandbox imitates one purchase unit per order.' }]);
  const unit: unknown = units[0];
  if (!isRecord(unit))
    throw new ApiError(400, [{ field: '/purchase_units/0', issue: 'INVALID_PARAMETER_SYNTAX', description: 'The value of a field does not conform to the expected format.' }]);
  if (unit['amount'] === undefined)
    throw new ApiError(400, [{ field: `${UNIT}/amount`, issue: 'MISSING_REQUIRED_PARAMETER', description: 'A required field / parameter is missing.' }]);
  const amount = validateMoney(unit['amount'], `${UNIT}/amount`);
  if (cents(amount) <= 0)
    throw new ApiError(422, [{ field: `${UNIT}/amount/value`, value: amount.value, issue: 'CANNOT_BE_ZERO_OR_NEGATIVE', description: 'Must be greater than zero.' }]);
  const text = (field: string, max: number): string | undefined => {
    const v = unit[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length < 1 || v.length > max) {
      throw new ApiError(400, [{ field: `${UNIT}/${field}`, issue: 'INVALID_STRING_LENGTH', description: `The value of a field is either too short or too long (1–${max}).` }]);
    }
    return v;
  };
  const referenceId = text('reference_id', 256);
  const customId = text('custom_id', 127);
  const description = text('description', 127);

  const source = body['payment_source'];
  const experience = isRecord(source) && isRecord(source['paypal']) ? source['paypal']['experience_context'] : undefined;
  const legacy = body['application_context'];
  const context = isRecord(experience) ? experience : isRecord(legacy) ? legacy : {};
  const contextPath = isRecord(experience) ? '/payment_source/paypal/experience_context' : '/application_context';
  const url = (field: string): string | undefined => {
    const v = context[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !isHttpUrl(v)) {
      throw new ApiError(400, [
        { field: `${contextPath}/${field}`, issue: 'INVALID_PARAMETER_SYNTAX', description: 'The value of a field does not conform to the expected format.' },
      ]);
    }
    return v;
  };
  const returnUrl = url('return_url');
  const cancelUrl = url('cancel_url');
  return {
    ...(referenceId !== undefined && { referenceId }),
    ...(customId !== undefined && { customId }),
    ...(description !== undefined && { description }),
    amount,
    ...(returnUrl !== undefined && { returnUrl }),
    ...(cancelUrl !== undefined && { cancelUrl }),
    withPaymentSource: source !== undefined,
  };
}

function validateMoney(value: unknown, field: string): PayPalSandboxMoney {
  if (!isRecord(value) || typeof value['currency_code'] !== 'string' || typeof value['value'] !== 'string') {
    throw new ApiError(400, [{ field, issue: 'MISSING_REQUIRED_PARAMETER', description: 'currency_code and value (a string) are required.' }]);
  }
  const currency = value['currency_code'];
  const amount = value['value'];
  if (!/^[A-Z]{3}$/.test(currency) || !CURRENCIES.has(currency)) {
    throw new ApiError(422, [{ field: `${field}/currency_code`, value: currency, issue: 'CURRENCY_NOT_SUPPORTED', description: 'Currency code is not currently supported.' }]);
  }
  if (!/^\d{1,10}(\.\d+)?$/.test(amount)) {
    throw new ApiError(400, [
      { field: `${field}/value`, value: amount, issue: 'INVALID_PARAMETER_SYNTAX', description: 'The value of a field does not conform to the expected format.' },
    ]);
  }
  const decimals = amount.split('.')[1]?.length ?? 0;
  if (decimals > (WHOLE_ONLY.has(currency) ? 0 : 2)) {
    throw new ApiError(422, [
      { field: `${field}/value`, value: amount, issue: 'DECIMAL_PRECISION', description: 'If the currency supports decimals, only two decimal place precision is supported.' },
    ]);
  }
  return { currency_code: currency, value: amount };
}

const orderIdBody = z.object({ orderId: z.string().min(1) });
const CONTROL_SCHEMAS: Readonly<Record<string, z.ZodType<ControlCommand>>> = {
  '/__sandbox/approve': orderIdBody.extend({ payerId: z.string().min(1).optional() }).transform((b) => ({ kind: 'approve' as const, ...b })),
  '/__sandbox/cancel': orderIdBody.transform((b) => ({ kind: 'cancel' as const, ...b })),
  '/__sandbox/set-status': orderIdBody.extend({ status: z.string().min(1) }).transform((b) => ({ kind: 'set-status' as const, ...b })),
  '/__sandbox/set-capture-status': orderIdBody
    .extend({ status: z.enum(PAYPAL_SANDBOX_CAPTURE_STATUSES), notify: z.boolean().optional() })
    .transform((b) => ({ kind: 'set-capture-status' as const, ...b })),
  '/__sandbox/next-capture': orderIdBody
    .extend({ status: z.enum(['COMPLETED', 'PENDING', 'DECLINED']).optional(), value: z.string().optional(), error: z.literal('INSTRUMENT_DECLINED').optional() })
    .transform((b) => ({ kind: 'next-capture' as const, ...b })),
  '/__sandbox/next-refund': z.object({ status: z.enum(['COMPLETED', 'PENDING', 'FAILED']) }).transform((b) => ({ kind: 'next-refund' as const, ...b })),
  '/__sandbox/expire': orderIdBody.transform((b) => ({ kind: 'expire' as const, ...b })),
  '/__sandbox/expire-tokens': z.object({}).transform(() => ({ kind: 'expire-tokens' as const })),
  '/__sandbox/fail-next': z
    .object({ count: z.number().int().nonnegative(), httpStatus: z.number().int().min(400).max(599).optional() })
    .transform((b) => ({ kind: 'fail-next' as const, ...b })),
  '/__sandbox/webhooks/send': orderIdBody.extend({ eventType: z.enum(PAYPAL_SANDBOX_WEBHOOK_EVENTS) }).transform((b) => ({ kind: 'send-webhook' as const, ...b })),
  '/__sandbox/webhooks/replay': z.object({ eventId: z.string().min(1) }).transform((b) => ({ kind: 'replay-webhook' as const, ...b })),
  '/__sandbox/webhooks/drop-next': z.object({ count: z.number().int().nonnegative().optional() }).transform((b) => ({ kind: 'drop-next-webhooks' as const, ...b })),
  '/__sandbox/reset': z.object({}).transform(() => ({ kind: 'reset' as const })),
};

type ControlCommand =
  | { kind: 'approve'; orderId: string; payerId?: string | undefined }
  | { kind: 'cancel'; orderId: string }
  | { kind: 'set-status'; orderId: string; status: string }
  | { kind: 'set-capture-status'; orderId: string; status: PayPalSandboxCaptureStatus; notify?: boolean | undefined }
  | { kind: 'next-capture'; orderId: string; status?: 'COMPLETED' | 'PENDING' | 'DECLINED' | undefined; value?: string | undefined; error?: 'INSTRUMENT_DECLINED' | undefined }
  | { kind: 'next-refund'; status: 'COMPLETED' | 'PENDING' | 'FAILED' }
  | { kind: 'expire'; orderId: string }
  | { kind: 'expire-tokens' }
  | { kind: 'fail-next'; count: number; httpStatus?: number | undefined }
  | { kind: 'send-webhook'; orderId: string; eventType: PayPalSandboxWebhookEvent }
  | { kind: 'replay-webhook'; eventId: string }
  | { kind: 'drop-next-webhooks'; count?: number | undefined }
  | { kind: 'reset' };

// --- Helpers -------------------------------------------------------------------------------------------

const NOT_FOUND: PageRefusal = { status: 404, title: 'Order not found', message: 'This checkout link is not valid.' };

function notApprovable(o: OrderRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: OPEN.has(o.status) || o.status === 'APPROVED', expired: o.status === 'VOIDED', status: o.status },
    { title: 'Checkout expired', message: 'This checkout session has expired. Please return to the merchant and try again.' },
    { title: 'Checkout not available', noun: 'order' },
  );
}

/** How a delivery is logged: the receiver's status, or why there is none. */
function deliveryStatus(answer: WebhookAnswer): { readonly status: PayPalSandboxWebhookDelivery['status']; readonly error?: string } {
  if (answer === 'dropped') return { status: 'dropped' };
  if (answer === 'unsent') return { status: 'not_configured' };
  return 'status' in answer ? { status: answer.status } : { status: 'error', error: answer.error };
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

const notFound = (): ApiError =>
  new ApiError(404, [{ field: 'order_id', issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist. Please check the resource ID and try again.' }]);

function cents(m: PayPalSandboxMoney): number {
  const [major = '0', minor = ''] = m.value.split('.');
  return WHOLE_ONLY.has(m.currency_code) ? Number(major) : Number(major) * 100 + Number(minor.padEnd(2, '0'));
}

function fromCents(n: number, currency: string): string {
  return WHOLE_ONLY.has(currency) ? String(n) : `${Math.trunc(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Upper-case letters and digits, the shape of PayPal's order, capture, refund and payer ids. */
const newId = (length: number): string => randomString(length, UPPER_ALNUM);

const TOKEN_CHARS = `${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz-_`;
const newToken = (): string => randomString(90, TOKEN_CHARS);

const debugId = (): string => randomUUID().replace(/-/g, '').slice(0, 13);

/** `2025-03-14T12:00:00Z`: PayPal's timestamps carry whole seconds. */
function isoSeconds(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

function refundSnapshot(r: RefundRecord): PayPalSandboxRefund {
  return {
    id: r.id,
    status: r.status,
    amount: r.amount,
    ...(r.customId !== undefined && { customId: r.customId }),
    ...(r.noteToPayer !== undefined && { noteToPayer: r.noteToPayer }),
    createdAt: r.createdAt.toISOString(),
  };
}

function snapshot(o: OrderRecord): PayPalSandboxOrder {
  const c = o.capture;
  return structuredClone({
    id: o.id,
    status: o.status,
    referenceId: o.referenceId,
    ...(o.customId !== undefined && { customId: o.customId }),
    ...(o.description !== undefined && { description: o.description }),
    amount: o.amount,
    ...(o.returnUrl !== undefined && { returnUrl: o.returnUrl }),
    ...(o.cancelUrl !== undefined && { cancelUrl: o.cancelUrl }),
    ...(o.payer !== undefined && { payer: o.payer }),
    payerCancelled: o.payerCancelled,
    ...(c !== undefined && {
      capture: {
        id: c.id,
        status: c.status,
        amount: c.amount,
        refunds: c.refunds.map(refundSnapshot),
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
      },
    }),
    createdAt: o.createdAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
  });
}

function approvalPage(o: OrderRecord, publicBaseUrl: string): string {
  const token = escapeHtml(o.id);
  const amount = escapeHtml(`${o.amount.value} ${o.amount.currency_code}`);
  return PAGES.layout(
    'PayPal Checkout',
    `<p class="badge">PayPal sandbox</p>
<h1>Pay with PayPal</h1>
<dl>
  ${o.description !== undefined ? `<dt>Order</dt><dd id="description">${escapeHtml(o.description)}</dd>` : ''}
  <dt>Total</dt><dd id="amount">${amount}</dd>
  <dt>Paying as</dt><dd id="buyer">${escapeHtml(PAYPAL_SANDBOX_BUYER.email)}</dd>
</dl>
<form id="approve-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkoutnow/approve`)}">
  <input type="hidden" name="token" value="${token}">
  <button type="submit" id="approve">Pay ${amount}</button>
</form>
<form id="cancel-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkoutnow/cancel`)}">
  <input type="hidden" name="token" value="${token}">
  <button type="submit" id="cancel" class="secondary">Cancel and return to merchant</button>
</form>`,
  );
}

const PAGES = sandboxPages({ background: '#f5f7fa', accent: '#003087', button: '#ffc439', buttonText: '#111', buttonRadius: '999px' });
