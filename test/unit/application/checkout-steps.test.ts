import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { type CheckoutOrder, makeCheckoutSteps } from '../../../src/checkout/application/checkout-steps.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { FakeGateway, fakeGateways } from '../../support/fakes/fake-gateway.js';
import { givenPoints, givenWallet, pointsBalance, walletBalance } from '../../support/givens.js';
import { aCheckoutOrder, someCharges } from '../../support/mothers/checkout-order.js';
import { fresh } from '../../support/mothers/ids.js';
import { npr } from '../../support/mothers/money.js';
import { PAID_AT } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';

function checkoutSteps(options: { readonly teaOnHand?: number } = {}) {
  const store = new InMemoryCheckoutStore({
    notifications: { channels: ['email', 'whatsapp'], staffEmail: 'staff@shop.test' },
    ...(options.teaOnHand === undefined
      ? {}
      : { products: [{ sku: 'TEA-ILAM-250', name: 'Ilam green tea, 250 g', priceMinor: 45_000, currency: 'NPR', onHand: options.teaOnHand }] }),
  });
  const khalti = new FakeGateway('khalti');
  const paypal = new FakeGateway('paypal', { captures: true });
  const clock = new FixedClock(new Date(PAID_AT));
  const steps = makeCheckoutSteps({
    store,
    gateways: fakeGateways(khalti, paypal),
    clock,
    returnUrl: (gateway) => `https://shop.test/return/${gateway}`,
    captureKey: (orderId) => `checkout-${orderId}/capture`,
    websiteUrl: 'https://shop.test',
    newPaymentId: () => fresh('pay'),
  });
  const order = (id: string) => store.read(({ orders }) => orders.byId(id));
  const payments = (id: string) => store.read(({ payments }) => payments.allForOrder(id));
  const gatewayPayment = async (id: string) => (await payments(id)).find((payment) => payment.gateway !== 'wallet');
  const teaLevel = async () => (await store.read(({ stock }) => stock.lowStock())).find((level) => level.sku === 'TEA-ILAM-250');
  return { store, khalti, paypal, clock, steps, order, payments, gatewayPayment, teaLevel };
}

const opening = (order: CheckoutOrder) => ({ ...order, redeemKey: `checkout-${order.orderId}/redeem`, debitKey: `checkout-${order.orderId}/debit` });

/** An order opened and sent to the gateway: the shopper is at the payment page. */
async function initiated(world: ReturnType<typeof checkoutSteps>, overrides: Partial<CheckoutOrder> = {}) {
  const order = aCheckoutOrder(overrides);
  okValue(await world.steps.openOrder(opening(order)));
  const payment = await world.steps.initiatePayment({ ...order, idempotencyKey: `checkout-${order.orderId}/initiate` });
  return { order, gatewayPaymentId: payment.gatewayPaymentId };
}

/** An order whose payment the gateway took and the saga verified. */
async function verified(world: ReturnType<typeof checkoutSteps>, transactionId = fresh('txn')) {
  const { order, gatewayPaymentId } = await initiated(world);
  world.khalti.paid(gatewayPaymentId, { transactionId, amount: order.total });
  okValue(await world.steps.verifyPayment({ orderId: order.orderId }));
  return { order, gatewayPaymentId, transactionId };
}

