import { randomInt, timingSafeEqual } from 'node:crypto';
import Koa from 'koa';
import { z } from 'zod';
import { assertNever } from '../../../src/shared/result.js';
import {
  appendQuery,
  BodyTooLargeError,
  SandboxError,
  sandboxPage,
  type SandboxPageTheme,
  sendSandboxErrorPage,
  escapeHtml,
  headersOf,
  isHttpUrl,
  isRecord,
  mountedMiddleware,
  normalizeMountPath,
  parseJson,
  readBody,
  readControlCommand,
  type RunningSandbox,
  type SandboxListenOptions,
  sendHtml,
  sendJson,
  serveSandbox,
} from '../sandbox-kit.js';

/**
 * A local imitation of Khalti ePayment (KPG-2): the same endpoints, bodies, status codes and
 * hosted-page round trip as `dev.khalti.com` / `test-pay.khalti.com`, for demos and tests.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can complete any payment): never expose
 * it beyond a developer machine or CI.
 */

export const KHALTI_SANDBOX_STATUSES = ['Initiated', 'Pending', 'Completed', 'Refunded', 'Partially Refunded', 'Expired', 'User canceled'] as const;
export type KhaltiSandboxStatus = (typeof KHALTI_SANDBOX_STATUSES)[number];

/** Documented test wallets 9800000000–9800000005, MPIN 1111 (OTP 987654 is not asked for here). */
export const KHALTI_TEST_CREDENTIALS = {
  khaltiIds: ['9800000000', '9800000001', '9800000002', '9800000003', '9800000004', '9800000005'],
  mpin: '1111',
  otp: '987654',
} as const;

/** Khalti refuses wallet checkouts under Rs 10. */
export const KHALTI_MIN_AMOUNT_PAISA = 1000;

export interface KhaltiSandboxPayment {
  readonly pidx: string;
  /** One of `KHALTI_SANDBOX_STATUSES`, or whatever a test set with `setStatus`. */
  readonly status: string;
  /** Paisa asked for at initiate. */
  readonly amount: number;
  /** Paisa Khalti reports in lookup and on the return URL (a test may make it differ). */
  readonly totalAmount: number;
  readonly transactionId: string | null;
  /** Bank-side transaction id sent as `txnId` on the return URL. */
  readonly txnId: string | null;
  /** Payer's Khalti ID, unmasked. */
  readonly mobile: string | null;
  readonly fee: number;
  readonly refunded: boolean;
  readonly purchaseOrderId: string;
  readonly purchaseOrderName: string;
  readonly returnUrl: string;
  readonly websiteUrl: string;
  readonly customerInfo?: unknown;
  readonly amountBreakdown?: unknown;
  readonly productDetails?: unknown;
  /** `merchant_*` keys sent at initiate; echoed on the return URL. */
  readonly merchantExtras: Readonly<Record<string, unknown>>;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC. */
  readonly expiresAt: string;
}

/** One call to the `/api/v2/` endpoints, as received (Authorization kept so tests can assert it). */
export interface KhaltiSandboxRequest {
  readonly at: string;
  readonly method: string;
  /** Path as received, including any mount prefix. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when it is not JSON. */
  readonly body: unknown;
  /** HTTP status the sandbox answered. */
  readonly status: number;
}

export interface KhaltiSandboxControl {
  payments(): readonly KhaltiSandboxPayment[];
  get(pidx: string): KhaltiSandboxPayment | undefined;
  /** Pays an `Initiated`/`Pending` payment as if the shopper had; `totalAmount` lets Khalti report a different amount. */
  complete(pidx: string, options?: { readonly totalAmount?: number; readonly mobile?: string }): KhaltiSandboxPayment;
  /** Forces any status, including ones Khalti has not documented. */
  setStatus(pidx: string, status: KhaltiSandboxStatus | (string & Record<never, never>)): KhaltiSandboxPayment;
  /** Expires an `Initiated`/`Pending` payment now. */
  expire(pidx: string): KhaltiSandboxPayment;
  /** The next `count` API calls answer `httpStatus` (default 503) with an HTML body, like an outage behind a proxy. */
  failNext(count: number, httpStatus?: number): void;
  /**
   * The next `count` refund calls are carried out, but their answers are lost on the way back (a
   * 504 from a proxy that gave up waiting): the caller cannot tell the refund was made.
   */
  loseNextRefundAnswers(count: number): void;
  requests(): readonly KhaltiSandboxRequest[];
  /** Forgets payments, the request log and pending failures. */
  reset(): void;
}

