import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RazorpayClient } from '../../../../adapters/gateways/razorpay/client.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { razorpayFixture } from '../../../fixtures/razorpay/load.js';
import { expectRejected, expectRetryable, itFailsPlainlyOnTheNetwork } from '../../../support/gateway-errors.js';
import { caught, jsonResponse, recordingFetch, jsonBody, type RecordedCall } from '../../../support/http-stubs.js';

const KEY_ID = 'rzp_test_Sandbox0000001';
const KEY_SECRET = 'test_key_secret_Lk3Vq9Zr2Tm8Xw5Pn1Bc';
const BASE = 'https://api.razorpay.com/v1/';
const BASIC = `Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`;

type Call = RecordedCall<unknown>;

const fakeRazorpay = (respond: (call: Call, init: RequestInit) => Response | Promise<Response>) => recordingFetch(jsonBody, respond);

const client = (fetch: typeof globalThis.fetch, extra: { baseUrl?: string; timeoutMs?: number } = {}) =>
  new RazorpayClient({ baseUrl: extra.baseUrl ?? BASE, keyId: KEY_ID, keySecret: KEY_SECRET, fetch, ...(extra.timeoutMs !== undefined && { timeoutMs: extra.timeoutMs }) });

const orderBody = { amount: 129900, currency: 'INR', receipt: 'ord_7Hq2VxKp9LmN4sT6wYb3Rc', notes: { order_id: 'ord_7Hq2VxKp9LmN4sT6wYb3Rc' } };

