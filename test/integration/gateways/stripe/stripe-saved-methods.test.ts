import { describe, expect, it } from 'vitest';
import { createStripeAdapter, createStripeSavedMethods, stripeSavedMethods } from '../../../../adapters/gateways/stripe/index.js';
import { parseStripeReturn } from '../../../../adapters/gateways/stripe/return-parser.js';
import type { InitiatePaymentRequest, PaymentGateway } from '../../../../src/payments/ports/payment-gateway.js';
import { pressButton, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, useStripeSandbox } from './support.js';
import { testClock } from '../sandbox-lifecycle.js';

const SECRET_KEY = STRIPE_SECRET_KEY;
const WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET;
const RETURN_URL = 'http://shop.test/payments/stripe/return';
const USD = { amountMinor: 2599, currency: 'USD' };

const clock = testClock();
const rig = useStripeSandbox(clock);

const config = () => ({ secretKey: SECRET_KEY, apiBaseUrl: rig.sandbox.apiBaseUrl, maxNetworkRetries: 0, timeoutMs: 5000 });
const gateway = (): PaymentGateway => createStripeAdapter({ ...config(), webhookSecret: WEBHOOK_SECRET }).gateway;
const saved = () => createStripeSavedMethods(config());

let seq = 0;
const order = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => {
  seq += 1;
  const orderId = `ord_saved_${seq}`;
  return { orderId, amount: USD, description: 'Wool scarf', returnUrl: RETURN_URL, websiteUrl: 'http://shop.test', idempotencyKey: `checkout-${orderId}/initiate`, ...overrides };
};

/** A Customer with the test card `testId` attached: the ids paysaga would keep. */
async function savedCard(testId: string): Promise<{ gatewayCustomerId: string; gatewayMethodId: string }> {
  const { gatewayCustomerId } = await saved().createCustomer({ shopperId: `shp_${seq}_${testId}`, idempotencyKey: `customer-${seq}-${testId}` });
  const attach = await fetch(`${rig.sandbox.apiBaseUrl}/v1/payment_methods/${testId}/attach`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ customer: gatewayCustomerId }),
  });
  const pm = (await attach.json()) as { id: string };
  return { gatewayCustomerId, gatewayMethodId: pm.id };
}

const urlOf = (action: { type: string; url?: string }): string => {
  if (action.type !== 'redirect' || action.url === undefined) throw new Error('expected a redirect');
  return action.url;
};

