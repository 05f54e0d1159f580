import { beforeEach, describe, expect, it } from 'vitest';
import type { GatewayAdapter } from '../../../../adapters/gateways/gateway-adapter.js';
import { createIkhokhaAdapter, type IkhokhaAdapterConfig } from '../../../../adapters/gateways/ikhokha/index.js';
import { startIkhokhaSandbox } from '../../../../adapters/gateways/ikhokha/sandbox.js';
import { parseIkhokhaReturnClaims } from '../../../../adapters/gateways/ikhokha/return-parser.js';
import type { IkhokhaGatewayEvent } from '../../../../adapters/gateways/ikhokha/webhook-verifier.js';
import { GatewayRejectedError, type InitiatePaymentRequest } from '../../../../src/payments/ports/payment-gateway.js';
import { expectRejected } from '../../../support/gateway-errors.js';
import { caught } from '../../../support/http-stubs.js';
import { pressButton, redirectedTo, startWebhookReceiver } from './support.js';
import { redirectUrl, verifyAll } from '../adapter-checks.js';
import { testClock, useSandboxAndReceiver } from '../sandbox-lifecycle.js';

const APP_ID = 'IKSANDBOXAPP0000000000000000001';
const APP_SECRET = 'ikSandboxSecret_Hq4Rz8Wm2Kx6Tn9Pv';
const RETURN_URL = 'http://shop.test/payments/ikhokha/return';
const ZAR = (amountMinor: number) => ({ amountMinor, currency: 'ZAR' });
const ORDER_ID = 'ord_5Tz9Qk2Xw7Lm3Rv8';

const clock = testClock();
const rig = useSandboxAndReceiver(
  startWebhookReceiver,
  () => startIkhokhaSandbox({ port: 0, host: '127.0.0.1', mountPath: '/ikhokha', appId: APP_ID, appSecret: APP_SECRET, now: clock.now }),
  { settled: (s) => s.control.webhooksSettled(), clock },
);
beforeEach(() => {
  rig.sandbox.control.setWebhookUrl(undefined);
  rig.sandbox.control.setWebhookSignatureScheme('raw');
});

const adapter = (overrides: Partial<IkhokhaAdapterConfig> = {}): GatewayAdapter =>
  createIkhokhaAdapter({
    apiBaseUrl: rig.sandbox.apiBaseUrl,
    appId: APP_ID,
    appSecret: APP_SECRET,
    callbackUrl: rig.receiver.url,
    timeoutMs: 5000,
    now: clock.now,
    ...overrides,
  });

const order = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => ({
  orderId: ORDER_ID,
  amount: ZAR(149950),
  description: 'Rooibos tea and a Zulu beaded bowl',
  returnUrl: RETURN_URL,
  websiteUrl: 'http://shop.test',
  idempotencyKey: `checkout-${ORDER_ID}/initiate`,
  ...overrides,
});

/** Every callback the receiver got, verified with the adapter's verifier. */
async function verifiedWebhooks(a: GatewayAdapter = adapter()): Promise<IkhokhaGatewayEvent[]> {
  await rig.sandbox.control.webhooksSettled();
  return verifyAll<IkhokhaGatewayEvent>(a.webhookVerifier, rig.receiver.received);
}