export interface KhaltiSandboxOptions {
  readonly secretKey: string;
  /** Where browsers reach the sandbox, e.g. `http://localhost:3100/khalti`; `payment_url` is `${publicBaseUrl}/?pidx=…`. */
  readonly publicBaseUrl: string;
  /** Path prefix the app answers under; defaults to `publicBaseUrl`'s path (`/khalti`). */
  readonly mountPath?: string;
  /** Default 1800, as in Khalti's sandbox answers. */
  readonly expiresInSeconds?: number;
  readonly now?: () => Date;
}

export interface KhaltiSandbox {
  /** A Koa app answering under `mountPath`. */
  readonly app: Koa;
  /** The same routes as middleware, to share one Koa app (and port) with other sandboxes; passes on paths outside `mountPath`. */
  readonly middleware: Koa.Middleware;
  readonly mountPath: string;
  readonly control: KhaltiSandboxControl;
}

interface PaymentRecord {
  pidx: string;
  status: string;
  amount: number;
  totalAmount: number;
  transactionId: string | null;
  txnId: string | null;
  mobile: string | null;
  fee: number;
  refunded: boolean;
  refundedAmount?: number;
  purchaseOrderId: string;
  purchaseOrderName: string;
  returnUrl: string;
  websiteUrl: string;
  customerInfo?: unknown;
  amountBreakdown?: unknown;
  productDetails?: unknown;
  merchantExtras: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

const FINAL_ON_400 = new Set(['Expired', 'User canceled']);
const PAYABLE = new Set(['Initiated', 'Pending']);

export function createKhaltiSandbox(options: KhaltiSandboxOptions): KhaltiSandbox {
  const now = options.now ?? (() => new Date());
  const expiresInSeconds = options.expiresInSeconds ?? 1800;
  const publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, '');
  const mountPath = normalizeMountPath(options.mountPath ?? new URL(publicBaseUrl).pathname);

  const payments = new Map<string, PaymentRecord>();
  let requestLog: KhaltiSandboxRequest[] = [];
  let failures: { remaining: number; status: number } = { remaining: 0, status: 503 };
  let lostRefundAnswers = 0;

  /** Khalti reports an unpaid link past its expiry as Expired. */
  function current(pidx: string): PaymentRecord | undefined {
    const p = payments.get(pidx);
    if (p !== undefined && p.status === 'Initiated' && now().getTime() >= p.expiresAt.getTime()) p.status = 'Expired';
    return p;
  }

  function existing(pidx: string): PaymentRecord {
    const p = current(pidx);
    if (p === undefined) throw new SandboxError(`unknown pidx ${pidx}`, 404);
    return p;
  }

  function markCompleted(p: PaymentRecord, mobile: string, totalAmount = p.amount): void {
    if (p.status !== 'Completed' || p.transactionId === null) {
      p.transactionId = newId();
      p.txnId = newId();
      p.mobile = mobile;
    }
    p.status = 'Completed';
    p.totalAmount = totalAmount;
    p.refunded = false;
  }

