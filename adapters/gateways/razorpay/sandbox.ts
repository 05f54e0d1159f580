import { createHash, createHmac } from 'node:crypto';
import type Koa from 'koa';
import { z } from 'zod';
import { minorUnitExponent } from '../../../src/shared/money.js';
import { assertNever } from '../../../src/shared/result.js';
import {
  appendQuery,
  basicCredentials,
  checkWholeNumber,
  deliveryOutcome,
  escapeHtml,
  FailNext,
  found,
  isHttpUrl,
  isRecord,
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
  WebhookOutbox,
} from '../sandbox-kit/index.js';

/**
 * A local imitation of Razorpay's Orders, Payments and Refunds API (`/v1/…`, HTTP Basic,
 * Razorpay's error JSON), a hosted page standing in for the Checkout widget (Pay / Fail /
 * Cancel, returning to `callback_url` like Checkout's redirect flow, with the same signed
 * fields), and webhooks signed like Razorpay's (`X-Razorpay-Signature`, `X-Razorpay-Event-Id`)
 * POSTed to a configurable `webhookUrl`. For demos and tests.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can pay any order): never expose it beyond
 * a developer machine or CI.
 */

export const RAZORPAY_WEBHOOK_EVENTS = ['payment.authorized', 'payment.captured', 'payment.failed', 'order.paid', 'refund.created', 'refund.processed', 'refund.failed'] as const;
export type RazorpayWebhookEvent = (typeof RAZORPAY_WEBHOOK_EVENTS)[number];

/** Razorpay takes many currencies; these are enough for a sandbox. Minimum order: 100 of the smallest unit. */
/** A sample of Razorpay's currencies, one of each exponent: JPY has none, KWD, BHD and OMR three (orders API docs). */
export const RAZORPAY_SANDBOX_CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'SGD', 'AED', 'MYR', 'NPR', 'JPY', 'KWD', 'BHD', 'OMR'] as const;
export const RAZORPAY_MIN_AMOUNT = 100;

export interface RazorpaySandboxPayment {
  readonly id: string;
  readonly orderId: string;
  /** `created`, `authorized`, `captured`, `refunded`, `failed`, or whatever a test set. */
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly method: string;
  readonly captured: boolean;
  readonly amountRefunded: number;
  readonly refundStatus: 'partial' | 'full' | null;
  readonly errorCode: string | null;
  readonly errorDescription: string | null;
  readonly errorSource: string | null;
  readonly errorStep: string | null;
  readonly errorReason: string | null;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
}

export interface RazorpaySandboxOrder {
  readonly id: string;
  /** `created`, `attempted`, `paid`, or whatever a test set. */
  readonly status: string;
  readonly amount: number;
  readonly amountPaid: number;
  readonly currency: string;
  readonly receipt: string | null;
  readonly attempts: number;
  readonly notes: Readonly<Record<string, string>>;
  /** The hosted page refuses to take payment (Checkout's `timeout` passed, or `expire` was called). */
  readonly checkoutExpired: boolean;
  readonly createdAt: string;
  readonly payments: readonly RazorpaySandboxPayment[];
}

export interface RazorpaySandboxRefund {
  readonly id: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: string;
  /** `pending`, `processed`, `failed`. */
  readonly status: string;
  readonly speedRequested: string;
  readonly receipt: string | null;
  readonly notes: Readonly<Record<string, string>>;
  /** The `X-Refund-Idempotency` it was created with, if any. */
  readonly idempotencyKey: string | null;
  readonly createdAt: string;
}

