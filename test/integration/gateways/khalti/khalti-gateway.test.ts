import { describe, expect, it } from 'vitest';
import { expectExpiresAfter, expectSentBackTo, hostedPageHtml } from '../adapter-checks.js';
import { KhaltiClient } from '../../../../adapters/gateways/khalti/client.js';
import { KhaltiPaymentGateway } from '../../../../adapters/gateways/khalti/gateway.js';
import { startKhaltiSandbox } from '../../../../adapters/gateways/khalti/sandbox.js';
import { parseKhaltiReturn } from '../../../../adapters/gateways/khalti/return-parser.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { readForm, pressButton, submit } from '../../../support/hosted-pages.js';
import { expectRejected, expectRetryable } from '../../../support/gateway-errors.js';
import { caught } from '../../../support/http-stubs.js';
import { initiateRequests } from '../../../support/mothers/initiate-request.js';
import { testClock, useSandbox } from '../sandbox-lifecycle.js';

const SECRET = 'test_secret_key_0d1c3a6e2b7f4a9c8e5d';
const RETURN_URL = 'http://shop.test/payments/khalti/return';

const clock = testClock();
const rig = useSandbox(() => startKhaltiSandbox({ port: 0, host: '127.0.0.1', secretKey: SECRET, now: clock.now }), { clock });

const gateway = (secretKey = SECRET) => new KhaltiPaymentGateway(new KhaltiClient({ baseUrl: rig.sandbox.apiBaseUrl, secretKey, timeoutMs: 5000 }));

const order = initiateRequests({
  gateway: 'khalti',
  orderId: 'ord_4fK9xQ2mT7vB1nR8sW3yZc',
  amount: { amountMinor: 129900, currency: 'NPR' },
  site: 'http://shop.test',
  customer: { name: 'Sita Sharma', phone: '9800000001' },
});

