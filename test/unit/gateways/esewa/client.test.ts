import { describe, expect, it } from 'vitest';
import { EsewaClient, esewaSignature, signaturesEqual } from '../../../../adapters/gateways/esewa/client.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { esewaFixture, esewaFixtureText } from '../../../fixtures/esewa/load.js';
import { caught } from '../../../support/http-stubs.js';

const SECRET = '8gBm/:&EnhH.1/q';
const STATUS_URL = 'https://rc.esewa.com.np/api/epay/transaction/status/';
const FORM_URL = 'https://rc-epay.esewa.com.np/api/epay/main/v2/form';
const UUID = 'ord-5F4fK9xQ2mT7vB1nR8sW3yZc';

/** A stand-in `fetch` answering one recorded response and remembering the request. */
function stubFetch(answer: { status?: number; body: string } | Error) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchStub: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    if (answer instanceof Error) throw answer;
    return new Response(answer.body, { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetchStub, calls };
}

const client = (fetchStub?: typeof fetch, secretKey = SECRET) =>
  new EsewaClient({ formUrl: FORM_URL, statusUrl: STATUS_URL, productCode: 'EPAYTEST', secretKey, ...(fetchStub && { fetch: fetchStub }) });

describe('eSewa request signature', () => {
  it('signs total_amount,transaction_uuid,product_code in that order, base64 HMAC-SHA256 (vector computed with openssl)', () => {
    const recorded = esewaFixture('form-request') as Record<string, string>;
    const form = client().signedForm({
      amount: '1000',
      tax_amount: '0',
      total_amount: '1000',
      transaction_uuid: UUID,
      product_service_charge: '0',
      product_delivery_charge: '0',
      success_url: 'http://shop.test/payments/esewa/return',
      failure_url: `http://shop.test/payments/esewa/return?esewa_return=failure&transaction_uuid=${UUID}`,
    });
    expect(form).toEqual(recorded);
    expect(form.signature).toBe('DnLIVAIc+EI8yVpmb7agsa3mP9cpiWDN/Ttg3trf/0U=');
  });

  it('signs the value exactly as written: "1000" and "1000.0" differ', () => {
    const names = ['total_amount', 'transaction_uuid', 'product_code'];
    const a = esewaSignature({ total_amount: '1000', transaction_uuid: UUID, product_code: 'EPAYTEST' }, names, SECRET);
    const b = esewaSignature({ total_amount: '1000.0', transaction_uuid: UUID, product_code: 'EPAYTEST' }, names, SECRET);
    expect(a).not.toBe(b);
    expect(esewaSignature({ total_amount: '1000', transaction_uuid: UUID, product_code: 'EPAYTEST' }, names, 'other')).not.toBe(a);
  });

  it('refuses empty form fields (eSewa requires every one)', () => {
    expect(() =>
      client().signedForm({
        amount: '1000',
        tax_amount: '',
        total_amount: '1000',
        transaction_uuid: UUID,
        product_service_charge: '0',
        product_delivery_charge: '0',
        success_url: 'http://shop.test/a',
        failure_url: 'http://shop.test/b',
      }),
    ).toThrow(/tax_amount/);
  });

  it('compares signatures in full', () => {
    expect(signaturesEqual('abc=', 'abc=')).toBe(true);
    expect(signaturesEqual('abc=', 'abd=')).toBe(false);
    expect(signaturesEqual('abc', 'abc=')).toBe(false);
  });

  it('refuses an empty secret or product code', () => {
    expect(() => client(undefined, '')).toThrow(/secret/);
    expect(() => new EsewaClient({ formUrl: FORM_URL, statusUrl: STATUS_URL, productCode: ' ', secretKey: SECRET })).toThrow(/product code/);
  });
});

describe('eSewa status check API', () => {
  it('GETs product_code, total_amount and transaction_uuid without credentials and parses the answer', async () => {
    const { fetchStub, calls } = stubFetch({ body: esewaFixtureText('status-complete') });
    const answer = await client(fetchStub).status({ totalAmount: '1000', transactionUuid: UUID });
    expect(answer).toEqual({ product_code: 'EPAYTEST', transaction_uuid: UUID, total_amount: 1000, status: 'COMPLETE', ref_id: '000AWEO' });
    const url = new URL(calls[0]?.url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(STATUS_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({ product_code: 'EPAYTEST', total_amount: '1000', transaction_uuid: UUID });
    expect(calls[0]?.init?.method).toBe('GET');
    expect(JSON.stringify(calls[0]?.init?.headers ?? {})).not.toContain(SECRET);
  });

  it('treats the documented outage answer as retryable, whatever the HTTP status', async () => {
    for (const status of [200, 503]) {
      const { fetchStub } = stubFetch({ status, body: esewaFixtureText('status-service-unavailable') });
      const error = await caught(client(fetchStub).status({ totalAmount: '1000', transactionUuid: UUID }));
      expect(error).not.toBeInstanceOf(GatewayRejectedError);
      expect(error.message).toMatch(status === 200 ? /Service is currently unavailable/ : /503/);
    }
  });

  it('treats 5xx, 429, timeouts, network errors and unreadable 200s as retryable', async () => {
    const answers = [
      { status: 502, body: '<html>Bad gateway</html>' },
      { status: 429, body: '' },
      { status: 200, body: '<html>maintenance</html>' },
      { status: 200, body: '{"status":"COMPLETE"}' },
      Object.assign(new Error('socket hang up'), { name: 'TypeError' }),
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
    ];
    for (const answer of answers) {
      const { fetchStub } = stubFetch(answer);
      const error = await caught(client(fetchStub).status({ totalAmount: '1000', transactionUuid: UUID }));
      expect(error).not.toBeInstanceOf(GatewayRejectedError);
    }
  });

  it('throws GatewayRejectedError when eSewa refuses the query', async () => {
    const { fetchStub } = stubFetch({ status: 400, body: '{"code":400,"error_message":"Invalid product code"}' });
    const error = await caught(client(fetchStub).status({ totalAmount: '1000', transactionUuid: UUID }));
    expect(error).toBeInstanceOf(GatewayRejectedError);
    expect(error).toMatchObject({ gateway: 'esewa', gatewayErrorKey: 'esewa_error_400' });
    expect(error.message).toContain('Invalid product code');
  });

  it('throws GatewayRejectedError on a redirect or an HTML 404 (a wrong status URL)', async () => {
    for (const answer of [
      { status: 302, body: '' },
      { status: 404, body: '<html>Not Found</html>' },
    ]) {
      const { fetchStub } = stubFetch(answer);
      await expect(client(fetchStub).status({ totalAmount: '1000', transactionUuid: UUID })).rejects.toBeInstanceOf(GatewayRejectedError);
    }
  });
});
