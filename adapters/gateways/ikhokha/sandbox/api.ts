import type Koa from 'koa';
import { z } from 'zod';
import { type LoggedCall, sameSecret, sendJson, serveJsonApi } from '../../sandbox-kit/index.js';
import { rawPath, sign } from './signature.js';
import { type IkhokhaState, newId, type PaylinkRecord } from './state.js';

/** iK Pay's paylink creation and `getStatus`, both checking `IK-APPID` and `IK-SIGN` as the official examples compute them. */
export function ikhokhaApi(state: IkhokhaState): (ctx: Koa.Context, route: string) => Promise<void> {
  const { options, now, lifetimeSeconds, paylinks, requestLog, failures, paylinkUrl, current } = state;

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

  return api;
}

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
