import { describe, expect, it } from 'vitest';
import { InMemoryCheckoutStore } from '../../../adapters/persistence/in-memory/in-memory-checkout-store.js';
import { DEMO_CATALOG, seedThrough } from '../../../adapters/persistence/catalog-seed.js';
import { makeCatalogAdmin } from '../../../src/catalog/api.js';
import { FixedClock } from '../../../src/shared/clock.js';
import { PAID_AT } from '../../support/mothers/time.js';
import { errorOf, okValue } from '../../support/result.js';

const by = { actor: 'ops_anna', reason: 'new line' };

function catalogAdmin() {
  const store = new InMemoryCheckoutStore();
  const admin = makeCatalogAdmin({ store, clock: new FixedClock(new Date(PAID_AT)), currencies: ['NPR', 'USD', 'ZAR', 'INR'] });
  return { store, admin };
}

describe('catalog administration', () => {
  it('given a new product, when it is created, then it is on the shelf with its prices and the change is audited with who, when and why', async () => {
    const { admin } = catalogAdmin();

    const created = okValue(await admin.createProduct({ sku: 'HONEY', name: 'Chitwan honey', prices: { NPR: 90_000, USD: 700 }, onHand: 3, lowStockThreshold: 5 }, by));

    expect(created).toStrictEqual({
      sku: 'HONEY',
      name: 'Chitwan honey',
      prices: { NPR: 90_000, USD: 700 },
      onHand: 3,
      reserved: 0,
      available: 3,
      lowStockThreshold: 5,
      lowStock: true,
    });
    expect(await admin.productChanges('HONEY')).toStrictEqual([
      {
        sku: 'HONEY',
        action: 'create',
        actor: 'ops_anna',
        reason: 'new line',
        details: { name: 'Chitwan honey', prices: { NPR: 90_000, USD: 700 }, onHand: 3, lowStockThreshold: 5 },
        at: PAID_AT,
      },
    ]);
  });

  it('given a refused change, when it is made, then nothing changes and nothing is audited', async () => {
    const { admin } = catalogAdmin();
    okValue(await admin.createProduct({ sku: 'HONEY', name: 'Chitwan honey', prices: { NPR: 90_000 }, onHand: 3, lowStockThreshold: 5 }, by));

    expect(errorOf(await admin.createProduct({ sku: 'HONEY', name: 'Other', prices: { NPR: 1 }, onHand: 1, lowStockThreshold: 1 }, by)).code).toBe('catalog.product_exists');
    expect(errorOf(await admin.setPrice('HONEY', 'EUR', 800, by)).code).toBe('catalog.currency_not_offered');
    expect(errorOf(await admin.setPrice('NO-SUCH', 'USD', 800, by)).code).toBe('catalog.product_not_found');
    expect(errorOf(await admin.removePrice('HONEY', 'USD', by)).code).toBe('catalog.price_not_found');
    expect(errorOf(await admin.updateProduct('HONEY', { lowStockThreshold: -1 }, by)).code).toBe('catalog.invalid_threshold');
    expect(errorOf(await admin.restock({ sku: 'HONEY', quantity: 0, restockId: 'rst-0001', ...by })).code).toBe('catalog.invalid_quantity');

    expect((await admin.productChanges('HONEY')).map((change) => change.action)).toEqual(['create']);
    expect((await admin.listProducts())[0]).toMatchObject({ name: 'Chitwan honey', prices: { NPR: 90_000 }, onHand: 3, lowStockThreshold: 5 });
  });

  it('given a restock, when it is sent twice with its id, then its units are added once and audited once', async () => {
    const { admin } = catalogAdmin();
    okValue(await admin.createProduct({ sku: 'HONEY', name: 'Chitwan honey', prices: { NPR: 90_000 }, onHand: 3, lowStockThreshold: 5 }, by));

    okValue(await admin.restock({ sku: 'HONEY', quantity: 10, restockId: 'rst-0001', actor: 'ops_bo', reason: 'delivery' }));
    const again = okValue(await admin.restock({ sku: 'HONEY', quantity: 10, restockId: 'rst-0001', actor: 'ops_bo', reason: 'delivery' }));

    expect(again).toMatchObject({ onHand: 13, lowStock: false });
    expect((await admin.productChanges('HONEY')).map((change) => [change.action, change.actor, change.details])).toEqual([
      ['create', 'ops_anna', expect.anything()],
      ['restock', 'ops_bo', { quantity: 10 }],
    ]);
    expect(errorOf(await admin.restock({ sku: 'HONEY', quantity: 11, restockId: 'rst-0001', ...by })).code).toBe('catalog.restock_id_reused');
  });

  it('given the demo catalog, when it is seeded twice through the use case, then the second adds nothing and prices in currencies the shop does not sell in are left out', async () => {
    const store = new InMemoryCheckoutStore();
    const admin = makeCatalogAdmin({ store, clock: new FixedClock(new Date(PAID_AT)), currencies: ['NPR', 'USD'] });

    expect(await seedThrough(admin, DEMO_CATALOG, ['NPR', 'USD'])).toBe(DEMO_CATALOG.length);
    expect(await seedThrough(admin, DEMO_CATALOG, ['NPR', 'USD'])).toBe(0);

    const tea = (await admin.listProducts()).find((product) => product.sku === 'TEA-ILAM-250');
    expect(tea?.prices).toStrictEqual({ NPR: 45_000, USD: 350 });
    expect((await admin.productChanges('TEA-ILAM-250')).map((change) => [change.action, change.actor])).toEqual([['create', 'seed']]);
  });
});
