import { createHmac } from 'node:crypto';
import type Koa from 'koa';
import { z } from 'zod';
import { assertNever } from '../../../src/shared/result.js';
import {
  checkWholeNumber,
  closedPageRefusal,
  escapeHtml,
  FailNext,
  found,
  headersOf,
  isHttpUrl,
  isPageRead,
  isRecord,
  type PageRefusal,
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
  sendJsonText,
  serveControls,
  switchedCommands,
  startSandbox,
  WebhookOutbox,
} from '../sandbox-kit/index.js';
import { STRIPE_API_VERSION } from './client.js';

/**
 * A local imitation of the parts of Stripe the adapter uses: `/v1/checkout/sessions` (create,
 * retrieve with `expand`, expire), `/v1/payment_intents/{id}`, `/v1/refunds`, with Stripe's
 * form-urlencoded bodies, `Authorization: Bearer sk_…`, `Idempotency-Key` replay and error JSON;
 * the hosted Checkout page (Pay / Cancel) with the success/cancel redirects; and events POSTed
 * to a `webhookUrl`, signed `Stripe-Signature: t=…,v1=…` like Stripe signs them.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can pay any session): never expose it
 * beyond a developer machine or CI.
 */

/** Test cards the hosted page understands (Stripe's own test numbers). */
export const STRIPE_TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
} as const;

export const STRIPE_REFUND_STATUSES = ['succeeded', 'pending', 'requires_action', 'failed', 'canceled'] as const;
export type StripeRefundStatus = (typeof STRIPE_REFUND_STATUSES)[number];

/** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal): amounts in whole units. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** Stripe's three-decimal currencies: amounts in thousandths whose last digit must be 0. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Stripe's minimum charge is about 50 cents; the sandbox asks for 50 of the smallest unit in every currency. */
export const STRIPE_MIN_AMOUNT = 50;
/** Eight digits of the smallest unit. */
export const STRIPE_MAX_AMOUNT = 99_999_999;

type Json = Record<string, unknown>;

/** A Checkout Session as Stripe renders it, with its PaymentIntent and Charge expanded. */
export interface StripeSandboxSession {
  readonly id: string;
  readonly status: string;
  readonly payment_status: string;
  readonly amount_total: number;
  readonly currency: string;
  readonly client_reference_id: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly success_url: string;
  readonly cancel_url: string | null;
  readonly url: string | null;
  readonly expires_at: number;
  readonly payment_intent: (Json & { readonly id: string; readonly status: string; readonly latest_charge: (Json & { readonly id: string }) | null }) | null;
  readonly [key: string]: unknown;
}

export interface StripeSandboxRefund {
  readonly id: string;
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly payment_intent: string;
  readonly charge: string;
  readonly [key: string]: unknown;
}

/** One call to `/v1/…`, as received. */
export interface StripeSandboxRequest {
  readonly at: string;
  readonly method: string;
  /** Path as received, including any mount prefix; query not included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The form body (POST) or query (GET), decoded into nested objects the way Stripe reads them. */
  readonly params: Json;
  readonly rawBody: string;
  readonly status: number;
}

export interface StripeSandboxEvent {
  readonly id: string;
  readonly type: string;
  /** The exact JSON Stripe would POST (pretty-printed, as Stripe sends it). */
  readonly body: string;
}

export interface StripeSandboxDelivery {
  readonly eventId: string;
  readonly type: string;
  readonly at: string;
  readonly url: string | null;
  /** `delivered` (2xx), `failed` (other status or network error), `dropped` (by `dropNextWebhooks`), `no_endpoint`. */
  readonly outcome: 'delivered' | 'failed' | 'dropped' | 'no_endpoint';
  readonly httpStatus?: number;
  readonly error?: string;
  readonly signatureHeader?: string;
}

