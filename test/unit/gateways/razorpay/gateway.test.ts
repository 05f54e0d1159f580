import { describe, expect, it } from 'vitest';
import {
  razorpayOrderCollectionSchema,
  razorpayOrderSchema,
  razorpayPaymentCollectionSchema,
  razorpayRefundSchema,
  type RazorpayCreateOrderRequest,
  type RazorpayOrder,
  type RazorpayPayment,
  type RazorpayRefund,
  type RazorpayRefundRequest,
} from '../../../../adapters/gateways/razorpay/client.js';
import { RazorpayPaymentGateway, type RazorpayApi } from '../../../../adapters/gateways/razorpay/gateway.js';
import { GatewayRejectedError, type RefundRequest } from '../../../../src/payments/ports/payment-gateway.js';
import { RAZORPAY_CAPTURED_REPORT, razorpayFixture } from '../../../fixtures/razorpay/load.js';
import { initiateRequests } from '../../../support/mothers/initiate-request.js';

const ORDER_ID = 'order_Nf4TqPz8vXk2Lm';

class RecordingRazorpay implements RazorpayApi {
  readonly created: RazorpayCreateOrderRequest[] = [];
  readonly listed: string[] = [];
  readonly fetched: string[] = [];
  readonly refunded: { paymentId: string; body: RazorpayRefundRequest; key: string }[] = [];
  byReceipt: RazorpayOrder[] = [];
  order: RazorpayOrder = razorpayOrderSchema.parse(razorpayFixture('order-created'));
  payments: RazorpayPayment[] = [];
  createError: Error | undefined;

  async createOrder(body: RazorpayCreateOrderRequest): Promise<RazorpayOrder> {
    this.created.push(body);
    if (this.createError !== undefined) throw this.createError;
    return this.order;
  }
  async ordersByReceipt(receipt: string): Promise<RazorpayOrder[]> {
    this.listed.push(receipt);
    return this.byReceipt;
  }
  async fetchOrder(orderId: string): Promise<RazorpayOrder> {
    this.fetched.push(orderId);
    return this.order;
  }
  async fetchOrderPayments(orderId: string): Promise<RazorpayPayment[]> {
    this.fetched.push(`${orderId}/payments`);
    return this.payments;
  }
  async refundPayment(paymentId: string, body: RazorpayRefundRequest, key: string): Promise<RazorpayRefund> {
    this.refunded.push({ paymentId, body, key });
    return razorpayRefundSchema.parse(razorpayFixture('refund-pending'));
  }
}

const request = initiateRequests({
  gateway: 'razorpay',
  amount: { amountMinor: 129900, currency: 'INR' },
});

const gatewayOver = (api: RazorpayApi) =>
  new RazorpayPaymentGateway(api, { keyId: 'rzp_test_Sandbox0000001', checkoutUrl: 'https://pay.example.com/checkout?v=1', merchantName: 'Himalayan Goods' });

