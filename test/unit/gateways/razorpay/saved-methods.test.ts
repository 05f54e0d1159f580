import { describe, expect, it } from 'vitest';
import {
  razorpayOrderSchema,
  razorpayPaymentCollectionSchema,
  razorpayPaymentSchema,
  razorpayRefundSchema,
  razorpayTokenSchema,
  type RazorpayCreateCustomerRequest,
  type RazorpayCustomer,
  type RazorpayOrder,
  type RazorpayPayment,
  type RazorpayRefund,
  type RazorpayToken,
} from '../../../../adapters/gateways/razorpay/client.js';
import { RazorpayPaymentGateway, type RazorpayApi } from '../../../../adapters/gateways/razorpay/gateway.js';
import { brandOfNetwork, paidWithOf, toSavedMethodDetails } from '../../../../adapters/gateways/razorpay/paid-with.js';
import { RazorpaySavedMethodGateway, type RazorpaySavedMethodsApi } from '../../../../adapters/gateways/razorpay/saved-methods.js';
import { razorpayFixture } from '../../../fixtures/razorpay/load.js';
import { initiateRequests } from '../../../support/mothers/initiate-request.js';

const ORDER_ID = 'order_Nf4TqPz8vXk2Lm';
const capturedPayment = (fields: Record<string, unknown>): RazorpayPayment => {
  const [base] = razorpayPaymentCollectionSchema.parse(razorpayFixture('payments-captured')).items;
  return razorpayPaymentSchema.parse({ ...base, ...fields });
};
const token = (id: string, card: Record<string, unknown> | null, method = 'card'): RazorpayToken =>
  razorpayTokenSchema.parse({ id, entity: 'token', method, card, created_at: 1741954542 });
const visaToken = (id = 'token_4lsdksD31GaZ09') => token(id, { last4: '1111', network: 'Visa', type: 'credit', expiry_month: 12, expiry_year: 2030 });

describe('paidWith from a Razorpay payment', () => {
  it.each([
    ['Visa', 'visa'],
    ['MasterCard', 'mastercard'],
    ['RuPay', 'rupay'],
    ['American Express', 'amex'],
    ['Diners Club', 'diners'],
    ['Union Pay', 'unionpay'],
  ])('the card network %s is the brand %s', (network, brand) => {
    expect(brandOfNetwork(network)).toBe(brand);
  });

  it('a card payment says its brand and last four', () => {
    expect(paidWithOf(capturedPayment({ method: 'card', vpa: null, card: { last4: '5449', network: 'MasterCard' } }))).toStrictEqual({
      paidWith: { type: 'card', brand: 'mastercard', last4: '5449' },
    });
    // Without the expanded card, only that it was a card.
    expect(paidWithOf(capturedPayment({ method: 'card', vpa: null }))).toStrictEqual({ paidWith: { type: 'card' } });
  });

  it('UPI from a Google Pay address is the wallet google_pay; other UPI is plain upi', () => {
    expect(paidWithOf(capturedPayment({ method: 'upi', vpa: 'asha@okaxis' }))).toStrictEqual({ paidWith: { type: 'upi', wallet: 'google_pay' } });
    expect(paidWithOf(capturedPayment({ method: 'upi', vpa: null, upi: { vpa: 'asha@OKHDFCBANK', flow: 'intent' } }))).toStrictEqual({
      paidWith: { type: 'upi', wallet: 'google_pay' },
    });
    expect(paidWithOf(capturedPayment({ method: 'upi', vpa: 'asha@ybl' }))).toStrictEqual({ paidWith: { type: 'upi' } });
    expect(paidWithOf(capturedPayment({ method: 'netbanking', vpa: null }))).toStrictEqual({ paidWith: { type: 'netbanking' } });
  });
});

