import { createHmac } from 'node:crypto';
import razorpayUtils from 'razorpay/dist/utils/razorpay-utils.js';
import { describe, expect, it } from 'vitest';
import { invalidCallbackOf } from '../../../support/gateway-errors.js';
import { createRazorpayReturnParser, parseRazorpayReturn, verifyRazorpayPaymentSignature } from '../../../../adapters/gateways/razorpay/return-parser.js';
import { razorpayEventId, RazorpayWebhookVerifier } from '../../../../adapters/gateways/razorpay/webhook-verifier.js';
import { RAZORPAY_FIXTURE_KEY_SECRET, razorpayFixture, razorpayRawFixture, razorpayReturnFields } from '../../../fixtures/razorpay/load.js';

const KEY_SECRET = RAZORPAY_FIXTURE_KEY_SECRET;
const WEBHOOK_SECRET = 'whsec_sandbox_Tq4Zm8Lr2Vx6Nc';
const ORDER_ID = 'order_Nf4TqPz8vXk2Lm';
const PAYMENT_ID = 'pay_Nf4U0aRk7QbT1c';

/** Changes the last hex digit, whatever it is. */
const flipLast = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
const sign = (secret: string, body: Buffer | string) => createHmac('sha256', secret).update(body).digest('hex');

describe('Checkout payment signature', () => {
  it('accepts the recorded return and agrees with the official SDK', () => {
    const fields = razorpayReturnFields('return-success');
    const signature = fields.get('razorpay_signature') ?? '';
    expect(verifyRazorpayPaymentSignature({ orderId: ORDER_ID, paymentId: PAYMENT_ID, signature }, KEY_SECRET)).toBe(true);
    expect(razorpayUtils.validatePaymentVerification({ order_id: ORDER_ID, payment_id: PAYMENT_ID }, signature, KEY_SECRET)).toBe(true);
  });

  it('refuses the swapped concatenation (payment|order), another secret and another order', () => {
    const signature = razorpayReturnFields('return-success').get('razorpay_signature') ?? '';
    expect(verifyRazorpayPaymentSignature({ orderId: PAYMENT_ID, paymentId: ORDER_ID, signature }, KEY_SECRET)).toBe(false);
    expect(verifyRazorpayPaymentSignature({ orderId: ORDER_ID, paymentId: PAYMENT_ID, signature }, 'another_secret')).toBe(false);
    expect(verifyRazorpayPaymentSignature({ orderId: 'order_Other0000001', paymentId: PAYMENT_ID, signature }, KEY_SECRET)).toBe(false);
  });
});

