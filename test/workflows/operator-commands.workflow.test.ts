import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../adapters/persistence/invariant-oracle.js';
import { MikroOrmCheckoutStore } from '../../adapters/persistence/mikro-orm-checkout-store.js';
import { stateOf } from '../harness/checkout-harness.js';
import { manualPaymentDecisionSignal, paymentCallbackSignal } from '../../workflows/checkout/messages.js';
import type { CheckoutOrder } from '../../src/checkout/application/checkout-steps.js';
import type { CheckoutState } from '../../src/checkout/domain/saga.js';
import type { WorkflowHandle } from '@temporalio/client';
import { countRows, orderRowOf } from '../harness/queries.js';
import { apiClient } from '../support/api-client.js';
import { useHarness } from '../support/harness-fixture.js';

// A fresh time-skipping server per test: one test's skipped days must not run into the next's sagas.
const { h, tokens, current } = useHarness({ per: 'test', operators: { ops: 'ops_anna' } });
const api = apiClient(h);
let store: MikroOrmCheckoutStore;

beforeEach(() => {
  store = new MikroOrmCheckoutStore(h.orm);
});

afterEach(async () => {
  // Whatever the test did, the money and stock rules hold afterwards.
  const running = current();
  if (running !== undefined) expect((await checkInvariants(running.orm)).violations).toEqual([]);
});

const npr = (amountMinor: number) => ({ amountMinor, currency: 'NPR' });
const call = (method: string, path: string, body?: unknown) => api.call(method, path, tokens.ops, body);
const wallet = async (customerId: string) => (await store.read((r) => r.wallet.balance(customerId, 'NPR'))).amountMinor;
const count = (table: string, where: string, params: unknown[]): Promise<number> => countRows(h, table, where, params);
const stock = async (sku: string) => (await h.sql<{ on_hand: number; reserved: number }>('select on_hand, reserved from products where sku = ?', [sku]))[0]!;
const orderRow = (orderId: string) => orderRowOf(h, orderId);
const paymentStatus = async (orderId: string) => (await h.sql<{ status: string }>("select status from payments where order_id = ? and gateway <> 'wallet'", [orderId]))[0]!.status;

