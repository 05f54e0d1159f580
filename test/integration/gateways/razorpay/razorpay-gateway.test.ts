import { describe, expect, it } from 'vitest';
import type { GatewayAdapter } from '../../../../adapters/gateways/gateway-adapter.js';
import { createRazorpayAdapter, type RazorpayAdapterConfig } from '../../../../adapters/gateways/razorpay/index.js';
import { startRazorpaySandbox } from '../../../../adapters/gateways/razorpay/sandbox.js';
import { razorpayEventId } from '../../../../adapters/gateways/razorpay/webhook-verifier.js';
import { GatewayRejectedError, type GatewayEvent, type InitiatePaymentRequest, type RefundRequest } from '../../../../src/payments/ports/payment-gateway.js';
import { pressButton, readForm, returnedFields, startWebhookReceiver, submit } from './support.js';
import { expectRejected, expectRetryable } from '../../../support/gateway-errors.js';
import { caught } from '../../../support/http-stubs.js';
import { redirectUrl, verifyAll } from '../adapter-checks.js';
import { testClock, useSandboxAndReceiver } from '../sandbox-lifecycle.js';

const KEY_ID = 'rzp_test_Sandbox0000001';
const KEY_SECRET = 'test_key_secret_Qm4sZk8TyR2wVb7Nc5Lp';
const WEBHOOK_SECRET = 'whsec_sandbox_Gh7TqW2mYx9KzR4p';
const RETURN_URL = 'http://shop.test/payments/razorpay/return';
const INR = (amountMinor: number) => ({ amountMinor, currency: 'INR' });

const clock = testClock();
const rig = useSandboxAndReceiver(
  startWebhookReceiver,
  (receiver) => startRazorpaySandbox({ port: 0, host: '127.0.0.1', keyId: KEY_ID, keySecret: KEY_SECRET, webhookSecret: WEBHOOK_SECRET, webhookUrl: receiver.url, now: clock.now }),
  { settled: (s) => s.control.webhooksSettled(), clock },
);

const adapter = (overrides: Partial<RazorpayAdapterConfig> = {}): GatewayAdapter =>
  createRazorpayAdapter({
    apiBaseUrl: rig.sandbox.apiBaseUrl,
    checkoutUrl: rig.sandbox.checkoutUrl,
    keyId: KEY_ID,
    keySecret: KEY_SECRET,
    webhookSecret: WEBHOOK_SECRET,
    returnMethod: 'post',
    timeoutMs: 5000,
    ...overrides,
  });

const order = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => ({
  orderId: 'ord_4fK9xQ2mT7vB1nR8sW3yZc',
  amount: INR(129900),
  description: 'Dhaka topi and pashmina shawl',
  returnUrl: RETURN_URL,
  websiteUrl: 'http://shop.test',
  customer: { name: 'Sita Sharma', email: 'sita@example.com', phone: '+919876543210' },
  idempotencyKey: 'checkout-ord_4fK9xQ2mT7vB1nR8sW3yZc/initiate',
  ...overrides,
});

/** Every webhook the receiver got, verified with the adapter's verifier. */
async function verifiedWebhooks(a: GatewayAdapter = adapter()): Promise<GatewayEvent[]> {
  await rig.sandbox.control.webhooksSettled();
  return verifyAll<GatewayEvent>(a.webhookVerifier, rig.receiver.received);
}

