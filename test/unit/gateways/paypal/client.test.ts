import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PayPalClient, payPalRequestId, type PayPalCreateOrderRequest } from '../../../../adapters/gateways/paypal/client.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { payPalFixture } from '../../../fixtures/paypal/load.js';
import { expectRetryable, hangingFetch, unreachableFetch } from '../../../support/gateway-errors.js';
import { caught, jsonResponse, rawBody, recordingFetch, type RecordedCall } from '../../../support/http-stubs.js';

const CLIENT_ID = 'AcL1ent1dForTests0000';
const SECRET = 'EkS3cretForTests_9f8e7d6c5b4a';
const BASE = 'https://api-m.sandbox.paypal.com';
const TOKEN = (payPalFixture('token') as { access_token: string }).access_token;

type Call = RecordedCall<string | undefined>;

/** A fake PayPal: answers the token endpoint with the recorded token, everything else with `respond`. */
function fakePayPal(respond: (call: Call) => Response | Promise<Response>, token: () => Response = () => jsonResponse(200, payPalFixture('token'))) {
  const isToken = (call: Call) => call.url.endsWith('/v1/oauth2/token');
  const { fetch, calls } = recordingFetch(rawBody, (call) => (isToken(call) ? token() : respond(call)));
  return { fetch, calls, api: () => calls.filter((c) => !isToken(c)), tokens: () => calls.filter(isToken) };
}

let clock = new Date('2025-03-14T12:00:00Z');
const client = (fetch: typeof globalThis.fetch, extra: { baseUrl?: string; timeoutMs?: number } = {}) =>
  new PayPalClient({
    baseUrl: extra.baseUrl ?? BASE,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    fetch,
    now: () => clock,
    ...(extra.timeoutMs !== undefined && { timeoutMs: extra.timeoutMs }),
  });

const createBody = payPalFixture('create-order-request') as PayPalCreateOrderRequest;

