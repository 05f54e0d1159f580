import type Koa from 'koa';
import { definedFields, isRecord, sameSecret, sendJson, sendOutagePage, serveJsonApi } from '../../sandbox-kit/index.js';
import { FINAL_ON_400, type KhaltiState, newId, nepalTime, type PaymentRecord } from './state.js';
import { validateInitiate } from './validation.js';

/** Khalti's ePayment API (`/api/v2/epayment/…`) and its merchant refund, with DRF's status codes and messages. */
export function khaltiApi(state: KhaltiState): (ctx: Koa.Context, route: string) => Promise<void> {
  const { options, now, publicBaseUrl, expiresInSeconds, payments, requestLog, failures, lostRefundAnswers, current } = state;

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
      ...definedFields({ customerInfo: v.customerInfo, amountBreakdown: v.amountBreakdown, productDetails: v.productDetails }),
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

  return api;
}

/** `Key <secret>` with the scheme case-insensitive (Khalti's own examples write `key`); DRF TokenAuthentication's messages. */
function authenticate(header: string, secretKey: string): string | undefined {
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== 'key') return 'Authentication credentials were not provided.';
  if (parts.length === 1) return 'Invalid token header. No credentials provided.';
  if (parts.length > 2) return 'Invalid token header. Token string should not contain spaces.';
  return sameSecret(parts[1] ?? '', secretKey) ? undefined : 'Invalid token.';
}