describe('openOrder', () => {
  it('given a gateway checkout, when it opens, then the order waits for payment with one pending gateway payment of the total', async () => {
    const world = checkoutSteps();
    const order = aCheckoutOrder();

    expect(okValue(await world.steps.openOrder(opening(order)))).toEqual({ pointsRedeemed: 0, walletPaid: npr(0) });

    expect((await world.order(order.orderId))?.status).toBe('pending_payment');
    expect(await world.payments(order.orderId)).toEqual([expect.objectContaining({ gateway: 'khalti', amount: order.total, status: 'pending' })]);
  });

  it('given a split checkout with points, when it opens, then the points are spent and the wallet part is debited, once however often it runs', async () => {
    const world = checkoutSteps();
    const order = aCheckoutOrder({ walletAmount: npr(30_000), charges: someCharges({ pointsRedeemed: 50 }) });
    await givenWallet(world.store, order.customerId, 40_000);
    await givenPoints(world.store, order.customerId, 80);

    const first = okValue(await world.steps.openOrder(opening(order)));
    const again = okValue(await world.steps.openOrder(opening(order)));

    expect(first).toEqual({ pointsRedeemed: 50, walletPaid: npr(30_000) });
    expect(again).toEqual(first);
    expect(await walletBalance(world.store, order.customerId)).toBe(10_000);
    expect(await pointsBalance(world.store, order.customerId)).toBe(30);
    expect((await world.payments(order.orderId)).map(({ gateway, amount, status }) => ({ gateway, amount, status }))).toEqual(
      expect.arrayContaining([
        { gateway: 'wallet', amount: npr(30_000), status: 'completed' },
        { gateway: 'khalti', amount: npr(60_000), status: 'pending' },
      ]),
    );
  });

  it('given a wallet that no longer holds the wallet part, when the checkout opens, then it is refused with wallet.balance_changed and nothing is kept', async () => {
    const world = checkoutSteps();
    const order = aCheckoutOrder({ walletAmount: npr(30_000), charges: someCharges({ pointsRedeemed: 50 }) });
    await givenWallet(world.store, order.customerId, 29_999);
    await givenPoints(world.store, order.customerId, 80);

    expect(errorOf(await world.steps.openOrder(opening(order))).code).toBe('wallet.balance_changed');

    expect(await world.order(order.orderId)).toBeUndefined();
    expect(await world.payments(order.orderId)).toEqual([]);
    expect(await pointsBalance(world.store, order.customerId)).toBe(80);
    expect(await walletBalance(world.store, order.customerId)).toBe(29_999);
  });

  it('given points spent elsewhere since the quote, when the checkout opens, then it is refused with loyalty.points_changed and no order is kept', async () => {
    const world = checkoutSteps();
    const order = aCheckoutOrder({ charges: someCharges({ pointsRedeemed: 50 }) });
    await givenPoints(world.store, order.customerId, 49);

    expect(errorOf(await world.steps.openOrder(opening(order))).code).toBe('loyalty.points_changed');

    expect(await world.order(order.orderId)).toBeUndefined();
    expect(await pointsBalance(world.store, order.customerId)).toBe(49);
  });
});

describe('openOrder holding stock', () => {
  it('given units on the shelf, when a checkout opens holding stock, then its lines are held (reserved, not yet taken), once however often it runs', async () => {
    const world = checkoutSteps({ teaOnHand: 3 });
    const order = aCheckoutOrder();

    okValue(await world.steps.openOrder({ ...opening(order), holdStock: true }));
    okValue(await world.steps.openOrder({ ...opening(order), holdStock: true }));

    expect(await world.teaLevel()).toMatchObject({ onHand: 3, reserved: 2, available: 1 });
  });

  it('given fewer units than the lines want, when a checkout opens holding stock, then it is refused with inventory.out_of_stock and nothing is kept', async () => {
    const world = checkoutSteps({ teaOnHand: 1 });
    const order = aCheckoutOrder({ walletAmount: npr(30_000), charges: someCharges({ pointsRedeemed: 50 }) });
    await givenWallet(world.store, order.customerId, 40_000);
    await givenPoints(world.store, order.customerId, 80);

    const refusal = errorOf(await world.steps.openOrder({ ...opening(order), holdStock: true }));

    expect(refusal).toMatchObject({ code: 'inventory.out_of_stock', details: { lines: [{ sku: 'TEA-ILAM-250', requested: 2, available: 1 }] } });
    expect(await world.order(order.orderId)).toBeUndefined();
    expect(await world.payments(order.orderId)).toEqual([]);
    expect(await walletBalance(world.store, order.customerId)).toBe(40_000);
    expect(await pointsBalance(world.store, order.customerId)).toBe(80);
    expect(await world.teaLevel()).toMatchObject({ onHand: 1, reserved: 0 });
  });

  it('given a held checkout, when it is confirmed, then the held units leave the shelf; when another is cancelled, then its units are free again', async () => {
    const world = checkoutSteps({ teaOnHand: 4 });
    const kept = aCheckoutOrder();
    const dropped = aCheckoutOrder();
    okValue(await world.steps.openOrder({ ...opening(kept), holdStock: true }));
    okValue(await world.steps.openOrder({ ...opening(dropped), holdStock: true }));
    expect(await world.teaLevel()).toMatchObject({ onHand: 4, reserved: 4, available: 0 });

    await world.steps.cancelOrder({ orderId: dropped.orderId, reason: 'payment_expired' });
    const payment = await world.steps.initiatePayment({ ...kept, idempotencyKey: `checkout-${kept.orderId}/initiate` });
    world.khalti.paid(payment.gatewayPaymentId, { transactionId: fresh('txn'), amount: kept.total });
    okValue(await world.steps.verifyPayment({ orderId: kept.orderId }));
    await world.steps.confirmOrder({ orderId: kept.orderId });

    expect(await world.teaLevel()).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
  });
});

