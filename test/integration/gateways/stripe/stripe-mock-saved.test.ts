import { describe, expect, it } from 'vitest';
import { StripePaymentGateway } from '../../../../adapters/gateways/stripe/gateway.js';
import { StripeSavedMethodGateway } from '../../../../adapters/gateways/stripe/saved-methods.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { aScarfOrder } from '../../../support/mothers/initiate-request.js';
import { useStripeMock } from './stripe-mock.js';

/**
 * The saved-method calls against stripe-mock: it checks each request against Stripe's OpenAPI
 * spec (an unknown or mistyped parameter answers 400, a GatewayRejectedError here) and answers
 * fixed fixtures, so these prove the requests are well-formed and the answers parse.
 */
const client = useStripeMock();

const request = aScarfOrder();

describe('saved-method requests against stripe-mock', () => {
  it('accepts the off-session PaymentIntent; its fixture (not succeeded) is refused as unpaid, never a transport error', async () => {
    const attempt = new StripePaymentGateway(client()).initiate({ ...request, savedMethod: { gatewayCustomerId: 'cus_123', gatewayMethodId: 'pm_card_visa' } });
    // stripe-mock's PaymentIntent fixture is `requires_payment_method`: parsed, then refused by status.
    await expect(attempt).rejects.toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: 'requires_payment_method' });
  });

  it('accepts the on-session confirmation with a return_url', async () => {
    const intent = await client().confirmPaymentIntent('pi_123', { return_url: 'http://shop.test/r' }, 'k-confirm');
    expect(intent.object).toBe('payment_intent');
  });

  it('accepts the Checkout Session with a customer, setup_future_usage and card', async () => {
    const initiated = await new StripePaymentGateway(client()).initiate({ ...request, saveFor: { gatewayCustomerId: 'cus_123' } });
    expect(initiated.gatewayPaymentId).toMatch(/^cs_/);
  });

  it('looks up a pi_ id', async () => {
    const report = await new StripePaymentGateway(client()).lookup('pi_123', request.amount);
    expect(report.gatewayPaymentId).toBeTypeOf('string');
  });

  it('creates a customer, lists, retrieves and detaches payment methods', async () => {
    const saved = new StripeSavedMethodGateway(client());
    expect((await saved.createCustomer({ shopperId: 'shp_1', email: 'ada@example.test', idempotencyKey: 'k-customer' })).gatewayCustomerId).toMatch(/^cus_/);
    const methods = await saved.methodsOf('cus_123');
    for (const m of methods) expect(Object.keys(m).sort()).toEqual(expect.arrayContaining(['brand', 'last4', 'expMonth', 'expYear']));
    expect((await client().retrievePaymentMethod('pm_123')).object).toBe('payment_method');
    expect((await client().detachPaymentMethod('pm_123')).object).toBe('payment_method');
    const method = await saved.methodOfPayment('pi_123');
    if (method !== undefined) expect(method.last4).toMatch(/^\d{4}$/);
  });

  it('still refuses an unknown parameter', async () => {
    const bogus = { amount: 100, currency: 'usd', not_a_param: 'x' } as never;
    await expect(client().createPaymentIntent(bogus, 'k-bogus')).rejects.toBeInstanceOf(GatewayRejectedError);
  });
});