describe('a Razorpay card token as a saved method', () => {
  it('keeps the network as brand, the last four and the expiry', () => {
    expect(toSavedMethodDetails(visaToken())).toStrictEqual({ gatewayMethodId: 'token_4lsdksD31GaZ09', type: 'card', brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 });
  });

  it('reads an expiry sent as strings, and a two-digit year', () => {
    const parsed = token('token_s', { last4: '0153', network: 'RuPay', expiry_month: '07', expiry_year: '29' });
    expect(toSavedMethodDetails(parsed)).toMatchObject({ brand: 'rupay', expMonth: 7, expYear: 2029 });
  });

  it('leaves out a token that is not a card, or lacks what is shown', () => {
    expect(toSavedMethodDetails(token('token_v', null, 'upi'))).toBeUndefined();
    expect(toSavedMethodDetails(token('token_n', { network: 'Visa', expiry_month: 1, expiry_year: 2030 }))).toBeUndefined();
  });
});

class StandIn implements RazorpaySavedMethodsApi {
  readonly calls: { op: string; args: unknown[] }[] = [];
  tokens: RazorpayToken[] = [visaToken()];
  payments: RazorpayPayment[] = [];
  async createCustomer(body: RazorpayCreateCustomerRequest): Promise<RazorpayCustomer> {
    this.calls.push({ op: 'createCustomer', args: [body] });
    return { id: 'cust_1Aa00000000001', notes: {}, created_at: 1741954542 };
  }
  async customerTokens(customerId: string): Promise<RazorpayToken[]> {
    this.calls.push({ op: 'customerTokens', args: [customerId] });
    return this.tokens;
  }
  async deleteToken(customerId: string, tokenId: string): Promise<void> {
    this.calls.push({ op: 'deleteToken', args: [customerId, tokenId] });
  }
  async fetchOrderPayments(orderId: string): Promise<RazorpayPayment[]> {
    this.calls.push({ op: 'fetchOrderPayments', args: [orderId] });
    return this.payments;
  }
}

describe('RazorpaySavedMethodGateway', () => {
  it('creates a customer answering the existing one (fail_existing "0"), our shopper id in its notes', async () => {
    const api = new StandIn();
    const created = await new RazorpaySavedMethodGateway(api).createCustomer({ shopperId: 'cus_asha', email: 'asha@example.com', idempotencyKey: 'customer-cus_asha-razorpay' });
    expect(created).toStrictEqual({ gatewayCustomerId: 'cust_1Aa00000000001' });
    expect(api.calls).toStrictEqual([{ op: 'createCustomer', args: [{ email: 'asha@example.com', fail_existing: '0', notes: { paysaga_shopper_id: 'cus_asha' } }] }]);
  });

  it("finds the card a payment was saved as through the captured payment's token_id", async () => {
    const api = new StandIn();
    api.tokens = [visaToken('token_other'), visaToken('token_saved')];
    api.payments = [capturedPayment({ method: 'card', token_id: 'token_saved', customer_id: 'cust_1Aa00000000001' })];
    expect(await new RazorpaySavedMethodGateway(api).methodOfPayment(ORDER_ID)).toMatchObject({ gatewayMethodId: 'token_saved', brand: 'visa', last4: '1111' });
    expect(api.calls).toStrictEqual([
      { op: 'fetchOrderPayments', args: [ORDER_ID] },
      { op: 'customerTokens', args: ['cust_1Aa00000000001'] },
    ]);
  });

  it('a payment without a token saved nothing', async () => {
    const api = new StandIn();
    api.payments = [capturedPayment({ method: 'card', token_id: null, customer_id: 'cust_1Aa00000000001' })];
    expect(await new RazorpaySavedMethodGateway(api).methodOfPayment(ORDER_ID)).toBeUndefined();
    expect(api.calls.map((c) => c.op)).toStrictEqual(['fetchOrderPayments']);
  });

  it("lists the customer's card tokens, leaving out the others", async () => {
    const api = new StandIn();
    api.tokens = [visaToken(), token('token_upi', null, 'upi')];
    expect((await new RazorpaySavedMethodGateway(api).methodsOf('cust_1')).map((m) => m.gatewayMethodId)).toStrictEqual(['token_4lsdksD31GaZ09']);
  });

  it('deletes the token under its customer; a token already gone is done without a call', async () => {
    const api = new StandIn();
    const store = new RazorpaySavedMethodGateway(api);
    await store.detach({ gatewayCustomerId: 'cust_1', gatewayMethodId: 'token_4lsdksD31GaZ09' });
    expect(api.calls.at(-1)).toStrictEqual({ op: 'deleteToken', args: ['cust_1', 'token_4lsdksD31GaZ09'] });
    api.tokens = [];
    await store.detach({ gatewayCustomerId: 'cust_1', gatewayMethodId: 'token_4lsdksD31GaZ09' });
    expect(api.calls.filter((c) => c.op === 'deleteToken')).toHaveLength(1);
  });
});

