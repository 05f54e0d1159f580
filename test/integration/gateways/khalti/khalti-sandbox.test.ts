import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { itResets } from '../sandbox-lifecycle.js';
import { sharedPortForThisTest } from '../shared-port.js';
import { createKhaltiSandbox, nepalTime, startKhaltiSandbox, type RunningKhaltiSandbox } from '../../../../adapters/gateways/khalti/sandbox.js';
import { pressButton, readForm, submit } from '../../../support/hosted-pages.js';

const SECRET = 'sandbox_secret_9a8b7c6d';
const T0 = new Date('2025-03-14T12:00:00.000Z');

let sandbox: RunningKhaltiSandbox;
let clock = T0;

beforeAll(async () => {
  sandbox = await startKhaltiSandbox({ port: 0, secretKey: SECRET, now: () => clock });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  clock = T0;
  sandbox.control.reset();
});

const validBody = (overrides: Record<string, unknown> = {}) => ({
  return_url: 'http://shop.test/return',
  website_url: 'http://shop.test',
  amount: 129900,
  purchase_order_id: 'ord_1',
  purchase_order_name: 'Pashmina shawl',
  ...overrides,
});

/** `authorization: null` sends no Authorization header. */
async function call(endpoint: 'initiate' | 'lookup', body: unknown, authorization: string | null = `Key ${SECRET}`) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers['authorization'] = authorization;
  const response = await fetch(`${sandbox.apiBaseUrl}epayment/${endpoint}/`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') === true;
  return { status: response.status, body: (isJson ? JSON.parse(text) : { text }) as Record<string, unknown> };
}

async function initiated(overrides: Record<string, unknown> = {}): Promise<{ pidx: string; paymentUrl: string }> {
  const { status, body } = await call('initiate', validBody(overrides));
  expect(status).toBe(200);
  return { pidx: String(body['pidx']), paymentUrl: String(body['payment_url']) };
}

const control = async (name: string, body: unknown) =>
  fetch(`${sandbox.url}/__sandbox/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Khalti sandbox: initiate', () => {
  it('answers pidx, payment_url, expires_at in Nepal time with microseconds, and expires_in', async () => {
    const { status, body } = await call('initiate', validBody());
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['expires_at', 'expires_in', 'payment_url', 'pidx']);
    expect(body['pidx']).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(body['payment_url']).toBe(`${sandbox.url}/?pidx=${String(body['pidx'])}`);
    expect(body['expires_at']).toBe('2025-03-14T18:15:00.000000+05:45');
    expect(body['expires_in']).toBe(1800);
  });

  it('formats instants the way Khalti does', () => {
    expect(nepalTime(new Date('2023-05-25T10:41:16.471Z'))).toBe('2023-05-25T16:26:16.471000+05:45');
  });

  it('accepts the "key" scheme in any case', async () => {
    expect((await call('initiate', validBody(), `key ${SECRET}`)).status).toBe(200);
    expect((await call('initiate', validBody(), `KEY ${SECRET}`)).status).toBe(200);
  });

  it.each([
    ['no header', null, 'Authentication credentials were not provided.'],
    ['another scheme', `Bearer ${SECRET}`, 'Authentication credentials were not provided.'],
    ['no Key prefix', SECRET, 'Authentication credentials were not provided.'],
    ['a wrong key', 'Key wrong_key', 'Invalid token.'],
  ])('answers 401 for %s', async (_name, authorization, detail) => {
    const { status, body } = await call('initiate', validBody(), authorization);
    expect(status).toBe(401);
    expect(body).toEqual({ detail, status_code: 401 });
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('lists every missing field, DRF style', async () => {
    const { status, body } = await call('initiate', {});
    expect(status).toBe(400);
    expect(body).toEqual({
      return_url: ['This field is required.'],
      website_url: ['This field is required.'],
      amount: ['This field is required.'],
      purchase_order_id: ['This field is required.'],
      purchase_order_name: ['This field is required.'],
      error_key: 'validation_error',
    });
  });

  it.each([
    ['return_url', 'not a url', 'Enter a valid URL.'],
    ['website_url', 'ftp://shop.test', 'Enter a valid URL.'],
    ['amount', 'ten', 'A valid integer is required.'],
    ['amount', 1000.5, 'A valid integer is required.'],
    ['amount', 999, 'Amount should be greater than Rs. 10, that is 1000 paisa.'],
    ['purchase_order_name', '  ', 'This field may not be blank.'],
  ])('rejects %s = %j', async (field, value, message) => {
    const { status, body } = await call('initiate', validBody({ [field]: value }));
    expect(status).toBe(400);
    expect(body).toEqual({ [field]: [message], error_key: 'validation_error' });
  });

  it('accepts the minimum, 1000 paisa, also as a numeric string', async () => {
    expect((await call('initiate', validBody({ amount: 1000 }))).status).toBe(200);
    expect((await call('initiate', validBody({ amount: '1000' }))).status).toBe(200);
  });

  it('checks that amount_breakdown sums to amount', async () => {
    const mismatch = await call(
      'initiate',
      validBody({
        amount_breakdown: [
          { label: 'Mark price', amount: 100000 },
          { label: 'VAT', amount: 13000 },
        ],
      }),
    );
    expect(mismatch).toEqual({ status: 400, body: { amount_breakdown: ['Amount Breakdown mismatch.'], error_key: 'validation_error' } });
    const matching = await call(
      'initiate',
      validBody({
        amount: 113000,
        amount_breakdown: [
          { label: 'Mark price', amount: 100000 },
          { label: 'VAT', amount: 13000 },
        ],
      }),
    );
    expect(matching.status).toBe(200);
  });

  it('answers 404 without the trailing slash and 405 for GET', async () => {
    const noSlash = await fetch(`${sandbox.apiBaseUrl}epayment/initiate`, {
      method: 'POST',
      headers: { authorization: `Key ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify(validBody()),
    });
    expect(noSlash.status).toBe(404);
    const get = await fetch(`${sandbox.apiBaseUrl}epayment/initiate/`, { headers: { authorization: `Key ${SECRET}` } });
    expect(get.status).toBe(405);
    expect(sandbox.control.payments()).toEqual([]);
  });
});

