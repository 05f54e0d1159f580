import { createHmac } from 'node:crypto';
import type Koa from 'koa';
import { z } from 'zod';
import { assertNever } from '../../../src/shared/result.js';
import {
  checkWholeNumber,
  closedPageRefusal,
  deliveryOutcome,
  escapeHtml,
  FailNext,
  found,
  isPageRead,
  type LoggedCall,
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
  sendJson,
  serveControls,
  switchedCommands,
  serveJsonApi,
  startSandbox,
  WebhookOutbox,
} from '../sandbox-kit/index.js';

/**
 * A local imitation of iKhokha's iK Pay API: paylink creation and `getStatus`, both checking
 * `IK-APPID` and `IK-SIGN` exactly as the official examples compute them; a hosted paylink page
 * (Pay / Decline / Cancel) that sends the browser to the success, failure or cancel URL as given;
 * and callbacks POSTed with `ik-appid` / `ik-sign` to the paylink's `callbackUrl` (or a configured
 * `webhookUrl`). For demos and tests.
 *
 * Where iKhokha's behaviour is unconfirmed the sandbox picks one answer and says so: statuses other
 * than `PAID` (`PENDING`, `FAILURE`, `CANCELLED`, `EXPIRED`), error bodies (`responseCode` + `message`),
 * the callback body and its signature (configurable: `raw` or `text_stripped`), and no callback on
 * cancel. The signing code here is written apart from the adapter's, so a test that passes checks
 * the adapter against an independent implementation.
 *
 * Unauthenticated test tooling (`/__sandbox/…` can pay any paylink): never expose it beyond a
 * developer machine or CI.
 */

export const IKHOKHA_SANDBOX_STATUSES = ['PENDING', 'PAID', 'FAILURE', 'CANCELLED', 'EXPIRED'] as const;
export type IkhokhaSandboxStatus = (typeof IKHOKHA_SANDBOX_STATUSES)[number];

/** Path of the API under the sandbox's mount path, as on `api.ikhokha.com`. */
export const IKHOKHA_SANDBOX_API_PATH = '/public-api/v1/api';

/** How callbacks are signed: over the raw body, or over the body re-serialised without `text`. */
export type IkhokhaSandboxSignatureScheme = 'raw' | 'text_stripped';

