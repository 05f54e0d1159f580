import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeForSigning, IKHOKHA_API_BASE_URL, IkhokhaClient, ikhokhaSignature, type IkhokhaCreatePaylinkRequest } from '../../../../adapters/gateways/ikhokha/client.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import {
  IKHOKHA_FIXTURE_APP_ID,
  IKHOKHA_FIXTURE_APP_SECRET,
  IKHOKHA_FIXTURE_PAYLINK_ID,
  IKHOKHA_VECTORS,
  ikhokhaFixture,
  ikhokhaRawFixture,
} from '../../../fixtures/ikhokha/load.js';
import { expectRejected } from '../../../support/gateway-errors.js';
import { caught, jsonResponse, recordingFetch, rawBody, type RecordedCall } from '../../../support/http-stubs.js';

type Call = RecordedCall<string | undefined>;

const fakeIkhokha = (respond: (call: Call, init: RequestInit) => Response | Promise<Response>) => recordingFetch(rawBody, respond);

const client = (fetch: typeof globalThis.fetch, extra: { baseUrl?: string; timeoutMs?: number; appSecret?: string } = {}) =>
  new IkhokhaClient({
    ...(extra.baseUrl !== undefined && { baseUrl: extra.baseUrl }),
    appId: IKHOKHA_FIXTURE_APP_ID,
    appSecret: extra.appSecret ?? IKHOKHA_FIXTURE_APP_SECRET,
    fetch,
    ...(extra.timeoutMs !== undefined && { timeoutMs: extra.timeoutMs }),
  });

const createBody = ikhokhaFixture('create-request') as IkhokhaCreatePaylinkRequest;

