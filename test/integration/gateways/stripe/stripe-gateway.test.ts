import { describe, expect, it } from 'vitest';
import { expectSentBackTo } from '../adapter-checks.js';
import { createStripeAdapter } from '../../../../adapters/gateways/stripe/index.js';
import { StripeClient } from '../../../../adapters/gateways/stripe/client.js';
import { StripePaymentGateway } from '../../../../adapters/gateways/stripe/gateway.js';
import { startStripeSandbox } from '../../../../adapters/gateways/stripe/sandbox.js';
import { parseStripeReturn } from '../../../../adapters/gateways/stripe/return-parser.js';
import { StripeWebhookVerifier, type StripeGatewayEvent } from '../../../../adapters/gateways/stripe/webhook-verifier.js';
import { GatewayRejectedError, type InitiatedPayment, type InitiatePaymentRequest, type PaymentGateway } from '../../../../src/payments/ports/payment-gateway.js';
import { pressButton, readForm, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, submit, useStripeSandbox } from './support.js';
import { caught } from '../../../support/http-stubs.js';
import { testClock } from '../sandbox-lifecycle.js';

const SECRET_KEY = STRIPE_SECRET_KEY;
const WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET;
const RETURN_URL = 'http://shop.test/payments/stripe/return';
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const clock = testClock();
const rig = useStripeSandbox(clock);

const adapter = (secretKey = SECRET_KEY) =>
  createStripeAdapter({ secretKey, webhookSecret: WEBHOOK_SECRET, apiBaseUrl: rig.sandbox.apiBaseUrl, maxNetworkRetries: 0, timeoutMs: 5000 });
const gateway = (secretKey = SECRET_KEY): PaymentGateway => adapter(secretKey).gateway;
const verifier = new StripeWebhookVerifier({ endpointSecret: WEBHOOK_SECRET });

let orderSeq = 0;
const order = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => {
  orderSeq += 1;
  const orderId = `ord_${orderSeq}_Hq2VxKp9LmN4sT6wYb3Rc`;
  return {
    orderId,
    amount: USD(2599),
    description: 'Wool scarf and mittens',
    returnUrl: RETURN_URL,
    websiteUrl: 'http://shop.test',
    customer: { name: 'Ada', email: 'ada@example.test' },
    idempotencyKey: `checkout-${orderId}/initiate`,
    ...overrides,
  };
};

/** A fresh order, initiated: the request and what the gateway answered. */
async function initiatedOrder(): Promise<{ request: InitiatePaymentRequest; initiated: InitiatedPayment }> {
  const request = order();
  return { request, initiated: await gateway().initiate(request) };
}

async function redirectUrl(initiated: { action: { type: string; url?: string } }): Promise<string> {
  if (initiated.action.type !== 'redirect' || initiated.action.url === undefined) throw new Error('expected a redirect');
  return initiated.action.url;
}

/** Every webhook the receiver got, verified with our verifier. */
async function verifiedEvents(): Promise<StripeGatewayEvent[]> {
  await rig.sandbox.control.flushWebhooks();
  const out: StripeGatewayEvent[] = [];
  for (const w of rig.receiver.received) {
    const result = await verifier.verify(w.body, w.headers);
    if (!result.ok) throw new Error(`webhook did not verify: ${result.error.message}`);
    out.push(result.value);
  }
  return out;
}