describe('parseRazorpayReturn (Checkout callback_url, signed)', () => {
  it('verifies the signature and returns the Razorpay order id as gatewayPaymentId', () => {
    expect(parseRazorpayReturn(razorpayReturnFields('return-success'), { keySecret: KEY_SECRET })).toEqual({
      ok: true,
      value: { gateway: 'razorpay', gatewayPaymentId: ORDER_ID, claimedStatus: 'authorized', signed: true, paymentId: PAYMENT_ID },
    });
  });

  it('accepts a Koa-style record (query or parsed form) and a raw query string', () => {
    const fields = razorpayReturnFields('return-success');
    expect(parseRazorpayReturn(Object.fromEntries(fields), { keySecret: KEY_SECRET }).ok).toBe(true);
    expect(parseRazorpayReturn(`?${fields.toString()}`, { keySecret: KEY_SECRET }).ok).toBe(true);
    expect(createRazorpayReturnParser(KEY_SECRET)(Object.fromEntries(fields))).toMatchObject({ ok: true, value: { gatewayPaymentId: ORDER_ID } });
  });

  it('computes the signature over the stored order id when one is given', () => {
    const fields = razorpayReturnFields('return-success');
    expect(parseRazorpayReturn(fields, { keySecret: KEY_SECRET, storedOrderId: ORDER_ID }).ok).toBe(true);
    // The browser claims another order: refused even though its signature is genuine for the pair it names.
    const other = parseRazorpayReturn(fields, { keySecret: KEY_SECRET, storedOrderId: 'order_Stored000001' });
    expect(other).toMatchObject({ ok: false, error: { code: 'payments.invalid_callback', details: { field: 'razorpay_order_id' } } });
    // Without the echoed order id, the stored one still makes the signature check pass.
    fields.delete('razorpay_order_id');
    expect(parseRazorpayReturn(fields, { keySecret: KEY_SECRET, storedOrderId: ORDER_ID }).ok).toBe(true);
  });

  it.each([
    ['a tampered signature', (q: URLSearchParams) => q.set('razorpay_signature', flipLast(q.get('razorpay_signature') ?? '')), 'razorpay_signature'],
    ['another payment id', (q: URLSearchParams) => q.set('razorpay_payment_id', 'pay_Forged00000001'), 'razorpay_signature'],
    ['another order id', (q: URLSearchParams) => q.set('razorpay_order_id', 'order_Forged0000001'), 'razorpay_signature'],
    ['a missing signature', (q: URLSearchParams) => q.delete('razorpay_signature'), 'razorpay_signature'],
    ['a missing payment id', (q: URLSearchParams) => q.delete('razorpay_payment_id'), 'razorpay_payment_id'],
    ['a missing order id', (q: URLSearchParams) => q.delete('razorpay_order_id'), 'razorpay_order_id'],
    ['a repeated payment id', (q: URLSearchParams) => q.append('razorpay_payment_id', PAYMENT_ID), 'razorpay_payment_id'],
    [
      'nothing at all',
      (q: URLSearchParams) => {
        for (const k of [...q.keys()]) q.delete(k);
      },
      'razorpay_payment_id',
    ],
  ])('rejects %s with payments.invalid_callback naming the field', (_name, tamper, field) => {
    const fields = razorpayReturnFields('return-success');
    tamper(fields);
    expect(invalidCallbackOf(parseRazorpayReturn(fields, { keySecret: KEY_SECRET })).details).toEqual({ field });
  });

  it('rejects a genuine return checked with the wrong key secret', () => {
    expect(parseRazorpayReturn(razorpayReturnFields('return-success'), { keySecret: WEBHOOK_SECRET }).ok).toBe(false);
  });

  it('reads a cancelled attempt as an unsigned hint naming the order from error[metadata]', () => {
    expect(parseRazorpayReturn(razorpayReturnFields('return-cancelled'), { keySecret: KEY_SECRET })).toEqual({
      ok: true,
      value: {
        gateway: 'razorpay',
        gatewayPaymentId: ORDER_ID,
        claimedStatus: 'cancelled',
        signed: false,
        paymentId: 'pay_Nf4U1Bv5Jx2KpE',
        error: {
          code: 'BAD_REQUEST_ERROR',
          description: 'Payment processing cancelled by user',
          source: 'customer',
          step: 'payment_authentication',
          reason: 'payment_cancelled',
        },
      },
    });
  });

  it('reads other failures as failed, and accepts error[metadata][order_id] spelled out', () => {
    const result = parseRazorpayReturn({ 'error[code]': 'BAD_REQUEST_ERROR', 'error[reason]': 'payment_failed', 'error[metadata][order_id]': ORDER_ID }, { keySecret: KEY_SECRET });
    expect(result).toMatchObject({ ok: true, value: { gatewayPaymentId: ORDER_ID, claimedStatus: 'failed', signed: false } });
  });

  it('rejects an error return without an order, or with metadata that is not JSON', () => {
    expect(parseRazorpayReturn({ 'error[code]': 'BAD_REQUEST_ERROR' }, { keySecret: KEY_SECRET })).toMatchObject({ ok: false, error: { details: { field: 'error[metadata]' } } });
    expect(parseRazorpayReturn({ 'error[code]': 'X', 'error[metadata]': '{order_id' }, { keySecret: KEY_SECRET })).toMatchObject({
      ok: false,
      error: { details: { field: 'error[metadata]' } },
    });
  });
});