describe('PayPalClient authentication', () => {
  it('gets a client-credentials token with Basic auth, then calls the API with Bearer', async () => {
    const paypal = fakePayPal(() => jsonResponse(200, payPalFixture('order-approved')));
    await client(paypal.fetch).getOrder('5O190127TN364715T');

    const [token, get] = paypal.calls;
    expect(token?.url).toBe(`${BASE}/v1/oauth2/token`);
    expect(token?.method).toBe('POST');
    expect(token?.headers.get('authorization')).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`);
    expect(token?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(token?.body).toBe('grant_type=client_credentials');
    expect(get?.url).toBe(`${BASE}/v2/checkout/orders/5O190127TN364715T`);
    expect(get?.method).toBe('GET');
    expect(get?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('reuses the token until a minute before it expires', async () => {
    clock = new Date('2025-03-14T12:00:00Z');
    const paypal = fakePayPal(() => jsonResponse(200, payPalFixture('order-approved')));
    const c = client(paypal.fetch);
    await c.getOrder('5O190127TN364715T');
    clock = new Date(clock.getTime() + (32_400 - 61) * 1000);
    await c.getOrder('5O190127TN364715T');
    expect(paypal.tokens()).toHaveLength(1);
    clock = new Date(clock.getTime() + 2000);
    await c.getOrder('5O190127TN364715T');
    expect(paypal.tokens()).toHaveLength(2);
  });

  it('shares one token request between concurrent calls', async () => {
    const paypal = fakePayPal(() => jsonResponse(200, payPalFixture('order-approved')));
    const c = client(paypal.fetch);
    await Promise.all([c.getOrder('A'), c.getOrder('B'), c.getOrder('C')]);
    expect(paypal.tokens()).toHaveLength(1);
  });

  it('fetches a new token once when PayPal answers 401 invalid_token, and repeats the call with the same request id', async () => {
    let first = true;
    const paypal = fakePayPal(() => {
      if (first) {
        first = false;
        return jsonResponse(401, payPalFixture('error-invalid-token'));
      }
      return jsonResponse(201, payPalFixture('order-completed'));
    });
    await client(paypal.fetch).captureOrder('5O190127TN364715T', 'capture:k1');
    expect(paypal.tokens()).toHaveLength(2);
    expect(paypal.api().map((c) => c.headers.get('paypal-request-id'))).toEqual(['capture:k1', 'capture:k1']);
  });

  it('throws GatewayRejectedError for bad client credentials, revealing neither secret', async () => {
    const paypal = fakePayPal(
      () => jsonResponse(200, {}),
      () => jsonResponse(401, payPalFixture('token-invalid-client')),
    );
    const error = await caught(client(paypal.fetch).getOrder('X'));
    expect(error).toBeInstanceOf(GatewayRejectedError);
    expect(error).toMatchObject({ gateway: 'paypal', gatewayErrorKey: 'invalid_client' });
    expect(error.message).toContain('Client Authentication failed');
    expect(inspect(error)).not.toContain(SECRET);
    expect(paypal.api()).toEqual([]);
  });

  it('refuses an empty client id or secret at construction', () => {
    expect(() => new PayPalClient({ baseUrl: BASE, clientId: '', clientSecret: SECRET })).toThrow();
    expect(() => new PayPalClient({ baseUrl: BASE, clientId: CLIENT_ID, clientSecret: ' ' })).toThrow();
  });
});

describe('PayPalClient orders and refunds', () => {
  it('creates an order: POST JSON with PayPal-Request-Id and Prefer: return=representation', async () => {
    const paypal = fakePayPal(() => jsonResponse(201, payPalFixture('create-order-response')));
    const order = await client(paypal.fetch).createOrder(createBody, 'create:checkout-ord_1/initiate');
    expect(order).toMatchObject({ id: '5O190127TN364715T', status: 'PAYER_ACTION_REQUIRED' });
    const [call] = paypal.api();
    expect(call?.url).toBe(`${BASE}/v2/checkout/orders`);
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('paypal-request-id')).toBe('create:checkout-ord_1/initiate');
    expect(call?.headers.get('prefer')).toBe('return=representation');
    expect(JSON.parse(call?.body ?? '')).toEqual(createBody);
  });

  it('captures with an empty JSON body', async () => {
    const paypal = fakePayPal(() => jsonResponse(201, payPalFixture('order-completed')));
    await client(paypal.fetch).captureOrder('5O190127TN364715T', 'capture:k');
    const [call] = paypal.api();
    expect(call?.url).toBe(`${BASE}/v2/checkout/orders/5O190127TN364715T/capture`);
    expect(call?.body).toBe('{}');
  });

  it('refunds on the capture', async () => {
    const paypal = fakePayPal(() => jsonResponse(201, payPalFixture('refund-completed')));
    const refund = await client(paypal.fetch).refundCapture('3C679366HH908993F', { amount: { currency_code: 'USD', value: '10.00' } }, 'refund:k');
    expect(refund).toMatchObject({ id: '1JU08902781691411', status: 'COMPLETED' });
    const [call] = paypal.api();
    expect(call?.url).toBe(`${BASE}/v2/payments/captures/3C679366HH908993F/refund`);
    expect(call?.headers.get('paypal-request-id')).toBe('refund:k');
    expect(JSON.parse(call?.body ?? '')).toEqual({ amount: { currency_code: 'USD', value: '10.00' } });
  });

  it('keeps a base URL path (the sandbox mounted under /paypal) and drops a trailing slash', async () => {
    const paypal = fakePayPal(() => jsonResponse(200, payPalFixture('order-approved')));
    await client(paypal.fetch, { baseUrl: 'http://127.0.0.1:3100/paypal/' }).getOrder('5O190127TN364715T');
    expect(paypal.calls.map((c) => c.url)).toEqual(['http://127.0.0.1:3100/paypal/v1/oauth2/token', 'http://127.0.0.1:3100/paypal/v2/checkout/orders/5O190127TN364715T']);
  });

  it('escapes the order id in the path', async () => {
    const paypal = fakePayPal(() => jsonResponse(200, payPalFixture('order-approved')));
    await client(paypal.fetch).getOrder('../v1/oauth2');
    expect(paypal.api()[0]?.url).toBe(`${BASE}/v2/checkout/orders/..%2Fv1%2Foauth2`);
  });

  it.each([
    ['error-order-already-captured', 422, 'ORDER_ALREADY_CAPTURED'],
    ['error-order-not-approved', 422, 'ORDER_NOT_APPROVED'],
    ['error-instrument-declined', 422, 'INSTRUMENT_DECLINED'],
    ['error-decimal-precision', 422, 'DECIMAL_PRECISION'],
    ['error-resource-not-found', 404, 'INVALID_RESOURCE_ID'],
  ])('throws GatewayRejectedError keyed by the first issue (%s)', async (fixture, status, issue) => {
    const paypal = fakePayPal(() => jsonResponse(status, payPalFixture(fixture)));
    const error = await caught(client(paypal.fetch).captureOrder('5O190127TN364715T', 'capture:k'));
    expect(error).toBeInstanceOf(GatewayRejectedError);
    expect(error).toMatchObject({ gateway: 'paypal', gatewayErrorKey: issue });
    expect(error.message).toContain('debug_id');
  });

  it.each([500, 502, 503, 504, 429, 408])('throws a retryable plain Error on HTTP %i', async (status) => {
    const paypal = fakePayPal(() => new Response('<html>busy</html>', { status }));
    const error = await caught(client(paypal.fetch).getOrder('X'));
    expectRetryable(error, String(status));
  });

  it('throws a retryable plain Error on a network failure and on a timeout', async () => {
    const network = await caught(client(unreachableFetch).getOrder('X'));
    expectRetryable(network, 'network error');

    // The token comes at once; only the API call hangs.
    const hanging = (async (input: string | URL | Request, init: RequestInit = {}) =>
      String(input).endsWith('/v1/oauth2/token') ? jsonResponse(200, payPalFixture('token')) : hangingFetch(input, init)) as typeof globalThis.fetch;
    const timeout = await caught(client(hanging, { timeoutMs: 50 }).getOrder('X'));
    expectRetryable(timeout, 'timed out after 50 ms');
  });

  it('throws a retryable plain Error for a 2xx answer it cannot read', async () => {
    const garbage = fakePayPal(() => new Response('<html>', { status: 200 }));
    expect(await caught(client(garbage.fetch).getOrder('X'))).not.toBeInstanceOf(GatewayRejectedError);
    const shapeless = fakePayPal(() => jsonResponse(200, { status: 'APPROVED' }));
    const error = await caught(client(shapeless.fetch).getOrder('X'));
    expect(error).not.toBeInstanceOf(GatewayRejectedError);
    expect(error.message).toContain('unexpected response shape');
  });

  it('treats a redirect as a rejection naming the base URL', async () => {
    const paypal = fakePayPal(() => new Response(null, { status: 301, headers: { location: 'https://www.paypal.com/' } }));
    const error = await caught(client(paypal.fetch).getOrder('X'));
    expect(error).toBeInstanceOf(GatewayRejectedError);
    expect(error.message).toContain('base URL');
  });
});

describe('payPalRequestId', () => {
  it('is the operation and the saga key, so every retry of a step sends the same id', () => {
    expect(payPalRequestId('capture', 'checkout-ord_1/capture')).toBe('capture:checkout-ord_1/capture');
    expect(payPalRequestId('capture', 'checkout-ord_1/capture')).toBe(payPalRequestId('capture', 'checkout-ord_1/capture'));
    expect(payPalRequestId('refund', 'k')).not.toBe(payPalRequestId('capture', 'k'));
  });

  it("hashes keys that would exceed PayPal's 108 characters or hold spaces and non-ASCII", () => {
    const long = payPalRequestId('create', `checkout-${'x'.repeat(200)}/initiate`);
    expect(long).toMatch(/^create:sha256:[0-9a-f]{64}$/);
    expect(long.length).toBeLessThanOrEqual(108);
    expect(payPalRequestId('create', 'order ñ 1')).toMatch(/^create:sha256:/);
    expect(payPalRequestId('create', `checkout-${'x'.repeat(200)}/initiate`)).toBe(long);
  });

  it('refuses an empty key', () => {
    expect(() => payPalRequestId('create', '')).toThrow();
  });
});
