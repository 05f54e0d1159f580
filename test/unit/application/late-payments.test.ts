import { describe, expect, it } from 'vitest';
import { makeLatePaymentIntake, makeLatePaymentSteps, RECONCILIATION_WINDOW_MS } from '../../../src/payments/application/late-payments.js';
import type { Payment } from '../../../src/payments/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { money } from '../../../src/shared/money.js';
import type { WalletTopUp } from '../../../src/wallet/domain/top-up.js';
import { FakeGateway, fakeGateways } from '../../support/fakes/fake-gateway.js';
import { inMemoryStores } from '../../support/fakes/in-memory-stores.js';
import { FakeLatePaymentSagas } from '../../support/fakes/sagas.js';
import { walletBalance } from '../../support/givens.js';
import { fresh } from '../../support/mothers/ids.js';
import { npr } from '../../support/mothers/money.js';
import { anOrder } from '../../support/mothers/order.js';
import { anInitiatedPayment } from '../../support/mothers/payment.js';
import { LATER } from '../../support/mothers/time.js';
import { aWalletTopUp } from '../../support/mothers/top-up.js';
import { aVerificationFor } from '../../support/mothers/verification.js';

function latePayments() {
  const stores = inMemoryStores();
  const sagas = new FakeLatePaymentSagas();
  const khalti = new FakeGateway('khalti');
  const intake = makeLatePaymentIntake({ store: stores.latePayments, sagas });
  const steps = makeLatePaymentSteps({ store: stores.latePayments, gateways: fakeGateways(khalti), clock: new FixedClock(new Date(LATER)) });
  /** A closed order's gateway payment, in `status` (expired: the checkout gave up on it). */
  const givenPayment = async (status: Payment['status'] = 'expired') => {
    const order = anOrder();
    const payment = anInitiatedPayment(order, { status });
    await stores.checkouts.transaction(async ({ orders, payments }) => {
      await orders.save(order);
      await payments.save(payment);
    });
    return { order, payment, gatewayPaymentId: payment.gatewayPaymentId! };
  };
  const givenTopUp = async (status: WalletTopUp['status'] = 'failed') => {
    const topUp = aWalletTopUp({ status });
    await stores.topUps.transaction(({ topUps }) => topUps.save(topUp));
    return { topUp, gatewayPaymentId: topUp.gatewayPaymentId! };
  };
  const subject = (gatewayPaymentId: string) => ({
    gateway: 'khalti' as const,
    gatewayPaymentId,
    source: 'webhook' as const,
    detectedAt: LATER,
    workflowId: `late-payment-khalti-${gatewayPaymentId}`,
  });
  const taken = (gatewayPaymentId: string, amount = npr(170_000), transactionId = fresh('txn')) => ({
    ...subject(gatewayPaymentId),
    transactionId,
    amount,
    gatewayStatus: 'Completed',
    walletEntryKey: `late-payment-khalti-${gatewayPaymentId}/credit`,
  });
  const recorded = (gatewayPaymentId: string) => stores.latePayments.read(({ latePayments }) => latePayments.byGatewayPayment('khalti', gatewayPaymentId));
  return { stores, sagas, khalti, intake, steps, givenPayment, givenTopUp, subject, taken, recorded };
}

const report = (gatewayPaymentId: string) => ({ gateway: 'khalti' as const, gatewayPaymentId, source: 'return' as const, receivedAt: LATER });

describe('makeLatePaymentIntake', () => {
  it('given a payment nobody has, when it is reported, then it is unmatched and no saga starts', async () => {
    const world = latePayments();

    expect(await world.intake.report(report('pidx_nobody'))).toBe('unmatched');
    expect(world.sagas.started).toEqual([]);
  });

  it('given a payment its checkout still waits for, when it is reported, then it is not late', async () => {
    const world = latePayments();
    const { gatewayPaymentId } = await world.givenPayment('pending');

    expect(await world.intake.report(report(gatewayPaymentId))).toBe('not_late');
    expect(world.sagas.started).toEqual([]);
  });

  it('given a payment its checkout gave up on, when it is reported, then its late-payment saga starts with the owner', async () => {
    const world = latePayments();
    const { order, payment, gatewayPaymentId } = await world.givenPayment('expired');

    expect(await world.intake.report(report(gatewayPaymentId))).toBe('started');

    expect(world.sagas.started).toEqual([
      {
        input: { gateway: 'khalti', gatewayPaymentId, source: 'return', detectedAt: LATER },
        owner: expect.objectContaining({ kind: 'order', orderId: order.id, paymentId: payment.id, customerId: order.customerId, expected: payment.amount }),
      },
    ]);
  });

  it('given a late payment settled already, when it is reported again, then it is resolved and no saga starts', async () => {
    const world = latePayments();
    const { gatewayPaymentId } = await world.givenPayment('cancelled');
    await world.steps.settle(world.taken(gatewayPaymentId));

    expect(await world.intake.report(report(gatewayPaymentId))).toBe('resolved');
    expect(world.sagas.started).toEqual([]);
  });
});

