import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../src/shared/clock.js';
import { makeTopUps, makeTopUpSteps } from '../../../src/wallet/application/top-ups.js';
import { MAX_TOP_UP_MINOR, type WalletTopUp } from '../../../src/wallet/domain/top-up.js';
import { FakeGateway, fakeGateways } from '../../support/fakes/fake-gateway.js';
import { inMemoryStores } from '../../support/fakes/in-memory-stores.js';
import { FakeTopUpSagas, queryReturnParsers, RecordingLatePayments } from '../../support/fakes/sagas.js';
import { walletBalance } from '../../support/givens.js';
import { aCheckoutOrder } from '../../support/mothers/checkout-order.js';
import { fresh } from '../../support/mothers/ids.js';
import { npr } from '../../support/mothers/money.js';
import { PAID_AT } from '../../support/mothers/time.js';
import { aTopUpRequest, aTopUpState, aWalletTopUp } from '../../support/mothers/top-up.js';
import { errorOf, okValue } from '../../support/result.js';
import { makeCheckoutSteps } from '../../../src/checkout/application/checkout-steps.js';

function topUpSteps() {
  const stores = inMemoryStores();
  const khalti = new FakeGateway('khalti');
  const clock = new FixedClock(new Date(PAID_AT));
  const deps = { gateways: fakeGateways(khalti), clock, returnUrl: () => 'https://shop.test/return', websiteUrl: 'https://shop.test', captureKey: (id: string) => `${id}/capture` };
  const steps = makeTopUpSteps({ store: stores.topUps, ...deps });
  const topUp = (id: string) => stores.topUps.read(({ topUps }) => topUps.byId(id));
  return { stores, khalti, clock, steps, topUp, deps };
}

/** A top-up recorded and sent to the gateway. */
async function initiated(world: ReturnType<typeof topUpSteps>) {
  const request = aTopUpRequest();
  await world.steps.recordTopUp(request);
  const { gatewayPaymentId } = await world.steps.initiatePayment({ topUpId: request.topUpId, idempotencyKey: `wallet-top-up-${request.topUpId}/initiate` });
  return { request, gatewayPaymentId, amount: npr(request.amount.amountMinor) };
}

/** Another order, through the checkout steps on the same stores, paid with `transactionId`. */
async function orderPaidWith(world: ReturnType<typeof topUpSteps>, transactionId: string): Promise<void> {
  const checkout = makeCheckoutSteps({ store: world.stores.checkouts, newPaymentId: () => fresh('pay'), ...world.deps });
  const order = aCheckoutOrder();
  okValue(await checkout.openOrder({ ...order, redeemKey: 'r', debitKey: 'd' }));
  const { gatewayPaymentId } = await checkout.initiatePayment({ ...order, idempotencyKey: 'i' });
  world.khalti.paid(gatewayPaymentId, { transactionId, amount: order.total });
  okValue(await checkout.verifyPayment({ orderId: order.orderId }));
}