  const control: KhaltiSandboxControl = {
    payments: () => [...payments.keys()].map((pidx) => snapshot(existing(pidx))),
    get: (pidx) => {
      const p = current(pidx);
      return p === undefined ? undefined : snapshot(p);
    },
    complete: (pidx, opts = {}) => {
      const p = existing(pidx);
      if (!PAYABLE.has(p.status) && p.status !== 'Completed') {
        throw new SandboxError(`cannot complete a payment that is ${p.status}`);
      }
      if (opts.totalAmount !== undefined && !(Number.isSafeInteger(opts.totalAmount) && opts.totalAmount >= 0)) {
        throw new SandboxError(`totalAmount must be a non-negative integer of paisa, got ${opts.totalAmount}`);
      }
      markCompleted(p, opts.mobile ?? KHALTI_TEST_CREDENTIALS.khaltiIds[0], opts.totalAmount);
      return snapshot(p);
    },
    setStatus: (pidx, status) => {
      const p = existing(pidx);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      if (status === 'Completed') markCompleted(p, p.mobile ?? KHALTI_TEST_CREDENTIALS.khaltiIds[0], p.totalAmount);
      p.status = status;
      p.refunded = /refunded/i.test(status);
      return snapshot(p);
    },
    expire: (pidx) => {
      const p = existing(pidx);
      if (!PAYABLE.has(p.status)) throw new SandboxError(`cannot expire a payment that is ${p.status}`);
      p.status = 'Expired';
      if (p.expiresAt.getTime() > now().getTime()) p.expiresAt = now();
      return snapshot(p);
    },
    loseNextRefundAnswers: (count) => {
      if (!Number.isSafeInteger(count) || count < 0) throw new SandboxError(`count must be a non-negative integer, got ${count}`, 400);
      lostRefundAnswers = count;
    },
    failNext: (count, httpStatus = 503) => {
      if (!Number.isSafeInteger(count) || count < 0) throw new SandboxError(`count must be a non-negative integer, got ${count}`);
      if (!Number.isInteger(httpStatus) || httpStatus < 400 || httpStatus > 599) {
        throw new SandboxError(`httpStatus must be 400–599, got ${httpStatus}`);
      }
      failures = { remaining: count, status: httpStatus };
    },
    requests: () => [...requestLog],
    reset: () => {
      payments.clear();
      requestLog = [];
      failures = { remaining: 0, status: 503 };
      lostRefundAnswers = 0;
    },
  };

  // --- API: /api/v2/… ------------------------------------------------------------------------

  async function api(ctx: Koa.Context, route: string): Promise<void> {
    const text = await readBody(ctx.req);
    const body = parseJson(text);
    try {
      if (failures.remaining > 0) {
        failures.remaining -= 1;
        ctx.status = failures.status;
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = `<html><body><h1>${failures.status} Service Unavailable</h1></body></html>\n`;
        return;
      }
      const refundOf = /^\/api\/merchant-transaction\/([^/]+)\/refund\/$/.exec(route);
      const handler =
        route === '/api/v2/epayment/initiate/'
          ? initiate
          : route === '/api/v2/epayment/lookup/'
            ? lookup
            : refundOf
              ? (c: Koa.Context, b: unknown) => refund(c, decodeURIComponent(refundOf[1]!), b)
              : undefined;
      if (handler === undefined) return sendJson(ctx, 404, { detail: 'Not found.' });
      const denied = authenticate(ctx.get('authorization'), options.secretKey);
      if (denied !== undefined) return sendJson(ctx, 401, { detail: denied, status_code: 401 });
      if (ctx.method !== 'POST') return sendJson(ctx, 405, { detail: `Method "${ctx.method}" not allowed.` });
      if (!ctx.is('application/json')) {
        return sendJson(ctx, 415, { detail: `Unsupported media type "${ctx.get('content-type')}" in request.` });
      }
      if (body.ok === false && !(refundOf && text.trim() === '')) return sendJson(ctx, 400, { detail: 'JSON parse error.', error_key: 'validation_error' });
      handler(ctx, body.ok ? body.value : {});
      if (refundOf && lostRefundAnswers > 0) {
        lostRefundAnswers -= 1;
        ctx.status = 504;
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = '<html><body><h1>504 Gateway Time-out</h1></body></html>\n';
      }
    } finally {
      requestLog.push({
        at: now().toISOString(),
        method: ctx.method,
        path: ctx.path,
        headers: headersOf(ctx.req),
        body: body.ok ? body.value : text,
        status: ctx.status,
      });
    }
  }

