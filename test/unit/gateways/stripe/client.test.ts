import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StripeClient, stripeIdempotencyKey, STRIPE_API_VERSION } from '../../../../adapters/gateways/stripe/client.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { stripeFixture } from '../../../fixtures/stripe/load.js';
import { caught } from '../../../support/http-stubs.js';

/** A local stand-in for api.stripe.com answering recorded bodies; records what the SDK sent. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let server: Server;
let base: string;
let seen: Seen[] = [];
let answer: { status: number; body: string; contentType?: string } = { status: 200, body: '{}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json', 'request-id': 'req_test123' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: '{}' };
});

const client = (apiBaseUrl = `${base}/stripe`) => new StripeClient({ secretKey: 'sk_test_51Abc', apiBaseUrl, maxNetworkRetries: 0, timeoutMs: 2000 });

const respond = (status: number, fixture: string) => {
  answer = { status, body: JSON.stringify(stripeFixture(fixture)) };
};

const params = {
  mode: 'payment' as const,
  line_items: [{ price_data: { currency: 'usd', unit_amount: 2599, product_data: { name: 'Wool scarf' } }, quantity: 1 }],
  success_url: 'http://shop.test/r?stripe_checkout=success&session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://shop.test/r?stripe_checkout=cancel',
  client_reference_id: 'ord_1',
  metadata: { order_id: 'ord_1' },
  payment_intent_data: { metadata: { order_id: 'ord_1' } },
};

describe('StripeClient over the official SDK', () => {
  it('creates a session: form-urlencoded, Bearer key, pinned Stripe-Version, our Idempotency-Key, under the path prefix', async () => {
    respond(200, 'session-open');
    const session = await client().createCheckoutSession(params, 'checkout-ord_1/initiate');
    expect(session.id).toMatch(/^cs_test_/);
    const [req] = seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/stripe/v1/checkout/sessions');
    expect(req?.headers['authorization']).toBe('Bearer sk_test_51Abc');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req?.headers['stripe-version']).toBe(STRIPE_API_VERSION);
    expect(req?.headers['idempotency-key']).toBe('paysaga:checkout_session:checkout-ord_1/initiate');
    const form = new URLSearchParams(req?.body);
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('2599');
    expect(form.get('client_reference_id')).toBe('ord_1');
    expect(form.get('success_url')).toBe(params.success_url);
  });

  it('retrieves a session with its PaymentIntent and latest charge expanded', async () => {
    respond(200, 'session-complete-paid');
    const session = await client().retrieveCheckoutSession('cs_test_abc');
    expect(typeof session.payment_intent).toBe('object');
    const url = new URL(seen[0]?.url ?? '', base);
    expect(url.pathname).toBe('/stripe/v1/checkout/sessions/cs_test_abc');
    expect(url.searchParams.getAll('expand[0]').concat(url.searchParams.getAll('expand[1]'))).toEqual(['payment_intent', 'payment_intent.latest_charge']);
    expect(seen[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('refunds with its own namespaced key', async () => {
    respond(200, 'refund-succeeded');
    await client().createRefund({ payment_intent: 'pi_1', amount: 1000 }, 'refund-ord_1/1');
    expect(seen[0]?.headers['idempotency-key']).toBe('paysaga:refund:refund-ord_1/1');
    expect(new URLSearchParams(seen[0]?.body).get('amount')).toBe('1000');
  });

  it('talks to api.stripe.com paths without a prefix when the base has none', async () => {
    respond(200, 'session-open');
    await client(base).retrieveCheckoutSession('cs_test_abc');
    expect(new URL(seen[0]?.url ?? '', base).pathname).toBe('/v1/checkout/sessions/cs_test_abc');
  });

  it.each([
    [400, 'error-parameter-missing', 'parameter_missing'],
    [401, 'error-invalid-api-key', 'authentication_error'],
    [400, 'error-idempotency', 'idempotency_error'],
    [404, 'error-resource-missing', 'resource_missing'],
  ])('HTTP %i %s → GatewayRejectedError(%s)', async (status, fixture, key) => {
    respond(status, fixture);
    const e = await caught(client().createCheckoutSession(params, 'k'));
    expect(e).toBeInstanceOf(GatewayRejectedError);
    expect((e as GatewayRejectedError).gatewayErrorKey).toBe(key);
    expect(e.message).toContain('req_test123');
  });

  it.each([
    ['500 api_error', () => respond(500, 'error-api')],
    ['503 HTML from a proxy', () => (answer = { status: 503, body: '<html>503</html>', contentType: 'text/html' })],
    ['429 rate limit', () => (answer = { status: 429, body: JSON.stringify({ error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } }) })],
    ['409 key in use', () => (answer = { status: 409, body: JSON.stringify({ error: { type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'in use' } }) })],
    ['a 200 that is not a session', () => (answer = { status: 200, body: JSON.stringify({ object: 'charge', id: 'ch_1' }) })],
  ])('%s → a retryable plain Error', async (_name, arrange) => {
    arrange();
    const e = await caught(client().createCheckoutSession(params, 'k'));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
  });

  it('an unreachable host → a retryable plain Error', async () => {
    const e = await caught(new StripeClient({ secretKey: 'sk_test_1', apiBaseUrl: 'http://127.0.0.1:1', maxNetworkRetries: 0 }).retrieveCheckoutSession('cs_test_x'));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
    expect(e.message).toMatch(/temporary/);
  });

  it('refuses an empty key', () => {
    expect(() => new StripeClient({ secretKey: ' ' })).toThrow();
  });
});

describe('stripeIdempotencyKey', () => {
  it('is deterministic and namespaced per operation', () => {
    expect(stripeIdempotencyKey('checkout_session', 'checkout-ord_1/initiate')).toBe(stripeIdempotencyKey('checkout_session', 'checkout-ord_1/initiate'));
    expect(stripeIdempotencyKey('refund', 'k')).not.toBe(stripeIdempotencyKey('checkout_session', 'k'));
  });

  it('hashes keys Stripe would not take (over 255 characters, or with spaces)', () => {
    const long = stripeIdempotencyKey('refund', 'x'.repeat(300));
    expect(long.length).toBeLessThanOrEqual(255);
    expect(long).toBe(stripeIdempotencyKey('refund', 'x'.repeat(300)));
    expect(long).not.toBe(stripeIdempotencyKey('refund', 'x'.repeat(301)));
    expect(stripeIdempotencyKey('refund', 'a b')).toMatch(/^paysaga:refund:sha256:[0-9a-f]{64}$/);
    expect(() => stripeIdempotencyKey('refund', '')).toThrow();
  });
});
