import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { invalidCallbackOf } from '../../../support/gateway-errors.js';
import { signStripePayload } from '../../../../adapters/gateways/stripe/sandbox.js';
import { parseStripeReturn } from '../../../../adapters/gateways/stripe/return-parser.js';
import { StripeWebhookVerifier } from '../../../../adapters/gateways/stripe/webhook-verifier.js';
import { stripeWebhookBody } from '../../../fixtures/stripe/load.js';

const SECRET = 'whsec_5f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f';
const NOW = new Date('2026-11-20T10:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const SESSION = 'cs_test_a1Qw8TzK3mN5pR7sV9xY2bC4dF6gH8jL0nP2rT4vX6zA8cE0gI2kM4oQ6s';
const ORDER = 'ord_9Zk2mQ7vB1nR8sW3yX4cT6';

const verifier = (now = NOW, secret = SECRET) => new StripeWebhookVerifier({ endpointSecret: secret, now: () => now });

describe('StripeWebhookVerifier (Stripe-Signature over the raw bytes)', () => {
  const body = stripeWebhookBody('event-checkout-session-completed');

  it('accepts a genuine checkout.session.completed and says which session it is about', async () => {
    const result = await verifier().verify(body, { 'stripe-signature': signStripePayload(body, SECRET, T) });
    expect(result).toEqual({
      ok: true,
      value: {
        gateway: 'stripe',
        eventId: 'evt_1QxY8aB2mN4kL6pR9tU1wX3z',
        type: 'checkout.session.completed',
        gatewayPaymentId: SESSION,
        claimedStatus: 'paid',
        objectType: 'checkout.session',
        objectId: SESSION,
        orderId: ORDER,
        paymentIntentId: 'pi_3QxY7zB2mN4kL6pR8sT0vW2y',
        created: 1795000302,
        livemode: false,
      },
    });
  });

  it('accepts the signature the official SDK generates (our sandbox signs the same way)', async () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret: SECRET, timestamp: T });
    expect(header).toBe(signStripePayload(body, SECRET, T));
    expect((await verifier().verify(body, { 'stripe-signature': header })).ok).toBe(true);
  });

  it('reads payment_intent.succeeded: no session id, but the order id and intent from metadata', async () => {
    const pi = stripeWebhookBody('event-payment-intent-succeeded');
    const result = await verifier().verify(pi, { 'stripe-signature': signStripePayload(pi, SECRET, T) });
    expect(result).toMatchObject({
      ok: true,
      value: { type: 'payment_intent.succeeded', claimedStatus: 'succeeded', orderId: ORDER, paymentIntentId: 'pi_3QxY7zB2mN4kL6pR8sT0vW2y' },
    });
    if (result.ok) expect(result.value.gatewayPaymentId).toBeUndefined();
  });

  it("reads charge.refunded with the charge's PaymentIntent", async () => {
    const charge = stripeWebhookBody('event-charge-refunded');
    const result = await verifier().verify(charge, { 'Stripe-Signature': signStripePayload(charge, SECRET, T) });
    expect(result).toMatchObject({ ok: true, value: { type: 'charge.refunded', objectType: 'charge', paymentIntentId: 'pi_3QxY7zB2mN4kL6pR8sT0vW2y', orderId: ORDER } });
  });

  it('accepts when any of several v1 signatures matches (secret rotation) and ignores v0', async () => {
    const good = signStripePayload(body, SECRET, T).split(',v1=')[1] ?? '';
    const header = `t=${T},v1=${'0'.repeat(64)},v0=${'1'.repeat(64)},v1=${good}`;
    expect((await verifier().verify(body, { 'stripe-signature': header })).ok).toBe(true);
  });

  it('accepts a signature 299 s old and rejects one 301 s old', async () => {
    const header = signStripePayload(body, SECRET, T - 299);
    expect((await verifier().verify(body, { 'stripe-signature': header })).ok).toBe(true);
    const stale = await verifier().verify(body, { 'stripe-signature': signStripePayload(body, SECRET, T - 301) });
    expect(stale).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    if (!stale.ok) expect(stale.error.message).toContain('tolerance');
  });

  it.each([
    ['a tampered body', () => Buffer.from(body.toString('utf8').replace('"amount_total": 2599', '"amount_total": 1')), SECRET],
    ['a re-serialised body (parsed and stringified again)', () => Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')))), SECRET],
    ['a body with a different line ending', () => Buffer.from(body.toString('utf8').replace(/\n/g, '\r\n')), SECRET],
  ])('rejects %s', async (_name, alter, secret) => {
    const header = signStripePayload(body, secret, T);
    const result = await verifier().verify(alter(), { 'stripe-signature': header });
    expect(result).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('rejects a signature made with another secret', async () => {
    const header = signStripePayload(body, 'whsec_someone_else_0000000000000000', T);
    expect(await verifier().verify(body, { 'stripe-signature': header })).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('rejects a signature over the same body at another timestamp', async () => {
    const v1 = signStripePayload(body, SECRET, T - 10).split(',v1=')[1] ?? '';
    expect(await verifier().verify(body, { 'stripe-signature': `t=${T},v1=${v1}` })).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it.each([
    ['no header', {}],
    ['an empty header', { 'stripe-signature': '' }],
    ['no timestamp', { 'stripe-signature': `v1=${'a'.repeat(64)}` }],
    ['only a v0 signature', { 'stripe-signature': `t=${T},v0=${'a'.repeat(64)}` }],
  ])('rejects %s', async (_name, headers: Record<string, string>) => {
    expect(await verifier().verify(body, headers)).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('answers webhooks.malformed for a correctly signed body that is not a Stripe event', async () => {
    for (const text of ['not json', '{"id":"evt_1","object":"charge"}', '{"id":"evt_1","object":"event","type":"x","created":1,"livemode":false,"data":{}}']) {
      const bytes = Buffer.from(text);
      const result = await verifier().verify(bytes, { 'stripe-signature': signStripePayload(bytes, SECRET, T) });
      expect(result).toMatchObject({ ok: false, error: { code: 'webhooks.malformed' } });
    }
  });

  it('refuses to be built without a usable secret or with the timestamp check switched off', () => {
    expect(() => new StripeWebhookVerifier({ endpointSecret: '' })).toThrow();
    expect(() => new StripeWebhookVerifier({ endpointSecret: `${SECRET}\n` })).toThrow(/whitespace/);
    expect(() => new StripeWebhookVerifier({ endpointSecret: SECRET, toleranceSeconds: 0 })).toThrow(/positive/);
  });
});

describe('parseStripeReturn (browser return, unsigned)', () => {
  const success = `?stripe_checkout=success&order_id=${ORDER}&session_id=${SESSION}`;

  it('parses the success return', () => {
    expect(parseStripeReturn(success)).toEqual({
      ok: true,
      value: { gateway: 'stripe', gatewayPaymentId: SESSION, claimedOrderId: ORDER, claimedStatus: 'success' },
    });
  });

  it('parses a Koa-style query object and URLSearchParams', () => {
    expect(parseStripeReturn({ stripe_checkout: 'success', session_id: SESSION })).toEqual({
      ok: true,
      value: { gateway: 'stripe', gatewayPaymentId: SESSION, claimedStatus: 'success' },
    });
    expect(parseStripeReturn(new URLSearchParams(success))).toMatchObject({ ok: true, value: { gatewayPaymentId: SESSION } });
  });

  it('parses a cancel return when Stripe filled in the session id', () => {
    expect(parseStripeReturn(`stripe_checkout=cancel&order_id=${ORDER}&session_id=${SESSION}`)).toMatchObject({
      ok: true,
      value: { gatewayPaymentId: SESSION, claimedStatus: 'cancel', claimedOrderId: ORDER },
    });
  });

  it('refuses a cancel return where the template was left unfilled, keeping the claimed order id', () => {
    const result = parseStripeReturn(`stripe_checkout=cancel&order_id=${ORDER}&session_id={CHECKOUT_SESSION_ID}`);
    expect(result).toMatchObject({ ok: false, error: { code: 'payments.invalid_callback', details: { field: 'session_id', claimedOrderId: ORDER } } });
  });

  it.each([
    ['missing session_id', 'stripe_checkout=success', 'session_id'],
    ['a PaymentIntent id instead of a session id', 'stripe_checkout=success&session_id=pi_3QxY7zB2mN4kL6pR8sT0vW2y', 'session_id'],
    ['a session id with odd characters', 'stripe_checkout=success&session_id=cs_test_abc%3Cscript%3E', 'session_id'],
    ['repeated session_id', `stripe_checkout=success&session_id=${SESSION}&session_id=cs_test_other`, 'session_id'],
    ['missing outcome', `session_id=${SESSION}`, 'stripe_checkout'],
    ['unknown outcome', `stripe_checkout=paid&session_id=${SESSION}`, 'stripe_checkout'],
  ])('rejects %s with payments.invalid_callback naming the field', (_name, query, field) => {
    const error = invalidCallbackOf(parseStripeReturn(query));
    expect(error.message).toContain(field);
    expect(error.details).toMatchObject({ field });
  });
});
