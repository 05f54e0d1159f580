import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { itResets } from '../sandbox-lifecycle.js';
import { sharedPortForThisTest } from '../shared-port.js';
import { createRazorpaySandbox, startRazorpaySandbox, type RunningRazorpaySandbox } from '../../../../adapters/gateways/razorpay/sandbox.js';
import { pressButton, readForm, returnedFields, submit } from './support.js';

const KEY_ID = 'rzp_test_Sandbox0000001';
const KEY_SECRET = 'test_key_secret_Vb7Nc5Lp3XGh7TqW2mYx';
const BASIC = `Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`;
const T0 = new Date('2025-03-14T12:15:42Z');

let sandbox: RunningRazorpaySandbox;
let clock = T0;

beforeAll(async () => {
  sandbox = await startRazorpaySandbox({ port: 0, keyId: KEY_ID, keySecret: KEY_SECRET, now: () => clock });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = T0;
  sandbox.control.reset();
});

type Json = Record<string, unknown>;
async function call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${sandbox.apiBaseUrl}${path}`, {
    method,
    headers: { authorization: BASIC, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}
const control = (name: string, body: unknown) =>
  fetch(`${sandbox.url}/__sandbox/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const createOrder = async (overrides: Json = {}) => {
  const created = await call('POST', 'orders', { amount: 129900, currency: 'INR', receipt: 'ord_1', ...overrides });
  if (created.status !== 200) throw new Error(`create answered ${created.status}`);
  return created.body as { id: string };
};
const checkoutUrl = (orderId: string, extra: Record<string, string> = {}) =>
  `${sandbox.checkoutUrl}?${new URLSearchParams({ key_id: KEY_ID, order_id: orderId, callback_url: 'http://shop.test/return', ...extra }).toString()}`;

describe('Razorpay sandbox: orders API', () => {
  it('creates an order entity like Razorpay, with empty notes as []', async () => {
    const created = await call('POST', 'orders', { amount: 50000, currency: 'INR', receipt: 'rcpt_11' });
    expect(created).toEqual({
      status: 200,
      body: {
        id: expect.stringMatching(/^order_[0-9A-Za-z]{14}$/),
        entity: 'order',
        amount: 50000,
        amount_paid: 0,
        amount_due: 50000,
        currency: 'INR',
        receipt: 'rcpt_11',
        offer_id: null,
        status: 'created',
        attempts: 0,
        notes: [],
        created_at: T0.getTime() / 1000,
      },
    });
    expect((await call('GET', `orders/${String(created.body['id'])}`)).body).toEqual(created.body);
  });

  it("answers validation errors in Razorpay's error shape", async () => {
    expect(await call('POST', 'orders', { amount: 99, currency: 'INR' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'BAD_REQUEST_ERROR',
          description: 'The amount must be at least INR 1.00',
          source: 'business',
          step: 'payment_initiation',
          reason: 'input_validation_failed',
          metadata: {},
          field: 'amount',
        },
      },
    });
    expect((await call('POST', 'orders', { currency: 'INR' })).body).toMatchObject({ error: { field: 'amount', description: 'The amount field is required.' } });
    expect((await call('POST', 'orders', { amount: 100.5 })).body).toMatchObject({ error: { field: 'amount' } });
    expect((await call('POST', 'orders', { amount: 1000, currency: 'XYZ' })).body).toMatchObject({ error: { field: 'currency' } });
    expect((await call('POST', 'orders', { amount: 1000, receipt: 'r'.repeat(41) })).body).toMatchObject({ error: { field: 'receipt' } });
    const tooMany = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v']));
    expect((await call('POST', 'orders', { amount: 1000, notes: tooMany })).body).toMatchObject({ error: { field: 'notes' } });
    expect(sandbox.control.orders()).toEqual([]);
  });

  it('takes a three-decimal currency in its thousandths only when the last digit is 0, as Razorpay asks', async () => {
    const kwd = await call('POST', 'orders', { amount: 295_990, currency: 'KWD', receipt: 'ord_kwd' });
    expect(kwd).toMatchObject({ status: 200, body: { amount: 295_990, amount_due: 295_990, currency: 'KWD' } });
    expect(await call('POST', 'orders', { amount: 295_991, currency: 'KWD' })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST_ERROR', field: 'amount', description: 'The last digit of a KWD amount must be 0' } },
    });
    expect((await call('POST', 'orders', { amount: 1_005, currency: 'OMR' })).status).toBe(400);
    expect((await call('POST', 'orders', { amount: 1_000, currency: 'JPY' })).status).toBe(200);
    expect(sandbox.control.orders()).toHaveLength(2);
  });

  it('answers 401 for missing or wrong Basic credentials', async () => {
    const missing = await fetch(`${sandbox.apiBaseUrl}orders`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed', source: 'NA', step: 'NA', reason: 'NA', metadata: {} } });
    const wrong = `Basic ${Buffer.from(`${KEY_ID}:nope`).toString('base64')}`;
    expect((await call('GET', 'orders', undefined, { authorization: wrong })).status).toBe(401);
  });

  it('lists orders by receipt, newest first, and answers unknown ids and routes', async () => {
    const a = await createOrder({ receipt: 'ord_A' });
    await createOrder({ receipt: 'ord_B' });
    const b = await createOrder({ receipt: 'ord_A' });
    const list = await call('GET', 'orders?receipt=ord_A');
    expect(list.body).toMatchObject({ entity: 'collection', count: 2 });
    expect((list.body['items'] as { id: string }[]).map((o) => o.id)).toEqual([b.id, a.id]);
    expect(await call('GET', 'orders/order_NoSuchOrder001')).toMatchObject({ status: 400, body: { error: { description: 'The id provided does not exist' } } });
    expect((await call('GET', 'nothing/here')).status).toBe(404);
  });

  it('captures an authorised payment through the API', async () => {
    const { id } = await createOrder();
    const payment = sandbox.control.pay(id, { capture: false });
    expect((await call('POST', `payments/${payment.id}/capture`, { amount: 100, currency: 'INR' })).body).toMatchObject({ error: { field: 'amount' } });
    const captured = await call('POST', `payments/${payment.id}/capture`, { amount: 129900, currency: 'INR' });
    expect(captured.body).toMatchObject({ id: payment.id, status: 'captured', captured: true, order_id: id });
    expect((await call('GET', `orders/${id}`)).body).toMatchObject({ status: 'paid', amount_paid: 129900, amount_due: 0 });
  });
});

