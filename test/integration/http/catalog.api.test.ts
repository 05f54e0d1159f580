import { describe, expect, it } from 'vitest';
import { apiClient } from '../../support/api-client.js';
import { useHarness } from '../../support/harness-fixture.js';
import { fresh } from '../../support/mothers/ids.js';

// One harness for the file: every test makes its own products under fresh SKUs.
const { h, tokens } = useHarness({ operators: { ops: 'ops_anna' }, shoppers: { shopper: 'cus_catalog_1' } });
const { call, get, post } = apiClient(h);

type ProductBody = { sku: string; name: string; prices: Record<string, number>; onHand: number; reserved: number; available: number; lowStockThreshold: number; lowStock: boolean };

async function problem(response: Response): Promise<{ code: string; detail?: string; details?: Record<string, unknown> }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { code: string; detail?: string; details?: Record<string, unknown> };
}
const count = async (table: string) => Number((await h.sql<{ n: string }>(`select count(*)::text as n from ${table}`))[0]!.n);

/** A product created through the operator route, priced in NPR and USD. */
async function aProduct(overrides: Record<string, unknown> = {}): Promise<ProductBody> {
  const response = await post(
    '/admin/products',
    { sku: fresh('SKU'), name: 'Thimi clay mug', prices: { NPR: 80_000, USD: 600 }, initialStock: 10, reason: 'new line', ...overrides },
    tokens.ops,
  );
  expect(response.status).toBe(201);
  return (await response.json()) as ProductBody;
}

