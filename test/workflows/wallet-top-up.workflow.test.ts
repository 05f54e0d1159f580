import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { stateOf } from '../harness/checkout-harness.js';
import { paymentCallbackSignal } from '../../workflows/checkout/messages.js';
import { topUpOperatorDecisionSignal, topUpPaymentCallbackSignal, topUpStateQuery, type TopUpState } from '../../workflows/wallet-top-up/messages.js';
import { checkoutTimeouts, workflowIds } from '../../temporal.config.js';
import { countRows, walletBalanceOf } from '../harness/queries.js';
import { apiClient } from '../support/api-client.js';
import { useHarness } from '../support/harness-fixture.js';

// A fresh server per test: the time-skipping clock only moves forward.
const { h } = useHarness({ per: 'test' });
const { get, post } = apiClient(h);

const count = (table: string, where: string, params: unknown[]): Promise<number> => countRows(h, table, where, params);
const walletBalance = (customerId: string): Promise<number> => walletBalanceOf(h, customerId);
const topUpRow = async (topUpId: string) =>
  (await h.sql<{ status: string; failure_reason: string | null }>('select status, failure_reason from wallet_top_ups where id = ?', [topUpId]))[0]!;

interface StartedTopUp {
  readonly topUpId: string;
  readonly pidx: string;
  readonly handle: WorkflowHandle;
}

/** A shopper asks for a top-up through the HTTP API, as the storefront would. */
async function requestTopUp(customerId: string, amountMinor: number): Promise<StartedTopUp> {
  const token = await h.tokens.issueShopperToken(customerId);
  const response = await post('/wallet/top-ups', { amountMinor, gateway: 'khalti' }, token);
  const body = (await response.json()) as { topUpId: string; paymentAction?: { type: string; url: string } };
  expect(response.status).toBe(201);
  expect(body.paymentAction?.type).toBe('redirect');
  const pidx = new URL(body.paymentAction!.url).searchParams.get('pidx')!;
  return { topUpId: body.topUpId, pidx, handle: h.env.client.workflow.getHandle(workflowIds.topUp(body.topUpId)) };
}

/** The shopper's browser lands on the top-up return URL with what Khalti put on it. */
async function deliverReturn(query: URLSearchParams): Promise<{ status: number; body: { status: string; credited?: unknown } }> {
  const response = await get(`/wallet/top-ups/payments/khalti/return?${query.toString()}`);
  return { status: response.status, body: (await response.json()) as { status: string; credited?: unknown } };
}

