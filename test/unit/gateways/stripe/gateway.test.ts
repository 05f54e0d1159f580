import { describe, expect, it } from 'vitest';
import { aMittensRefund } from '../../../support/mothers/refund-request.js';
import {
  stripeCheckoutSessionSchema,
  stripePaymentIntentSchema,
  stripeRefundSchema,
  type StripeCheckoutSession,
  type StripeCheckoutSessionCreate,
  type StripeRefundCreate,
} from '../../../../adapters/gateways/stripe/client.js';
import { StripePaymentGateway, type StripeApi } from '../../../../adapters/gateways/stripe/gateway.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { stripeFixture } from '../../../fixtures/stripe/load.js';
import { aScarfOrder } from '../../../support/mothers/initiate-request.js';

const session = (name: string): StripeCheckoutSession => stripeCheckoutSessionSchema.parse(stripeFixture(name));

/** A stand-in for `StripeClient` answering recorded payloads and remembering the calls. */
function fakeApi(answers: { session?: StripeCheckoutSession } = {}) {
  const calls: { op: string; args: unknown[] }[] = [];
  const paid = session('session-complete-paid');
  const intent = typeof paid.payment_intent === 'object' && paid.payment_intent !== null ? paid.payment_intent : undefined;
  const api: StripeApi = {
    createCheckoutSession: async (params: StripeCheckoutSessionCreate, key: string) => {
      calls.push({ op: 'create', args: [params, key] });
      return answers.session ?? session('session-open');
    },
    retrieveCheckoutSession: async (id: string) => {
      calls.push({ op: 'retrieve', args: [id] });
      return answers.session ?? paid;
    },
    retrievePaymentIntent: async (id: string) => {
      calls.push({ op: 'intent', args: [id] });
      return stripePaymentIntentSchema.parse(intent);
    },
    createRefund: async (params: StripeRefundCreate, key: string) => {
      calls.push({ op: 'refund', args: [params, key] });
      return stripeRefundSchema.parse(stripeFixture('refund-succeeded'));
    },
  };
  return { api, calls };
}

const order = aScarfOrder;