describe('RazorpayClient requests', () => {
  it('creates an order: POST {base}orders, JSON, HTTP Basic key_id:key_secret', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(200, razorpayFixture('order-created')));
    const order = await client(rzp.fetch).createOrder(orderBody);
    expect(order).toMatchObject({ id: 'order_Nf4TqPz8vXk2Lm', amount: 129900, currency: 'INR', status: 'created', created_at: 1741954542 });
    const [call] = rzp.calls;
    expect(call).toMatchObject({ url: `${BASE}orders`, method: 'POST', body: orderBody });
    expect(call?.headers.get('authorization')).toBe(BASIC);
    expect(call?.headers.get('content-type')).toBe('application/json');
  });

  it('adds the missing trailing slash to the base URL', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(200, razorpayFixture('order-created')));
    await client(rzp.fetch, { baseUrl: 'https://api.razorpay.com/v1' }).fetchOrder('order_Nf4TqPz8vXk2Lm');
    expect(rzp.calls[0]?.url).toBe(`${BASE}orders/order_Nf4TqPz8vXk2Lm`);
  });

  it('lists orders by receipt with GET and no body', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(200, razorpayFixture('orders-by-receipt')));
    const orders = await client(rzp.fetch).ordersByReceipt('ord_7Hq2 VxKp&x');
    expect(orders.map((o) => o.id)).toEqual(['order_Nf4TqPz8vXk2Lm']);
    const url = new URL(rzp.calls[0]?.url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}orders`);
    expect(url.searchParams.get('receipt')).toBe('ord_7Hq2 VxKp&x');
    expect(rzp.calls[0]?.method).toBe('GET');
    expect(rzp.calls[0]?.headers.get('content-type')).toBeNull();
  });

  it("fetches an order's payments and a payment", async () => {
    const rzp = fakeRazorpay((call) => jsonResponse(200, razorpayFixture(call.url.endsWith('/payments') ? 'payments-cancelled' : 'payment-captured')));
    const payments = await client(rzp.fetch).fetchOrderPayments('order_Nf4TqPz8vXk2Lm');
    expect(payments.map((p) => [p.id, p.status, p.error_reason])).toEqual([
      ['pay_Nf4U0Zc3mWq8Yd', 'failed', 'payment_risk_check_failed'],
      ['pay_Nf4U1Bv5Jx2KpE', 'failed', 'payment_cancelled'],
    ]);
    const payment = await client(rzp.fetch).fetchPayment('pay_Nf4U0aRk7QbT1c');
    expect(payment).toMatchObject({ id: 'pay_Nf4U0aRk7QbT1c', status: 'captured', notes: {} });
    expect(rzp.calls.map((c) => c.url)).toEqual([`${BASE}orders/order_Nf4TqPz8vXk2Lm/payments`, `${BASE}payments/pay_Nf4U0aRk7QbT1c`]);
  });

  it('keeps an id inside its path segment', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(200, razorpayFixture('order-created')));
    await client(rzp.fetch).fetchOrder('../payments/pay_x?y=1');
    expect(rzp.calls[0]?.url).toBe(`${BASE}orders/..%2Fpayments%2Fpay_x%3Fy%3D1`);
    await expect(client(rzp.fetch).fetchOrder(' ')).rejects.toBeInstanceOf(GatewayRejectedError);
  });

  it('refunds with X-Refund-Idempotency', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(200, razorpayFixture('refund-processed')));
    const body = razorpayFixture('refund-request') as { amount: number };
    const refund = await client(rzp.fetch).refundPayment('pay_Nf4U0aRk7QbT1c', body, 'refund-ord_7Hq2VxKp_1');
    expect(refund).toMatchObject({ id: 'rfnd_Nf5A2kTq8WzR3m', status: 'processed', amount: 29900 });
    expect(rzp.calls[0]).toMatchObject({ url: `${BASE}payments/pay_Nf4U0aRk7QbT1c/refund`, method: 'POST', body });
    expect(rzp.calls[0]?.headers.get('x-refund-idempotency')).toBe('refund-ord_7Hq2VxKp_1');
  });

  it('refuses an idempotency key Razorpay would refuse, before calling it', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(200, razorpayFixture('refund-processed')));
    for (const key of ['short', 'has/slash-in-it', 'x'.repeat(41)]) {
      await expect(client(rzp.fetch).refundPayment('pay_x', {}, key)).rejects.toThrow(/X-Refund-Idempotency/);
    }
    expect(rzp.calls).toEqual([]);
  });
});

describe('RazorpayClient errors', () => {
  it("throws GatewayRejectedError with Razorpay's code, description and field on 400", async () => {
    const rzp = fakeRazorpay(() => jsonResponse(400, razorpayFixture('error-amount-too-small')));
    const error = await caught(client(rzp.fetch).createOrder({ ...orderBody, amount: 50 }));
    expectRejected(error, { gateway: 'razorpay', gatewayErrorKey: 'BAD_REQUEST_ERROR' }, 'The amount must be at least INR 1.00', 'field: amount');
  });

  it('throws GatewayRejectedError for an unknown id', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(400, razorpayFixture('error-id-not-exist')));
    const error = await caught(client(rzp.fetch).fetchOrder('order_Missing000001'));
    expectRejected(error, undefined, 'The id provided does not exist');
  });

  it('names a 401 unauthorized, without the secret', async () => {
    const rzp = fakeRazorpay(() => jsonResponse(401, razorpayFixture('error-authentication')));
    const error = await caught(client(rzp.fetch).fetchOrder('order_Nf4TqPz8vXk2Lm'));
    expectRejected(error, { gatewayErrorKey: 'unauthorized' }, 'Authentication failed');
    expect(error.message).not.toContain(KEY_SECRET);
  });

  it.each([
    [500, 'json', razorpayFixture('error-server')],
    [502, 'html', '<html>502 Bad Gateway</html>'],
    [503, 'html', '<html>503 Service Unavailable</html>'],
    [429, 'json', { error: { code: 'BAD_REQUEST_ERROR', description: 'Too many requests' } }],
  ])('throws a plain, retryable Error on %i (%s)', async (status, _kind, body) => {
    const rzp = fakeRazorpay(() => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));
    const error = await caught(client(rzp.fetch).fetchOrder('order_Nf4TqPz8vXk2Lm'));
    expectRetryable(error, String(status));
  });

  itFailsPlainlyOnTheNetwork({
    secret: KEY_SECRET,
    unreachable: (fetch) => client(fetch).createOrder(orderBody),
    hanging: (fetch, timeoutMs) => client(fetch, { timeoutMs }).fetchOrder('order_x'),
  });

  it("throws a plain Error when a 200 answer does not look like Razorpay's", async () => {
    const rzp = fakeRazorpay(() => jsonResponse(200, { id: 'order_x', amount: '129900' }));
    const error = await caught(client(rzp.fetch).fetchOrder('order_x'));
    expectRetryable(error, 'amount');
  });

  it('treats a redirect as a wrong base URL, not a retryable outage', async () => {
    const rzp = fakeRazorpay(() => new Response('', { status: 301, headers: { location: 'https://razorpay.com/' } }));
    const error = await caught(client(rzp.fetch).fetchOrder('order_x'));
    expectRejected(error, undefined, 'base URL');
  });
});

describe('RazorpayClient secrecy', () => {
  it('does not expose the key secret when inspected or serialised', () => {
    const c = client(fakeRazorpay(() => jsonResponse(200, {})).fetch);
    expect(inspect(c, { depth: 5, showHidden: true })).not.toContain(KEY_SECRET);
    expect(inspect(c, { depth: 5, showHidden: true })).not.toContain(Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64'));
    expect(JSON.stringify(c)).not.toContain(KEY_SECRET);
  });

  it('refuses an empty key id or secret', () => {
    expect(() => new RazorpayClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: ' ' })).toThrow(/secret/);
    expect(() => new RazorpayClient({ baseUrl: BASE, keyId: '', keySecret: KEY_SECRET })).toThrow(/key id/);
  });
});