export interface IkhokhaSandboxPaylink {
  readonly paylinkID: string;
  /** One of `IKHOKHA_SANDBOX_STATUSES`, or whatever a test set with `setStatus`. */
  readonly status: string;
  /** Cents asked for at creation. */
  readonly amount: number;
  /** Cents `getStatus` reports once paid (a test may make it differ). */
  readonly paidAmount: number | null;
  readonly currency: string;
  readonly entityID: string;
  readonly mode: string;
  readonly description: string | null;
  readonly paymentReference: string | null;
  readonly externalTransactionID: string;
  readonly requesterUrl: string;
  readonly urls: { readonly callbackUrl: string; readonly successPageUrl: string; readonly failurePageUrl: string; readonly cancelUrl: string };
  readonly paylinkUrl: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** One API call as received (headers kept so tests can assert them). */
export interface IkhokhaSandboxRequest extends LoggedCall {
  /** Exactly the bytes received, as UTF-8 text. */
  readonly rawBody: string;
}

/** One callback POST (or a dropped one). `body` is the exact bytes sent. */
export interface IkhokhaWebhookDelivery {
  readonly deliveryId: string;
  readonly paylinkID: string;
  readonly status: string;
  readonly url: string;
  readonly body: string;
  readonly signature: string;
  readonly scheme: IkhokhaSandboxSignatureScheme;
  readonly at: string;
  /** The receiver's HTTP status; `dropped` when `dropNextWebhooks` swallowed it; `error` when unreachable. */
  readonly outcome: number | 'dropped' | 'error';
  readonly error?: string;
}

export interface IkhokhaSandboxControl {
  paylinks(): readonly IkhokhaSandboxPaylink[];
  get(paylinkId: string): IkhokhaSandboxPaylink | undefined;
  /** Pays a `PENDING` paylink as the shopper would (callback `SUCCESS`); `amount` makes `getStatus` report another amount. */
  pay(paylinkId: string, options?: { readonly amount?: number }): IkhokhaSandboxPaylink;
  /** The card was declined: `FAILURE`, callback `FAILURE`. */
  decline(paylinkId: string): IkhokhaSandboxPaylink;
  /** The shopper cancelled: `CANCELLED`, no callback. */
  cancel(paylinkId: string): IkhokhaSandboxPaylink;
  /** Forces any status, including ones iKhokha has never been seen to send. */
  setStatus(paylinkId: string, status: string): IkhokhaSandboxPaylink;
  /** Expires a `PENDING` paylink now. */
  expire(paylinkId: string): IkhokhaSandboxPaylink;
  /** The next `count` API calls answer `httpStatus` (default 503) with an HTML body, like an outage behind a proxy. */
  failNext(count: number, httpStatus?: number): void;
  requests(): readonly IkhokhaSandboxRequest[];
  /** Where callbacks go instead of each paylink's `callbackUrl`; `undefined` to use `callbackUrl` again. */
  setWebhookUrl(url: string | undefined): void;
  setWebhookSignatureScheme(scheme: IkhokhaSandboxSignatureScheme): void;
  webhooks(): readonly IkhokhaWebhookDelivery[];
  /** Sends a callback about a paylink now (status: its `SUCCESS`/`FAILURE` reading of the paylink, unless given). */
  sendWebhook(paylinkId: string, status?: string): Promise<IkhokhaWebhookDelivery>;
  /** Sends an earlier delivery again: same URL, body and signature. */
  replayWebhook(deliveryId: string): Promise<IkhokhaWebhookDelivery>;
  /** The next `count` callbacks are not delivered (logged as `dropped`). */
  dropNextWebhooks(count: number): void;
  /** Resolves once every callback sent so far has been delivered or has failed. */
  webhooksSettled(): Promise<void>;
  /** Forgets paylinks, logs, pending failures and drops (keeps the webhook URL and scheme). */
  reset(): void;
}

export interface IkhokhaSandboxOptions {
  /** The `IK-APPID` the sandbox accepts. */
  readonly appId: string;
  /** Keys `IK-SIGN` on requests and callbacks. */
  readonly appSecret: string;
  /** Where browsers reach the sandbox, e.g. `http://localhost:3100/ikhokha`. */
  readonly publicBaseUrl: string;
  /** Path prefix the app answers under; defaults to `publicBaseUrl`'s path (`/ikhokha`). */
  readonly mountPath?: string;
  /** Overrides every paylink's `callbackUrl` as the callback target. */
  readonly webhookUrl?: string;
  /** Default `raw`. */
  readonly webhookSignatureScheme?: IkhokhaSandboxSignatureScheme;
  /** Callbacks on pay and decline; default true. */
  readonly sendWebhooks?: boolean;
  /** Unpaid paylinks read `EXPIRED` after this long. Default 1800. */
  readonly paylinkLifetimeSeconds?: number;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

export interface IkhokhaSandbox {
  readonly app: Koa;
  /** The same routes as middleware, to share one Koa app (and port) with other sandboxes; passes on paths outside `mountPath`. */
  readonly middleware: Koa.Middleware;
  readonly mountPath: string;
  readonly control: IkhokhaSandboxControl;
}

interface PaylinkRecord {
  paylinkID: string;
  status: string;
  amount: number;
  paidAmount: number | null;
  currency: string;
  entityID: string;
  mode: string;
  description: string | null;
  paymentReference: string | null;
  externalTransactionID: string;
  requesterUrl: string;
  urls: { callbackUrl: string; successPageUrl: string; failurePageUrl: string; cancelUrl: string };
  createdAt: Date;
  expiresAt: Date;
}

export function createIkhokhaSandbox(options: IkhokhaSandboxOptions): IkhokhaSandbox {
  const { now, publicBaseUrl, mountPath } = sandboxSettings(options);
  const lifetimeSeconds = options.paylinkLifetimeSeconds ?? 1800;
  const autoWebhooks = options.sendWebhooks ?? true;

  const paylinks = new Map<string, PaylinkRecord>();
  let requestLog: IkhokhaSandboxRequest[] = [];
  const failures = new FailNext(503);
  let webhookUrl = options.webhookUrl;
  let scheme: IkhokhaSandboxSignatureScheme = options.webhookSignatureScheme ?? 'raw';
  const outbox = new WebhookOutbox<IkhokhaWebhookDelivery>(options.fetch ?? globalThis.fetch);

  const paylinkUrl = (id: string) => `${publicBaseUrl}/paylink/${id}`;
  const view = (p: PaylinkRecord) => snapshot(p, paylinkUrl(p.paylinkID));

  /** An unpaid paylink past its lifetime reads as expired. */
  function current(id: string): PaylinkRecord | undefined {
    const p = paylinks.get(id);
    if (p !== undefined && p.status === 'PENDING' && now().getTime() >= p.expiresAt.getTime()) p.status = 'EXPIRED';
    return p;
  }
  const existing = (id: string): PaylinkRecord => found(current(id), `paylink ${id}`);
  function assertPending(p: PaylinkRecord, what: string): void {
    if (p.status !== 'PENDING') throw new SandboxError(`cannot ${what} a paylink that is ${p.status}`);
  }

  // --- Callbacks ---------------------------------------------------------------------------------

  /** SUCCESS / FAILURE: the only callback statuses anyone reports. */
  const callbackStatusOf = (p: PaylinkRecord) => (p.status === 'PAID' ? 'SUCCESS' : 'FAILURE');

  function callbackBody(p: PaylinkRecord, status: string): { body: string; stripped: string } {
    const success = status === 'SUCCESS';
    const fields = {
      paylinkID: p.paylinkID,
      status,
      externalTransactionID: p.externalTransactionID,
      responseCode: success ? '00' : '05',
    };
    const text = success ? 'Payment successful' : status === 'FAILURE' ? 'Payment declined' : `Payment ${status.toLowerCase()}`;
    return { body: JSON.stringify({ ...fields, text }), stripped: JSON.stringify(fields) };
  }

  function deliver(base: Omit<IkhokhaWebhookDelivery, 'outcome' | 'at' | 'error'>): Promise<IkhokhaWebhookDelivery> {
    const at = now().toISOString();
    const headers = { 'content-type': 'application/json', 'ik-appid': options.appId, 'ik-sign': base.signature };
    return outbox.send({ url: base.url, headers, body: base.body, timeoutMs: 5000, redirect: 'manual' }, (answer) => ({ ...base, at, ...deliveryOutcome(answer) }));
  }

  function sendCallback(p: PaylinkRecord, status: string): Promise<IkhokhaWebhookDelivery> {
    const url = webhookUrl ?? p.urls.callbackUrl;
    const { body, stripped } = callbackBody(p, status);
    const signed = scheme === 'raw' ? body : stripped;
    const signature = sign(options.appSecret, pathOf(url), signed);
    return deliver({ deliveryId: `whd_${newId(16)}`, paylinkID: p.paylinkID, status, url, body, signature, scheme });
  }

  function emit(p: PaylinkRecord, status: string): void {
    if (autoWebhooks) void sendCallback(p, status);
  }

  // --- Controls (in process) ---------------------------------------------------------------------

  const control: IkhokhaSandboxControl = {
    paylinks: () => [...paylinks.keys()].map((id) => view(existing(id))),
    get: (id) => {
      const p = current(id);
      return p === undefined ? undefined : view(p);
    },
    pay: (id, opts = {}) => {
      const p = existing(id);
      assertPending(p, 'pay');
      checkWholeNumber(opts.amount, 'amount', { unit: 'cents' });
      p.status = 'PAID';
      p.paidAmount = opts.amount ?? p.amount;
      emit(p, 'SUCCESS');
      return view(p);
    },
    decline: (id) => {
      const p = existing(id);
      assertPending(p, 'decline');
      p.status = 'FAILURE';
      emit(p, 'FAILURE');
      return view(p);
    },
    cancel: (id) => {
      const p = existing(id);
      assertPending(p, 'cancel');
      p.status = 'CANCELLED';
      return view(p);
    },
    setStatus: (id, status) => {
      const p = existing(id);
      if (status.trim() === '') throw new SandboxError('status must not be empty');
      p.status = status;
      if (status === 'PAID' && p.paidAmount === null) p.paidAmount = p.amount;
      return view(p);
    },
    expire: (id) => {
      const p = existing(id);
      assertPending(p, 'expire');
      p.status = 'EXPIRED';
      if (p.expiresAt.getTime() > now().getTime()) p.expiresAt = now();
      return view(p);
    },
    failNext: (count, httpStatus) => failures.set(count, httpStatus),
    requests: () => [...requestLog],
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    setWebhookSignatureScheme: (s) => {
      scheme = s;
    },
    webhooks: () => outbox.list(),
    sendWebhook: async (id, status) => {
      const p = existing(id);
      return sendCallback(p, status ?? callbackStatusOf(p));
    },
    replayWebhook: async (deliveryId) => {
      const earlier = outbox.list().find((d) => d.deliveryId === deliveryId);
      if (earlier === undefined) throw new SandboxError(`unknown webhook delivery ${deliveryId}`, 404);
      const { outcome: _o, at: _a, error: _e, ...again } = earlier;
      return deliver(again);
    },
    dropNextWebhooks: (count) => outbox.drops.set(count),
    webhooksSettled: () => outbox.settled(),
    reset: () => {
      paylinks.clear();
      requestLog = [];
      failures.reset();
      outbox.reset();
    },
  };

  // --- API: /public-api/v1/api/… -------------------------------------------------------------------

  function api(ctx: Koa.Context, route: string): Promise<void> {
    const log = (call: LoggedCall, raw: { text: string }) => requestLog.push({ ...call, rawBody: raw.text });
    return serveJsonApi(ctx, { now, failures, log }, ({ text: raw, body: parsed }) => {
      const statusOf = /^\/getStatus\/([^/]+)$/.exec(route);
      const known = route === '/payment' || statusOf !== null;
      if (!known) return sendJson(ctx, 404, { responseCode: '404', message: 'Resource not found' });
      // Signed: the path as received (no query) plus the body bytes as received.
      const denied = authenticate(ctx.get('ik-appid'), ctx.get('ik-sign'), rawPath(ctx), raw);
      if (denied !== undefined) return sendJson(ctx, 401, { responseCode: '401', message: denied });
      if (route === '/payment') {
        if (ctx.method !== 'POST') return sendJson(ctx, 405, { responseCode: '405', message: `Method ${ctx.method} not allowed` });
        if (!parsed.ok) return sendJson(ctx, 400, { responseCode: '01', message: 'Request body is not valid JSON' });
        return createPaylink(ctx, parsed.value);
      }
      if (ctx.method !== 'GET') return sendJson(ctx, 405, { responseCode: '405', message: `Method ${ctx.method} not allowed` });
      return getStatus(ctx, decodeURIComponent(statusOf?.[1] ?? ''));
    });
  }

  function authenticate(appId: string, signature: string, path: string, body: string): string | undefined {
    if (appId === '') return 'Missing IK-APPID header';
    if (!sameSecret(appId, options.appId)) return 'Unknown application';
    if (signature === '') return 'Missing IK-SIGN header';
    const expected = sign(options.appSecret, path, body);
    return sameSecret(signature.toLowerCase(), expected) ? undefined : 'Invalid signature';
  }

  function createPaylink(ctx: Koa.Context, body: unknown): void {
    const checked = createSchema.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'body';
      return sendJson(ctx, 400, { responseCode: '01', message: `${field}: ${issue?.message ?? 'is invalid'}` });
    }
    const v = checked.data;
    const createdAt = now();
    const p: PaylinkRecord = {
      paylinkID: newId(24),
      status: 'PENDING',
      amount: v.amount,
      paidAmount: null,
      currency: v.currency,
      entityID: v.entityID,
      mode: v.mode,
      description: v.description ?? null,
      paymentReference: v.paymentReference ?? null,
      externalTransactionID: v.externalTransactionID,
      requesterUrl: v.requesterUrl,
      urls: { ...v.urls },
      createdAt,
      expiresAt: new Date(createdAt.getTime() + lifetimeSeconds * 1000),
    };
    paylinks.set(p.paylinkID, p);
    sendJson(ctx, 200, {
      responseCode: '00',
      message: 'Success',
      paylinkUrl: paylinkUrl(p.paylinkID),
      paylinkID: p.paylinkID,
      externalTransactionID: p.externalTransactionID,
    });
  }

