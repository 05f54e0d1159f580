import { describe, expect, it } from 'vitest';
import {
  StripeCardDeclined,
  stripeChargeSchema,
  type StripePaymentIntent,
  type StripePaymentIntentCreate,
  stripePaymentIntentSchema,
  type StripePaymentMethod,
  stripePaymentMethodSchema,
} from '../../../../adapters/gateways/stripe/client.js';
import { StripePaymentGateway, type StripeApi } from '../../../../adapters/gateways/stripe/gateway.js';
import { parseStripeReturn } from '../../../../adapters/gateways/stripe/return-parser.js';
import { StripeSavedMethodGateway, type StripeSavedMethodsApi } from '../../../../adapters/gateways/stripe/saved-methods.js';
import { GatewayRejectedError } from '../../../../src/payments/ports/payment-gateway.js';
import { initiateRequests } from '../../../support/mothers/initiate-request.js';

const visa = (customer: string | null = 'cus_1'): StripePaymentMethod =>
  stripePaymentMethodSchema.parse({ id: 'pm_1', object: 'payment_method', type: 'card', customer, card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 } });

const intent = (status: string, extra: Record<string, unknown> = {}): StripePaymentIntent =>
  stripePaymentIntentSchema.parse({ id: 'pi_1', object: 'payment_intent', status, amount: 2599, amount_received: status === 'succeeded' ? 2599 : 0, currency: 'usd', ...extra });

const charge = (card: Record<string, unknown>) =>
  stripeChargeSchema.parse({
    id: 'ch_1',
    object: 'charge',
    amount: 2599,
    amount_refunded: 0,
    refunded: false,
    currency: 'usd',
    status: 'succeeded',
    payment_method_details: { type: 'card', card },
  });

function fakeApi(answer: { create?: () => StripePaymentIntent; confirm?: StripePaymentIntent; retrieve?: StripePaymentIntent } = {}) {
  const calls: { op: string; args: unknown[] }[] = [];
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  const api: StripeApi = {
    createCheckoutSession: unused,
    retrieveCheckoutSession: unused,
    createRefund: unused,
    retrievePaymentIntent: async (id) => {
      calls.push({ op: 'retrieve', args: [id] });
      return answer.retrieve ?? intent('succeeded');
    },
    createPaymentIntent: async (params, key) => {
      calls.push({ op: 'create', args: [params, key] });
      return (answer.create ?? (() => intent('succeeded')))();
    },
    confirmPaymentIntent: async (id, params, key) => {
      calls.push({ op: 'confirm', args: [id, params, key] });
      return answer.confirm ?? intent('requires_action');
    },
  };
  return { api, calls };
}

const order = initiateRequests({
  gateway: 'stripe',
  orderId: 'ord_1',
  amount: { amountMinor: 2599, currency: 'USD' },
  description: 'Wool scarf',
  site: 'http://shop.test',
});
const saved = { gatewayCustomerId: 'cus_1', gatewayMethodId: 'pm_1' };
const now = () => new Date('2026-12-07T10:00:00Z');

