import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { makeStorefront, type StartCheckoutCommand } from '../../../src/checkout/application/storefront.js';
import type { CheckoutState } from '../../../src/checkout/domain/saga.js';
import { CheckoutAlreadyStartedError } from '../../../src/checkout/ports/checkout-sagas.js';
import type { CheckoutRecord } from '../../../src/checkout/ports/storefront-queries.js';
import type { Order } from '../../../src/orders/api.js';
import type { Payment } from '../../../src/payments/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { FakeCheckoutSagas, queryReturnParsers, RecordingLatePayments } from '../../support/fakes/sagas.js';
import { givenPoints, givenWallet } from '../../support/givens.js';
import { aPricingTerms } from '../../support/mothers/catalog.js';
import { aCheckoutState } from '../../support/mothers/checkout-state.js';
import { npr } from '../../support/mothers/money.js';
import { anOrder, laterStates } from '../../support/mothers/order.js';
import { anInitiatedPayment } from '../../support/mothers/payment.js';
import { PAID_AT } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';
import type { AcceptedCurrencies, GatewayId } from '../../../src/payments/api.js';

const TEA = { sku: 'TEA', name: 'Ilam tea', priceMinor: 45_000, currency: 'NPR', onHand: 10 };
const SCARF = { sku: 'SCARF', name: 'Pashmina scarf', priceMinor: 2_500, currency: 'EUR', onHand: 3 };

/** Priced in NPR and USD: sold in both. */
const MUG = { sku: 'MUG', name: 'Clay mug', prices: { NPR: 80_000, USD: 600 }, onHand: 4 };

function storefront(
  options: {
    available?: boolean;
    returnBudget?: (key: string) => boolean;
    onStart?: (state: CheckoutState) => CheckoutState;
    acceptedCurrencies?: (gateway: GatewayId) => AcceptedCurrencies;
  } = {},
) {
  const store = new InMemoryCheckoutStore({ products: [TEA, SCARF, MUG] });
  const sagas = new FakeCheckoutSagas((order) => (options.onStart ?? ((state) => state))(aCheckoutState(order)));
  const latePayments = new RecordingLatePayments();
  const records = new Map<string, CheckoutRecord>();
  let next = 0;
  const useCases = makeStorefront({
    store,
    sagas,
    records: { checkoutRecord: async (orderId) => records.get(orderId) ?? { payments: [], refundedToWalletMinor: 0 } },
    returnParsers: queryReturnParsers,
    clock: new FixedClock(new Date(PAID_AT)),
    newOrderId: () => `ord_${(next += 1)}`,
    returnWaitMs: 1_500,
    ...(options.returnBudget === undefined ? {} : { returnBudget: options.returnBudget }),
    pricing: { NPR: aPricingTerms(), USD: aPricingTerms({ currency: 'USD', taxRateBasisPoints: 0, delivery: { standard: 500, express: 1500, pickup: 0 } }) },
    ...(options.acceptedCurrencies === undefined ? {} : { acceptedCurrencies: options.acceptedCurrencies }),
    latePayments,
    gatewayAvailable: async () => options.available ?? true,
  });
  /** An order stored (in `status`, through `laterStates`) with its initiated Khalti payment. */
  const given = async (later: (order: Order) => Order = (order) => order, payment: Partial<Payment> = {}) => {
    const order = later(anOrder({ customerId: 'cus_ram' }));
    const initiated = anInitiatedPayment(order, payment);
    await store.transaction(async ({ orders, payments }) => {
      await orders.save(order);
      await payments.save(initiated);
    });
    return { order, payment: initiated };
  };
  return { store, sagas, latePayments, records, useCases, given };
}

const teaFor = (overrides: Partial<StartCheckoutCommand> = {}): StartCheckoutCommand => ({
  customerId: 'cus_ram',
  items: [{ sku: 'TEA', quantity: 2 }],
  gateway: 'khalti',
  ...overrides,
});
const stateOf = (order: Order, overrides: Partial<CheckoutState> = {}) =>
  aCheckoutState({ orderId: order.id, customerId: order.customerId, gateway: order.gateway, total: order.total }, overrides);

