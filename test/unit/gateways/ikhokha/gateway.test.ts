import { describe, expect, it } from 'vitest';
import {
  ikhokhaCreatePaylinkResponseSchema,
  ikhokhaStatusResponseSchema,
  type IkhokhaCreatePaylinkRequest,
  type IkhokhaCreatePaylinkResponse,
  type IkhokhaStatusResponse,
} from '../../../../adapters/gateways/ikhokha/client.js';
import { externalTransactionIdFor, IkhokhaPaymentGateway, type IkhokhaApi } from '../../../../adapters/gateways/ikhokha/gateway.js';
import { createIkhokhaAdapter } from '../../../../adapters/gateways/ikhokha/index.js';
import { GatewayRejectedError, type InitiatePaymentRequest } from '../../../../src/payments/ports/payment-gateway.js';
import {
  IKHOKHA_FIXTURE_APP_ID,
  IKHOKHA_FIXTURE_CALLBACK_URL,
  IKHOKHA_FIXTURE_ORDER_ID,
  IKHOKHA_FIXTURE_PAYLINK_ID,
  ikhokhaFixture,
  ikhokhaRawFixture,
} from '../../../fixtures/ikhokha/load.js';
import { caught } from '../../../support/http-stubs.js';

class RecordingIkhokha implements IkhokhaApi {
  readonly created: IkhokhaCreatePaylinkRequest[] = [];
  readonly looked: string[] = [];
  createAnswer: IkhokhaCreatePaylinkResponse = ikhokhaCreatePaylinkResponseSchema.parse(ikhokhaFixture('create-response'));
  statusAnswer: IkhokhaStatusResponse = ikhokhaStatusResponseSchema.parse(ikhokhaFixture('status-paid'));

  async createPaylink(body: IkhokhaCreatePaylinkRequest): Promise<IkhokhaCreatePaylinkResponse> {
    this.created.push(body);
    return this.createAnswer;
  }

  async getStatus(paylinkId: string): Promise<IkhokhaStatusResponse> {
    this.looked.push(paylinkId);
    return this.statusAnswer;
  }
}

const NOW = new Date('2025-03-14T09:26:53.000Z');

const request = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => ({
  orderId: IKHOKHA_FIXTURE_ORDER_ID,
  amount: { amountMinor: 149950, currency: 'ZAR' },
  description: 'Rooibos tea and a Zulu beaded bowl',
  returnUrl: 'https://shop.example/payments/ikhokha/return',
  websiteUrl: 'https://shop.example',
  idempotencyKey: `checkout-${IKHOKHA_FIXTURE_ORDER_ID}/initiate`,
  ...overrides,
});

const gatewayWith = (api: IkhokhaApi, extra: { paymentWindowSeconds?: number; mode?: 'live' | 'test' } = {}) =>
  new IkhokhaPaymentGateway(api, { entityId: IKHOKHA_FIXTURE_APP_ID, callbackUrl: IKHOKHA_FIXTURE_CALLBACK_URL, now: () => NOW, ...extra });

