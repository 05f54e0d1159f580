import { beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmCheckoutStore } from '../../../adapters/persistence/mikro-orm-checkout-store.js';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const { h, tokens } = useHarness({ shoppers: { alice: 'cus_acc_alice', bob: 'cus_acc_bob' } });
const { call } = apiClient(h);

beforeAll(async () => {
  const store = new MikroOrmCheckoutStore(h.orm);
  for (let i = 1; i <= 5; i += 1) {
    const topUp = await store.transaction((r) =>
      r.wallet.append({
        customerId: 'cus_acc_alice',
        kind: 'top_up',
        amount: { amountMinor: i * 1000, currency: 'NPR' },
        reason: `top-up ${i}`,
        idempotencyKey: `acc-top-up-${i}`,
      }),
    );
    if (!topUp.ok) throw new Error(topUp.error.message);
  }
});

describe('the shopper account', () => {
  it('lists the catalog with availability, and prices a cart without starting anything', async () => {
    const products = (await (await call('GET', '/products')).json()) as { items: { sku: string; available: number; priceMinor: number }[] };
    expect(products.items.find((p) => p.sku === 'TEA')).toMatchObject({ priceMinor: 45_000, available: 10 });
    const quote = await call('POST', '/quotes', tokens.alice, { items: [{ sku: 'TEA', quantity: 2 }], delivery: 'standard' });
    expect(quote.status).toBe(200);
    expect(((await quote.json()) as { total: { amountMinor: number } }).total.amountMinor).toBe(90_000 + 11_700 + 10_000);
    expect(Number((await h.sql<{ n: string }>('select count(*)::text as n from orders'))[0]!.n)).toBe(0);
  });

  it('shows the wallet balance and its entries in pages, newest first, to their owner only', async () => {
    expect(await (await call('GET', '/wallet', tokens.alice)).json()).toEqual({ balance: { amountMinor: 15_000, currency: 'NPR' } });
    expect(await (await call('GET', '/wallet', tokens.bob)).json()).toEqual({ balance: { amountMinor: 0, currency: 'NPR' } });
    const first = (await (await call('GET', '/wallet/entries?limit=2', tokens.alice)).json()) as { items: { amountMinor: number }[]; nextCursor?: string };
    expect(first.items.map((e) => e.amountMinor)).toEqual([5000, 4000]);
    const second = (await (await call('GET', `/wallet/entries?limit=2&cursor=${first.nextCursor}`, tokens.alice)).json()) as {
      items: { amountMinor: number }[];
      nextCursor?: string;
    };
    expect(second.items.map((e) => e.amountMinor)).toEqual([3000, 2000]);
    const last = (await (await call('GET', `/wallet/entries?limit=2&cursor=${second.nextCursor}`, tokens.alice)).json()) as { items: unknown[]; nextCursor?: string };
    expect(last.items).toHaveLength(1);
    expect(last.nextCursor).toBeUndefined();
    expect(((await (await call('GET', '/wallet/entries', tokens.bob)).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await call('GET', '/wallet/entries?cursor=garbage', tokens.alice)).status).toBe(400);
    expect((await call('GET', '/wallet/entries?limit=1000', tokens.alice)).status).toBe(400);
  });

  it('shows points, tier and the way to the next tier', async () => {
    const loyalty = await (await call('GET', '/loyalty', tokens.bob)).json();
    expect(loyalty).toEqual({ points: 0, tier: 'bronze', lifetimePoints: 0, nextTier: 'silver', pointsToNextTier: 1000 });
  });
});

describe('Idempotency-Key on POST /checkouts', () => {
  it('twenty concurrent requests with one key make one order and get the same answer', async () => {
    const body = { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/checkouts', tokens.alice, body, { 'idempotency-key': 'checkout-key-0001' })));
    const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as { orderId: string } })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(1);
    expect(Number((await h.sql<{ n: string }>('select count(*)::text as n from orders where customer_id = ?', ['cus_acc_alice']))[0]!.n)).toBe(1);
    expect(h.sandbox.control.payments()).toHaveLength(1);

    const other = await call('POST', '/checkouts', tokens.alice, { ...body, items: [{ sku: 'TEA', quantity: 2 }] }, { 'idempotency-key': 'checkout-key-0001' });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe('request.idempotency_key_reused');

    // The key belongs to its shopper: another shopper's same key is a different request.
    const bobs = await call('POST', '/checkouts', tokens.bob, body, { 'idempotency-key': 'checkout-key-0001' });
    expect(bobs.status).toBe(201);
    expect(((await bobs.json()) as { orderId: string }).orderId).not.toBe(answers[0]!.body.orderId);
  });

  it("lists the shopper's orders and shows one, and never another shopper's", async () => {
    const orders = (await (await call('GET', '/orders', tokens.alice)).json()) as { items: { orderId: string; status: string }[] };
    expect(orders.items).toHaveLength(1);
    const orderId = orders.items[0]!.orderId;
    expect((await call('GET', `/orders/${orderId}`, tokens.alice)).status).toBe(200);
    expect((await call('GET', `/orders/${orderId}`, tokens.bob)).status).toBe(404);
  });
});
