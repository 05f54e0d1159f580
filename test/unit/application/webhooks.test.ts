import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { makeCheckoutCallbacks } from '../../../src/checkout/application/payment-callbacks.js';
import { makeWebhookIntake, type GatewayEvent, type Payment, type PaymentCallbackHint, type PaymentCallbackOwner, type WebhookVerifier } from '../../../src/payments/api.js';
import type { GatewayEventLog, GatewayEventStatus } from '../../../src/payments/ports/gateway-event-log.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { domainError, err, ok } from '../../../src/shared/result.js';
import { FakeCheckoutSagas, RecordingLatePayments } from '../../support/fakes/sagas.js';
import { anOrder } from '../../support/mothers/order.js';
import { anInitiatedPayment } from '../../support/mothers/payment.js';
import { PAID_AT } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';

/** The event log in memory: one event per (gateway, event id), and the rejects counted. */
class InMemoryGatewayEventLog implements GatewayEventLog {
  readonly events = new Map<string, { status: GatewayEventStatus; orderId?: string }>();
  readonly rejects: { gateway: string; code: string }[] = [];
  async receive(event: GatewayEvent) {
    const key = `${event.gateway}/${event.eventId}`;
    const known = this.events.get(key);
    if (known !== undefined) return { isNew: false, status: known.status };
    this.events.set(key, { status: 'received' });
    return { isNew: true, status: 'received' as const };
  }
  async mark(gateway: string, eventId: string, status: Exclude<GatewayEventStatus, 'received'>, orderId?: string) {
    this.events.set(`${gateway}/${eventId}`, { status, ...(orderId === undefined ? {} : { orderId }) });
  }
  async rejected(gateway: string, code: string) {
    this.rejects.push({ gateway, code });
  }
}

/** Verifies a body that is the event as JSON, signed when the header says `good`. */
const jsonVerifier: WebhookVerifier = {
  async verify(rawBody, headers) {
    if (headers['x-signature'] !== 'good') return err(domainError('webhooks.invalid_signature', 'bad signature'));
    return ok(JSON.parse(rawBody.toString('utf8')) as GatewayEvent);
  },
};

function intake(options: { latePayments?: boolean; topUpOwns?: string } = {}) {
  const store = new InMemoryCheckoutStore();
  const sagas = new FakeCheckoutSagas();
  const events = new InMemoryGatewayEventLog();
  const latePayments = new RecordingLatePayments();
  const delivered: PaymentCallbackHint[] = [];
  const topUps: PaymentCallbackOwner = {
    async deliver(callback) {
      delivered.push(callback);
      return callback.gatewayPaymentId === options.topUpOwns ? {} : undefined;
    },
  };
  const checkouts = makeCheckoutCallbacks({ store, sagas, ...(options.latePayments === false ? {} : { latePayments }) });
  const receive = makeWebhookIntake({
    verifierFor: (gateway) => (gateway === 'khalti' ? jsonVerifier : undefined),
    events,
    clock: new FixedClock(new Date(PAID_AT)),
    owners: [checkouts, topUps],
  });
  const given = async (status: Payment['status'] = 'pending') => {
    const order = anOrder();
    const payment = anInitiatedPayment(order, { status });
    await store.transaction(async ({ orders, payments }) => {
      await orders.save(order);
      await payments.save(payment);
    });
    return { order, payment };
  };
  const deliver = (event: Partial<GatewayEvent> & { gatewayPaymentId?: string }, signature = 'good') =>
    receive('khalti', Buffer.from(JSON.stringify({ gateway: 'khalti', eventId: 'evt_1', type: 'payment.completed', claimedStatus: 'Completed', ...event })), {
      'x-signature': signature,
    });
  return { sagas, events, latePayments, delivered, receive, given, deliver };
}