describe('Razorpay adapter against the Razorpay sandbox', () => {
  it.each([
    [{ amountMinor: 1_000, currency: 'JPY' }, 'JPY 1,000'],
    [{ amountMinor: 1_299, currency: 'USD' }, 'USD 12.99'],
    [{ amountMinor: 295_990, currency: 'KWD' }, 'KWD 295.990'],
  ])('pays %o in its ISO minor units: Razorpay holds the same sub-units, shows %s, lookup reads it back', async (amount, shown) => {
    const a = adapter();
    const url = redirectUrl((await a.gateway.initiate(order({ amount }))).action);
    expect(rig.sandbox.control.orders()[0]).toMatchObject({ amount: amount.amountMinor, currency: amount.currency });
    expect(await (await fetch(url)).text()).toContain(`Pay ${shown}`);
    const back = await returnedFields(await pressButton(url, 'pay-form'));
    const report = await a.gateway.lookup(back.fields.get('razorpay_order_id')!, amount);
    expect(report).toMatchObject({ status: 'completed', amount });
  });

  it('refuses 1.234 KWD before calling Razorpay, which takes three-decimal amounts only with a last digit of 0', async () => {
    const error = await caught(adapter().gateway.initiate(order({ amount: { amountMinor: 1_234, currency: 'KWD' } })));
    expect(error).toMatchObject({ gatewayErrorKey: 'payments.invalid_amount', message: expect.stringContaining('1.234 KWD') });
    expect(rig.sandbox.control.orders()).toEqual([]);
  });

  it('pays: initiate → checkout page → Pay → signed POST to callback_url → lookup says completed with the amount', async () => {
    const a = adapter();
    const started = Date.now();
    const initiated = await a.gateway.initiate(order());
    const url = redirectUrl(initiated.action);
    expect(url.startsWith(`${rig.sandbox.checkoutUrl}?`)).toBe(true);
    expect(initiated.gatewayPaymentId).toMatch(/^order_[0-9A-Za-z]{14}$/);
    const expiresIn = Date.parse(initiated.expiresAt) - started;
    expect(expiresIn).toBeGreaterThan(1795_000);
    // created_at is whole seconds, so the window may end up to a second after `started` + 1800 s.
    expect(expiresIn).toBeLessThanOrEqual(1801_000);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Dhaka topi and pashmina shawl');
    expect(html).toContain('₹1,299.00');
    expect(html).toContain(initiated.gatewayPaymentId);

    const back = await returnedFields(await pressButton(url, 'pay-form'));
    expect(back.method).toBe('POST');
    expect(back.url).toBe(RETURN_URL);
    expect([...back.fields.keys()]).toEqual(['razorpay_payment_id', 'razorpay_order_id', 'razorpay_signature']);

    const parse = a.returnParser;
    if (parse === undefined) throw new Error('adapter has no return parser');
    const callback = parse(Object.fromEntries(back.fields));
    if (!callback.ok) throw new Error(callback.error.message);
    expect(callback.value).toMatchObject({ gateway: 'razorpay', gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'authorized' });
    const paymentId = back.fields.get('razorpay_payment_id');

    const report = await a.gateway.lookup(callback.value.gatewayPaymentId!, INR(129900));
    expect(report).toEqual({
      status: 'completed',
      gatewayPaymentId: initiated.gatewayPaymentId,
      transactionId: paymentId,
      amount: INR(129900),
      gatewayStatus: 'captured',
      paidWith: { type: 'upi' },
    });

    const events = await verifiedWebhooks(a);
    expect(events.map((e) => [e.type, e.gatewayPaymentId, e.claimedStatus])).toEqual([
      ['payment.authorized', initiated.gatewayPaymentId, 'authorized'],
      ['payment.captured', initiated.gatewayPaymentId, 'captured'],
      ['order.paid', initiated.gatewayPaymentId, 'captured'],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
  });

  it('returns with GET when configured so, and the query parses the same', async () => {
    const a = adapter({ returnMethod: 'get' });
    const initiated = await a.gateway.initiate(order());
    const back = await returnedFields(await pressButton(redirectUrl(initiated.action), 'pay-form'));
    expect(back.method).toBe('GET');
    expect(back.url).toBe(RETURN_URL);
    expect(a.returnParser?.(Object.fromEntries(back.fields))).toMatchObject({ ok: true, value: { gatewayPaymentId: initiated.gatewayPaymentId } });
  });

  it('refuses a forged return: the signature of one order replayed against another', async () => {
    const a = adapter();
    const paid = await a.gateway.initiate(order());
    const back = await returnedFields(await pressButton(redirectUrl(paid.action), 'pay-form'));
    const other = await a.gateway.initiate(order({ orderId: 'ord_other0000000000000001', idempotencyKey: 'checkout-ord_other/initiate' }));
    back.fields.set('razorpay_order_id', other.gatewayPaymentId);
    expect(a.returnParser?.(Object.fromEntries(back.fields))).toMatchObject({ ok: false, error: { code: 'payments.invalid_callback' } });
  });

  it('holds an unpaid order as pending', async () => {
    const { gatewayPaymentId } = await adapter().gateway.initiate(order());
    await expect(adapter().gateway.lookup(gatewayPaymentId, INR(129900))).resolves.toEqual({ status: 'pending', gatewayPaymentId, gatewayStatus: 'created', notStarted: true });
  });

  it('a retried initiate reuses the order created under our receipt', async () => {
    const first = await adapter().gateway.initiate(order());
    const again = await adapter().gateway.initiate(order());
    expect(again).toEqual(first);
    expect(rig.sandbox.control.orders()).toHaveLength(1);
    expect(rig.sandbox.control.orders()[0]).toMatchObject({ receipt: 'ord_4fK9xQ2mT7vB1nR8sW3yZc', amount: 129900, currency: 'INR' });
  });

  it('cancels: Cancel → unsigned error return → pending, not started, even after the window (the shopper may retry; the saga ends the checkout)', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    const back = await returnedFields(await pressButton(redirectUrl(initiated.action), 'cancel-form'));
    expect(back.fields.get('error[reason]')).toBe('payment_cancelled');
    expect(a.returnParser?.(Object.fromEntries(back.fields))).toMatchObject({
      ok: true,
      value: { gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'cancelled', signed: false },
    });

    const notStarted = { status: 'pending', notStarted: true, gatewayPaymentId: initiated.gatewayPaymentId, gatewayStatus: 'failed' };
    await expect(a.gateway.lookup(initiated.gatewayPaymentId, INR(129900))).resolves.toEqual(notStarted);
    clock.offsetMs = 1801_000;
    await expect(a.gateway.lookup(initiated.gatewayPaymentId, INR(129900))).resolves.toEqual(notStarted);
    const events = await verifiedWebhooks(a);
    expect(events.map((e) => [e.type, e.claimedStatus])).toEqual([['payment.failed', 'failed']]);
  });

  it('a failed attempt followed by a successful one on the same order completes', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    const url = redirectUrl(initiated.action);
    await pressButton(url, 'fail-form');
    await expect(a.gateway.lookup(initiated.gatewayPaymentId, INR(129900))).resolves.toMatchObject({ status: 'pending' });
    const back = await returnedFields(await pressButton(url, 'pay-form'));
    await expect(a.gateway.lookup(initiated.gatewayPaymentId, INR(129900))).resolves.toMatchObject({
      status: 'completed',
      transactionId: back.fields.get('razorpay_payment_id'),
    });
    expect(rig.sandbox.control.get(initiated.gatewayPaymentId)).toMatchObject({ status: 'paid', attempts: 2 });
  });

  it('expires: nobody paid within the window → still not started (Razorpay orders never expire), and the checkout page refuses to take payment', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    clock.offsetMs = 1800_000;
    await expect(a.gateway.lookup(initiated.gatewayPaymentId, INR(129900))).resolves.toEqual({
      status: 'pending',
      notStarted: true,
      gatewayPaymentId: initiated.gatewayPaymentId,
      gatewayStatus: 'created',
    });
    const page = await fetch(redirectUrl(initiated.action));
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Payment time expired');
  });

  it('expires on demand through control.expire (the page refuses; a page already open cannot pay)', async () => {
    const initiated = await adapter().gateway.initiate(order());
    const url = redirectUrl(initiated.action);
    const open = await (await fetch(url)).text();
    rig.sandbox.control.expire(initiated.gatewayPaymentId);
    expect((await fetch(url)).status).toBe(410);
    expect((await submit(readForm(open, 'pay-form'))).status).toBe(410);
    expect(rig.sandbox.control.get(initiated.gatewayPaymentId)?.payments).toEqual([]);
  });

  it('reports the amount Razorpay says was paid, when it differs from the order', async () => {
    const { gatewayPaymentId } = await adapter().gateway.initiate(order());
    rig.sandbox.control.pay(gatewayPaymentId, { amount: 1000 });
    await expect(adapter().gateway.lookup(gatewayPaymentId, INR(129900))).resolves.toMatchObject({ status: 'completed', amount: INR(1000) });
  });

  it('holds an authorised (not captured) payment as pending, completed once captured', async () => {
    const { gatewayPaymentId } = await adapter().gateway.initiate(order());
    const payment = rig.sandbox.control.pay(gatewayPaymentId, { capture: false });
    clock.offsetMs = 3600_000;
    await expect(adapter().gateway.lookup(gatewayPaymentId, INR(129900))).resolves.toEqual({ status: 'pending', gatewayPaymentId, gatewayStatus: 'authorized' });
    rig.sandbox.control.capture(payment.id);
    await expect(adapter().gateway.lookup(gatewayPaymentId, INR(129900))).resolves.toMatchObject({ status: 'completed', transactionId: payment.id });
  });

  it('throws GatewayRejectedError for a wrong key secret, without revealing either secret', async () => {
    const error = await caught(adapter({ keySecret: 'not_the_secret' }).gateway.initiate(order()));
    expectRejected(error, { gatewayErrorKey: 'unauthorized' }, 'Authentication failed');
    expect(error.message).not.toContain('not_the_secret');
    expect(error.message).not.toContain(KEY_SECRET);
  });

  it('throws GatewayRejectedError naming amount below INR 1.00, creating nothing', async () => {
    const error = await caught(adapter().gateway.initiate(order({ amount: INR(99) })));
    expectRejected(error, { gatewayErrorKey: 'BAD_REQUEST_ERROR' }, 'The amount must be at least INR 1.00');
    expect(rig.sandbox.control.orders()).toEqual([]);
  });

  it('throws GatewayRejectedError for an unknown order id', async () => {
    await expect(adapter().gateway.lookup('order_NoSuchOrder001', INR(129900))).rejects.toBeInstanceOf(GatewayRejectedError);
  });

  it('throws a retryable plain Error during an outage (failNext 503), and recovers after it', async () => {
    rig.sandbox.control.failNext(1);
    const initiateError = await caught(adapter().gateway.initiate(order()));
    expectRetryable(initiateError, '503');

    const { gatewayPaymentId } = await adapter().gateway.initiate(order());
    rig.sandbox.control.failNext(1, 502);
    const lookupError = await caught(adapter().gateway.lookup(gatewayPaymentId, INR(129900)));
    expectRetryable(lookupError, '502');
    await expect(adapter().gateway.lookup(gatewayPaymentId, INR(129900))).resolves.toMatchObject({ status: 'pending' });
  });

  it("sends HTTP Basic key_id:key_secret to /v1/ paths with Razorpay's field names", async () => {
    const { gatewayPaymentId } = await adapter().gateway.initiate(order());
    const basic = `Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`;
    const [list, create] = rig.sandbox.control.requests();
    expect(list).toMatchObject({ method: 'GET', path: '/v1/orders?receipt=ord_4fK9xQ2mT7vB1nR8sW3yZc&count=100', status: 200 });
    expect(create).toMatchObject({
      method: 'POST',
      path: '/v1/orders',
      status: 200,
      body: {
        amount: 129900,
        currency: 'INR',
        receipt: 'ord_4fK9xQ2mT7vB1nR8sW3yZc',
        notes: { order_id: 'ord_4fK9xQ2mT7vB1nR8sW3yZc', idempotency_key: 'checkout-ord_4fK9xQ2mT7vB1nR8sW3yZc/initiate' },
      },
    });
    await adapter().gateway.lookup(gatewayPaymentId, INR(129900));
    const paths = rig.sandbox.control.requests().map((r) => r.path);
    expect(paths.slice(2).sort()).toEqual([`/v1/orders/${gatewayPaymentId}`, `/v1/orders/${gatewayPaymentId}/payments`]);
    for (const r of rig.sandbox.control.requests()) expect(r.headers['authorization']).toBe(basic);
  });
});