describe('RazorpayWebhookVerifier', () => {
  const verifier = new RazorpayWebhookVerifier({ webhookSecret: WEBHOOK_SECRET });
  const headersFor = (body: Buffer, extra: Record<string, string | undefined> = {}) => ({
    'x-razorpay-signature': sign(WEBHOOK_SECRET, body),
    'x-razorpay-event-id': 'NfAB12cdEF34gh',
    'content-type': 'application/json',
    ...extra,
  });

  it.each([
    ['webhook-payment-authorized', 'payment.authorized', 'authorized', PAYMENT_ID, undefined],
    ['webhook-payment-captured', 'payment.captured', 'captured', PAYMENT_ID, undefined],
    ['webhook-payment-failed', 'payment.failed', 'failed', 'pay_Nf4U0Zc3mWq8Yd', undefined],
    ['webhook-order-paid', 'order.paid', 'captured', PAYMENT_ID, undefined],
    ['webhook-refund-processed', 'refund.processed', 'processed', PAYMENT_ID, 'rfnd_Nf5A2kTq8WzR3m'],
  ])('accepts a genuine %s', async (fixture, type, claimedStatus, paymentId, refundId) => {
    const body = razorpayRawFixture(fixture);
    const result = await verifier.verify(body, headersFor(body));
    expect(result).toEqual({
      ok: true,
      value: {
        gateway: 'razorpay',
        eventId: razorpayEventId(body),
        type,
        gatewayPaymentId: ORDER_ID,
        claimedStatus,
        paymentId,
        ...(refundId !== undefined && { refundId }),
        headerEventId: 'NfAB12cdEF34gh',
      },
    });
    // The official SDK agrees on the signature.
    expect(razorpayUtils.validateWebhookSignature(body.toString('utf8'), headersFor(body)['x-razorpay-signature'], WEBHOOK_SECRET)).toBe(true);
  });

  it('rejects a tampered body', async () => {
    const body = razorpayRawFixture('webhook-payment-captured');
    const tampered = Buffer.from(body.toString('utf8').replace('"amount":129900', '"amount":100'));
    expect(tampered.equals(body)).toBe(false);
    expect(await verifier.verify(tampered, headersFor(body))).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('rejects a body signed with another secret, including the API key secret', async () => {
    const body = razorpayRawFixture('webhook-payment-captured');
    for (const secret of [KEY_SECRET, 'whsec_rotated_away']) {
      const result = await verifier.verify(body, headersFor(body, { 'x-razorpay-signature': sign(secret, body) }));
      expect(result).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    }
  });

  it("rejects a re-serialised body (JSON.stringify of the parsed payload loses Razorpay's \\/ and \\uXXXX escapes)", async () => {
    const body = razorpayRawFixture('webhook-payment-captured');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(reserialised.equals(body)).toBe(false);
    expect(await verifier.verify(reserialised, headersFor(body))).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
  });

  it('rejects a missing or empty signature header', async () => {
    const body = razorpayRawFixture('webhook-payment-captured');
    for (const signature of [undefined, '']) {
      expect(await verifier.verify(body, headersFor(body, { 'x-razorpay-signature': signature }))).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    }
  });

  it('reads header names case-insensitively', async () => {
    const body = razorpayRawFixture('webhook-order-paid');
    const result = await verifier.verify(body, { 'X-Razorpay-Signature': sign(WEBHOOK_SECRET, body), 'X-Razorpay-Event-Id': 'Evt00000000001' });
    expect(result).toMatchObject({ ok: true, value: { headerEventId: 'Evt00000000001', type: 'order.paid' } });
  });

  it('keys the event on the signed body, not the unsigned X-Razorpay-Event-Id: a replay under fresh ids is the same event', async () => {
    const body = razorpayRawFixture('webhook-payment-captured');
    const ids = await Promise.all(
      ['NfAB12cdEF34gh', 'Forged00000001', 'Forged00000002', undefined].map(async (headerId) => {
        const result = await verifier.verify(body, headersFor(body, { 'x-razorpay-event-id': headerId }));
        if (!result.ok) throw new Error(result.error.message);
        return result.value.eventId;
      }),
    );
    expect(new Set(ids)).toEqual(new Set([razorpayEventId(body)]));
    expect(ids[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Another event (another body) is another key.
    const other = razorpayRawFixture('webhook-order-paid');
    expect(await verifier.verify(other, headersFor(other))).toMatchObject({ ok: true, value: { eventId: razorpayEventId(other) } });
    expect(razorpayEventId(other)).not.toBe(razorpayEventId(body));
  });

  it('answers webhooks.malformed for a correctly signed body that is not a Razorpay event', async () => {
    for (const text of ['not json', '{"payload":{}}', '{"event":"payment.captured","payload":{"payment":{"entity":{"id":7}}}}']) {
      const body = Buffer.from(text);
      expect(await verifier.verify(body, headersFor(body))).toMatchObject({ ok: false, error: { code: 'webhooks.malformed' } });
    }
  });

  it("verifies the SDK's own test vector shape (object body signed as bytes)", async () => {
    const body = Buffer.from('{"a":1,"b":2,"c":{"d":3}}');
    const signature = sign('123456', body);
    expect(razorpayUtils.validateWebhookSignature(body.toString(), signature, '123456')).toBe(true);
    const sdkSecretVerifier = new RazorpayWebhookVerifier({ webhookSecret: '123456' });
    // Signature verifies; the body is not a Razorpay event, so it is malformed rather than forged.
    expect(await sdkSecretVerifier.verify(body, { 'x-razorpay-signature': signature })).toMatchObject({ ok: false, error: { code: 'webhooks.malformed' } });
  });

  it('refuses an empty webhook secret', () => {
    expect(() => new RazorpayWebhookVerifier({ webhookSecret: ' ' })).toThrow(/secret/);
  });

  it('has a fixture for every event the adapter handles', () => {
    const events = ['webhook-payment-authorized', 'webhook-payment-captured', 'webhook-payment-failed', 'webhook-order-paid', 'webhook-refund-processed'].map(
      (f) => (razorpayFixture(f) as { event: string }).event,
    );
    expect(events).toEqual(['payment.authorized', 'payment.captured', 'payment.failed', 'order.paid', 'refund.processed']);
  });
});
