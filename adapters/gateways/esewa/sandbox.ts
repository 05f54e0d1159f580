import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import { z } from 'zod';
import { assertNever } from '../../../src/shared/result.js';
import {
  appendQuery,
  checkWholeNumber,
  closedPageRefusal,
  escapeHtml,
  FailNext,
  found,
  headersOf,
  isHttpUrl,
  isPageRead,
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
  sandboxSettings,
  sendHtml,
  sendJson,
  sendJsonText,
  serveControls,
  switchedCommands,
  startSandbox,
  UPPER_ALNUM,
} from '../sandbox-kit/index.js';
import { ESEWA_REQUEST_SIGNED_FIELDS, esewaSignature, signaturesEqual } from './client.js';
import { TRANSACTION_UUID } from './mapper.js';

/**
 * A local imitation of eSewa ePay v2 for demos and tests: the browser form endpoint (which
 * checks the request signature like eSewa), a hosted page with Pay and Cancel, the signed
 * success redirect (`?data=<base64 JSON>`), the failure redirect, and the status check API
 * with its documented statuses and outage answer.
 *
 * Where eSewa's behaviour is not documented the sandbox makes a choice and says so: the shape
 * of errors for a bad form or bad status query, the status after the shopper cancels
 * (`CANCELED`), what the failure URL receives (nothing appended), the session length.
 *
 * It is unauthenticated test tooling (`/__sandbox/…` can complete any payment): never expose
 * it beyond a developer machine or CI.
 */

export const ESEWA_SANDBOX_STATUSES = ['PENDING', 'COMPLETE', 'FULL_REFUND', 'PARTIAL_REFUND', 'AMBIGUOUS', 'NOT_FOUND', 'CANCELED'] as const;
export type EsewaSandboxStatus = (typeof ESEWA_SANDBOX_STATUSES)[number];

/** eSewa's documented UAT merchant. */
export const ESEWA_TEST_MERCHANT = { productCode: 'EPAYTEST', secretKey: '8gBm/:&EnhH.1/q' } as const;

/** Documented UAT wallets 9806800001–9806800005, password Nepal@123, token 123456. */
export const ESEWA_TEST_CREDENTIALS = {
  esewaIds: ['9806800001', '9806800002', '9806800003', '9806800004', '9806800005'],
  password: 'Nepal@123',
  token: '123456',
} as const;

/** The documented timeout answer of the status API. */
export const ESEWA_UNAVAILABLE_BODY = '{"code":0,"error_message":"Service is currently unavailable"}';

export const ESEWA_SUCCESS_SIGNED_FIELDS = 'transaction_code,status,total_amount,transaction_uuid,product_code,signed_field_names';

export interface EsewaSandboxPayment {
  readonly transactionUuid: string;
  readonly productCode: string;
  readonly status: string;
  /** Form values as posted (rupee strings). */
  readonly amount: string;
  readonly taxAmount: string;
  readonly productServiceCharge: string;
  readonly productDeliveryCharge: string;
  readonly totalAmount: string;
  /** Paisa posted as `total_amount`. */
  readonly totalPaisa: number;
  /** Paisa eSewa reports in the redirect and the status API (a test may make it differ). */
  readonly reportedPaisa: number;
  /** eSewa's reference (`ref_id`, and `transaction_code` on the redirect); null unless paid. */
  readonly refId: string | null;
  readonly payer: string | null;
  readonly successUrl: string;
  readonly failureUrl: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC: a PENDING session past it reads as NOT_FOUND. */
  readonly expiresAt: string;
}

