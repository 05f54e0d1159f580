import { describe, expect, it } from 'vitest';
import { payPalOrderSchema, payPalRefundSchema, type PayPalCreateOrderRequest, type PayPalOrder, type PayPalRefund } from '../../../../adapters/gateways/paypal/client.js';
import { cancelUrlFor, PayPalPaymentGateway, type PayPalApi } from '../../../../adapters/gateways/paypal/gateway.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { payPalFixture } from '../../../fixtures/paypal/load.js';
import { initiateRequests } from '../../../support/mothers/initiate-request.js';

const NOW = new Date('2025-03-14T12:00:00.000Z');
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const order = (name: string): PayPalOrder => payPalOrderSchema.parse(payPalFixture(name));
const refund = (name: string): PayPalRefund => payPalRefundSchema.parse(payPalFixture(name));
const rejected = (fixtureIssue: string) => new GatewayRejectedError('paypal', fixtureIssue, `PayPal rejected (${fixtureIssue})`);

/** A stand-in PayPal API recording what the gateway asks; answers recorded fixtures unless overridden. */
function stubApi(overrides: Partial<PayPalApi> = {}) {
  const calls: { op: string; args: unknown[] }[] = [];
  const api: PayPalApi = {
    createOrder: (body, requestId) => (
      calls.push({ op: 'create', args: [body, requestId] }), (overrides.createOrder ?? (async () => order('create-order-response')))(body, requestId)
    ),
    getOrder: (id) => (calls.push({ op: 'get', args: [id] }), (overrides.getOrder ?? (async () => order('order-approved')))(id)),
    captureOrder: (id, requestId) => (calls.push({ op: 'capture', args: [id, requestId] }), (overrides.captureOrder ?? (async () => order('order-completed')))(id, requestId)),
    refundCapture: (captureId, body, requestId) => (
      calls.push({ op: 'refund', args: [captureId, body, requestId] }), (overrides.refundCapture ?? (async () => refund('refund-completed')))(captureId, body, requestId)
    ),
  };
  return { api, calls };
}

const request = initiateRequests({
  gateway: 'paypal',
  orderId: 'ord_7Hq2Lm9xT4vB1nR8sW3yZc',
  amount: USD(4250),
  description: 'Merino scarf and wool socks',
  customer: { name: 'Ana Silva', email: 'ana@example.com' },
});