  function initiate(ctx: Koa.Context, body: unknown): void {
    const checked = validateInitiate(body);
    if (!checked.ok) return sendJson(ctx, 400, { ...checked.errors, error_key: 'validation_error' });
    const v = checked.value;
    const createdAt = now();
    const p: PaymentRecord = {
      pidx: newId(),
      status: 'Initiated',
      amount: v.amount,
      totalAmount: v.amount,
      transactionId: null,
      txnId: null,
      mobile: null,
      fee: 0,
      refunded: false,
      purchaseOrderId: v.purchaseOrderId,
      purchaseOrderName: v.purchaseOrderName,
      returnUrl: v.returnUrl,
      websiteUrl: v.websiteUrl,
      ...(v.customerInfo !== undefined && { customerInfo: v.customerInfo }),
      ...(v.amountBreakdown !== undefined && { amountBreakdown: v.amountBreakdown }),
      ...(v.productDetails !== undefined && { productDetails: v.productDetails }),
      merchantExtras: v.merchantExtras,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + expiresInSeconds * 1000),
    };
    payments.set(p.pidx, p);
    sendJson(ctx, 200, {
      pidx: p.pidx,
      payment_url: `${publicBaseUrl}/?pidx=${p.pidx}`,
      expires_at: nepalTime(p.expiresAt),
      expires_in: expiresInSeconds,
    });
  }

  /**
   * Khalti's merchant refund (outside /api/v2/): an empty body refunds in full, `{ amount }` (paisa)
   * in part. Khalti documents no idempotency for it; neither does this imitation.
   */
  function refund(ctx: Koa.Context, transactionId: string, body: unknown): void {
    const p = [...payments.values()].find((candidate) => candidate.transactionId === transactionId);
    if (p === undefined) return sendJson(ctx, 404, { detail: 'Not found.' });
    if (p.status !== 'Completed' && p.status !== 'Partially Refunded') {
      return sendJson(ctx, 400, { detail: 'Transaction cannot be refunded.', error_key: 'validation_error' });
    }
    const refundedSoFar = p.refundedAmount ?? 0;
    const remaining = p.totalAmount - refundedSoFar;
    const requested = isRecord(body) && body['amount'] !== undefined ? body['amount'] : remaining;
    if (typeof requested !== 'number' || !Number.isInteger(requested) || requested <= 0 || requested > remaining) {
      return sendJson(ctx, 400, { amount: ['Invalid refund amount.'], error_key: 'validation_error' });
    }
    p.refundedAmount = refundedSoFar + requested;
    p.refunded = true;
    p.status = p.refundedAmount === p.totalAmount ? 'Refunded' : 'Partially Refunded';
    sendJson(ctx, 200, { detail: 'Transaction refund successful.' });
  }

  function lookup(ctx: Koa.Context, body: unknown): void {
    const pidx = isRecord(body) ? body['pidx'] : undefined;
    if (typeof pidx !== 'string' || pidx.trim() === '') {
      return sendJson(ctx, 400, { pidx: ['This field is required.'], error_key: 'validation_error' });
    }
    const p = current(pidx);
    // HTTP status for an unknown pidx is not documented; 404 is what DRF's "Not found." comes with.
    if (p === undefined) return sendJson(ctx, 404, { detail: 'Not found.', error_key: 'validation_error' });
    sendJson(ctx, FINAL_ON_400.has(p.status) ? 400 : 200, {
      pidx: p.pidx,
      total_amount: p.totalAmount,
      status: p.status,
      transaction_id: p.transactionId,
      fee: p.fee,
      refunded: p.refunded,
    });
  }

  // --- Hosted page: /?pidx=…, /pay, /cancel -----------------------------------------------------

  function page(ctx: Koa.Context): void {
    const pidx = ctx.query['pidx'];
    const p = typeof pidx === 'string' ? current(pidx) : undefined;
    if (p === undefined) return errorPage(ctx, 404, 'Payment not found', 'This payment link is not valid.');
    const refusal = notPayable(p);
    if (refusal !== undefined) return errorPage(ctx, refusal.status, refusal.title, refusal.message);
    sendHtml(ctx, 200, checkoutPage(p, publicBaseUrl));
  }

  async function pay(ctx: Koa.Context): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const p = current(form.get('pidx') ?? '');
    if (p === undefined) return errorPage(ctx, 404, 'Payment not found', 'This payment link is not valid.');
    const refusal = notPayable(p);
    if (refusal !== undefined) return errorPage(ctx, refusal.status, refusal.title, refusal.message);
    const mobile = (form.get('mobile') ?? '').trim();
    const ids: readonly string[] = KHALTI_TEST_CREDENTIALS.khaltiIds;
    if (!ids.includes(mobile) || form.get('mpin') !== KHALTI_TEST_CREDENTIALS.mpin) {
      return errorPage(ctx, 400, 'Payment failed', 'Invalid Khalti ID or MPIN. Use a test Khalti ID 9800000000–9800000005 with MPIN 1111.');
    }
    markCompleted(p, mobile);
    redirectToMerchant(ctx, p);
  }

  async function cancel(ctx: Koa.Context): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const p = current(form.get('pidx') ?? '');
    if (p === undefined) return errorPage(ctx, 404, 'Payment not found', 'This payment link is not valid.');
    const refusal = notPayable(p);
    if (refusal !== undefined) return errorPage(ctx, refusal.status, refusal.title, refusal.message);
    p.status = 'User canceled';
    redirectToMerchant(ctx, p);
  }

  function redirectToMerchant(ctx: Koa.Context, p: PaymentRecord): void {
    const paid = p.status === 'Completed';
    const params: [string, string][] = [
      ['pidx', p.pidx],
      ['txnId', paid ? (p.txnId ?? '') : ''],
      ['amount', String(p.amount)],
      ['total_amount', String(p.totalAmount)],
      ['status', p.status],
      ['mobile', paid && p.mobile !== null ? maskMobile(p.mobile) : ''],
      ['tidx', paid ? (p.transactionId ?? '') : ''],
      ['purchase_order_id', p.purchaseOrderId],
      ['purchase_order_name', p.purchaseOrderName],
      ['transaction_id', paid ? (p.transactionId ?? '') : ''],
      ...Object.entries(p.merchantExtras).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ];
    ctx.status = 302;
    ctx.set('Location', appendQuery(p.returnUrl, params));
    ctx.body = '';
  }

  // --- /__sandbox/… controls over HTTP ------------------------------------------------------------

  async function controls(ctx: Koa.Context, route: string): Promise<void> {
    if (ctx.method === 'GET') {
      if (route === '/__sandbox/payments') return sendJson(ctx, 200, control.payments());
      if (route === '/__sandbox/requests') return sendJson(ctx, 200, control.requests());
      const m = /^\/__sandbox\/payments\/([^/]+)$/.exec(route);
      if (m?.[1] !== undefined) {
        const p = control.get(decodeURIComponent(m[1]));
        return p === undefined ? sendJson(ctx, 404, { error: 'unknown pidx' }) : sendJson(ctx, 200, p);
      }
      return sendJson(ctx, 404, { error: 'unknown control' });
    }
    const c = await readControlCommand(ctx, route, CONTROL_SCHEMAS);
    if (c === undefined) return;
    try {
      switch (c.kind) {
        case 'complete':
          return sendJson(
            ctx,
            200,
            control.complete(c.pidx, {
              ...(c.totalAmount !== undefined && { totalAmount: c.totalAmount }),
              ...(c.mobile !== undefined && { mobile: c.mobile }),
            }),
          );
        case 'set-status':
          return sendJson(ctx, 200, control.setStatus(c.pidx, c.status));
        case 'expire':
          return sendJson(ctx, 200, control.expire(c.pidx));
        case 'fail-next':
          control.failNext(c.count, c.httpStatus);
          return sendJson(ctx, 200, { count: c.count, httpStatus: c.httpStatus ?? 503 });
        case 'reset':
          control.reset();
          return sendJson(ctx, 200, {});
        default:
          return assertNever(c, 'sandbox control');
      }
    } catch (e) {
      if (e instanceof SandboxError) return sendJson(ctx, e.httpStatus, { error: e.message });
      throw e;
    }
  }

  const middleware = mountedMiddleware(mountPath, async (ctx, route) => {
    try {
      if (route.startsWith('/api/')) return await api(ctx, route);
      if (route.startsWith('/__sandbox/')) return await controls(ctx, route);
      if (route === '/' && (ctx.method === 'GET' || ctx.method === 'HEAD')) return page(ctx);
      if (route === '/pay' && ctx.method === 'POST') return await pay(ctx);
      if (route === '/cancel' && ctx.method === 'POST') return await cancel(ctx);
      return errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    } catch (e) {
      if (e instanceof BodyTooLargeError) return sendJson(ctx, 413, { detail: 'Request body too large.' });
      throw e;
    }
  });

  const app = new Koa();
  app.use(middleware);
  return { app, middleware, mountPath, control };
}