/** One call to the form endpoint or the status API, as received. */
export interface EsewaSandboxRequest {
  readonly at: string;
  readonly method: string;
  /** Path as received, including any mount prefix. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Form fields for the form endpoint; undefined for GETs. */
  readonly form?: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface EsewaSandboxControl {
  payments(): readonly EsewaSandboxPayment[];
  get(transactionUuid: string): EsewaSandboxPayment | undefined;
  /** Pays a PENDING payment as if the shopper had; `totalAmount` (paisa) makes eSewa report a different amount. */
  complete(transactionUuid: string, options?: { readonly totalAmount?: number; readonly payer?: string }): EsewaSandboxPayment;
  /** The shopper cancels on the hosted page. */
  cancel(transactionUuid: string): EsewaSandboxPayment;
  /** Forces any status, including ones eSewa has not documented. */
  setStatus(transactionUuid: string, status: EsewaSandboxStatus | (string & Record<never, never>)): EsewaSandboxPayment;
  /** Ends a PENDING session now: the status API says NOT_FOUND. */
  expire(transactionUuid: string): EsewaSandboxPayment;
  /** Where eSewa would send the browser now: the signed success URL when COMPLETE, else the failure URL. */
  returnUrl(transactionUuid: string): string;
  /** The next `count` status calls answer the documented outage body, with `httpStatus` (default 200). */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly EsewaSandboxRequest[];
  /** Forgets payments, sessions, the request log and pending failures. */
  reset(): void;
}

export interface EsewaSandboxOptions {
  /** Where browsers reach the sandbox, e.g. `http://localhost:3100/esewa`. */
  readonly publicBaseUrl: string;
  /** Path prefix the app answers under; defaults to `publicBaseUrl`'s path (`/esewa`). */
  readonly mountPath?: string;
  /** Default `EPAYTEST`. */
  readonly productCode?: string;
  /** Default eSewa's UAT secret. */
  readonly secretKey?: string;
  /** How long a posted, unpaid session stays open. Undocumented by eSewa; default 1800. */
  readonly sessionSeconds?: number;
  /**
   * How `total_amount` is written in the success `data`: `"1000.0"` (string, as eSewa's
   * encoded example) or `1000.0` (a bare number, as its decoded example). Default string.
   */
  readonly successTotalAmountAs?: 'string' | 'number';
  readonly now?: () => Date;
}

export interface EsewaSandbox {
  readonly app: Koa;
  /** The same routes as middleware, to share one Koa app (and port) with other sandboxes; passes on paths outside `mountPath`. */
  readonly middleware: Koa.Middleware;
  readonly mountPath: string;
  readonly control: EsewaSandboxControl;
}

/** Paths under the mount, as on eSewa's hosts. */
export const ESEWA_FORM_PATH = '/api/epay/main/v2/form';
export const ESEWA_STATUS_PATH = '/api/epay/transaction/status/';

interface PaymentRecord {
  transactionUuid: string;
  productCode: string;
  status: string;
  amount: string;
  taxAmount: string;
  productServiceCharge: string;
  productDeliveryCharge: string;
  totalAmount: string;
  totalPaisa: number;
  reportedPaisa: number;
  refId: string | null;
  payer: string | null;
  successUrl: string;
  failureUrl: string;
  session: string;
  createdAt: Date;
  expiresAt: Date;
}

export function createEsewaSandbox(options: EsewaSandboxOptions): EsewaSandbox {
  const { now, publicBaseUrl, mountPath } = sandboxSettings(options);
  const productCode = options.productCode ?? ESEWA_TEST_MERCHANT.productCode;
  const secretKey = options.secretKey ?? ESEWA_TEST_MERCHANT.secretKey;
  const sessionSeconds = options.sessionSeconds ?? 1800;
  const totalAs = options.successTotalAmountAs ?? 'string';

  const payments = new Map<string, PaymentRecord>();
  const sessions = new Map<string, string>();
  let requestLog: EsewaSandboxRequest[] = [];
  const failures = new FailNext(200, { lowest: 200 });

  /** An unpaid session past its end reads as NOT_FOUND ("session expired"). */
  function current(uuid: string): PaymentRecord | undefined {
    const p = payments.get(uuid);
    if (p !== undefined && p.status === 'PENDING' && now().getTime() >= p.expiresAt.getTime()) p.status = 'NOT_FOUND';
    return p;
  }

  const existing = (uuid: string): PaymentRecord => found(current(uuid), `transaction_uuid ${uuid}`);

  function markComplete(p: PaymentRecord, payer: string, reportedPaisa = p.totalPaisa): void {
    if (p.refId === null) p.refId = newRef();
    p.status = 'COMPLETE';
    p.payer = payer;
    p.reportedPaisa = reportedPaisa;
  }

  function payable(p: PaymentRecord): void {
    if (p.status !== 'PENDING') throw new SandboxError(`cannot pay or cancel a payment that is ${p.status}`);
  }

  /** The success redirect: `success_url?data=<base64 JSON>`, signed over its own signed_field_names. */
  function successUrl(p: PaymentRecord): string {
    const total = javaDouble(p.reportedPaisa);
    const values: Record<string, string> = {
      transaction_code: p.refId ?? '',
      status: p.status,
      total_amount: total,
      transaction_uuid: p.transactionUuid,
      product_code: p.productCode,
      signed_field_names: ESEWA_SUCCESS_SIGNED_FIELDS,
    };
    const signature = esewaSignature(values, ESEWA_SUCCESS_SIGNED_FIELDS.split(','), secretKey);
    // Written by hand so `total_amount` can be the literal 1000.0, which JSON.stringify cannot produce.
    const totalLiteral = totalAs === 'number' ? total : JSON.stringify(total);
    const json =
      `{"transaction_code":${JSON.stringify(values['transaction_code'])},"status":${JSON.stringify(p.status)},` +
      `"total_amount":${totalLiteral},"transaction_uuid":${JSON.stringify(p.transactionUuid)},` +
      `"product_code":${JSON.stringify(p.productCode)},"signed_field_names":${JSON.stringify(ESEWA_SUCCESS_SIGNED_FIELDS)},` +
      `"signature":${JSON.stringify(signature)}}`;
    return appendQuery(p.successUrl, [['data', Buffer.from(json, 'utf8').toString('base64')]]);
  }

  const control: EsewaSandboxControl = {
    payments: () => [...payments.keys()].map((uuid) => snapshot(existing(uuid))),
    get: (uuid) => {
      const p = current(uuid);
      return p === undefined ? undefined : snapshot(p);
    },
    complete: (uuid, opts = {}) => {
      const p = existing(uuid);
      if (p.status !== 'COMPLETE') payable(p);
      checkWholeNumber(opts.totalAmount, 'totalAmount', { unit: 'paisa' });
      markComplete(p, opts.payer ?? ESEWA_TEST_CREDENTIALS.esewaIds[0], opts.totalAmount);
      return snapshot(p);
    },
    cancel: (uuid) => {
      const p = existing(uuid);
      payable(p);
      p.status = 'CANCELED';
      return snapshot(p);
    },
    setStatus: (uuid, status) => {
      const p = existing(uuid);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      if (status === 'COMPLETE') markComplete(p, p.payer ?? ESEWA_TEST_CREDENTIALS.esewaIds[0], p.reportedPaisa);
      p.status = status;
      return snapshot(p);
    },
    expire: (uuid) => {
      const p = existing(uuid);
      if (p.status !== 'PENDING') throw new SandboxError(`cannot expire a payment that is ${p.status}`);
      p.status = 'NOT_FOUND';
      if (p.expiresAt.getTime() > now().getTime()) p.expiresAt = now();
      return snapshot(p);
    },
    returnUrl: (uuid) => {
      const p = existing(uuid);
      return p.status === 'COMPLETE' ? successUrl(p) : p.failureUrl;
    },
    failNext: (count, httpStatus) => failures.set(count, httpStatus),
    requests: () => [...requestLog],
    reset: () => {
      payments.clear();
      sessions.clear();
      requestLog = [];
      failures.reset();
    },
  };

  function log(ctx: Koa.Context, form?: Record<string, string>): void {
    requestLog.push({
      at: now().toISOString(),
      method: ctx.method,
      path: ctx.path,
      query: Object.fromEntries(new URLSearchParams(ctx.querystring)),
      headers: headersOf(ctx.req),
      ...(form !== undefined && { form }),
      status: ctx.status,
    });
  }

  // --- The form endpoint: POST /api/epay/main/v2/form ------------------------------------------

  async function form(ctx: Koa.Context): Promise<void> {
    const fields = Object.fromEntries(new URLSearchParams(await readBody(ctx.req)));
    try {
      if (ctx.method !== 'POST') return PAGES.errorPage(ctx, 405, 'Method not allowed', 'Submit the payment form with POST.');
      const checked = validateForm(fields);
      if (!checked.ok) return PAGES.errorPage(ctx, 400, 'Invalid payment request', checked.message);
      const v = checked.value;
      let p = current(v.transactionUuid);
      if (p !== undefined) {
        // The same signed form posted again (a retry or a reload) reopens its session.
        if (p.status !== 'PENDING') {
          return PAGES.errorPage(ctx, 409, 'Duplicate transaction', `transaction_uuid ${v.transactionUuid} has already been used.`);
        }
        if (p.totalPaisa !== v.totalPaisa) {
          return PAGES.errorPage(ctx, 409, 'Duplicate transaction', `transaction_uuid ${v.transactionUuid} was posted with another amount.`);
        }
        p.successUrl = v.successUrl;
        p.failureUrl = v.failureUrl;
      } else {
        const createdAt = now();
        p = {
          transactionUuid: v.transactionUuid,
          productCode: v.productCode,
          status: 'PENDING',
          amount: v.amount,
          taxAmount: v.taxAmount,
          productServiceCharge: v.productServiceCharge,
          productDeliveryCharge: v.productDeliveryCharge,
          totalAmount: v.totalAmount,
          totalPaisa: v.totalPaisa,
          reportedPaisa: v.totalPaisa,
          refId: null,
          payer: null,
          successUrl: v.successUrl,
          failureUrl: v.failureUrl,
          session: randomBytes(16).toString('hex'),
          createdAt,
          expiresAt: new Date(createdAt.getTime() + sessionSeconds * 1000),
        };
        payments.set(p.transactionUuid, p);
        sessions.set(p.session, p.transactionUuid);
      }
      redirect(ctx, `${publicBaseUrl}/checkout?session=${p.session}`, 303);
    } finally {
      log(ctx, fields);
    }
  }

  type Checked = { ok: true; value: ValidForm } | { ok: false; message: string };

  function validateForm(f: Record<string, string>): Checked {
    const fail = (message: string): Checked => ({ ok: false, message });
    for (const name of FORM_FIELDS) {
      if ((f[name] ?? '').trim() === '') return fail(`${name} is required.`);
    }
    const paisa: Record<string, number> = {};
    for (const name of ['amount', 'tax_amount', 'product_service_charge', 'product_delivery_charge', 'total_amount'] as const) {
      const value = rupeesToPaisa(f[name] ?? '');
      if (value === undefined) return fail(`${name} must be an amount in rupees.`);
      paisa[name] = value;
    }
    const sum = (paisa['amount'] ?? 0) + (paisa['tax_amount'] ?? 0) + (paisa['product_service_charge'] ?? 0) + (paisa['product_delivery_charge'] ?? 0);
    if (sum !== paisa['total_amount']) return fail('total_amount must equal amount + tax_amount + product_service_charge + product_delivery_charge.');
    if ((paisa['total_amount'] ?? 0) <= 0) return fail('total_amount must be greater than zero.');
    const uuid = f['transaction_uuid'] ?? '';
    if (!TRANSACTION_UUID.test(uuid)) return fail('transaction_uuid may contain only letters, digits and hyphens.');
    if (f['product_code'] !== productCode) return fail('Invalid product_code.');
    for (const name of ['success_url', 'failure_url'] as const) {
      if (!isHttpUrl(f[name] ?? '')) return fail(`${name} must be a valid URL.`);
    }
    const names = (f['signed_field_names'] ?? '').split(',');
    if (names.join(',') !== ESEWA_REQUEST_SIGNED_FIELDS.join(',')) {
      return fail(`signed_field_names must be ${ESEWA_REQUEST_SIGNED_FIELDS.join(',')}.`);
    }
    const expected = esewaSignature(f, names, secretKey);
    if (!signaturesEqual(f['signature'] ?? '', expected)) return fail('Invalid payload signature.');
    return {
      ok: true,
      value: {
        amount: f['amount'] ?? '',
        taxAmount: f['tax_amount'] ?? '',
        productServiceCharge: f['product_service_charge'] ?? '',
        productDeliveryCharge: f['product_delivery_charge'] ?? '',
        totalAmount: f['total_amount'] ?? '',
        totalPaisa: paisa['total_amount'] ?? 0,
        transactionUuid: uuid,
        productCode,
        successUrl: f['success_url'] ?? '',
        failureUrl: f['failure_url'] ?? '',
      },
    };
  }

  // --- The status API: GET /api/epay/transaction/status/ ------------------------------------------

  function status(ctx: Koa.Context): void {
    try {
      const failure = failures.take();
      if (failure !== undefined) return sendJsonText(ctx, failure, ESEWA_UNAVAILABLE_BODY);
      if (ctx.method !== 'GET') return sendJsonText(ctx, 405, JSON.stringify({ code: 405, error_message: 'Method not allowed' }));
      const q = new URLSearchParams(ctx.querystring);
      for (const name of ['product_code', 'total_amount', 'transaction_uuid']) {
        // The error shape for a bad query is not documented; this one mirrors the outage answer.
        if ((q.get(name) ?? '') === '') return sendJsonText(ctx, 400, JSON.stringify({ code: 400, error_message: `${name} is required` }));
      }
      if (q.get('product_code') !== productCode) return sendJsonText(ctx, 400, JSON.stringify({ code: 400, error_message: 'Invalid product code' }));
      const uuid = q.get('transaction_uuid') ?? '';
      const asked = rupeesToPaisa(q.get('total_amount') ?? '');
      const p = current(uuid);
      // eSewa finds a payment by code, uuid and amount together: any mismatch is NOT_FOUND.
      if (p === undefined || asked === undefined || asked !== p.totalPaisa) {
        const total = asked === undefined ? '0.0' : javaDouble(asked);
        return sendJsonText(
          ctx,
          200,
          `{"product_code":${JSON.stringify(productCode)},"transaction_uuid":${JSON.stringify(uuid)},"total_amount":${total},"status":"NOT_FOUND","ref_id":null}`,
        );
      }
      sendJsonText(
        ctx,
        200,
        `{"product_code":${JSON.stringify(p.productCode)},"transaction_uuid":${JSON.stringify(p.transactionUuid)},` +
          `"total_amount":${javaDouble(p.reportedPaisa)},"status":${JSON.stringify(p.status)},"ref_id":${JSON.stringify(p.status === 'NOT_FOUND' ? null : p.refId)}}`,
      );
    } finally {
      log(ctx);
    }
  }

  // --- Hosted page: /checkout?session=…, /checkout/pay, /checkout/cancel ----------------------------

  /** The open payment of a hosted-page session; else answers the error page and returns undefined. */
  function bySession(ctx: Koa.Context, session: string | undefined): PaymentRecord | undefined {
    const uuid = session === undefined ? undefined : sessions.get(session);
    return PAGES.usable(ctx, uuid === undefined ? undefined : current(uuid), NO_SESSION, notPayable);
  }

  function page(ctx: Koa.Context): void {
    const session = ctx.query['session'];
    const p = bySession(ctx, typeof session === 'string' ? session : undefined);
    if (p === undefined) return;
    sendHtml(ctx, 200, checkoutPage(p, publicBaseUrl));
  }

  async function pay(ctx: Koa.Context): Promise<void> {
    const f = new URLSearchParams(await readBody(ctx.req));
    const p = bySession(ctx, f.get('session') ?? undefined);
    if (p === undefined) return;
    const esewaId = (f.get('esewa_id') ?? '').trim();
    const ids: readonly string[] = ESEWA_TEST_CREDENTIALS.esewaIds;
    if (!ids.includes(esewaId) || f.get('password') !== ESEWA_TEST_CREDENTIALS.password || f.get('token') !== ESEWA_TEST_CREDENTIALS.token) {
      return PAGES.errorPage(ctx, 400, 'Payment failed', 'Invalid eSewa ID, password or token. Use 9806800001–9806800005, Nepal@123, token 123456.');
    }
    markComplete(p, esewaId);
    redirect(ctx, successUrl(p));
  }

  async function cancel(ctx: Koa.Context): Promise<void> {
    const f = new URLSearchParams(await readBody(ctx.req));
    const p = bySession(ctx, f.get('session') ?? undefined);
    if (p === undefined) return;
    p.status = 'CANCELED';
    redirect(ctx, p.failureUrl);
  }

  // --- /__sandbox/… controls over HTTP ------------------------------------------------------------

  function controls(ctx: Koa.Context, route: string): Promise<void> {
    return serveControls(ctx, route, {
      reads: { '/__sandbox/payments': control.payments, '/__sandbox/requests': control.requests },
      items: [
        { prefix: '/__sandbox/payments/', get: control.get, unknown: 'unknown transaction_uuid' },
        { prefix: '/__sandbox/return-url/', get: (uuid) => ({ url: control.returnUrl(uuid) }), unknown: 'unknown transaction_uuid' },
      ],
      commands: switchedCommands(CONTROL_SCHEMAS, (c) => {
        switch (c.kind) {
          case 'complete':
            return control.complete(c.transactionUuid, {
              ...(c.totalAmount !== undefined && { totalAmount: c.totalAmount }),
              ...(c.payer !== undefined && { payer: c.payer }),
            });
          case 'cancel':
            return control.cancel(c.transactionUuid);
          case 'set-status':
            return control.setStatus(c.transactionUuid, c.status);
          case 'expire':
            return control.expire(c.transactionUuid);
          case 'fail-next':
            control.failNext(c.count, c.httpStatus);
            return { count: c.count, httpStatus: c.httpStatus ?? 200 };
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
      if (route === ESEWA_FORM_PATH) return form(ctx);
      if (route === ESEWA_STATUS_PATH || `${route}/` === ESEWA_STATUS_PATH) return status(ctx);
      if (route.startsWith('/__sandbox/')) return controls(ctx, route);
      if (route === '/checkout' && isPageRead(ctx)) return page(ctx);
      if (route === '/checkout/pay' && ctx.method === 'POST') return pay(ctx);
      if (route === '/checkout/cancel' && ctx.method === 'POST') return cancel(ctx);
      return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    },
    (ctx) => sendJson(ctx, 413, { error: 'Request body too large.' }),
  );
  return { app, middleware, mountPath, control };
}

export interface StartEsewaSandboxOptions extends Omit<EsewaSandboxOptions, 'publicBaseUrl'>, SandboxListenOptions {}

export interface RunningEsewaSandbox extends RunningSandbox<EsewaSandboxControl> {
  /** `${url}/api/epay/`: both eSewa endpoints live under it. */
  readonly apiBaseUrl: string;
  /** The browser form target, for `EsewaClient`'s `formUrl`. */
  readonly formUrl: string;
  /** The status check API, for `EsewaClient`'s `statusUrl`. */
  readonly statusUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startEsewaSandbox(options: StartEsewaSandboxOptions): Promise<RunningEsewaSandbox> {
  const { sandbox, url, close } = await startSandbox(options, createEsewaSandbox);
  return {
    url,
    apiBaseUrl: `${url}/api/epay/`,
    formUrl: `${url}${ESEWA_FORM_PATH}`,
    statusUrl: `${url}${ESEWA_STATUS_PATH}`,
    control: sandbox.control,
    close,
  };
}

// --- Validation and controls --------------------------------------------------------------------

const FORM_FIELDS = [
  'amount',
  'tax_amount',
  'total_amount',
  'transaction_uuid',
  'product_code',
  'product_service_charge',
  'product_delivery_charge',
  'success_url',
  'failure_url',
  'signed_field_names',
  'signature',
] as const;

interface ValidForm {
  amount: string;
  taxAmount: string;
  productServiceCharge: string;
  productDeliveryCharge: string;
  totalAmount: string;
  totalPaisa: number;
  transactionUuid: string;
  productCode: string;
  successUrl: string;
  failureUrl: string;
}

const uuidBody = z.object({ transactionUuid: z.string().min(1) });
const CONTROL_SCHEMAS: Readonly<Record<string, z.ZodType<ControlCommand>>> = {
  '/__sandbox/complete': uuidBody
    .extend({ totalAmount: z.number().int().nonnegative().optional(), payer: z.string().min(1).optional() })
    .transform((b) => ({ kind: 'complete' as const, ...b })),
  '/__sandbox/cancel': uuidBody.transform((b) => ({ kind: 'cancel' as const, ...b })),
  '/__sandbox/set-status': uuidBody.extend({ status: z.string().min(1) }).transform((b) => ({ kind: 'set-status' as const, ...b })),
  '/__sandbox/expire': uuidBody.transform((b) => ({ kind: 'expire' as const, ...b })),
  '/__sandbox/fail-next': z
    .object({ count: z.number().int().nonnegative(), httpStatus: z.number().int().min(200).max(599).optional() })
    .transform((b) => ({ kind: 'fail-next' as const, ...b })),
  '/__sandbox/reset': z.object({}).transform(() => ({ kind: 'reset' as const })),
};

type ControlCommand =
  | { kind: 'complete'; transactionUuid: string; totalAmount?: number | undefined; payer?: string | undefined }
  | { kind: 'cancel'; transactionUuid: string }
  | { kind: 'set-status'; transactionUuid: string; status: string }
  | { kind: 'expire'; transactionUuid: string }
  | { kind: 'fail-next'; count: number; httpStatus?: number | undefined }
  | { kind: 'reset' };

// --- Helpers -------------------------------------------------------------------------------------

/** "100", "100.0", "99.50" → paisa; undefined for anything else (or a third non-zero decimal). */
function rupeesToPaisa(value: string): number | undefined {
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(value.trim());
  if (m?.[1] === undefined) return undefined;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) return undefined;
  return Number(m[1]) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Paisa → rupees the way eSewa's Java writes a double: `1000.0`, `99.5`, `12.34`. */
export function javaDouble(paisa: number): string {
  const fraction = String(paisa % 100)
    .padStart(2, '0')
    .replace(/0$/, '');
  return `${Math.trunc(paisa / 100)}.${fraction === '' ? '0' : fraction}`;
}

/** Seven upper-case characters, the shape of eSewa's `ref_id` (`0001TS9`). */
const newRef = (): string => randomString(7, UPPER_ALNUM);

function snapshot(p: PaymentRecord): EsewaSandboxPayment {
  const { session: _session, ...rest } = p;
  return structuredClone({ ...rest, createdAt: p.createdAt.toISOString(), expiresAt: p.expiresAt.toISOString() });
}

const NO_SESSION: PageRefusal = { status: 404, title: 'Session not found', message: 'This payment session is not valid.' };

function notPayable(p: PaymentRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: p.status === 'PENDING', expired: p.status === 'NOT_FOUND', status: p.status },
    { title: 'Session expired', message: 'This payment session has expired. Please return to the merchant and try again.' },
    { title: 'Payment not available', noun: 'payment' },
  );
}

function checkoutPage(p: PaymentRecord, publicBaseUrl: string): string {
  const session = escapeHtml(p.session);
  const total = escapeHtml(rupees(p.totalPaisa));
  return PAGES.layout(
    'eSewa Payment',
    `<p class="badge">eSewa sandbox</p>
<h1>Pay with eSewa</h1>
<dl>
  <dt>Merchant</dt><dd id="product-code">${escapeHtml(p.productCode)}</dd>
  <dt>Transaction</dt><dd id="transaction-uuid">${escapeHtml(p.transactionUuid)}</dd>
  <dt>Total</dt><dd id="amount">${total}</dd>
</dl>
<form id="pay-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkout/pay`)}">
  <input type="hidden" name="session" value="${session}">
  <label>eSewa ID <input name="esewa_id" inputmode="numeric" value="${ESEWA_TEST_CREDENTIALS.esewaIds[0]}"></label>
  <label>Password <input name="password" type="password" value="${escapeHtml(ESEWA_TEST_CREDENTIALS.password)}"></label>
  <label>Token <input name="token" inputmode="numeric" value="${ESEWA_TEST_CREDENTIALS.token}"></label>
  <button type="submit" id="pay">Pay ${total}</button>
</form>
<form id="cancel-form" method="post" action="${escapeHtml(`${publicBaseUrl}/checkout/cancel`)}">
  <input type="hidden" name="session" value="${session}">
  <button type="submit" id="cancel" class="secondary">Cancel</button>
</form>`,
  );
}

const PAGES = sandboxPages({ background: '#eef7ea', accent: '#41a124', button: '#41a124' });