async function until(handle: WorkflowHandle, predicate: (state: TopUpState) => boolean): Promise<TopUpState> {
  for (let i = 0; i < 200; i += 1) {
    const state = await handle.query(topUpStateQuery);
    if (predicate(state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('top-up saga never reached the expected state');
}

describe('wallet top-up saga with Khalti', () => {
  it('given a shopper who pays, when the return is delivered three times, then the wallet is credited exactly once', async () => {
    const { topUpId, pidx, handle } = await requestTopUp('cus_topup_paid', 50_000);
    const returnQuery = await h.pay(pidx);
    // Khalti sent the browser to the top-up's own return URL.
    expect(returnQuery.get('purchase_order_id')).toBe(topUpId);

    const outcomes = [await deliverReturn(returnQuery), await deliverReturn(returnQuery), await deliverReturn(returnQuery)];

    for (const outcome of outcomes) {
      expect(outcome.status).toBe(200);
      expect(outcome.body.status).toBe('credited');
    }
    const final = (await handle.result()) as TopUpState;
    expect(final.status).toBe('credited');
    expect(final.credited).toEqual({ amountMinor: 50_000, currency: 'NPR' });
    expect(await walletBalance('cus_topup_paid')).toBe(50_000);
    expect(await count('wallet_entries', "customer_id = ? and kind = 'top_up' and top_up_id = ?", ['cus_topup_paid', topUpId])).toBe(1);
    expect(await count('wallet_entries', 'idempotency_key = ?', [`${workflowIds.topUp(topUpId)}/credit`])).toBe(1);
    expect(await count('payment_verifications', 'top_up_id = ? and order_id is null', [topUpId])).toBe(1);
    expect(await topUpRow(topUpId)).toEqual({ status: 'credited', failure_reason: null });
  });

  it('given the shopper never pays, when the link expires, then the top-up fails and nothing is credited', async () => {
    const { topUpId, pidx, handle } = await requestTopUp('cus_topup_expired', 20_000);
    h.sandbox.control.expire(pidx);

    const final = (await handle.result()) as TopUpState;

    expect(final.status).toBe('failed');
    expect(final.failureReason).toBe('payment_expired');
    expect(final.credited).toBeUndefined();
    expect(await topUpRow(topUpId)).toEqual({ status: 'failed', failure_reason: 'payment_expired' });
    expect(await walletBalance('cus_topup_expired')).toBe(0);
    expect(await count('payment_verifications', 'top_up_id = ?', [topUpId])).toBe(0);
  });

  it('given Khalti reports a different amount, then the top-up needs attention and nothing is credited', async () => {
    const { topUpId, pidx, handle } = await requestTopUp('cus_topup_mismatch', 30_000);
    h.sandbox.control.complete(pidx, { totalAmount: 30_000 - 100 });
    await handle.signal(topUpPaymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: pidx, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });

    const parked = await until(handle, (s) => s.status === 'needs_attention');

    expect(parked.attention?.code).toBe('payments.amount_mismatch');
    expect(await walletBalance('cus_topup_mismatch')).toBe(0);
    expect(await count('payment_verifications', 'top_up_id = ?', [topUpId])).toBe(0);
    // Recorded in PostgreSQL, not only in the parked saga.
    expect(await h.sql('select code, reported_amount_minor::int as reported from verification_failures where top_up_id = ?', [topUpId])).toEqual([
      { code: 'payments.amount_mismatch', reported: 30_000 - 100 },
    ]);

    await handle.signal(topUpOperatorDecisionSignal, { action: 'cancel', by: 'operator@shop', reason: 'amount differs' });
    const final = (await handle.result()) as TopUpState;
    expect(final.status).toBe('failed');
    expect(final.failureReason).toBe('operator_cancelled');
    expect(await walletBalance('cus_topup_mismatch')).toBe(0);
  });

  it('given a Khalti transaction that paid an order, when a top-up claims it, then the top-up is refused and nothing is credited', async () => {
    const started = await h.storefront.startCheckout({ customerId: 'cus_reuse_a', items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
    if (!started.ok) throw new Error(started.error.message);
    const orderPidx = new URL((started.value.paymentAction as { url: string }).url).searchParams.get('pidx')!;
    const paid = await h.storefront.paymentReturned('khalti', Object.fromEntries(await h.pay(orderPidx)));
    expect(paid.ok && paid.value.checkoutStatus).toBe('confirmed');
    const orderTransaction = h.sandbox.control.get(orderPidx)!.transactionId!;
    const orderTotal = started.value.amount.amountMinor;

    // The top-up's payment is pointed at the order's: the gateway will vouch for the order's transaction.
    const { topUpId, pidx, handle } = await requestTopUp('cus_reuse_a', orderTotal);
    await h.sql('update wallet_top_ups set gateway_payment_id = ? where id = ?', [orderPidx, topUpId]);
    await handle.signal(topUpPaymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: pidx, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });

    const parked = await until(handle, (s) => s.status === 'needs_attention');

    expect(parked.attention?.code).toBe('payments.transaction_reused');
    expect(await walletBalance('cus_reuse_a')).toBe(0);
    expect(await count('payment_verifications', 'gateway = ? and transaction_id = ?', ['khalti', orderTransaction])).toBe(1);
    expect(await count('payment_verifications', 'top_up_id = ?', [topUpId])).toBe(0);
  });

  it('given a Khalti transaction that topped up a wallet, when an order claims it, then the order is not paid by it', async () => {
    const { topUpId, pidx: topUpPidx, handle: topUpHandle } = await requestTopUp('cus_reuse_b', 45_000);
    expect((await deliverReturn(await h.pay(topUpPidx))).body.status).toBe('credited');
    // Polled, not awaited as a result: awaiting a result lets the test server skip time, past the order's payment window.
    await until(topUpHandle, (s) => s.status === 'credited');

    const order = h.order([{ sku: 'TEA', quantity: 1 }], 'cus_reuse_b');
    const handle = await h.startSaga(order, { firstMs: 2 * checkoutTimeouts.defaultPaymentWindowMs });
    const state = await stateOf(handle);
    await h.sql('update payments set gateway_payment_id = ? where order_id = ?', [topUpPidx, order.orderId]);
    await handle.signal(paymentCallbackSignal, { gateway: 'khalti', gatewayPaymentId: state.gatewayPaymentId!, claimedStatus: 'Completed', receivedAt: new Date().toISOString() });

    for (let i = 0; i < 200 && (await stateOf(handle)).status !== 'needs_attention'; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const parked = await stateOf(handle);

    expect(parked.status).toBe('needs_attention');
    expect(parked.attention?.code).toBe('payments.transaction_reused');
    expect((await h.sql<{ status: string }>('select status from orders where id = ?', [order.orderId]))[0]!.status).toBe('pending_payment');
    expect(await count('payment_verifications', 'order_id = ?', [order.orderId])).toBe(0);
    expect(await count('payment_verifications', 'top_up_id = ?', [topUpId])).toBe(1);
    expect(await walletBalance('cus_reuse_b')).toBe(45_000);
  });
});
