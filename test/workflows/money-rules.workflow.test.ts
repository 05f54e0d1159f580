import { beforeEach, describe, expect, it } from 'vitest';
import { MikroOrmCheckoutStore } from '../../adapters/persistence/mikro-orm-checkout-store.js';
import { stateOf } from '../harness/checkout-harness.js';
import { paymentCallbackSignal } from '../../workflows/checkout/messages.js';
import { checkoutTimeouts } from '../../temporal.config.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import { requestRefund } from '../../src/checkout/application/refunds.js';
import { paidKhaltiOrder as paidKhaltiOrderIn } from '../harness/queries.js';
import { useHarness } from '../support/harness-fixture.js';

const { h } = useHarness({ per: 'test' });
let store: MikroOrmCheckoutStore;

beforeEach(() => {
  store = new MikroOrmCheckoutStore(h.orm);
});

const npr = (amountMinor: number) => ({ amountMinor, currency: 'NPR' });
const wallet = async (customerId: string) => (await store.read((r) => r.wallet.balance(customerId, 'NPR'))).amountMinor;
const points = (customerId: string) => store.read((r) => r.loyalty.balance(customerId));
const onHand = async (sku: string) => (await h.sql<{ on_hand: number; reserved: number }>('select on_hand, reserved from products where sku = ?', [sku]))[0]!;
const orderStatus = async (orderId: string) => (await h.sql<{ status: string }>('select status from orders where id = ?', [orderId]))[0]!.status;

async function topUp(customerId: string, amountMinor: number) {
  const appended = await store.transaction((r) =>
    r.wallet.append({ customerId, kind: 'top_up', amount: npr(amountMinor), reason: 'test top-up', idempotencyKey: `top-up-${customerId}-${amountMinor}-${Math.random()}` }),
  );
  if (!appended.ok) throw new Error(appended.error.message);
}

async function earn(customerId: string, pts: number) {
  // Earned on an earlier order of the shopper's.
  const earlier = h.order([{ sku: 'TEA', quantity: 1 }], customerId);
  await store.transaction(async (r) => {
    await r.orders.save({
      id: earlier.orderId,
      customerId,
      gateway: 'khalti',
      lines: earlier.lines,
      subtotal: earlier.subtotal,
      total: earlier.total,
      placedAt: earlier.placedAt,
      status: 'pending_payment',
    });
    const appended = await r.loyalty.append(customerId, { kind: 'earn', points: pts, orderId: earlier.orderId, idempotencyKey: `earn-${earlier.orderId}` });
    if (!appended.ok) throw new Error(appended.error.message);
  });
}

const paidKhaltiOrder = (customerId: string, quantity = 1) => paidKhaltiOrderIn(h, customerId, quantity);

describe('wallet and split payments', () => {
  it('a wallet-only checkout debits the wallet in the initiate step and confirms with no callback', async () => {
    await topUp('cus_wallet', 100_000);
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 2 }], 'cus_wallet'), gateway: 'wallet' };

    const handle = await h.startSaga(order);
    const final = await handle.result();

    expect(final.status).toBe('confirmed');
    expect(final.callbacksReceived).toBe(0);
    expect(await wallet('cus_wallet')).toBe(10_000);
    expect(await orderStatus(order.orderId)).toBe('confirmed');
    expect(await points('cus_wallet')).toBe(90);
    expect(h.sandbox.control.payments()).toHaveLength(0);
    expect(await onHand('TEA')).toMatchObject({ on_hand: 8, reserved: 0 });
  });

  it('a wallet-only checkout the wallet cannot cover is refused, keeps no order and moves nothing', async () => {
    await topUp('cus_poor', 10_000);
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_poor'), gateway: 'wallet' };

    const final = await (await h.startSaga(order)).result();

    expect(final).toMatchObject({ status: 'cancelled', refusal: { code: 'wallet.balance_changed' } });
    expect(await h.sql('select id from orders where id = ?', [order.orderId])).toEqual([]);
    expect(await wallet('cus_poor')).toBe(10_000);
    expect(await onHand('TEA')).toMatchObject({ on_hand: 10, reserved: 0 });
  });

  it('a split order whose Khalti part expires gives the wallet part back', async () => {
    await topUp('cus_split', 20_000);
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_split'), walletAmount: npr(20_000) };
    const handle = await h.startSaga(order, { firstMs: 2 * checkoutTimeouts.defaultPaymentWindowMs });
    expect(await wallet('cus_split')).toBe(0);
    const state = await stateOf(handle);
    expect(h.sandbox.control.get(state.gatewayPaymentId!)?.amount).toBe(25_000);
    h.sandbox.control.expire(state.gatewayPaymentId!);

    const final = await handle.result();

    expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired', refundedToWallet: npr(20_000) });
    expect(await wallet('cus_split')).toBe(20_000);
    expect(await orderStatus(order.orderId)).toBe('cancelled');
  });

  it('a split order paid in both parts is confirmed with the wallet part spent', async () => {
    await topUp('cus_split_ok', 20_000);
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_split_ok'), walletAmount: npr(20_000) };
    const handle = await h.startSaga(order);
    const state = await stateOf(handle);
    await h.pay(state.gatewayPaymentId!);
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });

    expect((await handle.result()).status).toBe('confirmed');
    expect(await wallet('cus_split_ok')).toBe(0);
  });
});

