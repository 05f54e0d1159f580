import { describe, expect, it } from 'vitest';
import { createRazorpayAdapter, createRazorpaySavedMethods, razorpaySavedMethods } from '../../../../adapters/gateways/razorpay/index.js';
import { startRazorpaySandbox } from '../../../../adapters/gateways/razorpay/sandbox.js';
import type { InitiatePaymentRequest } from '../../../../src/payments/ports/payment-gateway.js';
import { pressButton } from '../../../support/hosted-pages.js';
import { useSandbox } from '../sandbox-lifecycle.js';
import { returnedFields } from './support.js';

/** Razorpay Customers and card tokens, and Google Pay, through the adapter against the Razorpay sandbox. */

const KEY_ID = 'rzp_test_Sandbox0000001';
const KEY_SECRET = 'test_key_secret_Hy6Rk2Pw9LmQ4tVx8Zc3';
const BASIC = `Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`;
const INR = (amountMinor: number) => ({ amountMinor, currency: 'INR' });

const rig = useSandbox(() => startRazorpaySandbox({ port: 0, host: '127.0.0.1', keyId: KEY_ID, keySecret: KEY_SECRET }));
const settings = () => ({ apiBaseUrl: rig.sandbox.apiBaseUrl, checkoutUrl: rig.sandbox.checkoutUrl, keyId: KEY_ID, keySecret: KEY_SECRET });
const gateway = () => createRazorpayAdapter({ ...settings(), returnMethod: 'post' }).gateway;
const saved = () => createRazorpaySavedMethods(settings());

let orderCount = 0;
const order = (overrides: Partial<InitiatePaymentRequest> = {}): InitiatePaymentRequest => {
  orderCount += 1;
  return {
    orderId: `ord_saved_${orderCount}`,
    amount: INR(129900),
    description: 'Darjeeling tea',
    returnUrl: 'http://shop.test/payments/razorpay/return',
    websiteUrl: 'http://shop.test',
    idempotencyKey: `checkout-ord_saved_${orderCount}/initiate`,
    ...overrides,
  };
};
const urlOf = (action: { type: string; url?: string }): string => {
  if (action.type !== 'redirect' || action.url === undefined) throw new Error('expected a redirect');
  return action.url;
};