export interface StartKhaltiSandboxOptions extends Omit<KhaltiSandboxOptions, 'publicBaseUrl'>, SandboxListenOptions {}

export interface RunningKhaltiSandbox extends RunningSandbox<KhaltiSandboxControl> {
  /** `${url}/api/v2/`, trailing slash included: the `baseUrl` for `KhaltiClient`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startKhaltiSandbox(options: StartKhaltiSandboxOptions): Promise<RunningKhaltiSandbox> {
  const { port, host, publicBaseUrl, ...rest } = options;
  const { sandbox, url, close } = await serveSandbox({ port, host, mountPath: rest.mountPath, publicBaseUrl }, (mountPath, listeningUrl) =>
    createKhaltiSandbox({ ...rest, mountPath, publicBaseUrl: publicBaseUrl ?? listeningUrl }),
  );
  return {
    url,
    apiBaseUrl: `${url}/api/v2/`,
    control: sandbox.control,
    close,
  };
}

// --- Validation, as Khalti's DRF serializers answer it ----------------------------------------------

interface ValidInitiate {
  returnUrl: string;
  websiteUrl: string;
  amount: number;
  purchaseOrderId: string;
  purchaseOrderName: string;
  customerInfo?: unknown;
  amountBreakdown?: unknown;
  productDetails?: unknown;
  merchantExtras: Record<string, unknown>;
}

type Checked = { ok: true; value: ValidInitiate } | { ok: false; errors: Record<string, string[]> };

function validateInitiate(body: unknown): Checked {
  if (!isRecord(body)) {
    return { ok: false, errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`] } };
  }
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string): undefined => {
    errors[field] = [message];
    return undefined;
  };
  const url = (field: string): string | undefined => {
    const v = body[field];
    if (v === undefined) return fail(field, 'This field is required.');
    if (v === null) return fail(field, 'This field may not be null.');
    if (typeof v !== 'string' || v.trim() === '') return fail(field, typeof v === 'string' ? 'This field may not be blank.' : 'Not a valid string.');
    return isHttpUrl(v) ? v : fail(field, 'Enter a valid URL.');
  };
  const text = (field: string): string | undefined => {
    const v = body[field];
    if (v === undefined) return fail(field, 'This field is required.');
    if (v === null) return fail(field, 'This field may not be null.');
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') return fail(field, 'Not a valid string.');
    return v.trim() === '' ? fail(field, 'This field may not be blank.') : v;
  };
  const integer = (v: unknown): number | undefined => {
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
    return undefined;
  };

  const returnUrl = url('return_url');
  const websiteUrl = url('website_url');
  let amount: number | undefined;
  if (body['amount'] === undefined) fail('amount', 'This field is required.');
  else if (body['amount'] === null) fail('amount', 'This field may not be null.');
  else {
    amount = integer(body['amount']);
    if (amount === undefined) fail('amount', 'A valid integer is required.');
    else if (amount < KHALTI_MIN_AMOUNT_PAISA) {
      amount = fail('amount', 'Amount should be greater than Rs. 10, that is 1000 paisa.');
    }
  }
  const purchaseOrderId = text('purchase_order_id');
  const purchaseOrderName = text('purchase_order_name');

  const customerInfo = body['customer_info'];
  if (customerInfo !== undefined && customerInfo !== null && !isRecord(customerInfo)) {
    fail('customer_info', `Expected a dictionary of items but got type "${typeof customerInfo}".`);
  }
  const breakdown = body['amount_breakdown'];
  if (breakdown !== undefined && breakdown !== null) {
    if (!Array.isArray(breakdown)) fail('amount_breakdown', `Expected a list of items but got type "${typeof breakdown}".`);
    else {
      const amounts = breakdown.map((item) => (isRecord(item) && typeof item['label'] === 'string' ? integer(item['amount']) : undefined));
      if (amounts.some((a) => a === undefined)) fail('amount_breakdown', 'Each item needs a label and an integer amount.');
      // Exact shape of this error is undocumented; Khalti's text is "Amount Breakdown mismatch."
      else if (amount !== undefined && amounts.reduce<number>((s, a) => s + (a ?? 0), 0) !== amount) {
        fail('amount_breakdown', 'Amount Breakdown mismatch.');
      }
    }
  }
  const productDetails = body['product_details'];
  if (productDetails !== undefined && productDetails !== null && !Array.isArray(productDetails)) {
    fail('product_details', `Expected a list of items but got type "${typeof productDetails}".`);
  }

  if (
    Object.keys(errors).length > 0 ||
    returnUrl === undefined ||
    websiteUrl === undefined ||
    amount === undefined ||
    purchaseOrderId === undefined ||
    purchaseOrderName === undefined
  ) {
    return { ok: false, errors };
  }
  const merchantExtras = Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('merchant_')));
  return {
    ok: true,
    value: {
      returnUrl,
      websiteUrl,
      amount,
      purchaseOrderId,
      purchaseOrderName,
      ...(isRecord(customerInfo) && { customerInfo }),
      ...(Array.isArray(breakdown) && { amountBreakdown: breakdown }),
      ...(Array.isArray(productDetails) && { productDetails }),
      merchantExtras,
    },
  };
}

const pidxBody = z.object({ pidx: z.string().min(1) });
const CONTROL_SCHEMAS: Readonly<Record<string, z.ZodType<ControlCommand>>> = {
  '/__sandbox/complete': pidxBody
    .extend({ totalAmount: z.number().int().nonnegative().optional(), mobile: z.string().min(1).optional() })
    .transform((b) => ({ kind: 'complete' as const, ...b })),
  '/__sandbox/set-status': pidxBody.extend({ status: z.string().min(1) }).transform((b) => ({ kind: 'set-status' as const, ...b })),
  '/__sandbox/expire': pidxBody.transform((b) => ({ kind: 'expire' as const, ...b })),
  '/__sandbox/fail-next': z
    .object({ count: z.number().int().nonnegative(), httpStatus: z.number().int().min(400).max(599).optional() })
    .transform((b) => ({ kind: 'fail-next' as const, ...b })),
  '/__sandbox/reset': z.object({}).transform(() => ({ kind: 'reset' as const })),
};

type ControlCommand =
  | { kind: 'complete'; pidx: string; totalAmount?: number | undefined; mobile?: string | undefined }
  | { kind: 'set-status'; pidx: string; status: string }
  | { kind: 'expire'; pidx: string }
  | { kind: 'fail-next'; count: number; httpStatus?: number | undefined }
  | { kind: 'reset' };

// --- Helpers -------------------------------------------------------------------------------------

/** `Key <secret>` with the scheme case-insensitive (Khalti's own examples write `key`); DRF TokenAuthentication's messages. */
function authenticate(header: string, secretKey: string): string | undefined {
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== 'key') return 'Authentication credentials were not provided.';
  if (parts.length === 1) return 'Invalid token header. No credentials provided.';
  if (parts.length > 2) return 'Invalid token header. Token string should not contain spaces.';
  const given = Buffer.from(parts[1] ?? '');
  const expected = Buffer.from(secretKey);
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'Invalid token.';
}

