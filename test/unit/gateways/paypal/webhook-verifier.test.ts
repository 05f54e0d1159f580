import { sign } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandboxSigningIdentity, type SandboxSigningIdentity } from '../../../../adapters/gateways/paypal/sandbox-certificate.js';
import { parsePayPalReturn } from '../../../../adapters/gateways/paypal/return-parser.js';
import { PayPalWebhookVerifier, type PayPalWebhookVerifierOptions } from '../../../../adapters/gateways/paypal/webhook-verifier.js';
import { payPalRawFixture, payPalReturnQuery } from '../../../fixtures/paypal/load.js';

const WEBHOOK_ID = '8PT597110X687430LKGECATA';
const CERT_URL = 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-7a8abba8';
const NOW = new Date('2025-03-14T12:02:13Z');

let identity: SandboxSigningIdentity;
let other: SandboxSigningIdentity;

beforeAll(() => {
  identity = createSandboxSigningIdentity({ now: NOW });
  other = createSandboxSigningIdentity({ now: NOW });
});

/** Headers as PayPal sends them, signed over `body` with `key`. */
function signedHeaders(body: Buffer, options: { webhookId?: string; key?: SandboxSigningIdentity; certUrl?: string; time?: string } = {}): Record<string, string> {
  const transmissionId = '69cd13f0-d67a-11e5-baa3-778b53f4ae55';
  const time = options.time ?? '2025-03-14T12:02:12Z';
  const message = `${transmissionId}|${time}|${options.webhookId ?? WEBHOOK_ID}|${crc32(body) >>> 0}`;
  return {
    'paypal-transmission-id': transmissionId,
    'paypal-transmission-time': time,
    'paypal-transmission-sig': sign('sha256', Buffer.from(message), (options.key ?? identity).privateKey).toString('base64'),
    'paypal-cert-url': options.certUrl ?? CERT_URL,
    'paypal-auth-algo': 'SHA256withRSA',
  };
}

/** Serves `pem` at any URL and counts the downloads. */
function certServer(pem: () => string, status = 200) {
  const fetched: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    fetched.push(String(input));
    return new Response(pem(), { status, headers: { 'content-type': 'text/plain' } });
  }) as typeof globalThis.fetch;
  return { fetch, fetched };
}

function verifier(fetch: typeof globalThis.fetch, extra: Partial<PayPalWebhookVerifierOptions> = {}) {
  return new PayPalWebhookVerifier({ webhookId: WEBHOOK_ID, fetch, now: () => NOW, ...extra });
}

