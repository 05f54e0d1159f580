import { describe, expect, it } from 'vitest';
import { expectExpiresAfter, hostedPageHtml } from '../adapter-checks.js';
import type { PayPalGatewayEvent } from '../../../../adapters/gateways/paypal/webhook-verifier.js';
import { createPayPalAdapter } from '../../../../adapters/gateways/paypal/index.js';
import { startPayPalSandbox } from '../../../../adapters/gateways/paypal/sandbox.js';
import { parsePayPalReturn } from '../../../../adapters/gateways/paypal/return-parser.js';
import { PayPalWebhookVerifier } from '../../../../adapters/gateways/paypal/webhook-verifier.js';
import { GatewayRejectedError, type InitiatePaymentRequest, type PaymentGateway } from '../../../../src/payments/ports/payment-gateway.js';
import { pressButton, startWebhookReceiver, type ReceivedWebhook } from './support.js';
import { expectRejected, expectRetryable } from '../../../support/gateway-errors.js';
import { caught } from '../../../support/http-stubs.js';
import { testClock, useSandboxAndReceiver } from '../sandbox-lifecycle.js';

const CLIENT_ID = 'AdSandboxClient0000000001';
const SECRET = 'EKSandboxSecret_3c1f9a7e5d';
const WEBHOOK_ID = '8PT597110X687430LKGECATA';
const RETURN_URL = 'http://shop.test/payments/paypal/return';
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const clock = testClock();
const rig = useSandboxAndReceiver(
  startWebhookReceiver,
  (receiver) => startPayPalSandbox({ port: 0, clientId: CLIENT_ID, clientSecret: SECRET, webhookUrl: receiver.url, webhookId: WEBHOOK_ID, now: clock.now }),
  { settled: (s) => s.control.settled(), clock },
);

function adapter(clientSecret = SECRET) {
  return createPayPalAdapter({
    baseUrl: rig.sandbox.apiBaseUrl,
    clientId: CLIENT_ID,
    clientSecret,
    webhookId: WEBHOOK_ID,
    certUrlPrefixes: [rig.sandbox.certUrlPrefix],
    timeoutMs: 5000,
  });
}

function gateway(clientSecret = SECRET): Required<PaymentGateway> {
  const g = adapter(clientSecret).gateway;
  if (g.capture === undefined || g.refund === undefined) throw new Error('PayPal gateway must capture and refund');
  return g as Required<PaymentGateway>;
}

const verifier = () => new PayPalWebhookVerifier({ webhookId: WEBHOOK_ID, certUrlPrefixes: [rig.sandbox.certUrlPrefix] });

const order = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => ({
  orderId: 'ord_7Hq2Lm9xT4vB1nR8sW3yZc',
  amount: USD(4250),
  description: 'Merino scarf and wool socks',
  returnUrl: RETURN_URL,
  websiteUrl: 'http://shop.test',
  customer: { name: 'Ana Silva', email: 'ana@example.com' },
  idempotencyKey: 'checkout-ord_7Hq2Lm9xT4vB1nR8sW3yZc/initiate',
  ...overrides,
});

/** Initiates and approves on the approval page; returns the order id and the return URL PayPal sent the browser to. */
async function initiateAndApprove(request = order()): Promise<{ orderId: string; returned: URL }> {
  const initiated = await gateway().initiate(request);
  if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
  const approved = await pressButton(initiated.action.url, 'approve-form');
  expect(approved.status).toBe(302);
  return { orderId: initiated.gatewayPaymentId, returned: new URL(approved.headers.get('location') ?? '') };
}

async function verifiedWebhooks(): Promise<{ raw: ReceivedWebhook; event: PayPalGatewayEvent }[]> {
  await rig.sandbox.control.settled();
  const v = verifier();
  const out: { raw: ReceivedWebhook; event: PayPalGatewayEvent }[] = [];
  for (const raw of rig.receiver.received) {
    const result = await v.verify(raw.body, raw.headers);
    if (!result.ok) throw new Error(`webhook did not verify: ${result.error.message}`);
    out.push({ raw, event: result.value });
  }
  return out;
}

