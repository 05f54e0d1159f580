import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KhaltiClient, type KhaltiInitiateRequest } from '../../../../adapters/gateways/khalti/client.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { khaltiFixture } from '../../../fixtures/khalti/load.js';
import { expectRejected, expectRetryable, itFailsPlainlyOnTheNetwork } from '../../../support/gateway-errors.js';
import { caught, jsonResponse, recordingFetch, jsonBody, type RecordedCall } from '../../../support/http-stubs.js';

const SECRET = 'test_secret_key_f59e8b7d18b4499ca40f68195a846e9b';
const BASE = 'https://dev.khalti.com/api/v2/';

type Call = RecordedCall<unknown>;

const fakeKhalti = (respond: (call: Call, init: RequestInit) => Response | Promise<Response>) => recordingFetch(jsonBody, respond);

const client = (fetch: typeof globalThis.fetch, extra: { baseUrl?: string; timeoutMs?: number } = {}) =>
  new KhaltiClient({ baseUrl: extra.baseUrl ?? BASE, secretKey: SECRET, fetch, ...(extra.timeoutMs !== undefined && { timeoutMs: extra.timeoutMs }) });

const initiateBody = khaltiFixture('initiate-request') as KhaltiInitiateRequest;

describe('KhaltiClient.initiate', () => {
  it('POSTs JSON to {base}epayment/initiate/ with Authorization: Key <secret> and parses the answer', async () => {
    const khalti = fakeKhalti(() => jsonResponse(200, khaltiFixture('initiate-response')));
    const response = await client(khalti.fetch).initiate(initiateBody);

    expect(response).toEqual(khaltiFixture('initiate-response'));
    expect(khalti.calls).toHaveLength(1);
    const [call] = khalti.calls;
    expect(call?.url).toBe('https://dev.khalti.com/api/v2/epayment/initiate/');
    expect(call?.method).toBe('POST');
    expect(call?.headers.get('authorization')).toBe(`Key ${SECRET}`);
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.body).toEqual(initiateBody);
  });

  it('keeps the trailing slashes when the base URL lacks one', async () => {
    const khalti = fakeKhalti(() => jsonResponse(200, khaltiFixture('initiate-response')));
    await client(khalti.fetch, { baseUrl: 'https://dev.khalti.com/api/v2' }).initiate(initiateBody);
    expect(khalti.calls[0]?.url).toBe('https://dev.khalti.com/api/v2/epayment/initiate/');
  });

  it('throws GatewayRejectedError naming every invalid field on a validation error', async () => {
    const khalti = fakeKhalti(() => jsonResponse(400, khaltiFixture('initiate-validation-error')));
    const error = await caught(client(khalti.fetch).initiate(initiateBody));
    expectRejected(error, { gateway: 'khalti', gatewayErrorKey: 'validation_error' }, 'amount: Amount should be greater than Rs. 10', 'return_url: Enter a valid URL.');
  });

  it('names nested field errors by their path', async () => {
    const khalti = fakeKhalti(() => jsonResponse(400, { customer_info: { email: ['Enter a valid email address.'] }, error_key: 'validation_error' }));
    const error = await caught(client(khalti.fetch).initiate(initiateBody));
    expect(error.message).toContain('customer_info.email: Enter a valid email address.');
  });

  it.each(['auth-invalid-token', 'auth-credentials-missing'])('throws GatewayRejectedError on 401 (%s) without the secret', async (fixture) => {
    const khalti = fakeKhalti(() => jsonResponse(401, khaltiFixture(fixture)));
    const error = await caught(client(khalti.fetch).initiate(initiateBody));
    expectRejected(error, { gatewayErrorKey: 'unauthorized' }, (khaltiFixture(fixture) as { detail: string }).detail);
    expect(error.message).not.toContain(SECRET);
  });

  it('throws a plain, retryable Error on 503 with an HTML body', async () => {
    const khalti = fakeKhalti(() => new Response('<html>503 Service Unavailable</html>', { status: 503, headers: { 'content-type': 'text/html' } }));
    const error = await caught(client(khalti.fetch).initiate(initiateBody));
    expectRetryable(error, '503');
  });

  it('throws a plain Error on throttling (429)', async () => {
    const khalti = fakeKhalti(() => jsonResponse(429, { detail: 'Request was throttled.' }));
    const error = await caught(client(khalti.fetch).initiate(initiateBody));
    expect(error).not.toBeInstanceOf(GatewayRejectedError);
  });

  itFailsPlainlyOnTheNetwork({
    secret: SECRET,
    unreachable: (fetch) => client(fetch).initiate(initiateBody),
    hanging: (fetch, timeoutMs) => client(fetch, { timeoutMs }).initiate(initiateBody),
  });

  it("throws a plain Error when a 200 answer does not look like Khalti's", async () => {
    const khalti = fakeKhalti(() => jsonResponse(200, { pidx: 'x' }));
    const error = await caught(client(khalti.fetch).initiate(initiateBody));
    expectRetryable(error, 'payment_url');
  });
});

