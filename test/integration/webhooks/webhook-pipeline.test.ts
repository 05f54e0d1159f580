import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { razorpayEventId } from '../../../adapters/gateways/razorpay/webhook-verifier.js';
import { signStripePayload } from '../../../adapters/gateways/stripe/sandbox.js';
import { DEMO_SECRETS } from '../../../src/config.js';
import { createGatewayHarness, stateOf, type GatewayHarness } from '../../harness/checkout-harness.js';
import { ledger, startCheckout, until, webhooksLanded, type StartedCheckout } from '../../workflows/gateways/drivers.js';

/** A webhook exactly as the gateway sends it: the raw bytes and the headers that sign them. */
interface Delivery {
  readonly eventId: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

type WebhookGateway = 'stripe' | 'razorpay' | 'paypal';

let h: GatewayHarness;

// One harness for the file: nothing here moves the test server's clock. USD, which all three take.
beforeAll(async () => {
  h = await createGatewayHarness({ currency: 'USD' });
  // The sandboxes sign and record their webhooks but send none: each test posts them itself, to read the answer.
  h.sandboxes.stripe.dropNextWebhooks(10_000);
  h.sandboxes.razorpay.dropNextWebhooks(10_000);
  h.sandboxes.paypal.dropNextWebhooks(10_000);
});

afterAll(async () => {
  await h?.close();
});

const stripeSigned = (body: string): Delivery['headers'] => ({
  'content-type': 'application/json; charset=utf-8',
  'stripe-signature': signStripePayload(body, DEMO_SECRETS.stripe.webhookSecret, Math.floor(Date.now() / 1000)),
});
const razorpaySigned = (body: string, eventId: string): Delivery['headers'] => ({
  'content-type': 'application/json',
  'x-razorpay-signature': createHmac('sha256', DEMO_SECRETS.razorpay.webhookSecret).update(body).digest('hex'),
  'x-razorpay-event-id': eventId,
});

/** The shopper pays at the gateway; returns the webhook the gateway signed about it (not yet delivered). */
async function paidWebhook(gateway: WebhookGateway, checkout: StartedCheckout): Promise<Delivery> {
  switch (gateway) {
    case 'stripe': {
      h.sandboxes.stripe.pay(checkout.gatewayPaymentId);
      const event = h.sandboxes.stripe.events().find((e) => e.type === 'checkout.session.completed' && e.body.includes(checkout.gatewayPaymentId))!;
      return { eventId: event.id, body: event.body, headers: stripeSigned(event.body) };
    }
    case 'razorpay': {
      h.sandboxes.razorpay.pay(checkout.gatewayPaymentId);
      await webhooksLanded(h);
      const delivery = h.sandboxes.razorpay.webhooks().find((d) => d.event === 'order.paid' && d.body.includes(checkout.gatewayPaymentId))!;
      return {
        // Stored under what the signature covers, not the unsigned header.
        eventId: razorpayEventId(delivery.body),
        body: delivery.body,
        headers: { 'content-type': 'application/json', 'x-razorpay-signature': delivery.signature, 'x-razorpay-event-id': delivery.eventId },
      };
    }
    case 'paypal': {
      h.sandboxes.paypal.approve(checkout.gatewayPaymentId);
      await webhooksLanded(h);
      const delivery = h.sandboxes.paypal.webhooks().find((d) => d.eventType === 'CHECKOUT.ORDER.APPROVED' && d.body.includes(checkout.gatewayPaymentId))!;
      return { eventId: delivery.eventId, body: delivery.body, headers: { ...delivery.headers } };
    }
  }
}

/** A genuinely signed webhook about a payment this shop never made. */
async function strangerWebhook(gateway: WebhookGateway): Promise<Delivery> {
  switch (gateway) {
    case 'stripe': {
      const event = h.sandboxes.stripe.events().find((e) => e.type === 'checkout.session.completed')!;
      const body = event.body.replace(/"id": "evt_[A-Za-z0-9]+"/, '"id": "evt_stranger000000000000001"').replace(/cs_test_[A-Za-z0-9]+/g, 'cs_test_stranger0000000000000000');
      expect(body).not.toBe(event.body);
      return { eventId: 'evt_stranger000000000000001', body, headers: stripeSigned(body) };
    }
    case 'razorpay': {
      const delivery = h.sandboxes.razorpay.webhooks().find((d) => d.event === 'order.paid')!;
      const body = delivery.body.replace(/order_[A-Za-z0-9]+/g, 'order_Stranger000000');
      expect(body).not.toBe(delivery.body);
      return { eventId: razorpayEventId(body), body, headers: razorpaySigned(body, 'evt_stranger_razorpay_1') };
    }
    case 'paypal': {
      // An order made at PayPal by someone else's integration with our credentials: PayPal still signs its webhook.
      const base = `${h.sandboxes.baseUrl}/paypal`;
      const basic = Buffer.from(`${DEMO_SECRETS.paypal.clientId}:${DEMO_SECRETS.paypal.clientSecret}`).toString('base64');
      const token = (await (
        await fetch(`${base}/v1/oauth2/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
        })
      ).json()) as { access_token: string };
      const created = await fetch(`${base}/v2/checkout/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ intent: 'CAPTURE', purchase_units: [{ amount: { currency_code: 'USD', value: '12.00' } }] }),
      });
      expect(created.status).toBe(201);
      const order = (await created.json()) as { id: string };
      h.sandboxes.paypal.approve(order.id);
      await webhooksLanded(h);
      const delivery = h.sandboxes.paypal.webhooks().find((d) => d.body.includes(order.id))!;
      return { eventId: delivery.eventId, body: delivery.body, headers: { ...delivery.headers } };
    }
  }
}