describe('Stripe saved methods against the sandbox', () => {
  it('pays with a saved visa off-session: straight back to the return URL, completed with paidWith', async () => {
    const method = await savedCard('pm_card_visa');
    const initiated = await gateway().initiate(order({ savedMethod: method }));
    expect(initiated.gatewayPaymentId).toMatch(/^pi_/);
    const back = new URL(urlOf(initiated.action));
    expect(`${back.origin}${back.pathname}`).toBe(RETURN_URL);
    const parsed = parseStripeReturn(Object.fromEntries(back.searchParams));
    expect(parsed).toMatchObject({ ok: true, value: { gatewayPaymentId: initiated.gatewayPaymentId, claimedStatus: 'success' } });
    const report = await gateway().lookup(initiated.gatewayPaymentId, USD);
    expect(report).toMatchObject({ status: 'completed', transactionId: initiated.gatewayPaymentId, amount: USD, paidWith: { type: 'card', brand: 'visa', last4: '4242' } });
  });

  it.each([
    ['pm_card_chargeDeclined', 'generic_decline'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card'],
  ])('refuses %s with a GatewayRejectedError keyed %s', async (testId, key) => {
    const method = await savedCard(testId);
    await expect(gateway().initiate(order({ savedMethod: method }))).rejects.toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: key });
  });

  it.each([
    ['complete-form', 'succeeded', 'completed'],
    ['fail-form', 'failed', 'pending'],
  ])('asks for authentication; pressing %s on the bank page returns %s, lookup %s', async (form, redirectStatus, status) => {
    const method = await savedCard('pm_card_authenticationRequired');
    const initiated = await gateway().initiate(order({ savedMethod: method }));
    expect((await gateway().lookup(initiated.gatewayPaymentId, USD)).status).toBe('pending');
    const pressed = await pressButton(urlOf(initiated.action), form);
    expect(pressed.status).toBe(303);
    const back = new URL(pressed.headers.get('location') ?? '');
    expect(back.searchParams.get('redirect_status')).toBe(redirectStatus);
    expect(back.searchParams.get('payment_intent')).toBe(initiated.gatewayPaymentId);
    expect(parseStripeReturn(Object.fromEntries(back.searchParams))).toMatchObject({ ok: true, value: { gatewayPaymentId: initiated.gatewayPaymentId } });
    const report = await gateway().lookup(initiated.gatewayPaymentId, USD);
    expect(report.status).toBe(status);
    if (status === 'pending') expect(report).toMatchObject({ notStarted: true });
    await rig.sandbox.control.flushWebhooks();
    const types = rig.sandbox.control.events().map((e) => e.type);
    expect(types).toContain(redirectStatus === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed');
  });

  it('a retried initiate (same key) replays Stripe’s answers: one PaymentIntent, the same decline or redirect', async () => {
    const intentsMade = () => rig.sandbox.control.events().filter((e) => e.type === 'payment_intent.created').length;
    const declined = order({ savedMethod: await savedCard('pm_card_chargeDeclined') });
    const before = intentsMade();
    await expect(gateway().initiate(declined)).rejects.toMatchObject({ gatewayErrorKey: 'generic_decline' });
    await expect(gateway().initiate(declined)).rejects.toMatchObject({ gatewayErrorKey: 'generic_decline' });
    expect(intentsMade()).toBe(before + 1);
    const authenticate = order({ savedMethod: await savedCard('pm_card_authenticationRequired') });
    const first = await gateway().initiate(authenticate);
    const second = await gateway().initiate(authenticate);
    expect(second.gatewayPaymentId).toBe(first.gatewayPaymentId);
    expect(second.action).toEqual(first.action);
    expect(intentsMade()).toBe(before + 2);
  });

  it('keeps the card paid on the hosted page for the customer (saveFor), then pays with it again', async () => {
    const { gatewayCustomerId } = await saved().createCustomer({ shopperId: 'shp_keep', email: 'ada@example.test', idempotencyKey: 'customer-keep' });
    const initiated = await gateway().initiate(order({ saveFor: { gatewayCustomerId } }));
    const paid = await pressButton(urlOf(initiated.action), 'pay-form');
    expect(paid.status).toBe(303);
    const details = await saved().methodOfPayment(initiated.gatewayPaymentId);
    expect(details).toMatchObject({ type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 });
    expect(JSON.stringify(details)).not.toMatch(/4242424242424242/);
    // Nothing the adapter sent or read back through the API holds a card number.
    expect(JSON.stringify(rig.sandbox.control.requests())).not.toMatch(/\d{13,19}/);
    expect(await saved().methodsOf(gatewayCustomerId)).toEqual([details]);
    const again = await gateway().initiate(order({ savedMethod: { gatewayCustomerId, gatewayMethodId: details?.gatewayMethodId ?? '' } }));
    expect((await gateway().lookup(again.gatewayPaymentId, USD)).status).toBe('completed');
  });

  it('does not keep the card without saveFor', async () => {
    const initiated = await gateway().initiate(order());
    await pressButton(urlOf(initiated.action), 'pay-form');
    expect(await saved().methodOfPayment(initiated.gatewayPaymentId)).toBeUndefined();
  });

  it('pays with Google Pay on the hosted page: paidWith says the wallet', async () => {
    const initiated = await gateway().initiate(order());
    const paid = await pressButton(urlOf(initiated.action), 'google-pay-form');
    expect(paid.status).toBe(303);
    expect(await gateway().lookup(initiated.gatewayPaymentId, USD)).toMatchObject({ status: 'completed', paidWith: { type: 'card', wallet: 'google_pay' } });
  });

  it('detaches a method; detaching it again is fine', async () => {
    const method = await savedCard('pm_card_mastercard');
    expect((await saved().methodsOf(method.gatewayCustomerId)).map((m) => m.brand)).toEqual(['mastercard']);
    await saved().detach(method);
    await saved().detach(method);
    expect(await saved().methodsOf(method.gatewayCustomerId)).toEqual([]);
    expect(rig.sandbox.control.paymentMethods().find((pm) => pm['id'] === method.gatewayMethodId)).toMatchObject({ customer: null });
  });

  it('builds from the Stripe settings the registry resolves', async () => {
    const store = stripeSavedMethods.create({ apiBaseUrl: rig.sandbox.apiBaseUrl, secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
    expect(store.id).toBe('stripe');
    const { gatewayCustomerId } = await store.createCustomer({ shopperId: 'shp_settings', idempotencyKey: 'customer-settings' });
    expect(rig.sandbox.control.customers().find((c) => c['id'] === gatewayCustomerId)).toMatchObject({ metadata: { paysaga_shopper_id: 'shp_settings' } });
  });

  it('replays the customer for the same idempotency key', async () => {
    const a = await saved().createCustomer({ shopperId: 'shp_same', idempotencyKey: 'customer-same' });
    const b = await saved().createCustomer({ shopperId: 'shp_same', idempotencyKey: 'customer-same' });
    expect(b).toEqual(a);
    expect(rig.sandbox.control.customers().filter((c) => c['id'] === a.gatewayCustomerId)).toHaveLength(1);
  });
});