describe('makeTopUpSteps', () => {
  it('given a top-up request, when it is recorded twice, then one pending top-up is stored as first asked', async () => {
    const world = topUpSteps();
    const request = aTopUpRequest();

    await world.steps.recordTopUp(request);
    await world.steps.recordTopUp({ ...request, amount: { amountMinor: 1, currency: 'NPR' } });

    expect(await world.topUp(request.topUpId)).toEqual({
      id: request.topUpId,
      customerId: request.customerId,
      gateway: 'khalti',
      amount: npr(50_000),
      status: 'pending',
      createdAt: request.requestedAt,
    });
  });

  it('given a recorded top-up, when its payment is initiated twice, then the gateway is asked once, for the top-up amount', async () => {
    const world = topUpSteps();
    const { request, gatewayPaymentId } = await initiated(world);

    const again = await world.steps.initiatePayment({ topUpId: request.topUpId, idempotencyKey: 'k' });

    expect(again.gatewayPaymentId).toBe(gatewayPaymentId);
    expect(world.khalti.initiated).toEqual([expect.objectContaining({ orderId: request.topUpId, amount: npr(50_000), description: 'Wallet top-up' })]);
    expect((await world.topUp(request.topUpId))?.gatewayPaymentId).toBe(gatewayPaymentId);
  });

  it('given the gateway took the exact amount, when the payment is verified, then the top-up is paid and a replay is not new', async () => {
    const world = topUpSteps();
    const { request, gatewayPaymentId, amount } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-top', amount });

    expect(okValue(await world.steps.verifyPayment({ topUpId: request.topUpId }))).toEqual({ transactionId: 'txn-top', amount, isNew: true });
    expect(okValue(await world.steps.verifyPayment({ topUpId: request.topUpId }))).toEqual({ transactionId: 'txn-top', amount, isNew: false });

    expect(await world.topUp(request.topUpId)).toMatchObject({ status: 'paid', transactionId: 'txn-top' });
  });

  it('given the gateway took another amount, when the payment is verified, then it is refused with payments.amount_mismatch, recorded, and the top-up stays pending', async () => {
    const world = topUpSteps();
    const { request, gatewayPaymentId } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-less', amount: npr(49_999) });

    expect(errorOf(await world.steps.verifyPayment({ topUpId: request.topUpId })).code).toBe('payments.amount_mismatch');

    expect((await world.topUp(request.topUpId))?.status).toBe('pending');
    expect(world.stores.tables.topUpFailures).toEqual([expect.objectContaining({ topUpId: request.topUpId, transactionId: 'txn-less', code: 'payments.amount_mismatch' })]);
  });

  it('given a transaction that already paid an order, when it is reported for a top-up, then it is refused with payments.transaction_reused and nothing is credited', async () => {
    const world = topUpSteps();
    await orderPaidWith(world, 'txn-order');
    const { request, gatewayPaymentId, amount } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-order', amount });

    expect(errorOf(await world.steps.verifyPayment({ topUpId: request.topUpId })).code).toBe('payments.transaction_reused');
    expect(errorOf(await world.steps.creditWallet({ topUpId: request.topUpId, idempotencyKey: 'c' })).code).toBe('payments.not_completed');
    expect(await walletBalance(world.stores.checkouts, request.customerId)).toBe(0);
  });

  it('given the gateway has not taken the money, when the payment is verified, then it is refused with payments.not_completed', async () => {
    const world = topUpSteps();
    const { request } = await initiated(world);

    expect(errorOf(await world.steps.verifyPayment({ topUpId: request.topUpId })).code).toBe('payments.not_completed');
    expect((await world.topUp(request.topUpId))?.status).toBe('pending');
  });

  it('given a verified top-up, when the wallet is credited twice under one key, then the verified amount is credited once and the top-up is credited', async () => {
    const world = topUpSteps();
    const { request, gatewayPaymentId, amount } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-credit', amount });
    okValue(await world.steps.verifyPayment({ topUpId: request.topUpId }));
    const key = `wallet-top-up-${request.topUpId}/credit`;

    expect(okValue(await world.steps.creditWallet({ topUpId: request.topUpId, idempotencyKey: key }))).toEqual({ amount, credited: true });
    expect(okValue(await world.steps.creditWallet({ topUpId: request.topUpId, idempotencyKey: key }))).toEqual({ amount, credited: false });

    expect(await walletBalance(world.stores.checkouts, request.customerId)).toBe(50_000);
    expect(await world.topUp(request.topUpId)).toMatchObject({ status: 'credited', creditedAt: PAID_AT });
    expect(world.stores.tables.walletLinks.get(key)).toBe(request.topUpId);
  });

  it('given a top-up not verified, when the wallet is credited, then it is refused with payments.not_completed', async () => {
    const world = topUpSteps();
    const { request } = await initiated(world);

    expect(errorOf(await world.steps.creditWallet({ topUpId: request.topUpId, idempotencyKey: 'c' })).code).toBe('payments.not_completed');
    expect(await walletBalance(world.stores.checkouts, request.customerId)).toBe(0);
  });

  it('given a top-up marked paid under a transaction the ledger binds to an order, when the wallet is credited, then it is refused with payments.not_completed', async () => {
    const world = topUpSteps();
    await orderPaidWith(world, 'txn-of-order');
    const topUp = aWalletTopUp({ status: 'paid', transactionId: 'txn-of-order' });
    await world.stores.topUps.transaction(({ topUps }) => topUps.save(topUp));

    expect(errorOf(await world.steps.creditWallet({ topUpId: topUp.id, idempotencyKey: 'c' })).code).toBe('payments.not_completed');
    expect(await walletBalance(world.stores.checkouts, topUp.customerId)).toBe(0);
  });

  it('given a pending top-up, when it fails, then it is failed with the reason, and failing again changes nothing', async () => {
    const world = topUpSteps();
    const { request } = await initiated(world);

    await world.steps.failTopUp({ topUpId: request.topUpId, reason: 'payment_expired' });
    await world.steps.failTopUp({ topUpId: request.topUpId, reason: 'operator_cancelled' });

    expect(await world.topUp(request.topUpId)).toMatchObject({ status: 'failed', failureReason: 'payment_expired' });
  });

  it('given a credited top-up, when it is failed, then that is refused and it stays credited', async () => {
    const world = topUpSteps();
    const { request, gatewayPaymentId, amount } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-kept', amount });
    okValue(await world.steps.verifyPayment({ topUpId: request.topUpId }));
    okValue(await world.steps.creditWallet({ topUpId: request.topUpId, idempotencyKey: 'c' }));

    await expect(world.steps.failTopUp({ topUpId: request.topUpId, reason: 'operator_cancelled' })).rejects.toThrow('cannot fail');
    expect((await world.topUp(request.topUpId))?.status).toBe('credited');
  });
});

