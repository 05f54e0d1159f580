import { describe, expect, it } from 'vitest';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { stateOf } from '../../harness/checkout-harness.js';
import { paidKhaltiOrder } from '../../harness/queries.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';
import { aTopUpEntry } from '../../support/mothers/wallet-entry.js';

const { h, tokens } = useHarness({ operators: { ops: 'ops_anna' } });
const { call } = apiClient(h);

interface CustomerView {
  customerId: string;
  orders: { items: { orderId: string; status: string; fulfilmentStatus: string; totalMinor: number }[]; nextCursor?: string };
  wallet: { balances: { amountMinor: number; currency: string }[] };
  loyalty: { points: number; tier: string; lifetimePoints: number };
  openCheckouts: { orderId: string; status: string; checkoutStatus?: string }[];
}

const view = async (customerId: string, query = ''): Promise<{ status: number; body: CustomerView }> => {
  const response = await call('GET', `/admin/customers/${customerId}${query}`, tokens.ops);
  return { status: response.status, body: (await response.json()) as CustomerView };
};

describe("staff's view of one customer", () => {
  it('shows a confirmed order, the wallet credit, the points and tier, and the checkout still awaiting payment', async () => {
    const customerId = 'cus_view_priya';
    const paid = await paidKhaltiOrder(h, customerId, 2); // NPR 900: 90 points
    const credit = await new MikroOrmCheckoutStore(h.orm).transaction((repos) => repos.wallet.append(aTopUpEntry(customerId, { amountMinor: 25_000, currency: 'NPR' })));
    expect(credit.ok).toBe(true);
    const open = h.order([{ sku: 'MUG', quantity: 1 }], customerId);
    const handle = await h.startSaga(open);
    expect((await stateOf(handle)).status).toBe('awaiting_payment');
    expect((await call('POST', `/admin/orders/${paid.orderId}/fulfilment/start-processing`, tokens.ops, { reason: 'picked' })).status).toBe(200);

    const { status, body } = await view(customerId);

    expect(status).toBe(200);
    expect(body.customerId).toBe(customerId);
    // Newest first: the open checkout was placed after the paid one.
    expect(body.orders.items.map((o) => [o.orderId, o.status, o.fulfilmentStatus])).toStrictEqual([
      [open.orderId, 'pending_payment', 'unfulfilled'],
      [paid.orderId, 'confirmed', 'processing'],
    ]);
    expect(body.orders.nextCursor).toBeUndefined();
    expect(body.wallet.balances[0]).toStrictEqual({ amountMinor: 25_000, currency: 'NPR' });
    expect(body.wallet.balances.slice(1).every((balance) => balance.amountMinor === 0 && balance.currency !== 'NPR')).toBe(true);
    expect(body.loyalty).toStrictEqual({ points: 90, tier: 'bronze', lifetimePoints: 90, nextTier: 'silver', pointsToNextTier: 910 });
    expect(body.openCheckouts).toHaveLength(1);
    expect(body.openCheckouts[0]).toMatchObject({ orderId: open.orderId, status: 'pending_payment', checkoutStatus: 'awaiting_payment' });

    const firstPage = await view(customerId, '?limit=1');
    expect(firstPage.body.orders.items.map((o) => o.orderId)).toStrictEqual([open.orderId]);
    const secondPage = await view(customerId, `?limit=1&cursor=${firstPage.body.orders.nextCursor}`);
    expect(secondPage.body.orders.items.map((o) => o.orderId)).toStrictEqual([paid.orderId]);
    expect(secondPage.body.orders.nextCursor).toBeUndefined();
  });

  it('answers 200 with empty lists and zero balances for a customer with nothing', async () => {
    const { status, body } = await view('cus_view_nobody');

    expect(status).toBe(200);
    expect(body.wallet.balances.length).toBeGreaterThan(0);
    expect(body.wallet.balances.every((balance) => balance.amountMinor === 0)).toBe(true);
    expect(body).toStrictEqual({
      customerId: 'cus_view_nobody',
      orders: { items: [] },
      wallet: { balances: body.wallet.balances },
      loyalty: { points: 0, tier: 'bronze', lifetimePoints: 0, nextTier: 'silver', pointsToNextTier: 1000 },
      openCheckouts: [],
    });
  });

  it('answers 400 for a malformed customer id, page size or cursor', async () => {
    expect((await call('GET', '/admin/customers/x', tokens.ops)).status).toBe(400);
    expect((await call('GET', '/admin/customers/cus_view_nobody?limit=1000', tokens.ops)).status).toBe(400);
    expect((await call('GET', '/admin/customers/cus_view_nobody?cursor=garbage', tokens.ops)).status).toBe(400);
  });
});