describe('makeWebhookIntake', () => {
  it('given a gateway with no verifier, when a webhook arrives from it, then it is refused with webhooks.unsupported', async () => {
    const world = intake();

    expect(errorOf(await world.receive('esewa', Buffer.from('{}'), {})).code).toBe('webhooks.unsupported');
  });

  it('given a bad signature, when the webhook arrives, then it is refused, counted as a reject, and nothing is recorded or signalled', async () => {
    const world = intake();
    const { payment } = await world.given();

    expect(errorOf(await world.deliver({ gatewayPaymentId: payment.gatewayPaymentId! }, 'forged')).code).toBe('webhooks.invalid_signature');

    expect(world.events.rejects).toEqual([{ gateway: 'khalti', code: 'webhooks.invalid_signature' }]);
    expect(world.events.events.size).toBe(0);
    expect(world.sagas.book.callbacks).toEqual([]);
  });

  it("given a verified event for an order's payment, when it arrives, then the saga is signalled with the hint and the event marked signalled", async () => {
    const world = intake();
    const { order, payment } = await world.given();

    expect(okValue(await world.deliver({ gatewayPaymentId: payment.gatewayPaymentId! }))).toBe('signalled');

    expect(world.sagas.book.callbacks).toEqual([
      { id: order.id, callback: { gateway: 'khalti', gatewayPaymentId: payment.gatewayPaymentId, claimedStatus: 'Completed', receivedAt: PAID_AT } },
    ]);
    expect(world.events.events.get('khalti/evt_1')).toEqual({ status: 'signalled', orderId: order.id });
    expect(world.latePayments.reports).toEqual([{ gateway: 'khalti', gatewayPaymentId: payment.gatewayPaymentId, source: 'webhook', receivedAt: PAID_AT }]);
  });

  it('given an event already signalled, when it is delivered again, then it is a duplicate and the saga is not signalled twice', async () => {
    const world = intake();
    const { payment } = await world.given();
    okValue(await world.deliver({ gatewayPaymentId: payment.gatewayPaymentId! }));

    expect(okValue(await world.deliver({ gatewayPaymentId: payment.gatewayPaymentId! }))).toBe('duplicate');
    expect(world.sagas.book.callbacks).toHaveLength(1);
  });

  it('given an event recorded but never handed on (the signal failed), when the gateway retries, then the saga is signalled again', async () => {
    const world = intake();
    const { payment } = await world.given();
    await world.events.receive({ gateway: 'khalti', eventId: 'evt_1', type: 'payment.completed' });

    expect(okValue(await world.deliver({ gatewayPaymentId: payment.gatewayPaymentId! }))).toBe('signalled');
    expect(world.sagas.book.callbacks).toHaveLength(1);
  });

  it('given a payment its checkout gave up on, when its webhook arrives, then only the late-payment intake takes it', async () => {
    const world = intake();
    const { payment } = await world.given('expired');

    expect(okValue(await world.deliver({ gatewayPaymentId: payment.gatewayPaymentId! }))).toBe('signalled');

    expect(world.sagas.book.callbacks).toEqual([]);
    expect(world.latePayments.reports).toEqual([expect.objectContaining({ gatewayPaymentId: payment.gatewayPaymentId, source: 'webhook' })]);
  });

  it("given a payment no order has but a top-up does, when its webhook arrives, then the top-up's saga takes it", async () => {
    const world = intake({ topUpOwns: 'pidx_top' });

    expect(okValue(await world.deliver({ gatewayPaymentId: 'pidx_top' }))).toBe('signalled');

    expect(world.delivered).toEqual([{ gateway: 'khalti', gatewayPaymentId: 'pidx_top', claimedStatus: 'Completed', receivedAt: PAID_AT }]);
    expect(world.events.events.get('khalti/evt_1')).toEqual({ status: 'signalled' });
  });

  it('given a payment nobody has, or an event naming none, when the webhook arrives, then it is marked unmatched', async () => {
    const world = intake();

    expect(okValue(await world.deliver({ gatewayPaymentId: 'pidx_nobody' }))).toBe('unmatched');
    expect(okValue(await world.deliver({ eventId: 'evt_2' }))).toBe('unmatched');

    expect(world.delivered.map((callback) => callback.gatewayPaymentId)).toEqual(['pidx_nobody']);
    expect(world.events.events.get('khalti/evt_2')).toEqual({ status: 'unmatched' });
  });
});