describe('StripePaymentGateway with a saved method', () => {
  it('confirms a PaymentIntent off-session and sends the browser straight back to the return URL', async () => {
    const { api, calls } = fakeApi();
    const initiated = await new StripePaymentGateway(api, { now }).initiate(order({ savedMethod: saved }));
    expect(initiated).toEqual({
      gatewayPaymentId: 'pi_1',
      action: { type: 'redirect', url: 'http://shop.test/payments/stripe/return?order_id=ord_1&payment_intent=pi_1&redirect_status=succeeded' },
      expiresAt: '2026-12-07T10:30:00.000Z',
    });
    const params: StripePaymentIntentCreate = {
      amount: 2599,
      currency: 'usd',
      customer: 'cus_1',
      payment_method: 'pm_1',
      confirm: true,
      off_session: true,
      metadata: { order_id: 'ord_1' },
      description: 'Wool scarf',
      return_url: 'http://shop.test/payments/stripe/return?order_id=ord_1',
    };
    expect(calls).toEqual([{ op: 'create', args: [params, 'checkout-ord_1/initiate'] }]);
  });

  it('on authentication_required, confirms on-session and redirects to the bank’s page', async () => {
    const { api, calls } = fakeApi({
      create: () => {
        throw new StripeCardDeclined('authentication_required', 'needs 3DS', 'authentication_required', 'pi_1');
      },
      confirm: intent('requires_action', { next_action: { type: 'redirect_to_url', redirect_to_url: { url: 'https://hooks.stripe.test/3ds/pi_1' } } }),
    });
    const initiated = await new StripePaymentGateway(api).initiate(order({ savedMethod: saved }));
    expect(initiated.action).toEqual({ type: 'redirect', url: 'https://hooks.stripe.test/3ds/pi_1' });
    expect(initiated.gatewayPaymentId).toBe('pi_1');
    expect(calls[1]).toEqual({ op: 'confirm', args: ['pi_1', { return_url: 'http://shop.test/payments/stripe/return?order_id=ord_1' }, 'checkout-ord_1/initiate'] });
  });

  it('passes a decline on as a GatewayRejectedError keyed by the decline code', async () => {
    const { api, calls } = fakeApi({
      create: () => {
        throw new StripeCardDeclined('expired_card', 'Your card has expired.', 'expired_card', 'pi_1');
      },
    });
    await expect(new StripePaymentGateway(api).initiate(order({ savedMethod: saved }))).rejects.toMatchObject({ name: 'GatewayRejectedError', gatewayErrorKey: 'expired_card' });
    expect(calls.map((c) => c.op)).toEqual(['create']);
  });

  it('refuses an intent left unpaid after confirmation', async () => {
    const { api } = fakeApi({ create: () => intent('requires_payment_method') });
    await expect(new StripePaymentGateway(api).initiate(order({ savedMethod: saved }))).rejects.toBeInstanceOf(GatewayRejectedError);
  });

  it.each([
    ['succeeded', { status: 'completed', transactionId: 'pi_1', amount: { amountMinor: 2599, currency: 'USD' } }],
    ['requires_action', { status: 'pending', notStarted: true }],
    ['requires_payment_method', { status: 'pending', notStarted: true }],
    ['processing', { status: 'pending' }],
    ['canceled', { status: 'failed', reason: 'cancelled' }],
    ['requires_capture', { status: 'review' }],
  ])('looks up a pi_ PaymentIntent %s', async (status, expected) => {
    const { api } = fakeApi({ retrieve: intent(status) });
    const report = await new StripePaymentGateway(api).lookup('pi_1', { amountMinor: 2599, currency: 'USD' });
    expect(report).toMatchObject({ gatewayPaymentId: 'pi_1', ...expected });
    if (expected.status === 'pending' && !('notStarted' in expected)) expect(report).not.toHaveProperty('notStarted');
  });

  it('reports how a completed payment was paid: brand, last four, Google Pay', async () => {
    const { api } = fakeApi({ retrieve: intent('succeeded', { latest_charge: charge({ brand: 'visa', last4: '4242', wallet: { type: 'google_pay' } }) }) });
    const report = await new StripePaymentGateway(api).lookup('pi_1', { amountMinor: 2599, currency: 'USD' });
    expect(report).toMatchObject({ status: 'completed', paidWith: { type: 'card', brand: 'visa', last4: '4242', wallet: 'google_pay' } });
  });

  it('saves the method paid with on the hosted page for the customer', async () => {
    const calls: unknown[] = [];
    const api = {
      ...fakeApi().api,
      createCheckoutSession: async (params: unknown) => {
        calls.push(params);
        return {
          id: 'cs_test_1',
          object: 'checkout.session' as const,
          status: 'open',
          payment_status: 'unpaid',
          url: 'https://x',
          amount_total: 2599,
          currency: 'usd',
          expires_at: 1,
          payment_intent: null,
        };
      },
    };
    await new StripePaymentGateway(api).initiate(order({ saveFor: { gatewayCustomerId: 'cus_1' }, customer: { email: 'ada@example.test' } }));
    expect(calls[0]).toMatchObject({ customer: 'cus_1', payment_method_types: ['card'], payment_intent_data: { setup_future_usage: 'off_session' } });
    expect(calls[0]).not.toHaveProperty('customer_email');
  });
});

