import type Koa from 'koa';
import { z } from 'zod';
import { assertNever } from '../../../src/shared/result.js';
import {
  appendQuery,
  checkWholeNumber,
  closedPageRefusal,
  Countdown,
  escapeHtml,
  FailNext,
  found,
  isHttpUrl,
  isPageRead,
  isRecord,
  type LoggedCall,
  type PageRefusal,
  randomString,
  readBody,
  redirect,
  rupees,
  type RunningSandbox,
  SandboxError,
  type SandboxListenOptions,
  sandboxApp,
  sandboxPages,
  sameSecret,
  sandboxSettings,
  sendJson,
  sendHtml,
  sendOutagePage,
  serveControls,
  serveJsonApi,
  startSandbox,
} from '../sandbox-kit/index.js';

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
export type KhaltiSandboxRequest = LoggedCall;

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
  const { now, publicBaseUrl, mountPath } = sandboxSettings(options);
  const expiresInSeconds = options.expiresInSeconds ?? 1800;

  const payments = new Map<string, PaymentRecord>();
  let requestLog: KhaltiSandboxRequest[] = [];
  const failures = new FailNext(503);
  const lostRefundAnswers = new Countdown(400);

  /** Khalti reports an unpaid link past its expiry as Expired. */
  function current(pidx: string): PaymentRecord | undefined {
    const p = payments.get(pidx);
    if (p !== undefined && p.status === 'Initiated' && now().getTime() >= p.expiresAt.getTime()) p.status = 'Expired';
    return p;
  }

  const existing = (pidx: string): PaymentRecord => found(current(pidx), `pidx ${pidx}`);

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
      checkWholeNumber(opts.totalAmount, 'totalAmount', { unit: 'paisa' });
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
    loseNextRefundAnswers: (count) => lostRefundAnswers.set(count),
    failNext: (count, httpStatus) => failures.set(count, httpStatus),
    requests: () => [...requestLog],
    reset: () => {
      payments.clear();
      requestLog = [];
      failures.reset();
      lostRefundAnswers.reset();
    },
  };

  // --- API: /api/v2/… ------------------------------------------------------------------------

  function api(ctx: Koa.Context, route: string): Promise<void> {
    return serveJsonApi(ctx, { now, failures, log: (call) => requestLog.push(call) }, ({ text, body }) => {
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
      if (refundOf && lostRefundAnswers.take()) sendOutagePage(ctx, 504, 'Gateway Time-out');
    });
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

  const payable = (ctx: Koa.Context, pidx: string | undefined): PaymentRecord | undefined =>
    PAGES.usable(ctx, pidx === undefined ? undefined : current(pidx), NOT_FOUND, notPayable);

  function page(ctx: Koa.Context): void {
    const pidx = ctx.query['pidx'];
    const p = payable(ctx, typeof pidx === 'string' ? pidx : undefined);
    if (p === undefined) return;
    sendHtml(ctx, 200, checkoutPage(p, publicBaseUrl));
  }

  async function pay(ctx: Koa.Context): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const p = payable(ctx, form.get('pidx') ?? '');
    if (p === undefined) return;
    const mobile = (form.get('mobile') ?? '').trim();
    const ids: readonly string[] = KHALTI_TEST_CREDENTIALS.khaltiIds;
    if (!ids.includes(mobile) || form.get('mpin') !== KHALTI_TEST_CREDENTIALS.mpin) {
      return PAGES.errorPage(ctx, 400, 'Payment failed', 'Invalid Khalti ID or MPIN. Use a test Khalti ID 9800000000–9800000005 with MPIN 1111.');
    }
    markCompleted(p, mobile);
    redirectToMerchant(ctx, p);
  }

  async function cancel(ctx: Koa.Context): Promise<void> {
    const form = new URLSearchParams(await readBody(ctx.req));
    const p = payable(ctx, form.get('pidx') ?? '');
    if (p === undefined) return;
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
    redirect(ctx, appendQuery(p.returnUrl, params));
  }

  // --- /__sandbox/… controls over HTTP ------------------------------------------------------------

  function controls(ctx: Koa.Context, route: string): Promise<void> {
    return serveControls(ctx, route, {
      reads: { '/__sandbox/payments': control.payments, '/__sandbox/requests': control.requests },
      items: [{ prefix: '/__sandbox/payments/', get: control.get, unknown: 'unknown pidx' }],
      schemas: CONTROL_SCHEMAS,
      run: (c) => {
        switch (c.kind) {
          case 'complete':
            return control.complete(c.pidx, {
              ...(c.totalAmount !== undefined && { totalAmount: c.totalAmount }),
              ...(c.mobile !== undefined && { mobile: c.mobile }),
            });
          case 'set-status':
            return control.setStatus(c.pidx, c.status);
          case 'expire':
            return control.expire(c.pidx);
          case 'fail-next':
            control.failNext(c.count, c.httpStatus);
            return { count: c.count, httpStatus: c.httpStatus ?? 503 };
          case 'reset':
            control.reset();
            return {};
          default:
            return assertNever(c, 'sandbox control');
        }
      },
    });
  }

  const { app, middleware } = sandboxApp(
    mountPath,
    (ctx, route) => {
      if (route.startsWith('/api/')) return api(ctx, route);
      if (route.startsWith('/__sandbox/')) return controls(ctx, route);
      if (route === '/' && isPageRead(ctx)) return page(ctx);
      if (route === '/pay' && ctx.method === 'POST') return pay(ctx);
      if (route === '/cancel' && ctx.method === 'POST') return cancel(ctx);
      return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    },
    (ctx) => sendJson(ctx, 413, { detail: 'Request body too large.' }),
  );
  return { app, middleware, mountPath, control };
}

export interface StartKhaltiSandboxOptions extends Omit<KhaltiSandboxOptions, 'publicBaseUrl'>, SandboxListenOptions {}

export interface RunningKhaltiSandbox extends RunningSandbox<KhaltiSandboxControl> {
  /** `${url}/api/v2/`, trailing slash included: the `baseUrl` for `KhaltiClient`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startKhaltiSandbox(options: StartKhaltiSandboxOptions): Promise<RunningKhaltiSandbox> {
  const { sandbox, url, close } = await startSandbox(options, createKhaltiSandbox);
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
  return sameSecret(parts[1] ?? '', secretKey) ? undefined : 'Invalid token.';
}

const NOT_FOUND: PageRefusal = { status: 404, title: 'Payment not found', message: 'This payment link is not valid.' };

function notPayable(p: PaymentRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: PAYABLE.has(p.status), expired: p.status === 'Expired', status: p.status },
    { title: 'Payment link expired', message: 'This payment link has expired. Please return to the merchant and try again.' },
    { title: 'Payment not available', noun: 'payment' },
  );
}

/** 22 base62 characters, the shape of Khalti's pidx and transaction ids. */
const newId = (): string => randomString(22);

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

function checkoutPage(p: PaymentRecord, publicBaseUrl: string): string {
  const pidx = escapeHtml(p.pidx);
  return PAGES.layout(
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

const PAGES = sandboxPages({ background: '#f4f1f8', accent: '#5c2d91', button: '#5c2d91' });