export interface StripeSandboxControl {
  sessions(): readonly StripeSandboxSession[];
  get(sessionId: string): StripeSandboxSession | undefined;
  refunds(): readonly StripeSandboxRefund[];
  /**
   * Pays an open session as the shopper would with a test card. `amount` makes Stripe report a
   * different amount than the session asked for; `delayed` pays with a method that settles
   * later (session `complete`/`unpaid`, PaymentIntent `processing`) until `settle`.
   */
  pay(sessionId: string, options?: { readonly amount?: number; readonly delayed?: boolean }): StripeSandboxSession;
  /** A declined card: the PaymentIntent fails, the session stays open. */
  decline(sessionId: string): StripeSandboxSession;
  /** Settles a delayed payment. */
  settle(sessionId: string, outcome: 'succeeded' | 'failed'): StripeSandboxSession;
  /** Forces statuses, including ones Stripe would never combine. Sends no event. */
  setStatus(sessionId: string, statuses: { readonly status?: string; readonly paymentStatus?: string; readonly paymentIntentStatus?: string }): StripeSandboxSession;
  /** Expires an open session now, as Stripe does at `expires_at` or on `/expire`. */
  expire(sessionId: string): StripeSandboxSession;
  /** Status the next refunds are created with (default `succeeded`). */
  setNextRefundStatus(status: StripeRefundStatus): void;
  /** Moves a `pending`/`requires_action` refund on. */
  settleRefund(refundId: string, status: 'succeeded' | 'failed' | 'canceled'): StripeSandboxRefund;
  /** The next `count` API calls answer `httpStatus` (default 500) with Stripe's `api_error` body. */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly StripeSandboxRequest[];
  events(): readonly StripeSandboxEvent[];
  deliveries(): readonly StripeSandboxDelivery[];
  /** Where events are POSTed; `undefined` keeps them undelivered (logged as `no_endpoint`). */
  setWebhookUrl(url: string | undefined): void;
  /** Creates and sends a new event of `type` about the session (or its PaymentIntent / Charge, by the type's prefix). */
  sendWebhook(sessionId: string, type: string): StripeSandboxEvent;
  /** Sends an existing event again (same id and body, freshly signed), as Stripe's retries do. */
  replayWebhook(eventId: string): Promise<StripeSandboxDelivery>;
  /** The next `count` deliveries are lost on the way. */
  dropNextWebhooks(count: number): void;
  /** Resolves once every delivery started so far has finished. */
  flushWebhooks(): Promise<void>;
  /** Forgets every idempotency key, as Stripe does once a key is 24 hours old: the same key then makes a new request. */
  pruneIdempotencyKeys(): void;
  /** Forgets sessions, refunds, events, logs, idempotency keys and pending failures. */
  reset(): void;
}

export interface StripeSandboxOptions {
  /** The secret API key the sandbox accepts, `sk_test_…`. */
  readonly secretKey: string;
  /** The endpoint signing secret events are signed with, `whsec_…`. */
  readonly webhookSecret: string;
  /** Where events are POSTed (can be changed with `setWebhookUrl`). */
  readonly webhookUrl?: string;
  /** Where browsers reach the sandbox, e.g. `http://localhost:3100/stripe`; hosted pages are `${publicBaseUrl}/c/pay/cs_test_…`. */
  readonly publicBaseUrl: string;
  /** Path prefix the app answers under; defaults to `publicBaseUrl`'s path (`/stripe`). */
  readonly mountPath?: string;
  /** Session lifetime when `expires_at` is not sent. Default 86400 (Stripe's 24 h). */
  readonly expiresInSeconds?: number;
  readonly now?: () => Date;
  /** For webhook deliveries. */
  readonly fetch?: typeof fetch;
}

export interface StripeSandbox {
  readonly app: Koa;
  readonly middleware: Koa.Middleware;
  readonly mountPath: string;
  readonly control: StripeSandboxControl;
}

interface ChargeRecord {
  id: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  paymentIntentId: string;
  metadata: Record<string, string>;
  created: number;
}

interface IntentRecord {
  id: string;
  status: string;
  amount: number;
  amountReceived: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  charge: ChargeRecord | null;
  lastPaymentError: Json | null;
  canceledAt: number | null;
  created: number;
}

interface SessionRecord {
  id: string;
  status: string;
  paymentStatus: string;
  amountTotal: number;
  currency: string;
  productName: string;
  lineItems: Json[];
  clientReferenceId: string | null;
  customerEmail: string | null;
  metadata: Record<string, string>;
  intentMetadata: Record<string, string>;
  intentDescription: string | null;
  successUrl: string;
  cancelUrl: string | null;
  created: number;
  expiresAt: number;
  intent: IntentRecord | null;
}

interface RefundRecord {
  id: string;
  amount: number;
  currency: string;
  charge: ChargeRecord;
  status: string;
  metadata: Record<string, string>;
  failureReason: string | null;
  created: number;
}

interface EventRecord {
  id: string;
  type: string;
  body: string;
}

interface IdempotentResult {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: string;
}

/** A Stripe API error: `{ "error": { type, code?, message, param?, doc_url? } }` with its HTTP status. */
class StripeApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

const SESSION_PARAMS = new Set([
  'mode',
  'line_items',
  'success_url',
  'cancel_url',
  'client_reference_id',
  'metadata',
  'payment_intent_data',
  'customer_email',
  'expires_at',
  'expand',
  'locale',
  'payment_method_types',
]);