describe('StripePaymentGateway against the Stripe sandbox', () => {
  it('pays: initiate → hosted page → Pay → success_url → lookup says completed with the amount; webhooks verify', async () => {
    const { request, initiated } = await initiatedOrder();
    expect(initiated.gatewayPaymentId).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    const url = await redirectUrl(initiated);
    expect(url).toBe(`${rig.sandbox.url}/c/pay/${initiated.gatewayPaymentId}`);
    const expiresIn = Date.parse(initiated.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(86_390_000);
    expect(expiresIn).toBeLessThanOrEqual(86_400_000);

    // Before paying: open → pending.
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'pending', gatewayStatus: 'open/unpaid' });

    const page = await fetch(url);
    const html = await page.text();
    expect(html).toContain('Wool scarf and mittens');
    expect(html).toContain('25.99 USD');
    const location = expectSentBackTo(await submit(readForm(html, 'pay-form')), 303, RETURN_URL);

    const callback = parseStripeReturn(location.searchParams);
    expect(callback).toEqual({
      ok: true,
      value: { gateway: 'stripe', gatewayPaymentId: initiated.gatewayPaymentId, claimedOrderId: request.orderId, claimedStatus: 'success' },
    });

    const report = await gateway().lookup(initiated.gatewayPaymentId, request.amount);
    expect(report).toMatchObject({ status: 'completed', amount: USD(2599), gatewayStatus: 'complete/paid/succeeded' });
    if (report.status !== 'completed') throw new Error('expected completed');
    expect(report.transactionId).toMatch(/^pi_/);

    const events = await verifiedEvents();
    expect(events.map((e) => e.type)).toEqual(['charge.succeeded', 'payment_intent.succeeded', 'checkout.session.completed']);
    const completed = events.find((e) => e.type === 'checkout.session.completed');
    expect(completed).toMatchObject({ gatewayPaymentId: initiated.gatewayPaymentId, orderId: request.orderId, claimedStatus: 'paid', paymentIntentId: report.transactionId });
    expect(events.find((e) => e.type === 'payment_intent.succeeded')).toMatchObject({ orderId: request.orderId, paymentIntentId: report.transactionId });
  });

  it("sends the saga's idempotency key: a retried initiate gets the same session back", async () => {
    const request = order();
    const first = await gateway().initiate(request);
    const second = await gateway().initiate(request);
    expect(second.gatewayPaymentId).toBe(first.gatewayPaymentId);
    expect(rig.sandbox.control.sessions()).toHaveLength(1);
    const creates = rig.sandbox.control.requests().filter((r) => r.method === 'POST');
    expect(creates.map((r) => r.headers['idempotency-key'])).toEqual([`paysaga:checkout_session:${request.idempotencyKey}`, `paysaga:checkout_session:${request.idempotencyKey}`]);
    expect(creates[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(creates[0]?.headers['authorization']).toBe(`Bearer ${SECRET_KEY}`);
    expect(creates[0]?.params).toMatchObject({ client_reference_id: request.orderId, metadata: { order_id: request.orderId } });
  });

  it('cancel: the cancel return names no session, and the session stays open (pending) until it expires', async () => {
    const { request, initiated } = await initiatedOrder();
    const cancelled = await pressButton(await redirectUrl(initiated), 'cancel-form');
    expect(cancelled.status).toBe(303);
    const location = new URL(cancelled.headers.get('location') ?? '');
    expect(location.searchParams.get('stripe_checkout')).toBe('cancel');
    const callback = parseStripeReturn(location.searchParams);
    expect(callback).toMatchObject({ ok: false, error: { code: 'payments.invalid_callback', details: { claimedOrderId: request.orderId } } });
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'pending' });

    rig.sandbox.control.expire(initiated.gatewayPaymentId);
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'failed', reason: 'expired', gatewayStatus: 'expired/unpaid' });
  });

  it('expiry: past expires_at the session is expired, the hosted page refuses, checkout.session.expired is sent', async () => {
    const { request, initiated } = await initiatedOrder();
    clock.offsetMs = 86_401_000;
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'failed', reason: 'expired' });
    expect((await fetch(await redirectUrl(initiated))).status).toBe(410);
    const events = await verifiedEvents();
    expect(events.map((e) => e.type)).toEqual(['checkout.session.expired']);
    expect(events[0]).toMatchObject({ gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'unpaid' });
  });

  it('a declined card leaves the session open: pending, never failed', async () => {
    const { request, initiated } = await initiatedOrder();
    const declined = await pressButton(await redirectUrl(initiated), 'pay-form', { card_number: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'pending', gatewayStatus: 'open/unpaid/requires_payment_method' });
    expect((await verifiedEvents()).map((e) => e.type)).toEqual(['payment_intent.payment_failed']);
  });

  it('a delayed method is pending while processing, then completed or failed when it settles', async () => {
    const { request: ok, initiated: a } = await initiatedOrder();
    const paid = await pressButton(await redirectUrl(a), 'pay-form', { method: 'delayed_debit' });
    expect(paid.status).toBe(303);
    expect(await gateway().lookup(a.gatewayPaymentId, ok.amount)).toMatchObject({ status: 'pending', gatewayStatus: 'complete/unpaid/processing' });
    rig.sandbox.control.settle(a.gatewayPaymentId, 'succeeded');
    expect(await gateway().lookup(a.gatewayPaymentId, ok.amount)).toMatchObject({ status: 'completed', amount: USD(2599) });

    const { request: bad, initiated: b } = await initiatedOrder();
    rig.sandbox.control.pay(b.gatewayPaymentId, { delayed: true });
    rig.sandbox.control.settle(b.gatewayPaymentId, 'failed');
    expect(await gateway().lookup(b.gatewayPaymentId, bad.amount)).toMatchObject({ status: 'failed', reason: 'failed' });
    const types = (await verifiedEvents()).map((e) => e.type);
    expect(types).toContain('checkout.session.async_payment_succeeded');
    expect(types).toContain('checkout.session.async_payment_failed');
  });

  it('reports the amount Stripe says was received, so a mismatch reaches verification', async () => {
    const { request, initiated } = await initiatedOrder();
    rig.sandbox.control.pay(initiated.gatewayPaymentId, { amount: 100 });
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'completed', amount: USD(100) });
  });

  it('outage: a 5xx (or an HTML proxy page) is a retryable plain Error, and the retry works', async () => {
    const request = order();
    rig.sandbox.control.failNext(1);
    const e = await caught(gateway().initiate(request));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
    expect(e.message).toMatch(/temporary/);
    // Not saved under the key (it never executed): the retry creates the session.
    const initiated = await gateway().initiate(request);
    rig.sandbox.control.failNext(1, 503);
    expect(await caught(gateway().lookup(initiated.gatewayPaymentId, request.amount))).not.toBeInstanceOf(GatewayRejectedError);
  });

  it("rejected requests throw GatewayRejectedError with Stripe's code", async () => {
    const tooSmall = await caught(gateway().initiate(order({ amount: USD(10) })));
    expect(tooSmall).toBeInstanceOf(GatewayRejectedError);
    expect((tooSmall as GatewayRejectedError).gatewayErrorKey).toBe('amount_too_small');

    const badKey = await caught(gateway('sk_test_wrong_key_000000000000000000').initiate(order()));
    expect(badKey).toBeInstanceOf(GatewayRejectedError);
    expect((badKey as GatewayRejectedError).gatewayErrorKey).toBe('authentication_error');

    const unknown = await caught(gateway().lookup('cs_test_doesnotexist', USD(1)));
    expect((unknown as GatewayRejectedError).gatewayErrorKey).toBe('resource_missing');

    // The same key with other parameters: Stripe refuses rather than replaying.
    const request = order();
    await gateway().initiate(request);
    const reused = await caught(gateway().initiate({ ...request, amount: USD(9999) }));
    expect((reused as GatewayRejectedError).gatewayErrorKey).toBe('idempotency_error');
  });

  it('refunds: partial then the rest, idempotent per key; lookup then says review, then refunded; charge.refunded verifies', async () => {
    const { request, initiated } = await initiatedOrder();
    rig.sandbox.control.pay(initiated.gatewayPaymentId);
    const paid = await gateway().lookup(initiated.gatewayPaymentId, request.amount);
    if (paid.status !== 'completed') throw new Error('expected completed');
    const refund = (amountMinor: number, key: string) =>
      gateway().refund?.({
        gatewayPaymentId: initiated.gatewayPaymentId,
        transactionId: paid.transactionId,
        amount: USD(amountMinor),
        paid: paid.amount,
        idempotencyKey: key,
        reason: 'Customer returned the mittens',
      });

    const first = await refund(1000, `refund-${request.orderId}/1`);
    expect(first).toMatchObject({ status: 'completed', gatewayStatus: 'succeeded' });
    expect(await refund(1000, `refund-${request.orderId}/1`)).toEqual(first);
    expect(rig.sandbox.control.refunds()).toHaveLength(1);
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'review', gatewayStatus: 'complete/paid/succeeded/partially_refunded' });

    const tooMuch = await caught(refund(2000, `refund-${request.orderId}/2`) ?? Promise.resolve());
    expect((tooMuch as GatewayRejectedError).gatewayErrorKey).toBe('amount_too_large');
    expect(await refund(1599, `refund-${request.orderId}/3`)).toMatchObject({ status: 'completed' });
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'failed', reason: 'refunded' });

    const refunded = (await verifiedEvents()).filter((e) => e.type === 'charge.refunded');
    expect(refunded).toHaveLength(2);
    expect(refunded[0]).toMatchObject({ orderId: request.orderId, paymentIntentId: paid.transactionId, objectType: 'charge' });
  });

  it('a pending refund is reported pending until Stripe settles it', async () => {
    const { request, initiated } = await initiatedOrder();
    rig.sandbox.control.pay(initiated.gatewayPaymentId);
    rig.sandbox.control.setNextRefundStatus('pending');
    const report = await gateway().refund?.({
      gatewayPaymentId: initiated.gatewayPaymentId,
      transactionId: '',
      amount: USD(2599),
      paid: USD(2599),
      idempotencyKey: `refund-${request.orderId}/1`,
      reason: 'r',
    });
    expect(report).toMatchObject({ status: 'pending', gatewayStatus: 'pending' });
    rig.sandbox.control.settleRefund(report?.gatewayRefundId ?? '', 'failed');
    const types = (await verifiedEvents()).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['refund.created', 'refund.updated', 'refund.failed']);
    expect(await gateway().lookup(initiated.gatewayPaymentId, request.amount)).toMatchObject({ status: 'completed' });
  });

  it('webhooks: replayed events verify with the same id; dropped ones never arrive; a forged copy does not verify', async () => {
    const { initiated } = await initiatedOrder();
    rig.sandbox.control.dropNextWebhooks(3);
    rig.sandbox.control.pay(initiated.gatewayPaymentId);
    await rig.sandbox.control.flushWebhooks();
    expect(rig.receiver.received).toHaveLength(0);
    expect(rig.sandbox.control.deliveries().map((d) => d.outcome)).toEqual(['dropped', 'dropped', 'dropped']);

    const completed = rig.sandbox.control.events().find((e) => e.type === 'checkout.session.completed');
    if (completed === undefined) throw new Error('no event');
    await rig.sandbox.control.replayWebhook(completed.id);
    await rig.sandbox.control.replayWebhook(completed.id);
    const events = await verifiedEvents();
    expect(events.map((e) => e.eventId)).toEqual([completed.id, completed.id]);

    const forged = rig.receiver.received[0];
    if (forged === undefined) throw new Error('nothing received');
    const tampered = Buffer.from(forged.body.toString('utf8').replace('"paid"', '"unpaid"'));
    expect(await verifier.verify(tampered, forged.headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(forged.body.toString('utf8'))));
    expect(await verifier.verify(reserialised, forged.headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    const otherSecret = new StripeWebhookVerifier({ endpointSecret: 'whsec_not_this_endpoint_000000' });
    expect(await otherSecret.verify(forged.body, forged.headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('webhooks: sendWebhook makes a new event about the current state; a failing endpoint is logged', async () => {
    const { initiated } = await initiatedOrder();
    rig.receiver.answerWith(500);
    rig.sandbox.control.sendWebhook(initiated.gatewayPaymentId, 'checkout.session.expired');
    await rig.sandbox.control.flushWebhooks();
    expect(rig.sandbox.control.deliveries()).toMatchObject([{ type: 'checkout.session.expired', outcome: 'failed', httpStatus: 500 }]);
    const events = await verifiedEvents();
    expect(events).toMatchObject([{ type: 'checkout.session.expired', gatewayPaymentId: initiated.gatewayPaymentId }]);
  });

  it('works through the SDK against the sandbox root too (no mount prefix)', async () => {
    const root = await startStripeSandbox({ port: 0, secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
    try {
      const gw = new StripePaymentGateway(new StripeClient({ secretKey: SECRET_KEY, apiBaseUrl: root.apiBaseUrl, maxNetworkRetries: 0 }));
      const initiated = await gw.initiate(order());
      expect(await redirectUrl(initiated)).toBe(`${root.url}/c/pay/${initiated.gatewayPaymentId}`);
      root.control.pay(initiated.gatewayPaymentId);
      expect((await gw.lookup(initiated.gatewayPaymentId, USD(2599))).status).toBe('completed');
      expect(root.control.deliveries()).toMatchObject([{ outcome: 'no_endpoint' }, { outcome: 'no_endpoint' }, { outcome: 'no_endpoint' }]);
    } finally {
      await root.close();
    }
  });
});
