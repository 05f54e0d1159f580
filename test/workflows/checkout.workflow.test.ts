import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { stateOf } from '../harness/checkout-harness.js';
import { operatorDecisionSignal, paymentCallbackSignal, type CheckoutState } from '../../workflows/checkout/messages.js';
import type { checkoutWorkflow } from '../../workflows/checkout/checkout.workflow.js';
import { checkoutTimeouts, searchAttributes } from '../../temporal.config.js';
import { countRows, onHandOf, orderRowOf, walletBalanceOf } from '../harness/queries.js';
import { useHarness } from '../support/harness-fixture.js';

const EventType = temporal.api.enums.v1.EventType;

// A fresh server per test: the time-skipping server's clock only moves forward, and a test that
// skips half an hour must not leave the next one's workflows past their payment window.
const { h } = useHarness({ per: 'test' });

const count = (table: string, where: string, params: unknown[]): Promise<number> => countRows(h, table, where, params);
const onHand = (sku: string): Promise<number> => onHandOf(h, sku);
const orderRow = async (orderId: string) => (await orderRowOf(h, orderId))!;
const walletBalance = (customerId: string): Promise<number> => walletBalanceOf(h, customerId);
const points = async (customerId: string): Promise<number> =>
  Number((await h.sql<{ total: string | null }>('select sum(points)::text as total from loyalty_entries where customer_id = ?', [customerId]))[0]!.total ?? 0);
const reservedOf = async (sku: string): Promise<number> => Number((await h.sql<{ reserved: number }>('select reserved from products where sku = ?', [sku]))[0]!.reserved);
const setStock = (sku: string, units: number) => h.sql('update products set on_hand = ? where sku = ?', [units, sku]);