export function createStripeSandbox(options: StripeSandboxOptions): StripeSandbox {
  const { now, publicBaseUrl, mountPath } = sandboxSettings(options);
  const nowSeconds = (): number => Math.floor(now().getTime() / 1000);
  const expiresInSeconds = options.expiresInSeconds ?? 86_400;

  const sessions = new Map<string, SessionRecord>();
  const intents = new Map<string, SessionRecord>();
  const refunds = new Map<string, RefundRecord>();
  const idempotency = new Map<string, IdempotentResult>();
  let events: EventRecord[] = [];
  const outbox = new WebhookOutbox<StripeSandboxDelivery>(options.fetch ?? globalThis.fetch);
  let requestLog: StripeSandboxRequest[] = [];
  const failures = new FailNext(500);
  let nextRefundStatus: StripeRefundStatus = 'succeeded';
  let webhookUrl = options.webhookUrl;

  // --- Rendering, as Stripe's API answers -----------------------------------------------------------

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
    };
  }

  function intentJson(pi: IntentRecord, expandCharge: boolean): Json {
    return {
      id: pi.id,
      object: 'payment_intent',
      amount: pi.amount,
      amount_capturable: 0,
      amount_received: pi.amountReceived,
      canceled_at: pi.canceledAt,
      cancellation_reason: pi.canceledAt === null ? null : 'automatic',
      capture_method: 'automatic_async',
      client_secret: `${pi.id}_secret_${randomId(25)}`,
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

  // --- State changes ----------------------------------------------------------------------------------

  /** Stripe expires an open session at `expires_at`. */
  function current(id: string): SessionRecord | undefined {
    const s = sessions.get(id);
    if (s !== undefined && s.status === 'open' && nowSeconds() >= s.expiresAt) expireSession(s);
    return s;
  }

  const existing = (id: string): SessionRecord => found(current(id), `session ${id}`);

  function intentFor(s: SessionRecord): IntentRecord {
    if (s.intent === null) {
      s.intent = {
        id: `pi_${randomId(24)}`,
        status: 'requires_payment_method',
        amount: s.amountTotal,
        amountReceived: 0,
        currency: s.currency,
        description: s.intentDescription,
        metadata: { ...s.intentMetadata },
        charge: null,
        lastPaymentError: null,
        canceledAt: null,
        created: nowSeconds(),
      };
      intents.set(s.intent.id, s);
    }
    return s.intent;
  }

  function succeed(s: SessionRecord, pi: IntentRecord): void {
    pi.status = 'succeeded';
    pi.amountReceived = pi.amount;
    pi.lastPaymentError = null;
    pi.charge ??= {
      id: `ch_${randomId(24)}`,
      amount: pi.amount,
      amountRefunded: 0,
      currency: pi.currency,
      paymentIntentId: pi.id,
      metadata: { ...pi.metadata },
      created: nowSeconds(),
    };
    pi.charge.amount = pi.amount;
    s.status = 'complete';
    s.paymentStatus = 'paid';
  }

  function payNow(s: SessionRecord, opts: { amount?: number; delayed?: boolean }): void {
    if (s.status !== 'open') throw new SandboxError(`cannot pay a session that is ${s.status}`);
    checkWholeNumber(opts.amount, 'amount');
    const pi = intentFor(s);
    if (opts.amount !== undefined) {
      pi.amount = opts.amount;
      s.amountTotal = opts.amount;
    }
    if (opts.delayed === true) {
      pi.status = 'processing';
      s.status = 'complete';
      s.paymentStatus = 'unpaid';
      emit('payment_intent.processing', intentJson(pi, false));
      emit('checkout.session.completed', sessionJson(s, new Set()));
      return;
    }
    succeed(s, pi);
    emit('charge.succeeded', chargeJson(pi.charge as ChargeRecord));
    emit('payment_intent.succeeded', intentJson(pi, false));
    emit('checkout.session.completed', sessionJson(s, new Set()));
  }

  function declineNow(s: SessionRecord): void {
    if (s.status !== 'open') throw new SandboxError(`cannot pay a session that is ${s.status}`);
    const pi = intentFor(s);
    pi.status = 'requires_payment_method';
    pi.lastPaymentError = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
    emit('payment_intent.payment_failed', intentJson(pi, false));
  }

  function expireSession(s: SessionRecord): void {
    s.status = 'expired';
    if (s.expiresAt > nowSeconds()) s.expiresAt = nowSeconds();
    const pi = s.intent;
    if (pi !== null && pi.status !== 'succeeded' && pi.status !== 'canceled') {
      pi.status = 'canceled';
      pi.canceledAt = nowSeconds();
      emit('payment_intent.canceled', intentJson(pi, false));
    }
    emit('checkout.session.expired', sessionJson(s, new Set()));
  }

  function refundable(charge: ChargeRecord): number {
    let held = charge.amountRefunded;
    for (const r of refunds.values()) if (r.charge === charge && (r.status === 'pending' || r.status === 'requires_action')) held += r.amount;
    return charge.amount - held;
  }

  // --- Webhooks ----------------------------------------------------------------------------------------

  function emit(type: string, object: Json, previous?: Json): EventRecord {
    const event = {
      id: `evt_${randomId(24)}`,
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      data: { object, ...(previous !== undefined && { previous_attributes: previous }) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    // Stripe sends events pretty-printed with two spaces.
    const record: EventRecord = { id: event.id, type, body: JSON.stringify(event, null, 2) };
    events.push(record);
    void deliver(record);
    return record;
  }

  function deliver(event: EventRecord): Promise<StripeSandboxDelivery> {
    const at = now().toISOString();
    const base = { eventId: event.id, type: event.type, at, url: webhookUrl ?? null };
    if (webhookUrl === undefined) return outbox.send(undefined, (answer) => ({ ...base, outcome: answer === 'dropped' ? 'dropped' : 'no_endpoint' }));
    const signatureHeader = signStripePayload(event.body, options.webhookSecret, nowSeconds());
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signatureHeader,
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'cache-control': 'no-cache',
      accept: '*/*; q=0.5, application/xml',
    };
    return outbox.send({ url: webhookUrl, headers, body: event.body, timeoutMs: 10_000 }, (answer): StripeSandboxDelivery => {
      if (answer === 'dropped') return { ...base, outcome: 'dropped' };
      if ('error' in answer) return { ...base, outcome: 'failed', error: answer.error, signatureHeader };
      return { ...base, outcome: answer.status >= 200 && answer.status < 300 ? 'delivered' : 'failed', httpStatus: answer.status, signatureHeader };
    });
  }

  function objectForEvent(s: SessionRecord, type: string): Json {
    if (type.startsWith('checkout.session.')) return sessionJson(s, new Set());
    const pi = intentFor(s);
    if (type.startsWith('payment_intent.')) return intentJson(pi, false);
    if (type.startsWith('charge.')) {
      if (pi.charge === null) throw new SandboxError(`session ${s.id} has no charge yet`);
      return chargeJson(pi.charge);
    }
    if (type.startsWith('refund.') || type.startsWith('charge.refund.')) {
      const refund = [...refunds.values()].reverse().find((r) => r.charge === pi.charge);
      if (refund === undefined) throw new SandboxError(`session ${s.id} has no refund yet`);
      return refundJson(refund);
    }
    throw new SandboxError(`the sandbox does not send ${type}`);
  }

  // --- Controls -------------------------------------------------------------------------------------

  const control: StripeSandboxControl = {
    sessions: () => [...sessions.keys()].map((id) => fullSession(existing(id))),
    get: (id) => {
      const s = current(id);
      return s === undefined ? undefined : fullSession(s);
    },
    refunds: () => [...refunds.values()].map((r) => structuredClone(refundJson(r)) as unknown as StripeSandboxRefund),
    pay: (id, opts = {}) => {
      const s = existing(id);
      payNow(s, { ...(opts.amount !== undefined && { amount: opts.amount }), ...(opts.delayed !== undefined && { delayed: opts.delayed }) });
      return fullSession(s);
    },
    decline: (id) => {
      const s = existing(id);
      declineNow(s);
      return fullSession(s);
    },
    settle: (id, outcome) => {
      const s = existing(id);
      const pi = s.intent;
      if (s.status !== 'complete' || s.paymentStatus !== 'unpaid' || pi?.status !== 'processing') {
        throw new SandboxError(`session ${id} has no delayed payment to settle`);
      }
      if (outcome === 'succeeded') {
        succeed(s, pi);
        emit('payment_intent.succeeded', intentJson(pi, false));
        emit('checkout.session.async_payment_succeeded', sessionJson(s, new Set()));
      } else {
        pi.status = 'requires_payment_method';
        pi.lastPaymentError = { type: 'invalid_request_error', code: 'payment_method_provider_decline', message: 'The payment was declined by the bank.' };
        emit('payment_intent.payment_failed', intentJson(pi, false));
        emit('checkout.session.async_payment_failed', sessionJson(s, new Set()));
      }
      return fullSession(s);
    },
    setStatus: (id, statuses) => {
      const s = existing(id);
      for (const v of [statuses.status, statuses.paymentStatus, statuses.paymentIntentStatus]) {
        if (v !== undefined && v.trim() === '') throw new SandboxError('statuses must not be empty');
      }
      if (statuses.paymentIntentStatus !== undefined) {
        const pi = intentFor(s);
        if (statuses.paymentIntentStatus === 'succeeded') succeed(s, pi);
        pi.status = statuses.paymentIntentStatus;
      }
      if (statuses.status !== undefined) s.status = statuses.status;
      if (statuses.paymentStatus !== undefined) s.paymentStatus = statuses.paymentStatus;
      return fullSession(s);
    },
    expire: (id) => {
      const s = existing(id);
      if (s.status !== 'open') throw new SandboxError(`cannot expire a session that is ${s.status}`);
      expireSession(s);
      return fullSession(s);
    },
    setNextRefundStatus: (status) => {
      if (!(STRIPE_REFUND_STATUSES as readonly string[]).includes(status)) throw new SandboxError(`unknown refund status ${status}`, 404);
      nextRefundStatus = status;
    },
    settleRefund: (refundId, status) => {
      const r = refunds.get(refundId);
      if (r === undefined) throw new SandboxError(`unknown refund ${refundId}`, 404);
      if (r.status !== 'pending' && r.status !== 'requires_action') throw new SandboxError(`refund ${refundId} is already ${r.status}`);
      const previous = { status: r.status };
      r.status = status;
      if (status === 'succeeded') r.charge.amountRefunded += r.amount;
      if (status === 'failed') r.failureReason = 'lost_or_stolen_card';
      emit('refund.updated', refundJson(r), previous);
      if (status === 'succeeded') emit('charge.refunded', chargeJson(r.charge));
      if (status === 'failed') emit('refund.failed', refundJson(r));
      return structuredClone(refundJson(r)) as unknown as StripeSandboxRefund;
    },
    failNext: (count, httpStatus) => failures.set(count, httpStatus),
    requests: () => [...requestLog],
    events: () => events.map((e) => ({ ...e })),
    deliveries: () => outbox.list(),
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    sendWebhook: (id, type) => {
      const s = existing(id);
      const e = emit(type, objectForEvent(s, type));
      return { ...e };
    },
    replayWebhook: (eventId) => {
      const e = events.find((x) => x.id === eventId);
      if (e === undefined) return Promise.reject(new SandboxError(`unknown event ${eventId}`, 404));
      return deliver(e);
    },
    dropNextWebhooks: (count) => outbox.drops.set(count),
    flushWebhooks: () => outbox.settled(),
    pruneIdempotencyKeys: () => idempotency.clear(),
    reset: () => {
      sessions.clear();
      intents.clear();
      refunds.clear();
      idempotency.clear();
      events = [];
      outbox.reset();
      requestLog = [];
      failures.reset();
      nextRefundStatus = 'succeeded';
      webhookUrl = options.webhookUrl;
    },
  };

  // --- API: /v1/… -------------------------------------------------------------------------------------

  async function api(ctx: Koa.Context, route: string): Promise<void> {
    const rawBody = await readBody(ctx.req);
    const isForm = typeof ctx.is('application/x-www-form-urlencoded') === 'string';
    const params = decodeForm(ctx.method === 'GET' ? ctx.querystring : isForm ? rawBody : '');
    const requestId = `req_${randomId(14)}`;
    ctx.set('Request-Id', requestId);
    ctx.set('Stripe-Version', ctx.get('stripe-version') || STRIPE_API_VERSION);
    const idempotencyKey = ctx.method === 'POST' ? ctx.get('idempotency-key') : '';
    if (idempotencyKey !== '') ctx.set('Idempotency-Key', idempotencyKey);
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
      error['request_log_url'] = `https://dashboard.stripe.com/test/logs/${requestId}`;
      json(ctx, e.httpStatus, { error });
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
      status: nextRefundStatus,
      metadata: metadata(p['metadata'], 'metadata'),
      failureReason: nextRefundStatus === 'failed' ? 'unknown' : null,
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

  // --- Hosted page: /c/pay/{id}, /c/pay/{id}/confirm, /c/pay/{id}/cancel --------------------------------

  const payable = (ctx: Koa.Context, id: string): SessionRecord | undefined => PAGES.usable(ctx, current(id), NOT_FOUND, notPayable);

  function page(ctx: Koa.Context, id: string): void {
    const s = payable(ctx, id);
    if (s === undefined) return;
    sendHtml(ctx, 200, checkoutPage(s, `${publicBaseUrl}/c/pay/${s.id}`));
  }

  async function confirm(ctx: Koa.Context, id: string): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const s = payable(ctx, id);
    if (s === undefined) return;
    const method = form.get('method') ?? 'card';
    if (method === 'delayed_debit') {
      payNow(s, { delayed: true });
      return redirect(ctx, s.successUrl.split('{CHECKOUT_SESSION_ID}').join(s.id), 303);
    }
    const card = (form.get('card_number') ?? '').replace(/\s+/g, '');
    if (card === STRIPE_TEST_CARDS.declined) {
      declineNow(s);
      return PAGES.errorPage(ctx, 402, 'Your card was declined.', 'Try another card, or go back to the merchant.');
    }
    if (card !== STRIPE_TEST_CARDS.succeeds) {
      return PAGES.errorPage(ctx, 400, 'Your card number is invalid.', `Use the test card ${STRIPE_TEST_CARDS.succeeds} (or ${STRIPE_TEST_CARDS.declined} to see a decline).`);
    }
    payNow(s, {});
    // Stripe documents the {CHECKOUT_SESSION_ID} template for success_url.
    redirect(ctx, s.successUrl.split('{CHECKOUT_SESSION_ID}').join(s.id), 303);
  }

  async function cancel(ctx: Koa.Context, id: string): Promise<void> {
    await readBody(ctx.req);
    const s = payable(ctx, id);
    if (s === undefined) return;
    if (s.cancelUrl === null) return PAGES.errorPage(ctx, 404, 'Nowhere to go back to', 'This session has no cancel_url.');
    // Going back leaves the session open: the shopper may return to it until it expires.
    redirect(ctx, s.cancelUrl, 303);
  }

  // --- /__sandbox/… controls over HTTP --------------------------------------------------------------

  function controls(ctx: Koa.Context, route: string): Promise<void> {
    return serveControls(ctx, route, {
      reads: {
        '/__sandbox/sessions': control.sessions,
        '/__sandbox/refunds': control.refunds,
        '/__sandbox/requests': control.requests,
        '/__sandbox/events': control.events,
        '/__sandbox/deliveries': control.deliveries,
      },
      items: [{ prefix: '/__sandbox/sessions/', get: control.get, unknown: 'unknown session' }],
      respond: json,
      commands: switchedCommands(CONTROL_SCHEMAS, async (c) => {
        switch (c.kind) {
          case 'pay':
            return control.pay(c.sessionId, { ...(c.amount !== undefined && { amount: c.amount }), ...(c.delayed !== undefined && { delayed: c.delayed }) });
          case 'decline':
            return control.decline(c.sessionId);
          case 'settle':
            return control.settle(c.sessionId, c.outcome);
          case 'set-status':
            return control.setStatus(c.sessionId, {
              ...(c.status !== undefined && { status: c.status }),
              ...(c.paymentStatus !== undefined && { paymentStatus: c.paymentStatus }),
              ...(c.paymentIntentStatus !== undefined && { paymentIntentStatus: c.paymentIntentStatus }),
            });
          case 'expire':
            return control.expire(c.sessionId);
          case 'next-refund-status':
            control.setNextRefundStatus(c.status);
            return { status: c.status };
          case 'settle-refund':
            return control.settleRefund(c.refundId, c.status);
          case 'fail-next':
            control.failNext(c.count, c.httpStatus);
            return { count: c.count, httpStatus: c.httpStatus ?? 500 };
          case 'webhook-url':
            control.setWebhookUrl(c.url ?? undefined);
            return { url: c.url ?? null };
          case 'send-webhook':
            return control.sendWebhook(c.sessionId, c.type);
          case 'replay-webhook':
            return await control.replayWebhook(c.eventId);
          case 'drop-next-webhooks':
            control.dropNextWebhooks(c.count);
            return { count: c.count };
          case 'flush-webhooks':
            await control.flushWebhooks();
            return {};
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
      if (route.startsWith('/v1/')) return api(ctx, route);
      if (route.startsWith('/__sandbox/')) return controls(ctx, route);
      const m = /^\/c\/pay\/([^/]+)(\/confirm|\/cancel)?$/.exec(route);
      if (m?.[1] !== undefined) {
        const id = decodeURIComponent(m[1]);
        if (m[2] === undefined && isPageRead(ctx)) return page(ctx, id);
        if (m[2] === '/confirm' && ctx.method === 'POST') return confirm(ctx, id);
        if (m[2] === '/cancel' && ctx.method === 'POST') return cancel(ctx, id);
      }
      return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    },
    (ctx) => json(ctx, 413, { error: { type: 'invalid_request_error', message: 'Request body too large.' } }),
  );
  return { app, middleware, mountPath, control };
}

export interface StartStripeSandboxOptions extends Omit<StripeSandboxOptions, 'publicBaseUrl'>, SandboxListenOptions {}

export interface RunningStripeSandbox extends RunningSandbox<StripeSandboxControl> {
  /** The `apiBaseUrl` for `StripeClient` (the SDK adds `/v1/…`): the same as `url`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startStripeSandbox(options: StartStripeSandboxOptions): Promise<RunningStripeSandbox> {
  const { sandbox, url, close } = await startSandbox(options, createStripeSandbox, (s) => s.control.flushWebhooks());
  return { url, apiBaseUrl: url, control: sandbox.control, close };
}

/**
 * `Stripe-Signature` for `payload` as Stripe computes it: `t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<payload>" under the endpoint secret, used as-is>`.
 */
export function signStripePayload(payload: string | Buffer, endpointSecret: string, timestamp: number): string {
  const signature = createHmac('sha256', endpointSecret).update(`${timestamp}.`).update(payload).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

// --- Controls' input --------------------------------------------------------------------------------

const sessionBody = z.object({ sessionId: z.string().min(1) });
const CONTROL_SCHEMAS: Readonly<Record<string, z.ZodType<ControlCommand>>> = {
  '/__sandbox/pay': sessionBody.extend({ amount: z.number().int().nonnegative().optional(), delayed: z.boolean().optional() }).transform((b) => ({ kind: 'pay' as const, ...b })),
  '/__sandbox/decline': sessionBody.transform((b) => ({ kind: 'decline' as const, ...b })),
  '/__sandbox/settle': sessionBody.extend({ outcome: z.enum(['succeeded', 'failed']) }).transform((b) => ({ kind: 'settle' as const, ...b })),
  '/__sandbox/set-status': sessionBody
    .extend({ status: z.string().min(1).optional(), paymentStatus: z.string().min(1).optional(), paymentIntentStatus: z.string().min(1).optional() })
    .transform((b) => ({ kind: 'set-status' as const, ...b })),
  '/__sandbox/expire': sessionBody.transform((b) => ({ kind: 'expire' as const, ...b })),
  '/__sandbox/next-refund-status': z.object({ status: z.enum(STRIPE_REFUND_STATUSES) }).transform((b) => ({ kind: 'next-refund-status' as const, ...b })),
  '/__sandbox/settle-refund': z
    .object({ refundId: z.string().min(1), status: z.enum(['succeeded', 'failed', 'canceled']) })
    .transform((b) => ({ kind: 'settle-refund' as const, ...b })),
  '/__sandbox/fail-next': z
    .object({ count: z.number().int().nonnegative(), httpStatus: z.number().int().min(400).max(599).optional() })
    .transform((b) => ({ kind: 'fail-next' as const, ...b })),
  '/__sandbox/webhook-url': z.object({ url: z.url().nullable().optional() }).transform((b) => ({ kind: 'webhook-url' as const, ...b })),
  '/__sandbox/send-webhook': sessionBody.extend({ type: z.string().min(1) }).transform((b) => ({ kind: 'send-webhook' as const, ...b })),
  '/__sandbox/replay-webhook': z.object({ eventId: z.string().min(1) }).transform((b) => ({ kind: 'replay-webhook' as const, ...b })),
  '/__sandbox/drop-next-webhooks': z.object({ count: z.number().int().nonnegative() }).transform((b) => ({ kind: 'drop-next-webhooks' as const, ...b })),
  '/__sandbox/flush-webhooks': z.object({}).transform(() => ({ kind: 'flush-webhooks' as const })),
  '/__sandbox/reset': z.object({}).transform(() => ({ kind: 'reset' as const })),
};

type ControlCommand =
  | { kind: 'pay'; sessionId: string; amount?: number | undefined; delayed?: boolean | undefined }
  | { kind: 'decline'; sessionId: string }
  | { kind: 'settle'; sessionId: string; outcome: 'succeeded' | 'failed' }
  | { kind: 'set-status'; sessionId: string; status?: string | undefined; paymentStatus?: string | undefined; paymentIntentStatus?: string | undefined }
  | { kind: 'expire'; sessionId: string }
  | { kind: 'next-refund-status'; status: StripeRefundStatus }
  | { kind: 'settle-refund'; refundId: string; status: 'succeeded' | 'failed' | 'canceled' }
  | { kind: 'fail-next'; count: number; httpStatus?: number | undefined }
  | { kind: 'webhook-url'; url?: string | null | undefined }
  | { kind: 'send-webhook'; sessionId: string; type: string }
  | { kind: 'replay-webhook'; eventId: string }
  | { kind: 'drop-next-webhooks'; count: number }
  | { kind: 'flush-webhooks' }
  | { kind: 'reset' };

// --- Helpers --------------------------------------------------------------------------------------

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

function requiredString(p: Json, name: string, param = name): string {
  const v = p[name];
  if (v === undefined || v === '') throw new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, 'parameter_missing', param);
  if (typeof v !== 'string') throw new StripeApiError(400, 'invalid_request_error', `Invalid string: ${JSON.stringify(v)}`, 'parameter_invalid_string', param);
  return v;
}

function optionalString(p: Json, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new StripeApiError(400, 'invalid_request_error', `Invalid string: ${JSON.stringify(v)}`, 'parameter_invalid_string', name);
  return v;
}

function integer(p: Json, name: string, param: string): number | undefined {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d{1,15}$/.test(v)) {
    throw new StripeApiError(400, 'invalid_request_error', `Invalid integer: ${typeof v === 'string' ? v : JSON.stringify(v)}`, 'parameter_invalid_integer', param);
  }
  return Number(v);
}

function url(value: string, param: string): string {
  if (isHttpUrl(value)) return value;
  throw new StripeApiError(400, 'invalid_request_error', 'Not a valid URL', 'url_invalid', param);
}

function metadata(value: unknown, param: string): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (!isRecord(value)) throw new StripeApiError(400, 'invalid_request_error', 'Invalid object', 'parameter_invalid_empty', param);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new StripeApiError(400, 'invalid_request_error', 'Invalid string', 'parameter_invalid_string', `${param}[${k}]`);
    if (k.length > 40) throw new StripeApiError(400, 'invalid_request_error', 'Metadata keys can have up to 40 characters.', 'parameter_invalid_string', `${param}[${k}]`);
    if (v.length > 500) throw new StripeApiError(400, 'invalid_request_error', 'Metadata values can have up to 500 characters.', 'parameter_invalid_string', `${param}[${k}]`);
    out[k] = v;
  }
  return out;
}

function expansions(p: Json): ReadonlySet<string> {
  const v = p['expand'];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return new Set(list.filter((x): x is string => typeof x === 'string'));
}

/**
 * `a[b][0][c]=v&expand[]=x` → `{ a: { b: [{ c: 'v' }] }, expand: ['x'] }`, the way Stripe reads
 * form bodies and queries: numeric (or empty) brackets make arrays.
 */
export function decodeForm(text: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (m?.[1] === undefined) {
      root[key] = value;
      continue;
    }
    const path = [m[1], ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')];
    let node: Json | unknown[] = root;
    for (let i = 0; i < path.length; i += 1) {
      const segment = path[i] ?? '';
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(path[i + 1] ?? '');
      if (Array.isArray(node)) {
        const index = segment === '' ? node.length : Number(segment);
        if (last) node[index] = value;
        else node = (node[index] ??= nextIsIndex ? [] : {}) as Json | unknown[];
      } else {
        if (last) node[segment] = value;
        else node = (node[segment] ??= nextIsIndex ? [] : {}) as Json | unknown[];
      }
    }
  }
  return root;
}

const NOT_FOUND: PageRefusal = { status: 404, title: 'Something went wrong', message: 'The page you were looking for could not be found.' };

function notPayable(s: SessionRecord): PageRefusal | undefined {
  const title = 'This Checkout Session is no longer active';
  return closedPageRefusal(
    { open: s.status === 'open', expired: s.status === 'expired', status: s.status },
    { title, message: 'The session has expired. Please return to the merchant and try again.' },
    { title, noun: 'checkout' },
  );
}

const randomId = (length: number): string => randomString(length);

function json(ctx: Koa.Context, status: number, body: unknown): void {
  sendJsonText(ctx, status, JSON.stringify(body, null, 2));
}

/**
 * `1,299.00 USD`, `500 JPY`, `1.230 KWD`, `5 ISK`: Stripe's amount in Stripe's decimals, which
 * are ISO 4217's except for Stripe's own lists (MGA zero-decimal, ISK counted in hundredths of
 * which only whole krónur are allowed, so shown whole).
 */
export function formatStripeAmount(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return `${amount.toLocaleString('en-US')} ${code}`;
  const decimals = THREE_DECIMAL.has(c) ? 3 : 2;
  const per = 10 ** decimals;
  const minor = amount % per;
  const major = ((amount - minor) / per).toLocaleString('en-US');
  if (c === 'isk' && minor === 0) return `${major} ${code}`;
  return `${major}.${String(minor).padStart(decimals, '0')} ${code}`;
}

function checkoutPage(s: SessionRecord, action: string): string {
  const amount = escapeHtml(formatStripeAmount(s.amountTotal, s.currency));
  return PAGES.layout(
    'Stripe Checkout',
    `<p class="badge">Stripe sandbox · test mode</p>
<h1>Pay ${amount}</h1>
<dl>
  <dt>Items</dt><dd id="product">${escapeHtml(s.productName)}</dd>
  <dt>Total</dt><dd id="amount">${amount}</dd>
  ${s.customerEmail === null ? '' : `<dt>Email</dt><dd id="email">${escapeHtml(s.customerEmail)}</dd>`}
</dl>
<form id="pay-form" method="post" action="${escapeHtml(`${action}/confirm`)}">
  <label>Payment method
    <select name="method"><option value="card" selected>Card</option><option value="delayed_debit">Bank debit (settles later)</option></select>
  </label>
  <label>Card number <input name="card_number" inputmode="numeric" autocomplete="cc-number" value="${STRIPE_TEST_CARDS.succeeds}"></label>
  <label>Expiry <input name="card_expiry" value="12 / 34"></label>
  <label>CVC <input name="card_cvc" value="123"></label>
  <button type="submit" id="pay">Pay ${amount}</button>
</form>
${
  s.cancelUrl === null
    ? ''
    : `<form id="cancel-form" method="post" action="${escapeHtml(`${action}/cancel`)}">
  <button type="submit" id="cancel" class="secondary">← Back to the merchant</button>
</form>`
}`,
  );
}

const PAGES = sandboxPages({ background: '#f6f9fc', accent: '#32325d', button: '#635bff', badge: '#ffde92', width: '26rem' });