describe('KhaltiPaymentGateway against the Khalti sandbox', () => {
  it('pays: initiate → hosted page → Pay → return URL → lookup says completed with the amount', async () => {
    const started = Date.now();
    const initiated = await gateway().initiate(order());

    expect(initiated.action).toEqual({ type: 'redirect', url: `${rig.sandbox.url}/?pidx=${initiated.gatewayPaymentId}` });
    expect(initiated.expiresAt).toMatch(/Z$/);
    expectExpiresAfter(initiated.expiresAt, started, 1800_000);
    if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');

    const html = await hostedPageHtml(initiated.action.url);
    expect(html).toContain('Dhaka topi and pashmina shawl');
    expect(html).toContain('Rs. 1,299.00');

    const location = expectSentBackTo(await submit(readForm(html, 'pay-form')), 302, RETURN_URL);
    expect([...location.searchParams.keys()]).toEqual([
      'pidx',
      'txnId',
      'amount',
      'total_amount',
      'status',
      'mobile',
      'tidx',
      'purchase_order_id',
      'purchase_order_name',
      'transaction_id',
    ]);

    const callback = parseKhaltiReturn(location.searchParams);
    if (!callback.ok) throw new Error(callback.error.message);
    expect(callback.value).toMatchObject({
      gateway: 'khalti',
      gatewayPaymentId: initiated.gatewayPaymentId,
      claimedOrderId: 'ord_4fK9xQ2mT7vB1nR8sW3yZc',
      claimedStatus: 'Completed',
      claims: { amount: 129900, totalAmount: 129900, mobile: '98XXXXX000' },
    });

    const report = await gateway().lookup(callback.value.gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' });
    expect(report).toEqual({
      status: 'completed',
      gatewayPaymentId: initiated.gatewayPaymentId,
      transactionId: callback.value.claims.transactionId,
      amount: { amountMinor: 129900, currency: 'NPR' },
      gatewayStatus: 'Completed',
    });
  });

  it('holds an unpaid payment as pending', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    await expect(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' })).resolves.toEqual({
      status: 'pending',
      gatewayPaymentId,
      gatewayStatus: 'Initiated',
      notStarted: true,
    });
  });

  it('cancels: Cancel → return URL with User canceled → lookup (HTTP 400) says failed/cancelled', async () => {
    const initiated = await gateway().initiate(order());
    if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');

    const cancelled = await pressButton(initiated.action.url, 'cancel-form');
    expect(cancelled.status).toBe(302);
    const query = new URL(cancelled.headers.get('location') ?? '').searchParams;
    expect(query.get('status')).toBe('User canceled');
    expect(query.get('transaction_id')).toBe('');
    expect(query.get('tidx')).toBe('');
    expect(query.get('mobile')).toBe('');
    expect(parseKhaltiReturn(query)).toMatchObject({ ok: true, value: { claimedStatus: 'User canceled' } });

    const report = await gateway().lookup(initiated.gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' });
    expect(report).toMatchObject({ status: 'failed', reason: 'cancelled', gatewayStatus: 'User canceled' });
    expect(rig.sandbox.control.requests().at(-1)).toMatchObject({ path: '/api/v2/epayment/lookup/', status: 400 });
  });

  it('expires: past expires_at by the sandbox clock, lookup (HTTP 400) says failed/expired', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    clock.offsetMs = 1801_000;
    await expect(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' })).resolves.toEqual({
      status: 'failed',
      reason: 'expired',
      gatewayPaymentId,
      gatewayStatus: 'Expired',
    });
    expect(rig.sandbox.control.requests().at(-1)?.status).toBe(400);
  });

  it('expires on demand through control.expire', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    rig.sandbox.control.expire(gatewayPaymentId);
    await expect(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' })).resolves.toMatchObject({ status: 'failed', reason: 'expired' });
  });

  it('reports the amount Khalti says, when it differs from the order', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    rig.sandbox.control.complete(gatewayPaymentId, { totalAmount: 1000 });
    await expect(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' })).resolves.toMatchObject({
      status: 'completed',
      amount: { amountMinor: 1000, currency: 'NPR' },
    });
  });

  it('maps Refunded to failed/refunded and Partially Refunded to review', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    rig.sandbox.control.complete(gatewayPaymentId);
    rig.sandbox.control.setStatus(gatewayPaymentId, 'Refunded');
    await expect(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' })).resolves.toMatchObject({ status: 'failed', reason: 'refunded' });
    rig.sandbox.control.setStatus(gatewayPaymentId, 'Partially Refunded');
    await expect(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' })).resolves.toMatchObject({ status: 'review' });
  });

  it('throws GatewayRejectedError for a wrong secret key, without revealing either key', async () => {
    const error = await caught(gateway('not_the_secret').initiate(order()));
    expectRejected(error, { gatewayErrorKey: 'unauthorized' }, 'Invalid token.');
    expect(error.message).not.toContain('not_the_secret');
    expect(error.message).not.toContain(SECRET);
  });

  it('throws GatewayRejectedError naming amount below the Rs 10 minimum', async () => {
    const error = await caught(gateway().initiate(order({ amount: { amountMinor: 999, currency: 'NPR' } })));
    expectRejected(error, { gatewayErrorKey: 'validation_error' });
    expect(error.message).toMatch(/\bamount: /);
    expect(rig.sandbox.control.payments()).toEqual([]);
  });

  it('throws GatewayRejectedError for an unknown pidx', async () => {
    await expect(gateway().lookup('NoSuchPidx0000000000000', { amountMinor: 1000, currency: 'NPR' })).rejects.toBeInstanceOf(GatewayRejectedError);
  });

  it('throws a retryable plain Error during an outage (failNext 503), and recovers after it', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    rig.sandbox.control.failNext(1);
    const error = await caught(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' }));
    expectRetryable(error, '503');
    await expect(gateway().lookup(gatewayPaymentId, { amountMinor: 1000, currency: 'NPR' })).resolves.toMatchObject({ status: 'pending' });
  });

  it("sends Authorization: Key <secret> to trailing-slash paths with Khalti's field names", async () => {
    await gateway().initiate(order());
    const [initiate] = rig.sandbox.control.requests();
    expect(initiate).toMatchObject({ method: 'POST', path: '/api/v2/epayment/initiate/', status: 200 });
    expect(initiate?.headers['authorization']).toBe(`Key ${SECRET}`);
    expect(initiate?.body).toEqual({
      return_url: RETURN_URL,
      website_url: 'http://shop.test',
      amount: 129900,
      purchase_order_id: 'ord_4fK9xQ2mT7vB1nR8sW3yZc',
      purchase_order_name: 'Dhaka topi and pashmina shawl',
      customer_info: { name: 'Sita Sharma', phone: '9800000001' },
    });

    const pidx = rig.sandbox.control.payments()[0]?.pidx ?? '';
    await gateway().lookup(pidx, { amountMinor: 1000, currency: 'NPR' });
    const lookup = rig.sandbox.control.requests()[1];
    expect(lookup).toMatchObject({ method: 'POST', path: '/api/v2/epayment/lookup/', body: { pidx } });
    expect(lookup?.headers['authorization']).toBe(`Key ${SECRET}`);
  });
});