describe('parseStripeReturn of a PaymentIntent', () => {
  it('reads payment_intent and redirect_status', () => {
    expect(parseStripeReturn({ order_id: 'ord_1', payment_intent: 'pi_1', payment_intent_client_secret: 'pi_1_secret_x', redirect_status: 'succeeded' })).toEqual({
      ok: true,
      value: { gateway: 'stripe', gatewayPaymentId: 'pi_1', claimedOrderId: 'ord_1', claimedStatus: 'success' },
    });
    expect(parseStripeReturn({ payment_intent: 'pi_1', redirect_status: 'failed' })).toMatchObject({ ok: true, value: { claimedStatus: 'cancel' } });
  });

  it.each([{ payment_intent: 'cs_test_1', redirect_status: 'succeeded' }, { payment_intent: 'pi_1', redirect_status: 'maybe' }, { payment_intent: 'pi_1' }])(
    'refuses %j',
    (query) => {
      expect(parseStripeReturn(query).ok).toBe(false);
    },
  );
});

describe('StripeSavedMethodGateway', () => {
  function savedApi(over: Partial<StripeSavedMethodsApi> = {}) {
    const calls: { op: string; args: unknown[] }[] = [];
    const api: StripeSavedMethodsApi = {
      createCustomer: async (params, key) => {
        calls.push({ op: 'customer', args: [params, key] });
        return { id: 'cus_1', object: 'customer' };
      },
      retrieveCheckoutSession: async () => {
        throw new Error('not used');
      },
      retrievePaymentIntent: async () => intent('succeeded', { setup_future_usage: 'off_session', payment_method: 'pm_1', customer: 'cus_1' }),
      retrievePaymentMethod: async () => visa(),
      listPaymentMethods: async () => [visa(), stripePaymentMethodSchema.parse({ id: 'pm_2', object: 'payment_method', type: 'card', customer: 'cus_1', card: null })],
      detachPaymentMethod: async (id) => {
        calls.push({ op: 'detach', args: [id] });
        return visa(null);
      },
      ...over,
    };
    return { gateway: new StripeSavedMethodGateway(api), calls };
  }
  const details = { gatewayMethodId: 'pm_1', type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 };

  it('creates a customer with the shopper id and the idempotency key', async () => {
    const { gateway, calls } = savedApi();
    expect(await gateway.createCustomer({ shopperId: 'shp_1', email: 'a@b.test', idempotencyKey: 'k1' })).toEqual({ gatewayCustomerId: 'cus_1' });
    expect(calls).toEqual([{ op: 'customer', args: [{ email: 'a@b.test', metadata: { paysaga_shopper_id: 'shp_1' } }, 'k1'] }]);
  });

  it('gives the saved method of a payment, display data only', async () => {
    expect(await savedApi().gateway.methodOfPayment('pi_1')).toEqual(details);
  });

  it('gives nothing for a payment whose method was not kept', async () => {
    expect(await savedApi({ retrievePaymentIntent: async () => intent('succeeded', { payment_method: 'pm_1' }) }).gateway.methodOfPayment('pi_1')).toBeUndefined();
    expect(await savedApi({ retrievePaymentMethod: async () => visa(null) }).gateway.methodOfPayment('pi_1')).toBeUndefined();
  });

  it('lists the card methods with details', async () => {
    expect(await savedApi().gateway.methodsOf('cus_1')).toEqual([details]);
  });

  it('detaches an attached method, and does nothing for one already detached', async () => {
    const attached = savedApi();
    await attached.gateway.detach({ gatewayCustomerId: 'cus_1', gatewayMethodId: 'pm_1' });
    expect(attached.calls).toEqual([{ op: 'detach', args: ['pm_1'] }]);
    const detached = savedApi({ retrievePaymentMethod: async () => visa(null) });
    await detached.gateway.detach({ gatewayCustomerId: 'cus_1', gatewayMethodId: 'pm_1' });
    expect(detached.calls).toEqual([]);
  });
});