describe('catalog administration', () => {
  it('creates a product with prices per currency, answers it with its stock, lists it, and audits who and why', async () => {
    const sku = fresh('SKU');
    const response = await post(
      '/admin/products',
      { sku, name: 'Ilam tea', prices: { NPR: 45_000, ZAR: 6_000 }, initialStock: 7, lowStockThreshold: 8, reason: 'new line' },
      tokens.ops,
    );

    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/admin/products/${sku}`);
    expect(await response.json()).toStrictEqual({
      sku,
      name: 'Ilam tea',
      prices: { NPR: 45_000, ZAR: 6_000 },
      onHand: 7,
      reserved: 0,
      available: 7,
      lowStockThreshold: 8,
      lowStock: true,
    });
    const listed = (await (await get('/admin/products', tokens.ops)).json()) as { items: ProductBody[] };
    expect(listed.items.find((item) => item.sku === sku)).toMatchObject({ onHand: 7, reserved: 0, lowStock: true });
    const changes = (await (await get(`/admin/products/${sku}/changes`, tokens.ops)).json()) as { items: { action: string; actor: string; reason: string }[] };
    expect(changes.items).toMatchObject([{ action: 'create', actor: 'ops_anna', reason: 'new line' }]);
  });

  it('refuses a taken SKU with 409, a currency the shop does not sell in or a bad body with a problem, and a shopper with 403, creating nothing', async () => {
    const taken = await aProduct();
    const before = await count('products');

    expect((await problem(await post('/admin/products', { sku: taken.sku, name: 'x', prices: { NPR: 1 }, initialStock: 1, reason: 'again' }, tokens.ops))).code).toBe(
      'catalog.product_exists',
    );
    const eur = await post('/admin/products', { sku: fresh('SKU'), name: 'x', prices: { EUR: 100 }, initialStock: 1, reason: 'euro line' }, tokens.ops);
    expect(eur.status).toBe(422);
    expect((await problem(eur)).code).toBe('catalog.currency_not_offered');
    expect((await post('/admin/products', { sku: fresh('SKU'), name: 'x', prices: {}, initialStock: -1, reason: 'r' }, tokens.ops)).status).toBe(400);
    expect((await post('/admin/products', { sku: fresh('SKU'), name: 'x', prices: { NPR: 1 }, initialStock: 1, reason: 'sneaky' }, tokens.shopper)).status).toBe(403);
    expect(await count('products')).toBe(before);
  });

  it('answers a retried create under its Idempotency-Key with the first response', async () => {
    const body = { sku: fresh('SKU'), name: 'Yak candle', prices: { NPR: 12_500 }, initialStock: 3, reason: 'new line' };
    const key = { 'idempotency-key': `create-${body.sku}` };
    const first = await call('POST', '/admin/products', tokens.ops, body, key);
    const again = await call('POST', '/admin/products', tokens.ops, body, key);

    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('renames a product and changes its threshold, and answers 404 for an unknown SKU', async () => {
    const mug = await aProduct();
    const patched = await call('PATCH', `/admin/products/${mug.sku}`, tokens.ops, { name: 'Thimi clay mug, large', lowStockThreshold: 10, reason: 'new size' });

    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: 'Thimi clay mug, large', lowStockThreshold: 10, lowStock: true });
    expect((await problem(await call('PATCH', '/admin/products/NO-SUCH-SKU', tokens.ops, { name: 'x', reason: 'typo' }))).code).toBe('catalog.product_not_found');
    expect((await call('PATCH', `/admin/products/${mug.sku}`, tokens.ops, { reason: 'nothing' })).status).toBe(400);
  });

  it('sets and removes a price in a currency; a product is then sold in it or not', async () => {
    const mug = await aProduct({ prices: { NPR: 80_000 } });
    const zarCatalog = async () =>
      ((await (await get('/catalog?currency=ZAR')).json()) as { items: { sku: string; priceMinor: number }[] }).items.find((item) => item.sku === mug.sku);
    expect(await zarCatalog()).toBeUndefined();

    const set = await call('PUT', `/admin/products/${mug.sku}/prices/ZAR`, tokens.ops, { amountMinor: 11_000, reason: 'selling in South Africa' });
    expect(set.status).toBe(200);
    expect(((await set.json()) as ProductBody).prices).toStrictEqual({ NPR: 80_000, ZAR: 11_000 });
    expect(await zarCatalog()).toMatchObject({ priceMinor: 11_000 });

    const removed = await call('DELETE', `/admin/products/${mug.sku}/prices/ZAR`, tokens.ops, { reason: 'stopped' });
    expect(removed.status).toBe(200);
    expect(await zarCatalog()).toBeUndefined();
    expect((await problem(await call('DELETE', `/admin/products/${mug.sku}/prices/ZAR`, tokens.ops, { reason: 'again' }))).code).toBe('catalog.price_not_found');
    expect((await problem(await call('PUT', `/admin/products/${mug.sku}/prices/EUR`, tokens.ops, { amountMinor: 700, reason: 'euro' }))).code).toBe('catalog.currency_not_offered');
    const actions = ((await (await get(`/admin/products/${mug.sku}/changes`, tokens.ops)).json()) as { items: { action: string; details: unknown }[] }).items.map((c) => c.action);
    expect(actions).toEqual(['create', 'set_price', 'remove_price']);
  });

  it('restocks once per restock id or Idempotency-Key, refuses a reused id, a non-positive quantity, and a restock with neither', async () => {
    const mug = await aProduct({ initialStock: 2 });
    const restock = (body: Record<string, unknown>, headers?: Record<string, string>) => call('POST', `/admin/products/${mug.sku}/restock`, tokens.ops, body, headers);

    const first = await restock({ quantity: 5, reason: 'delivery', restockId: `rst-${mug.sku}` });
    const again = await restock({ quantity: 5, reason: 'delivery', restockId: `rst-${mug.sku}` });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(((await again.json()) as ProductBody).onHand).toBe(7);
    expect((await problem(await restock({ quantity: 6, reason: 'delivery', restockId: `rst-${mug.sku}` }))).code).toBe('catalog.restock_id_reused');

    const key = { 'idempotency-key': `restock-key-${mug.sku}` };
    expect((await restock({ quantity: 3, reason: 'second delivery' }, key)).status).toBe(200);
    expect(((await (await restock({ quantity: 3, reason: 'second delivery' }, key)).json()) as ProductBody).onHand).toBe(10);

    expect((await problem(await restock({ quantity: 3, reason: 'no id' }))).code).toBe('request.restock_id_required');
    for (const quantity of [0, -2, 1.5]) expect((await restock({ quantity, reason: 'bad', restockId: `rst-bad-${mug.sku}` })).status).toBe(400);
    expect((await problem(await call('POST', '/admin/products/NO-SUCH-SKU/restock', tokens.ops, { quantity: 1, reason: 'delivery', restockId: 'rst-nosuchsku' }))).code).toBe(
      'catalog.product_not_found',
    );
    const onHand = Number((await h.sql<{ on_hand: number }>('select on_hand from products where sku = ?', [mug.sku]))[0]!.on_hand);
    expect(onHand).toBe(10);
  });
});

describe('several currencies', () => {
  it('answers the catalog in the currency asked for, the first one by default, leaving out what is not sold in it', async () => {
    const mug = await aProduct({ prices: { NPR: 80_000, USD: 600 } });
    const nprOnly = await aProduct({ prices: { NPR: 45_000 } });

    const inUsd = (await (await get('/catalog?currency=USD')).json()) as { currency: string; items: { sku: string; priceMinor: number; currency: string }[] };
    const byDefault = (await (await get('/products')).json()) as { currency: string; items: { sku: string; priceMinor: number }[] };

    expect(inUsd.currency).toBe('USD');
    expect(inUsd.items.find((item) => item.sku === mug.sku)).toMatchObject({ priceMinor: 600, currency: 'USD' });
    expect(inUsd.items.some((item) => item.sku === nprOnly.sku)).toBe(false);
    expect(byDefault.currency).toBe('NPR');
    expect(byDefault.items.find((item) => item.sku === nprOnly.sku)).toMatchObject({ priceMinor: 45_000 });
    expect((await problem(await get('/catalog?currency=EUR'))).code).toBe('checkout.unsupported_currency');
    expect((await get('/catalog?currency=usd')).status).toBe(400);
  });

  it('quotes a cart in the currency asked for with that currency terms, and refuses a product not sold in it', async () => {
    const mug = await aProduct({ prices: { NPR: 80_000, USD: 600 } });
    const nprOnly = await aProduct({ prices: { NPR: 45_000 } });

    const quote = await post('/quotes', { items: [{ sku: mug.sku, quantity: 2 }], currency: 'USD', delivery: 'standard' }, tokens.shopper);
    expect(quote.status).toBe(200);
    expect(await quote.json()).toMatchObject({
      subtotal: { amountMinor: 1_200, currency: 'USD' },
      tax: { amountMinor: 0 },
      delivery: { amountMinor: 500 },
      total: { amountMinor: 1_700, currency: 'USD' },
    });
    const refused = await post('/quotes', { items: [{ sku: nprOnly.sku, quantity: 1 }], currency: 'USD' }, tokens.shopper);
    expect(refused.status).toBe(422);
    expect(await problem(refused)).toMatchObject({ code: 'checkout.not_sold_in_currency', details: { currency: 'USD', skus: [nprOnly.sku] } });
  });

  it('refuses a checkout whose currency its gateway does not take with 422 naming the gateway and its currencies, before any order exists', async () => {
    const mug = await aProduct({ prices: { NPR: 80_000, USD: 600, ZAR: 11_000 } });
    const orders = await count('orders');

    for (const [gateway, currency] of [
      ['paypal', undefined],
      ['khalti', 'USD'],
      ['ikhokha', 'NPR'],
      ['esewa', 'ZAR'],
    ] as const) {
      const response = await post('/checkouts', { items: [{ sku: mug.sku, quantity: 1 }], gateway, ...(currency === undefined ? {} : { currency }) }, tokens.shopper);
      expect(response.status, gateway).toBe(422);
      const body = await problem(response);
      expect(body.code).toBe('checkout.currency_not_accepted');
      expect(body.details).toMatchObject({ gateway, currency: currency ?? 'NPR' });
      const accepted = (body.details?.['acceptedCurrencies'] ?? []) as string[];
      expect(accepted.length).toBeGreaterThan(0);
      expect(accepted).not.toContain(currency ?? 'NPR');
    }
    expect(await count('orders')).toBe(orders);
    expect((await problem(await post('/checkouts', { items: [{ sku: mug.sku, quantity: 1 }], gateway: 'khalti', currency: 'EUR' }, tokens.shopper))).code).toBe(
      'checkout.unsupported_currency',
    );
  });

  it('starts a checkout in a currency its gateway takes, priced in it', async () => {
    const mug = await aProduct({ prices: { NPR: 80_000, USD: 600 } });
    const response = await post('/checkouts', { items: [{ sku: mug.sku, quantity: 1 }], gateway: 'khalti', currency: 'NPR' }, tokens.shopper);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { amount: unknown }).amount).toEqual({ amountMinor: 90_400, currency: 'NPR' }); // 13 % tax on NPR 800
  });

  it('refuses a top-up whose currency its gateway does not take, or one the shop does not sell in, before any top-up exists', async () => {
    const before = await count('wallet_top_ups');

    const usdAtKhalti = await post('/wallet/top-ups', { amountMinor: 1_000, gateway: 'khalti', currency: 'USD' }, tokens.shopper);
    expect(usdAtKhalti.status).toBe(422);
    expect(await problem(usdAtKhalti)).toMatchObject({ code: 'wallet.currency_not_accepted', details: { gateway: 'khalti', currency: 'USD', acceptedCurrencies: ['NPR'] } });
    expect((await problem(await post('/wallet/top-ups', { amountMinor: 1_000, gateway: 'paypal' }, tokens.shopper))).code).toBe('wallet.currency_not_accepted');
    expect((await problem(await post('/wallet/top-ups', { amountMinor: 1_000, gateway: 'stripe', currency: 'EUR' }, tokens.shopper))).code).toBe('wallet.unsupported_currency');
    expect(await count('wallet_top_ups')).toBe(before);
  });

  it('answers the wallet per currency: an operator credit in USD shows in USD and not in the default NPR', async () => {
    const key = { 'idempotency-key': 'adjust-usd-catalog-1' };
    const adjusted = await call('POST', '/admin/wallets/cus_catalog_1/adjustments', tokens.ops, { amountMinor: 250, reason: 'goodwill', currency: 'USD' }, key);
    expect(adjusted.status).toBe(201);
    expect(((await adjusted.json()) as { balance: unknown }).balance).toEqual({ amountMinor: 250, currency: 'USD' });

    expect(((await (await get('/wallet?currency=USD', tokens.shopper)).json()) as { balance: unknown }).balance).toEqual({ amountMinor: 250, currency: 'USD' });
    expect(((await (await get('/wallet', tokens.shopper)).json()) as { balance: unknown }).balance).toEqual({ amountMinor: 0, currency: 'NPR' });
    const entries = (await (await get('/wallet/entries?currency=USD', tokens.shopper)).json()) as { items: { amountMinor: number; currency: string }[] };
    expect(entries.items).toMatchObject([{ amountMinor: 250, currency: 'USD' }]);
    expect((await problem(await get('/wallet?currency=EUR', tokens.shopper))).code).toBe('wallet.unsupported_currency');
  });
});
