import { createHash } from 'node:crypto';
import type Koa from 'koa';
import { minorUnitExponent } from '../../../../src/shared/money.js';
import { basicCredentials, isRecord, sameSecret, sendJson, serveJsonApi } from '../../sandbox-kit/index.js';
import { newId, type OrderRecord, orderEntity, paymentEntity, type RefundRecord, refundEntity } from './entities.js';
import type { RazorpayState } from './state.js';
import { razorpayCustomersApi } from './customers-api.js';
import { idDoesNotExist, notFound, type RazorpayErrorFields, rzpError, validateNotes } from './wire.js';

export { rzpError } from './wire.js';
import { RAZORPAY_MIN_AMOUNT, RAZORPAY_SANDBOX_CURRENCIES } from './types.js';

/** Razorpay's Orders, Payments and Refunds API (`/v1/…`), behind HTTP Basic, answering Razorpay's error JSON. */
export function razorpayApi(state: RazorpayState): (ctx: Koa.Context, route: string) => Promise<void> {
  const customers = razorpayCustomersApi(state);
  const { options, now, refundStatusOnCreate, orders, payments, refunds, requestLog, failures, emit, paymentsOf, capture, settleRefund } = state;

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
      if (resource === 'customers') return customers(ctx, segments.slice(2), body.value);
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
    const extras = receiptAndNotes(body);
    if ('error' in extras) return rzpError(ctx, 400, extras.error);
    const { receipt, notes } = extras;
    const o: OrderRecord = {
      id: `order_${newId()}`,
      status: 'created',
      amount,
      amountPaid: 0,
      currency,
      receipt,
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
    const items = paymentsOf(id).map((p) => paymentEntity(p));
    sendJson(ctx, 200, { entity: 'collection', count: items.length, items });
  }

  function fetchPayment(ctx: Koa.Context, id: string): void {
    const p = payments.get(id);
    if (p === undefined) return idDoesNotExist(ctx);
    const expand = [ctx.query['expand[]'] ?? [], ctx.query['expand'] ?? []].flat();
    sendJson(ctx, 200, paymentEntity(p, expand.includes('card')));
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
    const extras = receiptAndNotes(b);
    if ('error' in extras) return rzpError(ctx, 400, extras.error);
    const { receipt, notes } = extras;
    const r: RefundRecord = {
      id: `rfnd_${newId()}`,
      paymentId: p.id,
      amount,
      currency: p.currency,
      status: 'pending',
      speedRequested: speed,
      receipt,
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

  return api;
}

/** The `receipt` (at most 40 characters) and `notes` orders and refunds both take, or the error answering them. */
type ReceiptAndNotes = { readonly receipt: string | null; readonly notes: Record<string, string> } | { readonly error: RazorpayErrorFields };

function receiptAndNotes(body: Record<string, unknown>): ReceiptAndNotes {
  const receipt = body['receipt'];
  if (receipt !== undefined && receipt !== null && (typeof receipt !== 'string' || receipt.length > 40)) {
    return { error: { description: 'The receipt may not be greater than 40 characters.', field: 'receipt' } };
  }
  const notes = validateNotes(body['notes']);
  return typeof notes === 'string' ? { error: { description: notes, field: 'notes' } } : { receipt: typeof receipt === 'string' ? receipt : null, notes };
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
