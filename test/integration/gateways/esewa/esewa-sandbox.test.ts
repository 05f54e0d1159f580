import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEsewaSandbox, javaDouble, startEsewaSandbox, type RunningEsewaSandbox } from '../../../../adapters/gateways/esewa/sandbox.js';
import { openHostedPage, postForm, readForm, submit } from './hosted-page.js';

const SECRET = '8gBm/:&EnhH.1/q';
const UUID = 'test-uuid-0001';
const T0 = new Date('2025-03-14T12:00:00.000Z');

let sandbox: RunningEsewaSandbox;
let clock = T0;

beforeAll(async () => {
  sandbox = await startEsewaSandbox({ port: 0, now: () => clock });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = T0;
  sandbox.control.reset();
});

/** Signed independently of the adapter, as a merchant following eSewa's docs would. */
const sign = (message: string, secret = SECRET) => createHmac('sha256', secret).update(message).digest('base64');

function signedForm(overrides: Record<string, string> = {}): Record<string, string> {
  const f: Record<string, string> = {
    amount: '100',
    tax_amount: '10',
    total_amount: '110',
    transaction_uuid: UUID,
    product_code: 'EPAYTEST',
    product_service_charge: '0',
    product_delivery_charge: '0',
    success_url: 'http://shop.test/success',
    failure_url: 'http://shop.test/failure',
    signed_field_names: 'total_amount,transaction_uuid,product_code',
    ...overrides,
  };
  f['signature'] ??= sign(`total_amount=${f['total_amount']},transaction_uuid=${f['transaction_uuid']},product_code=${f['product_code']}`);
  return f;
}