describe('Razorpay refunds against the sandbox', () => {
  async function paidOrder(a: GatewayAdapter) {
    const initiated = await a.gateway.initiate(order());
    const back = await returnedFields(await pressButton(redirectUrl(initiated.action), 'pay-form'));
    const paymentId = back.fields.get('razorpay_payment_id') ?? '';
    return { gatewayPaymentId: initiated.gatewayPaymentId, paymentId };
  }
  const refundRequest = (gatewayPaymentId: string, transactionId: string, overrides: Partial<RefundRequest> = {}): RefundRequest => ({
    gatewayPaymentId,
    transactionId,
    amount: INR(29900),
    paid: INR(129900),
    idempotencyKey: 'refund-ord_4fK9xQ2mT7vB1nR8sW3yZc/1',
    reason: 'Shawl returned',
    ...overrides,
  });

  it('refunds part of a payment once per idempotency key, then the rest; lookup follows; refund webhooks verify', async () => {
    const a = adapter();
    const refund = a.gateway.refund;
    if (refund === undefined) throw new Error('adapter has no refund');
    const { gatewayPaymentId, paymentId } = await paidOrder(a);

    const first = await a.gateway.refund!(refundRequest(gatewayPaymentId, paymentId));
    const retried = await a.gateway.refund!(refundRequest(gatewayPaymentId, paymentId));
    expect(first).toMatchObject({ status: 'completed', gatewayStatus: 'processed' });
    expect(first.gatewayRefundId).toMatch(/^rfnd_/);
    expect(retried).toEqual(first);
    expect(rig.sandbox.control.refunds()).toHaveLength(1);
    const header = rig.sandbox.control.requests().find((r) => r.path.endsWith('/refund'))?.headers['x-refund-idempotency'];
    expect(header).toMatch(/^[A-Za-z0-9_-]{10,40}$/);

    await expect(a.gateway.lookup(gatewayPaymentId, INR(129900))).resolves.toMatchObject({ status: 'review' });

    const rest = await a.gateway.refund!(refundRequest(gatewayPaymentId, paymentId, { amount: INR(100000), idempotencyKey: 'refund-ord_4fK9xQ2mT7vB1nR8sW3yZc/2' }));
    expect(rest.status).toBe('completed');
    await expect(a.gateway.lookup(gatewayPaymentId, INR(129900))).resolves.toMatchObject({ status: 'failed', reason: 'refunded', gatewayStatus: 'refunded' });

    const events = await verifiedWebhooks(a);
    const refundEvents = events.filter((e) => e.type.startsWith('refund.'));
    expect(refundEvents.map((e) => [e.type, e.gatewayPaymentId, e.claimedStatus])).toEqual([
      ['refund.created', gatewayPaymentId, 'pending'],
      ['refund.processed', gatewayPaymentId, 'processed'],
      ['refund.created', gatewayPaymentId, 'pending'],
      ['refund.processed', gatewayPaymentId, 'processed'],
    ]);
  });

  it('throws GatewayRejectedError when refunding more than is left', async () => {
    const a = adapter();
    const { gatewayPaymentId, paymentId } = await paidOrder(a);
    const error = await caught(a.gateway.refund!(refundRequest(gatewayPaymentId, paymentId, { amount: INR(129901) })));
    expectRejected(error, undefined, 'greater than amount captured');
  });

  it('reports a refund Razorpay has not settled yet as pending, and the settled one when it is', async () => {
    const slow = await startRazorpaySandbox({ port: 0, keyId: KEY_ID, keySecret: KEY_SECRET, refundStatusOnCreate: 'pending' });
    try {
      const a = adapter({ apiBaseUrl: slow.apiBaseUrl, checkoutUrl: slow.checkoutUrl });
      const initiated = await a.gateway.initiate(order());
      const payment = slow.control.pay(initiated.gatewayPaymentId);
      const report = await a.gateway.refund!(refundRequest(initiated.gatewayPaymentId, payment.id));
      expect(report).toMatchObject({ status: 'pending', gatewayStatus: 'pending' });
      slow.control.setRefundStatus(report.gatewayRefundId ?? '', 'failed');
      // Same key, same body: Razorpay answers with the refund it has, now failed.
      await expect(a.gateway.refund!(refundRequest(initiated.gatewayPaymentId, payment.id))).resolves.toMatchObject({ status: 'failed', gatewayRefundId: report.gatewayRefundId });
    } finally {
      await slow.close();
    }
  });
});