describe('initiatePayment', () => {
  it('given an opened order, when the payment is initiated, then the gateway is asked for the gateway part under the step key and the page is stored', async () => {
    const world = checkoutSteps();
    const order = aCheckoutOrder({ walletAmount: npr(30_000), customer: { name: 'Ram', email: 'ram@example.test' } });
    await givenWallet(world.store, order.customerId, 30_000);
    okValue(await world.steps.openOrder(opening(order)));

    const initiated = await world.steps.initiatePayment({ ...order, idempotencyKey: 'checkout-x/initiate' });

    expect(world.khalti.initiated).toEqual([
      {
        orderId: order.orderId,
        amount: npr(60_000),
        description: 'Ilam green tea, 250 g x2',
        returnUrl: 'https://shop.test/return/khalti',
        websiteUrl: 'https://shop.test',
        customer: { name: 'Ram', email: 'ram@example.test' },
        idempotencyKey: 'checkout-x/initiate',
      },
    ]);
    expect(await world.gatewayPayment(order.orderId)).toMatchObject({
      gatewayPaymentId: initiated.gatewayPaymentId,
      redirectUrl: initiated.action.url,
      expiresAt: initiated.expiresAt,
    });
  });

  it('given a payment already initiated, when the step runs again, then the stored payment is answered and the gateway is not asked twice', async () => {
    const world = checkoutSteps();
    const order = aCheckoutOrder();
    okValue(await world.steps.openOrder(opening(order)));

    const first = await world.steps.initiatePayment({ ...order, idempotencyKey: 'k' });
    const retried = await world.steps.initiatePayment({ ...order, idempotencyKey: 'k' });

    expect(retried).toEqual(first);
    expect(world.khalti.initiated).toHaveLength(1);
  });
});

describe('verifyPayment', () => {
  it('given the gateway took the exact amount, when the payment is verified, then it is bound, completed, and the order is paid', async () => {
    const world = checkoutSteps();
    const { order, gatewayPaymentId } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-exact', amount: order.total });

    expect(okValue(await world.steps.verifyPayment({ orderId: order.orderId }))).toEqual({ transactionId: 'txn-exact', amount: order.total, isNew: true });

    expect(world.khalti.lookups).toEqual([{ gatewayPaymentId, expected: order.total }]);
    expect(await world.gatewayPayment(order.orderId)).toMatchObject({ status: 'completed', transactionId: 'txn-exact' });
    expect(await world.order(order.orderId)).toMatchObject({ status: 'paid', paidAt: PAID_AT });
    expect(await world.store.read(({ verifications }) => verifications.byTransaction('khalti', 'txn-exact'))).toMatchObject({ orderId: order.orderId, amount: order.total });
  });

  it('given a verified payment, when it is verified again (a replay), then the answer is the same transaction, not new', async () => {
    const world = checkoutSteps();
    const { order, transactionId } = await verified(world);

    expect(okValue(await world.steps.verifyPayment({ orderId: order.orderId }))).toEqual({ transactionId, amount: order.total, isNew: false });
    expect((await world.order(order.orderId))?.status).toBe('paid');
  });

  it('given the gateway took a different amount, when the payment is verified, then it is refused with payments.amount_mismatch and the order stays unpaid', async () => {
    const world = checkoutSteps();
    const { order, gatewayPaymentId } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-short', amount: npr(order.total.amountMinor - 1) });

    expect(errorOf(await world.steps.verifyPayment({ orderId: order.orderId })).code).toBe('payments.amount_mismatch');

    expect((await world.order(order.orderId))?.status).toBe('pending_payment');
    expect((await world.gatewayPayment(order.orderId))?.status).toBe('pending');
    expect(await world.store.read(({ verifications }) => verifications.byTransaction('khalti', 'txn-short'))).toBeUndefined();
  });

  it('given a transaction that already paid another order, when it is reported for this one, then it is refused with payments.transaction_reused', async () => {
    const world = checkoutSteps();
    const { transactionId } = await verified(world);
    const { order, gatewayPaymentId } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId, amount: order.total });

    expect(errorOf(await world.steps.verifyPayment({ orderId: order.orderId })).code).toBe('payments.transaction_reused');
    expect((await world.order(order.orderId))?.status).toBe('pending_payment');
  });

  it('given the gateway reports the payment not completed, when it is verified, then it is refused with payments.not_completed and its gateway status', async () => {
    const world = checkoutSteps();
    const { order } = await initiated(world);

    const error = errorOf(await world.steps.verifyPayment({ orderId: order.orderId }));

    expect(error).toMatchObject({ code: 'payments.not_completed', details: { gatewayStatus: 'Initiated' } });
    expect((await world.order(order.orderId))?.status).toBe('pending_payment');
  });

  it('given a gateway with a capture step and an approved payment, when it is verified, then it is captured under the order key and then bound', async () => {
    const world = checkoutSteps();
    const { order, gatewayPaymentId } = await initiated(world, { gateway: 'paypal' });
    world.paypal.approved(gatewayPaymentId);

    expect(okValue(await world.steps.verifyPayment({ orderId: order.orderId }))).toMatchObject({ isNew: true, amount: order.total });

    expect(world.paypal.captured).toEqual([{ gatewayPaymentId, idempotencyKey: `checkout-${order.orderId}/capture` }]);
    expect((await world.order(order.orderId))?.status).toBe('paid');
  });
});