describe('PayPalWebhookVerifier', () => {
  it('CRC-32 is the unsigned decimal PayPal signs (crc32("hello") = 907060870)', () => {
    expect(crc32(Buffer.from('hello')) >>> 0).toBe(907060870);
  });

  it('accepts a genuine capture event and names its order, fetching the certificate from PayPal', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const server = certServer(() => identity.certificatePem);
    const result = await verifier(server.fetch).verify(body, signedHeaders(body));
    expect(result).toEqual({
      ok: true,
      value: {
        gateway: 'paypal',
        eventId: 'WH-58D329510W468432D-8HN650336L201105X',
        type: 'PAYMENT.CAPTURE.COMPLETED',
        gatewayPaymentId: '5O190127TN364715T',
        claimedStatus: 'COMPLETED',
        resourceType: 'capture',
        resourceId: '3C679366HH908993F',
      },
    });
    expect(server.fetched).toEqual([CERT_URL]);
  });

  it('takes the order id of CHECKOUT.ORDER.APPROVED from the resource itself', async () => {
    const body = payPalRawFixture('webhook-order-approved');
    const result = await verifier(certServer(() => identity.certificatePem).fetch).verify(body, signedHeaders(body));
    expect(result).toMatchObject({ ok: true, value: { type: 'CHECKOUT.ORDER.APPROVED', gatewayPaymentId: '5O190127TN364715T', claimedStatus: 'APPROVED' } });
  });

  it('leaves gatewayPaymentId out of a refund event, which does not name its order', async () => {
    const body = payPalRawFixture('webhook-capture-refunded');
    const result = await verifier(certServer(() => identity.certificatePem).fetch).verify(body, signedHeaders(body));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).not.toHaveProperty('gatewayPaymentId');
      expect(result.value).toMatchObject({ type: 'PAYMENT.CAPTURE.REFUNDED', resourceType: 'refund', resourceId: '1JU08902781691411' });
    }
  });

  it('reads the headers whatever their case', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const upper = Object.fromEntries(Object.entries(signedHeaders(body)).map(([k, v]) => [k.toUpperCase(), v]));
    await expect(verifier(certServer(() => identity.certificatePem).fetch).verify(body, upper)).resolves.toMatchObject({ ok: true });
  });

  it('caches the certificate per URL', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const server = certServer(() => identity.certificatePem);
    const v = verifier(server.fetch);
    await v.verify(body, signedHeaders(body));
    await v.verify(body, signedHeaders(body));
    expect(server.fetched).toHaveLength(1);
  });

  it('downloads a certificate once for deliveries arriving together, and again after a day', async () => {
    const bodies = [payPalRawFixture('webhook-capture-completed'), payPalRawFixture('webhook-order-approved'), payPalRawFixture('webhook-capture-refunded')];
    const server = certServer(() => identity.certificatePem);
    let now = NOW;
    const v = verifier(server.fetch, { now: () => now });
    const results = await Promise.all(bodies.map((body) => v.verify(body, signedHeaders(body))));
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(server.fetched).toEqual([CERT_URL]);

    now = new Date(NOW.getTime() + 24 * 3600_000 + 1000);
    const body = bodies[0]!;
    await expect(v.verify(body, signedHeaders(body, { time: '2025-03-15T12:02:14Z' }))).resolves.toMatchObject({ ok: true });
    expect(server.fetched).toEqual([CERT_URL, CERT_URL]);
  });

  it('keeps a bounded number of certificates, dropping the least recently used', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const server = certServer(() => identity.certificatePem);
    const v = verifier(server.fetch);
    const urlOf = (i: number) => `${CERT_URL}-${i}`;
    for (let i = 0; i < 32; i += 1) await v.verify(body, signedHeaders(body, { certUrl: urlOf(i) }));
    await v.verify(body, signedHeaders(body, { certUrl: urlOf(0) })); // used again: now the most recent
    await v.verify(body, signedHeaders(body, { certUrl: urlOf(32) })); // evicts 1, the least recently used
    expect(server.fetched).toHaveLength(33);
    await v.verify(body, signedHeaders(body, { certUrl: urlOf(0) }));
    expect(server.fetched).toHaveLength(33);
    await v.verify(body, signedHeaders(body, { certUrl: urlOf(1) }));
    expect(server.fetched).toHaveLength(34);
  });

  it('remembers for a while that a URL serves no certificate', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const server = certServer(() => 'no such certificate', 404);
    let now = NOW;
    const v = verifier(server.fetch, { now: () => now });
    for (let i = 0; i < 5; i += 1) await expect(v.verify(body, signedHeaders(body))).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    expect(server.fetched).toHaveLength(1);
    now = new Date(NOW.getTime() + 10 * 60_000 + 1000);
    await v.verify(body, signedHeaders(body, { time: '2025-03-14T12:12:14Z' }));
    expect(server.fetched).toHaveLength(2);
  });

  it('does every check that needs no network before downloading the certificate', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const good = signedHeaders(body);
    const server = certServer(() => identity.certificatePem);
    const v = verifier(server.fetch);
    const refused: [Buffer, Record<string, string | undefined>][] = [
      [body, { ...good, 'paypal-transmission-sig': undefined }],
      [body, { ...good, 'paypal-transmission-id': '' }],
      [body, { ...good, 'paypal-transmission-id': 'x'.repeat(51) }],
      [body, { ...good, 'paypal-auth-algo': 'SHA1withRSA' }],
      [body, { ...good, 'paypal-transmission-sig': 'AAAA' }],
      [body, { ...good, 'paypal-transmission-sig': 'not base64!' }],
      [body, { ...good, 'paypal-transmission-time': '2025-03-14T11:00:00Z' }],
      [body, { ...good, 'paypal-cert-url': 'https://evil.example.com/v1/notifications/certs/CERT-1' }],
      [Buffer.from('not json'), good],
      [Buffer.from('{"event_type":"PAYMENT.CAPTURE.COMPLETED"}'), good],
    ];
    for (const [raw, headers] of refused) await expect(v.verify(raw, headers)).resolves.toMatchObject({ ok: false });
    expect(server.fetched).toEqual([]);
    await expect(v.verify(body, good)).resolves.toMatchObject({ ok: true });
    expect(server.fetched).toEqual([CERT_URL]);
  });

  it('rejects a tampered body', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const headers = signedHeaders(body);
    const tampered = Buffer.from(body.toString('utf8').replace('"value":"42.50"', '"value":"4250.00"'));
    expect(tampered.equals(body)).toBe(false);
    await expect(verifier(certServer(() => identity.certificatePem).fetch).verify(tampered, headers)).resolves.toMatchObject({
      ok: false,
      error: { code: 'webhooks.invalid_signature' },
    });
  });

  it('rejects a body signed for another webhook id (the wrong subscription)', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const headers = signedHeaders(body, { webhookId: 'WH-58D329510W468432D-8HN650336L201105X' });
    await expect(verifier(certServer(() => identity.certificatePem).fetch).verify(body, headers)).resolves.toMatchObject({
      ok: false,
      error: { code: 'webhooks.invalid_signature' },
    });
  });

  it("rejects a signature made with a key other than the certificate's", async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const headers = signedHeaders(body, { key: other });
    await expect(verifier(certServer(() => identity.certificatePem).fetch).verify(body, headers)).resolves.toMatchObject({
      ok: false,
      error: { code: 'webhooks.invalid_signature' },
    });
  });

  it('rejects a re-serialised body (pretty-printed or with keys reordered)', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const headers = signedHeaders(body);
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const pretty = Buffer.from(JSON.stringify(parsed, null, 2));
    const reordered = Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse())));
    const v = verifier(certServer(() => identity.certificatePem).fetch);
    for (const reserialised of [pretty, reordered]) {
      expect(reserialised.equals(body)).toBe(false);
      await expect(v.verify(reserialised, headers)).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    }
  });

  it.each([
    ['another host', 'https://evil.example.com/v1/notifications/certs/CERT-1'],
    ['a look-alike host', 'https://api.sandbox.paypal.com.evil.example/v1/notifications/certs/CERT-1'],
    ['plain http on a PayPal host', 'http://api.sandbox.paypal.com/v1/notifications/certs/CERT-1'],
    ['another path on a PayPal host', 'https://api.sandbox.paypal.com/v1/oauth2/token'],
    ['credentials in the URL', 'https://user:pass@api.paypal.com/v1/notifications/certs/CERT-1'],
    ['not a URL', 'CERT-360caa42'],
  ])('rejects a certificate URL on %s without fetching it', async (_what, certUrl) => {
    const body = payPalRawFixture('webhook-capture-completed');
    const server = certServer(() => identity.certificatePem);
    const result = await verifier(server.fetch).verify(body, signedHeaders(body, { certUrl }));
    expect(result).toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    expect(server.fetched).toEqual([]);
  });

  it('accepts a certificate URL prefix added to the allow-list (the local sandbox)', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const certUrl = 'http://127.0.0.1:41234/paypal/v1/notifications/certs/CERT-local';
    const server = certServer(() => identity.certificatePem);
    const v = verifier(server.fetch, { certUrlPrefixes: ['http://127.0.0.1:41234/paypal/v1/notifications/certs/'] });
    await expect(v.verify(body, signedHeaders(body, { certUrl }))).resolves.toMatchObject({ ok: true });
    // …and the allow-list replaces PayPal's hosts, it does not add to them.
    await expect(v.verify(body, signedHeaders(body))).resolves.toMatchObject({ ok: false });
  });

  it.each(['paypal-transmission-id', 'paypal-transmission-time', 'paypal-transmission-sig', 'paypal-cert-url', 'paypal-auth-algo'])(
    'rejects a delivery without %s',
    async (header) => {
      const body = payPalRawFixture('webhook-capture-completed');
      const headers: Record<string, string | undefined> = { ...signedHeaders(body), [header]: undefined };
      await expect(verifier(certServer(() => identity.certificatePem).fetch).verify(body, headers)).resolves.toMatchObject({
        ok: false,
        error: { code: 'webhooks.invalid_signature' },
      });
    },
  );

  it('rejects an auth algorithm other than SHA256withRSA', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const headers = { ...signedHeaders(body), 'paypal-auth-algo': 'SHA1withRSA' };
    await expect(verifier(certServer(() => identity.certificatePem).fetch).verify(body, headers)).resolves.toMatchObject({ ok: false });
  });

  it('refuses a transmission more than 5 minutes old or ahead of our clock, without fetching the certificate', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const server = certServer(() => identity.certificatePem);
    const v = verifier(server.fetch);
    // NOW is 12:02:13.
    for (const time of ['2025-03-14T11:00:00Z', '2025-03-14T11:57:12Z', '2025-03-14T12:07:14Z', '2025-03-15T12:02:12Z', 'yesterday', '2025-03-14 12:02:12']) {
      await expect(v.verify(body, signedHeaders(body, { time }))).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.invalid_signature' } });
    }
    expect(server.fetched).toEqual([]);
    for (const time of ['2025-03-14T11:57:13Z', '2025-03-14T12:07:13Z', '2025-03-14T12:02:12.345Z', '2025-03-14T13:02:12+01:00']) {
      await expect(v.verify(body, signedHeaders(body, { time }))).resolves.toMatchObject({ ok: true });
    }
  });

  it('takes a wider tolerance when configured, and refuses a tolerance that is not a positive number of seconds', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const headers = signedHeaders(body, { time: '2025-03-14T11:00:00Z' });
    await expect(verifier(certServer(() => identity.certificatePem).fetch, { maxTransmissionAgeSeconds: 7200 }).verify(body, headers)).resolves.toMatchObject({ ok: true });
    for (const bad of [0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => verifier(certServer(() => identity.certificatePem).fetch, { maxTransmissionAgeSeconds: bad })).toThrow(/tolerance/);
    }
  });

  it('rejects when the certificate URL serves something that is not a certificate, or a certificate past its validity', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    await expect(verifier(certServer(() => 'not a certificate').fetch).verify(body, signedHeaders(body))).resolves.toMatchObject({ ok: false });
    await expect(verifier(certServer(() => identity.certificatePem, 404).fetch).verify(body, signedHeaders(body))).resolves.toMatchObject({ ok: false });
    const later = verifier(certServer(() => identity.certificatePem).fetch, { now: () => new Date('2027-01-01T00:00:00Z') });
    await expect(later.verify(body, signedHeaders(body, { time: '2026-12-31T23:59:59Z' }))).resolves.toMatchObject({
      ok: false,
      error: { code: 'webhooks.invalid_signature', message: expect.stringMatching(/not usable/) },
    });
  });

  it('throws (retryable) when the certificate cannot be downloaded', async () => {
    const body = payPalRawFixture('webhook-capture-completed');
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(verifier(down).verify(body, signedHeaders(body))).rejects.toThrow(/could not fetch the certificate/);
    await expect(verifier(certServer(() => 'busy', 503).fetch).verify(body, signedHeaders(body))).rejects.toThrow(/503/);
  });

  it('answers webhooks.malformed for a correctly signed body that is not an event', async () => {
    const pem = () => identity.certificatePem;
    for (const text of ['not json', '{"event_type":"PAYMENT.CAPTURE.COMPLETED"}']) {
      const body = Buffer.from(text);
      await expect(verifier(certServer(pem).fetch).verify(body, signedHeaders(body))).resolves.toMatchObject({ ok: false, error: { code: 'webhooks.malformed' } });
    }
  });

  it('refuses to be made without a webhook id', () => {
    expect(() => new PayPalWebhookVerifier({ webhookId: ' ' })).toThrow(/webhook id/);
  });
});