describe('quote', () => {
  it('given the shelf, when a cart is quoted, then it is priced from the stored prices with the currency terms', async () => {
    const world = storefront();

    const quote = okValue(await world.useCases.quote({ customerId: 'cus_ram', items: [{ sku: 'TEA', quantity: 2 }] }));

    expect(quote.lines).toEqual([{ sku: 'TEA', name: 'Ilam tea', unitPrice: npr(45_000), quantity: 2, lineTotal: npr(90_000) }]);
    expect(quote.subtotal).toEqual(npr(90_000));
    expect(quote.tax).toEqual(npr(11_700));
  });

  it('given points the shopper does not have, when they are redeemed in a quote, then it is refused with loyalty.insufficient_points', async () => {
    const world = storefront();
    await givenPoints(world.store, 'cus_ram', 10);

    expect(errorOf(await world.useCases.quote({ customerId: 'cus_ram', items: [{ sku: 'TEA', quantity: 2 }], pointsToRedeem: 11 })).code).toBe('loyalty.insufficient_points');
    expect(okValue(await world.useCases.quote({ customerId: 'cus_ram', items: [{ sku: 'TEA', quantity: 2 }], pointsToRedeem: 10 })).pointsRedeemed).toBe(10);
  });

  it('given goods priced only in a currency the shop does not sell in, when they are quoted, then they are not sold in the shop currency and that currency is refused', async () => {
    const world = storefront();

    expect(errorOf(await world.useCases.quote({ customerId: 'cus_ram', items: [{ sku: 'SCARF', quantity: 1 }] })).code).toBe('checkout.not_sold_in_currency');
    expect(errorOf(await world.useCases.quote({ customerId: 'cus_ram', currency: 'EUR', items: [{ sku: 'SCARF', quantity: 1 }] })).code).toBe('checkout.unsupported_currency');
  });
});

describe('currencies', () => {
  it('given a product priced in NPR and USD, when quoted without a currency and in USD, then the first is the shop default and USD uses its own price and terms', async () => {
    const world = storefront();

    const inNpr = okValue(await world.useCases.quote({ customerId: 'cus_ram', items: [{ sku: 'MUG', quantity: 1 }], delivery: 'standard' }));
    const inUsd = okValue(await world.useCases.quote({ customerId: 'cus_ram', currency: 'USD', items: [{ sku: 'MUG', quantity: 2 }], delivery: 'standard' }));

    expect(inNpr.total).toEqual(npr(80_000 + 10_400 + 10_000));
    expect(inUsd.subtotal).toEqual({ amountMinor: 1_200, currency: 'USD' });
    expect(inUsd.total).toEqual({ amountMinor: 1_700, currency: 'USD' });
  });

  it('given a cart mixing a product sold in USD with one that is not, when it is checked out in USD, then it is refused naming the unpriced SKU and no saga starts', async () => {
    const world = storefront();

    const refused = errorOf(
      await world.useCases.startCheckout(
        teaFor({
          currency: 'USD',
          items: [
            { sku: 'MUG', quantity: 1 },
            { sku: 'TEA', quantity: 1 },
          ],
          gateway: 'stripe',
        }),
      ),
    );

    expect(refused).toMatchObject({ code: 'checkout.not_sold_in_currency', details: { currency: 'USD', skus: ['TEA'] } });
    expect(world.sagas.book.started).toEqual([]);
  });

  it('given a gateway that takes only NPR, when a USD checkout asks for it, then it is refused naming the gateway and what it takes, before any order or saga', async () => {
    const world = storefront({ acceptedCurrencies: (gateway) => (gateway === 'khalti' ? ['NPR'] : 'any') });

    const refused = errorOf(await world.useCases.startCheckout(teaFor({ currency: 'USD', items: [{ sku: 'MUG', quantity: 1 }], gateway: 'khalti' })));

    expect(refused).toMatchObject({ code: 'checkout.currency_not_accepted', details: { gateway: 'khalti', currency: 'USD', acceptedCurrencies: ['NPR'] } });
    expect(world.sagas.book.started).toEqual([]);
    expect(await world.store.read(({ orders }) => orders.byId('ord_1'))).toBeUndefined();
  });

  it('given the same gateway, when the checkout is in a currency it takes (or goes to the wallet in any), then it starts priced in that currency', async () => {
    const world = storefront({ acceptedCurrencies: (gateway) => (gateway === 'khalti' ? ['NPR'] : 'any') });

    const view = okValue(await world.useCases.startCheckout(teaFor({ items: [{ sku: 'MUG', quantity: 1 }], gateway: 'khalti' })));
    const usd = okValue(await world.useCases.startCheckout(teaFor({ currency: 'USD', items: [{ sku: 'MUG', quantity: 1 }], gateway: 'stripe' })));

    expect(view.amount.currency).toBe('NPR');
    expect(usd.amount).toEqual({ amountMinor: 600, currency: 'USD' });
    expect(world.sagas.book.started.map((start) => start.total.currency)).toEqual(['NPR', 'USD']);
  });
});