describe('RazorpayPaymentGateway.initiate', () => {
  it('creates an order in paise with receipt = our order id and redirects to the checkout page', async () => {
    const rzp = new RecordingRazorpay();
    const initiated = await gatewayOver(rzp).initiate(request({ customer: { name: 'Sita Sharma', email: 'sita@example.com', phone: '+919876543210' } }));

    expect(rzp.listed).toEqual(['ord_7Hq2VxKp9LmN4sT6wYb3Rc']);
    expect(rzp.created).toEqual([
      {
        amount: 129900,
        currency: 'INR',
        receipt: 'ord_7Hq2VxKp9LmN4sT6wYb3Rc',
        notes: { order_id: 'ord_7Hq2VxKp9LmN4sT6wYb3Rc', idempotency_key: 'checkout-ord_7Hq2VxKp9LmN4sT6wYb3Rc/initiate' },
      },
    ]);
    expect(initiated.gatewayPaymentId).toBe(ORDER_ID);
    // created_at 2025-03-14T12:15:42Z + 1800 s
    expect(initiated.expiresAt).toBe('2025-03-14T12:45:42.000Z');
    if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
    const url = new URL(initiated.action.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://pay.example.com/checkout');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      v: '1',
      key_id: 'rzp_test_Sandbox0000001',
      order_id: ORDER_ID,
      callback_url: 'https://shop.example.com/payments/razorpay/return',
      callback_method: 'get',
      expire_by: String(Date.parse('2025-03-14T12:45:42Z') / 1000),
      name: 'Himalayan Goods',
      description: 'Dhaka topi and pashmina shawl',
    });
    // The customer's details never ride on the URL, which is stored and shown to the browser.
    for (const detail of ['Sita', 'sita@example.com', '9876543210']) expect(decodeURIComponent(initiated.action.url)).not.toContain(detail);
  });

  it('reuses the order a previous attempt created under the same receipt, with the same expiry', async () => {
    const rzp = new RecordingRazorpay();
    rzp.byReceipt = razorpayOrderCollectionSchema.parse(razorpayFixture('orders-by-receipt')).items;
    const first = await gatewayOver(rzp).initiate(request());
    const again = await gatewayOver(rzp).initiate(request());
    expect(rzp.created).toEqual([]);
    expect(first).toEqual(again);
    expect(first.gatewayPaymentId).toBe(ORDER_ID);
  });

  it('refuses to reuse or shadow an order of another amount under our receipt', async () => {
    const rzp = new RecordingRazorpay();
    rzp.byReceipt = razorpayOrderCollectionSchema.parse(razorpayFixture('orders-by-receipt')).items;
    const attempt = gatewayOver(rzp).initiate(request({ amount: { amountMinor: 5000, currency: 'INR' } }));
    await expect(attempt).rejects.toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: 'payments.receipt_conflict' });
    expect(rzp.created).toEqual([]);
  });

  it('tolerates Razorpay refusing a duplicate receipt by reusing the order it already has', async () => {
    const rzp = new RecordingRazorpay();
    rzp.createError = new GatewayRejectedError('razorpay', 'BAD_REQUEST_ERROR', 'Razorpay create order rejected (BAD_REQUEST_ERROR): receipt already exists; field: receipt');
    const lists: RazorpayOrder[][] = [[], razorpayOrderCollectionSchema.parse(razorpayFixture('orders-by-receipt')).items];
    rzp.ordersByReceipt = async (receipt) => {
      rzp.listed.push(receipt);
      return lists.shift() ?? [];
    };
    const initiated = await gatewayOver(rzp).initiate(request());
    expect(initiated.gatewayPaymentId).toBe(ORDER_ID);
    expect(rzp.listed).toHaveLength(2);
  });

  it('passes any other rejection through', async () => {
    const rzp = new RecordingRazorpay();
    rzp.createError = new GatewayRejectedError('razorpay', 'BAD_REQUEST_ERROR', 'The amount must be at least INR 1.00');
    await expect(gatewayOver(rzp).initiate(request())).rejects.toBe(rzp.createError);
  });

  it('refuses a non-positive amount, or a three-decimal amount whose last digit is not 0, before calling Razorpay', async () => {
    const rzp = new RecordingRazorpay();
    await expect(gatewayOver(rzp).initiate(request({ amount: { amountMinor: 0, currency: 'INR' } }))).rejects.toMatchObject({ gatewayErrorKey: 'payments.invalid_amount' });
    await expect(gatewayOver(rzp).initiate(request({ amount: { amountMinor: 1234, currency: 'KWD' } }))).rejects.toMatchObject({
      gatewayErrorKey: 'payments.invalid_amount',
      message: expect.stringContaining('1.234 KWD'),
    });
    await expect(gatewayOver(rzp).initiate(request({ amount: { amountMinor: 1000, currency: 'QQQ' } }))).rejects.toMatchObject({
      gatewayErrorKey: 'payments.unsupported_currency',
    });
    expect(rzp.listed).toEqual([]);
    expect(rzp.created).toEqual([]);
  });

  it('hashes a receipt for an order id over 40 characters, and sends returnMethod post when asked', async () => {
    const rzp = new RecordingRazorpay();
    const gateway = new RazorpayPaymentGateway(rzp, { keyId: 'rzp_test_x', checkoutUrl: 'https://pay.example.com/c', returnMethod: 'post' });
    const initiated = await gateway.initiate(request({ orderId: `ord_${'a'.repeat(50)}` }));
    expect(rzp.created[0]?.receipt).toHaveLength(40);
    expect(rzp.created[0]?.notes?.['order_id']).toBe(`ord_${'a'.repeat(50)}`);
    if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
    expect(new URL(initiated.action.url).searchParams.get('callback_method')).toBe('post');
  });
});

