import { describe, expect, it } from 'vitest';
import { payKhaltiCheckout } from '../../harness/queries.js';
import type { CheckoutOrder } from '../../../src/checkout/application/checkout-steps.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

// A fresh time-skipping server per test: one test's skipped hours must not run into the next's sagas.
const { h, tokens } = useHarness({ per: 'test', operators: { ops: 'ops_anna' } });
const api = apiClient(h);
const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api.call(method, path, tokens.ops, body, headers);
const json = async <T = Record<string, unknown>>(response: Response): Promise<T> => (await response.json()) as T;

interface RefundBody {
  id: string;
  status: string;
  destination: string;
  amount: { amountMinor: number };
  paymentId: string;
  refunds: { id: string; destination: string; amount: { amountMinor: number } }[];
}

const npr = (amountMinor: number) => ({ amountMinor, currency: 'NPR' });
const sum = async (query: string, params: unknown[]) => Number((await h.sql<{ total: string | null }>(query, params))[0]!.total ?? 0);
const walletOf = (customerId: string) => sum('select sum(amount_minor)::text as total from wallet_entries where customer_id = ?', [customerId]);
const pointsOf = (customerId: string) => sum('select sum(points)::text as total from loyalty_entries where customer_id = ?', [customerId]);
const orderStatus = async (orderId: string) => (await h.sql<{ status: string }>('select status from orders where id = ?', [orderId]))[0]?.status;

const paidKhalti = (order: CheckoutOrder) => payKhaltiCheckout(h, order);

/** A refund of the order, asked over HTTP; waits for each of its sagas to end. */
async function refundOverHttp(orderId: string, body: Record<string, unknown>) {
  const response = await call('POST', `/admin/orders/${orderId}/refunds`, body);
  expect(response.status).toBe(202);
  const refund = await json<RefundBody>(response);
  expect(response.headers.get('location')).toBe(`/admin/refunds/${refund.id}`);
  return refund;
}