describe('points redeemed at checkout', () => {
  it('are spent when the checkout starts and released when it fails', async () => {
    await earn('cus_points', 500);
    const base = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_points');
    const order: CheckoutOrder = {
      ...base,
      total: npr(45_000 - 100 * 50),
      charges: { discount: npr(100 * 50), tax: npr(0), delivery: npr(0), deliveryOption: 'pickup', pointsRedeemed: 100 },
    };
    const handle = await h.startSaga(order, { firstMs: 2 * checkoutTimeouts.defaultPaymentWindowMs });
    expect(await points('cus_points')).toBe(400);
    h.sandbox.control.expire((await stateOf(handle)).gatewayPaymentId!);

    expect((await handle.result()).status).toBe('cancelled');
    expect(await points('cus_points')).toBe(500);
  });
});

describe('refunds', () => {
  it('refunds part to Khalti and the rest to the wallet, reversing points in proportion', async () => {
    const order = await paidKhaltiOrder('cus_refund', 2); // NPR 900 → 90 points
    expect(await points('cus_refund')).toBe(90);

    const toGateway = await requestRefund(h.refunds, h.refundSagas, {
      orderId: order.orderId,
      amount: npr(30_000),
      destination: 'gateway',
      reason: 'one damaged',
      requestedBy: 'ops@shop',
    });
    if (!toGateway.ok) throw new Error(toGateway.error.message);
    expect(toGateway.value[0]!.status).toBe('pending');
    expect(await h.refundSagas.outcome(toGateway.value[0]!.id)).toBe('completed');

    const pidx = (await h.sql<{ gateway_payment_id: string }>('select gateway_payment_id from payments where order_id = ?', [order.orderId]))[0]!.gateway_payment_id;
    expect(h.sandbox.control.get(pidx)?.status).toBe('Partially Refunded');
    expect(await orderStatus(order.orderId)).toBe('partially_refunded');
    expect(await points('cus_refund')).toBe(60); // a third of 90 taken back

    const rest = await requestRefund(h.refunds, h.refundSagas, { orderId: order.orderId, destination: 'wallet', reason: 'goodwill', requestedBy: 'ops@shop' });
    if (!rest.ok) throw new Error(rest.error.message);
    expect(rest.value.map((r) => r.amount)).toEqual([npr(60_000)]);
    expect(await h.refundSagas.outcome(rest.value[0]!.id)).toBe('completed');

    expect(await wallet('cus_refund')).toBe(60_000);
    expect(await orderStatus(order.orderId)).toBe('refunded');
    expect(await points('cus_refund')).toBe(0);
    const refused = await requestRefund(h.refunds, h.refundSagas, { orderId: order.orderId, amount: npr(1), destination: 'wallet', reason: 'again', requestedBy: 'ops@shop' });
    expect(refused.ok).toBe(false);
  });

  it('two racing refunds whose sum exceeds the payment: one is recorded, the other refused', async () => {
    const order = await paidKhaltiOrder('cus_race');
    const [a, b] = await Promise.all([
      requestRefund(h.refunds, h.refundSagas, { orderId: order.orderId, amount: npr(30_000), destination: 'wallet', reason: 'a', requestedBy: 'ops@shop' }),
      requestRefund(h.refunds, h.refundSagas, { orderId: order.orderId, amount: npr(30_000), destination: 'wallet', reason: 'b', requestedBy: 'ops@shop' }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(!refused.ok && refused.error.code).toBe('refunds.exceeds_paid');
    expect(Number((await h.sql<{ n: string }>('select count(*)::text as n from refunds where order_id = ?', [order.orderId]))[0]!.n)).toBe(1);
  });
});