  function getStatus(ctx: Koa.Context, id: string): void {
    const p = current(id);
    if (p === undefined) return sendJson(ctx, 404, { responseCode: '04', message: `Paylink ${id} not found` });
    sendJson(ctx, 200, {
      paylinkID: p.paylinkID,
      status: p.status,
      createdAt: p.createdAt.toISOString(),
      amount: p.paidAmount ?? p.amount,
      description: p.description,
    });
  }

  // --- Hosted page: /paylink/<id>, …/pay, …/decline, …/cancel ------------------------------------------

  function page(ctx: Koa.Context, id: string): void {
    const p = PAGES.usable(ctx, current(id), NOT_FOUND, notPayable);
    if (p === undefined) return;
    sendHtml(ctx, 200, paylinkPage(p, paylinkUrl(p.paylinkID)));
  }

  function act(ctx: Koa.Context, id: string, action: 'pay' | 'decline' | 'cancel'): void {
    const p = PAGES.usable(ctx, current(id), NOT_FOUND, notPayable);
    if (p === undefined) return;
    control[action](id);
    const target = action === 'pay' ? p.urls.successPageUrl : action === 'decline' ? p.urls.failurePageUrl : p.urls.cancelUrl;
    // The URLs as given: iKhokha adds nothing to them as far as any source shows.
    redirect(ctx, target);
  }