describe('StripePaymentGateway (with a stand-in client)', () => {
  it('initiates a Checkout Session for the order and redirects to its hosted page', async () => {
    const { api, calls } = fakeApi();
    const initiated = await new StripePaymentGateway(api).initiate(order());
    expect(initiated).toEqual({
      gatewayPaymentId: 'cs_test_a1Qw8TzK3mN5pR7sV9xY2bC4dF6gH8jL0nP2rT4vX6zA8cE0gI2kM4oQ6s',
      action: { type: 'redirect', url: 'https://checkout.stripe.com/c/pay/cs_test_a1Qw8TzK3mN5pR7sV9xY2bC4dF6gH8jL0nP2rT4vX6zA8cE0gI2kM4oQ6s' },
      expiresAt: '2026-11-19T11:06:40.000Z',
    });
    expect(calls).toEqual([
      {
        op: 'create',
        args: [
          {
            mode: 'payment',
            line_items: [{ price_data: { currency: 'usd', unit_amount: 2599, product_data: { name: 'Wool scarf and mittens' } }, quantity: 1 }],
            success_url: 'http://shop.test/payments/stripe/return?stripe_checkout=success&order_id=ord_9Zk2mQ7vB1nR8sW3yX4cT6&session_id={CHECKOUT_SESSION_ID}',
            cancel_url: 'http://shop.test/payments/stripe/return?stripe_checkout=cancel&order_id=ord_9Zk2mQ7vB1nR8sW3yX4cT6&session_id={CHECKOUT_SESSION_ID}',
            client_reference_id: 'ord_9Zk2mQ7vB1nR8sW3yX4cT6',
            metadata: { order_id: 'ord_9Zk2mQ7vB1nR8sW3yX4cT6' },
            payment_intent_data: { metadata: { order_id: 'ord_9Zk2mQ7vB1nR8sW3yX4cT6' }, description: 'Wool scarf and mittens' },
            customer_email: 'ada@example.test',
          },
          'checkout-ord_9Zk2mQ7vB1nR8sW3yX4cT6/initiate',
        ],
      },
    ]);
  });

  it('sends the same parameters on a retry (no clock-derived expires_at), so the idempotency key replays', async () => {
    const { api, calls } = fakeApi();
    const gateway = new StripePaymentGateway(api);
    await gateway.initiate(order());
    await new Promise((r) => setTimeout(r, 5));
    await gateway.initiate(order());
    expect(calls[0]).toEqual(calls[1]);
  });

  it('keeps a query the return URL already has and encodes the order id', async () => {
    const { api, calls } = fakeApi();
    await new StripePaymentGateway(api).initiate(order({ orderId: 'a&b', returnUrl: 'http://shop.test/r?lang=en#top' }));
    const params = calls[0]?.args[0] as StripeCheckoutSessionCreate;
    expect(params.success_url).toBe('http://shop.test/r?lang=en&stripe_checkout=success&order_id=a%26b&session_id={CHECKOUT_SESSION_ID}#top');
  });

  it.each([
    [{ amountMinor: 0, currency: 'USD' }, 'payments.invalid_amount'],
    [{ amountMinor: 12.5, currency: 'USD' }, 'payments.invalid_amount'],
    [{ amountMinor: 100, currency: 'usd' }, 'payments.unsupported_currency'],
    [{ amountMinor: 1234, currency: 'KWD' }, 'payments.invalid_amount'],
  ])('refuses %j before calling Stripe', async (amount, key) => {
    const { api, calls } = fakeApi();
    await expect(new StripePaymentGateway(api).initiate(order({ amount }))).rejects.toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: key });
    expect(calls).toEqual([]);
  });

  it.each([
    [{ amountMinor: 1000, currency: 'JPY' }, 1000, 'jpy'],
    [{ amountMinor: 1299, currency: 'USD' }, 1299, 'usd'],
    [{ amountMinor: 1230, currency: 'KWD' }, 1230, 'kwd'],
    [{ amountMinor: 5, currency: 'ISK' }, 500, 'isk'],
  ])("prices %j at Stripe's unit_amount %i %s", async (amount, unitAmount, currency) => {
    const { api, calls } = fakeApi();
    await new StripePaymentGateway(api).initiate(order({ amount }));
    const params = calls[0]?.args[0] as StripeCheckoutSessionCreate;
    expect(params.line_items[0]?.price_data).toMatchObject({ currency, unit_amount: unitAmount });
  });

  it('refuses a session without a hosted page url', async () => {
    const { api } = fakeApi({ session: { ...session('session-open'), url: null } });
    await expect(new StripePaymentGateway(api).initiate(order())).rejects.toBeInstanceOf(GatewayRejectedError);
  });

  it('looks up: completed with the PaymentIntent as the transaction', async () => {
    const { api } = fakeApi();
    expect(await new StripePaymentGateway(api).lookup('cs_test_x', { amountMinor: 2599, currency: 'USD' })).toMatchObject({
      status: 'completed',
      transactionId: 'pi_3QxY7zB2mN4kL6pR8sT0vW2y',
      amount: { amountMinor: 2599, currency: 'USD' },
    });
  });

  it('reads the PaymentIntent on its own when the expansion came back as an id', async () => {
    const { api, calls } = fakeApi({ session: { ...session('session-complete-paid'), payment_intent: 'pi_3QxY7zB2mN4kL6pR8sT0vW2y' } });
    expect((await new StripePaymentGateway(api).lookup('cs_test_x', { amountMinor: 2599, currency: 'USD' })).status).toBe('completed');
    expect(calls.map((c) => c.op)).toEqual(['retrieve', 'intent']);
  });

  it("refunds the PaymentIntent with the saga's key", async () => {
    const { api, calls } = fakeApi();
    const report = await new StripePaymentGateway(api).refund(aMittensRefund());
    expect(report).toEqual({ status: 'completed', gatewayRefundId: 're_3QxY7zB2mN4kL6pR8sT0vW2y', gatewayStatus: 'succeeded' });
    expect(calls).toEqual([
      { op: 'refund', args: [{ payment_intent: 'pi_3QxY7zB2mN4kL6pR8sT0vW2y', amount: 1000, metadata: { reason: 'Customer returned the mittens' } }, 'refund-ord_1/1'] },
    ]);
  });

  it('finds the PaymentIntent from the session when the transaction id is not one', async () => {
    const { api, calls } = fakeApi();
    const request = aMittensRefund({ transactionId: '', idempotencyKey: 'k', reason: 'r' });
    await new StripePaymentGateway(api).refund(request);
    expect(calls.map((c) => c.op)).toEqual(['retrieve', 'refund']);
    await expect(new StripePaymentGateway(api).refund({ ...request, amount: { amountMinor: 1000, currency: 'EUR' } })).rejects.toBeInstanceOf(GatewayRejectedError);
  });
});
