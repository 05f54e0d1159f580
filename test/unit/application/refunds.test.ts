import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { makeRefunds, type RequestRefundCommand, requestRefund, walletRefundIdOf } from '../../../src/checkout/application/refunds.js';
import type { RefundSagas } from '../../../src/checkout/ports/refund-sagas.js';
import type { Order } from '../../../src/orders/api.js';
import type { Payment } from '../../../src/payments/api.js';
import type { RefundLeg } from '../../../src/payments/domain/refund.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { money } from '../../../src/shared/money.js';
import { FakeGateway, fakeGateways } from '../../support/fakes/fake-gateway.js';
import { pointsBalance, walletBalance } from '../../support/givens.js';
import { fresh } from '../../support/mothers/ids.js';
import { npr } from '../../support/mothers/money.js';
import { anOrder, laterStates } from '../../support/mothers/order.js';
import { aPaymentFor } from '../../support/mothers/payment.js';
import { LATER } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';

function refunds() {
  const store = new InMemoryCheckoutStore();
  const khalti = new FakeGateway('khalti', { refunds: true });
  const esewa = new FakeGateway('esewa');
  let next = 0;
  const useCases = makeRefunds({ store, gateways: fakeGateways(khalti, esewa), clock: new FixedClock(new Date(LATER)), newRefundId: () => `ref_${(next += 1)}` });
  /**
   * A confirmed order of NPR 1,700 paid through `gateway`, `walletMinor` of it from the wallet, that
   * earned `points`.
   */
  const given = async (options: { gateway?: string; walletMinor?: number; points?: number; later?: (order: Order) => Order } = {}) => {
    const order = (options.later ?? laterStates.confirmed)(anOrder({ gateway: options.gateway ?? 'khalti' }));
    const walletMinor = options.walletMinor ?? 0;
    const paid = (payment: Payment): Payment => ({ ...payment, status: 'completed', gatewayPaymentId: fresh('pidx'), transactionId: fresh('txn') });
    const gatewayPayment = paid(aPaymentFor(order, { amount: npr(order.total.amountMinor - walletMinor) }));
    const walletPayment = walletMinor > 0 ? paid(aPaymentFor(order, { gateway: 'wallet', amount: npr(walletMinor) })) : undefined;
    await store.transaction(async ({ orders, payments, loyalty }) => {
      await orders.save(order);
      // The wallet part first: the plan must not depend on the order payments are stored in.
      if (walletPayment !== undefined) await payments.save(walletPayment);
      await payments.save(gatewayPayment);
      if (options.points !== undefined) await loyalty.append(order.customerId, { kind: 'earn', points: options.points, orderId: order.id, idempotencyKey: fresh('earn') });
    });
    return { order, gatewayPayment, walletPayment };
  };
  const asked = (order: Order, overrides: Partial<RequestRefundCommand> = {}): RequestRefundCommand => ({
    orderId: order.id,
    destination: 'gateway',
    reason: 'damaged in transit',
    requestedBy: 'op_sita',
    ...overrides,
  });
  /** Plans and records every leg, as the refund sagas would. */
  const recorded = async (command: RequestRefundCommand) => {
    const legs = okValue(await useCases.planRefund(command));
    return Promise.all(legs.map(async (leg) => okValue(await useCases.recordRefund(leg))));
  };
  const order = (id: string) => store.read(({ orders }) => orders.byId(id));
  const payment = (id: string) => store.read(({ payments }) => payments.byId(id));
  return { store, khalti, useCases, given, asked, recorded, order, payment };
}

