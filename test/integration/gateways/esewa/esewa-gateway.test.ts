import { describe, expect, it } from 'vitest';
import type { GatewayAdapter } from '../../../../adapters/gateways/gateway-adapter.js';
import { createEsewaAdapter } from '../../../../adapters/gateways/esewa/index.js';
import { ESEWA_TEST_MERCHANT, startEsewaSandbox } from '../../../../adapters/gateways/esewa/sandbox.js';
import { GatewayRejectedError, type InitiatePaymentRequest, type PaymentAction } from '../../../../src/payments/ports/payment-gateway.js';
import { openHostedPage, payOrCancel, postForm } from './hosted-page.js';
import { expectRejected, expectRetryable } from '../../../support/gateway-errors.js';
import { caught } from '../../../support/http-stubs.js';
import { testClock, useSandbox } from '../sandbox-lifecycle.js';

const RETURN_URL = 'http://shop.test/payments/esewa/return';
const ORDER_ID = 'ord_4fK9xQ2mT7vB1nR8sW3yZc';
const UUID = 'ord-5F4fK9xQ2mT7vB1nR8sW3yZc';
const NPR_1000 = { amountMinor: 100000, currency: 'NPR' } as const;

const clock = testClock();
const rig = useSandbox(() => startEsewaSandbox({ port: 0, host: '127.0.0.1', now: clock.now }), { clock });

const adapter = (overrides: { secretKey?: string; productCode?: string; statusUrl?: string } = {}): GatewayAdapter =>
  createEsewaAdapter({
    formUrl: rig.sandbox.formUrl,
    statusUrl: overrides.statusUrl ?? rig.sandbox.statusUrl,
    productCode: overrides.productCode ?? ESEWA_TEST_MERCHANT.productCode,
    secretKey: overrides.secretKey ?? ESEWA_TEST_MERCHANT.secretKey,
    timeoutMs: 5000,
  });

const order = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => ({
  orderId: ORDER_ID,
  amount: NPR_1000,
  description: 'Dhaka topi and pashmina shawl',
  returnUrl: RETURN_URL,
  websiteUrl: 'http://shop.test',
  idempotencyKey: `checkout-${ORDER_ID}/initiate`,
  ...overrides,
});

function form(action: PaymentAction): { url: string; fields: Readonly<Record<string, string>> } {
  if (action.type !== 'form_post') throw new Error('expected a form_post');
  return action;
}

function returnQuery(response: Response): URLSearchParams {
  return new URL(response.headers.get('location') ?? '').searchParams;
}

