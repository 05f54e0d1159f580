import type { CatalogChange, NewProduct, Product, ProductCatalog, Restock } from '../../../src/catalog/api.js';
import { check, instant, isWholeAtLeast } from './in-memory-constraints.js';
import type { ProductRow, StateAccess } from './in-memory-state.js';

const productOf = (row: ProductRow): Product => ({
  sku: row.sku,
  name: row.name,
  prices: { ...row.prices },
  onHand: row.onHand,
  reserved: row.reserved,
  lowStockThreshold: row.lowStockThreshold,
});

const bySku = (a: { sku: string }, b: { sku: string }) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** `products.*`, `product_prices` and `catalog_changes` in memory, under the same checks. */
export class InMemoryProductCatalog implements ProductCatalog {
  constructor(private readonly access: StateAccess) {}

  create(product: NewProduct): Promise<'created' | 'exists'> {
    return this.access.write((state) => {
      if (state.products.has(product.sku)) return 'exists';
      checkPrices(product.sku, product.prices);
      check(isWholeAtLeast(product.onHand, 0), 'products_on_hand_check', `${product.sku} cannot have ${product.onHand} units on hand`);
      check(isWholeAtLeast(product.lowStockThreshold, 0), 'products_low_stock_threshold_check', `${product.sku} cannot have a threshold of ${product.lowStockThreshold}`);
      state.products.set(product.sku, { ...product, prices: { ...product.prices }, reserved: 0 });
      return 'created';
    });
  }

  async bySku(sku: string): Promise<Product | undefined> {
    const [product] = await this.bySkus([sku]);
    return product;
  }

  bySkus(skus: readonly string[]): Promise<Product[]> {
    const wanted = new Set(skus);
    return this.access.read((state) =>
      [...state.products.values()]
        .filter((row) => wanted.has(row.sku))
        .sort(bySku)
        .map(productOf),
    );
  }

  list(): Promise<Product[]> {
    return this.access.read((state) => [...state.products.values()].sort(bySku).map(productOf));
  }

  update(sku: string, changes: { readonly name?: string; readonly lowStockThreshold?: number }): Promise<boolean> {
    return this.access.write((state) => {
      const row = state.products.get(sku);
      if (row === undefined) return false;
      const next = {
        ...row,
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.lowStockThreshold === undefined ? {} : { lowStockThreshold: changes.lowStockThreshold }),
      };
      check(isWholeAtLeast(next.lowStockThreshold, 0), 'products_low_stock_threshold_check', `${sku} cannot have a threshold of ${next.lowStockThreshold}`);
      state.products.set(sku, next);
      return true;
    });
  }

  setPrice(sku: string, currency: string, amountMinor: number): Promise<boolean> {
    return this.access.write((state) => {
      const row = state.products.get(sku);
      if (row === undefined) return false;
      checkPrices(sku, { [currency]: amountMinor });
      state.products.set(sku, { ...row, prices: { ...row.prices, [currency]: amountMinor } });
      return true;
    });
  }

  removePrice(sku: string, currency: string): Promise<boolean> {
    return this.access.write((state) => {
      const row = state.products.get(sku);
      if (row === undefined || !Object.hasOwn(row.prices, currency)) return false;
      const { [currency]: _removed, ...prices } = row.prices;
      state.products.set(sku, { ...row, prices });
      return true;
    });
  }

  restock(restock: Restock): Promise<'restocked' | 'already_restocked' | 'restock_id_reused' | 'not_found'> {
    return this.access.write((state) => {
      const earlier = state.catalogChanges.find((change) => change.restock?.id === restock.restockId);
      if (earlier !== undefined) return earlier.sku === restock.sku && earlier.restock?.quantity === restock.quantity ? 'already_restocked' : 'restock_id_reused';
      const row = state.products.get(restock.sku);
      if (row === undefined) return 'not_found';
      check(isWholeAtLeast(row.onHand + restock.quantity, 0), 'products_on_hand_check', `${restock.sku} cannot have ${row.onHand + restock.quantity} units on hand`);
      state.products.set(restock.sku, { ...row, onHand: row.onHand + restock.quantity });
      state.catalogChanges.push({
        sku: restock.sku,
        action: 'restock',
        actor: restock.actor,
        reason: restock.reason,
        details: { quantity: restock.quantity },
        at: instant(restock.at),
        restock: { id: restock.restockId, quantity: restock.quantity },
      });
      return 'restocked';
    });
  }

  recordChange(change: CatalogChange): Promise<void> {
    return this.access.write((state) => {
      check(state.products.has(change.sku), 'catalog_changes_sku_fkey', `product ${change.sku} does not exist`);
      state.catalogChanges.push({ ...change, details: structuredClone(change.details), at: instant(change.at) });
    });
  }

  changes(sku?: string): Promise<CatalogChange[]> {
    return this.access.read((state) =>
      state.catalogChanges.filter((change) => sku === undefined || change.sku === sku).map(({ restock: _restock, ...change }) => structuredClone(change)),
    );
  }
}

/** `product_prices.price_minor bigint not null check (price_minor >= 0)`. */
function checkPrices(sku: string, prices: Readonly<Record<string, number>>): void {
  for (const [currency, amountMinor] of Object.entries(prices)) {
    check(isWholeAtLeast(amountMinor, 0), 'product_prices_price_minor_check', `${sku} cannot cost ${amountMinor} ${currency}`);
  }
}