function notPayable(p: PaymentRecord): { status: number; title: string; message: string } | undefined {
  if (PAYABLE.has(p.status)) return undefined;
  if (p.status === 'Expired') return { status: 410, title: 'Payment link expired', message: 'This payment link has expired. Please return to the merchant and try again.' };
  return { status: 409, title: 'Payment not available', message: `This payment is already ${p.status}.` };
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 22 base62 characters, the shape of Khalti's pidx and transaction ids. */
function newId(): string {
  let id = '';
  for (let i = 0; i < 22; i += 1) id += BASE62[randomInt(62)];
  return id;
}

/** `2023-05-25T16:26:16.471000+05:45`: Nepal time with microseconds, as Khalti writes `expires_at`. */
export function nepalTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + (5 * 60 + 45) * 60_000);
  return `${shifted.toISOString().slice(0, 23)}000+05:45`;
}

function maskMobile(mobile: string): string {
  return mobile.length < 6 ? mobile : `${mobile.slice(0, 2)}${'X'.repeat(mobile.length - 5)}${mobile.slice(-3)}`;
}

function snapshot(p: PaymentRecord): KhaltiSandboxPayment {
  return structuredClone({ ...p, createdAt: p.createdAt.toISOString(), expiresAt: p.expiresAt.toISOString() });
}