function topUps(options: { available?: boolean; returnBudget?: (key: string) => boolean } = {}) {
  const stores = inMemoryStores();
  const sagas = new FakeTopUpSagas((request) =>
    aTopUpState({ id: request.topUpId, customerId: request.customerId, gateway: request.gateway, amount: npr(request.amount.amountMinor) }),
  );
  const latePayments = new RecordingLatePayments();
  let next = 0;
  const useCases = makeTopUps({
    store: stores.topUps,
    sagas,
    returnParsers: queryReturnParsers,
    clock: new FixedClock(new Date(PAID_AT)),
    newTopUpId: () => `top_${(next += 1)}`,
    currency: 'NPR',
    currencies: ['NPR', 'ZAR'],
    acceptedCurrencies: (gateway) => (gateway === 'khalti' ? ['NPR'] : gateway === 'ikhokha' ? ['ZAR'] : 'any'),
    returnWaitMs: 2_000,
    ...(options.returnBudget === undefined ? {} : { returnBudget: options.returnBudget }),
    gatewayAvailable: () => options.available ?? true,
    latePayments,
  });
  /** A top-up stored with its gateway payment, and its saga in `status`. */
  const given = async (status: WalletTopUp['status'] = 'pending') => {
    const topUp = aWalletTopUp({ status });
    await stores.topUps.transaction(({ topUps }) => topUps.save(topUp));
    sagas.book.states.set(topUp.id, aTopUpState(topUp, status === 'failed' ? { status: 'failed', failureReason: 'payment_expired' } : {}));
    return topUp;
  };
  return { stores, sagas, latePayments, useCases, given };
}

