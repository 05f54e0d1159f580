import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStripeSandbox, decodeForm, formatStripeAmount, type StripeSandbox } from '../../../../adapters/gateways/stripe/sandbox.js';
import { startWebhookReceiver, type WebhookReceiver } from './support.js';

const SECRET_KEY = 'sk_test_51SandboxOnlyKey000000000000';
const WEBHOOK_SECRET = 'whsec_sandbox_only_5e4d3c2b1a';

/** The sandbox mounted under /stripe on a shared Koa app, next to another route, as demo mode does. */
let server: Server;
let base: string;
let sandbox: StripeSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const app = new Koa();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox = createStripeSandbox({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, publicBaseUrl: `${base}/stripe` });
  app.use(sandbox.middleware);
  app.use((ctx) => {
    ctx.body = 'someone else';
  });
  server.on('request', app.callback());
});
afterAll(async () => {
  await sandbox.control.flushWebhooks();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await receiver.close();
});
beforeEach(() => {
  sandbox.control.reset();
  receiver.received.length = 0;
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const api = (path: string, init: { method?: string; body?: string; key?: string | null; headers?: Record<string, string> } = {}) =>
  fetch(`${base}/stripe${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.key !== null && { authorization: `Bearer ${init.key ?? SECRET_KEY}` }),
      ...(init.body !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
      ...init.headers,
    },
    ...(init.body !== undefined && { body: init.body }),
  });
const control = (path: string, body?: unknown) =>
  fetch(`${base}/stripe/__sandbox/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const SESSION_FORM = {
  mode: 'payment',
  'line_items[0][price_data][currency]': 'usd',
  'line_items[0][price_data][unit_amount]': '1250',
  'line_items[0][price_data][product_data][name]': 'Tea',
  'line_items[0][quantity]': '2',
  success_url: 'http://shop.test/ok?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://shop.test/back',
  client_reference_id: 'ord_1',
  'metadata[order_id]': 'ord_1',
};

async function createSession(): Promise<{ id: string; url: string }> {
  const res = await api('/v1/checkout/sessions', { body: form(SESSION_FORM) });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string; url: string };
}

describe('Stripe sandbox wire format', () => {
  it('answers only under its mount path', async () => {
    expect(await (await fetch(`${base}/elsewhere`)).text()).toBe('someone else');
  });

  it("creates a session from a form body, with Stripe's headers and amounts summed over quantity", async () => {
    const res = await api('/v1/checkout/sessions', { body: form(SESSION_FORM), headers: { 'idempotency-key': 'k1', 'stripe-version': '2026-10-28.endive' } });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.headers.get('idempotency-key')).toBe('k1');
    expect(res.headers.get('stripe-version')).toBe('2026-10-28.endive');
    const session = (await res.json()) as Record<string, unknown>;
    expect(session).toMatchObject({
      object: 'checkout.session',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 2500,
      currency: 'usd',
      client_reference_id: 'ord_1',
      metadata: { order_id: 'ord_1' },
      payment_intent: null,
    });
    expect(session['url']).toBe(`${base}/stripe/c/pay/${String(session['id'])}`);
  });

  it.each([
    ['usd', 1_299, '12.99 USD'],
    ['jpy', 1_000, '1,000 JPY'],
    ['mga', 5_000, '5,000 MGA'],
    ['kwd', 1_230, '1.230 KWD'],
    ['bhd', 295_990, '295.990 BHD'],
    ['isk', 500, '5 ISK'],
  ])("shows a %s session of %i in Stripe's decimals on the checkout page as %s", async (currency, unitAmount, shown) => {
    const res = await api('/v1/checkout/sessions', {
      body: form({
        ...SESSION_FORM,
        'line_items[0][price_data][currency]': currency,
        'line_items[0][price_data][unit_amount]': String(unitAmount),
        'line_items[0][quantity]': '1',
      }),
    });
    expect(res.status).toBe(200);
    const { url, amount_total } = (await res.json()) as { url: string; amount_total: number };
    expect(amount_total).toBe(unitAmount);
    expect(await (await fetch(url)).text()).toContain(`Pay ${shown}`);
  });

  it('refuses ISK that is not whole krónur and three-decimal amounts whose last digit is not 0, as Stripe does', async () => {
    const session = (currency: string, unitAmount: number) =>
      api('/v1/checkout/sessions', {
        body: form({ ...SESSION_FORM, 'line_items[0][price_data][currency]': currency, 'line_items[0][price_data][unit_amount]': String(unitAmount) }),
      });
    const isk = await session('isk', 550);
    expect(isk.status).toBe(400);
    expect(await isk.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_charge_amount_no_decimal_compatible' } });
    const kwd = await session('kwd', 1_234);
    expect(kwd.status).toBe(400);
    expect(await kwd.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'line_items[0][price_data][unit_amount]' } });
    expect(sandbox.control.sessions()).toEqual([]);
  });

  it('formats amounts of every exponent without rounding', () => {
    expect(formatStripeAmount(129_900, 'usd')).toBe('1,299.00 USD');
    expect(formatStripeAmount(5, 'eur')).toBe('0.05 EUR');
    expect(formatStripeAmount(500, 'JPY')).toBe('500 JPY');
    expect(formatStripeAmount(1_234_560, 'kwd')).toBe('1,234.560 KWD');
    expect(formatStripeAmount(10, 'tnd')).toBe('0.010 TND');
    expect(formatStripeAmount(250_000, 'isk')).toBe('2,500 ISK');
  });

  it('replays an idempotent request with Idempotent-Replayed and refuses the key with other parameters', async () => {
    const first = await api('/v1/checkout/sessions', { body: form(SESSION_FORM), headers: { 'idempotency-key': 'k2' } });
    const again = await api('/v1/checkout/sessions', { body: form(SESSION_FORM), headers: { 'idempotency-key': 'k2' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(await first.text());
    const other = await api('/v1/checkout/sessions', { body: form({ ...SESSION_FORM, client_reference_id: 'ord_2' }), headers: { 'idempotency-key': 'k2' } });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: { type: 'idempotency_error' } });
  });

  it.each([
    ['no key', null, 401, /did not provide an API key/],
    ['a wrong key', 'sk_test_wrong', 401, /Invalid API Key provided: sk_test_/],
  ])("answers %s with Stripe's 401 error shape", async (_name, key, status, message) => {
    const res = await api('/v1/checkout/sessions/cs_test_x', { key });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(message);
  });

  it('accepts Basic auth with the key as user name, as Stripe does', async () => {
    const res = await fetch(`${base}/stripe/v1/checkout/sessions/cs_test_missing`, { headers: { authorization: `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'resource_missing', param: 'session', type: 'invalid_request_error' } });
  });

  it.each([
    ['a missing success_url', { success_url: '' }, 'parameter_missing', 'success_url'],
    ['an unknown parameter', { colour: 'red' }, 'parameter_unknown', 'colour'],
    ['a non-integer amount', { 'line_items[0][price_data][unit_amount]': '12.50' }, 'parameter_invalid_integer', 'line_items[0][price_data][unit_amount]'],
    ['a bad URL', { success_url: 'not a url' }, 'url_invalid', 'success_url'],
    ['an amount under the minimum', { 'line_items[0][price_data][unit_amount]': '10', 'line_items[0][quantity]': '1' }, 'amount_too_small', 'line_items'],
  ])('refuses %s with code and param', async (_name, change, code, param) => {
    const res = await api('/v1/checkout/sessions', { body: form({ ...SESSION_FORM, ...change }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', code, param } });
  });

  it("answers an unknown route with Stripe's 404", async () => {
    const res = await api('/v1/customers');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Unrecognized request URL \(GET: \/v1\/customers\)/);
  });

  it('expires a session over the API, and only once', async () => {
    const { id } = await createSession();
    const expired = await api(`/v1/checkout/sessions/${id}/expire`, { body: '' });
    expect(await expired.json()).toMatchObject({ status: 'expired', url: null });
    expect((await api(`/v1/checkout/sessions/${id}/expire`, { body: '' })).status).toBe(400);
  });

  it("decodes Stripe's bracket forms into nested objects and arrays", () => {
    expect(decodeForm('a[b][0][c]=1&a[b][1][c]=2&expand[]=x&expand[]=y&m[k]=v')).toEqual({ a: { b: [{ c: '1' }, { c: '2' }] }, expand: ['x', 'y'], m: { k: 'v' } });
  });
});

describe('Stripe sandbox controls over HTTP', () => {
  it('pays with a different amount, lists sessions, logs requests and resets', async () => {
    const { id } = await createSession();
    const paid = await control('pay', { sessionId: id, amount: 999 });
    expect(await paid.json()).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      amount_total: 999,
      payment_intent: { status: 'succeeded', amount_received: 999, latest_charge: { amount: 999 } },
    });
    expect(((await (await control('sessions')).json()) as unknown[]).length).toBe(1);
    expect(await (await control(`sessions/${id}`)).json()).toMatchObject({ id });
    const requests = (await (await control('requests')).json()) as { path: string; params: Record<string, unknown> }[];
    expect(requests[0]).toMatchObject({ path: '/stripe/v1/checkout/sessions', params: { line_items: [{ quantity: '2' }] } });
    expect((await control('reset', {})).status).toBe(200);
    expect(await (await control('sessions')).json()).toEqual([]);
  });

  it('sets statuses, expires, fails the next call, and refuses what cannot happen', async () => {
    const { id } = await createSession();
    expect(await (await control('set-status', { sessionId: id, status: 'complete', paymentStatus: 'unpaid', paymentIntentStatus: 'processing' })).json()).toMatchObject({
      status: 'complete',
      payment_intent: { status: 'processing' },
    });
    expect((await control('expire', { sessionId: id })).status).toBe(409);
    expect((await control('pay', { sessionId: 'cs_test_nope' })).status).toBe(404);
    expect((await control('pay', { amount: -1 })).status).toBe(400);

    expect((await control('fail-next', { count: 1, httpStatus: 502 })).status).toBe(200);
    const failed = await api(`/v1/checkout/sessions/${id}`);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: { type: 'api_error' } });
    expect((await api(`/v1/checkout/sessions/${id}`)).status).toBe(200);
  });

  it('points webhooks at a URL, sends, drops and replays them, signed so the official SDK verifies them', async () => {
    const { id } = await createSession();
    expect((await control('webhook-url', { url: receiver.url })).status).toBe(200);
    await control('drop-next-webhooks', { count: 1 });
    const sent = (await (await control('send-webhook', { sessionId: id, type: 'checkout.session.expired' })).json()) as { id: string };
    await control('flush-webhooks', {});
    expect(receiver.received).toHaveLength(0);
    const delivery = await (await control('replay-webhook', { eventId: sent.id })).json();
    expect(delivery).toMatchObject({ eventId: sent.id, outcome: 'delivered', httpStatus: 200 });
    const [got] = receiver.received;
    if (got === undefined) throw new Error('nothing delivered');
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // Stripe pretty-prints event bodies.
    expect(got.body.toString('utf8')).toContain('\n  "id": ');
    const event = Stripe.webhooks.constructEvent(got.body, got.headers['stripe-signature'] ?? '', WEBHOOK_SECRET);
    expect(event).toMatchObject({ id: sent.id, type: 'checkout.session.expired', data: { object: { id } } });
    expect(((await (await control('deliveries')).json()) as { outcome: string }[]).map((d) => d.outcome)).toEqual(['dropped', 'delivered']);
    expect(((await (await control('events')).json()) as unknown[]).length).toBe(1);
  });

  it('settles a pending refund over HTTP', async () => {
    const { id } = await createSession();
    sandbox.control.pay(id);
    await control('next-refund-status', { status: 'pending' });
    const intent = sandbox.control.get(id)?.payment_intent?.id ?? '';
    const refund = (await (await api('/v1/refunds', { body: form({ payment_intent: intent, amount: '500' }) })).json()) as { id: string; status: string };
    expect(refund.status).toBe('pending');
    expect(await (await control('settle-refund', { refundId: refund.id, status: 'succeeded' })).json()).toMatchObject({ status: 'succeeded' });
    expect(sandbox.control.get(id)?.payment_intent?.latest_charge).toMatchObject({ amount_refunded: 500, refunded: false });
    expect(await (await api(`/v1/refunds/${refund.id}`)).json()).toMatchObject({ status: 'succeeded' });
  });
});
