import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPayPalSandbox, startPayPalSandbox, type RunningPayPalSandbox } from '../../../../adapters/gateways/paypal/sandbox.js';

const CLIENT_ID = 'AdSandboxClient0000000002';
const SECRET = 'EKSandboxSecret_77aa';
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`;

let sandbox: RunningPayPalSandbox;

beforeAll(async () => {
  sandbox = await startPayPalSandbox({ port: 0, clientId: CLIENT_ID, clientSecret: SECRET });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.control.reset());

async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${sandbox.url}${path}`, { method, ...(init.body !== undefined && { body: init.body }), headers: init.headers ?? {} });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') === true;
  return { status: response.status, body: (isJson ? JSON.parse(text) : { text }) as Record<string, unknown> };
}

async function token(): Promise<string> {
  const { status, body } = await call('POST', '/v1/oauth2/token', {
    body: 'grant_type=client_credentials',
    headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(status).toBe(200);
  return String(body['access_token']);
}

const orderBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ intent: 'CAPTURE', purchase_units: [{ reference_id: 'ord_1', amount: { currency_code: 'USD', value: '10.00' } }], ...overrides });

async function create(body = orderBody(), headers: Record<string, string> = {}) {
  return call('POST', '/v2/checkout/orders', { body, headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', ...headers } });
}

const control = (name: string, body: unknown) => call('POST', `/__sandbox/${name}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('PayPal sandbox: OAuth2', () => {
  it('issues a Bearer token for the right client credentials', async () => {
    const { status, body } = await call('POST', '/v1/oauth2/token', { body: 'grant_type=client_credentials', headers: { authorization: BASIC } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 32400 });
    expect(body['access_token']).toMatch(/^A21AA/);
  });

  it('answers 401 invalid_client for wrong credentials and 400 for a missing grant type', async () => {
    const wrong = `Basic ${Buffer.from(`${CLIENT_ID}:nope`).toString('base64')}`;
    await expect(call('POST', '/v1/oauth2/token', { body: 'grant_type=client_credentials', headers: { authorization: wrong } })).resolves.toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client Authentication failed' },
    });
    await expect(call('POST', '/v1/oauth2/token', { body: '', headers: { authorization: BASIC } })).resolves.toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
  });

  it('answers 401 to API calls without a token or with an unknown one', async () => {
    await expect(call('GET', '/v2/checkout/orders/X')).resolves.toMatchObject({ status: 401, body: { name: 'AUTHENTICATION_FAILURE' } });
    await expect(call('GET', '/v2/checkout/orders/X', { headers: { authorization: 'Bearer A21AAnope' } })).resolves.toMatchObject({
      status: 401,
      body: { error: 'invalid_token' },
    });
  });
});

describe('PayPal sandbox: orders', () => {
  it('creates a CREATED order with an approve link without payment_source, minimal unless return=representation', async () => {
    const minimal = await create();
    expect(minimal.status).toBe(201);
    expect(Object.keys(minimal.body)).toEqual(['id', 'status', 'links']);
    expect(minimal.body['status']).toBe('CREATED');
    expect(minimal.body['links']).toContainEqual({ href: `${sandbox.url}/checkoutnow?token=${String(minimal.body['id'])}`, rel: 'approve', method: 'GET' });
    const full = await create(orderBody(), { prefer: 'return=representation' });
    expect(full.body).toMatchObject({ intent: 'CAPTURE', purchase_units: [{ reference_id: 'ord_1', amount: { currency_code: 'USD', value: '10.00' } }] });
  });

  it('answers PAYER_ACTION_REQUIRED with a payer-action link for a payment_source, and demands a PayPal-Request-Id for it', async () => {
    const body = orderBody({ payment_source: { paypal: { experience_context: { return_url: 'http://shop.test/r', cancel_url: 'http://shop.test/c' } } } });
    await expect(create(body)).resolves.toMatchObject({ status: 400, body: { name: 'INVALID_REQUEST', details: [{ issue: 'PAYPAL_REQUEST_ID_REQUIRED' }] } });
    const created = await create(body, { 'paypal-request-id': 'r1' });
    expect(created).toMatchObject({ status: 201, body: { status: 'PAYER_ACTION_REQUIRED', payment_source: { paypal: {} } } });
    expect((created.body['links'] as { rel: string }[]).map((l) => l.rel)).toEqual(['self', 'payer-action']);
    const replay = await create(body, { 'paypal-request-id': 'r1' });
    expect(replay).toMatchObject({ status: 200, body: { id: created.body['id'] } });
  });

  it.each([
    [{ purchase_units: [{ amount: { currency_code: 'USD', value: '10.005' } }] }, 422, 'DECIMAL_PRECISION'],
    [{ purchase_units: [{ amount: { currency_code: 'JPY', value: '10.5' } }] }, 422, 'DECIMAL_PRECISION'],
    [{ purchase_units: [{ amount: { currency_code: 'NPR', value: '10.00' } }] }, 422, 'CURRENCY_NOT_SUPPORTED'],
    [{ purchase_units: [{ amount: { currency_code: 'USD', value: 10 } }] }, 400, 'MISSING_REQUIRED_PARAMETER'],
    [{ purchase_units: [{ amount: { currency_code: 'USD', value: '0.00' } }] }, 422, 'CANNOT_BE_ZERO_OR_NEGATIVE'],
    [{ purchase_units: [] }, 400, 'MISSING_REQUIRED_PARAMETER'],
    [{ intent: 'SALE' }, 400, 'INVALID_PARAMETER_VALUE'],
    [{ purchase_units: [{ custom_id: 'x'.repeat(128), amount: { currency_code: 'USD', value: '1.00' } }] }, 400, 'INVALID_STRING_LENGTH'],
  ])('refuses %j with HTTP %i %s', async (overrides, status, issue) => {
    const { body } = await create(orderBody(overrides)).then((r) => {
      expect(r.status).toBe(status);
      return r;
    });
    expect(body).toMatchObject({ details: [{ issue }] });
    expect(body['debug_id']).toEqual(expect.any(String));
  });

  it('answers 404 RESOURCE_NOT_FOUND / INVALID_RESOURCE_ID for an unknown order', async () => {
    await expect(call('GET', '/v2/checkout/orders/NOSUCH', { headers: { authorization: `Bearer ${await token()}` } })).resolves.toMatchObject({
      status: 404,
      body: { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] },
    });
  });
});

describe('PayPal sandbox: controls over HTTP', () => {
  it('approves, captures (with a different amount), and reads orders back', async () => {
    const id = String((await create()).body['id']);
    await expect(control('approve', { orderId: id, payerId: 'PAYER00000001' })).resolves.toMatchObject({
      status: 200,
      body: { status: 'APPROVED', payer: { payerId: 'PAYER00000001' } },
    });
    await expect(control('next-capture', { orderId: id, value: '2.00' })).resolves.toMatchObject({ status: 200 });
    const captured = await call('POST', `/v2/checkout/orders/${id}/capture`, {
      body: '{}',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
    });
    expect(captured).toMatchObject({
      status: 201,
      body: { status: 'COMPLETED', purchase_units: [{ payments: { captures: [{ status: 'COMPLETED', amount: { value: '2.00' } }] } }] },
    });
    await expect(call('GET', `/__sandbox/orders/${id}`)).resolves.toMatchObject({ status: 200, body: { status: 'COMPLETED', capture: { amount: { value: '2.00' } } } });
    await expect(call('GET', '/__sandbox/orders')).resolves.toMatchObject({ status: 200, body: [{ id }] });
    await expect(control('approve', { orderId: id })).resolves.toMatchObject({ status: 409 });
    await expect(control('approve', { orderId: 'NOSUCH' })).resolves.toMatchObject({ status: 404 });
  });

  it('sets statuses, expires, fails the next calls, lists requests and resets', async () => {
    const id = String((await create()).body['id']);
    await expect(control('set-status', { orderId: id, status: 'SAVED' })).resolves.toMatchObject({ body: { status: 'SAVED' } });
    await expect(control('expire', { orderId: id })).resolves.toMatchObject({ body: { status: 'VOIDED' } });
    await expect(control('fail-next', { count: 1, httpStatus: 500 })).resolves.toMatchObject({ status: 200 });
    await expect(call('POST', '/v1/oauth2/token', { body: 'grant_type=client_credentials', headers: { authorization: BASIC } })).resolves.toMatchObject({ status: 500 });
    const requests = await call('GET', '/__sandbox/requests');
    expect((requests.body as unknown as { path: string; status: number }[]).map((r) => r.status).at(-1)).toBe(500);
    await expect(control('fail-next', { count: -1 })).resolves.toMatchObject({ status: 400 });
    await expect(control('reset', {})).resolves.toMatchObject({ status: 200 });
    await expect(call('GET', '/__sandbox/orders')).resolves.toMatchObject({ body: [] });
  });

  it('sends, replays and drops webhooks (recorded as not_configured without a webhookUrl)', async () => {
    const id = String((await create()).body['id']);
    await control('approve', { orderId: id });
    await control('webhooks/drop-next', { count: 1 });
    const sent = await control('webhooks/send', { orderId: id, eventType: 'CHECKOUT.ORDER.APPROVED' });
    expect(sent).toMatchObject({ status: 200, body: { eventType: 'CHECKOUT.ORDER.APPROVED', status: 'dropped' } });
    await expect(control('webhooks/replay', { eventId: sent.body['eventId'] })).resolves.toMatchObject({
      status: 200,
      body: { status: 'not_configured', eventId: sent.body['eventId'] },
    });
    await expect(control('webhooks/send', { orderId: id, eventType: 'PAYMENT.CAPTURE.COMPLETED' })).resolves.toMatchObject({ status: 409 });
    await expect(control('webhooks/replay', { eventId: 'WH-NOSUCH' })).resolves.toMatchObject({ status: 404 });
    await sandbox.control.settled();
    expect(sandbox.control.webhooks().map((w) => w.status)).toEqual(['not_configured', 'dropped', 'not_configured']);
  });

  it('serves its signing certificate, a real X.509 certificate, at the certificate URL', async () => {
    const response = await fetch(sandbox.control.certUrl);
    expect(response.status).toBe(200);
    const certificate = new X509Certificate(await response.text());
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(sandbox.control.certUrl.startsWith(sandbox.certUrlPrefix)).toBe(true);
    expect((await fetch(`${sandbox.certUrlPrefix}CERT-other`)).status).toBe(404);
  });
});

describe('PayPal sandbox mounted under /paypal on a shared Koa app', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const app = new Koa();
    const paypal = createPayPalSandbox({ clientId: CLIENT_ID, clientSecret: SECRET, publicBaseUrl: `${base}/paypal` });
    expect(paypal.mountPath).toBe('/paypal');
    app.use(paypal.middleware);
    app.use((ctx) => {
      ctx.status = 418;
      ctx.body = 'next';
    });
    server.on('request', app.callback());
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers under the prefix, links under the prefix, and passes other paths on', async () => {
    const tokenResponse = await fetch(`${base}/paypal/v1/oauth2/token`, { method: 'POST', body: 'grant_type=client_credentials', headers: { authorization: BASIC } });
    const { access_token: accessToken } = (await tokenResponse.json()) as { access_token: string };
    const created = await fetch(`${base}/paypal/v2/checkout/orders`, {
      method: 'POST',
      body: orderBody(),
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    });
    const order = (await created.json()) as { id: string; links: { rel: string; href: string }[] };
    expect(order.links.find((l) => l.rel === 'approve')?.href).toBe(`${base}/paypal/checkoutnow?token=${order.id}`);
    expect((await fetch(`${base}/paypal/checkoutnow?token=${order.id}`)).status).toBe(200);
    expect((await fetch(`${base}/khalti/`)).status).toBe(418);
  });
});