describe('Razorpay webhooks from the sandbox', () => {
  it('replays an event with the same id and bytes, so the receiver can dedupe', async () => {
    const a = adapter();
    const { gatewayPaymentId } = await a.gateway.initiate(order());
    rig.sandbox.control.pay(gatewayPaymentId);
    await rig.sandbox.control.webhooksSettled();
    const captured = rig.sandbox.control.webhooks().find((d) => d.event === 'payment.captured');
    if (captured === undefined) throw new Error('no payment.captured delivery');
    const replay = await rig.sandbox.control.replayWebhook(captured.eventId);
    expect(replay).toMatchObject({ eventId: captured.eventId, body: captured.body, outcome: 200 });
    const events = await verifiedWebhooks(a);
    expect(events.filter((e) => e.eventId === razorpayEventId(captured.body))).toHaveLength(2);
    expect(rig.receiver.received.at(-1)?.body.toString('utf8')).toBe(captured.body);
  });

  it('drops the next webhook (never delivered) and sends one on demand', async () => {
    const a = adapter();
    const { gatewayPaymentId } = await a.gateway.initiate(order());
    rig.sandbox.control.dropNextWebhooks(1);
    rig.sandbox.control.pay(gatewayPaymentId);
    await rig.sandbox.control.webhooksSettled();
    expect(rig.sandbox.control.webhooks().map((d) => [d.event, d.outcome])).toEqual([
      ['payment.authorized', 'dropped'],
      ['payment.captured', 200],
      ['order.paid', 200],
    ]);
    expect((await verifiedWebhooks(a)).map((e) => e.type)).toEqual(['payment.captured', 'order.paid']);

    const sent = await rig.sandbox.control.sendWebhook('payment.authorized', { orderId: gatewayPaymentId });
    expect(sent.outcome).toBe(200);
    const last = (await verifiedWebhooks(a)).at(-1);
    expect(last).toMatchObject({ type: 'payment.authorized', eventId: razorpayEventId(sent.body), headerEventId: sent.eventId, gatewayPaymentId });
  });

  it('signs with the webhook secret: a verifier holding the key secret rejects every delivery', async () => {
    const { gatewayPaymentId } = await adapter().gateway.initiate(order());
    rig.sandbox.control.pay(gatewayPaymentId);
    await rig.sandbox.control.webhooksSettled();
    const wrong = adapter({ webhookSecret: KEY_SECRET }).webhookVerifier;
    expect(rig.receiver.received).toHaveLength(3);
    for (const hook of rig.receiver.received) {
      expect(await wrong?.verify(hook.body, hook.headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    }
    expect(rig.receiver.received[0]?.headers['x-razorpay-event-id']).toMatch(/^[0-9A-Za-z]{14}$/);
    expect(rig.receiver.received[0]?.headers['content-type']).toBe('application/json');
  });

  it("records the receiver's non-2xx answer", async () => {
    rig.receiver.status = 500;
    const { gatewayPaymentId } = await adapter().gateway.initiate(order());
    rig.sandbox.control.fail(gatewayPaymentId);
    await rig.sandbox.control.webhooksSettled();
    expect(rig.sandbox.control.webhooks().map((d) => [d.event, d.outcome])).toEqual([['payment.failed', 500]]);
  });
});