describe('Razorpay sandbox: refunds API', () => {
  it('is idempotent per X-Refund-Idempotency and refuses the same key with another body', async () => {
    const { id } = await createOrder();
    const payment = sandbox.control.pay(id);
    const headers = { 'x-refund-idempotency': 'refund_key_0001' };
    const first = await call('POST', `payments/${payment.id}/refund`, { amount: 1000, speed: 'normal' }, headers);
    expect(first.body).toMatchObject({ entity: 'refund', amount: 1000, currency: 'INR', payment_id: payment.id, status: 'processed', notes: [] });
    // Same body with keys in another order is the same request.
    expect((await call('POST', `payments/${payment.id}/refund`, { speed: 'normal', amount: 1000 }, headers)).body).toEqual(first.body);
    expect((await call('POST', `payments/${payment.id}/refund`, { amount: 2000, speed: 'normal' }, headers)).status).toBe(400);
    expect((await call('POST', `payments/${payment.id}/refund`, { amount: 2000 }, { 'x-refund-idempotency': 'short' })).status).toBe(400);
    expect(sandbox.control.refunds()).toHaveLength(1);
    expect(sandbox.control.payment(payment.id)).toMatchObject({ amountRefunded: 1000, refundStatus: 'partial', status: 'captured' });
    const listed = await call('GET', `payments/${payment.id}/refunds`);
    expect(listed.body).toMatchObject({ count: 1 });
    expect((await call('GET', `refunds/${String(first.body['id'])}`)).body).toEqual(first.body);
  });

  it('refuses to refund an uncaptured payment or more than was captured', async () => {
    const { id } = await createOrder();
    const authorised = sandbox.control.pay(id, { capture: false });
    expect((await call('POST', `payments/${authorised.id}/refund`, {})).body).toMatchObject({ error: { description: 'Only captured payments can be refunded' } });
    sandbox.control.capture(authorised.id);
    expect((await call('POST', `payments/${authorised.id}/refund`, { amount: 129901 })).status).toBe(400);
    expect((await call('POST', `payments/${authorised.id}/refund`, {})).body).toMatchObject({ amount: 129900 });
    expect(sandbox.control.payment(authorised.id)).toMatchObject({ status: 'refunded', refundStatus: 'full' });
  });
});