describe('startCheckout', () => {
  it('given a cart, when the checkout starts, then its saga starts with the priced order at the clock time under a new id', async () => {
    const world = storefront();

    const view = okValue(await world.useCases.startCheckout(teaFor({ customer: { email: 'ram@example.test' } })));

    expect(world.sagas.book.started).toEqual([
      expect.objectContaining({ orderId: 'ord_1', customerId: 'cus_ram', gateway: 'khalti', subtotal: npr(90_000), placedAt: PAID_AT, customer: { email: 'ram@example.test' } }),
    ]);
    expect(world.sagas.book.started[0]).not.toHaveProperty('walletAmount');
    expect(view).toMatchObject({ orderId: 'ord_1', checkoutStatus: 'awaiting_payment', orderStatus: 'pending_payment' });
  });

  it('given a gateway switched off, when a checkout through it starts, then it is refused with payments.gateway_unavailable and no saga starts', async () => {
    const world = storefront({ available: false });

    expect(errorOf(await world.useCases.startCheckout(teaFor())).code).toBe('payments.gateway_unavailable');
    expect(world.sagas.book.started).toEqual([]);
  });

  it('given a wallet holding less than the total, when the wallet is to pay it all, then it is refused with wallet.insufficient_funds', async () => {
    const world = storefront();
    await givenWallet(world.store, 'cus_ram', 1_000);

    expect(errorOf(await world.useCases.startCheckout(teaFor({ gateway: 'wallet' })))).toMatchObject({ code: 'wallet.insufficient_funds', details: { balanceMinor: 1_000 } });
    expect(world.sagas.book.started).toEqual([]);
  });

  it('given a wallet part as large as the total, when a split checkout starts, then it is refused with checkout.invalid_split', async () => {
    const world = storefront();
    await givenWallet(world.store, 'cus_ram', 1_000_000);

    expect(errorOf(await world.useCases.startCheckout(teaFor({ walletAmountMinor: 101_700 }))).code).toBe('checkout.invalid_split');
  });

  it('given enough in the wallet, when a split checkout starts, then the saga is given the wallet part', async () => {
    const world = storefront();
    await givenWallet(world.store, 'cus_ram', 30_000);

    okValue(await world.useCases.startCheckout(teaFor({ walletAmountMinor: 30_000 })));

    expect(world.sagas.book.started[0]?.walletAmount).toEqual(npr(30_000));
  });

  it('given the saga refused the checkout (the balance went elsewhere), when it starts, then the refusal is the answer', async () => {
    const world = storefront({ onStart: (state) => ({ ...state, status: 'cancelled', refusal: { code: 'wallet.balance_changed', message: 'spent elsewhere' } }) as CheckoutState });

    expect(errorOf(await world.useCases.startCheckout(teaFor()))).toMatchObject({ code: 'wallet.balance_changed', details: { orderId: 'ord_1' } });
  });

  it('given the same request ran before with this order id, when it runs again, then the checkout it started is the answer and no saga starts', async () => {
    const world = storefront();
    const { order } = await world.given();
    world.sagas.book.states.set(order.id, stateOf(order));

    expect(okValue(await world.useCases.startCheckout(teaFor({ orderId: order.id }))).orderId).toBe(order.id);
    expect(world.sagas.book.started).toEqual([]);
  });

  it('given the order id is taken by a saga the engine refuses to start again, when the checkout starts, then it is refused with checkout.already_started', async () => {
    const world = storefront({
      onStart: () => {
        throw new CheckoutAlreadyStartedError('checkout-ord_taken already started');
      },
    });

    expect(errorOf(await world.useCases.startCheckout(teaFor({ orderId: 'ord_taken' }))).code).toBe('checkout.already_started');
  });
});