describe('iKhokha adapter against the iKhokha sandbox', () => {
  it('pays: initiate → paylink page → Pay → success URL parses → lookup completed with the amount → signed callback verifies', async () => {
    const a = adapter();
    const started = Date.now();
    const initiated = await a.gateway.initiate(order());
    const url = redirectUrl(initiated.action);
    expect(url).toBe(`${rig.sandbox.url}/paylink/${initiated.gatewayPaymentId}`);
    expect(Date.parse(initiated.expiresAt) - started).toBeGreaterThan(1795_000);
    expect(Date.parse(initiated.expiresAt) - started).toBeLessThanOrEqual(1800_500);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('R 1 499.50');
    expect(html).toContain(ORDER_ID);

    expect(await a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950))).toMatchObject({ status: 'pending', gatewayStatus: 'PENDING' });

    const back = redirectedTo(await pressButton(url, 'pay-form'));
    expect(`${back.origin}${back.pathname}`).toBe(RETURN_URL);
    expect(parseIkhokhaReturnClaims(back.searchParams)).toEqual({ ok: true, value: { outcome: 'success', externalTransactionId: ORDER_ID, orderId: ORDER_ID } });
    // iKhokha's redirect carries no paylink id: the return is a hint about our order, nothing more.
    expect(a.returnParser?.(Object.fromEntries(back.searchParams))).toEqual({
      ok: true,
      value: { gateway: 'ikhokha', claimedOrderId: ORDER_ID, claimedStatus: 'success' },
    });

    expect(await a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950))).toEqual({
      status: 'completed',
      gatewayPaymentId: initiated.gatewayPaymentId,
      transactionId: initiated.gatewayPaymentId,
      amount: ZAR(149950),
      gatewayStatus: 'PAID',
    });

    const events = await verifiedWebhooks(a);
    expect(events).toEqual([
      {
        gateway: 'ikhokha',
        eventId: `${initiated.gatewayPaymentId}:SUCCESS`,
        type: 'paylink.success',
        gatewayPaymentId: initiated.gatewayPaymentId,
        claimedStatus: 'SUCCESS',
        externalTransactionId: ORDER_ID,
        orderId: ORDER_ID,
        responseCode: '00',
        signatureScheme: 'raw',
      },
    ]);
    expect(rig.receiver.received[0]?.path).toBe('/webhooks/ikhokha');
  });

  it('sent the paylink body the sandbox validated, signed with IK-APPID/IK-SIGN over the exact bytes', async () => {
    await adapter().gateway.initiate(order());
    const [create] = rig.sandbox.control.requests();
    expect(create).toMatchObject({ method: 'POST', path: '/ikhokha/public-api/v1/api/payment', status: 200 });
    expect(create?.headers['ik-appid']).toBe(APP_ID);
    expect(create?.headers['ik-sign']).toMatch(/^[0-9a-f]{64}$/);
    expect(create?.body).toEqual({
      entityID: APP_ID,
      amount: 149950,
      currency: 'ZAR',
      requesterUrl: 'http://shop.test',
      mode: 'live',
      description: 'Rooibos tea and a Zulu beaded bowl',
      paymentReference: ORDER_ID,
      externalTransactionID: ORDER_ID,
      urls: {
        callbackUrl: rig.receiver.url,
        successPageUrl: `${RETURN_URL}?ikhokha_result=success&ikhokha_ref=${ORDER_ID}`,
        failurePageUrl: `${RETURN_URL}?ikhokha_result=failure&ikhokha_ref=${ORDER_ID}`,
        cancelUrl: `${RETURN_URL}?ikhokha_result=cancel&ikhokha_ref=${ORDER_ID}`,
      },
    });
  });

  it('survives an apostrophe in the description (kept out of the signed bytes)', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order({ description: "Nando's peri-peri sauce" }));
    expect(rig.sandbox.control.get(initiated.gatewayPaymentId)?.description).toBe('Nando\u2019s peri-peri sauce');
  });

  it('cancels: Cancel → cancel URL → lookup failed/cancelled, no callback', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    const back = redirectedTo(await pressButton(redirectUrl(initiated.action), 'cancel-form'));
    expect(parseIkhokhaReturnClaims(back.searchParams)).toMatchObject({ ok: true, value: { outcome: 'cancel', orderId: ORDER_ID } });
    expect(await a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950))).toEqual({
      status: 'failed',
      gatewayPaymentId: initiated.gatewayPaymentId,
      reason: 'cancelled',
      gatewayStatus: 'CANCELLED',
    });
    await rig.sandbox.control.webhooksSettled();
    expect(rig.receiver.received).toHaveLength(0);
    // The link is spent.
    expect((await fetch(redirectUrl(initiated.action))).status).toBe(409);
  });

  it('declines: failure URL, lookup failed, FAILURE callback verifies', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    const back = redirectedTo(await pressButton(redirectUrl(initiated.action), 'decline-form'));
    expect(back.searchParams.get('ikhokha_result')).toBe('failure');
    expect(await a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950))).toMatchObject({ status: 'failed', reason: 'failed', gatewayStatus: 'FAILURE' });
    expect((await verifiedWebhooks(a)).map((e) => [e.eventId, e.claimedStatus])).toEqual([[`${initiated.gatewayPaymentId}:FAILURE`, 'FAILURE']]);
  });

  it('expires: by control, and by time passing; the page then refuses to take payment', async () => {
    const a = adapter();
    const first = await a.gateway.initiate(order());
    rig.sandbox.control.expire(first.gatewayPaymentId);
    expect(await a.gateway.lookup(first.gatewayPaymentId, ZAR(149950))).toMatchObject({ status: 'failed', reason: 'expired', gatewayStatus: 'EXPIRED' });
    expect((await fetch(redirectUrl(first.action))).status).toBe(410);

    const second = await a.gateway.initiate(order({ orderId: 'ord_2ndAttempt000001' }));
    clock.offsetMs = 1801_000;
    expect(await a.gateway.lookup(second.gatewayPaymentId, ZAR(149950))).toMatchObject({ status: 'failed', reason: 'expired' });
  });

  it('reports the amount iKhokha says was paid, even when it differs from the order', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.pay(initiated.gatewayPaymentId, { amount: 100 });
    expect(await a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950))).toMatchObject({ status: 'completed', amount: ZAR(100) });
  });

  it('an unknown status from getStatus goes to review', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.setStatus(initiated.gatewayPaymentId, 'ON_HOLD');
    expect(await a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950))).toMatchObject({ status: 'review', gatewayStatus: 'ON_HOLD' });
  });

  it('outage: a 503 is a retryable plain Error, and the next attempt succeeds', async () => {
    const a = adapter();
    rig.sandbox.control.failNext(1, 503);
    const e = await caught(a.gateway.initiate(order()));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
    expect(e.message).toMatch(/HTTP 503/);
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.failNext(1, 502);
    expect(await caught(a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950)))).not.toBeInstanceOf(GatewayRejectedError);
    expect(await a.gateway.lookup(initiated.gatewayPaymentId, ZAR(149950))).toMatchObject({ status: 'pending' });
  });

  it('unreachable gateway: a network error is a retryable plain Error', async () => {
    const a = adapter({ apiBaseUrl: 'http://127.0.0.1:1/public-api/v1/api' });
    const e = await caught(a.gateway.initiate(order()));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
    expect(e.message).toMatch(/network error/);
  });

  it('rejections: wrong secret, unknown app id, invalid body and unknown paylink are GatewayRejectedError', async () => {
    const wrongSecret = await caught(adapter({ appSecret: 'not-the-secret' }).gateway.initiate(order()));
    expectRejected(wrongSecret, { gatewayErrorKey: 'unauthorized' });
    expect(await caught(adapter({ appId: 'IKSOMEONEELSE' }).gateway.initiate(order()))).toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: 'unauthorized' });
    const invalid = await caught(adapter({ requesterUrl: 'shop.test' }).gateway.initiate(order()));
    expectRejected(invalid, { gatewayErrorKey: 'response_code_01' }, 'requesterUrl');
    expect(await caught(adapter().gateway.lookup('PLdoesNotExist00000000000', ZAR(100)))).toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: 'not_found' });
    expect(rig.sandbox.control.paylinks()).toHaveLength(0);
  });
});

