import { describe, expect, it } from 'vitest';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const { h, tokens } = useHarness({ shoppers: { alice: 'cus_alice', bob: 'cus_bob' } });
const { get, post } = apiClient(h, { redirect: 'manual' });

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { type: string; title: string; status: number; code: string; detail?: string; errors?: { field: string }[] };
  expect(body.status).toBe(response.status);
  expect(body.type).toBe(`/problems/${body.code}`);
  expect(JSON.stringify(body)).not.toMatch(/at \S+\.(ts|js):\d+|select |insert /i);
  return body;
}

const orderCount = async () => Number((await h.sql<{ n: string }>('select count(*)::text as n from orders'))[0]!.n);

describe('POST /checkouts', () => {
  it('refuses a request without a bearer token with 401', async () => {
    const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' });
    expect(response.status).toBe(401);
    expect((await problem(response)).code).toBe('auth.missing_token');
  });

  it('refuses a forged token with 401', async () => {
    const forged = `${tokens.alice.slice(0, -4)}AAAA`;
    const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' }, forged);
    expect(response.status).toBe(401);
    expect((await problem(response)).code).toBe('auth.invalid_token');
  });

  it('names every invalid field in a 400', async () => {
    const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 0 }], gateway: 'bitcoin', price: 1 }, tokens.alice);
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body.code).toBe('request.invalid');
    const fields = body.errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.items.0.quantity', 'body.gateway']));
    expect(body.detail).toMatch(/body\.items\.0\.quantity/);
  });

  it('answers malformed JSON with 400 and another media type with 415', async () => {
    expect((await problem(await post('/checkouts', '{"items": [', tokens.alice))).code).toBe('request.malformed_json');
    const wrongType = await post('/checkouts', 'items=TEA', tokens.alice, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
  });

  const item = (sku: string, quantity = 1) => ({ sku, quantity });

  /** Alice's checkout of `items`, refused with `status`; its problem, once no order is left behind. */
  async function refusedLeavingNoOrder(items: { sku: string; quantity: number }[], status: number) {
    const before = await orderCount();
    const response = await post('/checkouts', { items, gateway: 'khalti' }, tokens.alice);
    expect(response.status).toBe(status);
    const body = await problem(response);
    expect(await orderCount()).toBe(before);
    return body;
  }

  it('refuses an unknown SKU with 422 and leaves no order behind', async () => {
    const body = await refusedLeavingNoOrder([item('TEA'), item('NOPE')], 422);
    expect(body.code).toBe('checkout.unknown_sku');
    expect(body.detail).toContain('NOPE');
    expect(h.sandbox.control.payments()).toHaveLength(0);
  });

  it('refuses more than the stock with 409 and leaves no order behind', async () => {
    const body = await refusedLeavingNoOrder([item('MUG', 2), item('MUG', 2)], 409);
    expect(body.code).toBe('inventory.insufficient_stock');
  });

  it('creates a checkout priced from the catalog and shows it only to its shopper', async () => {
    const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 3 }], gateway: 'khalti' }, tokens.alice);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { orderId: string; redirectUrl: string; amount: { amountMinor: number; currency: string } };
    expect(response.headers.get('location')).toBe(`/checkouts/${created.orderId}`);
    // NPR 1,350 plus 13 % VAT, picked up in the shop.
    expect(created.amount).toEqual({ amountMinor: 152_550, currency: 'NPR' });
    expect(created.redirectUrl).toContain(h.sandbox.url);
    expect(h.sandbox.control.payments().at(-1)?.purchaseOrderId).toBe(created.orderId);

    const own = await get(`/checkouts/${created.orderId}`, tokens.alice);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { checkoutStatus: string }).checkoutStatus).toBe('awaiting_payment');

    const foreign = await get(`/checkouts/${created.orderId}`, tokens.bob);
    const missing = await get('/checkouts/ord_000000000000000000000000', tokens.bob);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const [a, b] = [await problem(foreign), await problem(missing)];
    expect(a.code).toBe(b.code);
    expect((await problem(await get('/checkouts/not-an-id', tokens.alice))).code).toBe('request.invalid');
  });
});