describe('refundToWallet', () => {
  it('given a verified payment, when it is refunded to the wallet, then the verified amount is credited once and the payment ends refunded', async () => {
    const world = checkoutSteps();
    const { order } = await verified(world);
    const input = { orderId: order.orderId, idempotencyKey: `checkout-${order.orderId}/refund-to-wallet`, reason: 'out_of_stock' };

    expect(okValue(await world.steps.refundToWallet(input))).toEqual({ amount: order.total, credited: true });

    expect(await walletBalance(world.store, order.customerId)).toBe(order.total.amountMinor);
    expect((await world.gatewayPayment(order.orderId))?.status).toBe('refunded');
  });

  it('given the refund to the wallet committed but its answer was lost, when the step is retried, then it answers as the first run did and credits nothing more', async () => {
    const world = checkoutSteps();
    const { order } = await verified(world);
    const input = { orderId: order.orderId, idempotencyKey: `checkout-${order.orderId}/refund-to-wallet`, reason: 'out_of_stock' };
    okValue(await world.steps.refundToWallet(input));

    expect(okValue(await world.steps.refundToWallet(input))).toEqual({ amount: order.total, credited: false });
    expect(await walletBalance(world.store, order.customerId)).toBe(order.total.amountMinor);
  });

  it('given the payment was refunded to the wallet already, when another step asks for a refund to the wallet, then it is refused and nothing is credited twice', async () => {
    const world = checkoutSteps();
    const { order } = await verified(world);
    okValue(await world.steps.refundToWallet({ orderId: order.orderId, idempotencyKey: 'first/refund-to-wallet', reason: 'out_of_stock' }));

    expect(errorOf(await world.steps.refundToWallet({ orderId: order.orderId, idempotencyKey: 'other/refund-to-wallet', reason: 'again' })).code).toBe('payments.not_completed');
    expect(await walletBalance(world.store, order.customerId)).toBe(order.total.amountMinor);
  });

  it('given a payment never verified, when it is refunded to the wallet, then it is refused with payments.not_completed and nothing is credited', async () => {
    const world = checkoutSteps();
    const { order } = await initiated(world);

    expect(errorOf(await world.steps.refundToWallet({ orderId: order.orderId, idempotencyKey: 'k', reason: 'out_of_stock' })).code).toBe('payments.not_completed');
    expect(await walletBalance(world.store, order.customerId)).toBe(0);
  });
});