describe('iKhokha callbacks delivered to a local receiver', () => {
  it('text-stripped signatures verify with the default verifier, and not with a raw-only one', async () => {
    rig.sandbox.control.setWebhookSignatureScheme('text_stripped');
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.pay(initiated.gatewayPaymentId);
    const events = await verifiedWebhooks(a);
    expect(events.map((e) => [e.gatewayPaymentId, e.signatureScheme])).toEqual([[initiated.gatewayPaymentId, 'text_stripped']]);
    const hook = rig.receiver.received[0];
    if (hook === undefined) throw new Error('no callback');
    const rawOnly = adapter({ webhookSignatureSchemes: ['raw'] }).webhookVerifier;
    expect(await rawOnly?.verify(hook.body, hook.headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('a replay carries the same bytes and event id (deduplicated downstream); a dropped one never arrives', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.dropNextWebhooks(1);
    rig.sandbox.control.pay(initiated.gatewayPaymentId);
    await rig.sandbox.control.webhooksSettled();
    expect(rig.receiver.received).toHaveLength(0);
    const [dropped] = rig.sandbox.control.webhooks();
    expect(dropped?.outcome).toBe('dropped');

    await rig.sandbox.control.replayWebhook(dropped?.deliveryId ?? '');
    await rig.sandbox.control.replayWebhook(dropped?.deliveryId ?? '');
    const events = await verifiedWebhooks(a);
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.eventId))).toEqual(new Set([`${initiated.gatewayPaymentId}:SUCCESS`]));
    expect(rig.receiver.received[0]?.body.equals(rig.receiver.received[1]?.body ?? Buffer.alloc(0))).toBe(true);
  });

  it('a tampered or re-serialised delivery is refused by the verifier', async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.decline(initiated.gatewayPaymentId);
    await rig.sandbox.control.webhooksSettled();
    const hook = rig.receiver.received[0];
    if (hook === undefined) throw new Error('no callback');
    const verifier = a.webhookVerifier;
    const tampered = Buffer.from(hook.body.toString().replace('"FAILURE"', '"SUCCESS"'));
    expect(await verifier?.verify(tampered, hook.headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(hook.body.toString()), null, 2));
    expect(await verifier?.verify(reserialised, hook.headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    expect(await adapter({ appSecret: 'another-secret' }).webhookVerifier?.verify(hook.body, hook.headers)).toMatchObject({ ok: false });
  });

  it("sendWebhook goes to a configured webhookUrl instead of callbackUrl, signed over that URL's path", async () => {
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.setWebhookUrl(`${rig.receiver.origin}/hooks/elsewhere`);
    const delivery = await rig.sandbox.control.sendWebhook(initiated.gatewayPaymentId, 'FAILURE');
    expect(delivery).toMatchObject({ outcome: 200, url: `${rig.receiver.origin}/hooks/elsewhere`, status: 'FAILURE' });
    const hook = rig.receiver.received[0];
    if (hook === undefined) throw new Error('no callback');
    expect(hook.path).toBe('/hooks/elsewhere');
    // Our verifier signs over our own callback path: a callback signed for another path is refused…
    expect(await a.webhookVerifier?.verify(hook.body, hook.headers)).toMatchObject({ ok: false });
    // …and accepted by a verifier configured with that path.
    expect(await adapter({ callbackUrl: `${rig.receiver.origin}/hooks/elsewhere` }).webhookVerifier?.verify(hook.body, hook.headers)).toMatchObject({
      ok: true,
      value: { gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'FAILURE' },
    });
  });

  it('records a receiver that fails, so a retry can be replayed', async () => {
    rig.receiver.status = 500;
    const a = adapter();
    const initiated = await a.gateway.initiate(order());
    rig.sandbox.control.pay(initiated.gatewayPaymentId);
    await rig.sandbox.control.webhooksSettled();
    expect(rig.sandbox.control.webhooks().map((d) => d.outcome)).toEqual([500]);
    rig.receiver.status = 200;
    const again = await rig.sandbox.control.replayWebhook(rig.sandbox.control.webhooks()[0]?.deliveryId ?? '');
    expect(again.outcome).toBe(200);
    expect(await verifiedWebhooks(a)).toHaveLength(2);
  });
});
