import { describe, expect, it } from 'vitest';
import { apiClient, expectEachRouteAnswers, type Route } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';

const { h, tokens } = useHarness({
  shoppers: { alice: 'cus_cart_alice', bob: 'cus_cart_bob', carol: 'cus_cart_carol', dan: 'cus_cart_dan', erin: 'cus_cart_erin', fay: 'cus_cart_fay', gus: 'cus_cart_gus' },
  operators: { ops: 'ops_cart' },
});
const { call, get, post } = apiClient(h, { redirect: 'manual' });

interface CartBody {
  version: number;
  lines: { sku: string; quantity: number; name?: string; unitPriceMinor?: number; lineTotalMinor?: number; available?: number; problem?: { code: string } }[];
  quote?: { subtotal: { amountMinor: number }; delivery: { amountMinor: number }; deliveryZone: string; total: { amountMinor: number } };
  problems: { code: string }[];
}

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { code: string; status: number; detail?: string; details?: Record<string, unknown>; errors?: { field: string }[] };
}

const put = async (token: string, sku: string, quantity: unknown) => call('PUT', `/cart/lines/${sku}`, token, { quantity });
const cartOf = async (token: string, query = '') => {
  const response = await get(`/cart${query}`, token);
  expect(response.status).toBe(200);
  return (await response.json()) as CartBody;
};

describe('the cart routes', () => {
  it('refuse a request without a shopper token with 401', async () => {
    const cartRoutes: Route[] = [
      ['GET', '/cart'],
      ['PUT', '/cart/lines/TEA', { quantity: 1 }],
      ['DELETE', '/cart/lines/TEA'],
      ['DELETE', '/cart'],
    ];
    await expectEachRouteAnswers(call, cartRoutes, undefined, 401);
  });

  it('given no cart, GET /cart answers an empty cart at version 0 that cannot be checked out yet', async () => {
    expect(await cartOf(tokens.alice)).toEqual({ version: 0, lines: [], problems: [expect.objectContaining({ code: 'checkout.empty_cart' })] });
  });

  it('PUT sets a line, priced from the catalog with the quote a checkout would get; setting it again replaces the quantity', async () => {
    const first = await put(tokens.bob, 'TEA', 2);
    expect(first.status).toBe(200);
    const again = (await (await put(tokens.bob, 'TEA', 3)).json()) as CartBody;
    expect(again.version).toBe(2);
    expect(again.lines).toEqual([{ sku: 'TEA', quantity: 3, name: 'Ilam tea', unitPriceMinor: 45_000, lineTotalMinor: 135_000, currency: 'NPR', available: 10 }]);
    // NPR 1,350 plus 13 % VAT, picked up: exactly what POST /quotes says for the same items.
    const quoted = (await (await post('/quotes', { items: [{ sku: 'TEA', quantity: 3 }] }, tokens.bob)).json()) as CartBody['quote'];
    expect(again.quote).toEqual(quoted);
    expect(again.quote?.total.amountMinor).toBe(152_550);
    expect(await cartOf(tokens.bob)).toEqual(again);
  });

  it('PUT refuses an unknown SKU with 422 and a bad quantity with 400, as a checkout would, changing nothing', async () => {
    const unknown = await put(tokens.carol, 'NOPE', 1);
    expect(unknown.status).toBe(422);
    expect((await problem(unknown)).code).toBe('checkout.unknown_sku');
    for (const quantity of [0, -1, 1.5, 1001, '2', null]) {
      const bad = await put(tokens.carol, 'TEA', quantity);
      expect(bad.status, String(quantity)).toBe(400);
      expect((await problem(bad)).errors?.map((e) => e.field)).toEqual(['body.quantity']);
    }
    const extra = await call('PUT', '/cart/lines/TEA', tokens.carol, { quantity: 1, price: 1 });
    expect(extra.status).toBe(400);
    expect((await cartOf(tokens.carol)).version).toBe(0);
  });

  it('shows a line short of stock as a problem on the line and the cart, not as an error', async () => {
    await put(tokens.dan, 'TEA', 1);
    const body = (await (await put(tokens.dan, 'MUG', 50)).json()) as CartBody;
    expect(body.lines[1]).toMatchObject({ sku: 'MUG', quantity: 50, available: 3, problem: { code: 'inventory.insufficient_stock' } });
    expect(body.lines[0]).not.toHaveProperty('problem');
    expect(body.problems.map((p) => p.code)).toEqual(['inventory.insufficient_stock']);
    expect(body).not.toHaveProperty('quote');
  });

  it('shows a SKU the catalog no longer sells as a problem on its line', async () => {
    await h.sql(`insert into products (sku, name, on_hand, reserved, created_at) values ('GONE', 'Discontinued', 5, 0, now())`);
    await h.sql(`insert into product_prices (sku, currency, price_minor) values ('GONE', 'NPR', 100)`);
    await put(tokens.erin, 'GONE', 1);
    await put(tokens.erin, 'TEA', 1);
    await h.sql(`delete from product_prices where sku = 'GONE'`);
    await h.sql(`delete from products where sku = 'GONE'`);
    const body = await cartOf(tokens.erin);
    expect(body.lines[0]).toEqual({ sku: 'GONE', quantity: 1, problem: expect.objectContaining({ code: 'checkout.unknown_sku' }) });
    expect(body.problems.map((p) => p.code)).toEqual(['checkout.unknown_sku']);
    // The shopper removes it, and the rest of the cart can be bought.
    const removed = (await (await call('DELETE', '/cart/lines/GONE', tokens.erin)).json()) as CartBody;
    expect(removed.lines.map((line) => line.sku)).toEqual(['TEA']);
    expect(removed.problems).toEqual([]);
  });

  it('prices the delivery for the country asked: domestic at home, international abroad', async () => {
    await put(tokens.fay, 'TEA', 1);
    expect((await cartOf(tokens.fay, '?delivery=standard&country=NP')).quote).toMatchObject({ delivery: { amountMinor: 10_000 }, deliveryZone: 'domestic' });
    expect((await cartOf(tokens.fay, '?delivery=standard&country=in')).quote).toMatchObject({ delivery: { amountMinor: 150_000 }, deliveryZone: 'international' });
    expect((await get('/cart?delivery=drone', tokens.fay)).status).toBe(400);
  });

  it('DELETE removes a line (a missing one changes nothing) and DELETE /cart empties it; each shopper has their own cart', async () => {
    await put(tokens.gus, 'TEA', 1);
    await put(tokens.gus, 'MUG', 1);
    await put(tokens.alice, 'MUG', 2);
    const removed = (await (await call('DELETE', '/cart/lines/MUG', tokens.gus)).json()) as CartBody;
    expect(removed.lines.map((line) => line.sku)).toEqual(['TEA']);
    const again = (await (await call('DELETE', '/cart/lines/MUG', tokens.gus)).json()) as CartBody;
    expect(again.version).toBe(removed.version);
    const emptied = await call('DELETE', '/cart', tokens.gus);
    expect(emptied.status).toBe(200);
    expect(((await emptied.json()) as CartBody).lines).toEqual([]);
    expect((await cartOf(tokens.alice)).lines).toEqual([expect.objectContaining({ sku: 'MUG', quantity: 2 })]);
    await call('DELETE', '/cart', tokens.alice);
  });
});

