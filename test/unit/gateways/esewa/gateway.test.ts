import { describe, expect, it } from 'vitest';
import { EsewaClient, type EsewaStatusQuery, type EsewaStatusResponse } from '../../../../adapters/gateways/esewa/client.js';
import { EsewaPaymentGateway } from '../../../../adapters/gateways/esewa/gateway.js';
import { createEsewaAdapter } from '../../../../adapters/gateways/esewa/index.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { esewaFixture } from '../../../fixtures/esewa/load.js';
import { initiateRequests } from '../../../support/mothers/initiate-request.js';

const SECRET = '8gBm/:&EnhH.1/q';
const FORM_URL = 'https://rc-epay.esewa.com.np/api/epay/main/v2/form';
const UUID = 'ord-5F4fK9xQ2mT7vB1nR8sW3yZc';
const T0 = new Date('2025-03-14T12:00:00.000Z');

/** The real signing client, with the status call answered from a recorded response. */
function api(answer: (query: EsewaStatusQuery) => EsewaStatusResponse) {
  const queries: EsewaStatusQuery[] = [];
  const real = new EsewaClient({ formUrl: FORM_URL, statusUrl: 'https://rc.esewa.com.np/api/epay/transaction/status/', productCode: 'EPAYTEST', secretKey: SECRET });
  return {
    queries,
    api: {
      formUrl: real.formUrl,
      productCode: real.productCode,
      signedForm: real.signedForm.bind(real),
      status: async (query: EsewaStatusQuery) => {
        queries.push(query);
        return answer(query);
      },
    },
  };
}

const recorded = (name: string) => esewaFixture(name) as EsewaStatusResponse;

const order = initiateRequests({
  gateway: 'esewa',
  orderId: 'ord_4fK9xQ2mT7vB1nR8sW3yZc',
  amount: { amountMinor: 100000, currency: 'NPR' },
  description: 'Dhaka topi',
  site: 'http://shop.test',
});

describe('EsewaPaymentGateway.initiate', () => {
  it('returns a form_post to eSewa with every signed field; the uuid is the gateway payment id', async () => {
    const gateway = new EsewaPaymentGateway(api(() => recorded('status-pending')).api, { now: () => T0 });
    const initiated = await gateway.initiate(order());
    expect(initiated).toEqual({
      gatewayPaymentId: UUID,
      action: { type: 'form_post', url: FORM_URL, fields: esewaFixture('form-request') },
      expiresAt: '2025-03-14T12:30:00.000Z',
    });
  });

  it('yields the same uuid and the same signed form when retried, whatever the idempotency key', async () => {
    const gateway = new EsewaPaymentGateway(api(() => recorded('status-pending')).api, { now: () => T0 });
    const first = await gateway.initiate(order());
    const again = await gateway.initiate(order({ idempotencyKey: 'something-else' }));
    expect(again).toEqual(first);
    const other = await gateway.initiate(order({ orderId: 'ord_Zz9xQ2mT7vB1nR8sW3yZc4' }));
    expect(other.gatewayPaymentId).not.toBe(first.gatewayPaymentId);
  });

  it('writes paisa as rupees with two decimals when needed', async () => {
    const gateway = new EsewaPaymentGateway(api(() => recorded('status-pending')).api);
    const { action } = await gateway.initiate(order({ amount: { amountMinor: 129950, currency: 'NPR' } }));
    if (action.type !== 'form_post') throw new Error('expected a form');
    expect(action.fields).toMatchObject({ amount: '1299.50', total_amount: '1299.50', tax_amount: '0' });
  });

  it('honours the payment window', async () => {
    const gateway = new EsewaPaymentGateway(api(() => recorded('status-pending')).api, { now: () => T0, paymentWindowSeconds: 600 });
    expect((await gateway.initiate(order())).expiresAt).toBe('2025-03-14T12:10:00.000Z');
    expect(() => new EsewaPaymentGateway(api(() => recorded('status-pending')).api, { paymentWindowSeconds: 0 })).toThrow(RangeError);
  });

  it('throws GatewayRejectedError for a currency other than NPR or a zero amount', async () => {
    const gateway = new EsewaPaymentGateway(api(() => recorded('status-pending')).api);
    await expect(gateway.initiate(order({ amount: { amountMinor: 1000, currency: 'USD' } }))).rejects.toMatchObject({
      name: 'GatewayRejectedError',
      gatewayErrorKey: 'payments.unsupported_currency',
    });
    await expect(gateway.initiate(order({ amount: { amountMinor: 0, currency: 'NPR' } }))).rejects.toBeInstanceOf(GatewayRejectedError);
  });
});