describe('RazorpayPaymentGateway.lookup', () => {
  it('fetches the order and its payments and maps them', async () => {
    const rzp = new RecordingRazorpay();
    rzp.order = razorpayOrderSchema.parse(razorpayFixture('order-paid'));
    rzp.payments = razorpayPaymentCollectionSchema.parse(razorpayFixture('payments-captured')).items;
    const report = await gatewayOver(rzp).lookup(ORDER_ID, { amountMinor: 129900, currency: 'INR' });
    expect(rzp.fetched.sort()).toEqual([ORDER_ID, `${ORDER_ID}/payments`]);
    expect(report).toEqual(RAZORPAY_CAPTURED_REPORT);
  });

  it('reports a failed attempt as not paid yet, however late: the saga owns the checkout window', async () => {
    const rzp = new RecordingRazorpay();
    rzp.order = razorpayOrderSchema.parse(razorpayFixture('order-attempted'));
    rzp.payments = razorpayPaymentCollectionSchema.parse(razorpayFixture('payments-failed')).items;
    await expect(gatewayOver(rzp).lookup(ORDER_ID, { amountMinor: 129900, currency: 'INR' })).resolves.toEqual({
      status: 'pending',
      gatewayPaymentId: ORDER_ID,
      gatewayStatus: 'failed',
      notStarted: true,
    });
  });
});

describe('RazorpayPaymentGateway.refund', () => {
  const refund = (overrides: Partial<RefundRequest> = {}): RefundRequest => ({
    gatewayPaymentId: ORDER_ID,
    transactionId: 'pay_Nf4U0aRk7QbT1c',
    amount: { amountMinor: 29900, currency: 'INR' },
    paid: { amountMinor: 129900, currency: 'INR' },
    idempotencyKey: 'refund-ord_7Hq2VxKp9LmN4sT6wYb3Rc/refund-1',
    reason: 'Shawl returned',
    ...overrides,
  });

  it('refunds the payment in paise with a deterministic X-Refund-Idempotency and maps the answer', async () => {
    const rzp = new RecordingRazorpay();
    const report = await gatewayOver(rzp).refund(refund());
    await gatewayOver(rzp).refund(refund());
    expect(report).toEqual({ status: 'pending', gatewayRefundId: 'rfnd_Nf5A2kTq8WzR3m', gatewayStatus: 'pending' });
    expect(rzp.refunded[0]).toMatchObject({ paymentId: 'pay_Nf4U0aRk7QbT1c', body: razorpayFixture('refund-request') });
    expect(rzp.refunded[0]?.key).toMatch(/^[A-Za-z0-9_-]{10,40}$/);
    expect(rzp.refunded[1]?.key).toBe(rzp.refunded[0]?.key);
  });

  it('refuses a refund in another currency than the payment', async () => {
    const rzp = new RecordingRazorpay();
    await expect(gatewayOver(rzp).refund(refund({ amount: { amountMinor: 100, currency: 'USD' } }))).rejects.toBeInstanceOf(GatewayRejectedError);
    expect(rzp.refunded).toEqual([]);
  });
});