describe('makeTopUps', () => {
  it.each([0, -1, 1.5, MAX_TOP_UP_MINOR + 1, Number.NaN])(
    'given %s minor units, when a top-up is requested, then it is refused with wallet.invalid_top_up_amount and no saga starts',
    async (amountMinor) => {
      const world = topUps();

      expect(errorOf(await world.useCases.requestTopUp({ customerId: 'cus_ram', amountMinor, gateway: 'khalti' })).code).toBe('wallet.invalid_top_up_amount');
      expect(world.sagas.book.started).toEqual([]);
    },
  );

  it('given the largest amount, when a top-up is requested, then its saga starts in the shop currency at the clock time', async () => {
    const world = topUps();

    const view = okValue(await world.useCases.requestTopUp({ customerId: 'cus_ram', amountMinor: MAX_TOP_UP_MINOR, gateway: 'khalti' }));

    expect(world.sagas.book.started).toEqual([
      { topUpId: 'top_1', customerId: 'cus_ram', gateway: 'khalti', amount: { amountMinor: MAX_TOP_UP_MINOR, currency: 'NPR' }, requestedAt: PAID_AT },
    ]);
    expect(view).toMatchObject({ topUpId: 'top_1', status: 'awaiting_payment', amount: { amountMinor: MAX_TOP_UP_MINOR, currency: 'NPR' } });
  });

  it('given a currency the shop sells in and the gateway takes, when a top-up asks for it, then its saga starts in that currency', async () => {
    const world = topUps();

    okValue(await world.useCases.requestTopUp({ customerId: 'cus_ram', amountMinor: 50_000, gateway: 'ikhokha', currency: 'ZAR' }));

    expect(world.sagas.book.started.map((request) => request.amount)).toEqual([{ amountMinor: 50_000, currency: 'ZAR' }]);
  });

  it('given a gateway that does not take the currency, or a currency the shop does not sell in, when a top-up asks for it, then it is refused and no saga starts', async () => {
    const world = topUps();

    expect(errorOf(await world.useCases.requestTopUp({ customerId: 'cus_ram', amountMinor: 50_000, gateway: 'ikhokha' }))).toMatchObject({
      code: 'wallet.currency_not_accepted',
      details: { gateway: 'ikhokha', currency: 'NPR', acceptedCurrencies: ['ZAR'] },
    });
    expect(errorOf(await world.useCases.requestTopUp({ customerId: 'cus_ram', amountMinor: 50_000, gateway: 'khalti', currency: 'ZAR' })).code).toBe(
      'wallet.currency_not_accepted',
    );
    expect(errorOf(await world.useCases.requestTopUp({ customerId: 'cus_ram', amountMinor: 50_000, gateway: 'stripe', currency: 'USD' })).code).toBe('wallet.unsupported_currency');
    expect(world.sagas.book.started).toEqual([]);
  });

  it('given a gateway switched off, when a top-up is requested through it, then it is refused with payments.gateway_unavailable', async () => {
    const world = topUps({ available: false });

    expect(errorOf(await world.useCases.requestTopUp({ customerId: 'cus_ram', amountMinor: 10_000, gateway: 'khalti' })).code).toBe('payments.gateway_unavailable');
    expect(world.sagas.book.started).toEqual([]);
  });

  it("given another shopper's top-up, when it is asked for, then it is answered as not found", async () => {
    const world = topUps();
    const topUp = await world.given();

    expect(okValue(await world.useCases.getTopUp(topUp.customerId, topUp.id)).topUpId).toBe(topUp.id);
    expect(errorOf(await world.useCases.getTopUp('cus_other', topUp.id)).code).toBe('wallet.top_up_not_found');
  });

  it('given a return for a payment no top-up has, when it arrives, then it is refused with payments.unknown_payment and no saga is asked', async () => {
    const world = topUps();
    await world.given();

    expect(errorOf(await world.useCases.paymentReturned('khalti', { pidx: 'pidx_nobody', status: 'Completed' })).code).toBe('payments.unknown_payment');
    expect(world.sagas.book.waits).toEqual([]);
  });

  it("given a return for a top-up's payment, when it arrives, then its saga is asked to verify with the return as a hint", async () => {
    const world = topUps();
    const topUp = await world.given();

    okValue(await world.useCases.paymentReturned('khalti', { pidx: topUp.gatewayPaymentId!, status: 'Completed' }));

    expect(world.sagas.book.waits).toEqual([
      { id: topUp.id, timeoutMs: 2_000, callback: { gateway: 'khalti', gatewayPaymentId: topUp.gatewayPaymentId, claimedStatus: 'Completed', receivedAt: PAID_AT } },
    ]);
    expect(world.latePayments.reports).toEqual([]);
  });

  it('given a return naming only our top-up, when it arrives, then the top-up is found by its id', async () => {
    const world = topUps();
    const topUp = await world.given();

    expect(okValue(await world.useCases.paymentReturned('khalti', { order: topUp.id, status: 'paid' })).topUpId).toBe(topUp.id);
    expect(errorOf(await world.useCases.paymentReturned('esewa', { order: topUp.id, status: 'paid' })).code).toBe('payments.unknown_payment');
  });

  it('given a top-up that failed, when the shopper returns from paying it, then the payment is reported late', async () => {
    const world = topUps();
    const topUp = await world.given('failed');

    okValue(await world.useCases.paymentReturned('khalti', { pidx: topUp.gatewayPaymentId!, status: 'Completed' }));

    expect(world.latePayments.reports).toEqual([{ gateway: 'khalti', gatewayPaymentId: topUp.gatewayPaymentId, source: 'return', receivedAt: PAID_AT }]);
  });

  it('given a payment out of return budget, when the shopper returns again, then the answer is the saga state and the saga is not driven', async () => {
    const world = topUps({ returnBudget: () => false });
    const topUp = await world.given();

    expect(okValue(await world.useCases.paymentReturned('khalti', { pidx: topUp.gatewayPaymentId!, status: 'Completed' })).status).toBe('awaiting_payment');
    expect(world.sagas.book.waits).toEqual([]);
  });

  it('given a webhook for a pending top-up, when it is delivered, then its saga takes the callback; for a failed one only the late-payment intake does', async () => {
    const world = topUps();
    const pending = await world.given();
    const failed = await world.given('failed');
    const callback = (topUp: WalletTopUp) => ({ gateway: 'khalti' as const, gatewayPaymentId: topUp.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: PAID_AT });

    expect(await world.useCases.callbacks.deliver(callback(pending))).toEqual({});
    expect(await world.useCases.callbacks.deliver(callback(failed))).toEqual({});
    expect(await world.useCases.callbacks.deliver({ ...callback(pending), gatewayPaymentId: 'pidx_nobody' })).toBeUndefined();

    expect(world.sagas.book.callbacks).toEqual([{ id: pending.id, callback: callback(pending) }]);
    expect(world.latePayments.reports.map((report) => report.gatewayPaymentId)).toEqual([pending.gatewayPaymentId, failed.gatewayPaymentId]);
  });
});