describe('EsewaPaymentGateway.lookup', () => {
  it('asks with the expected amount as rupees and reports what eSewa says', async () => {
    const stub = api(() => recorded('status-complete'));
    const report = await new EsewaPaymentGateway(stub.api).lookup(UUID, { amountMinor: 100000, currency: 'NPR' });
    expect(stub.queries).toEqual([{ totalAmount: '1000', transactionUuid: UUID }]);
    expect(report).toEqual({ status: 'completed', gatewayPaymentId: UUID, transactionId: '000AWEO', amount: { amountMinor: 100000, currency: 'NPR' }, gatewayStatus: 'COMPLETE' });
  });

  it('sends an answer about another uuid or merchant to review', async () => {
    const otherUuid = new EsewaPaymentGateway(api(() => ({ ...recorded('status-complete'), transaction_uuid: 'someone-else' })).api);
    await expect(otherUuid.lookup(UUID, { amountMinor: 100000, currency: 'NPR' })).resolves.toMatchObject({ status: 'review', gatewayPaymentId: UUID });
    const otherMerchant = new EsewaPaymentGateway(api(() => ({ ...recorded('status-complete'), product_code: 'OTHER' })).api);
    await expect(otherMerchant.lookup(UUID, { amountMinor: 100000, currency: 'NPR' })).resolves.toMatchObject({ status: 'review' });
  });

  it('holds NOT_FOUND as pending, not started, whatever the clock says: the saga decides when the window is over', async () => {
    let now = T0;
    const gateway = new EsewaPaymentGateway(api(() => recorded('status-not-found')).api, { now: () => now });
    const expected = { amountMinor: 100000, currency: 'NPR' };
    const notStarted = { status: 'pending', notStarted: true, gatewayPaymentId: UUID, gatewayStatus: 'NOT_FOUND' };
    await expect(gateway.lookup(UUID, expected)).resolves.toEqual(notStarted);
    now = new Date('2025-03-14T13:30:00.000Z');
    await expect(gateway.lookup(UUID, expected)).resolves.toEqual(notStarted);
  });

  it('throws GatewayRejectedError when the expected amount cannot be written in rupees', async () => {
    const stub = api(() => recorded('status-complete'));
    await expect(new EsewaPaymentGateway(stub.api).lookup(UUID, { amountMinor: 100, currency: 'INR' })).rejects.toBeInstanceOf(GatewayRejectedError);
    expect(stub.queries).toEqual([]);
  });
});

describe('createEsewaAdapter', () => {
  it('hands over the gateway and a return parser bound to the secret, and no webhook verifier', () => {
    const adapter = createEsewaAdapter({
      formUrl: FORM_URL,
      statusUrl: 'https://rc.esewa.com.np/api/epay/transaction/status/',
      productCode: 'EPAYTEST',
      secretKey: SECRET,
    });
    expect(adapter.gateway.id).toBe('esewa');
    expect(adapter.gateway.refund).toBeUndefined();
    expect(adapter.gateway.capture).toBeUndefined();
    expect(adapter.webhookVerifier).toBeUndefined();
    expect(adapter.returnParser?.({ esewa_return: 'failure', transaction_uuid: UUID })).toMatchObject({ ok: true, value: { gatewayPaymentId: UUID } });
  });
});