describe('POST /checkouts with the money rules', () => {
  it('adds tax on the discounted subtotal and the delivery charge', async () => {
    const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', delivery: 'express' }, tokens.alice);
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      amount: { amountMinor: number };
      subtotal: { amountMinor: number };
      charges: { tax: { amountMinor: number }; delivery: { amountMinor: number } };
    };
    expect(body.subtotal.amountMinor).toBe(45_000);
    expect(body.charges.tax.amountMinor).toBe(5_850);
    expect(body.charges.delivery.amountMinor).toBe(25_000);
    expect(body.amount.amountMinor).toBe(45_000 + 5_850 + 25_000);
  });

  it('refuses points the shopper does not have, and a wallet that cannot cover its part', async () => {
    const points = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', pointsToRedeem: 10 }, tokens.bob);
    expect(points.status).toBe(422);
    expect((await problem(points)).code).toBe('loyalty.insufficient_points');
    const walletOnly = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'wallet' }, tokens.bob);
    expect(walletOnly.status).toBe(422);
    expect((await problem(walletOnly)).code).toBe('wallet.insufficient_funds');
    const split = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', walletAmountMinor: 60_000 }, tokens.bob);
    expect((await problem(split)).code).toBe('checkout.invalid_split');
  });
});

describe('GET /payments/khalti/return', () => {
  it('answers a return without pidx with 400 naming it, and an unknown pidx with 404', async () => {
    const missing = await get('/payments/khalti/return?status=Completed');
    expect(missing.status).toBe(400);
    expect((await problem(missing)).detail).toMatch(/pidx/);
    const unknown = await get('/payments/khalti/return?pidx=doesnotexist123&status=Completed');
    expect(unknown.status).toBe(404);
    expect((await problem(unknown)).code).toBe('payments.unknown_payment');
  });

  it('never trusts the return: a forged Completed for an unpaid payment leaves the order unpaid', async () => {
    const created = (await (await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' }, tokens.alice)).json()) as {
      orderId: string;
      redirectUrl: string;
    };
    const pidx = new URL(created.redirectUrl).searchParams.get('pidx')!;
    const forged = await get(`/payments/khalti/return?pidx=${pidx}&status=Completed&transaction_id=FAKE&amount=45000&total_amount=45000&purchase_order_id=${created.orderId}`);
    expect(forged.status).toBe(200);
    expect(((await forged.json()) as { checkoutStatus: string }).checkoutStatus).toBe('awaiting_payment');
    const order = await h.sql<{ status: string }>('select status from orders where id = ?', [created.orderId]);
    expect(order[0]!.status).toBe('pending_payment');
  });

  it('shows the verified outcome once Khalti confirms the payment', async () => {
    const created = (await (await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' }, tokens.alice)).json()) as {
      orderId: string;
      redirectUrl: string;
    };
    const query = await h.pay(new URL(created.redirectUrl).searchParams.get('pidx')!);
    const landed = await get(`/payments/khalti/return?${query}`);
    expect(landed.status).toBe(200);
    const body = (await landed.json()) as { orderId: string; checkoutStatus: string; orderStatus: string };
    expect(body).toMatchObject({ orderId: created.orderId, checkoutStatus: 'confirmed', orderStatus: 'confirmed' });
  });
});

describe('the rest of the edge', () => {
  it('reports health of the database and Temporal', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('issues demo tokens that the storefront accepts', async () => {
    const issued = await post('/dev/token', { customerId: 'cus_demo_1' });
    expect(issued.status).toBe(201);
    const { token, customerId } = (await issued.json()) as { token: string; customerId: string };
    expect(customerId).toBe('cus_demo_1');
    expect((await get('/checkouts/ord_000000000000000000000000', token)).status).toBe(404);
    expect((await post('/dev/token', { customerId: 'no spaces allowed' })).status).toBe(400);
  });

  it('shows operators the stock at or below its threshold, and refuses shoppers with 403', async () => {
    await h.sql('update products set on_hand = 3, low_stock_threshold = 5 where sku = ?', ['MUG']);
    // Plenty of tea left, whatever the open checkouts of this file hold.
    await h.sql('update products set on_hand = reserved + 100 where sku = ?', ['TEA']);
    const operator = await h.tokens.issueOperatorToken('ops_1');
    const low = await get('/admin/stock/low', operator);
    expect(low.status).toBe(200);
    const { items } = (await low.json()) as { items: { sku: string; available: number }[] };
    expect(items.map((i) => i.sku)).toContain('MUG');
    expect(items.map((i) => i.sku)).not.toContain('TEA');
    const asShopper = await get('/admin/stock/low', tokens.alice);
    expect(asShopper.status).toBe(403);
    expect((await problem(asShopper)).code).toBe('auth.forbidden');
    expect((await get('/checkouts/ord_000000000000000000000000', operator)).status).toBe(403);
  });

  it('answers unknown routes and methods with problems', async () => {
    expect((await problem(await get('/nowhere'))).code).toBe('route.not_found');
    const wrongMethod = await fetch(`${h.apiUrl}/checkouts`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect((await problem(wrongMethod)).code).toBe('route.method_not_allowed');
  });
});