describe('PayPalPaymentGateway against the PayPal sandbox', () => {
  it('pays: initiate → approval page → Approve → return URL → lookup approved → capture completed with the amount', async () => {
    const started = Date.now();
    const initiated = await gateway().initiate(order());
    expect(initiated.action).toEqual({ type: 'redirect', url: `${rig.sandbox.url}/checkoutnow?token=${initiated.gatewayPaymentId}` });
    expect(initiated.gatewayPaymentId).toMatch(/^[0-9A-Z]{17}$/);
    expectExpiresAfter(initiated.expiresAt, started, 6 * 3600_000);
    if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');

    const html = await hostedPageHtml(initiated.action.url);
    expect(html).toContain('Merino scarf and wool socks');
    expect(html).toContain('42.50 USD');

    const approved = await pressButton(initiated.action.url, 'approve-form');
    expect(approved.status).toBe(302);
    const returned = new URL(approved.headers.get('location') ?? '');
    expect(`${returned.origin}${returned.pathname}`).toBe(RETURN_URL);
    expect([...returned.searchParams.keys()]).toEqual(['token', 'PayerID']);

    const callback = parsePayPalReturn(returned.searchParams);
    if (!callback.ok) throw new Error(callback.error.message);
    expect(callback.value).toMatchObject({ gateway: 'paypal', gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'APPROVED' });
    expect(callback.value.payerId).toMatch(/^[0-9A-Z]{13}$/);

    await expect(gateway().lookup(initiated.gatewayPaymentId, USD(4250))).resolves.toEqual({
      status: 'approved',
      gatewayPaymentId: initiated.gatewayPaymentId,
      gatewayStatus: 'APPROVED',
    });

    const captured = await gateway().capture(initiated.gatewayPaymentId, USD(4250), 'checkout-ord_7Hq2Lm9xT4vB1nR8sW3yZc/capture');
    const captureId = rig.sandbox.control.get(initiated.gatewayPaymentId)?.capture?.id;
    expect(captureId).toMatch(/^[0-9A-Z]{17}$/);
    const completed = { status: 'completed', gatewayPaymentId: initiated.gatewayPaymentId, transactionId: captureId, amount: USD(4250), gatewayStatus: 'COMPLETED/COMPLETED' };
    expect(captured).toEqual(completed);
    await expect(gateway().lookup(initiated.gatewayPaymentId, USD(4250))).resolves.toEqual(completed);

    const webhooks = await verifiedWebhooks();
    expect(webhooks.map((w) => w.event)).toEqual([
      expect.objectContaining({ type: 'CHECKOUT.ORDER.APPROVED', gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'APPROVED', resourceType: 'checkout-order' }),
      expect.objectContaining({ type: 'PAYMENT.CAPTURE.COMPLETED', gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'COMPLETED', resourceId: captureId }),
    ]);
  });

  it('sends our order id as reference_id and custom_id, the amount as a decimal string, and PayPal-Request-Id on create and capture', async () => {
    const { orderId } = await initiateAndApprove();
    await gateway().capture(orderId, USD(4250), 'checkout-ord_7Hq2Lm9xT4vB1nR8sW3yZc/capture');
    const requests = rig.sandbox.control.requests();
    const create = requests.find((r) => r.method === 'POST' && r.path === '/v2/checkout/orders');
    expect(create?.headers['paypal-request-id']).toBe('create:checkout-ord_7Hq2Lm9xT4vB1nR8sW3yZc/initiate');
    expect(create?.headers['authorization']).toMatch(/^Bearer A21AA/);
    expect(create?.body).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [{ reference_id: 'ord_7Hq2Lm9xT4vB1nR8sW3yZc', custom_id: 'ord_7Hq2Lm9xT4vB1nR8sW3yZc', amount: { currency_code: 'USD', value: '42.50' } }],
    });
    const capture = requests.find((r) => r.path.endsWith('/capture'));
    expect(capture?.headers['paypal-request-id']).toBe('capture:checkout-ord_7Hq2Lm9xT4vB1nR8sW3yZc/capture');
    expect(requests.filter((r) => r.path === '/v1/oauth2/token')).toHaveLength(2); // one per adapter instance
  });

  it('is idempotent per key: a retried initiate returns the same order, a retried capture the same capture', async () => {
    const first = await gateway().initiate(order());
    const again = await gateway().initiate(order());
    expect(again.gatewayPaymentId).toBe(first.gatewayPaymentId);
    expect(rig.sandbox.control.orders()).toHaveLength(1);

    rig.sandbox.control.approve(first.gatewayPaymentId);
    const c1 = await gateway().capture(first.gatewayPaymentId, USD(4250), 'capture-key');
    const c2 = await gateway().capture(first.gatewayPaymentId, USD(4250), 'capture-key');
    expect(c2).toEqual(c1);
    // Another key gets ORDER_ALREADY_CAPTURED, read as the current state: still the one capture.
    const c3 = await gateway().capture(first.gatewayPaymentId, USD(4250), 'another-key');
    expect(c3).toEqual(c1);
    expect(
      rig.sandbox.control
        .requests()
        .filter((r) => r.path.endsWith('/capture'))
        .map((r) => r.status),
    ).toEqual([201, 200, 422]);
  });

  it('cancel: Cancel → cancel URL with the token → return parses as CANCELLED; PayPal keeps the order open (pending) until it expires', async () => {
    const initiated = await gateway().initiate(order());
    if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
    const cancelled = await pressButton(initiated.action.url, 'cancel-form');
    expect(cancelled.status).toBe(302);
    const returned = new URL(cancelled.headers.get('location') ?? '');
    expect(`${returned.origin}${returned.pathname}`).toBe(RETURN_URL);
    expect(returned.searchParams.get('token')).toBe(initiated.gatewayPaymentId);
    expect(returned.searchParams.has('PayerID')).toBe(false);
    expect(parsePayPalReturn(returned.searchParams)).toMatchObject({ ok: true, value: { claimedStatus: 'CANCELLED', gatewayPaymentId: initiated.gatewayPaymentId } });

    await expect(gateway().lookup(initiated.gatewayPaymentId, USD(4250))).resolves.toEqual({
      status: 'pending',
      notStarted: true,
      gatewayPaymentId: initiated.gatewayPaymentId,
      gatewayStatus: 'PAYER_ACTION_REQUIRED',
    });
    clock.offsetMs = 6 * 3600_000 + 1000;
    await expect(gateway().lookup(initiated.gatewayPaymentId, USD(4250))).resolves.toEqual({
      status: 'failed',
      reason: 'expired',
      gatewayPaymentId: initiated.gatewayPaymentId,
      gatewayStatus: 'VOIDED',
    });
  });

  it('expires on demand: lookup says failed/expired, the approval page refuses, capture reads the voided order', async () => {
    const initiated = await gateway().initiate(order());
    if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
    rig.sandbox.control.expire(initiated.gatewayPaymentId);
    await expect(gateway().lookup(initiated.gatewayPaymentId, USD(4250))).resolves.toMatchObject({ status: 'failed', reason: 'expired' });
    expect((await fetch(initiated.action.url)).status).toBe(410);
    await expect(gateway().capture(initiated.gatewayPaymentId, USD(4250), 'k')).resolves.toMatchObject({ status: 'failed', reason: 'expired' });
  });

  it('capture before approval reads ORDER_NOT_APPROVED as pending', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    await expect(gateway().capture(gatewayPaymentId, USD(4250), 'k')).resolves.toEqual({
      status: 'pending',
      notStarted: true,
      gatewayPaymentId,
      gatewayStatus: 'PAYER_ACTION_REQUIRED',
    });
  });

  it('a PENDING capture is pending until PayPal completes it (then lookup completes and PAYMENT.CAPTURE.COMPLETED arrives)', async () => {
    const { orderId } = await initiateAndApprove();
    rig.sandbox.control.nextCapture(orderId, { status: 'PENDING' });
    await expect(gateway().capture(orderId, USD(4250), 'k')).resolves.toEqual({ status: 'pending', gatewayPaymentId: orderId, gatewayStatus: 'COMPLETED/PENDING' });
    rig.sandbox.control.setCaptureStatus(orderId, 'COMPLETED');
    await expect(gateway().lookup(orderId, USD(4250))).resolves.toMatchObject({ status: 'completed', amount: USD(4250) });
    expect((await verifiedWebhooks()).map((w) => w.event.type)).toEqual(['CHECKOUT.ORDER.APPROVED', 'PAYMENT.CAPTURE.PENDING', 'PAYMENT.CAPTURE.COMPLETED']);
  });

  it('a DECLINED capture in a COMPLETED order is failed, and PAYMENT.CAPTURE.DENIED verifies', async () => {
    const { orderId } = await initiateAndApprove();
    rig.sandbox.control.nextCapture(orderId, { status: 'DECLINED' });
    await expect(gateway().capture(orderId, USD(4250), 'k')).resolves.toEqual({
      status: 'failed',
      reason: 'failed',
      gatewayPaymentId: orderId,
      gatewayStatus: 'COMPLETED/DECLINED',
    });
    await expect(gateway().lookup(orderId, USD(4250))).resolves.toMatchObject({ status: 'failed', gatewayStatus: 'COMPLETED/DECLINED' });
    expect((await verifiedWebhooks()).at(-1)?.event).toMatchObject({ type: 'PAYMENT.CAPTURE.DENIED', gatewayPaymentId: orderId, claimedStatus: 'DECLINED' });
  });

  it('a declined instrument (422 INSTRUMENT_DECLINED) is a failed payment', async () => {
    const { orderId } = await initiateAndApprove();
    rig.sandbox.control.nextCapture(orderId, { error: 'INSTRUMENT_DECLINED' });
    await expect(gateway().capture(orderId, USD(4250), 'k')).resolves.toMatchObject({ status: 'failed', gatewayStatus: 'INSTRUMENT_DECLINED' });
  });

  it('reports the amount PayPal captured when it differs from the order', async () => {
    const { orderId } = await initiateAndApprove();
    rig.sandbox.control.nextCapture(orderId, { value: '1.00' });
    await expect(gateway().capture(orderId, USD(4250), 'k')).resolves.toMatchObject({ status: 'completed', amount: USD(100) });
  });

  it('throws a retryable plain Error during an outage (failNext 503), and recovers after it', async () => {
    const { gatewayPaymentId } = await gateway().initiate(order());
    const g = gateway();
    rig.sandbox.control.failNext(1); // hits the token request of this fresh adapter
    const error = await caught(g.lookup(gatewayPaymentId, USD(4250)));
    expectRetryable(error, '503');
    await expect(g.lookup(gatewayPaymentId, USD(4250))).resolves.toMatchObject({ status: 'pending' });
    rig.sandbox.control.failNext(1, 502); // now the API call itself
    expect(await caught(g.lookup(gatewayPaymentId, USD(4250)))).not.toBeInstanceOf(GatewayRejectedError);
    await expect(g.lookup(gatewayPaymentId, USD(4250))).resolves.toMatchObject({ status: 'pending' });
  });

  it('gets a new token when PayPal forgets the old one', async () => {
    const g = gateway();
    const { gatewayPaymentId } = await g.initiate(order());
    rig.sandbox.control.expireTokens();
    await expect(g.lookup(gatewayPaymentId, USD(4250))).resolves.toMatchObject({ status: 'pending' });
    expect(rig.sandbox.control.requests().map((r) => `${r.path} ${r.status}`)).toEqual([
      '/v1/oauth2/token 200',
      '/v2/checkout/orders 201',
      `/v2/checkout/orders/${gatewayPaymentId} 401`,
      '/v1/oauth2/token 200',
      `/v2/checkout/orders/${gatewayPaymentId} 200`,
    ]);
  });

  it('throws GatewayRejectedError for wrong credentials, without revealing either secret', async () => {
    const error = await caught(gateway('not_the_secret').initiate(order()));
    expectRejected(error, { gatewayErrorKey: 'invalid_client' });
    expect(error.message).not.toContain('not_the_secret');
    expect(error.message).not.toContain(SECRET);
  });

  it('throws GatewayRejectedError for a currency PayPal does not take, and for an unknown order', async () => {
    const error = await caught(gateway().initiate(order({ amount: { amountMinor: 129900, currency: 'NPR' } })));
    expectRejected(error, { gatewayErrorKey: 'CURRENCY_NOT_SUPPORTED' });
    expect(rig.sandbox.control.orders()).toEqual([]);
    await expect(gateway().lookup('NOSUCHORDER000000', USD(1))).rejects.toMatchObject({ gatewayErrorKey: 'INVALID_RESOURCE_ID' });
  });

  it('refunds in full on the capture id: completed, lookup then says failed/refunded, and PAYMENT.CAPTURE.REFUNDED verifies', async () => {
    const { orderId } = await initiateAndApprove();
    const captured = await gateway().capture(orderId, USD(4250), 'k');
    if (captured.status !== 'completed') throw new Error('expected a completed capture');
    const request = {
      gatewayPaymentId: orderId,
      transactionId: captured.transactionId,
      amount: USD(4250),
      paid: USD(4250),
      idempotencyKey: 'refund-ord_1/1',
      reason: 'Out of stock',
    };
    const refunded = await gateway().refund(request);
    expect(refunded).toMatchObject({ status: 'completed', gatewayStatus: 'COMPLETED' });
    expect(refunded.gatewayRefundId).toMatch(/^[0-9A-Z]{17}$/);
    // The same key again: PayPal answers the earlier refund, nothing is refunded twice.
    await expect(gateway().refund(request)).resolves.toEqual(refunded);
    expect(rig.sandbox.control.get(orderId)?.capture?.refunds).toHaveLength(1);
    const refundCall = rig.sandbox.control.requests().find((r) => r.path === `/v2/payments/captures/${captured.transactionId}/refund`);
    expect(refundCall?.body).toEqual({ note_to_payer: 'Out of stock' });
    expect(refundCall?.headers['paypal-request-id']).toBe('refund:refund-ord_1/1');

    await expect(gateway().lookup(orderId, USD(4250))).resolves.toMatchObject({ status: 'failed', reason: 'refunded', gatewayStatus: 'COMPLETED/REFUNDED' });
    expect((await verifiedWebhooks()).at(-1)?.event).toMatchObject({ type: 'PAYMENT.CAPTURE.REFUNDED', resourceId: refunded.gatewayRefundId, claimedStatus: 'COMPLETED' });
  });

  it('refunds in part: the capture becomes PARTIALLY_REFUNDED (review); a pending refund is pending; too much is rejected', async () => {
    const { orderId } = await initiateAndApprove();
    const captured = await gateway().capture(orderId, USD(4250), 'k');
    if (captured.status !== 'completed') throw new Error('expected a completed capture');
    const base = { gatewayPaymentId: orderId, transactionId: captured.transactionId, paid: USD(4250), reason: '' };
    await expect(gateway().refund({ ...base, amount: USD(1000), idempotencyKey: 'r1' })).resolves.toMatchObject({ status: 'completed' });
    await expect(gateway().lookup(orderId, USD(4250))).resolves.toMatchObject({ status: 'review', gatewayStatus: 'COMPLETED/PARTIALLY_REFUNDED' });
    rig.sandbox.control.nextRefund('PENDING');
    await expect(gateway().refund({ ...base, amount: USD(500), idempotencyKey: 'r2' })).resolves.toMatchObject({ status: 'pending' });
    await expect(gateway().refund({ ...base, amount: USD(4000), idempotencyKey: 'r3' })).rejects.toMatchObject({ gatewayErrorKey: 'REFUND_AMOUNT_EXCEEDED' });
  });
});