describe('EsewaPaymentGateway against the eSewa sandbox', () => {
  it('pays: initiate → form POST → hosted page → Pay → signed success redirect verifies → lookup says completed with the amount', async () => {
    const { gateway, returnParser } = adapter();
    const started = Date.now();
    const initiated = await gateway.initiate(order());
    expect(initiated.gatewayPaymentId).toBe(UUID);
    const { url, fields } = form(initiated.action);
    expect(url).toBe(rig.sandbox.formUrl);
    expect(Object.keys(fields).sort()).toEqual(
      [
        'amount',
        'failure_url',
        'product_code',
        'product_delivery_charge',
        'product_service_charge',
        'signature',
        'signed_field_names',
        'success_url',
        'tax_amount',
        'total_amount',
        'transaction_uuid',
      ].sort(),
    );
    expect(Date.parse(initiated.expiresAt) - started).toBeGreaterThan(1795_000);

    const html = await openHostedPage(url, fields);
    expect(html).toContain('Rs. 1,000.00');
    expect(html).toContain(UUID);

    const paid = await payOrCancel(url, fields, 'pay-form');
    expect(paid.status).toBe(302);
    const location = new URL(paid.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(RETURN_URL);
    expect([...location.searchParams.keys()]).toEqual(['data']);

    const decoded = Buffer.from(location.searchParams.get('data') ?? '', 'base64').toString('utf8');
    expect(decoded).toContain('"total_amount":"1000.0"');

    const callback = returnParser?.(Object.fromEntries(location.searchParams));
    if (callback === undefined || !callback.ok) throw new Error(`return did not verify: ${JSON.stringify(callback)}`);
    expect(callback.value).toMatchObject({ gateway: 'esewa', gatewayPaymentId: UUID, claimedOrderId: ORDER_ID, claimedStatus: 'COMPLETE', signed: true });

    const report = await gateway.lookup(callback.value.gatewayPaymentId!, NPR_1000);
    const ref = rig.sandbox.control.get(UUID)?.refId;
    expect(ref).toMatch(/^[0-9A-Z]{7}$/);
    expect(report).toEqual({ status: 'completed', gatewayPaymentId: UUID, transactionId: ref, amount: NPR_1000, gatewayStatus: 'COMPLETE' });
    expect(callback.value).toMatchObject({ claims: { transactionCode: ref, totalAmount: '1000.0' } });
    expect(rig.sandbox.control.requests().at(-1)).toMatchObject({
      method: 'GET',
      path: '/api/epay/transaction/status/',
      query: { product_code: 'EPAYTEST', total_amount: '1000', transaction_uuid: UUID },
      status: 200,
    });
  });

  it('verifies a success redirect whose total_amount is the bare JSON number 1000.0', async () => {
    const numeric = await startEsewaSandbox({ port: 0, successTotalAmountAs: 'number' });
    try {
      const { gateway, returnParser } = createEsewaAdapter({ formUrl: numeric.formUrl, statusUrl: numeric.statusUrl, ...ESEWA_TEST_MERCHANT });
      const { url, fields } = form((await gateway.initiate(order())).action);
      const paid = await payOrCancel(url, fields, 'pay-form');
      const query = returnQuery(paid);
      expect(Buffer.from(query.get('data') ?? '', 'base64').toString('utf8')).toContain('"total_amount":1000.0,');
      expect(returnParser?.(Object.fromEntries(query))).toMatchObject({ ok: true, value: { claimedStatus: 'COMPLETE', signed: true } });
    } finally {
      await numeric.close();
    }
  });

  it('pays rupees and paisa: Rs 1,299.50 round-trips as "1299.50" in the form and 1299.5 from eSewa', async () => {
    const { gateway, returnParser } = adapter();
    const amount = { amountMinor: 129950, currency: 'NPR' };
    const { url, fields } = form((await gateway.initiate(order({ amount }))).action);
    expect(fields['total_amount']).toBe('1299.50');
    const query = returnQuery(await payOrCancel(url, fields, 'pay-form'));
    expect(returnParser?.(Object.fromEntries(query))).toMatchObject({ ok: true, value: { claims: { totalAmount: '1299.5' } } });
    await expect(gateway.lookup(UUID, amount)).resolves.toMatchObject({ status: 'completed', amount });
  });

  it('holds a posted but unpaid payment as pending; a form never posted reads NOT_FOUND (pending, not started)', async () => {
    const { gateway } = adapter();
    const initiated = await gateway.initiate(order());
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toEqual({ status: 'pending', notStarted: true, gatewayPaymentId: UUID, gatewayStatus: 'NOT_FOUND' });

    const { url, fields } = form(initiated.action);
    await openHostedPage(url, fields);
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toEqual({ status: 'pending', gatewayPaymentId: UUID, gatewayStatus: 'PENDING' });
  });

  it('cancels: Cancel → failure URL (unsigned hint) → lookup says failed/cancelled', async () => {
    const { gateway, returnParser } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    const cancelled = await payOrCancel(url, fields, 'cancel-form');
    expect(cancelled.status).toBe(302);
    const location = new URL(cancelled.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(RETURN_URL);
    expect(location.searchParams.has('data')).toBe(false);

    const callback = returnParser?.(Object.fromEntries(location.searchParams));
    expect(callback).toEqual({
      ok: true,
      value: { gateway: 'esewa', gatewayPaymentId: UUID, claimedOrderId: ORDER_ID, claimedStatus: 'FAILURE_OR_PENDING', signed: false, claims: {} },
    });
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toEqual({ status: 'failed', reason: 'cancelled', gatewayPaymentId: UUID, gatewayStatus: 'CANCELED' });
  });

  it('a failure URL hit is not proof of failure: a PENDING payment there is still pending', async () => {
    const { gateway, returnParser } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    await openHostedPage(url, fields);
    const failureUrl = new URL(rig.sandbox.control.returnUrl(UUID));
    expect(returnParser?.(Object.fromEntries(failureUrl.searchParams))).toMatchObject({ ok: true, value: { claimedStatus: 'FAILURE_OR_PENDING' } });
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toMatchObject({ status: 'pending' });
  });

  it('expires: past the session by the sandbox clock, the hosted page is gone and lookup reads NOT_FOUND (as for a form never posted: not started)', async () => {
    const { gateway } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    const posted = await postForm(url, fields);
    const pageUrl = posted.headers.get('location') ?? '';
    clock.offsetMs = 1801_000;
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toEqual({ status: 'pending', notStarted: true, gatewayPaymentId: UUID, gatewayStatus: 'NOT_FOUND' });
    expect((await fetch(pageUrl)).status).toBe(410);
  });

  it('expires on demand through control.expire', async () => {
    const { gateway } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    await postForm(url, fields);
    rig.sandbox.control.expire(UUID);
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toMatchObject({ status: 'pending', notStarted: true, gatewayStatus: 'NOT_FOUND' });
  });

  it('reports the amount eSewa says when it differs from the order; the signed redirect says it too', async () => {
    const { gateway, returnParser } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    await postForm(url, fields);
    rig.sandbox.control.complete(UUID, { totalAmount: 1000 });
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toMatchObject({ status: 'completed', amount: { amountMinor: 1000, currency: 'NPR' } });
    const redirect = new URL(rig.sandbox.control.returnUrl(UUID));
    expect(returnParser?.(Object.fromEntries(redirect.searchParams))).toMatchObject({ ok: true, value: { claims: { totalAmount: '10.0' } } });
  });

  it('maps refunds and halts: FULL_REFUND failed/refunded, PARTIAL_REFUND review, AMBIGUOUS pending', async () => {
    const { gateway } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    await payOrCancel(url, fields, 'pay-form');
    rig.sandbox.control.setStatus(UUID, 'FULL_REFUND');
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toMatchObject({ status: 'failed', reason: 'refunded' });
    rig.sandbox.control.setStatus(UUID, 'PARTIAL_REFUND');
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toMatchObject({ status: 'review' });
    rig.sandbox.control.setStatus(UUID, 'AMBIGUOUS');
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toMatchObject({ status: 'pending' });
  });

  it('a retried initiate signs the same form; posting it again reopens the session; once paid it is refused', async () => {
    const { gateway } = adapter();
    const first = await gateway.initiate(order());
    const again = await gateway.initiate(order({ idempotencyKey: 'another-attempt' }));
    expect(again.action).toEqual(first.action);
    const { url, fields } = form(first.action);
    const a = await postForm(url, fields);
    const b = await postForm(url, form(again.action).fields);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    expect(rig.sandbox.control.payments()).toHaveLength(1);
    await payOrCancel(url, fields, 'pay-form');
    const reused = await postForm(url, fields);
    expect(reused.status).toBe(409);
    expect(await reused.text()).toContain('already been used');
  });

  it('refuses a form signed with the wrong secret, like eSewa, and records no payment', async () => {
    const { gateway } = adapter({ secretKey: 'not-the-secret' });
    const { url, fields } = form((await gateway.initiate(order())).action);
    const posted = await postForm(url, fields);
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain('Invalid payload signature.');
    expect(rig.sandbox.control.payments()).toEqual([]);
  });

  it('refuses a tampered success redirect at the return parser', async () => {
    const { gateway, returnParser } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    const query = returnQuery(await payOrCancel(url, fields, 'pay-form'));
    const decoded = Buffer.from(query.get('data') ?? '', 'base64').toString('utf8');
    const tampered = Buffer.from(decoded.replace('"1000.0"', '"1.0"'), 'utf8').toString('base64');
    expect(returnParser?.({ data: tampered })).toMatchObject({ ok: false, error: { code: 'payments.invalid_callback', details: { reason: 'signature' } } });
  });

  it('throws GatewayRejectedError when eSewa refuses the status query (a product code it does not know)', async () => {
    const error = await caught(adapter({ productCode: 'NOTAMERCHANT' }).gateway.lookup(UUID, NPR_1000));
    expectRejected(error, undefined, 'Invalid product code');
  });

  it('throws GatewayRejectedError for an order eSewa cannot take (not NPR)', async () => {
    await expect(adapter().gateway.initiate(order({ amount: { amountMinor: 1000, currency: 'USD' } }))).rejects.toBeInstanceOf(GatewayRejectedError);
  });

  it('throws a retryable plain Error on the documented outage answer (HTTP 200 or 503), and recovers after it', async () => {
    const { gateway } = adapter();
    const { url, fields } = form((await gateway.initiate(order())).action);
    await postForm(url, fields);
    for (const httpStatus of [200, 503]) {
      rig.sandbox.control.failNext(1, httpStatus);
      const error = await caught(gateway.lookup(UUID, NPR_1000));
      expect(error).not.toBeInstanceOf(GatewayRejectedError);
      expect(error.message).toMatch(/unavailable|503/i);
    }
    await expect(gateway.lookup(UUID, NPR_1000)).resolves.toMatchObject({ status: 'pending' });
  });

  it('throws a retryable plain Error when eSewa cannot be reached', async () => {
    const gone = await startEsewaSandbox({ port: 0 });
    const statusUrl = gone.statusUrl;
    await gone.close();
    const error = await caught(adapter({ statusUrl }).gateway.lookup(UUID, NPR_1000));
    expectRetryable(error, 'network error');
  });
});
