import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sharedPortForThisTest } from '../shared-port.js';
import { createIkhokhaSandbox, startIkhokhaSandbox, type RunningIkhokhaSandbox } from '../../../../adapters/gateways/ikhokha/sandbox.js';
import { startWebhookReceiver, type WebhookReceiver } from './support.js';

const APP_ID = 'IKSANDBOXAPP0000000000000000002';
const APP_SECRET = 'ikSandboxSecret_Lm3Xq7Tz1Vb5Wr8Nc';

/** IK-SIGN written out here once more, as the official Node example has it. */
const sign = (path: string, body = '', secret = APP_SECRET) =>
  createHmac('sha256', secret)
    .update(`${path}${body}`.replace(/[\\"']/g, '\\$&').replace(/\u0000/g, '\\0'))
    .digest('hex');

let sandbox: RunningIkhokhaSandbox;
let receiver: WebhookReceiver;
let apiPath: string;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startIkhokhaSandbox({ port: 0, mountPath: '/ikhokha', appId: APP_ID, appSecret: APP_SECRET });
  apiPath = new URL(sandbox.apiBaseUrl).pathname;
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(async () => {
  await sandbox.control.webhooksSettled();
  sandbox.control.reset();
  sandbox.control.setWebhookUrl(undefined);
  receiver.received.length = 0;
});

const paylinkBody = (overrides: Record<string, unknown> = {}) => ({
  entityID: APP_ID,
  amount: 2500,
  currency: 'ZAR',
  requesterUrl: 'http://shop.test',
  mode: 'live',
  externalTransactionID: 'ord_wire_1',
  urls: {
    callbackUrl: receiver.url,
    successPageUrl: 'http://shop.test/ok',
    failurePageUrl: 'http://shop.test/fail',
    cancelUrl: 'http://shop.test/cancel',
  },
  ...overrides,
});

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const path = `${apiPath}/payment`;
  const response = await fetch(`${sandbox.apiBaseUrl}/payment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'IK-APPID': APP_ID, 'IK-SIGN': sign(path, body), ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function status(paylinkId: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const path = `${apiPath}/getStatus/${paylinkId}`;
  const response = await fetch(`${sandbox.apiBaseUrl}/getStatus/${paylinkId}`, { headers: { 'IK-APPID': APP_ID, 'IK-SIGN': sign(path), ...headers } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function control(path: string, body: unknown = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as unknown };
}

describe('iKhokha sandbox: IK-APPID / IK-SIGN', () => {
  it('creates a paylink for a correctly signed body: responseCode 00, paylinkUrl, paylinkID, externalTransactionID', async () => {
    const created = await post(JSON.stringify(paylinkBody()));
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      responseCode: '00',
      message: 'Success',
      paylinkUrl: `${sandbox.url}/paylink/${String(created.json['paylinkID'])}`,
      paylinkID: expect.stringMatching(/^[0-9A-Za-z]{24}$/) as unknown as string,
      externalTransactionID: 'ord_wire_1',
    });
  });

  it('refuses a body signed before re-serialisation, a signature over the full URL, a wrong secret, and missing or unknown IK-APPID', async () => {
    const body = JSON.stringify(paylinkBody());
    const pretty = JSON.stringify(paylinkBody(), null, 2);
    const path = `${apiPath}/payment`;
    const refusals = [
      await post(pretty, { 'IK-SIGN': sign(path, body) }),
      await post(body, { 'IK-SIGN': sign(`${sandbox.apiBaseUrl}/payment`, body) }),
      await post(body, { 'IK-SIGN': sign(path, body, 'wrong') }),
      await post(body, { 'IK-SIGN': createHmac('sha256', APP_SECRET).update(`${path}${body}`).digest('hex') }),
      await post(body, { 'IK-APPID': '' }),
      await post(body, { 'IK-APPID': 'IKOTHER' }),
    ];
    for (const r of refusals) expect(r.status).toBe(401);
    expect(refusals[0]?.json).toEqual({ responseCode: '401', message: 'Invalid signature' });
    expect(sandbox.control.paylinks()).toHaveLength(0);
  });

  it('signs getStatus over the bare path: a signature including the query or a body is refused', async () => {
    const created = await post(JSON.stringify(paylinkBody()));
    const id = String(created.json['paylinkID']);
    expect((await status(id)).json).toMatchObject({ paylinkID: id, status: 'PENDING', amount: 2500 });
    expect((await status(id, { 'IK-SIGN': sign(`${apiPath}/getStatus/${id}`, '{}') })).status).toBe(401);
    const withQuery = await fetch(`${sandbox.apiBaseUrl}/getStatus/${id}?x=1`, { headers: { 'IK-APPID': APP_ID, 'IK-SIGN': sign(`${apiPath}/getStatus/${id}`) } });
    expect(withQuery.status).toBe(200);
    expect((await status('PLnope')).status).toBe(404);
  });
});

describe('iKhokha sandbox: paylink validation', () => {
  it.each([
    ['amount in rands', { amount: 25.5 }, 'amount'],
    ['no amount', { amount: undefined }, 'amount'],
    ['another currency', { currency: 'USD' }, 'currency'],
    ['unknown mode', { mode: 'sandbox' }, 'mode'],
    ['no externalTransactionID', { externalTransactionID: '' }, 'externalTransactionID'],
    ['no urls', { urls: undefined }, 'urls'],
    [
      'a relative success URL',
      { urls: { callbackUrl: 'http://x.test/cb', successPageUrl: '/ok', failurePageUrl: 'http://x.test/f', cancelUrl: 'http://x.test/c' } },
      'urls.successPageUrl',
    ],
  ])('refuses %s with 400 responseCode 01 naming the field', async (_name, overrides, field) => {
    const created = await post(JSON.stringify(paylinkBody(overrides)));
    expect(created.status).toBe(400);
    expect(created.json['responseCode']).toBe('01');
    expect(String(created.json['message']).startsWith(`${field}:`)).toBe(true);
  });

  it('refuses a body that is not JSON, and answers 404 for unknown API paths', async () => {
    expect((await post('{"amount":')).status).toBe(400);
    const unknown = await fetch(`${sandbox.apiBaseUrl}/refund`, { method: 'POST', headers: { 'IK-APPID': APP_ID, 'IK-SIGN': sign(`${apiPath}/refund`) } });
    expect(unknown.status).toBe(404);
  });
});

describe('iKhokha sandbox: HTTP controls', () => {
  it('pay with another amount, set-status, expire, requests, reset', async () => {
    const id = String((await post(JSON.stringify(paylinkBody()))).json['paylinkID']);
    expect(await control('pay', { paylinkID: id, amount: 99 })).toMatchObject({ status: 200, json: { status: 'PAID', paidAmount: 99 } });
    expect((await status(id)).json).toMatchObject({ status: 'PAID', amount: 99 });
    expect(await control('pay', { paylinkID: id })).toMatchObject({ status: 409 });
    expect(await control('set-status', { paylinkID: id, status: 'REFUNDED' })).toMatchObject({ status: 200, json: { status: 'REFUNDED' } });

    const other = String((await post(JSON.stringify(paylinkBody({ externalTransactionID: 'ord_wire_2' })))).json['paylinkID']);
    expect(await control('expire', { paylinkID: other })).toMatchObject({ status: 200, json: { status: 'EXPIRED' } });
    expect(await control('cancel', { paylinkID: 'PLunknown' })).toMatchObject({ status: 404 });
    expect(await control('pay', { amount: 5 })).toMatchObject({ status: 400 });

    const requests = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as { path: string; status: number }[];
    expect(requests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(((await (await fetch(`${sandbox.url}/__sandbox/paylinks/${id}`)).json()) as { status: string }).status).toBe('REFUNDED');
    expect(await control('reset')).toMatchObject({ status: 200 });
    expect(await (await fetch(`${sandbox.url}/__sandbox/paylinks`)).json()).toEqual([]);
  });

  it('fail-next answers the next API calls with an HTML outage page, then recovers', async () => {
    expect(await control('fail-next', { count: 2, httpStatus: 504 })).toMatchObject({ status: 200 });
    const body = JSON.stringify(paylinkBody());
    for (let i = 0; i < 2; i += 1) {
      const r = await fetch(`${sandbox.apiBaseUrl}/payment`, { method: 'POST', headers: { 'IK-APPID': APP_ID, 'IK-SIGN': sign(`${apiPath}/payment`, body) }, body });
      expect(r.status).toBe(504);
      expect(r.headers.get('content-type')).toContain('text/html');
    }
    expect((await post(body)).status).toBe(200);
  });

  it('webhooks: send, drop, replay over HTTP; signed over the receiving path with ik-appid / ik-sign', async () => {
    const id = String((await post(JSON.stringify(paylinkBody()))).json['paylinkID']);
    expect(await control('drop-next-webhooks', { count: 1 })).toMatchObject({ status: 200 });
    const dropped = (await control('send-webhook', { paylinkID: id })).json as { deliveryId: string; outcome: string; status: string };
    expect(dropped).toMatchObject({ outcome: 'dropped', status: 'FAILURE' });
    const replayed = (await control('replay-webhook', { deliveryId: dropped.deliveryId })).json as { outcome: number; body: string; signature: string };
    expect(replayed.outcome).toBe(200);
    const [hook] = receiver.received;
    expect(hook?.headers['ik-appid']).toBe(APP_ID);
    expect(hook?.headers['ik-sign']).toBe(sign('/webhooks/ikhokha', hook?.body.toString() ?? ''));
    expect(JSON.parse(hook?.body.toString() ?? '{}')).toEqual({
      paylinkID: id,
      status: 'FAILURE',
      externalTransactionID: 'ord_wire_1',
      responseCode: '05',
      text: 'Payment declined',
    });

    expect(await control('webhook-scheme', { scheme: 'text_stripped' })).toMatchObject({ status: 200 });
    await control('pay', { paylinkID: id });
    await sandbox.control.webhooksSettled();
    const paid = receiver.received[1];
    const { text: _text, ...stripped } = JSON.parse(paid?.body.toString() ?? '{}') as Record<string, unknown>;
    expect(paid?.headers['ik-sign']).toBe(sign('/webhooks/ikhokha', JSON.stringify(stripped)));
    await control('webhook-scheme', { scheme: 'raw' });

    expect(await control('webhook-url', { url: `${receiver.origin}/other` })).toMatchObject({ status: 200 });
    await control('send-webhook', { paylinkID: id, status: 'SUCCESS' });
    expect(receiver.received[2]?.path).toBe('/other');
    const log = (await (await fetch(`${sandbox.url}/__sandbox/webhooks`)).json()) as { outcome: unknown }[];
    expect(log.map((d) => d.outcome)).toEqual(['dropped', 200, 200, 200]);
    expect(await control('replay-webhook', { deliveryId: 'whd_nope' })).toMatchObject({ status: 404 });
  });

  it('unknown controls and methods are refused', async () => {
    expect((await control('nope')).status).toBe(404);
    expect((await fetch(`${sandbox.url}/__sandbox/paylinks`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('iKhokha sandbox: mounting', () => {
  it('shares one Koa app and port with others under /ikhokha, passing on other paths', async () => {
    const { base, serve } = await sharedPortForThisTest();
    const mounted = createIkhokhaSandbox({ appId: APP_ID, appSecret: APP_SECRET, publicBaseUrl: `${base}/ikhokha` });
    expect(mounted.mountPath).toBe('/ikhokha');
    serve('next', mounted.middleware);
    const body = JSON.stringify(paylinkBody());
    const created = await fetch(`${base}/ikhokha/public-api/v1/api/payment`, {
      method: 'POST',
      headers: { 'IK-APPID': APP_ID, 'IK-SIGN': sign('/ikhokha/public-api/v1/api/payment', body) },
      body,
    });
    const json = (await created.json()) as { paylinkUrl: string };
    expect(json.paylinkUrl.startsWith(`${base}/ikhokha/paylink/`)).toBe(true);
    expect((await fetch(json.paylinkUrl)).status).toBe(200);
    expect(await (await fetch(`${base}/khalti/`)).text()).toBe('next');
  });
});