describe('parsePayPalReturn', () => {
  it('reads the approval return: token is the order id, PayerID the payer', () => {
    expect(parsePayPalReturn(payPalReturnQuery('return-approved'))).toEqual({
      ok: true,
      value: { gateway: 'paypal', gatewayPaymentId: '5O190127TN364715T', claimedStatus: 'APPROVED', payerId: 'QYR5Z8XDVJNXQ' },
    });
  });

  it('reads our marked cancel URL as a cancel', () => {
    expect(parsePayPalReturn(payPalReturnQuery('return-cancelled'))).toEqual({
      ok: true,
      value: { gateway: 'paypal', gatewayPaymentId: '5O190127TN364715T', claimedStatus: 'CANCELLED' },
    });
  });

  it('accepts Koa-style query objects and raw query strings', () => {
    expect(parsePayPalReturn({ token: '5O190127TN364715T', PayerID: 'QYR5Z8XDVJNXQ' })).toMatchObject({ ok: true, value: { claimedStatus: 'APPROVED' } });
    expect(parsePayPalReturn('?token=5O190127TN364715T&paypal_cancel=1')).toMatchObject({ ok: true, value: { claimedStatus: 'CANCELLED' } });
  });

  it('tolerates a return without PayerID (parameter names are not confirmed by PayPal)', () => {
    expect(parsePayPalReturn({ token: '5O190127TN364715T' })).toEqual({ ok: true, value: { gateway: 'paypal', gatewayPaymentId: '5O190127TN364715T', claimedStatus: 'APPROVED' } });
  });

  it.each([
    ['no token', {}],
    ['an empty token', { token: '' }],
    ['two tokens', { token: ['5O190127TN364715T', '6P2'] }],
    ['a token that is not an order id', { token: '5O19<script>' }],
  ])('refuses %s', (_what, query) => {
    expect(parsePayPalReturn(query)).toMatchObject({ ok: false, error: { code: 'payments.invalid_callback' } });
  });
});