async function statusText(query: Record<string, string>): Promise<{ status: number; text: string }> {
  const url = new URL(sandbox.statusUrl);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

const control = (name: string, body: unknown) =>
  fetch(`${sandbox.url}/__sandbox/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('eSewa sandbox: the form endpoint', () => {
  it('accepts the documented form (amount + tax = total) and redirects to its hosted page', async () => {
    const posted = await postForm(sandbox.formUrl, signedForm());
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(new RegExp(`^${sandbox.url}/checkout\\?session=[0-9a-f]{32}$`));
    expect(sandbox.control.get(UUID)).toMatchObject({ status: 'PENDING', totalAmount: '110', totalPaisa: 11000, taxAmount: '10', expiresAt: '2025-03-14T12:30:00.000Z' });
    expect(sandbox.control.requests()[0]).toMatchObject({ method: 'POST', path: '/api/epay/main/v2/form', status: 303, form: { transaction_uuid: UUID } });
  });

  it.each([
    ['a missing field', { product_delivery_charge: '' }, 'product_delivery_charge is required.'],
    ['a total that is not the sum', { total_amount: '100' }, 'total_amount must equal'],
    ['an amount that is not rupees', { amount: '1e2' }, 'amount must be an amount in rupees.'],
    ['an underscore in the uuid', { transaction_uuid: 'ord_1' }, 'transaction_uuid may contain only letters, digits and hyphens.'],
    ['another product code', { product_code: 'OTHER' }, 'Invalid product_code.'],
    ['a trailing comma in signed_field_names', { signed_field_names: 'total_amount,transaction_uuid,product_code,' }, 'signed_field_names must be'],
    ['another order of signed_field_names', { signed_field_names: 'transaction_uuid,total_amount,product_code' }, 'signed_field_names must be'],
    ['a signature over "110.0" while "110" is submitted', { signature: sign(`total_amount=110.0,transaction_uuid=${UUID},product_code=EPAYTEST`) }, 'Invalid payload signature.'],
    ['a signature with another secret', { signature: sign(`total_amount=110,transaction_uuid=${UUID},product_code=EPAYTEST`, 'other') }, 'Invalid payload signature.'],
    ['a relative success_url', { success_url: '/success' }, 'success_url must be a valid URL.'],
  ])('refuses %s with an error page', async (_name, overrides, message) => {
    const posted = await postForm(sandbox.formUrl, signedForm(overrides));
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain(message);
    expect(sandbox.control.payments()).toEqual([]);
  });

  it('refuses a GET', async () => {
    expect((await fetch(sandbox.formUrl)).status).toBe(405);
  });
});

describe('eSewa sandbox: hosted page', () => {
  it('asks for the documented test credentials and refuses others', async () => {
    const html = await openHostedPage(sandbox.formUrl, signedForm());
    expect(html).toContain('Rs. 110.00');
    const pay = readForm(html, 'pay-form');
    const wrong = await submit(pay, { password: 'nope' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Invalid eSewa ID, password or token');
    expect((await submit(pay, { esewa_id: '9800000000' })).status).toBe(400);
    expect((await submit(pay, { token: '000000' })).status).toBe(400);
    expect(sandbox.control.get(UUID)?.status).toBe('PENDING');
    const ok = await submit(pay, { esewa_id: '9806800005' });
    expect(ok.status).toBe(302);
    expect(sandbox.control.get(UUID)).toMatchObject({ status: 'COMPLETE', payer: '9806800005' });
    expect((await submit(pay)).status).toBe(409);
  });

  it('sends the success redirect with data signed over its own signed_field_names', async () => {
    const paid = await submit(readForm(await openHostedPage(sandbox.formUrl, signedForm()), 'pay-form'));
    const location = new URL(paid.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('http://shop.test/success');
    const text = Buffer.from(location.searchParams.get('data') ?? '', 'base64').toString('utf8');
    const data = JSON.parse(text) as Record<string, string>;
    const ref = sandbox.control.get(UUID)?.refId ?? '';
    expect(data).toEqual({
      transaction_code: ref,
      status: 'COMPLETE',
      total_amount: '110.0',
      transaction_uuid: UUID,
      product_code: 'EPAYTEST',
      signed_field_names: 'transaction_code,status,total_amount,transaction_uuid,product_code,signed_field_names',
      signature: sign(
        `transaction_code=${ref},status=COMPLETE,total_amount=110.0,transaction_uuid=${UUID},product_code=EPAYTEST,signed_field_names=transaction_code,status,total_amount,transaction_uuid,product_code,signed_field_names`,
      ),
    });
  });

  it('appends data with & when the success URL already has a query', async () => {
    const paid = await submit(readForm(await openHostedPage(sandbox.formUrl, signedForm({ success_url: 'http://shop.test/success?from=esewa' })), 'pay-form'));
    const location = new URL(paid.headers.get('location') ?? '');
    expect(location.searchParams.get('from')).toBe('esewa');
    expect(location.searchParams.get('data')).not.toBeNull();
  });

  it('cancel sends the browser to failure_url unchanged and reports CANCELED', async () => {
    const cancelled = await submit(readForm(await openHostedPage(sandbox.formUrl, signedForm()), 'cancel-form'));
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.get('location')).toBe('http://shop.test/failure');
    expect(sandbox.control.get(UUID)?.status).toBe('CANCELED');
  });

  it('answers 404 for an unknown session and 410 once the session expired', async () => {
    expect((await fetch(`${sandbox.url}/checkout?session=nope`)).status).toBe(404);
    const posted = await postForm(sandbox.formUrl, signedForm());
    clock = new Date(T0.getTime() + 1800_000);
    expect((await fetch(posted.headers.get('location') ?? '')).status).toBe(410);
  });
});

describe('eSewa sandbox: status check API', () => {
  it('answers the documented shape with total_amount as a JSON number literal (100.0)', async () => {
    await postForm(sandbox.formUrl, signedForm());
    sandbox.control.complete(UUID);
    const { status, text } = await statusText({ product_code: 'EPAYTEST', total_amount: '110', transaction_uuid: UUID });
    expect(status).toBe(200);
    const ref = sandbox.control.get(UUID)?.refId ?? '';
    expect(text).toBe(`{"product_code":"EPAYTEST","transaction_uuid":"${UUID}","total_amount":110.0,"status":"COMPLETE","ref_id":"${ref}"}`);
  });

  it('finds a payment by code, uuid and amount together ("110.0" matches "110"); otherwise NOT_FOUND with ref_id null', async () => {
    await postForm(sandbox.formUrl, signedForm());
    expect(JSON.parse((await statusText({ product_code: 'EPAYTEST', total_amount: '110.0', transaction_uuid: UUID })).text)).toMatchObject({ status: 'PENDING', ref_id: null });
    expect((await statusText({ product_code: 'EPAYTEST', total_amount: '100', transaction_uuid: UUID })).text).toBe(
      `{"product_code":"EPAYTEST","transaction_uuid":"${UUID}","total_amount":100.0,"status":"NOT_FOUND","ref_id":null}`,
    );
    expect(JSON.parse((await statusText({ product_code: 'EPAYTEST', total_amount: '110', transaction_uuid: 'other' })).text)).toMatchObject({ status: 'NOT_FOUND' });
  });

  it('answers 400 with an error body for a missing parameter or an unknown product code', async () => {
    expect(await statusText({ product_code: 'EPAYTEST', total_amount: '110' })).toEqual({ status: 400, text: '{"code":400,"error_message":"transaction_uuid is required"}' });
    expect(await statusText({ product_code: 'X', total_amount: '110', transaction_uuid: UUID })).toEqual({
      status: 400,
      text: '{"code":400,"error_message":"Invalid product code"}',
    });
  });

  it('answers the documented outage body for the next failNext calls, then recovers', async () => {
    sandbox.control.failNext(2, 503);
    const q = { product_code: 'EPAYTEST', total_amount: '110', transaction_uuid: UUID };
    expect(await statusText(q)).toEqual({ status: 503, text: '{"code":0,"error_message":"Service is currently unavailable"}' });
    expect((await statusText(q)).status).toBe(503);
    expect((await statusText(q)).status).toBe(200);
  });

  it('writes amounts as Java doubles', () => {
    expect([javaDouble(100000), javaDouble(9950), javaDouble(1234), javaDouble(5)]).toEqual(['1000.0', '99.5', '12.34', '0.05']);
  });
});

describe('eSewa sandbox: HTTP controls', () => {
  it('complete, set-status, expire, cancel, fail-next, return-url, payments, requests and reset', async () => {
    await postForm(sandbox.formUrl, signedForm());
    const completed = await control('complete', { transactionUuid: UUID, totalAmount: 5000 });
    expect(completed.status).toBe(200);
    expect(await completed.json()).toMatchObject({ status: 'COMPLETE', reportedPaisa: 5000 });
    const returnUrl = (await (await fetch(`${sandbox.url}/__sandbox/return-url/${UUID}`)).json()) as { url: string };
    expect(returnUrl.url).toMatch(/^http:\/\/shop\.test\/success\?data=/);

    expect(await (await control('set-status', { transactionUuid: UUID, status: 'FULL_REFUND' })).json()).toMatchObject({ status: 'FULL_REFUND' });
    expect((await control('expire', { transactionUuid: UUID })).status).toBe(409);
    expect((await control('cancel', { transactionUuid: UUID })).status).toBe(409);
    expect((await control('complete', { transactionUuid: 'nope' })).status).toBe(404);
    expect((await control('complete', { transactionUuid: UUID, totalAmount: -1 })).status).toBe(400);
    expect((await control('fail-next', { count: 1 })).status).toBe(200);
    expect((await statusText({ product_code: 'EPAYTEST', total_amount: '110', transaction_uuid: UUID })).text).toContain('Service is currently unavailable');

    expect(((await (await fetch(`${sandbox.url}/__sandbox/payments`)).json()) as unknown[]).length).toBe(1);
    expect((await fetch(`${sandbox.url}/__sandbox/payments/${UUID}`)).status).toBe(200);
    expect(((await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as unknown[]).length).toBeGreaterThan(0);
    expect((await control('reset', {})).status).toBe(200);
    expect(sandbox.control.payments()).toEqual([]);
    expect(sandbox.control.requests()).toEqual([]);
  });

  it('expires and cancels over HTTP', async () => {
    await postForm(sandbox.formUrl, signedForm());
    expect(await (await control('expire', { transactionUuid: UUID })).json()).toMatchObject({ status: 'NOT_FOUND' });
    await postForm(sandbox.formUrl, signedForm({ transaction_uuid: 'second' }));
    expect(await (await control('cancel', { transactionUuid: 'second' })).json()).toMatchObject({ status: 'CANCELED' });
  });
});

describe('eSewa sandbox: mounting', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = new Koa();
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const esewa = createEsewaSandbox({ publicBaseUrl: `${base}/esewa` });
    expect(esewa.mountPath).toBe('/esewa');
    app.use(esewa.middleware);
    app.use((ctx) => {
      ctx.body = 'next';
    });
    server.on('request', app.callback());
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it('answers under its mount path and passes everything else on', async () => {
    const posted = await postForm(`${base}/esewa/api/epay/main/v2/form`, signedForm());
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(new RegExp(`^${base}/esewa/checkout\\?session=`));
    expect(await (await fetch(`${base}/khalti/`)).text()).toBe('next');
    expect(await (await fetch(`${base}/esewaX`)).text()).toBe('next');
  });
});