  // --- /__sandbox/… controls over HTTP ---------------------------------------------------------------

  function controls(ctx: Koa.Context, route: string): Promise<void> {
    return serveControls(ctx, route, {
      reads: { '/__sandbox/paylinks': control.paylinks, '/__sandbox/requests': control.requests, '/__sandbox/webhooks': control.webhooks },
      items: [{ prefix: '/__sandbox/paylinks/', get: control.get, unknown: 'unknown paylink' }],
      commands: switchedCommands(CONTROL_SCHEMAS, async (c) => {
        switch (c.kind) {
          case 'pay':
            return control.pay(c.paylinkID, c.amount === undefined ? {} : { amount: c.amount });
          case 'decline':
            return control.decline(c.paylinkID);
          case 'cancel':
            return control.cancel(c.paylinkID);
          case 'set-status':
            return control.setStatus(c.paylinkID, c.status);
          case 'expire':
            return control.expire(c.paylinkID);
          case 'fail-next':
            control.failNext(c.count, c.httpStatus);
            return { count: c.count, httpStatus: c.httpStatus ?? 503 };
          case 'webhook-url':
            control.setWebhookUrl(c.url ?? undefined);
            return { url: c.url ?? null };
          case 'webhook-scheme':
            control.setWebhookSignatureScheme(c.scheme);
            return { scheme: c.scheme };
          case 'send-webhook':
            return await control.sendWebhook(c.paylinkID, c.status);
          case 'replay-webhook':
            return await control.replayWebhook(c.deliveryId);
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
      if (route.startsWith(`${IKHOKHA_SANDBOX_API_PATH}/`)) return api(ctx, route.slice(IKHOKHA_SANDBOX_API_PATH.length));
      if (route.startsWith('/__sandbox/')) return controls(ctx, route);
      const m = /^\/paylink\/([^/]+)(?:\/(pay|decline|cancel))?$/.exec(route);
      if (m?.[1] !== undefined) {
        const id = decodeURIComponent(m[1]);
        const action = m[2] as 'pay' | 'decline' | 'cancel' | undefined;
        if (action === undefined && isPageRead(ctx)) return page(ctx, id);
        if (action !== undefined && ctx.method === 'POST') {
          await readBody(ctx.req);
          return act(ctx, id, action);
        }
      }
      return PAGES.errorPage(ctx, 404, 'Not found', 'There is nothing here.');
    },
    (ctx) => sendJson(ctx, 413, { responseCode: '413', message: 'Request body too large' }),
  );
  return { app, middleware, mountPath, control };
}

export interface StartIkhokhaSandboxOptions extends Omit<IkhokhaSandboxOptions, 'publicBaseUrl'>, SandboxListenOptions {}

export interface RunningIkhokhaSandbox extends RunningSandbox<IkhokhaSandboxControl> {
  /** `${url}/public-api/v1/api`: the `baseUrl` for `IkhokhaClient`. */
  readonly apiBaseUrl: string;
}

/** Starts the sandbox on its own HTTP server. */
export async function startIkhokhaSandbox(options: StartIkhokhaSandboxOptions): Promise<RunningIkhokhaSandbox> {
  const { sandbox, url, close } = await startSandbox(options, createIkhokhaSandbox, (s) => s.control.webhooksSettled());
  return { url, apiBaseUrl: `${url}${IKHOKHA_SANDBOX_API_PATH}`, control: sandbox.control, close };
}

// --- Validation of the paylink body ----------------------------------------------------------------------

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const createSchema = z.object({
  entityID: z.string({ error: 'is required' }).min(1, 'is required'),
  externalEntityID: z.string().optional(),
  amount: z.number({ error: 'must be an integer number of cents' }).int('must be an integer number of cents').positive('must be positive'),
  currency: z.literal('ZAR', { error: 'must be ZAR' }),
  requesterUrl: httpUrl,
  mode: z.enum(['live', 'test'], { error: 'must be live or test' }),
  description: z.string().optional(),
  paymentReference: z.string().optional(),
  externalTransactionID: z.string({ error: 'is required' }).min(1, 'is required'),
  urls: z.object({ callbackUrl: httpUrl, successPageUrl: httpUrl, failurePageUrl: httpUrl, cancelUrl: httpUrl }, { error: 'is required' }),
});

const paylinkBody = z.object({ paylinkID: z.string().min(1) });
const countBody = z.object({ count: z.number().int().nonnegative() });
const CONTROL_SCHEMAS: Readonly<Record<string, z.ZodType<ControlCommand>>> = {
  '/__sandbox/pay': paylinkBody.extend({ amount: z.number().int().nonnegative().optional() }).transform((b) => ({ kind: 'pay' as const, ...b })),
  '/__sandbox/decline': paylinkBody.transform((b) => ({ kind: 'decline' as const, ...b })),
  '/__sandbox/cancel': paylinkBody.transform((b) => ({ kind: 'cancel' as const, ...b })),
  '/__sandbox/set-status': paylinkBody.extend({ status: z.string().min(1) }).transform((b) => ({ kind: 'set-status' as const, ...b })),
  '/__sandbox/expire': paylinkBody.transform((b) => ({ kind: 'expire' as const, ...b })),
  '/__sandbox/fail-next': countBody.extend({ httpStatus: z.number().int().min(400).max(599).optional() }).transform((b) => ({ kind: 'fail-next' as const, ...b })),
  '/__sandbox/webhook-url': z.object({ url: z.url().nullable() }).transform((b) => ({ kind: 'webhook-url' as const, ...b })),
  '/__sandbox/webhook-scheme': z.object({ scheme: z.enum(['raw', 'text_stripped']) }).transform((b) => ({ kind: 'webhook-scheme' as const, ...b })),
  '/__sandbox/send-webhook': paylinkBody.extend({ status: z.string().min(1).optional() }).transform((b) => ({ kind: 'send-webhook' as const, ...b })),
  '/__sandbox/replay-webhook': z.object({ deliveryId: z.string().min(1) }).transform((b) => ({ kind: 'replay-webhook' as const, ...b })),
  '/__sandbox/drop-next-webhooks': countBody.transform((b) => ({ kind: 'drop-next-webhooks' as const, ...b })),
  '/__sandbox/reset': z.object({}).transform(() => ({ kind: 'reset' as const })),
};

type ControlCommand =
  | { kind: 'pay'; paylinkID: string; amount?: number | undefined }
  | { kind: 'decline'; paylinkID: string }
  | { kind: 'cancel'; paylinkID: string }
  | { kind: 'set-status'; paylinkID: string; status: string }
  | { kind: 'expire'; paylinkID: string }
  | { kind: 'fail-next'; count: number; httpStatus?: number | undefined }
  | { kind: 'webhook-url'; url: string | null }
  | { kind: 'webhook-scheme'; scheme: IkhokhaSandboxSignatureScheme }
  | { kind: 'send-webhook'; paylinkID: string; status?: string | undefined }
  | { kind: 'replay-webhook'; deliveryId: string }
  | { kind: 'drop-next-webhooks'; count: number }
  | { kind: 'reset' };

// --- Helpers -------------------------------------------------------------------------------------

/**
 * IK-SIGN as the official Node example computes it: `(path + body)` with `\`, `"` and `'`
 * backslash-escaped and NUL turned into `\0`, HMAC-SHA256 under the trimmed secret, hex.
 */
function sign(secret: string, path: string, body: string): string {
  const text = `${path}${body}`;
  const escaped = text.replace(/[\\"']/g, '\\$&').replace(/\u0000/g, '\\0');
  return createHmac('sha256', secret.trim()).update(escaped, 'utf8').digest('hex');
}

/** The request path exactly as sent, without the query. */
function rawPath(ctx: Koa.Context): string {
  const url = ctx.req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function pathOf(url: string): string {
  return new URL(url).pathname;
}

const NOT_FOUND: PageRefusal = { status: 404, title: 'Payment link not found', message: 'This payment link is not valid.' };

function notPayable(p: PaylinkRecord): PageRefusal | undefined {
  return closedPageRefusal(
    { open: p.status === 'PENDING', expired: p.status === 'EXPIRED', status: p.status },
    { title: 'Payment link expired', message: 'This payment link has expired. Please return to the merchant and try again.' },
    { title: 'Payment not available', noun: 'payment link' },
  );
}

const newId = (length: number): string => randomString(length);

function snapshot(p: PaylinkRecord, paylinkUrl: string): IkhokhaSandboxPaylink {
  return structuredClone({
    ...p,
    urls: { ...p.urls },
    paylinkUrl,
    createdAt: p.createdAt.toISOString(),
    expiresAt: p.expiresAt.toISOString(),
  });
}

/** `R 1 299.00`: South African formatting, space-grouped. */
function rands(cents: number): string {
  const major = String(Math.trunc(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `R ${major}.${String(cents % 100).padStart(2, '0')}`;
}

function paylinkPage(p: PaylinkRecord, url: string): string {
  const button = (id: string, action: string, label: string, secondary = false) =>
    `<form id="${id}" method="post" action="${escapeHtml(`${url}/${action}`)}"><button type="submit"${secondary ? ' class="secondary"' : ''}>${escapeHtml(label)}</button></form>`;
  return PAGES.layout(
    'iKhokha Payment',
    `<p class="badge">iKhokha sandbox</p>
<h1>Pay with iK Pay</h1>
<dl>
  <dt>Reference</dt><dd id="reference">${escapeHtml(p.externalTransactionID)}</dd>
  ${p.description === null ? '' : `<dt>Description</dt><dd id="description">${escapeHtml(p.description)}</dd>`}
  <dt>Amount</dt><dd id="amount">${escapeHtml(rands(p.amount))}</dd>
</dl>
${button('pay-form', 'pay', `Pay ${rands(p.amount)}`)}
${button('decline-form', 'decline', 'Pay with a declined card', true)}
${button('cancel-form', 'cancel', 'Cancel', true)}`,
  );
}

const PAGES = sandboxPages({ background: '#eef6f3', accent: '#00704a', button: '#00704a' });