describe('IkhokhaPaymentGateway.initiate', () => {
  it('sends the recorded paylink body, byte for byte once serialised, and redirects to paylinkUrl', async () => {
    const api = new RecordingIkhokha();
    const initiated = await gatewayWith(api).initiate(request());
    expect(JSON.stringify(api.created[0])).toBe(ikhokhaRawFixture('create-request').toString('utf8'));
    expect(initiated).toEqual({
      gatewayPaymentId: IKHOKHA_FIXTURE_PAYLINK_ID,
      action: { type: 'redirect', url: `https://securepay.ikhokha.com/pay/${IKHOKHA_FIXTURE_PAYLINK_ID}` },
      expiresAt: '2025-03-14T09:56:53.000Z',
    });
  });

  it('derives externalTransactionID from the order id alone, the same on every retry', async () => {
    const api = new RecordingIkhokha();
    const gateway = gatewayWith(api);
    await gateway.initiate(request());
    await gateway.initiate(request({ idempotencyKey: 'another-attempt' }));
    expect(api.created.map((b) => b.externalTransactionID)).toEqual([IKHOKHA_FIXTURE_ORDER_ID, IKHOKHA_FIXTURE_ORDER_ID]);
    expect(externalTransactionIdFor('ord_x')).toBe('ord_x');
  });

  it("keeps the return URL's own query and adds the outcome and reference to each of the three", async () => {
    const api = new RecordingIkhokha();
    await gatewayWith(api).initiate(request({ returnUrl: 'https://shop.example/back?lang=zu' }));
    const urls = api.created[0]?.urls;
    expect(urls?.successPageUrl).toBe(`https://shop.example/back?lang=zu&ikhokha_result=success&ikhokha_ref=${IKHOKHA_FIXTURE_ORDER_ID}`);
    expect(urls?.failurePageUrl).toContain('ikhokha_result=failure');
    expect(urls?.cancelUrl).toContain('ikhokha_result=cancel');
    expect(urls?.callbackUrl).toBe(IKHOKHA_FIXTURE_CALLBACK_URL);
  });

  it('keeps apostrophes out of the signed body: description gets ’, URLs get %27', async () => {
    const api = new RecordingIkhokha();
    await gatewayWith(api).initiate(request({ description: "Nando's peri-peri", returnUrl: "https://shop.example/o'neil/return" }));
    const sent = JSON.stringify(api.created[0]);
    expect(sent).not.toContain("'");
    expect(api.created[0]?.description).toBe('Nando\u2019s peri-peri');
    expect(api.created[0]?.urls.successPageUrl.startsWith('https://shop.example/o%27neil/return?')).toBe(true);
  });

  it('refuses an order id with an apostrophe, other currencies and non-positive amounts without calling iKhokha', async () => {
    const api = new RecordingIkhokha();
    const gateway = gatewayWith(api);
    for (const bad of [request({ orderId: "ord'1" }), request({ amount: { amountMinor: 100, currency: 'USD' } }), request({ amount: { amountMinor: 0, currency: 'ZAR' } })]) {
      expect(await caught(gateway.initiate(bad))).toBeInstanceOf(GatewayRejectedError);
    }
    expect(api.created).toHaveLength(0);
  });

  it('sends mode live by default and the configured window decides expiresAt', async () => {
    const api = new RecordingIkhokha();
    const initiated = await gatewayWith(api, { paymentWindowSeconds: 600 }).initiate(request());
    expect(api.created[0]?.mode).toBe('live');
    expect(initiated.expiresAt).toBe('2025-03-14T09:36:53.000Z');
    await gatewayWith(api, { mode: 'test' }).initiate(request());
    expect(api.created[1]?.mode).toBe('test');
  });

  it('does not redirect the shopper to a paylink iKhokha says belongs to another transaction', async () => {
    const api = new RecordingIkhokha();
    api.createAnswer = { ...api.createAnswer, externalTransactionID: 'ord_someone_else' };
    const e = await caught(gatewayWith(api).initiate(request()));
    expect(e).not.toBeInstanceOf(GatewayRejectedError);
    expect(e.message).toMatch(/ord_someone_else/);
  });
});

describe('IkhokhaPaymentGateway.lookup', () => {
  it('asks getStatus for the paylink and maps the answer', async () => {
    const api = new RecordingIkhokha();
    const report = await gatewayWith(api).lookup(IKHOKHA_FIXTURE_PAYLINK_ID, { amountMinor: 149950, currency: 'ZAR' });
    expect(api.looked).toEqual([IKHOKHA_FIXTURE_PAYLINK_ID]);
    expect(report).toMatchObject({ status: 'completed', amount: { amountMinor: 149950, currency: 'ZAR' } });
    api.statusAnswer = ikhokhaStatusResponseSchema.parse(ikhokhaFixture('status-pending'));
    expect(await gatewayWith(api).lookup(IKHOKHA_FIXTURE_PAYLINK_ID, { amountMinor: 149950, currency: 'ZAR' })).toMatchObject({ status: 'pending' });
  });
});

describe('createIkhokhaAdapter', () => {
  it('offers the gateway, a return parser and a webhook verifier, and no refund or capture (iKhokha documents neither)', () => {
    const adapter = createIkhokhaAdapter({ appId: IKHOKHA_FIXTURE_APP_ID, appSecret: 'secret', callbackUrl: IKHOKHA_FIXTURE_CALLBACK_URL });
    expect(adapter.gateway.id).toBe('ikhokha');
    expect(adapter.gateway.refund).toBeUndefined();
    expect(adapter.gateway.capture).toBeUndefined();
    expect(typeof adapter.returnParser).toBe('function');
    expect(adapter.webhookVerifier).toBeDefined();
  });

  it('refuses a non-positive payment window', () => {
    expect(() => gatewayWith(new RecordingIkhokha(), { paymentWindowSeconds: 0 })).toThrow(/window/);
  });
});