describe('planRefund', () => {
  it('given no such order, or one not confirmed, when a refund is planned, then it is refused', async () => {
    const world = refunds();
    const { order } = await world.given({ later: laterStates.paid });

    expect(errorOf(await world.useCases.planRefund(world.asked(anOrder()))).code).toBe('refunds.order_not_found');
    expect(errorOf(await world.useCases.planRefund(world.asked(order))).code).toBe('refunds.not_refundable');
  });

  it('given a confirmed order, when more than was paid, nothing, or another currency is asked back, then it is refused', async () => {
    const world = refunds();
    const { order } = await world.given();

    expect(errorOf(await world.useCases.planRefund(world.asked(order, { amount: npr(170_001) })))).toMatchObject({
      code: 'refunds.exceeds_paid',
      details: { refundableMinor: 170_000 },
    });
    expect(errorOf(await world.useCases.planRefund(world.asked(order, { amount: npr(0) }))).code).toBe('refunds.invalid_amount');
    expect(errorOf(await world.useCases.planRefund(world.asked(order, { amount: money(100, 'USD') }))).code).toBe('refunds.invalid_amount');
  });

  it('given a split order, when part of it is asked back, then the gateway part is drawn on first and the rest from the wallet part, to the wallet', async () => {
    const world = refunds();
    const { order, gatewayPayment, walletPayment } = await world.given({ walletMinor: 20_000 });

    const legs = okValue(await world.useCases.planRefund(world.asked(order, { amount: npr(160_000) })));

    expect(legs.map(({ paymentId, amount, destination }) => ({ paymentId, amount, destination }))).toEqual([
      { paymentId: gatewayPayment.id, amount: npr(150_000), destination: 'gateway' },
      { paymentId: walletPayment!.id, amount: npr(10_000), destination: 'wallet' },
    ]);
  });

  it('given a gateway that cannot refund through its API, when a refund to it is planned, then it is refused with refunds.gateway_unsupported', async () => {
    const world = refunds();
    const { order } = await world.given({ gateway: 'esewa' });

    expect(errorOf(await world.useCases.planRefund(world.asked(order))).code).toBe('refunds.gateway_unsupported');
    expect(okValue(await world.useCases.planRefund(world.asked(order, { destination: 'wallet' })))[0]?.destination).toBe('wallet');
  });

  it('given a manual payment, when a refund to the gateway is planned, then it goes to the wallet', async () => {
    const world = refunds();
    const { order } = await world.given({ gateway: 'bank_transfer' });

    expect(okValue(await world.useCases.planRefund(world.asked(order)))[0]?.destination).toBe('wallet');
  });
});

describe('recordRefund', () => {
  it('given a planned refund, when it is recorded twice, then one pending refund exists', async () => {
    const world = refunds();
    const { order } = await world.given();
    const [leg] = okValue(await world.useCases.planRefund(world.asked(order, { amount: npr(40_000) })));

    const first = okValue(await world.useCases.recordRefund(leg!));
    expect(okValue(await world.useCases.recordRefund(leg!))).toEqual(first);

    expect(first).toMatchObject({ id: leg!.refundId, status: 'pending', amount: npr(40_000) });
  });

  it('given two plans made before either was recorded, when both are recorded, then the second is refused for exceeding what was paid', async () => {
    const world = refunds();
    const { order } = await world.given();
    const [first] = okValue(await world.useCases.planRefund(world.asked(order, { amount: npr(100_000) })));
    const [second] = okValue(await world.useCases.planRefund(world.asked(order, { amount: npr(100_000) })));

    okValue(await world.useCases.recordRefund(first!));
    expect(errorOf(await world.useCases.recordRefund(second!)).code).toBe('refunds.exceeds_paid');
  });
});