describe('IK-SIGN', () => {
  it('matches the openssl vectors for a paylink body and a status path', () => {
    expect(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, '/public-api/v1/api/payment', ikhokhaRawFixture('create-request'))).toBe(IKHOKHA_VECTORS.createPaylink);
    expect(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, `/public-api/v1/api/getStatus/${IKHOKHA_FIXTURE_PAYLINK_ID}`)).toBe(IKHOKHA_VECTORS.getStatus);
  });

  it('trims the secret, as the examples do', () => {
    expect(ikhokhaSignature(`  ${IKHOKHA_FIXTURE_APP_SECRET}\n`, `/public-api/v1/api/getStatus/${IKHOKHA_FIXTURE_PAYLINK_ID}`)).toBe(IKHOKHA_VECTORS.getStatus);
  });

  it("escapes ' as the Node/Go examples do, or leaves it as the C# example does", () => {
    const body = `{"description":"Nando's"}`;
    expect(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, '/public-api/v1/api/payment', body)).toBe(IKHOKHA_VECTORS.apostropheEscaped);
    expect(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, '/public-api/v1/api/payment', body, 'no_apostrophe')).toBe(IKHOKHA_VECTORS.apostropheUnescaped);
  });

  it('escapes backslash, double quote, apostrophe and NUL, and nothing else', () => {
    const escaped = escapeForSigning(Buffer.from('a\\b"c\'d\u0000e/é', 'utf8')).toString('utf8');
    expect(escaped).toBe('a\\\\b\\"c\\\'d\\0e/é');
    expect(escapeForSigning(Buffer.from(`'`), 'no_apostrophe').toString()).toBe(`'`);
  });

  it('is not the unescaped, SHA-512, full-URL or re-serialised variant seen in public code', () => {
    const path = '/public-api/v1/api/payment';
    const body = ikhokhaRawFixture('create-request');
    const genuine = ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, path, body);
    expect(genuine).toBe(IKHOKHA_VECTORS.createPaylink);
    expect(createHmac('sha256', IKHOKHA_FIXTURE_APP_SECRET).update(`${path}${body.toString()}`).digest('hex')).not.toBe(genuine);
    expect(
      createHmac('sha512', IKHOKHA_FIXTURE_APP_SECRET)
        .update(escapeForSigning(Buffer.concat([Buffer.from(path), body])))
        .digest('hex')
        .slice(0, 64),
    ).not.toBe(genuine);
    expect(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, `${IKHOKHA_API_BASE_URL}/payment`, body)).not.toBe(genuine);
    expect(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, path, JSON.stringify(JSON.parse(body.toString()), null, 2))).not.toBe(genuine);
    expect(genuine).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('IkhokhaClient.createPaylink', () => {
  it('POSTs the body once serialised, signed over the path plus those very bytes, with IK-APPID', async () => {
    const ik = fakeIkhokha(() => jsonResponse(200, ikhokhaFixture('create-response')));
    const response = await client(ik.fetch).createPaylink(createBody);

    expect(response).toEqual(ikhokhaFixture('create-response'));
    const [call] = ik.calls;
    expect(ik.calls).toHaveLength(1);
    expect(call?.url).toBe('https://api.ikhokha.com/public-api/v1/api/payment');
    expect(call?.method).toBe('POST');
    expect(call?.body).toBe(ikhokhaRawFixture('create-request').toString('utf8'));
    expect(call?.headers.get('ik-appid')).toBe(IKHOKHA_FIXTURE_APP_ID);
    expect(call?.headers.get('ik-sign')).toBe(IKHOKHA_VECTORS.createPaylink);
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('accept')).toBe('application/json');
  });

  it('signs the path under a base with a prefix (the sandbox mounted under /ikhokha), with or without a trailing slash', async () => {
    for (const baseUrl of ['http://127.0.0.1:4100/ikhokha/public-api/v1/api', 'http://127.0.0.1:4100/ikhokha/public-api/v1/api/']) {
      const ik = fakeIkhokha(() => jsonResponse(200, ikhokhaFixture('create-response')));
      await client(ik.fetch, { baseUrl }).createPaylink(createBody);
      const call = ik.calls[0];
      expect(call?.url).toBe('http://127.0.0.1:4100/ikhokha/public-api/v1/api/payment');
      expect(call?.headers.get('ik-sign')).toBe(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, '/ikhokha/public-api/v1/api/payment', call?.body ?? ''));
    }
  });

  it('throws GatewayRejectedError on a 400 with the responseCode as key', async () => {
    const ik = fakeIkhokha(() => jsonResponse(400, ikhokhaFixture('create-error-validation')));
    const e = await caught(client(ik.fetch).createPaylink(createBody));
    expectRejected(e, { gateway: 'ikhokha', gatewayErrorKey: 'response_code_01' }, 'amount: must be an integer number of cents');
  });

  it('throws GatewayRejectedError on HTTP 200 whose responseCode is not "00"', async () => {
    const ik = fakeIkhokha(() => jsonResponse(200, ikhokhaFixture('create-error-code-on-200')));
    const e = await caught(client(ik.fetch).createPaylink(createBody));
    expectRejected(e, { gatewayErrorKey: 'response_code_10' });
  });

  it('throws GatewayRejectedError("unauthorized") on 401 and 403', async () => {
    for (const status of [401, 403]) {
      const ik = fakeIkhokha(() => jsonResponse(status, ikhokhaFixture('error-unauthorized')));
      const e = await caught(client(ik.fetch).createPaylink(createBody));
      expectRejected(e, { gatewayErrorKey: 'unauthorized' });
    }
  });

  it('throws a retryable plain Error on 5xx, 429, network failure, timeout and an unexpected 200 shape', async () => {
    const answers: (() => Response | Promise<Response>)[] = [
      () => new Response('<html>502 Bad Gateway</html>', { status: 502 }),
      () => jsonResponse(429, { message: 'slow down' }),
      () => Promise.reject(new TypeError('fetch failed')),
      () => jsonResponse(200, { responseCode: '00', paylinkID: 'x' }),
      () => new Response('not json', { status: 200 }),
    ];
    for (const answer of answers) {
      const e = await caught(client(fakeIkhokha(answer).fetch).createPaylink(createBody));
      expect(e).not.toBeInstanceOf(GatewayRejectedError);
    }
    const slow = fakeIkhokha(() => new Promise<Response>(() => undefined));
    const fetchWithSignal = (async (input: string | URL | Request, init: RequestInit = {}) =>
      new Promise<Response>((_resolve, reject) => {
        void slow.fetch(input, init);
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof globalThis.fetch;
    const timedOut = await caught(client(fetchWithSignal, { timeoutMs: 20 }).createPaylink(createBody));
    expect(timedOut).not.toBeInstanceOf(GatewayRejectedError);
    expect(timedOut.message).toMatch(/timed out after 20 ms/);
  });

  it('refuses an empty application id or secret', () => {
    expect(() => new IkhokhaClient({ appId: ' ', appSecret: 's' })).toThrow(/application id/);
    expect(() => new IkhokhaClient({ appId: 'a', appSecret: '' })).toThrow(/secret/);
  });
});

describe('IkhokhaClient.getStatus', () => {
  it('GETs getStatus/{paylinkID} without a body, signed over the bare path', async () => {
    const ik = fakeIkhokha(() => jsonResponse(200, ikhokhaFixture('status-paid')));
    const status = await client(ik.fetch).getStatus(IKHOKHA_FIXTURE_PAYLINK_ID);
    expect(status).toMatchObject({ paylinkID: IKHOKHA_FIXTURE_PAYLINK_ID, status: 'PAID', amount: 149950 });
    const call = ik.calls[0];
    expect(call?.url).toBe(`https://api.ikhokha.com/public-api/v1/api/getStatus/${IKHOKHA_FIXTURE_PAYLINK_ID}`);
    expect(call?.method).toBe('GET');
    expect(call?.body).toBeUndefined();
    expect(call?.headers.get('ik-sign')).toBe(IKHOKHA_VECTORS.getStatus);
    expect(call?.headers.has('content-type')).toBe(false);
  });

  it('reads an amount sent as a string of cents', async () => {
    const ik = fakeIkhokha(() => jsonResponse(200, ikhokhaFixture('status-paid-amount-string')));
    expect((await client(ik.fetch).getStatus(IKHOKHA_FIXTURE_PAYLINK_ID)).amount).toBe(149950);
  });

  it('percent-encodes an odd paylink id and signs the encoded path', async () => {
    const ik = fakeIkhokha(() => jsonResponse(200, ikhokhaFixture('status-pending')));
    await client(ik.fetch).getStatus('PL 1/2');
    const call = ik.calls[0];
    expect(call?.url).toBe('https://api.ikhokha.com/public-api/v1/api/getStatus/PL%201%2F2');
    expect(call?.headers.get('ik-sign')).toBe(ikhokhaSignature(IKHOKHA_FIXTURE_APP_SECRET, '/public-api/v1/api/getStatus/PL%201%2F2'));
  });

  it('throws GatewayRejectedError("not_found") for an unknown paylink and refuses an empty id without calling', async () => {
    const ik = fakeIkhokha(() => jsonResponse(404, ikhokhaFixture('status-not-found')));
    expect(await caught(client(ik.fetch).getStatus('PLunknown'))).toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: 'not_found' });
    const none = fakeIkhokha(() => jsonResponse(200, {}));
    expect(await caught(client(none.fetch).getStatus(''))).toBeInstanceOf(GatewayRejectedError);
    expect(none.calls).toHaveLength(0);
  });

  it('treats a 200 error body with a non-"00" code as a rejection, and an unreadable 200 as retryable', async () => {
    const refused = fakeIkhokha(() => jsonResponse(200, { responseCode: '04', message: 'not found' }));
    expect(await caught(client(refused.fetch).getStatus('PLx'))).toBeInstanceOf(GatewayRejectedError);
    const odd = fakeIkhokha(() => jsonResponse(200, { paylinkID: 'PLx' }));
    const e = await caught(client(odd.fetch).getStatus('PLx'));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
    expect(e.message).toMatch(/unexpected response shape/);
  });

  it('throws a retryable Error on 503 with an HTML body', async () => {
    const ik = fakeIkhokha(() => new Response('<h1>503</h1>', { status: 503 }));
    const e = await caught(client(ik.fetch).getStatus(IKHOKHA_FIXTURE_PAYLINK_ID));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
    expect(e.message).toMatch(/HTTP 503/);
  });
});