/** Polls the saga's query until `predicate` holds (the worker runs in the background). */
async function until(handle: WorkflowHandle, predicate: (state: CheckoutState) => boolean): Promise<CheckoutState> {
  for (let i = 0; i < 200; i += 1) {
    const state = await stateOf(handle);
    if (predicate(state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('saga never reached the expected state');
}

describe('checkout saga with Khalti', () => {
  it('given a shopper who pays, when Khalti sends them back, then the order is confirmed, stock taken and points awarded', async () => {
    await setStock('TEA', 10);
    const started = await h.storefront.startCheckout({ customerId: 'cus_paid', items: [{ sku: 'TEA', quantity: 2 }], gateway: 'khalti' });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const view = started.value;
    expect(view.paymentAction?.type).toBe('redirect');
    const pidx = new URL((view.paymentAction as { url: string }).url).searchParams.get('pidx')!;

    const returned = await h.storefront.paymentReturned('khalti', Object.fromEntries(await h.pay(pidx)));

    expect(returned.ok && returned.value.checkoutStatus).toBe('confirmed');
    expect(await orderRow(view.orderId)).toEqual({ status: 'confirmed', cancel_reason: null });
    expect(await onHand('TEA')).toBe(8);
    expect(await points('cus_paid')).toBe(90); // NPR 900 → 90 points
    expect(await count('payment_verifications', 'order_id = ?', [view.orderId])).toBe(1);
    expect(await walletBalance('cus_paid')).toBe(0);

    // The return is one update carrying the callback: no signal racing it, no workflow task retried
    // (a retried task would run the saga's local-activity steps again).
    const { events } = await h.env.client.workflow.getHandle(`checkout-${view.orderId}`).fetchHistory();
    const types = (events ?? []).map((event) => event.eventType);
    expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(types.filter((type) => type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(2);
  });

  it('given the callback never arrives, when lookup at expiry says Completed, then the order is confirmed', async () => {
    const order = h.order([{ sku: 'TEA', quantity: 1 }]);
    // Periodic syncs pushed past the payment window: only the sync at expiry can find the payment.
    const handle = await h.startSaga(order, { firstMs: 2 * checkoutTimeouts.defaultPaymentWindowMs, ceilingMs: 2 * checkoutTimeouts.defaultPaymentWindowMs });
    const state = await stateOf(handle);
    h.sandbox.control.complete(state.gatewayPaymentId!);
    const before = await h.env.currentTimeMs();

    const final = await handle.result();

    expect(final.status).toBe('confirmed');
    expect(final.callbacksReceived).toBe(0);
    expect(final.gatewaySyncs).toBe(1);
    expect((await h.env.currentTimeMs()) - before).toBeGreaterThanOrEqual(Date.parse(state.expiresAt!) - Date.parse(new Date(before).toISOString()) - 1000);
    expect((await orderRow(order.orderId)).status).toBe('confirmed');
  });

  it('given the shopper never pays, when the link expires, then the order is cancelled and its held stock is released', async () => {
    await setStock('MUG', 3);
    const order = h.order([{ sku: 'MUG', quantity: 1 }]);
    const handle = await h.startSaga(order, { firstMs: 2 * checkoutTimeouts.defaultPaymentWindowMs });
    const state = await stateOf(handle);
    expect(await reservedOf('MUG')).toBe(1); // held for the whole payment window
    h.sandbox.control.expire(state.gatewayPaymentId!);

    const final = await handle.result();

    expect(final.status).toBe('cancelled');
    expect(final.cancelReason).toBe('payment_expired');
    expect(await orderRow(order.orderId)).toEqual({ status: 'cancelled', cancel_reason: 'payment_expired' });
    expect(await onHand('MUG')).toBe(3);
    expect(await reservedOf('MUG')).toBe(0);
    expect(await count('payment_verifications', 'order_id = ?', [order.orderId])).toBe(0);
  });

  it('given units held by a checkout, when another channel tries to sell them meanwhile, then it cannot, and the paid checkout takes them', async () => {
    await setStock('MUG', 3);
    const order = h.order([{ sku: 'MUG', quantity: 2 }], 'cus_held');
    const handle = await h.startSaga(order);
    const state = await stateOf(handle);
    expect(await reservedOf('MUG')).toBe(2);

    await expect(setStock('MUG', 1)).rejects.toThrow(/products_reserved_within_on_hand/);
    await h.pay(state.gatewayPaymentId!);
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
    const final = await handle.result();

    expect(final.status).toBe('confirmed');
    expect(await onHand('MUG')).toBe(1);
    expect(await reservedOf('MUG')).toBe(0);
    expect(await walletBalance('cus_held')).toBe(0);
  });

  it('given fewer units than the checkout wants when it opens, then it is refused with inventory.out_of_stock, no order kept and no payment asked for', async () => {
    await setStock('MUG', 1);
    const order = h.order([{ sku: 'MUG', quantity: 2 }], 'cus_short');

    const final = await (await h.startSaga(order)).result();

    expect(final).toMatchObject({ status: 'cancelled', refusal: { code: 'inventory.out_of_stock' } });
    expect(final.gatewayPaymentId).toBeUndefined();
    expect(await count('orders', 'id = ?', [order.orderId])).toBe(0);
    expect(await count('payments', 'order_id = ?', [order.orderId])).toBe(0);
    expect(await reservedOf('MUG')).toBe(0);
    expect(await onHand('MUG')).toBe(1);
  });

  it('given one payment, when its callback is delivered five times, then there is one order, one verification, one award', async () => {
    await setStock('TEA', 10);
    const started = await h.storefront.startCheckout({ customerId: 'cus_replay', items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
    if (!started.ok) throw new Error(started.error.message);
    const pidx = new URL((started.value.paymentAction as { url: string }).url).searchParams.get('pidx')!;
    const query = Object.fromEntries(await h.pay(pidx));

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => h.storefront.paymentReturned('khalti', query)));
    const late = await h.storefront.paymentReturned('khalti', query);

    for (const outcome of [...outcomes, late]) expect(outcome.ok && outcome.value.checkoutStatus).toBe('confirmed');
    expect(await count('orders', 'customer_id = ?', ['cus_replay'])).toBe(1);
    expect(await count('payment_verifications', 'order_id = ?', [started.value.orderId])).toBe(1);
    expect(await count('loyalty_entries', 'customer_id = ?', ['cus_replay'])).toBe(1);
    expect(await count('stock_reservations', 'order_id = ?', [started.value.orderId])).toBe(1);
    expect(await onHand('TEA')).toBe(9);
  });

  it('given Khalti reports a different amount, then the saga needs attention and nothing is fulfilled', async () => {
    await setStock('TEA', 10);
    const order = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_mismatch');
    const handle = await h.startSaga(order);
    const state = await stateOf(handle);
    h.sandbox.control.complete(state.gatewayPaymentId!, { totalAmount: 45_000 - 100 });
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });

    const parked = await until(handle, (s) => s.status === 'needs_attention');

    expect(parked.attention?.code).toBe('payments.amount_mismatch');
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(searchAttributes.status)).toBe('needs_attention');
    expect((await orderRow(order.orderId)).status).toBe('pending_payment');
    expect(await onHand('TEA')).toBe(10);
    expect(await points('cus_mismatch')).toBe(0);
    expect(await count('payment_verifications', 'order_id = ?', [order.orderId])).toBe(0);

    await handle.signal(operatorDecisionSignal, { action: 'cancel', by: 'operator@shop', reason: 'amount differs; refunded at Khalti' });
    const final = await handle.result();
    expect(final.status).toBe('cancelled');
    expect(final.decisions).toMatchObject([{ action: 'cancel', by: 'operator@shop' }]);
  });

  it('given Khalti stays unreachable past the retry budget, then the saga parks, and an operator retry finishes it', async () => {
    await setStock('TEA', 10);
    const order = h.order([{ sku: 'TEA', quantity: 1 }]);
    h.sandbox.control.failNext(1_000);
    const handle = await h.env.client.workflow.start<typeof checkoutWorkflow>('checkoutWorkflow', {
      workflowId: `checkout-${order.orderId}`,
      taskQueue: h.taskQueue,
      args: [{ order }],
    });

    // The retry budget's back-off timers run on the server's clock: move it on.
    await h.env.sleep('10 minutes');
    const parked = await until(handle, (s) => s.status === 'needs_attention');
    expect(parked.attention?.code).toBe('payments.gateway_unreachable');
    expect(h.sandbox.control.requests().filter((r) => r.path.endsWith('/epayment/initiate/')).length).toBe(8);
    expect(parked.paymentAction).toBeUndefined();

    h.sandbox.control.failNext(0);
    await handle.signal(operatorDecisionSignal, { action: 'retry', by: 'operator@shop', reason: 'Khalti is back' });
    const resumed = await until(handle, (s) => s.status === 'awaiting_payment');
    await h.pay(resumed.gatewayPaymentId!);
    await handle.signal(paymentCallbackSignal, {
      gateway: 'khalti',
      gatewayPaymentId: resumed.gatewayPaymentId!,
      claimedStatus: 'Completed',
      receivedAt: new Date().toISOString(),
    });
    expect((await handle.result()).status).toBe('confirmed');
  });

  it('refuses to start a second saga for the same order, even after the first closed', async () => {
    const order = h.order([{ sku: 'TEA', quantity: 1 }]);
    const handle = await h.startSaga(order, { firstMs: 2 * checkoutTimeouts.defaultPaymentWindowMs });
    h.sandbox.control.expire((await stateOf(handle)).gatewayPaymentId!);
    await handle.result();

    await expect(h.sagas.start(order)).rejects.toThrow(/already started/);
  });
});