describe('executeRefund and settle', () => {
  it("given a wallet refund, when it is executed twice under one key, then the shopper's wallet is credited once", async () => {
    const world = refunds();
    const { order } = await world.given();
    const [refund] = await world.recorded(world.asked(order, { destination: 'wallet', amount: npr(40_000) }));

    expect(await world.useCases.executeRefund({ refundId: refund!.id, idempotencyKey: 'refund-k' })).toMatchObject({ status: 'completed' });
    await world.useCases.executeRefund({ refundId: refund!.id, idempotencyKey: 'refund-k' });

    expect(await walletBalance(world.store, order.customerId)).toBe(40_000);
    expect(world.khalti.refundsAsked).toEqual([]);
  });

  it('given a gateway refund, when it is executed, then the gateway is asked for the amount of what was paid, and a pending answer keeps its id', async () => {
    const world = refunds();
    const { order, gatewayPayment } = await world.given();
    const [refund] = await world.recorded(world.asked(order, { amount: npr(40_000) }));
    world.khalti.refundAnswersWith({ status: 'pending', gatewayRefundId: 'rfnd_1', gatewayStatus: 'PENDING' });

    expect(await world.useCases.executeRefund({ refundId: refund!.id, idempotencyKey: 'refund-k' })).toMatchObject({ status: 'pending' });

    expect(world.khalti.refundsAsked).toEqual([
      expect.objectContaining({ refundId: refund!.id, gatewayPaymentId: gatewayPayment.gatewayPaymentId, amount: npr(40_000), paid: npr(170_000), idempotencyKey: 'refund-k' }),
    ]);
    expect((await world.useCases.view(refund!.id))?.gatewayRefundId).toBe('rfnd_1');
  });

  it('given a retry whose first call reached the gateway, when it is executed reading first, then the gateway is not asked to refund again', async () => {
    const world = refunds();
    const { order } = await world.given();
    const [refund] = await world.recorded(world.asked(order));
    world.khalti.refundReadsAs({ status: 'completed', gatewayRefundId: 'rfnd_1', gatewayStatus: 'REFUNDED' });

    expect(await world.useCases.executeRefund({ refundId: refund!.id, idempotencyKey: 'retry-k', readFirst: true })).toMatchObject({ status: 'completed' });
    expect(world.khalti.refundsAsked).toEqual([]);
  });

  it('given a completed partial refund, when it is settled, then payment and order are partially refunded and points are taken back in proportion', async () => {
    const world = refunds();
    const { order, gatewayPayment } = await world.given({ points: 100 });
    const [refund] = await world.recorded(world.asked(order, { amount: npr(85_000) }));

    expect(await world.useCases.settle({ refundId: refund!.id, outcome: { type: 'RefundCompleted' } })).toMatchObject({ status: 'completed' });

    expect((await world.payment(gatewayPayment.id))?.status).toBe('partially_refunded');
    expect(await world.order(order.id)).toMatchObject({ status: 'partially_refunded', refunded: npr(85_000) });
    expect(await pointsBalance(world.store, order.customerId)).toBe(50);
  });

  it('given a failed refund, when it is settled, then nothing else moves', async () => {
    const world = refunds();
    const { order, gatewayPayment } = await world.given();
    const [refund] = await world.recorded(world.asked(order));

    expect(await world.useCases.settle({ refundId: refund!.id, outcome: { type: 'RefundFailed', reason: 'declined' } })).toMatchObject({ status: 'failed' });
    expect((await world.payment(gatewayPayment.id))?.status).toBe('completed');
    expect((await world.order(order.id))?.status).toBe('confirmed');
  });
});

describe('creditWalletInstead', () => {
  it('given a gateway refund that failed, when an operator credits the wallet instead twice, then it fails, one wallet refund completes, and the wallet is credited once', async () => {
    const world = refunds();
    const { order } = await world.given();
    const [refund] = await world.recorded(world.asked(order, { amount: npr(40_000) }));

    const instead = await world.useCases.creditWalletInstead({ refundId: refund!.id, by: 'op_sita', reason: 'gateway down' });
    expect(await world.useCases.creditWalletInstead({ refundId: refund!.id, by: 'op_sita', reason: 'gateway down' })).toEqual(instead);

    expect(instead).toMatchObject({ id: walletRefundIdOf(refund!.id), destination: 'wallet', status: 'completed', amount: npr(40_000) });
    expect((await world.useCases.view(refund!.id))?.status).toBe('failed');
    expect(await walletBalance(world.store, order.customerId)).toBe(40_000);
    expect((await world.order(order.id))?.status).toBe('partially_refunded');
  });
});

describe('requestRefund', () => {
  const sagasThat = (start: RefundSagas['start']): RefundSagas => ({
    start,
    outcome: async () => 'completed',
    state: async () => undefined,
    command: async () => {
      throw new Error('not used');
    },
  });

  it('given a refund saga engine that cannot start, when a refund is requested, then it is refused with refunds.saga_unavailable and nothing is recorded', async () => {
    const world = refunds();
    const { order } = await world.given();
    const sagas = sagasThat(async () => {
      throw new Error('engine down');
    });

    expect(errorOf(await requestRefund(world.useCases, sagas, world.asked(order))).code).toBe('refunds.saga_unavailable');
    expect(okValue(await world.useCases.planRefund(world.asked(order)))[0]?.amount).toEqual(npr(170_000));
  });

  it('given sagas that record their refund, when a split refund is requested, then one saga starts per leg and their refunds are the answer', async () => {
    const world = refunds();
    const { order } = await world.given({ walletMinor: 20_000 });
    const started: RefundLeg[] = [];
    const sagas = sagasThat(async (leg) => {
      started.push(leg);
      return world.useCases.recordRefund(leg);
    });

    const requested = okValue(await requestRefund(world.useCases, sagas, world.asked(order)));

    expect(started.map((leg) => leg.amount)).toEqual([npr(150_000), npr(20_000)]);
    expect(requested.map((refund) => refund.status)).toEqual(['pending', 'pending']);
  });
});