describe('creditTakenToWallet', () => {
  it('given a parked payment whose amount did not match, when an operator credits it, then what the gateway took is bound and credited and the payment ends refunded', async () => {
    const world = checkoutSteps();
    const { order, gatewayPaymentId } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId: 'txn-over', amount: npr(95_000) });
    errorOf(await world.steps.verifyPayment({ orderId: order.orderId }));

    const credited = okValue(await world.steps.creditTakenToWallet({ orderId: order.orderId, idempotencyKey: 'op/credit', reason: 'amount mismatch' }));

    expect(credited).toEqual({ amount: npr(95_000), credited: true });
    expect(await walletBalance(world.store, order.customerId)).toBe(95_000);
    expect(await world.gatewayPayment(order.orderId)).toMatchObject({ status: 'refunded', transactionId: 'txn-over' });
    expect(await world.store.read(({ verifications }) => verifications.byTransaction('khalti', 'txn-over'))).toMatchObject({ orderId: order.orderId, amount: npr(95_000) });
  });

  it('given a verified payment, when an operator credits it, then it is the refund to the wallet of the verified amount, without asking the gateway again', async () => {
    const world = checkoutSteps();
    const { order } = await verified(world);
    const asked = world.khalti.lookups.length;

    expect(okValue(await world.steps.creditTakenToWallet({ orderId: order.orderId, idempotencyKey: 'op/credit', reason: 'shopper asked' }))).toEqual({
      amount: order.total,
      credited: true,
    });
    expect(await walletBalance(world.store, order.customerId)).toBe(order.total.amountMinor);
    expect(world.khalti.lookups).toHaveLength(asked);
  });

  it('given the gateway took nothing, when an operator credits it, then it is refused with payments.not_completed', async () => {
    const world = checkoutSteps();
    const { order } = await initiated(world);

    expect(errorOf(await world.steps.creditTakenToWallet({ orderId: order.orderId, idempotencyKey: 'op/credit', reason: 'r' })).code).toBe('payments.not_completed');
    expect(await walletBalance(world.store, order.customerId)).toBe(0);
  });

  it('given the transaction already paid another order, when an operator credits it, then it is refused with payments.transaction_reused and nothing is credited', async () => {
    const world = checkoutSteps();
    const { transactionId } = await verified(world);
    const { order, gatewayPaymentId } = await initiated(world);
    world.khalti.paid(gatewayPaymentId, { transactionId, amount: order.total });

    expect(errorOf(await world.steps.creditTakenToWallet({ orderId: order.orderId, idempotencyKey: 'op/credit', reason: 'r' })).code).toBe('payments.transaction_reused');
    expect(await walletBalance(world.store, order.customerId)).toBe(0);
  });
});

describe('approveManualPayment', () => {
  it('given a bank-transfer order, when an operator approves it, then its payment completes under the order reference, in the ledger, and the order is paid', async () => {
    const world = checkoutSteps();
    const order = aCheckoutOrder({ gateway: 'bank_transfer' });
    okValue(await world.steps.openOrder(opening(order)));

    await world.steps.approveManualPayment({ orderId: order.orderId, approvedBy: 'op_sita' });

    const reference = `manual-${order.orderId}`;
    expect(await world.gatewayPayment(order.orderId)).toMatchObject({ status: 'completed', transactionId: reference });
    expect((await world.order(order.orderId))?.status).toBe('paid');
    expect(await world.store.read(({ verifications }) => verifications.byTransaction('bank_transfer', reference))).toMatchObject({ orderId: order.orderId, amount: order.total });
  });
});

describe('cancelOrder', () => {
  it('given an order waiting for payment with stock held, when it is cancelled as expired, then the order is cancelled, the payment expired and the stock released', async () => {
    const world = checkoutSteps();
    await world.store.seedCatalog([{ sku: 'TEA-ILAM-250', name: 'Ilam green tea, 250 g', priceMinor: 45_000, currency: 'NPR', onHand: 5 }]);
    const { order } = await initiated(world);
    okValue(await world.steps.reserveStock({ orderId: order.orderId }));
    world.clock.advance(60_000);

    await world.steps.cancelOrder({ orderId: order.orderId, reason: 'payment_expired' });

    expect(await world.order(order.orderId)).toMatchObject({ status: 'cancelled', reason: 'payment_expired', cancelledAt: '2026-01-10T09:06:00.000Z' });
    expect((await world.gatewayPayment(order.orderId))?.status).toBe('expired');
    const [tea] = await world.store.read(({ stock }) => stock.items(['TEA-ILAM-250']));
    expect(tea?.onHand).toBe(5);
  });

  it('given an order the shopper cancelled, when it is cancelled, then its pending payment is cancelled', async () => {
    const world = checkoutSteps();
    const { order } = await initiated(world);

    await world.steps.cancelOrder({ orderId: order.orderId, reason: 'payment_cancelled' });

    expect((await world.gatewayPayment(order.orderId))?.status).toBe('cancelled');
  });
});