/** One call to `/v1/…` as received (Authorization kept so tests can assert it). */
export interface RazorpaySandboxRequest {
  readonly at: string;
  readonly method: string;
  /** Path and query as received, including any mount prefix. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly status: number;
}

/** One webhook POST (or a dropped one). `body` is the exact bytes signed and sent. */
export interface RazorpayWebhookDelivery {
  readonly eventId: string;
  readonly event: string;
  readonly url: string;
  readonly body: string;
  readonly signature: string;
  readonly at: string;
  /** The receiver's HTTP status; `dropped` when `dropNextWebhooks` swallowed it; `error` when it could not be reached. */
  readonly outcome: number | 'dropped' | 'error';
  readonly error?: string;
}

export interface RazorpaySandboxControl {
  orders(): readonly RazorpaySandboxOrder[];
  get(orderId: string): RazorpaySandboxOrder | undefined;
  payment(paymentId: string): RazorpaySandboxPayment | undefined;
  refunds(): readonly RazorpaySandboxRefund[];
  /**
   * Pays an order as the shopper would: a payment `authorized` then, unless `capture` is false,
   * `captured` (auto-capture), the order `paid`. `amount` lets Razorpay report another amount.
   */
  pay(orderId: string, options?: { readonly amount?: number; readonly capture?: boolean; readonly method?: string }): RazorpaySandboxPayment;
  /** A failed attempt (`payment_failed` unless another reason is given); the order stays payable. */
  fail(orderId: string, options?: { readonly reason?: string; readonly description?: string }): RazorpaySandboxPayment;
  /** The shopper dismissed Checkout: a failed attempt with reason `payment_cancelled`. */
  cancel(orderId: string): RazorpaySandboxPayment;
  /** Captures an `authorized` payment (`order.paid` follows). */
  capture(paymentId: string): RazorpaySandboxPayment;
  /** Forces any payment status. */
  setPaymentStatus(paymentId: string, status: string): RazorpaySandboxPayment;
  setOrderStatus(orderId: string, status: string): RazorpaySandboxOrder;
  /** Moves a refund on (`processed` / `failed`), sending `refund.processed` / `refund.failed`. */
  setRefundStatus(refundId: string, status: string): RazorpaySandboxRefund;
  /** Closes the checkout window: the hosted page refuses to take payment. Razorpay orders themselves never expire. */
  expire(orderId: string): RazorpaySandboxOrder;
  /** The next `count` API calls answer `httpStatus` (default 503) with an HTML body, like an outage behind a proxy. */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly RazorpaySandboxRequest[];
  setWebhookUrl(url: string | undefined): void;
  webhooks(): readonly RazorpayWebhookDelivery[];
  /** Sends `event` about an order's latest payment, a payment, or a refund, now, with a new event id. */
  sendWebhook(event: RazorpayWebhookEvent, about: { readonly orderId?: string; readonly paymentId?: string; readonly refundId?: string }): Promise<RazorpayWebhookDelivery>;
  /** Sends a delivered (or dropped) event again: same body, signature and event id, as Razorpay's retries do. */
  replayWebhook(eventId: string): Promise<RazorpayWebhookDelivery>;
  /** The next `count` webhooks are not delivered (logged as `dropped`). */
  dropNextWebhooks(count: number): void;
  /** Resolves once every webhook sent so far has been delivered or has failed. */
  webhooksSettled(): Promise<void>;
  /** Forgets orders, payments, refunds, logs, pending failures and drops (keeps `webhookUrl`). */
  reset(): void;
}

export interface RazorpaySandboxOptions {
  readonly keyId: string;
  readonly keySecret: string;
  /** Where browsers reach the sandbox, e.g. `http://localhost:3100/razorpay`. */
  readonly publicBaseUrl: string;
  /** Path prefix the app answers under; defaults to `publicBaseUrl`'s path (`/razorpay`). */
  readonly mountPath?: string;
  /** Signs webhooks; without it (or without `webhookUrl`) none are sent. */
  readonly webhookSecret?: string;
  readonly webhookUrl?: string;
  /** Events the "Dashboard" subscribes to. Default: all of `RAZORPAY_WEBHOOK_EVENTS`. */
  readonly webhookEvents?: readonly RazorpayWebhookEvent[];
  /** Status of a refund when created. Default `processed` (test mode settles at once); `pending` to settle by hand. */
  readonly refundStatusOnCreate?: 'pending' | 'processed';
  readonly accountId?: string;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

export interface RazorpaySandbox {
  readonly app: Koa;
  readonly middleware: Koa.Middleware;
  readonly mountPath: string;
  readonly control: RazorpaySandboxControl;
}

interface OrderRecord {
  id: string;
  status: string;
  amount: number;
  amountPaid: number;
  currency: string;
  receipt: string | null;
  attempts: number;
  notes: Record<string, string>;
  checkoutExpired: boolean;
  createdAt: Date;
}

interface PaymentRecord {
  id: string;
  orderId: string;
  status: string;
  amount: number;
  currency: string;
  method: string;
  captured: boolean;
  amountRefunded: number;
  refundStatus: 'partial' | 'full' | null;
  errorCode: string | null;
  errorDescription: string | null;
  errorSource: string | null;
  errorStep: string | null;
  errorReason: string | null;
  createdAt: Date;
}

interface RefundRecord {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: string;
  speedRequested: string;
  receipt: string | null;
  notes: Record<string, string>;
  idempotencyKey: string | null;
  requestHash: string;
  createdAt: Date;
}

/** Razorpay's error JSON. */
interface RazorpayErrorFields {
  readonly description: string;
  readonly field?: string;
  readonly code?: string;
  readonly source?: string;
  readonly step?: string;
  readonly reason?: string;
}

export function createRazorpaySandbox(options: RazorpaySandboxOptions): RazorpaySandbox {
  const { now, publicBaseUrl, mountPath } = sandboxSettings(options);
  const subscribed = new Set<string>(options.webhookEvents ?? RAZORPAY_WEBHOOK_EVENTS);
  const refundStatusOnCreate = options.refundStatusOnCreate ?? 'processed';
  const accountId = options.accountId ?? 'acc_SandboxAcct0001';

  const orders = new Map<string, OrderRecord>();
  const payments = new Map<string, PaymentRecord>();
  const refunds = new Map<string, RefundRecord>();
  let requestLog: RazorpaySandboxRequest[] = [];
  const failures = new FailNext(503);
  let webhookUrl = options.webhookUrl;
  const outbox = new WebhookOutbox<RazorpayWebhookDelivery>(options.fetch ?? globalThis.fetch);

  const existingOrder = (id: string): OrderRecord => found(orders.get(id), `order ${id}`);
  const existingPayment = (id: string): PaymentRecord => found(payments.get(id), `payment ${id}`);
  const existingRefund = (id: string): RefundRecord => found(refunds.get(id), `refund ${id}`);
  const paymentsOf = (orderId: string): PaymentRecord[] => [...payments.values()].filter((p) => p.orderId === orderId);

  // --- Webhooks ----------------------------------------------------------------------------------

  function webhookBody(event: string, about: { payment?: PaymentRecord; order?: OrderRecord; refund?: RefundRecord }): string {
    const payload: Record<string, unknown> = {};
    const contains: string[] = [];
    if (about.refund !== undefined) {
      payload['refund'] = { entity: refundEntity(about.refund) };
      contains.push('refund');
    }
    if (about.payment !== undefined) {
      payload['payment'] = { entity: paymentEntity(about.payment) };
      contains.push('payment');
    }
    if (about.order !== undefined) {
      payload['order'] = { entity: orderEntity(about.order) };
      contains.push('order');
    }
    return JSON.stringify({ entity: 'event', account_id: accountId, event, contains, payload, created_at: unix(now()) });
  }

  function deliver(eventId: string, event: string, body: string): Promise<RazorpayWebhookDelivery> {
    const url = webhookUrl;
    const secret = options.webhookSecret;
    if (url === undefined || secret === undefined) throw new SandboxError('no webhookUrl or webhookSecret configured');
    const signature = createHmac('sha256', secret).update(body).digest('hex');
    const base = { eventId, event, url, body, signature, at: now().toISOString() };
    const headers = { 'content-type': 'application/json', 'user-agent': 'Razorpay-Webhook/v1', 'x-razorpay-signature': signature, 'x-razorpay-event-id': eventId };
    // Razorpay gives a receiver 5 s.
    return outbox.send({ url, headers, body, timeoutMs: 5000, redirect: 'manual' }, (answer) => ({ ...base, ...deliveryOutcome(answer) }));
  }

  /** Emits an event the "Dashboard" subscribes to, if webhooks are configured; never blocks the API answer. */
  function emit(event: RazorpayWebhookEvent, about: { payment?: PaymentRecord; order?: OrderRecord; refund?: RefundRecord }): void {
    if (!subscribed.has(event) || webhookUrl === undefined || options.webhookSecret === undefined) return;
    void deliver(newEventId(), event, webhookBody(event, about));
  }

  // --- State changes shared by the hosted page, the API and the controls ----------------------------

  function assertPayable(o: OrderRecord): void {
    if (o.status === 'paid') throw new SandboxError(`order ${o.id} is already paid`);
    if (o.checkoutExpired) throw new SandboxError(`checkout of order ${o.id} has expired`);
  }

  function newPayment(o: OrderRecord, amount: number, method: string): PaymentRecord {
    const p: PaymentRecord = {
      id: `pay_${newId()}`,
      orderId: o.id,
      status: 'created',
      amount,
      currency: o.currency,
      method,
      captured: false,
      amountRefunded: 0,
      refundStatus: null,
      errorCode: null,
      errorDescription: null,
      errorSource: null,
      errorStep: null,
      errorReason: null,
      createdAt: now(),
    };
    payments.set(p.id, p);
    o.attempts += 1;
    if (o.status === 'created') o.status = 'attempted';
    return p;
  }

  function capture(p: PaymentRecord): void {
    const o = existingOrder(p.orderId);
    p.status = 'captured';
    p.captured = true;
    o.status = 'paid';
    o.amountPaid = p.amount;
    emit('payment.captured', { payment: p });
    emit('order.paid', { payment: p, order: o });
  }

  function pay(o: OrderRecord, opts: { amount?: number; capture?: boolean; method?: string } = {}): PaymentRecord {
    assertPayable(o);
    const p = newPayment(o, opts.amount ?? o.amount, opts.method ?? 'upi');
    p.status = 'authorized';
    emit('payment.authorized', { payment: p });
    if (opts.capture !== false) capture(p);
    return p;
  }

  function fail(o: OrderRecord, reason: string, description: string, step: string): PaymentRecord {
    assertPayable(o);
    const p = newPayment(o, o.amount, 'upi');
    p.status = 'failed';
    p.errorCode = 'BAD_REQUEST_ERROR';
    p.errorDescription = description;
    p.errorSource = 'customer';
    p.errorStep = step;
    p.errorReason = reason;
    emit('payment.failed', { payment: p });
    return p;
  }
  const cancelAttempt = (o: OrderRecord) => fail(o, 'payment_cancelled', 'Payment processing cancelled by user', 'payment_authentication');

  function settleRefund(r: RefundRecord, status: string): void {
    r.status = status;
    const p = payments.get(r.paymentId);
    if (status === 'processed') emit('refund.processed', { refund: r, ...(p && { payment: p }) });
    if (status === 'failed') {
      // A failed refund gives the amount back to the payment's refundable balance.
      if (p !== undefined) {
        p.amountRefunded = Math.max(0, p.amountRefunded - r.amount);
        p.refundStatus = p.amountRefunded === 0 ? null : p.amountRefunded >= p.amount ? 'full' : 'partial';
        if (p.status === 'refunded' && p.refundStatus !== 'full') p.status = 'captured';
      }
      emit('refund.failed', { refund: r, ...(p && { payment: p }) });
    }
  }

  const control: RazorpaySandboxControl = {
    orders: () => [...orders.values()].map(orderSnapshot),
    get: (id) => {
      const o = orders.get(id);
      return o === undefined ? undefined : orderSnapshot(o);
    },
    payment: (id) => {
      const p = payments.get(id);
      return p === undefined ? undefined : paymentSnapshot(p);
    },
    refunds: () => [...refunds.values()].map(refundSnapshot),
    pay: (orderId, opts = {}) => {
      checkWholeNumber(opts.amount, 'amount');
      return paymentSnapshot(
        pay(existingOrder(orderId), {
          ...(opts.amount !== undefined && { amount: opts.amount }),
          ...(opts.capture !== undefined && { capture: opts.capture }),
          ...(opts.method !== undefined && { method: opts.method }),
        }),
      );
    },
    fail: (orderId, opts = {}) => paymentSnapshot(fail(existingOrder(orderId), opts.reason ?? 'payment_failed', opts.description ?? 'Payment failed', 'payment_authorization')),
    cancel: (orderId) => paymentSnapshot(cancelAttempt(existingOrder(orderId))),
    capture: (paymentId) => {
      const p = existingPayment(paymentId);
      if (p.status !== 'authorized') throw new SandboxError(`cannot capture a payment that is ${p.status}`);
      capture(p);
      return paymentSnapshot(p);
    },
    setPaymentStatus: (paymentId, status) => {
      const p = existingPayment(paymentId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      p.status = status;
      p.captured = status === 'captured' || status === 'refunded';
      if (status === 'refunded') {
        p.amountRefunded = p.amount;
        p.refundStatus = 'full';
      }
      return paymentSnapshot(p);
    },
    setOrderStatus: (orderId, status) => {
      const o = existingOrder(orderId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      o.status = status;
      return orderSnapshot(o);
    },
    setRefundStatus: (refundId, status) => {
      const r = existingRefund(refundId);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      if (r.status !== 'pending') throw new SandboxError(`refund ${refundId} is already ${r.status}`);
      settleRefund(r, status);
      return refundSnapshot(r);
    },
    expire: (orderId) => {
      const o = existingOrder(orderId);
      if (o.status === 'paid') throw new SandboxError(`order ${orderId} is already paid`);
      o.checkoutExpired = true;
      return orderSnapshot(o);
    },
    failNext: (count, httpStatus) => failures.set(count, httpStatus),
    requests: () => [...requestLog],
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    webhooks: () => outbox.list(),
    sendWebhook: async (event, about) => {
      if (!(RAZORPAY_WEBHOOK_EVENTS as readonly string[]).includes(event)) throw new SandboxError(`unknown event ${event}`);
      let refund: RefundRecord | undefined;
      let payment: PaymentRecord | undefined;
      let order: OrderRecord | undefined;
      if (about.refundId !== undefined) refund = existingRefund(about.refundId);
      if (about.paymentId !== undefined) payment = existingPayment(about.paymentId);
      if (refund !== undefined && payment === undefined) payment = payments.get(refund.paymentId);
      if (about.orderId !== undefined) order = existingOrder(about.orderId);
      if (payment === undefined && order !== undefined) payment = paymentsOf(order.id).at(-1);
      if (order === undefined && payment !== undefined) order = orders.get(payment.orderId);
      if (event.startsWith('refund.') && refund === undefined) throw new SandboxError(`${event} needs a refund`);
      if (payment === undefined) throw new SandboxError(`${event} needs a payment`);
      const body = webhookBody(event, { ...(refund && { refund }), payment, ...(event === 'order.paid' && order && { order }) });
      return deliver(newEventId(), event, body);
    },
    replayWebhook: async (eventId) => {
      const earlier = outbox.list().find((d) => d.eventId === eventId);
      if (earlier === undefined) throw new SandboxError(`unknown webhook event ${eventId}`, 404);
      return deliver(earlier.eventId, earlier.event, earlier.body);
    },
    dropNextWebhooks: (count) => outbox.drops.set(count),
    webhooksSettled: () => outbox.settled(),
    reset: () => {
      orders.clear();
      payments.clear();
      refunds.clear();
      requestLog = [];
      failures.reset();
      outbox.reset();
    },
  };

  // --- API: /v1/… ----------------------------------------------------------------------------------

  function api(ctx: Koa.Context, route: string): Promise<void> {
    // Razorpay's log keeps the query: the list calls page with it.
    return serveJsonApi(ctx, { now, failures, log: (call) => requestLog.push({ ...call, path: ctx.url }) }, ({ text, body }) => {
      if (!authenticated(ctx.get('authorization'), options.keyId, options.keySecret)) {
        return rzpError(ctx, 401, { description: 'Authentication failed', source: 'NA', step: 'NA', reason: 'NA' });
      }
      if (ctx.method === 'POST' && text.trim() !== '' && !ctx.is('application/json')) {
        return rzpError(ctx, 400, { description: 'Content-Type must be application/json' });
      }
      if (body.ok === false) return rzpError(ctx, 400, { description: 'The request body is not valid JSON' });
      const segments = route
        .split('/')
        .filter((s) => s !== '')
        .map(decodeURIComponent);
      // segments[0] is "v1"
      const [, resource, id, sub] = segments;
      if (segments.length > 4) return notFound(ctx);
      if (resource === 'orders') {
        if (id === undefined && ctx.method === 'POST') return createOrder(ctx, body.value);
        if (id === undefined && ctx.method === 'GET') return listOrders(ctx);
        if (id !== undefined && sub === undefined && ctx.method === 'GET') return fetchOrder(ctx, id);
        if (id !== undefined && sub === 'payments' && ctx.method === 'GET') return orderPayments(ctx, id);
      }
      if (resource === 'payments' && id !== undefined) {
        if (sub === undefined && ctx.method === 'GET') return fetchPayment(ctx, id);
        if (sub === 'capture' && ctx.method === 'POST') return capturePayment(ctx, id, body.value);
        if (sub === 'refund' && ctx.method === 'POST') return refundPayment(ctx, id, body.value);
        if (sub === 'refunds' && ctx.method === 'GET') return paymentRefunds(ctx, id);
      }
      if (resource === 'refunds' && id !== undefined && sub === undefined && ctx.method === 'GET') return fetchRefund(ctx, id);
      return notFound(ctx);
    });
  }

  function createOrder(ctx: Koa.Context, body: unknown): void {
    if (!isRecord(body)) return rzpError(ctx, 400, { description: 'The amount field is required.', field: 'amount' });
    const amount = body['amount'];
    if (amount === undefined || amount === null) return rzpError(ctx, 400, { description: 'The amount field is required.', field: 'amount' });
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return rzpError(ctx, 400, { description: 'The amount must be an integer.', field: 'amount' });
    const currency = body['currency'] ?? 'INR';
    if (typeof currency !== 'string' || !(RAZORPAY_SANDBOX_CURRENCIES as readonly string[]).includes(currency)) {
      return rzpError(ctx, 400, { description: 'The selected currency is invalid.', field: 'currency' });
    }
    if (amount < RAZORPAY_MIN_AMOUNT) {
      return rzpError(ctx, 400, { description: `The amount must be at least ${currency} 1.00`, field: 'amount' });
    }
    // Razorpay: "pass the last decimal number as 0 for three decimal currency payments". Its
    // error text for one that does not is not documented; this wording is the sandbox's own.
    if (minorUnitExponent(currency) === 3 && amount % 10 !== 0) {
      return rzpError(ctx, 400, { description: `The last digit of a ${currency} amount must be 0`, field: 'amount' });
    }
    const receipt = body['receipt'];
    if (receipt !== undefined && receipt !== null && (typeof receipt !== 'string' || receipt.length > 40)) {
      return rzpError(ctx, 400, { description: 'The receipt may not be greater than 40 characters.', field: 'receipt' });
    }
    const notes = validateNotes(body['notes']);
    if (typeof notes === 'string') return rzpError(ctx, 400, { description: notes, field: 'notes' });
    const o: OrderRecord = {
      id: `order_${newId()}`,
      status: 'created',
      amount,
      amountPaid: 0,
      currency,
      receipt: typeof receipt === 'string' ? receipt : null,
      attempts: 0,
      notes,
      checkoutExpired: false,
      createdAt: now(),
    };
    orders.set(o.id, o);
    sendJson(ctx, 200, orderEntity(o));
  }

  function listOrders(ctx: Koa.Context): void {
    const receipt = typeof ctx.query['receipt'] === 'string' ? ctx.query['receipt'] : undefined;
    const count = Math.min(100, Math.max(1, Number(ctx.query['count'] ?? 10) || 10));
    const skip = Math.max(0, Number(ctx.query['skip'] ?? 0) || 0);
    const items = [...orders.values()]
      .filter((o) => receipt === undefined || o.receipt === receipt)
      .reverse()
      .slice(skip, skip + count)
      .map(orderEntity);
    sendJson(ctx, 200, { entity: 'collection', count: items.length, items });
  }

  function fetchOrder(ctx: Koa.Context, id: string): void {
    const o = orders.get(id);
    if (o === undefined) return idDoesNotExist(ctx);
    sendJson(ctx, 200, orderEntity(o));
  }

  function orderPayments(ctx: Koa.Context, id: string): void {
    if (!orders.has(id)) return idDoesNotExist(ctx);
    const items = paymentsOf(id).map(paymentEntity);
    sendJson(ctx, 200, { entity: 'collection', count: items.length, items });
  }

  function fetchPayment(ctx: Koa.Context, id: string): void {
    const p = payments.get(id);
    if (p === undefined) return idDoesNotExist(ctx);
    sendJson(ctx, 200, paymentEntity(p));
  }

  function capturePayment(ctx: Koa.Context, id: string, body: unknown): void {
    const p = payments.get(id);
    if (p === undefined) return idDoesNotExist(ctx);
    const amount = isRecord(body) ? body['amount'] : undefined;
    const currency = isRecord(body) ? body['currency'] : undefined;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return rzpError(ctx, 400, { description: 'The amount field is required.', field: 'amount' });
    if (currency !== p.currency) return rzpError(ctx, 400, { description: 'The currency should be same as the payment currency', field: 'currency' });
    if (amount !== p.amount) return rzpError(ctx, 400, { description: 'Capture amount must be equal to the amount authorized', field: 'amount' });
    if (p.status !== 'authorized') return rzpError(ctx, 400, { description: 'This payment has already been captured' });
    capture(p);
    sendJson(ctx, 200, paymentEntity(p));
  }

  function refundPayment(ctx: Koa.Context, id: string, body: unknown): void {
    const p = payments.get(id);
    if (p === undefined) return idDoesNotExist(ctx);
    const idempotencyKey = ctx.get('x-refund-idempotency') || null;
    if (idempotencyKey !== null && !/^[A-Za-z0-9_-]{10,}$/.test(idempotencyKey)) {
      return rzpError(ctx, 400, { description: 'The X-Refund-Idempotency header must be at least 10 characters of letters, digits, _ and -' });
    }
    const b = body === undefined ? {} : body;
    if (!isRecord(b)) return rzpError(ctx, 400, { description: 'The request body must be an object' });
    const requestHash = createHash('sha256')
      .update(`${id}\n${canonicalJson(b)}`)
      .digest('hex');
    if (idempotencyKey !== null) {
      const earlier = [...refunds.values()].find((r) => r.idempotencyKey === idempotencyKey);
      if (earlier !== undefined) {
        if (earlier.requestHash !== requestHash) {
          return rzpError(ctx, 400, { description: 'The idempotency key has already been used with a different request' });
        }
        return sendJson(ctx, 200, refundEntity(earlier));
      }
    }
    if (p.status !== 'captured') return rzpError(ctx, 400, { description: 'Only captured payments can be refunded', field: 'payment_id' });
    const refundable = p.amount - p.amountRefunded;
    const amount = b['amount'] ?? refundable;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
      return rzpError(ctx, 400, { description: 'The amount must be a positive integer.', field: 'amount' });
    }
    if (amount > refundable) return rzpError(ctx, 400, { description: 'The refund amount provided is greater than amount captured', field: 'amount' });
    const speed = b['speed'] ?? 'normal';
    if (speed !== 'normal' && speed !== 'optimum') return rzpError(ctx, 400, { description: 'The selected speed is invalid.', field: 'speed' });
    const receipt = b['receipt'];
    if (receipt !== undefined && receipt !== null && (typeof receipt !== 'string' || receipt.length > 40)) {
      return rzpError(ctx, 400, { description: 'The receipt may not be greater than 40 characters.', field: 'receipt' });
    }
    const notes = validateNotes(b['notes']);
    if (typeof notes === 'string') return rzpError(ctx, 400, { description: notes, field: 'notes' });
    const r: RefundRecord = {
      id: `rfnd_${newId()}`,
      paymentId: p.id,
      amount,
      currency: p.currency,
      status: 'pending',
      speedRequested: speed,
      receipt: typeof receipt === 'string' ? receipt : null,
      notes,
      idempotencyKey,
      requestHash,
      createdAt: now(),
    };
    refunds.set(r.id, r);
    p.amountRefunded += amount;
    p.refundStatus = p.amountRefunded >= p.amount ? 'full' : 'partial';
    if (p.refundStatus === 'full') p.status = 'refunded';
    emit('refund.created', { refund: r, payment: p });
    if (refundStatusOnCreate === 'processed') settleRefund(r, 'processed');
    sendJson(ctx, 200, refundEntity(r));
  }

  function paymentRefunds(ctx: Koa.Context, id: string): void {
    if (!payments.has(id)) return idDoesNotExist(ctx);
    const items = [...refunds.values()].filter((r) => r.paymentId === id).map(refundEntity);
    sendJson(ctx, 200, { entity: 'collection', count: items.length, items });
  }

  function fetchRefund(ctx: Koa.Context, id: string): void {
    const r = refunds.get(id);
    if (r === undefined) return idDoesNotExist(ctx);
    sendJson(ctx, 200, refundEntity(r));
  }

  // --- Hosted page standing in for Checkout: /v1/checkout/embedded, /pay, /fail, /cancel ------------

  /** Checkout's options, from the page's query (GET) or form (POST, as Razorpay's own hosted checkout takes them). */
  function checkoutOptions(
    fields: URLSearchParams,
  ): { order: OrderRecord; callbackUrl: string; callbackMethod: 'get' | 'post'; expireBy?: number } | { error: [number, string, string] } {
    const keyId = fields.get('key_id') ?? '';
    if (!sameSecret(keyId, options.keyId)) return { error: [401, 'Invalid key', 'The key_id does not belong to this merchant.'] };
    const order = orders.get(fields.get('order_id') ?? '');
    if (order === undefined) return { error: [404, 'Order not found', 'The order_id is not valid.'] };
    const callbackUrl = fields.get('callback_url') ?? '';
    if (!isHttpUrl(callbackUrl)) return { error: [400, 'Invalid callback_url', 'callback_url must be an http(s) URL.'] };
    const method = (fields.get('callback_method') ?? 'post').toLowerCase();
    if (method !== 'get' && method !== 'post') return { error: [400, 'Invalid callback_method', 'callback_method must be get or post.'] };
    const expireByText = fields.get('expire_by');
    const expireBy = expireByText === null || expireByText === '' ? undefined : Number(expireByText);
    if (expireBy !== undefined && !Number.isSafeInteger(expireBy)) return { error: [400, 'Invalid expire_by', 'expire_by must be a Unix time in seconds.'] };
    if (expireBy !== undefined && unix(now()) >= expireBy) order.checkoutExpired = order.status !== 'paid' || order.checkoutExpired;
    return { order, callbackUrl, callbackMethod: method, ...(expireBy !== undefined && { expireBy }) };
  }

  function refusal(o: OrderRecord): [number, string, string] | undefined {
    if (o.status === 'paid') return [409, 'Order already paid', 'This order has already been paid.'];
    if (o.checkoutExpired) return [410, 'Payment time expired', 'The time to complete this payment is over. Please return to the merchant and try again.'];
    return undefined;
  }

  async function page(ctx: Koa.Context): Promise<void> {
    const fields = ctx.method === 'POST' ? new URLSearchParams(await readBody(ctx.req)) : new URLSearchParams(ctx.querystring);
    const checked = checkoutOptions(fields);
    if ('error' in checked) return PAGES.errorPage(ctx, ...checked.error);
    const refused = refusal(checked.order);
    if (refused !== undefined) return PAGES.errorPage(ctx, ...refused);
    sendHtml(ctx, 200, checkoutPage(checked.order, fields, publicBaseUrl));
  }

  async function button(ctx: Koa.Context, action: 'pay' | 'fail' | 'cancel'): Promise<void> {
    const fields = new URLSearchParams(await readBody(ctx.req));
    const checked = checkoutOptions(fields);
    if ('error' in checked) return PAGES.errorPage(ctx, ...checked.error);
    const { order, callbackUrl, callbackMethod } = checked;
    const refused = refusal(order);
    if (refused !== undefined) return PAGES.errorPage(ctx, ...refused);
    let result: [string, string][];
    if (action === 'pay') {
      const p = pay(order);
      const signature = createHmac('sha256', options.keySecret).update(`${order.id}|${p.id}`).digest('hex');
      result = [
        ['razorpay_payment_id', p.id],
        ['razorpay_order_id', order.id],
        ['razorpay_signature', signature],
      ];
    } else {
      const p = action === 'cancel' ? cancelAttempt(order) : fail(order, 'payment_failed', 'Payment failed', 'payment_authorization');
      result = [
        ['error[code]', p.errorCode ?? ''],
        ['error[description]', p.errorDescription ?? ''],
        ['error[source]', p.errorSource ?? ''],
        ['error[step]', p.errorStep ?? ''],
        ['error[reason]', p.errorReason ?? ''],
        ['error[metadata]', JSON.stringify({ payment_id: p.id, order_id: order.id })],
      ];
    }
    if (callbackMethod === 'get') return redirect(ctx, appendQuery(callbackUrl, result));
    sendHtml(ctx, 200, callbackForm(callbackUrl, result));
  }

  // --- /__sandbox/… controls over HTTP --------------------------------------------------------------

  function controls(ctx: Koa.Context, route: string): Promise<void> {
    return serveControls(ctx, route, {
      reads: {
        '/__sandbox/orders': control.orders,
        '/__sandbox/refunds': control.refunds,
        '/__sandbox/requests': control.requests,
        '/__sandbox/webhooks': control.webhooks,
      },
      items: [{ prefix: '/__sandbox/orders/', get: control.get, unknown: 'unknown order' }],
      commands: switchedCommands(CONTROL_SCHEMAS, async (c) => {
        switch (c.kind) {
          case 'pay':
            return control.pay(c.orderId, {
              ...(c.amount !== undefined && { amount: c.amount }),
              ...(c.capture !== undefined && { capture: c.capture }),
            });
          case 'fail':
            return control.fail(c.orderId, { ...(c.reason !== undefined && { reason: c.reason }) });
          case 'cancel':
            return control.cancel(c.orderId);
          case 'capture':
            return control.capture(c.paymentId);
          case 'set-payment-status':
            return control.setPaymentStatus(c.paymentId, c.status);
          case 'set-order-status':
            return control.setOrderStatus(c.orderId, c.status);
          case 'set-refund-status':
            return control.setRefundStatus(c.refundId, c.status);
          case 'expire':
            return control.expire(c.orderId);
          case 'fail-next':
            control.failNext(c.count, c.httpStatus);
            return { count: c.count, httpStatus: c.httpStatus ?? 503 };
          case 'send-webhook':
            return await control.sendWebhook(c.event, {
              ...(c.orderId !== undefined && { orderId: c.orderId }),
              ...(c.paymentId !== undefined && { paymentId: c.paymentId }),
              ...(c.refundId !== undefined && { refundId: c.refundId }),
            });
          case 'replay-webhook':
            return await control.replayWebhook(c.eventId);
          case 'drop-next-webhooks':
            control.dropNextWebhooks(c.count);
            return { count: c.count };
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
    async (ctx, route) => {
      try {
        if (route === '/v1/checkout/embedded' && (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'POST')) return await page(ctx);
        if (route === '/v1/checkout/pay' && ctx.method === 'POST') return await button(ctx, 'pay');
        if (route === '/v1/checkout/fail' && ctx.method === 'POST') return await button(ctx, 'fail');
        if (route === '/v1/checkout/cancel' && ctx.method === 'POST') return await button(ctx, 'cancel');
        if (route.startsWith('/v1/')) return await api(ctx, route);
        if (route.startsWith('/__sandbox/')) return await controls(ctx, route);
        return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
      } catch (e) {
        if (e instanceof SandboxError) return PAGES.errorPage(ctx, e.httpStatus, 'Payment not available', e.message);
        throw e;
      }
    },
    (ctx) => rzpError(ctx, 413, { description: 'Request body too large' }),
  );
  return { app, middleware, mountPath, control };

  function orderSnapshot(o: OrderRecord): RazorpaySandboxOrder {
    return structuredClone({
      ...o,
      createdAt: o.createdAt.toISOString(),
      payments: paymentsOf(o.id).map(paymentSnapshot),
    });
  }
}

export interface StartRazorpaySandboxOptions extends Omit<RazorpaySandboxOptions, 'publicBaseUrl'>, SandboxListenOptions {}

export interface RunningRazorpaySandbox extends RunningSandbox<RazorpaySandboxControl> {
  /** `${url}/v1/`: the `baseUrl` for `RazorpayClient`. */
  readonly apiBaseUrl: string;
  /** The hosted page standing in for Checkout: the gateway's `checkoutUrl`. */
  readonly checkoutUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startRazorpaySandbox(options: StartRazorpaySandboxOptions): Promise<RunningRazorpaySandbox> {
  const { sandbox, url, publicBaseUrl, close } = await startSandbox(options, createRazorpaySandbox, (s) => s.control.webhooksSettled());
  return { url, apiBaseUrl: `${url}/v1/`, checkoutUrl: `${publicBaseUrl}/v1/checkout/embedded`, control: sandbox.control, close };
}

const orderIdBody = z.object({ orderId: z.string().min(1) });
const countBody = z.object({ count: z.number().int().nonnegative() });
const CONTROL_SCHEMAS: Readonly<Record<string, z.ZodType<ControlCommand>>> = {
  '/__sandbox/pay': orderIdBody.extend({ amount: z.number().int().nonnegative().optional(), capture: z.boolean().optional() }).transform((b) => ({ kind: 'pay' as const, ...b })),
  '/__sandbox/fail': orderIdBody.extend({ reason: z.string().min(1).optional() }).transform((b) => ({ kind: 'fail' as const, ...b })),
  '/__sandbox/cancel': orderIdBody.transform((b) => ({ kind: 'cancel' as const, ...b })),
  '/__sandbox/capture': z.object({ paymentId: z.string().min(1) }).transform((b) => ({ kind: 'capture' as const, ...b })),
  '/__sandbox/set-payment-status': z.object({ paymentId: z.string().min(1), status: z.string().min(1) }).transform((b) => ({ kind: 'set-payment-status' as const, ...b })),
  '/__sandbox/set-order-status': orderIdBody.extend({ status: z.string().min(1) }).transform((b) => ({ kind: 'set-order-status' as const, ...b })),
  '/__sandbox/set-refund-status': z.object({ refundId: z.string().min(1), status: z.string().min(1) }).transform((b) => ({ kind: 'set-refund-status' as const, ...b })),
  '/__sandbox/expire': orderIdBody.transform((b) => ({ kind: 'expire' as const, ...b })),
  '/__sandbox/fail-next': countBody.extend({ httpStatus: z.number().int().min(400).max(599).optional() }).transform((b) => ({ kind: 'fail-next' as const, ...b })),
  '/__sandbox/send-webhook': z
    .object({
      event: z.enum(RAZORPAY_WEBHOOK_EVENTS),
      orderId: z.string().min(1).optional(),
      paymentId: z.string().min(1).optional(),
      refundId: z.string().min(1).optional(),
    })
    .transform((b) => ({ kind: 'send-webhook' as const, ...b })),
  '/__sandbox/replay-webhook': z.object({ eventId: z.string().min(1) }).transform((b) => ({ kind: 'replay-webhook' as const, ...b })),
  '/__sandbox/drop-next-webhooks': countBody.transform((b) => ({ kind: 'drop-next-webhooks' as const, ...b })),
  '/__sandbox/reset': z.object({}).transform(() => ({ kind: 'reset' as const })),
};

type ControlCommand =
  | { kind: 'pay'; orderId: string; amount?: number | undefined; capture?: boolean | undefined }
  | { kind: 'fail'; orderId: string; reason?: string | undefined }
  | { kind: 'cancel'; orderId: string }
  | { kind: 'capture'; paymentId: string }
  | { kind: 'set-payment-status'; paymentId: string; status: string }
  | { kind: 'set-order-status'; orderId: string; status: string }
  | { kind: 'set-refund-status'; refundId: string; status: string }
  | { kind: 'expire'; orderId: string }
  | { kind: 'fail-next'; count: number; httpStatus?: number | undefined }
  | { kind: 'send-webhook'; event: RazorpayWebhookEvent; orderId?: string | undefined; paymentId?: string | undefined; refundId?: string | undefined }
  | { kind: 'replay-webhook'; eventId: string }
  | { kind: 'drop-next-webhooks'; count: number }
  | { kind: 'reset' };

// --- Wire entities -----------------------------------------------------------------------------------

/** Razorpay serialises empty `notes` as `[]`. */
const wireNotes = (notes: Readonly<Record<string, string>>): Record<string, string> | [] => (Object.keys(notes).length === 0 ? [] : { ...notes });

function orderEntity(o: OrderRecord): Record<string, unknown> {
  return {
    id: o.id,
    entity: 'order',
    amount: o.amount,
    amount_paid: o.amountPaid,
    amount_due: o.amount - o.amountPaid,
    currency: o.currency,
    receipt: o.receipt,
    offer_id: null,
    status: o.status,
    attempts: o.attempts,
    notes: wireNotes(o.notes),
    created_at: unix(o.createdAt),
  };
}

function paymentEntity(p: PaymentRecord): Record<string, unknown> {
  return {
    id: p.id,
    entity: 'payment',
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    order_id: p.orderId,
    invoice_id: null,
    international: false,
    method: p.method,
    amount_refunded: p.amountRefunded,
    refund_status: p.refundStatus,
    captured: p.captured,
    description: null,
    card_id: null,
    bank: null,
    wallet: null,
    vpa: p.method === 'upi' ? 'success@razorpay' : null,
    email: 'void@razorpay.com',
    contact: '+919900000000',
    notes: [],
    fee: p.captured ? Math.round(p.amount * 0.02) : null,
    tax: p.captured ? Math.round(p.amount * 0.02 * 0.18) : null,
    error_code: p.errorCode,
    error_description: p.errorDescription,
    error_source: p.errorSource,
    error_step: p.errorStep,
    error_reason: p.errorReason,
    acquirer_data: {},
    created_at: unix(p.createdAt),
  };
}

function refundEntity(r: RefundRecord): Record<string, unknown> {
  return {
    id: r.id,
    entity: 'refund',
    amount: r.amount,
    currency: r.currency,
    payment_id: r.paymentId,
    notes: wireNotes(r.notes),
    receipt: r.receipt,
    acquirer_data: { arn: null },
    created_at: unix(r.createdAt),
    batch_id: null,
    status: r.status,
    speed_processed: 'normal',
    speed_requested: r.speedRequested,
  };
}

function paymentSnapshot(p: PaymentRecord): RazorpaySandboxPayment {
  return structuredClone({ ...p, createdAt: p.createdAt.toISOString() });
}

function refundSnapshot(r: RefundRecord): RazorpaySandboxRefund {
  const { requestHash: _requestHash, ...rest } = r;
  return structuredClone({ ...rest, createdAt: r.createdAt.toISOString() });
}

// --- Helpers -------------------------------------------------------------------------------------------

function rzpError(ctx: Koa.Context, status: number, e: RazorpayErrorFields): void {
  const business = e.source === undefined;
  sendJson(ctx, status, {
    error: {
      code: e.code ?? 'BAD_REQUEST_ERROR',
      description: e.description,
      source: e.source ?? 'business',
      step: e.step ?? 'payment_initiation',
      reason: e.reason ?? (business ? 'input_validation_failed' : 'NA'),
      metadata: {},
      ...(e.field !== undefined && { field: e.field }),
    },
  });
}

const idDoesNotExist = (ctx: Koa.Context): void => rzpError(ctx, 400, { description: 'The id provided does not exist', field: 'id' });
const notFound = (ctx: Koa.Context): void => rzpError(ctx, 404, { description: 'The requested URL was not found on the server.', source: 'NA', step: 'NA', reason: 'NA' });

/** Notes: up to 15 keys, string (or number) values of at most 256 characters. Returns the problem as a string. */
function validateNotes(notes: unknown): Record<string, string> | string {
  if (notes === undefined || notes === null) return {};
  if (Array.isArray(notes) && notes.length === 0) return {};
  if (!isRecord(notes)) return 'The notes field must be an object.';
  const entries = Object.entries(notes);
  if (entries.length > 15) return 'Number of fields in notes should be less than or equal to 15';
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof v !== 'string' && typeof v !== 'number') return `The notes.${k} must be a string.`;
    const s = String(v);
    if (s.length > 256) return `The notes.${k} may not be greater than 256 characters.`;
    out[k] = s;
  }
  return out;
}

function authenticated(header: string, keyId: string, keySecret: string): boolean {
  const credentials = basicCredentials(header);
  return credentials !== undefined && sameSecret(credentials.user, keyId) && sameSecret(credentials.password, keySecret);
}

/** Key order does not matter to Razorpay's "same request body" check. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** 14 base62 characters, the shape of Razorpay's ids after the prefix (`order_`, `pay_`, `rfnd_`). */
const newId = (): string => randomString(14);
const newEventId = newId;

const unix = (d: Date): number => Math.floor(d.getTime() / 1000);

/** `₹1,299.00` for INR; `USD 12.50`, `JPY 1,000`, `KWD 1.230` otherwise: the ISO 4217 decimals. */
export function displayAmount(amount: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const per = 10 ** exponent;
  const minor = amount % per;
  const major = ((amount - minor) / per).toLocaleString(currency === 'INR' ? 'en-IN' : 'en-US');
  const text = exponent === 0 ? major : `${major}.${String(minor).padStart(exponent, '0')}`;
  return currency === 'INR' ? `₹${text}` : `${currency} ${text}`;
}

/** The fields every button posts: Checkout's options as the page received them. */
const CARRIED = ['key_id', 'order_id', 'callback_url', 'callback_method', 'expire_by'] as const;

function checkoutPage(o: OrderRecord, fields: URLSearchParams, publicBaseUrl: string): string {
  const hidden = CARRIED.map((name) => {
    const value = fields.get(name);
    return value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  }).join('\n  ');
  const form = (id: string, action: string, label: string, cls = '') =>
    `<form id="${id}" method="post" action="${escapeHtml(`${publicBaseUrl}/v1/checkout/${action}`)}">
  ${hidden}
  <button type="submit" id="${action}"${cls === '' ? '' : ` class="${cls}"`}>${escapeHtml(label)}</button>
</form>`;
  const name = fields.get('name');
  const description = fields.get('description');
  const prefill = ['prefill[name]', 'prefill[email]', 'prefill[contact]'].map((k) => fields.get(k)).filter((v): v is string => v !== null && v !== '');
  return PAGES.layout(
    'Razorpay Checkout',
    `<p class="badge">Razorpay sandbox · test mode</p>
<h1>${escapeHtml(name ?? 'Pay with Razorpay')}</h1>
<dl>
  ${description === null ? '' : `<dt>Description</dt><dd id="description">${escapeHtml(description)}</dd>`}
  <dt>Order</dt><dd id="order-id">${escapeHtml(o.id)}</dd>
  <dt>Amount</dt><dd id="amount">${escapeHtml(displayAmount(o.amount, o.currency))}</dd>
  ${prefill.length === 0 ? '' : `<dt>Paying as</dt><dd id="prefill">${escapeHtml(prefill.join(' · '))}</dd>`}
</dl>
${form('pay-form', 'pay', `Pay ${displayAmount(o.amount, o.currency)}`)}
${form('fail-form', 'fail', 'Simulate a failed payment', 'secondary')}
${form('cancel-form', 'cancel', 'Cancel', 'secondary')}`,
  );
}

/** Checkout's redirect flow: the browser POSTs the result to `callback_url`. */
function callbackForm(callbackUrl: string, fields: readonly (readonly [string, string])[]): string {
  const inputs = fields.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('\n  ');
  return PAGES.layout(
    'Returning to the merchant',
    `<p>Returning to the merchant…</p>
<form id="callback-form" method="post" action="${escapeHtml(callbackUrl)}">
  ${inputs}
  <noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('callback-form').submit();</script>`,
  );
}

const PAGES = sandboxPages({ background: '#eef2fb', accent: '#072654', button: '#3395ff' });