function errorPage(ctx: Koa.Context, status: number, title: string, message: string): void {
  sendSandboxErrorPage(ctx, THEME, status, title, message);
}

function rupees(paisa: number): string {
  const major = Math.trunc(paisa / 100).toLocaleString('en-IN');
  return `Rs. ${major}.${String(paisa % 100).padStart(2, '0')}`;
}

function checkoutPage(p: PaymentRecord, publicBaseUrl: string): string {
  const pidx = escapeHtml(p.pidx);
  return layout(
    'Khalti Payment',
    `<p class="badge">Khalti sandbox</p>
<h1>Pay with Khalti</h1>
<dl>
  <dt>Merchant order</dt><dd id="order-name">${escapeHtml(p.purchaseOrderName)}</dd>
  <dt>Amount</dt><dd id="amount">${escapeHtml(rupees(p.amount))}</dd>
</dl>
<form id="pay-form" method="post" action="${escapeHtml(`${publicBaseUrl}/pay`)}">
  <input type="hidden" name="pidx" value="${pidx}">
  <label>Khalti ID <input name="mobile" inputmode="numeric" value="${KHALTI_TEST_CREDENTIALS.khaltiIds[0]}"></label>
  <label>Khalti MPIN <input name="mpin" type="password" inputmode="numeric" value="${KHALTI_TEST_CREDENTIALS.mpin}"></label>
  <button type="submit" id="pay">Pay ${escapeHtml(rupees(p.amount))}</button>
</form>
<form id="cancel-form" method="post" action="${escapeHtml(`${publicBaseUrl}/cancel`)}">
  <input type="hidden" name="pidx" value="${pidx}">
  <button type="submit" id="cancel" class="secondary">Cancel</button>
</form>`,
  );
}

const THEME: SandboxPageTheme = { background: '#f4f1f8', accent: '#5c2d91', button: '#5c2d91' };

function layout(title: string, content: string): string {
  return sandboxPage(THEME, title, content);
}