describe('POST /checkouts from the cart', () => {
  const cus = (name: string) => `cus_cart_${name}_${Math.random().toString(36).slice(2, 8)}`;

  it('checks out the cart when no items are named, records the lines it took and keeps the cart while the payment is open', async () => {
    const token = await h.tokens.issueShopperToken(cus('co'));
    await put(token, 'TEA', 2);
    await put(token, 'MUG', 1);
    const response = await post('/checkouts', { gateway: 'khalti' }, token);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { orderId: string; lines: { sku: string; quantity: number }[] };
    expect(created.lines.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual([
      { sku: 'TEA', quantity: 2 },
      { sku: 'MUG', quantity: 1 },
    ]);
    expect(await h.sql('select sku, quantity, revision::int as revision from order_cart_lines where order_id = ? order by sku', [created.orderId])).toEqual([
      { sku: 'MUG', quantity: 1, revision: 2 },
      { sku: 'TEA', quantity: 2, revision: 1 },
    ]);
    expect((await cartOf(token)).lines).toHaveLength(2);
    // `fromCart: true` says the same.
    const explicit = await post('/checkouts', { gateway: 'khalti', fromCart: true }, token);
    expect(explicit.status).toBe(201);
  });

  it('refuses an empty cart with 422 checkout.empty_cart, and items together with fromCart with 400', async () => {
    const token = await h.tokens.issueShopperToken(cus('empty'));
    const before = await h.sql<{ n: string }>('select count(*)::text as n from orders');
    const empty = await post('/checkouts', { gateway: 'khalti' }, token);
    expect(empty.status).toBe(422);
    expect((await problem(empty)).code).toBe('checkout.empty_cart');
    const both = await post('/checkouts', { gateway: 'khalti', fromCart: true, items: [{ sku: 'TEA', quantity: 1 }] }, token);
    expect(both.status).toBe(400);
    expect((await problem(both)).errors?.map((e) => e.field)).toEqual(['body.fromCart']);
    expect(await h.sql<{ n: string }>('select count(*)::text as n from orders')).toEqual(before);
  });

  it('given a confirmed cart checkout, then its lines leave the cart and a line added while paying stays', async () => {
    const token = await h.tokens.issueShopperToken(cus('paid'));
    await put(token, 'TEA', 1);
    const created = (await (await post('/checkouts', { gateway: 'khalti' }, token)).json()) as { orderId: string; paymentAction: { url: string } };
    await put(token, 'MUG', 1);
    const back = await h.pay(new URL(created.paymentAction.url).searchParams.get('pidx')!);
    const outcome = (await (await fetch(`${h.apiUrl}/payments/khalti/return?${back}`)).json()) as { checkoutStatus: string };
    expect(outcome.checkoutStatus).toBe('confirmed');
    expect((await cartOf(token)).lines).toEqual([expect.objectContaining({ sku: 'MUG', quantity: 1 })]);
  });
});

describe('customer details on the order', () => {
  const contact = { name: 'Sita Sharma', email: 'sita.cart@example.com', phone: '+977 980-0000001' };
  const address = { line1: 'Durbar Marg 12', line2: 'Flat 3', city: 'Kathmandu', region: 'Bagmati', postalCode: '44600', country: 'np' };
  const stored = { ...address, country: 'NP' };

  it('stores the contact and address with the order and shows them to the shopper and to operators', async () => {
    const response = await post(
      '/checkouts',
      { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', delivery: 'standard', customer: contact, deliveryAddress: address },
      tokens.alice,
    );
    expect(response.status).toBe(201);
    const created = (await response.json()) as { orderId: string; customer: unknown; deliveryAddress: unknown; charges: { delivery: { amountMinor: number } } };
    const shownContact = { name: 'Sita Sharma', email: 'sita.cart@example.com', phone: '+9779800000001' };
    expect(created).toMatchObject({ customer: shownContact, deliveryAddress: stored, charges: { delivery: { amountMinor: 10_000 } } });

    for (const path of [`/checkouts/${created.orderId}`, `/orders/${created.orderId}`]) {
      expect(await (await get(path, tokens.alice)).json(), path).toMatchObject({ customer: shownContact, deliveryAddress: stored });
    }
    const admin = await get(`/admin/orders/${created.orderId}`, tokens.ops);
    expect(admin.status).toBe(200);
    expect(await admin.json()).toMatchObject({ id: created.orderId, contact: shownContact, deliveryAddress: stored, fromCart: [], saga: { status: 'awaiting_payment' } });
    expect(await h.sql('select contact_email, delivery_city, delivery_country from orders where id = ?', [created.orderId])).toEqual([
      { contact_email: 'sita.cart@example.com', delivery_city: 'Kathmandu', delivery_country: 'NP' },
    ]);
    // Nobody else's view: another shopper gets a 404, a shopper's token is no operator's.
    expect((await get(`/checkouts/${created.orderId}`, tokens.bob)).status).toBe(404);
    expect((await get(`/admin/orders/${created.orderId}`, tokens.alice)).status).toBe(403);
    expect((await get('/admin/orders/ord_00000000000000000000NOPE', tokens.ops)).status).toBe(404);
  });

  it('charges the international rate for an address abroad', async () => {
    const response = await post(
      '/checkouts',
      { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', delivery: 'express', deliveryAddress: { ...address, country: 'IN' } },
      tokens.bob,
    );
    expect(response.status).toBe(201);
    const created = (await response.json()) as { charges: { delivery: { amountMinor: number } }; amount: { amountMinor: number } };
    expect(created.charges.delivery.amountMinor).toBe(300_000);
    // 45 000 + 13 % (5 850) + 300 000
    expect(created.amount.amountMinor).toBe(350_850);
  });

  it('keeps requests without an address working: a pickup, and standard delivery at the domestic charge', async () => {
    const pickup = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti' }, tokens.carol);
    expect(pickup.status).toBe(201);
    expect(await pickup.json()).not.toHaveProperty('deliveryAddress');
    const standard = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', delivery: 'standard' }, tokens.carol);
    expect(standard.status).toBe(201);
    expect(((await standard.json()) as { charges: { delivery: { amountMinor: number } } }).charges.delivery.amountMinor).toBe(10_000);
  });

  it('refuses a malformed email, phone or address with a 422 naming the field, leaving no order behind', async () => {
    const before = await h.sql<{ n: string }>('select count(*)::text as n from orders');
    const cases = [
      [{ customer: { email: 'sita@' } }, 'checkout.invalid_contact', 'email'],
      [{ customer: { phone: '12-34' } }, 'checkout.invalid_contact', 'phone'],
      [{ deliveryAddress: { ...address, country: 'XX' } }, 'checkout.invalid_address', 'country'],
      [{ deliveryAddress: { ...address, city: ' ' } }, 'checkout.invalid_address', 'city'],
    ] as const;
    for (const [extra, code, field] of cases) {
      const response = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', delivery: 'standard', ...extra }, tokens.dan);
      expect(response.status, code).toBe(422);
      const body = await problem(response);
      expect(body.code).toBe(code);
      expect(body.details?.['problems']).toEqual([expect.objectContaining({ field })]);
    }
    const missing = await post('/checkouts', { items: [{ sku: 'TEA', quantity: 1 }], gateway: 'khalti', deliveryAddress: { line1: 'x', city: 'y' } }, tokens.dan);
    expect(missing.status).toBe(400);
    expect(await h.sql<{ n: string }>('select count(*)::text as n from orders')).toEqual(before);
  });
});