async function api(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${rig.sandbox.apiBaseUrl}${path}`, {
    method,
    headers: { authorization: BASIC, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A customer with a card saved by paying a first order with `save=1`. */
async function customerWithSavedCard(shopperId: string) {
  const { gatewayCustomerId } = await saved().createCustomer({ shopperId, idempotencyKey: `customer-${shopperId}-razorpay` });
  const first = await gateway().initiate(order({ saveFor: { gatewayCustomerId } }));
  await returnedFields(await pressButton(urlOf(first.action), 'pay-form'));
  const method = await saved().methodOfPayment(first.gatewayPaymentId);
  if (method === undefined) throw new Error('the card was not saved');
  return { gatewayCustomerId, method, first };
}

describe('Razorpay sandbox: Customers API', () => {
  it('answers the existing customer with fail_existing "0", and refuses a duplicate with "1"', async () => {
    const body = { email: 'asha@example.com', contact: '+919876543210', notes: { paysaga_shopper_id: 'cus_asha' } };
    const first = await api('POST', 'customers', { ...body, fail_existing: '0' });
    expect(first).toMatchObject({
      status: 200,
      body: { id: expect.stringMatching(/^cust_[0-9A-Za-z]{14}$/), entity: 'customer', email: 'asha@example.com', notes: { paysaga_shopper_id: 'cus_asha' } },
    });
    expect((await api('POST', 'customers', { ...body, fail_existing: '0' })).body['id']).toBe(first.body['id']);
    expect(await api('POST', 'customers', { ...body, fail_existing: '1' })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST_ERROR', description: 'Customer already exists for the merchant' } },
    });
    expect(rig.sandbox.control.customers()).toHaveLength(1);
  });

  it("refuses a name outside Razorpay's rule, and tokens of a customer that does not exist", async () => {
    expect(await api('POST', 'customers', { name: 'cus_asha_1', fail_existing: '0' })).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST_ERROR', field: 'name' } },
    });
    expect(await api('GET', 'customers/cust_missing0000000/tokens')).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST_ERROR', description: 'The id provided does not exist' } },
    });
  });

  it('creates a customer through the store, with the shopper id in its notes', async () => {
    const created = await saved().createCustomer({ shopperId: 'cus_maya', email: 'maya@example.com', idempotencyKey: 'customer-cus_maya-razorpay' });
    expect(rig.sandbox.control.customers()).toMatchObject([{ id: created.gatewayCustomerId, email: 'maya@example.com', notes: { paysaga_shopper_id: 'cus_maya' } }]);
    expect(razorpaySavedMethods.create(settings()).id).toBe('razorpay');
  });
});

describe('Razorpay saved cards through Checkout', () => {
  it('saves the card paid with save=1 as a token of the customer, named on the payment (token_id)', async () => {
    const { gatewayCustomerId } = await saved().createCustomer({ shopperId: 'cus_save', idempotencyKey: 'customer-cus_save-razorpay' });
    const initiated = await gateway().initiate(order({ saveFor: { gatewayCustomerId } }));
    const page = await (await fetch(urlOf(initiated.action))).text();
    expect(page).toContain('id="save-consent"');

    const back = await returnedFields(await pressButton(urlOf(initiated.action), 'pay-form'));
    const report = await gateway().lookup(initiated.gatewayPaymentId, INR(129900));
    expect(report).toMatchObject({ status: 'completed', paidWith: { type: 'card', brand: 'visa', last4: '1111' } });

    const [token] = rig.sandbox.control.tokens(gatewayCustomerId);
    expect(rig.sandbox.control.payment(back.fields.get('razorpay_payment_id')!)).toMatchObject({ method: 'card', tokenId: token!.id, customerId: gatewayCustomerId });
    const details = { gatewayMethodId: token!.id, type: 'card', brand: 'visa', last4: '1111', expMonth: 12, expYear: 2030 };
    expect(await saved().methodOfPayment(initiated.gatewayPaymentId)).toStrictEqual(details);
    expect(await saved().methodsOf(gatewayCustomerId)).toStrictEqual([details]);
  });

  it('a card paid without save=1 is not kept', async () => {
    const { gatewayCustomerId } = await saved().createCustomer({ shopperId: 'cus_nosave', idempotencyKey: 'customer-cus_nosave-razorpay' });
    const initiated = await gateway().initiate(order());
    await returnedFields(await pressButton(urlOf(initiated.action), 'pay-form'));
    expect(await saved().methodOfPayment(initiated.gatewayPaymentId)).toBeUndefined();
    expect(await saved().methodsOf(gatewayCustomerId)).toStrictEqual([]);
  });

  it('pays again with the saved card preselected on the page, which the shopper confirms', async () => {
    const { gatewayCustomerId, method } = await customerWithSavedCard('cus_again');
    const again = await gateway().initiate(order({ savedMethod: { gatewayCustomerId, gatewayMethodId: method.gatewayMethodId } }));
    const page = await (await fetch(urlOf(again.action))).text();
    expect(page).toMatch(new RegExp(`id="saved-card".*value="${method.gatewayMethodId}" checked.*Visa •••• 1111`));
    expect(await gateway().lookup(again.gatewayPaymentId, INR(129900))).toMatchObject({ status: 'pending', notStarted: true });

    const back = await returnedFields(await pressButton(urlOf(again.action), 'pay-form'));
    expect(rig.sandbox.control.payment(back.fields.get('razorpay_payment_id')!)).toMatchObject({ tokenId: method.gatewayMethodId, customerId: gatewayCustomerId });
    expect(await gateway().lookup(again.gatewayPaymentId, INR(129900))).toMatchObject({ status: 'completed', paidWith: { type: 'card', brand: 'visa', last4: '1111' } });
    // Paying with the same card again saves no second token.
    expect(rig.sandbox.control.tokens(gatewayCustomerId)).toHaveLength(1);
  });

  it("refuses another customer's token on the page", async () => {
    const { method } = await customerWithSavedCard('cus_owner');
    const { gatewayCustomerId: other } = await saved().createCustomer({ shopperId: 'cus_other', idempotencyKey: 'customer-cus_other-razorpay' });
    const initiated = await gateway().initiate(order({ savedMethod: { gatewayCustomerId: other, gatewayMethodId: method.gatewayMethodId } }));
    expect((await fetch(urlOf(initiated.action))).status).toBe(400);
  });

  it('deletes the token under its customer; deleting it again is fine', async () => {
    const { gatewayCustomerId, method } = await customerWithSavedCard('cus_delete');
    await saved().detach({ gatewayCustomerId, gatewayMethodId: method.gatewayMethodId });
    await saved().detach({ gatewayCustomerId, gatewayMethodId: method.gatewayMethodId });
    expect(rig.sandbox.control.tokens(gatewayCustomerId)).toStrictEqual([]);
    expect(await api('DELETE', `customers/${gatewayCustomerId}/tokens/${method.gatewayMethodId}`)).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST_ERROR', description: 'The id provided does not exist' } },
    });
    const deleted = await api('DELETE', `customers/${gatewayCustomerId}/tokens/${rig.sandbox.control.saveCard(gatewayCustomerId).id}`);
    expect(deleted).toStrictEqual({ status: 200, body: { deleted: true } });
  });

  it('shows a card on the payment only with expand[]=card, never its number', async () => {
    const { first } = await customerWithSavedCard('cus_expand');
    const [payment] = rig.sandbox.control.get(first.gatewayPaymentId)!.payments;
    const plain = await api('GET', `payments/${payment!.id}`);
    expect(plain.body).not.toHaveProperty('card');
    expect(plain.body).toMatchObject({ method: 'card', card_id: expect.stringMatching(/^card_/), token_id: payment!.tokenId });
    const expanded = await api('GET', `payments/${payment!.id}?expand[]=card`);
    expect(expanded.body['card']).toMatchObject({ entity: 'card', last4: '1111', network: 'Visa' });
    expect(JSON.stringify(expanded.body['card'])).not.toMatch(/\d{13,19}/);
  });
});

describe('Google Pay through Razorpay', () => {
  it('is UPI from a Google Pay address; the verified payment says the wallet google_pay', async () => {
    const initiated = await gateway().initiate(order());
    const back = await returnedFields(await pressButton(urlOf(initiated.action), 'google-pay-form'));
    const payment = await api('GET', `payments/${back.fields.get('razorpay_payment_id')}`);
    expect(payment.body).toMatchObject({ method: 'upi', vpa: 'shopper@okaxis', upi: { vpa: 'shopper@okaxis' } });
    expect(await gateway().lookup(initiated.gatewayPaymentId, INR(129900))).toMatchObject({ status: 'completed', paidWith: { type: 'upi', wallet: 'google_pay' } });
  });
});