describe('KhaltiClient.lookup', () => {
  it('POSTs {pidx} to {base}epayment/lookup/', async () => {
    const khalti = fakeKhalti(() => jsonResponse(200, khaltiFixture('lookup-completed')));
    const lookup = await client(khalti.fetch).lookup('Qm4sZk8TyR2wVb7Nc5Lp3X');
    expect(lookup).toEqual(khaltiFixture('lookup-completed'));
    expect(khalti.calls[0]).toMatchObject({ url: `${BASE}epayment/lookup/`, method: 'POST', body: { pidx: 'Qm4sZk8TyR2wVb7Nc5Lp3X' } });
    expect(khalti.calls[0]?.headers.get('authorization')).toBe(`Key ${SECRET}`);
  });

  it.each([
    ['lookup-expired', 'Expired'],
    ['lookup-user-canceled', 'User canceled'],
  ])('reads HTTP 400 with a lookup body (%s) as a status, not an error', async (fixture, status) => {
    const khalti = fakeKhalti(() => jsonResponse(400, khaltiFixture(fixture)));
    await expect(client(khalti.fetch).lookup('Qm4sZk8TyR2wVb7Nc5Lp3X')).resolves.toMatchObject({ status, transaction_id: null });
  });

  it('throws GatewayRejectedError for an unknown pidx', async () => {
    const khalti = fakeKhalti(() => jsonResponse(404, khaltiFixture('lookup-not-found')));
    const error = await caught(client(khalti.fetch).lookup('nope'));
    expectRejected(error, { gatewayErrorKey: 'validation_error' }, 'Not found.');
  });

  it('throws GatewayRejectedError for a 400 that is not a lookup body', async () => {
    const khalti = fakeKhalti(() => jsonResponse(400, { pidx: ['This field is required.'], error_key: 'validation_error' }));
    const error = await caught(client(khalti.fetch).lookup(''));
    expect(error).toBeInstanceOf(GatewayRejectedError);
    expect(error.message).toContain('pidx: This field is required.');
  });

  it('throws a plain Error on 502', async () => {
    const khalti = fakeKhalti(() => new Response('Bad gateway', { status: 502 }));
    const error = await caught(client(khalti.fetch).lookup('x'));
    expect(error).not.toBeInstanceOf(GatewayRejectedError);
  });
});

describe('KhaltiClient secrecy', () => {
  it('does not expose the secret when inspected or serialised', () => {
    const c = client(fakeKhalti(() => jsonResponse(200, {})).fetch);
    expect(inspect(c, { depth: 5, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(c)).not.toContain(SECRET);
  });

  it('refuses an empty secret', () => {
    expect(() => new KhaltiClient({ baseUrl: BASE, secretKey: ' ' })).toThrow(/secret/);
  });
});