describe('PayPal webhooks from the sandbox', () => {
  it('are signed for the certificate method: each delivery verifies, with the cert fetched from the sandbox', async () => {
    const { orderId } = await initiateAndApprove();
    const [delivery] = await verifiedWebhooks();
    expect(delivery?.raw.headers['paypal-auth-algo']).toBe('SHA256withRSA');
    expect(delivery?.raw.headers['paypal-cert-url']).toBe(rig.sandbox.control.certUrl);
    expect(delivery?.event).toMatchObject({ gateway: 'paypal', type: 'CHECKOUT.ORDER.APPROVED', gatewayPaymentId: orderId });
    expect(delivery?.event.eventId).toMatch(/^WH-[0-9A-Z]{17}-[0-9A-Z]{17}$/);
  });

  it('are rejected when tampered with, re-serialised, checked against another webhook id, or when the sandbox is not allow-listed', async () => {
    await initiateAndApprove();
    await rig.sandbox.control.settled();
    const [delivery] = rig.receiver.received;
    if (delivery === undefined) throw new Error('no webhook arrived');
    const v = verifier();
    await expect(v.verify(delivery.body, delivery.headers)).resolves.toMatchObject({ ok: true });

    const tampered = Buffer.from(delivery.body.toString('utf8').replace('"APPROVED"', '"COMPLETED"'));
    await expect(v.verify(tampered, delivery.headers)).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(delivery.body.toString('utf8')), null, 1));
    await expect(v.verify(reserialised, delivery.headers)).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    const otherSubscription = new PayPalWebhookVerifier({ webhookId: 'WEBHOOK_ID', certUrlPrefixes: [rig.sandbox.certUrlPrefix] });
    await expect(otherSubscription.verify(delivery.body, delivery.headers)).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    const paypalHostsOnly = new PayPalWebhookVerifier({ webhookId: WEBHOOK_ID });
    await expect(paypalHostsOnly.verify(delivery.body, delivery.headers)).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('can be sent on demand, replayed byte for byte (same event id), and dropped', async () => {
    const { orderId } = await initiateAndApprove();
    await rig.sandbox.control.settled();
    const sent = await rig.sandbox.control.sendWebhook(orderId, 'CHECKOUT.ORDER.APPROVED');
    expect(sent.status).toBe(200);
    const replayed = await rig.sandbox.control.replayWebhook(sent.eventId);
    expect(replayed.body).toBe(sent.body);
    const events = (await verifiedWebhooks()).map((w) => w.event.eventId);
    expect(events).toHaveLength(3);
    expect(events[1]).toBe(sent.eventId);
    expect(events[2]).toBe(sent.eventId);
    expect(events[0]).not.toBe(sent.eventId);

    rig.sandbox.control.dropNextWebhooks(1);
    await gateway().capture(orderId, USD(4250), 'k');
    await rig.sandbox.control.settled();
    expect(rig.receiver.received).toHaveLength(3);
    expect(rig.sandbox.control.webhooks().at(-1)).toMatchObject({ eventType: 'PAYMENT.CAPTURE.COMPLETED', status: 'dropped' });
    // The dropped event can still be sent later (PayPal's own resend).
    const late = await rig.sandbox.control.sendWebhook(orderId, 'PAYMENT.CAPTURE.COMPLETED');
    expect(late.status).toBe(200);
    expect((await verifiedWebhooks()).at(-1)?.event).toMatchObject({ type: 'PAYMENT.CAPTURE.COMPLETED', gatewayPaymentId: orderId });
  });

  it('fetches the sandbox certificate once for two deliveries, and not at all for a bad header or a stale time', async () => {
    const { orderId } = await initiateAndApprove();
    await rig.sandbox.control.settled();
    await rig.sandbox.control.sendWebhook(orderId, 'CHECKOUT.ORDER.APPROVED');
    await rig.sandbox.control.settled();
    const [first, second] = rig.receiver.received;
    if (first === undefined || second === undefined) throw new Error('expected two webhooks');
    const fetched: string[] = [];
    const counting = (async (input: string | URL | Request, init?: RequestInit) => {
      fetched.push(String(input));
      return fetch(input, init);
    }) as typeof fetch;
    const v = new PayPalWebhookVerifier({ webhookId: WEBHOOK_ID, certUrlPrefixes: [rig.sandbox.certUrlPrefix], fetch: counting });

    await expect(v.verify(first.body, { ...first.headers, 'paypal-auth-algo': 'SHA1withRSA' })).resolves.toMatchObject({ ok: false });
    await expect(v.verify(first.body, { ...first.headers, 'paypal-transmission-time': new Date(Date.now() - 3600_000).toISOString() })).resolves.toMatchObject({ ok: false });
    const stale = new PayPalWebhookVerifier({ webhookId: WEBHOOK_ID, certUrlPrefixes: [rig.sandbox.certUrlPrefix], fetch: counting, now: () => new Date(Date.now() + 3600_000) });
    await expect(stale.verify(first.body, first.headers)).resolves.toMatchObject({ ok: false, error: { message: expect.stringMatching(/stale/) } });
    await expect(v.verify(Buffer.from('{"forged":true}'), first.headers)).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.malformed' } });
    expect(fetched).toEqual([]);

    await expect(v.verify(first.body, first.headers)).resolves.toMatchObject({ ok: true });
    await expect(v.verify(second.body, second.headers)).resolves.toMatchObject({ ok: true });
    expect(first.headers['paypal-cert-url']).toBe(second.headers['paypal-cert-url']);
    expect(fetched).toEqual([rig.sandbox.control.certUrl]);
  });

  it('a retry is a new transmission signed at its own time: it verifies after the tolerance, while the old transmission is refused as stale', async () => {
    const { orderId } = await initiateAndApprove();
    await rig.sandbox.control.settled();
    const sent = await rig.sandbox.control.sendWebhook(orderId, 'CHECKOUT.ORDER.APPROVED');
    const later = 10 * 60_000;
    clock.offsetMs = later;
    const tenMinutesOn = new PayPalWebhookVerifier({ webhookId: WEBHOOK_ID, certUrlPrefixes: [rig.sandbox.certUrlPrefix], now: () => new Date(Date.now() + later) });

    const retry = await rig.sandbox.control.replayWebhook(sent.eventId);

    expect(retry.body).toBe(sent.body);
    expect(retry.transmissionId).not.toBe(sent.transmissionId);
    await expect(tenMinutesOn.verify(Buffer.from(retry.body), retry.headers)).resolves.toMatchObject({ ok: true, value: { eventId: sent.eventId } });
    await expect(tenMinutesOn.verify(Buffer.from(sent.body), sent.headers)).resolves.toMatchObject({
      ok: false,
      error: { code: 'webhooks.invalid_signature', message: expect.stringMatching(/stale/) },
    });
  });
});