describe('getCheckout', () => {
  it("given another shopper's order, when it is asked for, then it is answered as not found", async () => {
    const world = storefront();
    const { order } = await world.given();
    world.sagas.book.states.set(order.id, stateOf(order));

    expect(okValue(await world.useCases.getCheckout('cus_ram', order.id)).checkoutStatus).toBe('awaiting_payment');
    expect(errorOf(await world.useCases.getCheckout('cus_sita', order.id)).code).toBe('checkout.not_found');
  });

  it('given a confirmed order whose saga the engine no longer keeps, when it is asked for, then it is answered from the record', async () => {
    const world = storefront();
    const { order } = await world.given(laterStates.confirmed);
    world.records.set(order.id, {
      payments: [{ gateway: 'khalti', status: 'completed', amountMinor: 170_000, currency: 'NPR', transactionId: 'txn-kept' }],
      refundedToWalletMinor: 0,
      pointsEarned: 17,
    });

    expect(okValue(await world.useCases.getCheckout('cus_ram', order.id))).toMatchObject({
      checkoutStatus: 'confirmed',
      orderStatus: 'confirmed',
      transactionId: 'txn-kept',
      pointsAwarded: 17,
    });
  });

  it('given an open order without a saga, when it is asked for, then it shows as needing an operator', async () => {
    const world = storefront();
    const { order } = await world.given();

    expect(okValue(await world.useCases.getCheckout('cus_ram', order.id))).toMatchObject({ checkoutStatus: 'needs_attention', attention: { code: 'checkout.saga_missing' } });
  });

  it('given the engine is unreachable, when a closed order is asked for, then the record answers; for an open one the failure is thrown', async () => {
    const world = storefront();
    const closed = await world.given(laterStates.cancelledUnpaid);
    const open = await world.given();
    world.sagas.unreachable = new Error('engine down');

    expect(okValue(await world.useCases.getCheckout('cus_ram', closed.order.id))).toMatchObject({ checkoutStatus: 'cancelled', cancelReason: 'payment_expired' });
    await expect(world.useCases.getCheckout('cus_ram', open.order.id)).rejects.toThrow('engine down');
  });
});

describe('paymentReturned', () => {
  it('given a return for no payment of ours, when it arrives, then it is refused with payments.unknown_payment and no saga is asked', async () => {
    const world = storefront();

    expect(errorOf(await world.useCases.paymentReturned('khalti', { pidx: 'pidx_nobody', status: 'Completed' })).code).toBe('payments.unknown_payment');
    expect(world.sagas.book.waits).toEqual([]);
  });

  it("given a return for an order's payment, when it arrives, then its saga is asked with the hint, and the late-payment intake hears of it", async () => {
    const world = storefront();
    const { order, payment } = await world.given();
    world.sagas.book.states.set(order.id, stateOf(order, { status: 'confirmed' }));

    expect(okValue(await world.useCases.paymentReturned('khalti', { pidx: payment.gatewayPaymentId!, status: 'Completed' })).checkoutStatus).toBe('confirmed');

    const callback = { gateway: 'khalti', gatewayPaymentId: payment.gatewayPaymentId, claimedStatus: 'Completed', receivedAt: PAID_AT };
    expect(world.sagas.book.waits).toEqual([{ id: order.id, timeoutMs: 1_500, callback }]);
    expect(world.latePayments.reports).toEqual([{ gateway: 'khalti', gatewayPaymentId: payment.gatewayPaymentId, source: 'return', receivedAt: PAID_AT }]);
  });

  it('given a return naming only our order, when it arrives, then the order is found by its gateway payment', async () => {
    const world = storefront();
    const { order } = await world.given();
    world.sagas.book.states.set(order.id, stateOf(order));

    expect(okValue(await world.useCases.paymentReturned('khalti', { order: order.id, status: 'paid' })).orderId).toBe(order.id);
    expect(errorOf(await world.useCases.paymentReturned('esewa', { order: order.id, status: 'paid' })).code).toBe('payments.unknown_payment');
  });

  it('given a payment out of return budget, when the shopper returns again, then the saga state answers and the saga is not driven', async () => {
    const world = storefront({ returnBudget: () => false });
    const { order, payment } = await world.given();
    world.sagas.book.states.set(order.id, stateOf(order));

    expect(okValue(await world.useCases.paymentReturned('khalti', { pidx: payment.gatewayPaymentId!, status: 'Completed' })).checkoutStatus).toBe('awaiting_payment');
    expect(world.sagas.book.waits).toEqual([]);
  });

  it('given a saga removed by retention, when the shopper returns, then the recorded order answers', async () => {
    const world = storefront();
    const { payment } = await world.given(laterStates.cancelledUnpaid);

    expect(okValue(await world.useCases.paymentReturned('khalti', { pidx: payment.gatewayPaymentId!, status: 'Completed' }))).toMatchObject({
      checkoutStatus: 'cancelled',
      cancelReason: 'payment_expired',
    });
  });
});