async function until(handle: WorkflowHandle, done: (state: CheckoutState) => boolean): Promise<CheckoutState> {
  for (let i = 0; i < 400; i += 1) {
    const state = await stateOf(handle);
    if (done(state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`saga never reached the state; last: ${JSON.stringify(await stateOf(handle))}`);
}

async function topUp(customerId: string, amountMinor: number) {
  const appended = await store.transaction((r) =>
    r.wallet.append({ customerId, kind: 'top_up', amount: npr(amountMinor), reason: 'test top-up', idempotencyKey: `top-up-${customerId}-${amountMinor}` }),
  );
  if (!appended.ok) throw new Error(appended.error.message);
}

/** A Khalti checkout the shopper paid 1 rupee short of: the saga parks with the money taken. */
async function parkedOnMismatch(customerId: string) {
  const order = h.order([{ sku: 'TEA', quantity: 1 }], customerId);
  const handle = await h.startSaga(order);
  const pidx = (await stateOf(handle)).gatewayPaymentId!;
  h.sandbox.control.complete(pidx, { totalAmount: 45_000 - 100 });
  await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: pidx, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
  const parked = await until(handle, (s) => s.status === 'needs_attention');
  expect(parked.attention?.code).toBe('payments.amount_mismatch');
  return { order, handle, pidx };
}

describe("operator's refund to wallet, through the HTTP route", () => {
  it('after an amount mismatch, credits what Khalti took to the wallet, refunds the payment and cancels the order', async () => {
    const { order, handle, pidx } = await parkedOnMismatch('cus_ops_mismatch');
    // The failed verification is in PostgreSQL while the saga waits.
    const failures = await call('GET', `/admin/verification-failures?orderId=${order.orderId}`);
    expect(failures.status).toBe(200);
    expect(((await failures.json()) as { items: unknown[] }).items).toMatchObject([
      { gateway: 'khalti', gatewayPaymentId: pidx, orderId: order.orderId, code: 'payments.amount_mismatch', reportedAmountMinor: 44_900, reportedCurrency: 'NPR' },
    ]);

    const response = await call('POST', `/admin/checkouts/${order.orderId}/refund-to-wallet`, { reason: 'shopper paid a rupee short' });

    expect(response.status).toBe(200);
    const answered = (await response.json()) as CheckoutState;
    expect(answered).toMatchObject({ status: 'cancelled', cancelReason: 'refunded_to_wallet', refundedToWallet: npr(44_900) });
    expect(answered.decisions).toMatchObject([{ action: 'refund_to_wallet', by: 'ops_anna', reason: 'shopper paid a rupee short' }]);
    expect((await handle.result()).status).toBe('cancelled');
    expect(await wallet('cus_ops_mismatch')).toBe(44_900);
    expect(await paymentStatus(order.orderId)).toBe('refunded');
    expect(await orderRow(order.orderId)).toEqual({ status: 'cancelled', cancel_reason: 'refunded_to_wallet' });
    // Bound in the ledger: the transaction can never pay or be credited again.
    expect(await count('payment_verifications', 'order_id = ?', [order.orderId])).toBe(1);
    expect(await stock('TEA')).toEqual({ on_hand: 10, reserved: 0 });

    const again = await call('POST', `/admin/checkouts/${order.orderId}/refund-to-wallet`, { reason: 'once more' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toContain('has ended cancelled (refunded_to_wallet)');
    expect(await wallet('cus_ops_mismatch')).toBe(44_900);
  });

  it('when the gateway took nothing, answers with the saga still parked and saying why; cancel then ends it', async () => {
    const order = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_ops_nothing');
    h.sandbox.control.failNext(1_000);
    const handle = await h.env.client.workflow.start('checkoutWorkflow', { workflowId: `checkout-${order.orderId}`, taskQueue: h.taskQueue, args: [{ order }] });
    await h.env.sleep('10 minutes');
    await until(handle, (s) => s.status === 'needs_attention');
    h.sandbox.control.failNext(0);

    const response = await call('POST', `/admin/checkouts/${order.orderId}/refund-to-wallet`, { reason: 'shopper says they paid' });

    expect(response.status).toBe(200);
    const answered = (await response.json()) as CheckoutState;
    expect(answered.status).toBe('needs_attention');
    expect(answered.attention?.code).toBe('payments.not_completed');
    expect(answered.refundedToWallet).toBeUndefined();
    expect(await wallet('cus_ops_nothing')).toBe(0);

    const cancelled = await call('POST', `/admin/checkouts/${order.orderId}/cancel`, { reason: 'nothing was paid' });
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()) as CheckoutState).toMatchObject({ status: 'cancelled', cancelReason: 'operator_cancelled' });
    expect(await orderRow(order.orderId)).toEqual({ status: 'cancelled', cancel_reason: 'operator_cancelled' });
  });

  it('refuses refund-to-wallet on a checkout that does not need attention, with 409', async () => {
    const order = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_ops_waiting');
    await h.startSaga(order);
    const response = await call('POST', `/admin/checkouts/${order.orderId}/refund-to-wallet`, { reason: 'too early' });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe('checkout.command_refused');
  });
});

describe('manual methods hold their stock', () => {
  it('a bank transfer holds its units for the window; a card checkout cannot take them; approval confirms', async () => {
    const transfer: CheckoutOrder = { ...h.order([{ sku: 'MUG', quantity: 3 }], 'cus_bank_hold'), gateway: 'bank_transfer' };
    const handle = await h.startSaga(transfer);
    expect(await stock('MUG')).toEqual({ on_hand: 3, reserved: 3 });
    expect((await stateOf(handle)).status).toBe('awaiting_payment');

    // Meanwhile a Khalti shopper wants the last mug: refused as the checkout opens, before paying.
    const card = h.order([{ sku: 'MUG', quantity: 1 }], 'cus_card_late');
    const cardSaga = await h.startSaga(card);
    // Polled, not awaited: waiting on a result lets the test server skip time, past the transfer's window.
    expect(await until(cardSaga, (s) => s.status === 'cancelled')).toMatchObject({ refusal: { code: 'inventory.out_of_stock' } });
    expect(h.sandbox.control.payments()).toHaveLength(0);
    expect(await orderRow(card.orderId)).toBeUndefined();
    expect(await wallet('cus_card_late')).toBe(0);

    await h.env.sleep('5 days');
    const approved = await call('POST', `/admin/checkouts/${transfer.orderId}/approve`, { reason: 'transfer on the statement' });
    expect(approved.status).toBe(200);
    // The operator is shown the outcome of the approval, not the state before it.
    expect(((await approved.json()) as CheckoutState).status).toBe('confirmed');
    expect((await handle.result()).status).toBe('confirmed');
    expect(await stock('MUG')).toEqual({ on_hand: 0, reserved: 0 });
    expect(await count('payment_verifications', 'order_id = ?', [transfer.orderId])).toBe(1);
  });

  it('a cash-on-delivery checkout for stock already gone is refused at once, before anyone delivers, keeping no order', async () => {
    await h.sql("update products set on_hand = 0 where sku = 'MUG'");
    const order: CheckoutOrder = { ...h.order([{ sku: 'MUG', quantity: 1 }], 'cus_cod_gone'), gateway: 'cash_on_delivery' };
    const handle = await h.startSaga(order);
    expect(await handle.result()).toMatchObject({ status: 'cancelled', refusal: { code: 'inventory.out_of_stock' } });
    expect(await orderRow(order.orderId)).toBeUndefined();
  });

  it('an unapproved transfer releases its units when the window closes; a rejected one at once', async () => {
    const late: CheckoutOrder = { ...h.order([{ sku: 'MUG', quantity: 2 }], 'cus_bank_lapse'), gateway: 'bank_transfer' };
    const lateSaga = await h.startSaga(late);
    const rejected: CheckoutOrder = { ...h.order([{ sku: 'MUG', quantity: 1 }], 'cus_cod_no'), gateway: 'cash_on_delivery' };
    const rejectedSaga = await h.startSaga(rejected);
    expect(await stock('MUG')).toEqual({ on_hand: 3, reserved: 3 });

    await rejectedSaga.signal(manualPaymentDecisionSignal, { decision: 'reject', by: 'ops@shop', reason: 'refused at the door' });
    expect((await rejectedSaga.result()).status).toBe('cancelled');
    expect(await stock('MUG')).toEqual({ on_hand: 3, reserved: 2 });

    expect(await lateSaga.result()).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
    expect(await stock('MUG')).toEqual({ on_hand: 3, reserved: 0 });
  });
});

describe('a balance spent by another checkout since the quote', () => {
  it('refuses the checkout with wallet.balance_changed and keeps no order, payment or entry', async () => {
    await topUp('cus_race_wallet', 10_000);
    const order: CheckoutOrder = { ...h.order([{ sku: 'TEA', quantity: 1 }], 'cus_race_wallet'), walletAmount: npr(20_000) };

    const state = await h.sagas.start(order);

    expect(state).toMatchObject({ status: 'cancelled', refusal: { code: 'wallet.balance_changed' } });
    expect(await orderRow(order.orderId)).toBeUndefined();
    expect(await count('payments', 'order_id = ?', [order.orderId])).toBe(0);
    expect(await count('wallet_entries', 'customer_id = ?', ['cus_race_wallet'])).toBe(1);
    expect(await wallet('cus_race_wallet')).toBe(10_000);
    expect(h.sandbox.control.payments()).toHaveLength(0);
  });

  it('refuses with loyalty.points_changed when the points are gone, giving nothing back twice', async () => {
    await topUp('cus_race_points', 50_000);
    const base = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_race_points');
    const order: CheckoutOrder = {
      ...base,
      gateway: 'wallet',
      total: npr(45_000 - 5_000),
      charges: { discount: npr(5_000), tax: npr(0), delivery: npr(0), deliveryOption: 'pickup', pointsRedeemed: 100 },
    };

    const state = await h.sagas.start(order);

    expect(state).toMatchObject({ status: 'cancelled', refusal: { code: 'loyalty.points_changed' } });
    expect(await orderRow(order.orderId)).toBeUndefined();
    expect(await count('loyalty_entries', 'customer_id = ?', ['cus_race_points'])).toBe(0);
    expect(await wallet('cus_race_points')).toBe(50_000);
  });

  it('two shoppers racing for one wallet balance over HTTP: one order, the other a 409 or 422 and no order', async () => {
    const quoted = await h.storefront.quote({ customerId: 'cus_race_http', items: [{ sku: 'TEA', quantity: 1 }] });
    if (!quoted.ok) throw new Error(quoted.error.message);
    await topUp('cus_race_http', quoted.value.total.amountMinor);
    const shopper = await h.tokens.issueShopperToken('cus_race_http');
    const post = () => api.post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'wallet' }, shopper);
    const answers = await Promise.all([post(), post()]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(201);
    expect([409, 422]).toContain(statuses[1]);
    const loser = answers.find((a) => a.status !== 201)!;
    expect(['wallet.balance_changed', 'wallet.insufficient_funds']).toContain(((await loser.json()) as { code: string }).code);
    expect(await count('orders', 'customer_id = ?', ['cus_race_http'])).toBe(1);
    expect(await wallet('cus_race_http')).toBe(0);
  });

  it('two shoppers racing for the last units over HTTP: one checkout holds them, the other is a 409 with no order and no payment', async () => {
    const post = async (customerId: string) => api.post('/checkouts', { items: [{ sku: 'MUG', quantity: 3 }], gateway: 'khalti' }, await h.tokens.issueShopperToken(customerId));
    const answers = await Promise.all([post('cus_race_mug_a'), post('cus_race_mug_b')]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(['inventory.out_of_stock', 'inventory.insufficient_stock']).toContain(((await loser.json()) as { code: string }).code);
    expect(await count('orders', 'customer_id in (?, ?)', ['cus_race_mug_a', 'cus_race_mug_b'])).toBe(1);
    expect(h.sandbox.control.payments()).toHaveLength(1);
    expect(await stock('MUG')).toEqual({ on_hand: 3, reserved: 3 });
  });
});

describe('database steps with a retry budget', () => {
  it('park the saga when a step keeps failing, and an operator retry finishes it', async () => {
    const order = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_db_down');
    const handle = await h.startSaga(order);
    const pidx = (await stateOf(handle)).gatewayPaymentId!;
    // The stock table "goes away" (a failed migration, a lost grant): committing the held units fails every time.
    await h.sql('alter table stock_reservations rename to stock_reservations_away');
    await h.pay(pidx);
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: pidx, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });
    await h.env.sleep('10 minutes');

    const parked = await until(handle, (s) => s.status === 'needs_attention');
    expect(parked.attention?.code).toBe('steps.retries_exhausted');
    expect(parked.attention?.message).toContain('confirmOrder');

    await h.sql('alter table stock_reservations_away rename to stock_reservations');
    const retried = await call('POST', `/admin/checkouts/${order.orderId}/retry`, { reason: 'table restored' });
    expect(retried.status).toBe(200);
    expect((await handle.result()).status).toBe('confirmed');
    expect(await stock('TEA')).toEqual({ on_hand: 9, reserved: 0 });
  });
});
