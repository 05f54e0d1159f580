import { describe, expect, it } from 'vitest';
import { aScarfOrder } from '../../../support/mothers/initiate-request.js';
import { aMittensRefund } from '../../../support/mothers/refund-request.js';
import { type StripeClient, stripeCheckoutSessionSchema } from '../../../../adapters/gateways/stripe/client.js';
import { StripePaymentGateway } from '../../../../adapters/gateways/stripe/gateway.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { useStripeMock } from './stripe-mock.js';

/**
 * stripe-mock validates every request against Stripe's OpenAPI spec (routes, parameter names and
 * types) and answers fixed fixtures: it proves our calls are shaped as Stripe expects, not how
 * Stripe behaves. An unknown or mistyped parameter makes it answer 400, which the client turns
 * into a GatewayRejectedError, so these tests fail if the adapter sends something Stripe would not take.
 */
const client = useStripeMock();

const request = aScarfOrder();

describe("the adapter's requests against stripe-mock (Stripe's OpenAPI validator)", () => {
  it('accepts the Checkout Session the gateway creates, and its answer parses', async () => {
    const initiated = await new StripePaymentGateway(client()).initiate(request);
    expect(initiated.gatewayPaymentId).toMatch(/^cs_/);
    expect(initiated.action.type).toBe('redirect');
  });

  it('accepts the retrieve with nested expansion, and the lookup maps its fixture (open/unpaid → pending)', async () => {
    const report = await new StripePaymentGateway(client()).lookup('cs_test_a1b2c3', request.amount);
    expect(report).toMatchObject({ status: 'pending', gatewayPaymentId: 'cs_test_a1b2c3' });
    const session = await client().retrieveCheckoutSession('cs_test_a1b2c3');
    expect(stripeCheckoutSessionSchema.parse(session).payment_intent).not.toBeTypeOf('string');
  });

  it('accepts the PaymentIntent retrieve with its charge expanded', async () => {
    const intent = await client().retrievePaymentIntent('pi_123');
    expect(intent.id).toBe('pi_123');
  });

  it('accepts the refund the gateway creates', async () => {
    const report = await new StripePaymentGateway(client()).refund(
      aMittensRefund({ gatewayPaymentId: 'cs_test_a1b2c3', transactionId: 'pi_1PgafyB7WZ01zgkWSjxsAJo3', idempotencyKey: 'refund-ord_mock/1' }),
    );
    expect(report).toMatchObject({ status: 'completed', gatewayStatus: 'succeeded' });
  });

  it('still refuses what Stripe would refuse: an unknown parameter and a missing key', async () => {
    const bogus = { ...(await sessionParams()), not_a_stripe_param: 'x' };
    await expect(client().createCheckoutSession(bogus, 'k')).rejects.toBeInstanceOf(GatewayRejectedError);
    await expect(client('not_a_key').retrieveCheckoutSession('cs_test_1')).rejects.toBeInstanceOf(GatewayRejectedError);
  });
});

/** The exact parameters the gateway sends, captured through a stand-in client. */
async function sessionParams(): Promise<Parameters<StripeClient['createCheckoutSession']>[0]> {
  let captured: Parameters<StripeClient['createCheckoutSession']>[0] | undefined;
  const real = client();
  const gateway = new StripePaymentGateway({
    createCheckoutSession: async (params, key) => {
      captured = params;
      return real.createCheckoutSession(params, key);
    },
    retrieveCheckoutSession: (id) => real.retrieveCheckoutSession(id),
    retrievePaymentIntent: (id) => real.retrievePaymentIntent(id),
    createRefund: (params, key) => real.createRefund(params, key),
  });
  await gateway.initiate(request);
  if (captured === undefined) throw new Error('no parameters captured');
  return captured;
}