class GatewayStandIn implements RazorpayApi {
  readonly expanded: string[] = [];
  order: RazorpayOrder = razorpayOrderSchema.parse(razorpayFixture('order-created'));
  payments: RazorpayPayment[] = [];
  async createOrder(): Promise<RazorpayOrder> {
    return this.order;
  }
  async ordersByReceipt(): Promise<RazorpayOrder[]> {
    return [];
  }
  async fetchOrder(): Promise<RazorpayOrder> {
    return this.order;
  }
  async fetchOrderPayments(): Promise<RazorpayPayment[]> {
    return this.payments;
  }
  async refundPayment(): Promise<RazorpayRefund> {
    return razorpayRefundSchema.parse(razorpayFixture('refund-pending'));
  }
  async fetchPayment(paymentId: string, options: { readonly expandCard?: boolean } = {}): Promise<RazorpayPayment> {
    if (options.expandCard === true) this.expanded.push(paymentId);
    return { ...this.payments.find((p) => p.id === paymentId)!, card: { last4: '1111', network: 'Visa' } };
  }
}

const request = initiateRequests({ gateway: 'razorpay', amount: { amountMinor: 129900, currency: 'INR' } });
const gatewayOver = (api: RazorpayApi) => new RazorpayPaymentGateway(api, { keyId: 'rzp_test_Sandbox0000001', checkoutUrl: 'https://pay.example.com/checkout' });
const checkoutParams = async (api: RazorpayApi, extra: Parameters<typeof request>[0]) => {
  const initiated = await gatewayOver(api).initiate(request(extra));
  if (initiated.action.type !== 'redirect') throw new Error('expected a redirect');
  return new URL(initiated.action.url).searchParams;
};

describe('Razorpay checkout with saved cards', () => {
  it('asks Checkout to save the card for the customer (save=1) when saving', async () => {
    const params = await checkoutParams(new GatewayStandIn(), { saveFor: { gatewayCustomerId: 'cust_1Aa00000000001' } });
    expect([params.get('customer_id'), params.get('save'), params.get('token')]).toStrictEqual(['cust_1Aa00000000001', '1', null]);
  });

  it('opens Checkout for the customer with the saved card preselected when paying with one', async () => {
    const params = await checkoutParams(new GatewayStandIn(), { savedMethod: { gatewayCustomerId: 'cust_1Aa00000000001', gatewayMethodId: 'token_4lsdksD31GaZ09' } });
    expect([params.get('customer_id'), params.get('save'), params.get('token')]).toStrictEqual(['cust_1Aa00000000001', null, 'token_4lsdksD31GaZ09']);
  });

  it('sends no customer for an ordinary checkout', async () => {
    const params = await checkoutParams(new GatewayStandIn(), {});
    expect([params.get('customer_id'), params.get('save'), params.get('token')]).toStrictEqual([null, null, null]);
  });

  it("reads a captured card payment's card (expand[]=card) for paidWith", async () => {
    const api = new GatewayStandIn();
    api.order = razorpayOrderSchema.parse(razorpayFixture('order-paid'));
    api.payments = [capturedPayment({ method: 'card', vpa: null })];
    const report = await gatewayOver(api).lookup(ORDER_ID, { amountMinor: 129900, currency: 'INR' });
    expect(report).toMatchObject({ status: 'completed', paidWith: { type: 'card', brand: 'visa', last4: '1111' } });
    expect(api.expanded).toStrictEqual(['pay_Nf4U0aRk7QbT1c']);
  });
});