describe('Khalti sandbox: lookup', () => {
  it('answers an unpaid payment as Initiated with transaction_id null', async () => {
    const { pidx } = await initiated();
    expect(await call('lookup', { pidx })).toEqual({
      status: 200,
      body: { pidx, total_amount: 129900, status: 'Initiated', transaction_id: null, fee: 0, refunded: false },
    });
  });

  it('answers Expired with HTTP 400 once the sandbox clock passes expires_at', async () => {
    const { pidx } = await initiated();
    clock = new Date(T0.getTime() + 1799_000);
    expect((await call('lookup', { pidx })).body['status']).toBe('Initiated');
    clock = new Date(T0.getTime() + 1800_000);
    expect(await call('lookup', { pidx })).toMatchObject({ status: 400, body: { status: 'Expired', transaction_id: null } });
  });

  it('honours expiresInSeconds', async () => {
    const short = await startKhaltiSandbox({ port: 0, secretKey: SECRET, expiresInSeconds: 60, now: () => clock });
    try {
      const response = await fetch(`${short.apiBaseUrl}epayment/initiate/`, {
        method: 'POST',
        headers: { authorization: `Key ${SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify(validBody()),
      });
      expect(await response.json()).toMatchObject({ expires_in: 60, expires_at: '2025-03-14T17:46:00.000000+05:45' });
    } finally {
      await short.close();
    }
  });

  it('answers a missing pidx and an unknown pidx like Khalti', async () => {
    expect(await call('lookup', {})).toEqual({ status: 400, body: { pidx: ['This field is required.'], error_key: 'validation_error' } });
    expect(await call('lookup', { pidx: 'NoSuchPidx' })).toEqual({ status: 404, body: { detail: 'Not found.', error_key: 'validation_error' } });
  });

  it('logs API calls with their headers, body and answer, but not hosted-page or control calls', async () => {
    const { pidx, paymentUrl } = await initiated();
    await fetch(paymentUrl);
    await control('expire', { pidx });
    await call('lookup', { pidx });
    const log = sandbox.control.requests();
    expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/api/v2/epayment/initiate/', 200],
      ['POST', '/api/v2/epayment/lookup/', 400],
    ]);
    expect(log[1]?.headers['authorization']).toBe(`Key ${SECRET}`);
    expect(log[1]?.body).toEqual({ pidx });
  });
});

describe('Khalti sandbox: hosted page', () => {
  it('shows the order name (escaped), the amount in rupees and the prefilled test credentials', async () => {
    const { paymentUrl } = await initiated({ purchase_order_name: '<b>Topi</b> & shawl', amount: 1234567 });
    const page = await fetch(paymentUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('&#60;b&#62;Topi&#60;/b&#62; &#38; shawl');
    expect(html).not.toContain('<b>Topi</b>');
    expect(html).toContain('Rs. 12,345.67');
    const pay = readForm(html, 'pay-form');
    expect(pay.method).toBe('POST');
    expect(pay.action).toBe(`${sandbox.url}/pay`);
    expect(pay.fields.get('mobile')).toBe('9800000000');
    expect(pay.fields.get('mpin')).toBe('1111');
    expect(readForm(html, 'cancel-form').action).toBe(`${sandbox.url}/cancel`);
  });

  it('answers 404 for an unknown pidx', async () => {
    expect((await fetch(`${sandbox.url}/?pidx=NoSuchPidx`)).status).toBe(404);
  });

  it('refuses a wrong MPIN or a Khalti ID outside the test range, without redirecting', async () => {
    const { pidx, paymentUrl } = await initiated();
    for (const overrides of [{ mpin: '0000' }, { mobile: '9812345678' }] as Record<string, string>[]) {
      const response = await pressButton(paymentUrl, 'pay-form', overrides);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    expect(sandbox.control.get(pidx)?.status).toBe('Initiated');
  });

  it('pays with any documented test Khalti ID and masks it on the return URL', async () => {
    const { pidx, paymentUrl } = await initiated();
    const response = await pressButton(paymentUrl, 'pay-form', { mobile: '9800000005' });
    const query = new URL(response.headers.get('location') ?? '').searchParams;
    expect(query.get('mobile')).toBe('98XXXXX005');
    const payment = sandbox.control.get(pidx);
    expect(payment).toMatchObject({ status: 'Completed', mobile: '9800000005' });
    expect(query.get('transaction_id')).toBe(payment?.transactionId);
    expect(query.get('tidx')).toBe(payment?.transactionId);
    expect(query.get('txnId')).toBe(payment?.txnId);
    expect(payment?.txnId).not.toBe(payment?.transactionId);
  });

  it('encodes the space in "User canceled" as %20 and keeps the return URL\'s own query', async () => {
    const { paymentUrl } = await initiated({ return_url: 'http://shop.test/return?session=abc' });
    const response = await pressButton(paymentUrl, 'cancel-form');
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith('http://shop.test/return?session=abc&pidx=')).toBe(true);
    expect(location).toContain('status=User%20canceled');
  });

  it('echoes merchant_* fields on the return URL', async () => {
    const { paymentUrl } = await initiated({ merchant_username: 'shop-42' });
    const response = await pressButton(paymentUrl, 'pay-form');
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('merchant_username')).toBe('shop-42');
  });

  it('shows an error page, no redirect, when paying twice or cancelling a paid payment', async () => {
    const { pidx, paymentUrl } = await initiated();
    const page = await (await fetch(paymentUrl)).text();
    expect((await submit(readForm(page, 'pay-form'))).status).toBe(302);
    const transactionId = sandbox.control.get(pidx)?.transactionId;

    for (const formId of ['pay-form', 'cancel-form']) {
      const again = await submit(readForm(page, formId));
      expect(again.status).toBe(409);
      expect(again.headers.get('location')).toBeNull();
      expect(await again.text()).toContain('already Completed');
    }
    expect(sandbox.control.get(pidx)).toMatchObject({ status: 'Completed', transactionId });
  });

  it('shows an error page, no redirect, when paying an expired payment', async () => {
    const { pidx, paymentUrl } = await initiated();
    const page = await (await fetch(paymentUrl)).text();
    clock = new Date(T0.getTime() + 1801_000);
    const late = await submit(readForm(page, 'pay-form'));
    expect(late.status).toBe(410);
    expect(late.headers.get('location')).toBeNull();
    expect(sandbox.control.get(pidx)?.status).toBe('Expired');
    expect((await fetch(paymentUrl)).status).toBe(410);
  });
});

describe('Khalti sandbox: controls over HTTP', () => {
  it('completes with another amount, sets statuses, expires and lists payments', async () => {
    const { pidx } = await initiated();
    const completed = await control('complete', { pidx, totalAmount: 1000 });
    expect(completed.status).toBe(200);
    expect(await call('lookup', { pidx })).toMatchObject({ status: 200, body: { status: 'Completed', total_amount: 1000 } });

    await control('set-status', { pidx, status: 'Refunded' });
    expect((await call('lookup', { pidx })).body).toMatchObject({ status: 'Refunded', refunded: true });

    const other = await initiated();
    expect((await control('expire', { pidx: other.pidx })).status).toBe(200);
    expect((await call('lookup', { pidx: other.pidx })).status).toBe(400);

    const list = (await (await fetch(`${sandbox.url}/__sandbox/payments`)).json()) as { pidx: string; status: string }[];
    expect(list.map((p) => [p.pidx, p.status])).toEqual([
      [pidx, 'Refunded'],
      [other.pidx, 'Expired'],
    ]);
    const one = (await (await fetch(`${sandbox.url}/__sandbox/payments/${other.pidx}`)).json()) as { status: string };
    expect(one.status).toBe('Expired');
  });

  it('fails the next n API calls with the given status, then recovers', async () => {
    expect((await control('fail-next', { count: 2, httpStatus: 502 })).status).toBe(200);
    const first = await fetch(`${sandbox.apiBaseUrl}epayment/lookup/`, { method: 'POST', body: '{}' });
    expect(first.status).toBe(502);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect((await call('initiate', validBody())).status).toBe(502);
    expect((await call('initiate', validBody())).status).toBe(200);
  });

  it('answers 404 for an unknown pidx, 409 for an impossible change and 400 for a bad body', async () => {
    expect((await control('complete', { pidx: 'NoSuchPidx' })).status).toBe(404);
    const { pidx } = await initiated();
    await control('expire', { pidx });
    expect((await control('complete', { pidx })).status).toBe(409);
    expect((await control('fail-next', { count: -1 })).status).toBe(400);
    expect((await control('set-status', { pidx })).status).toBe(400);
  });

  itResets('payments', {
    control: () => sandbox.control,
    reset: () => control('reset', {}),
    record: () => initiated(),
    records: () => sandbox.control.payments(),
    succeeds: () => call('initiate', validBody()),
  });
});

describe('Khalti sandbox: mounting', () => {
  it('shares one Koa app and port with other sandboxes under path prefixes', async () => {
    const { base, serve } = await sharedPortForThisTest();
    const a = createKhaltiSandbox({ secretKey: 'key_a', publicBaseUrl: `${base}/khalti` });
    const b = createKhaltiSandbox({ secretKey: 'key_b', publicBaseUrl: `${base}/other-gateway` });
    serve('fell through', a.middleware, b.middleware);

    const initiate = (prefix: string, key: string) =>
      fetch(`${base}${prefix}/api/v2/epayment/initiate/`, {
        method: 'POST',
        headers: { authorization: `Key ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(validBody()),
      });
    const answer = (await (await initiate('/khalti', 'key_a')).json()) as { payment_url: string };
    expect(answer.payment_url).toMatch(new RegExp(`^${base}/khalti/\\?pidx=`));
    expect((await initiate('/other-gateway', 'key_a')).status).toBe(401);
    expect((await initiate('/other-gateway', 'key_b')).status).toBe(200);
    expect(a.control.payments()).toHaveLength(1);
    expect(b.control.payments()).toHaveLength(1);

    const paid = await pressButton(answer.payment_url, 'pay-form');
    expect(paid.status).toBe(302);
    expect(a.control.payments()[0]?.status).toBe('Completed');
    expect(await (await fetch(`${base}/elsewhere`)).text()).toBe('fell through');
  });

  it('startKhaltiSandbox takes the mount path from publicBaseUrl (e.g. behind a proxy)', async () => {
    const mounted = await startKhaltiSandbox({ port: 0, secretKey: SECRET, publicBaseUrl: 'https://sandbox.example/khalti' });
    try {
      expect(mounted.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/khalti$/);
      expect(mounted.apiBaseUrl).toBe(`${mounted.url}/api/v2/`);
      const response = await fetch(`${mounted.apiBaseUrl}epayment/initiate/`, {
        method: 'POST',
        headers: { authorization: `Key ${SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify(validBody()),
      });
      expect(((await response.json()) as { payment_url: string }).payment_url).toMatch(/^https:\/\/sandbox\.example\/khalti\/\?pidx=/);
      expect((await fetch(`${mounted.url.replace(/\/khalti$/, '')}/api/v2/epayment/initiate/`, { method: 'POST' })).status).toBe(404);
    } finally {
      await mounted.close();
    }
  });
});
