/**
 * Money that arrives after a saga has closed: a Khalti checkout that expired, or a top-up that
 * failed, and then the shopper paid after all. Each ends credited to the wallet exactly once,
 * however many callbacks report it and whether or not the reconciliation finds it too.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../adapters/persistence/invariant-oracle.js';
import { MikroOrmLatePaymentStore } from '../../adapters/persistence/mikro-orm-late-payments.js';
import { ensureLatePaymentReconciliation, TemporalLatePaymentSagas } from '../../adapters/temporal/temporal-late-payments.js';
import { makeLatePaymentIntake } from '../../src/payments/application/late-payments.js';
import type { LatePayments } from '../../src/payments/ports/late-payments.js';
import { workflowIds } from '../../temporal.config.js';
import type { LatePaymentState } from '../../workflows/late-payment/messages.js';
import { reconciliationStateQuery } from '../../workflows/late-payment/messages.js';
import { countRows, walletBalanceOf } from '../harness/queries.js';
import { useHarness } from '../support/harness-fixture.js';

// A fresh server per test: the time-skipping clock only moves forward.
const { h, current } = useHarness({ per: 'test' });
let latePayments: LatePayments;

beforeEach(() => {
  // The intake the composition root binds (TOKENS.latePayments), on the test's database and server.
  latePayments = makeLatePaymentIntake({ store: new MikroOrmLatePaymentStore(h.orm), sagas: new TemporalLatePaymentSagas(h.env.client, h.taskQueue) });
});

afterEach(async () => {
  const running = current();
  if (running === undefined) return;
  // Whatever the test did, the money and stock rules hold afterwards.
  expect((await checkInvariants(running.orm)).violations).toEqual([]);
  await running.env.client.workflow
    .getHandle(workflowIds.reconcileLatePayments())
    .terminate('test over')
    .catch(() => undefined);
});

const count = (table: string, where: string, params: unknown[]): Promise<number> => countRows(h, table, where, params);
const walletBalance = (customerId: string): Promise<number> => walletBalanceOf(h, customerId);
const latePaymentRow = async (gatewayPaymentId: string) =>
  (
    await h.sql<Record<string, unknown>>(
      'select order_id, top_up_id, transaction_id, amount_minor::int as amount_minor, source, resolution from late_payments where gateway_payment_id = ?',
      [gatewayPaymentId],
    )
  )[0];
const lateHandle = (pidx: string): WorkflowHandle => h.env.client.workflow.getHandle(workflowIds.latePayment('khalti', pidx));
const returnOf = (pidx: string) => ({ gateway: 'khalti' as const, gatewayPaymentId: pidx, source: 'return' as const, receivedAt: new Date().toISOString() });

/** A Khalti checkout whose link expired unpaid: the saga cancels it. */
async function expiredCheckout(customerId: string): Promise<{ orderId: string; pidx: string; total: number }> {
  const started = await h.storefront.startCheckout({ customerId, items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
  if (!started.ok) throw new Error(started.error.message);
  const pidx = new URL((started.value.paymentAction as { url: string }).url).searchParams.get('pidx')!;
  h.sandbox.control.expire(pidx);
  const final = await h.env.client.workflow.getHandle(workflowIds.checkout(started.value.orderId)).result();
  expect(final).toMatchObject({ status: 'cancelled', cancelReason: 'payment_expired' });
  return { orderId: started.value.orderId, pidx, total: started.value.amount.amountMinor };
}

/** Polls until `predicate` holds; the worker runs in the background. */
async function eventually<T>(read: () => Promise<T>, predicate: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i += 1) {
    last = await read();
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never saw ${what}; last ${JSON.stringify(last)}`);
}

describe('late payments for closed Khalti checkouts', () => {
  it('given an expired checkout, when the shopper pays after all and the browser comes back to our return URL, then the return itself starts the late payment and the wallet is credited once', async () => {
    const { orderId, pidx, total } = await expiredCheckout('cus_late_browser');
    h.sandbox.control.setStatus(pidx, 'Completed');
    const transactionId = h.sandbox.control.get(pidx)!.transactionId!;
    const query = new URLSearchParams({
      pidx,
      status: 'Completed',
      transaction_id: transactionId,
      tidx: transactionId,
      amount: String(total),
      total_amount: String(total),
      purchase_order_id: orderId,
    });

    // Two tabs land at once, and one is reloaded.
    const landed = await Promise.all([0, 1].map(() => fetch(`${h.apiUrl}/payments/khalti/return?${query}`)));
    for (const response of landed) expect(response.status).toBeLessThan(500);
    const final = (await lateHandle(pidx).result()) as LatePaymentState;
    expect((await fetch(`${h.apiUrl}/payments/khalti/return?${query}`)).status).toBeLessThan(500);

    expect(final).toMatchObject({ status: 'resolved', resolution: 'credited_to_wallet', credited: { amountMinor: total, currency: 'NPR' } });
    expect(await walletBalance('cus_late_browser')).toBe(total);
    expect(await latePaymentRow(pidx)).toMatchObject({ order_id: orderId, source: 'return', resolution: 'credited_to_wallet' });
  });

  it('given an expired checkout, when the shopper pays after all and the returns arrive together and again, then the wallet is credited exactly once, recorded, and listed for operators', async () => {
    const { orderId, pidx, total } = await expiredCheckout('cus_late_return');
    // The shopper was still on Khalti's page and paid after the saga had given up.
    h.sandbox.control.setStatus(pidx, 'Completed');

    const reports = await Promise.all([latePayments.report(returnOf(pidx)), latePayments.report(returnOf(pidx)), latePayments.report(returnOf(pidx))]);
    const final = (await lateHandle(pidx).result()) as LatePaymentState;
    const again = await latePayments.report(returnOf(pidx));

    expect(reports).toEqual(['started', 'started', 'started']);
    expect(again).toBe('resolved');
    expect(final).toMatchObject({ status: 'resolved', resolution: 'credited_to_wallet', credited: { amountMinor: total, currency: 'NPR' }, owner: { kind: 'order', orderId } });
    expect(await walletBalance('cus_late_return')).toBe(total);
    expect(await count('wallet_entries', "kind = 'refund_credit' and order_id = ? and idempotency_key = ?", [orderId, `${workflowIds.latePayment('khalti', pidx)}/credit`])).toBe(
      1,
    );
    const transactionId = h.sandbox.control.get(pidx)!.transactionId!;
    expect(await count('payment_verifications', 'gateway = ? and transaction_id = ? and order_id = ?', ['khalti', transactionId, orderId])).toBe(1);
    expect(await latePaymentRow(pidx)).toEqual({
      order_id: orderId,
      top_up_id: null,
      transaction_id: transactionId,
      amount_minor: total,
      source: 'return',
      resolution: 'credited_to_wallet',
    });
    // The order stays cancelled: the money went to the wallet instead.
    expect((await h.sql<{ status: string }>('select status from orders where id = ?', [orderId]))[0]!.status).toBe('cancelled');
    const described = await lateHandle(pidx).describe();
    expect(described.type).toBe('latePaymentWorkflow');
    expect(String((await described.memo)?.['summary'] ?? '')).toContain(orderId);

    // The reconciliation comes round later: the payment is settled, so it is not even asked about.
    await ensureLatePaymentReconciliation(h.env.client, h.taskQueue, { everyMs: 5 * 60_000 });
    await h.env.sleep('20 minutes');
    expect(await walletBalance('cus_late_return')).toBe(total);
    expect(await count('late_payment_checks', 'gateway_payment_id = ?', [pidx])).toBe(0);

    const token = await h.tokens.issueOperatorToken('operator@shop');
    const listed = await fetch(`${h.apiUrl}/admin/late-payments?resolution=credited_to_wallet`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { items: Record<string, unknown>[] };
    expect(body.items).toEqual([
      expect.objectContaining({
        gateway: 'khalti',
        gatewayPaymentId: pidx,
        orderId,
        customerId: 'cus_late_return',
        transactionId,
        amountMinor: total,
        currency: 'NPR',
        source: 'return',
        resolution: 'credited_to_wallet',
      }),
    ]);
    const refused = await fetch(`${h.apiUrl}/admin/late-payments?resolution=maybe`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('given an expired checkout paid after all whose callback never comes, then the reconciliation finds it and the wallet is credited once, a late return changing nothing', async () => {
    const { orderId, pidx, total } = await expiredCheckout('cus_late_silent');
    h.sandbox.control.setStatus(pidx, 'Completed');
    await ensureLatePaymentReconciliation(h.env.client, h.taskQueue, { everyMs: 5 * 60_000 });

    // Not asked before its first check is due (15 minutes after closing), then asked and found.
    await h.env.sleep('10 minutes');
    expect(await count('late_payment_checks', 'gateway_payment_id = ?', [pidx])).toBe(0);
    await h.env.sleep('10 minutes');
    const row = await eventually(
      () => latePaymentRow(pidx),
      (r) => r?.['resolution'] === 'credited_to_wallet',
      'the late payment credited',
    );

    expect(row).toMatchObject({ order_id: orderId, source: 'reconciliation', amount_minor: total });
    expect(await count('late_payment_checks', 'gateway_payment_id = ? and checks_done = 1', [pidx])).toBe(1);
    const reconciliation = await h.env.client.workflow.getHandle(workflowIds.reconcileLatePayments()).query(reconciliationStateQuery);
    expect(reconciliation.started).toBe(1);

    expect(await latePayments.report(returnOf(pidx))).toBe('resolved');
    await h.env.sleep('2 hours');
    expect(await walletBalance('cus_late_silent')).toBe(total);
    expect(await count('wallet_entries', 'customer_id = ?', ['cus_late_silent'])).toBe(1);
  });

  it('given an expired checkout the shopper never paid, when its callback comes late anyway, then nothing was taken, recorded so, and nothing moves', async () => {
    const { pidx } = await expiredCheckout('cus_late_nothing');

    expect(await latePayments.report(returnOf(pidx))).toBe('started');
    const final = (await lateHandle(pidx).result()) as LatePaymentState;

    expect(final).toMatchObject({ resolution: 'not_taken', gatewayStatus: 'Expired' });
    expect(await latePaymentRow(pidx)).toMatchObject({ resolution: 'not_taken', transaction_id: null, amount_minor: null });
    expect(await walletBalance('cus_late_nothing')).toBe(0);
  });

  it('given a checkout still waiting for its payment, then a callback is not a late payment', async () => {
    const started = await h.storefront.startCheckout({ customerId: 'cus_not_late', items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
    if (!started.ok) throw new Error(started.error.message);
    const pidx = new URL((started.value.paymentAction as { url: string }).url).searchParams.get('pidx')!;

    expect(await latePayments.report(returnOf(pidx))).toBe('not_late');
    expect(await latePayments.report(returnOf('pidx-nobody-knows'))).toBe('unmatched');
    expect(await count('late_payments', 'gateway_payment_id = ?', [pidx])).toBe(0);
  });
});

describe('late payments for failed top-ups', () => {
  it('given a top-up that failed, when the shopper paid after all and comes back twice, then the top-up is credited once', async () => {
    const customerId = 'cus_late_topup';
    const token = await h.tokens.issueShopperToken(customerId);
    const response = await fetch(`${h.apiUrl}/wallet/top-ups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ amountMinor: 20_000, gateway: 'khalti' }),
    });
    const { topUpId, paymentAction } = (await response.json()) as { topUpId: string; paymentAction: { url: string } };
    const pidx = new URL(paymentAction.url).searchParams.get('pidx')!;
    h.sandbox.control.expire(pidx);
    expect(await h.env.client.workflow.getHandle(workflowIds.topUp(topUpId)).result()).toMatchObject({ status: 'failed', failureReason: 'payment_expired' });
    h.sandbox.control.setStatus(pidx, 'Completed');

    // The shopper's browser lands on the top-up return URL, as Khalti sends it; twice (a reload).
    const query = new URLSearchParams({ pidx, status: 'Completed', purchase_order_id: topUpId });
    const returns = await Promise.all([1, 2].map(() => fetch(`${h.apiUrl}/wallet/top-ups/payments/khalti/return?${query.toString()}`)));
    for (const answer of returns) expect(answer.status).toBe(200);
    const final = (await lateHandle(pidx).result()) as LatePaymentState;

    expect(final).toMatchObject({ resolution: 'top_up_credited', credited: { amountMinor: 20_000, currency: 'NPR' }, owner: { kind: 'top_up', topUpId } });
    expect(await walletBalance(customerId)).toBe(20_000);
    expect(await count('wallet_entries', "kind = 'top_up' and top_up_id = ?", [topUpId])).toBe(1);
    expect(await count('payment_verifications', 'top_up_id = ?', [topUpId])).toBe(1);
    expect(await latePaymentRow(pidx)).toMatchObject({ top_up_id: topUpId, order_id: null, source: 'return', resolution: 'top_up_credited' });
    expect((await h.sql<{ status: string }>('select status from wallet_top_ups where id = ?', [topUpId]))[0]!.status).toBe('credited');
    // Later returns find it settled.
    await fetch(`${h.apiUrl}/wallet/top-ups/payments/khalti/return?${query.toString()}`);
    expect(await walletBalance(customerId)).toBe(20_000);
  });
});