describe('a checkout of the cart, and the shopper details', () => {
  const cartOf = (world: ReturnType<typeof checkoutSteps>, customerId: string) => world.store.read(({ carts }) => carts.byCustomer(customerId));

  /** A cart of two lines for a fresh customer, and a checkout order that took them. */
  async function aCartCheckout(world: ReturnType<typeof checkoutSteps>) {
    const customerId = fresh('cus');
    await world.store.transaction(async ({ carts }) => {
      okValue(await carts.setLine(customerId, 'TEA-ILAM-250', 2));
      okValue(await carts.setLine(customerId, 'MUG-CLAY', 1));
    });
    const { lines } = await cartOf(world, customerId);
    return aCheckoutOrder({ customerId, fromCart: lines });
  }

  it('given a checkout with a contact and an address, when it opens, then the order keeps both', async () => {
    const world = checkoutSteps();
    const contact = { name: 'Ram', email: 'ram@example.test', phone: '+9779800000001' };
    const deliveryAddress = { line1: 'Lakeside 4', city: 'Pokhara', postalCode: '33700', country: 'NP' };
    const order = aCheckoutOrder({ customer: contact, deliveryAddress });
    okValue(await world.steps.openOrder(opening(order)));
    expect(await world.order(order.orderId)).toMatchObject({ contact, deliveryAddress });
  });

  it('given a cart checkout, when it opens, then it records the cart lines it took and leaves the cart as it is', async () => {
    const world = checkoutSteps();
    const order = await aCartCheckout(world);
    okValue(await world.steps.openOrder(opening(order)));
    expect(await world.store.read(({ carts }) => carts.takenBy(order.orderId))).toEqual([...order.fromCart!].sort((a, b) => a.sku.localeCompare(b.sku)));
    expect((await cartOf(world, order.customerId)).lines).toHaveLength(2);
  });

  it('given a verified cart checkout and a line added since, when the order is confirmed, then only the lines it took leave the cart, once', async () => {
    const world = checkoutSteps();
    const order = await aCartCheckout(world);
    okValue(await world.steps.openOrder(opening(order)));
    const { gatewayPaymentId } = await world.steps.initiatePayment({ ...order, idempotencyKey: `checkout-${order.orderId}/initiate` });
    world.khalti.paid(gatewayPaymentId, { transactionId: fresh('txn'), amount: order.total });
    okValue(await world.steps.verifyPayment({ orderId: order.orderId }));
    okValue(await world.store.transaction(({ carts }) => carts.setLine(order.customerId, 'HONEY', 1)));

    await world.steps.confirmOrder({ orderId: order.orderId });
    await world.steps.confirmOrder({ orderId: order.orderId });

    expect((await world.order(order.orderId))?.status).toBe('confirmed');
    expect((await cartOf(world, order.customerId)).lines).toEqual([{ sku: 'HONEY', quantity: 1, revision: 3 }]);
  });
});

describe('confirmOrder tells', () => {
  const written = (world: ReturnType<typeof checkoutSteps>, orderId: string) =>
    world.store.read(async ({ notifications }) => (await notifications.written({ orderId })).map((m) => m.event));

  async function confirmedOrder(world: ReturnType<typeof checkoutSteps>) {
    const { order } = await verified(world);
    okValue(await world.steps.reserveStock({ orderId: order.orderId }));
    await world.steps.confirmOrder({ orderId: order.orderId });
    return order;
  }

  it('staff of the product an order took across its low-stock threshold, once; not of the next order while it stays low', async () => {
    const world = checkoutSteps({ teaOnHand: 7 }); // threshold 5; each order takes 2
    const crossing = await confirmedOrder(world);
    const below = await confirmedOrder(world);

    expect((await written(world, crossing.orderId)).filter((event) => event.type === 'low_stock')).toEqual([
      { type: 'low_stock', orderId: crossing.orderId, sku: 'TEA-ILAM-250', name: 'Ilam green tea, 250 g', available: 5, threshold: 5 },
    ]);
    expect((await written(world, below.orderId)).filter((event) => event.type === 'low_stock')).toEqual([]);
    await world.steps.confirmOrder({ orderId: crossing.orderId });
    expect((await written(world, crossing.orderId)).filter((event) => event.type === 'low_stock')).toHaveLength(1);
  });

  it('no one of low stock while the product stays above its threshold', async () => {
    const world = checkoutSteps({ teaOnHand: 20 });
    const order = await confirmedOrder(world);
    expect((await written(world, order.orderId)).map((event) => event.type)).toEqual(['order_confirmed']);
  });
});