describe('refunds over the operator API', () => {
  it('a split-tender order refunds its gateway part to Khalti and its wallet part to the wallet, and reaches refunded', async () => {
    const customerId = 'cus_split_refund';
    const funded = await call('POST', `/admin/wallets/${customerId}/adjustments`, { amountMinor: 20_000, reason: 'store credit' }, { 'idempotency-key': 'fund-split-0001' });
    expect(funded.status).toBe(201);
    const order = { ...h.order([{ sku: 'TEA', quantity: 2 }], customerId), walletAmount: npr(20_000) }; // NPR 900: 200 wallet + 700 Khalti
    const pidx = await paidKhalti(order);
    expect(await walletOf(customerId)).toBe(0);

    const refund = await refundOverHttp(order.orderId, { destination: 'gateway', reason: 'order returned whole' });
    expect(refund.refunds.map((r) => [r.destination, r.amount.amountMinor])).toEqual([
      ['gateway', 70_000],
      ['wallet', 20_000],
    ]);
    for (const r of refund.refunds) expect(await h.refundSagas.outcome(r.id)).toBe('completed');

    expect(await orderStatus(order.orderId)).toBe('refunded');
    expect(h.sandbox.control.get(pidx)?.status).toBe('Refunded');
    expect(await walletOf(customerId)).toBe(20_000);
    const credit = await h.sql<{ kind: string; amount_minor: string; refund_id: string }>(
      "select kind, amount_minor::text, refund_id from wallet_entries where customer_id = ? and kind = 'refund_credit'",
      [customerId],
    );
    expect(credit).toEqual([{ kind: 'refund_credit', amount_minor: '20000', refund_id: refund.refunds[1]!.id }]);
    expect(await pointsOf(customerId)).toBe(0); // every point of the order taken back
    const payments = await h.sql<{ gateway: string; status: string }>('select gateway, status from payments where order_id = ? order by gateway', [order.orderId]);
    expect(payments).toEqual([
      { gateway: 'khalti', status: 'refunded' },
      { gateway: 'wallet', status: 'refunded' },
    ]);
  });

  it('a bank-transfer order refunds to the wallet (no API can send a transfer back), never a 500', async () => {
    const customerId = 'cus_bank_refund';
    const order = { ...h.order([{ sku: 'TEA', quantity: 1 }], customerId), gateway: 'bank_transfer' as const };
    const handle = await h.startSaga(order);
    expect((await call('POST', `/admin/checkouts/${order.orderId}/approve`, { reason: 'transfer on the statement' })).status).toBe(200);
    expect((await handle.result()).status).toBe('confirmed');

    const refund = await refundOverHttp(order.orderId, { destination: 'gateway', reason: 'cancelled by the shopper' });
    expect(refund).toMatchObject({ destination: 'wallet', amount: { amountMinor: 45_000 } });
    expect(await h.refundSagas.outcome(refund.id)).toBe('completed');
    expect(await orderStatus(order.orderId)).toBe('refunded');
    expect(await walletOf(customerId)).toBe(45_000);
  });

  it('parked refunds are listed; retry, credit-wallet and mark-failed each do what they say and are recorded with who, why and when', async () => {
    const customerId = 'cus_parked_refunds';
    const order = h.order([{ sku: 'TEA', quantity: 2 }], customerId); // NPR 900
    const pidx = await paidKhalti(order);

    // Khalti answers nothing for a while: each refund's call runs out of its retry budget and parks.
    const parkedOne = async (amountMinor: number) => {
      h.sandbox.control.failNext(8);
      const refund = await refundOverHttp(order.orderId, { amountMinor, destination: 'gateway', reason: 'a tin damaged' });
      for (let i = 0; i < 100; i += 1) {
        const saga = (await json<{ saga?: { status: string } }>(await call('GET', `/admin/refunds/${refund.id}`))).saga;
        if (saga?.status === 'needs_attention') return refund;
        await h.env.sleep('1 minute');
      }
      throw new Error(`refund ${refund.id} never parked`);
    };
    const a = await parkedOne(30_000);
    const b = await parkedOne(20_000);
    const c = await parkedOne(10_000);

    const listed = await json<{ items: { id: string; attention: { reason: string; since: string } }[] }>(await call('GET', '/admin/refunds'));
    expect(listed.items.map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    expect(listed.items[0]!.attention.reason).toMatch(/retry budget/);

    // Retry: Khalti is read first (no refund made), then asked once.
    const retried = await call('POST', `/admin/refunds/${a.id}/retry`, { reason: 'Khalti is back' });
    expect(retried.status).toBe(200);
    // Polled, not awaited: awaiting a result lets the test server skip time while b and c wait
    // for their operator, as far as their workflows' execution timeout.
    for (let i = 0; i < 200 && (await h.refundSagas.state(a.id))?.status !== 'completed'; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await h.refundSagas.state(a.id))?.status).toBe('completed');
    expect(h.sandbox.control.get(pidx)?.status).toBe('Partially Refunded');

    // Credit the wallet instead.
    const credited = await call('POST', `/admin/refunds/${b.id}/credit-wallet`, { reason: 'shopper prefers store credit' });
    expect(credited.status).toBe(200);
    expect(await json(credited)).toMatchObject({ id: b.id, status: 'failed', saga: { status: 'credited_to_wallet' } });
    expect(await walletOf(customerId)).toBe(20_000);

    // Mark failed: nothing moves.
    const failed = await call('POST', `/admin/refunds/${c.id}/mark-failed`, { reason: 'refunded in cash at the counter' });
    expect(failed.status).toBe(200);
    expect(await json(failed)).toMatchObject({ id: c.id, status: 'failed', failureReason: 'marked failed by ops_anna: refunded in cash at the counter' });

    // Recorded with who, why and when, in PostgreSQL.
    const view = await json<{ decisions: { action: string; by: string; reason: string; at: string }[] }>(await call('GET', `/admin/refunds/${b.id}`));
    expect(view.decisions).toEqual([{ refundId: b.id, action: 'credit_wallet', by: 'ops_anna', reason: 'shopper prefers store credit', at: expect.any(String) }]);
    expect((await json<{ items: unknown[] }>(await call('GET', '/admin/refunds'))).items).toEqual([]);
    expect(await orderStatus(order.orderId)).toBe('partially_refunded');

    // A command to a refund that is not parked is refused, and nothing is recorded.
    const refused = await call('POST', `/admin/refunds/${a.id}/credit-wallet`, { reason: 'twice?' });
    expect(refused.status).toBe(409);
    expect((await json<{ code: string }>(refused)).code).toBe('refunds.command_refused');
    expect((await json<{ decisions: unknown[] }>(await call('GET', `/admin/refunds/${a.id}`))).decisions).toHaveLength(1);
    expect((await call('POST', '/admin/refunds/ref_nope/retry', { reason: 'none' })).status).toBe(404);
  });
});