describe('PayPalPaymentGateway.initiate', () => {
  it('creates a CAPTURE order with our order id as reference and custom id, amounts as decimal strings', async () => {
    const { api, calls } = stubApi();
    const initiated = await new PayPalPaymentGateway(api, { now: () => NOW }).initiate(request());
    expect(calls).toEqual([{ op: 'create', args: [payPalFixture('create-order-request'), 'create:checkout-ord_7Hq2Lm9xT4vB1nR8sW3yZc/initiate'] }]);
    expect(initiated).toEqual({
      gatewayPaymentId: '5O190127TN364715T',
      action: { type: 'redirect', url: 'https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T' },
      expiresAt: '2025-03-14T18:00:00.000Z',
    });
  });

  it('redirects to the approve link when PayPal answers CREATED', async () => {
    const { api } = stubApi({ createOrder: async () => order('order-created') });
    const initiated = await new PayPalPaymentGateway(api).initiate(request());
    expect(initiated.action).toEqual({ type: 'redirect', url: 'https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T' });
  });

  it('throws a plain Error when the order has no link to send the payer to', async () => {
    const { api } = stubApi({ createOrder: async () => order('order-voided') });
    const error = await new PayPalPaymentGateway(api).initiate(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(GatewayRejectedError);
  });

  it('uses the configured approval window and brand name, and leaves out what the request lacks', async () => {
    const { api, calls } = stubApi();
    const initiated = await new PayPalPaymentGateway(api, { now: () => NOW, approvalWindowSeconds: 3 * 3600, brandName: 'Wool & Co' }).initiate(
      request({ customer: { name: 'Ana' }, description: '' }),
    );
    expect(initiated.expiresAt).toBe('2025-03-14T15:00:00.000Z');
    const body = calls[0]?.args[0] as PayPalCreateOrderRequest;
    expect(body.payment_source?.paypal).not.toHaveProperty('email_address');
    expect(body.payment_source?.paypal.experience_context.brand_name).toBe('Wool & Co');
    expect(body.purchase_units[0]).not.toHaveProperty('description');
  });

  it('refuses an amount PayPal cannot take before calling PayPal', async () => {
    const { api, calls } = stubApi();
    await expect(new PayPalPaymentGateway(api).initiate(request({ amount: USD(0) }))).rejects.toMatchObject({ gatewayErrorKey: 'payments.invalid_amount' });
    await expect(new PayPalPaymentGateway(api).initiate(request({ amount: { amountMinor: 250050, currency: 'HUF' } }))).rejects.toBeInstanceOf(GatewayRejectedError);
    expect(calls).toEqual([]);
  });

  it('refuses 1.234 KWD before calling PayPal instead of sending "12.34" or rounding it', async () => {
    const { api, calls } = stubApi();
    await expect(new PayPalPaymentGateway(api).initiate(request({ amount: { amountMinor: 1234, currency: 'KWD' } }))).rejects.toMatchObject({
      gatewayErrorKey: 'payments.invalid_amount',
      message: expect.stringContaining('1.234 KWD'),
    });
    expect(calls).toEqual([]);
  });

  it('sends each exponent in PayPal\'s decimals: 1000 JPY as "1000", 12.99 USD as "12.99", 1.230 KWD as "1.23"', async () => {
    for (const [amount, value] of [
      [{ amountMinor: 1000, currency: 'JPY' }, '1000'],
      [USD(1299), '12.99'],
      [{ amountMinor: 1230, currency: 'KWD' }, '1.23'],
    ] as const) {
      const { api, calls } = stubApi();
      await new PayPalPaymentGateway(api).initiate(request({ amount }));
      const body = calls[0]?.args[0] as PayPalCreateOrderRequest;
      expect(body.purchase_units[0]?.amount).toEqual({ currency_code: amount.currency, value });
    }
  });

  it("marks the cancel URL so the return parser can tell a cancel, keeping the return URL's own query", () => {
    expect(cancelUrlFor('https://shop.example.com/return')).toBe('https://shop.example.com/return?paypal_cancel=1');
    expect(cancelUrlFor('https://shop.example.com/return?checkout=c1')).toBe('https://shop.example.com/return?checkout=c1&paypal_cancel=1');
  });
});

describe('PayPalPaymentGateway.lookup and capture', () => {
  it('lookup GETs the order and maps it', async () => {
    const { api, calls } = stubApi();
    await expect(new PayPalPaymentGateway(api).lookup('5O190127TN364715T', USD(4250))).resolves.toEqual({
      status: 'approved',
      gatewayPaymentId: '5O190127TN364715T',
      gatewayStatus: 'APPROVED',
    });
    expect(calls).toEqual([{ op: 'get', args: ['5O190127TN364715T'] }]);
  });

  it('capture sends a request id derived from the key and reports the capture', async () => {
    const { api, calls } = stubApi();
    const report = await new PayPalPaymentGateway(api).capture('5O190127TN364715T', USD(4250), 'checkout-ord_1/capture');
    expect(calls).toEqual([{ op: 'capture', args: ['5O190127TN364715T', 'capture:checkout-ord_1/capture'] }]);
    expect(report).toEqual({
      status: 'completed',
      gatewayPaymentId: '5O190127TN364715T',
      transactionId: '3C679366HH908993F',
      amount: USD(4250),
      gatewayStatus: 'COMPLETED/COMPLETED',
    });
  });

  it.each(['ORDER_ALREADY_CAPTURED', 'ORDER_NOT_APPROVED'])("reads %s as the order's current state", async (issue) => {
    const { api, calls } = stubApi({
      captureOrder: async () => {
        throw rejected(issue);
      },
      getOrder: async () => order('order-completed'),
    });
    const report = await new PayPalPaymentGateway(api).capture('5O190127TN364715T', USD(4250), 'k');
    expect(report).toMatchObject({ status: 'completed', transactionId: '3C679366HH908993F' });
    expect(calls.map((c) => c.op)).toEqual(['capture', 'get']);
  });

  it('reports a declined instrument as failed', async () => {
    const { api } = stubApi({
      captureOrder: async () => {
        throw rejected('INSTRUMENT_DECLINED');
      },
    });
    await expect(new PayPalPaymentGateway(api).capture('5O190127TN364715T', USD(4250), 'k')).resolves.toEqual({
      status: 'failed',
      reason: 'failed',
      gatewayPaymentId: '5O190127TN364715T',
      gatewayStatus: 'INSTRUMENT_DECLINED',
    });
  });

  it('passes other rejections and transport errors on', async () => {
    const rejecting = stubApi({
      captureOrder: async () => {
        throw rejected('INVALID_RESOURCE_ID');
      },
    });
    await expect(new PayPalPaymentGateway(rejecting.api).capture('X', USD(1), 'k')).rejects.toMatchObject({ gatewayErrorKey: 'INVALID_RESOURCE_ID' });
    const down = stubApi({
      captureOrder: async () => {
        throw new Error('PayPal capture order: HTTP 503');
      },
    });
    const error = await new PayPalPaymentGateway(down.api).capture('X', USD(1), 'k').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(GatewayRejectedError);
    expect(down.calls.map((c) => c.op)).toEqual(['capture']);
  });
});

describe('PayPalPaymentGateway.refund', () => {
  const refundRequest = { gatewayPaymentId: '5O190127TN364715T', transactionId: '3C679366HH908993F', paid: USD(4250), idempotencyKey: 'refund-ord_1/1', reason: 'Out of stock' };

  it('refunds the whole payment with an empty amount (PayPal refunds what is left)', async () => {
    const { api, calls } = stubApi();
    const report = await new PayPalPaymentGateway(api).refund({ ...refundRequest, amount: USD(4250) });
    expect(calls).toEqual([{ op: 'refund', args: ['3C679366HH908993F', { note_to_payer: 'Out of stock' }, 'refund:refund-ord_1/1'] }]);
    expect(report).toEqual({ status: 'completed', gatewayRefundId: '1JU08902781691411', gatewayStatus: 'COMPLETED' });
  });

  it('names the amount of a partial refund', async () => {
    const { api, calls } = stubApi({ refundCapture: async () => refund('refund-pending') });
    const report = await new PayPalPaymentGateway(api).refund({ ...refundRequest, amount: USD(1000), reason: '' });
    expect(calls[0]?.args[1]).toEqual({ amount: { currency_code: 'USD', value: '10.00' } });
    expect(report.status).toBe('pending');
  });

  it('refuses a refund in another currency than the payment', async () => {
    const { api, calls } = stubApi();
    await expect(new PayPalPaymentGateway(api).refund({ ...refundRequest, amount: { amountMinor: 1000, currency: 'EUR' } })).rejects.toBeInstanceOf(GatewayRejectedError);
    expect(calls).toEqual([]);
  });
});