describe('makeLatePaymentSteps', () => {
  it("given money taken for a closed order, when it is settled twice, then the shopper's wallet is credited once and the transaction bound to the order", async () => {
    const world = latePayments();
    const { order, gatewayPaymentId } = await world.givenPayment();
    const input = world.taken(gatewayPaymentId);

    expect(await world.steps.settle(input)).toEqual({ outcome: 'settled', resolution: 'credited_to_wallet', amount: npr(170_000) });
    expect(await world.steps.settle(input)).toEqual({ outcome: 'settled', resolution: 'credited_to_wallet', amount: npr(170_000) });

    expect(await walletBalance(world.stores.checkouts, order.customerId)).toBe(170_000);
    expect(await world.stores.checkouts.read(({ verifications }) => verifications.byTransaction('khalti', input.transactionId))).toMatchObject({ orderId: order.id });
    expect(await world.recorded(gatewayPaymentId)).toMatchObject({ resolution: 'credited_to_wallet', orderId: order.id, walletEntryKey: input.walletEntryKey, resolvedAt: LATER });
  });

  it('given money taken for a failed top-up, when it is settled, then the top-up is credited after all', async () => {
    const world = latePayments();
    const { topUp, gatewayPaymentId } = await world.givenTopUp();
    const input = world.taken(gatewayPaymentId, topUp.amount);

    expect(await world.steps.settle(input)).toEqual({ outcome: 'settled', resolution: 'top_up_credited', amount: topUp.amount });

    expect(await walletBalance(world.stores.checkouts, topUp.customerId)).toBe(topUp.amount.amountMinor);
    expect(world.stores.tables.topUps.get(topUp.id)).toMatchObject({ status: 'credited', transactionId: input.transactionId, creditedAt: LATER });
  });

  it('given money taken in another currency, when it is settled, then it is parked for an operator and nothing is credited', async () => {
    const world = latePayments();
    const { order, gatewayPaymentId } = await world.givenPayment();

    expect(await world.steps.settle(world.taken(gatewayPaymentId, money(1_300, 'USD')))).toMatchObject({ outcome: 'park', code: 'payments.currency_mismatch' });

    expect(await walletBalance(world.stores.checkouts, order.customerId)).toBe(0);
    expect(await world.recorded(gatewayPaymentId)).toMatchObject({ resolution: 'needs_attention', attentionCode: 'payments.currency_mismatch' });
  });

  it('given a transaction bound to another order, when it is settled, then it is parked as payments.transaction_reused', async () => {
    const world = latePayments();
    const other = anOrder();
    const verification = aVerificationFor(other);
    await world.stores.checkouts.transaction(async ({ orders, verifications }) => {
      await orders.save(other);
      await verifications.record(verification);
    });
    const { order, gatewayPaymentId } = await world.givenPayment();

    expect(await world.steps.settle(world.taken(gatewayPaymentId, npr(170_000), verification.transactionId))).toMatchObject({
      outcome: 'park',
      code: 'payments.transaction_reused',
    });
    expect(await walletBalance(world.stores.checkouts, order.customerId)).toBe(0);
  });

  it('given a payment its checkout kept, when it is settled, then there is nothing to settle', async () => {
    const world = latePayments();
    const { gatewayPaymentId } = await world.givenPayment('completed');

    expect(await world.steps.settle(world.taken(gatewayPaymentId))).toEqual({ outcome: 'not_late' });
    expect(await world.recorded(gatewayPaymentId)).toBeUndefined();
  });

  it('given a credited late payment, when an ending without money is recorded, then it stays credited; otherwise the ending is recorded', async () => {
    const world = latePayments();
    const credited = await world.givenPayment();
    await world.steps.settle(world.taken(credited.gatewayPaymentId));
    const untaken = await world.givenPayment();

    await world.steps.recordOutcome({ ...world.subject(credited.gatewayPaymentId), resolution: 'dismissed', decidedBy: 'op_sita' });
    await world.steps.recordOutcome({ ...world.subject(untaken.gatewayPaymentId), resolution: 'not_taken', gatewayStatus: 'Expired' });

    expect((await world.recorded(credited.gatewayPaymentId))?.resolution).toBe('credited_to_wallet');
    expect(await world.recorded(untaken.gatewayPaymentId)).toMatchObject({ resolution: 'not_taken', gatewayStatus: 'Expired', resolvedAt: LATER });
  });

  it("given a closed payment, when the reconciliation checks it, then the gateway is asked for the owner's amount and the check is counted", async () => {
    const world = latePayments();
    const { payment, gatewayPaymentId } = await world.givenPayment();
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-late', amount: payment.amount });

    expect(await world.steps.check({ gateway: 'khalti', gatewayPaymentId, now: LATER })).toEqual({ paid: true, gatewayStatus: 'Completed' });
    expect(await world.steps.check({ gateway: 'khalti', gatewayPaymentId: 'pidx_nobody', now: LATER })).toEqual({ paid: false, gatewayStatus: 'unknown' });
    const unpaid = await world.givenPayment();
    expect(await world.steps.check({ gateway: 'khalti', gatewayPaymentId: unpaid.gatewayPaymentId, now: LATER })).toEqual({ paid: false, gatewayStatus: 'Initiated' });

    expect(world.khalti.lookups[0]).toEqual({ gatewayPaymentId, expected: payment.amount });
    expect(world.stores.tables.checks[0]).toEqual({ gateway: 'khalti', gatewayPaymentId, gatewayStatus: 'Completed', at: LATER });
  });

  it('given the saga clock, when due checks are asked for, then only payments closed within the reconciliation window count', async () => {
    const world = latePayments();

    await world.steps.dueChecks({ now: LATER, limit: 20 });

    expect(world.stores.latePayments.dueAsked).toEqual({ now: LATER, closedAfter: new Date(Date.parse(LATER) - RECONCILIATION_WINDOW_MS).toISOString(), limit: 20 });
  });
});