async function post(gateway: string, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(`${h.apiUrl}/webhooks/${gateway}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const eventRow = async (gateway: string, eventId: string) =>
  h.sql<{ status: string; order_id: string | null }>('select status, order_id from gateway_events where gateway = ? and event_id = ?', [gateway, eventId]);
/** Refused deliveries counted for the gateway (rows are per gateway, code and minute). */
const rejectedRows = async (gateway: string) =>
  Number((await h.sql<{ n: string }>('select coalesce(sum(count), 0)::text as n from webhook_rejects where gateway = ?', [gateway]))[0]!.n);

describe.each(['stripe', 'razorpay', 'paypal'] as const)('POST /webhooks/%s', (gateway) => {
  it('signals the owning saga for a genuine event, records it, and the saga confirms; the same event again changes nothing', async () => {
    const db = ledger(h);
    const customerId = `cus_wh_${gateway}`;
    const before = await db.onHand('TEA');
    const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 1 }], customerId);
    const delivery = await paidWebhook(gateway, checkout);

    const first = await post(gateway, delivery.body, delivery.headers);

    expect(first).toMatchObject({ status: 200, body: { received: true, outcome: 'signalled' } });
    expect(await eventRow(gateway, delivery.eventId)).toEqual([{ status: 'signalled', order_id: checkout.orderId }]);
    const confirmed = await until(checkout.handle, (s) => s.status === 'confirmed', 'confirmed');
    expect(confirmed.callbacksReceived).toBe(1);

    const again = await post(gateway, delivery.body, delivery.headers);

    expect(again).toMatchObject({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await eventRow(gateway, delivery.eventId)).toEqual([{ status: 'signalled', order_id: checkout.orderId }]);
    expect((await stateOf(checkout.handle)).callbacksReceived).toBe(1);
    expect(await db.verifications(checkout.orderId)).toBe(1);
    expect(await db.orders(customerId)).toBe(1);
    expect(await db.onHand('TEA')).toBe(before - 1);
  });

  it('refuses a tampered body and a wrong signature with 401 problem+json, and records each as rejected', async () => {
    const checkout = await startCheckout(h, gateway, [{ sku: 'TEA', quantity: 1 }], `cus_tamper_${gateway}`);
    const delivery = await paidWebhook(gateway, checkout);
    const rejectedBefore = await rejectedRows(gateway);
    const tampered = delivery.body.replace(/"(value|amount|amount_total)": ?"?\d/, (match) => `${match}9`);
    expect(tampered).not.toBe(delivery.body);
    const signatureHeader = gateway === 'stripe' ? 'stripe-signature' : gateway === 'razorpay' ? 'x-razorpay-signature' : 'paypal-transmission-sig';
    const original = delivery.headers[signatureHeader]!;
    const wrong = gateway === 'stripe' ? original.replace(/v1=[0-9a-f]{4}/, 'v1=0000') : gateway === 'razorpay' ? '0'.repeat(64) : Buffer.alloc(256, 1).toString('base64');
    expect(wrong).not.toBe(original);

    const answers = [await post(gateway, tampered, delivery.headers), await post(gateway, delivery.body, { ...delivery.headers, [signatureHeader]: wrong })];

    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 401, code: 'webhooks.invalid_signature' });
    }
    expect(await rejectedRows(gateway)).toBe(rejectedBefore + 2);
    expect(await eventRow(gateway, delivery.eventId)).toEqual([]);
    const state = await stateOf(checkout.handle);
    expect(state.callbacksReceived).toBe(0);
    expect(state.status).toBe('awaiting_payment');
  });

  it('acknowledges a genuine event about a payment it does not know as unmatched, and records it', async () => {
    const delivery = await strangerWebhook(gateway);

    const answer = await post(gateway, delivery.body, delivery.headers);

    expect(answer).toMatchObject({ status: 200, body: { received: true, outcome: 'unmatched' } });
    expect(await eventRow(gateway, delivery.eventId)).toEqual([{ status: 'unmatched', order_id: null }]);
  });
});

describe('POST /webhooks/razorpay, replayed under fresh event ids', () => {
  it('records one signed body once, whatever X-Razorpay-Event-Id says, and signals its saga once', async () => {
    const checkout = await startCheckout(h, 'razorpay', [{ sku: 'TEA', quantity: 1 }], 'cus_wh_rzp_replay');
    const delivery = await paidWebhook('razorpay', checkout);
    const replayed = (id: string) => ({ ...delivery.headers, 'x-razorpay-event-id': id });

    const first = await post('razorpay', delivery.body, replayed('Replay00000001'));
    const second = await post('razorpay', delivery.body, replayed('Replay00000002'));
    const third = await post('razorpay', delivery.body, replayed('Replay00000003'));

    expect(first).toMatchObject({ status: 200, body: { outcome: 'signalled' } });
    expect(second).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(third).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await h.sql<{ n: string }>("select count(*)::text as n from gateway_events where gateway = 'razorpay' and order_id = ?", [checkout.orderId])).toEqual([{ n: '1' }]);
    const confirmed = await until(checkout.handle, (s) => s.status === 'confirmed', 'confirmed');
    expect(confirmed.callbacksReceived).toBe(1);
  });
});

describe('POST /webhooks/:gateway, a flood of forgeries', () => {
  it('counts 1,000 bad-signature deliveries in one row per gateway, code and minute, and still takes the genuine event', async () => {
    const checkout = await startCheckout(h, 'stripe', [{ sku: 'TEA', quantity: 1 }], 'cus_wh_flood');
    const genuine = await paidWebhook('stripe', checkout);
    await h.sql('delete from webhook_rejects');
    const forged = { ...genuine.headers, 'stripe-signature': genuine.headers['stripe-signature']!.replace(/v1=[0-9a-f]{4}/, 'v1=0000') };
    const statuses: number[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      statuses.push(...(await Promise.all(Array.from({ length: 50 }, async () => (await post('stripe', genuine.body, forged)).status))));
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(1000);

    const rows = await h.sql<{ gateway: string; code: string; count: number; minute: Date; first_seen_at: Date; last_seen_at: Date; sample_detail: string }>(
      'select gateway, code, count, minute, first_seen_at, last_seen_at, sample_detail from webhook_rejects order by minute',
    );
    // 1,000 requests take well under a minute; should they straddle one, two rows.
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThanOrEqual(2);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(1000);
    for (const row of rows) {
      expect(row).toMatchObject({ gateway: 'stripe', code: 'webhooks.invalid_signature', sample_detail: expect.stringMatching(/^Stripe webhook: /) });
      expect(new Date(row.first_seen_at).getTime()).toBeGreaterThanOrEqual(new Date(row.minute).getTime());
      expect(new Date(row.last_seen_at).getTime()).toBeLessThan(new Date(row.minute).getTime() + 60_000);
    }
    expect(await h.sql("select id from gateway_events where status = 'rejected'")).toEqual([]);

    // Nothing genuine is lost in the flood: the real event is recorded and delivered once.
    expect(await post('stripe', genuine.body, genuine.headers)).toMatchObject({ status: 200, body: { outcome: 'signalled' } });
    expect(await post('stripe', genuine.body, genuine.headers)).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await eventRow('stripe', genuine.eventId)).toEqual([{ status: 'signalled', order_id: checkout.orderId }]);
  });
});

describe('POST /webhooks/:gateway, refused before any verification', () => {
  it('answers 413 to a body over the size limit', async () => {
    const answer = await post('stripe', Buffer.alloc(300 * 1024, 'a'), { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' });
    expect(answer.status).toBe(413);
    expect(answer.contentType).toContain('application/problem+json');
  });

  it('answers 400 for a gateway it has never heard of', async () => {
    const answer = await post('square', '{}', { 'content-type': 'application/json' });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
  });

  it('answers 404 for a gateway that sends no webhooks (Khalti), recording nothing', async () => {
    const rows = await h.sql<{ n: string }>("select count(*)::text as n from gateway_events where gateway = 'khalti'");
    const answer = await post('khalti', '{"pidx":"x"}', { 'content-type': 'application/json' });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'webhooks.unsupported' });
    expect(await h.sql<{ n: string }>("select count(*)::text as n from gateway_events where gateway = 'khalti'")).toEqual(rows);
  });
});