describe('Razorpay sandbox: checkout page', () => {
  it.each([
    [{ amount: 1_234_567, currency: 'INR' }, '₹12,345.67'],
    [{ amount: 1_250, currency: 'USD' }, 'USD 12.50'],
    [{ amount: 1_000, currency: 'JPY' }, 'JPY 1,000'],
    [{ amount: 1_234_560, currency: 'KWD' }, 'KWD 1,234.560'],
    [{ amount: 1_230, currency: 'BHD' }, 'BHD 1.230'],
  ])("shows %o as %s, in the currency's ISO 4217 decimals", async (order, shown) => {
    const { id } = await createOrder(order);
    const html = await (await fetch(checkoutUrl(id))).text();
    expect(html).toContain(`<dd id="amount">${shown}</dd>`);
    expect(html).toContain(`Pay ${shown}`);
  });

  it("shows the order (escaped) and three buttons carrying Checkout's options", async () => {
    const { id } = await createOrder({ amount: 1234567 });
    const page = await fetch(checkoutUrl(id, { description: '<b>Topi</b> & shawl', name: 'Himalayan Goods', callback_method: 'get' }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('&#60;b&#62;Topi&#60;/b&#62; &#38; shawl');
    expect(html).not.toContain('<b>Topi</b>');
    expect(html).toContain('₹12,345.67');
    for (const [form, action] of [
      ['pay-form', 'pay'],
      ['fail-form', 'fail'],
      ['cancel-form', 'cancel'],
    ] as const) {
      const f = readForm(html, form);
      expect(f.action).toBe(`${sandbox.url}/v1/checkout/${action}`);
      expect(Object.fromEntries(f.fields)).toEqual({ key_id: KEY_ID, order_id: id, callback_url: 'http://shop.test/return', callback_method: 'get' });
    }
  });

  it("refuses another merchant's key, an unknown order and a non-http callback_url", async () => {
    const { id } = await createOrder();
    expect((await fetch(checkoutUrl(id, { key_id: 'rzp_test_Other' }))).status).toBe(401);
    expect((await fetch(checkoutUrl('order_NoSuchOrder001'))).status).toBe(404);
    expect((await fetch(checkoutUrl(id, { callback_url: 'javascript:alert(1)' }))).status).toBe(400);
  });

  it("POSTs the signed result by default (Checkout's redirect flow), keeping the callback_url's own query", async () => {
    const { id } = await createOrder();
    const response = await pressButton(checkoutUrl(id, { callback_url: 'http://shop.test/return?session=abc' }), 'pay-form');
    expect(response.headers.get('content-type')).toContain('text/html');
    const back = await returnedFields(response);
    expect(back).toMatchObject({ method: 'POST', url: 'http://shop.test/return?session=abc' });
    const payment = sandbox.control.get(id)?.payments[0];
    expect(Object.fromEntries(back.fields)).toEqual({
      razorpay_payment_id: payment?.id,
      razorpay_order_id: id,
      razorpay_signature: createHmac('sha256', KEY_SECRET)
        .update(`${id}|${payment?.id ?? ''}`)
        .digest('hex'),
    });
    expect(sandbox.control.get(id)).toMatchObject({ status: 'paid', attempts: 1 });
  });

  it('refuses to pay an order twice, without a callback', async () => {
    const { id } = await createOrder();
    const html = await (await fetch(checkoutUrl(id))).text();
    expect((await submit(readForm(html, 'pay-form'))).status).toBe(200);
    const again = await submit(readForm(html, 'pay-form'));
    expect(again.status).toBe(409);
    expect(await again.text()).not.toContain('callback-form');
    expect(sandbox.control.get(id)?.payments).toHaveLength(1);
  });

  it('refuses payment once expire_by has passed on the sandbox clock', async () => {
    const { id } = await createOrder();
    const url = checkoutUrl(id, { expire_by: String(T0.getTime() / 1000 + 60) });
    expect((await fetch(url)).status).toBe(200);
    clock = new Date(T0.getTime() + 60_000);
    expect((await fetch(url)).status).toBe(410);
    expect(sandbox.control.get(id)).toMatchObject({ status: 'created', checkoutExpired: true });
  });
});

describe('Razorpay sandbox: controls over HTTP', () => {
  it('pays with another amount, fails, cancels, sets statuses, expires and lists', async () => {
    const { id } = await createOrder();
    expect((await control('fail', { orderId: id })).status).toBe(200);
    expect((await control('cancel', { orderId: id })).status).toBe(200);
    const paid = (await (await control('pay', { orderId: id, amount: 1000 })).json()) as { id: string; amount: number; status: string };
    expect(paid).toMatchObject({ amount: 1000, status: 'captured' });
    expect((await control('set-payment-status', { paymentId: paid.id, status: 'refunded' })).status).toBe(200);
    const other = await createOrder({ receipt: 'ord_2' });
    expect((await control('set-order-status', { orderId: other.id, status: 'attempted' })).status).toBe(200);
    expect((await control('expire', { orderId: other.id })).status).toBe(200);

    const orders = (await (await fetch(`${sandbox.url}/__sandbox/orders`)).json()) as { id: string; status: string; payments: { status: string; errorReason: string | null }[] }[];
    expect(orders.map((o) => [o.id, o.status, o.payments.map((p) => [p.status, p.errorReason])])).toEqual([
      [
        id,
        'paid',
        [
          ['failed', 'payment_failed'],
          ['failed', 'payment_cancelled'],
          ['refunded', null],
        ],
      ],
      [other.id, 'attempted', []],
    ]);
    const one = (await (await fetch(`${sandbox.url}/__sandbox/orders/${other.id}`)).json()) as { checkoutExpired: boolean };
    expect(one.checkoutExpired).toBe(true);
  });

  it('fails the next n API calls with the given status, then recovers', async () => {
    expect((await control('fail-next', { count: 2, httpStatus: 502 })).status).toBe(200);
    const first = await fetch(`${sandbox.apiBaseUrl}orders`, { headers: { authorization: BASIC } });
    expect(first.status).toBe(502);
    expect(first.headers.get('content-type')).toContain('text/html');
    const second = await fetch(`${sandbox.apiBaseUrl}orders`, { method: 'POST', headers: { authorization: BASIC, 'content-type': 'application/json' }, body: '{"amount":1000}' });
    expect(second.status).toBe(502);
    expect((await call('POST', 'orders', { amount: 1000 })).status).toBe(200);
  });

  it('answers 404 for an unknown order, 409 for an impossible change and 400 for a bad body', async () => {
    expect((await control('pay', { orderId: 'order_NoSuchOrder001' })).status).toBe(404);
    const { id } = await createOrder();
    sandbox.control.pay(id);
    expect((await control('pay', { orderId: id })).status).toBe(409);
    expect((await control('fail-next', { count: -1 })).status).toBe(400);
    expect((await control('send-webhook', { event: 'payment.captured', orderId: id })).status).toBe(409);
    expect((await control('send-webhook', { event: 'no.such' })).status).toBe(400);
  });

  itResets('orders', {
    control: () => sandbox.control,
    reset: () => control('reset', {}),
    record: () => createOrder(),
    records: () => sandbox.control.orders(),
    succeeds: () => call('POST', 'orders', { amount: 1000 }),
  });
});

describe('Razorpay sandbox: mounting', () => {
  it('shares one Koa app and port with other sandboxes under path prefixes', async () => {
    const { base, serve } = await sharedPortForThisTest();
    const a = createRazorpaySandbox({ keyId: 'rzp_test_a', keySecret: 'secret_a', publicBaseUrl: `${base}/razorpay` });
    const b = createRazorpaySandbox({ keyId: 'rzp_test_b', keySecret: 'secret_b', publicBaseUrl: `${base}/other-gateway` });
    serve('fell through', a.middleware, b.middleware);

    const create = (prefix: string, key: string, secret: string) =>
      fetch(`${base}${prefix}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1000 }),
      });
    const order = (await (await create('/razorpay', 'rzp_test_a', 'secret_a')).json()) as { id: string };
    expect((await create('/other-gateway', 'rzp_test_a', 'secret_a')).status).toBe(401);
    expect((await create('/other-gateway', 'rzp_test_b', 'secret_b')).status).toBe(200);
    expect(a.control.orders()).toHaveLength(1);
    expect(b.control.orders()).toHaveLength(1);

    const page = `${base}/razorpay/v1/checkout/embedded?${new URLSearchParams({ key_id: 'rzp_test_a', order_id: order.id, callback_url: 'http://shop.test/r' }).toString()}`;
    expect((await pressButton(page, 'pay-form')).status).toBe(200);
    expect(a.control.orders()[0]?.status).toBe('paid');
    expect(await (await fetch(`${base}/elsewhere`)).text()).toBe('fell through');
  });

  it('startRazorpaySandbox takes the mount path from publicBaseUrl (e.g. behind a proxy)', async () => {
    const mounted = await startRazorpaySandbox({ port: 0, keyId: KEY_ID, keySecret: KEY_SECRET, publicBaseUrl: 'https://sandbox.example/razorpay' });
    try {
      expect(mounted.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/razorpay$/);
      expect(mounted.apiBaseUrl).toBe(`${mounted.url}/v1/`);
      expect(mounted.checkoutUrl).toBe('https://sandbox.example/razorpay/v1/checkout/embedded');
      const response = await fetch(`${mounted.apiBaseUrl}orders`, { headers: { authorization: BASIC } });
      expect(response.status).toBe(200);
      expect((await fetch(`${mounted.url.replace(/\/razorpay$/, '')}/v1/orders`, { headers: { authorization: BASIC } })).status).toBe(404);
    } finally {
      await mounted.close();
    }
  });
});
