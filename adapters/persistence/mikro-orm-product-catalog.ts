import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogChange, NewProduct, Product, ProductCatalog, Restock } from '../../src/catalog/api.js';
import { atomically } from './mikro-orm-unit-of-work.js';

interface ProductRow {
  sku: string;
  name: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  prices: Record<string, string> | null;
}

const SELECT_PRODUCTS = `
  select p.sku, p.name, p.on_hand, p.reserved, p.low_stock_threshold,
         (select jsonb_object_agg(trim(pp.currency), pp.price_minor::text) from product_prices pp where pp.sku = p.sku) as prices
    from products p`;

const productOf = (row: ProductRow): Product => ({
  sku: row.sku,
  name: row.name,
  prices: Object.fromEntries(Object.entries(row.prices ?? {}).map(([currency, minor]) => [currency, Number(minor)])),
  onHand: Number(row.on_hand),
  reserved: Number(row.reserved),
  lowStockThreshold: Number(row.low_stock_threshold),
});

/** Products in `products`, their price lists in `product_prices`, the audit trail in `catalog_changes`. */
export class MikroOrmProductCatalog implements ProductCatalog {
  constructor(private readonly em: EntityManager) {}

  async create(product: NewProduct): Promise<'created' | 'exists'> {
    return atomically(this.em, async (em) => {
      const inserted = await em.execute<unknown[]>(
        `insert into products (sku, name, on_hand, low_stock_threshold) values (?, ?, ?, ?) on conflict (sku) do nothing returning sku`,
        [product.sku, product.name, product.onHand, product.lowStockThreshold],
      );
      if (inserted.length === 0) return 'exists';
      for (const [currency, amountMinor] of Object.entries(product.prices)) {
        await em.execute(`insert into product_prices (sku, currency, price_minor) values (?, ?, ?)`, [product.sku, currency, amountMinor]);
      }
      return 'created';
    });
  }

  async bySku(sku: string): Promise<Product | undefined> {
    const [product] = await this.bySkus([sku]);
    return product;
  }

  async bySkus(skus: readonly string[]): Promise<Product[]> {
    if (skus.length === 0) return [];
    const rows = await this.em.execute<ProductRow[]>(`${SELECT_PRODUCTS} where p.sku in (${skus.map(() => '?').join(', ')}) order by p.sku`, [...skus]);
    return rows.map(productOf);
  }

  async list(): Promise<Product[]> {
    return (await this.em.execute<ProductRow[]>(`${SELECT_PRODUCTS} order by p.sku`)).map(productOf);
  }

  async update(sku: string, changes: { readonly name?: string; readonly lowStockThreshold?: number }): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      `update products set name = coalesce(?, name), low_stock_threshold = coalesce(?, low_stock_threshold) where sku = ? returning sku`,
      [changes.name ?? null, changes.lowStockThreshold ?? null, sku],
    );
    return rows.length > 0;
  }

  async setPrice(sku: string, currency: string, amountMinor: number): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      `insert into product_prices (sku, currency, price_minor) select sku, ?, ? from products where sku = ?
       on conflict (sku, currency) do update set price_minor = excluded.price_minor returning sku`,
      [currency, amountMinor, sku],
    );
    return rows.length > 0;
  }

  async removePrice(sku: string, currency: string): Promise<boolean> {
    return (await this.em.execute<unknown[]>(`delete from product_prices where sku = ? and currency = ? returning sku`, [sku, currency])).length > 0;
  }

  /**
   * The restock's audit row claims its id first (unique), then on hand grows in one statement:
   * the row lock it takes orders it with reservations (which lock the same row), and an increment
   * can never take on hand below what they hold.
   */
  async restock(restock: Restock): Promise<'restocked' | 'already_restocked' | 'restock_id_reused' | 'not_found'> {
    return atomically(this.em, async (em) => {
      const claimed = await em.execute<unknown[]>(
        `insert into catalog_changes (sku, action, actor, reason, details, restock_id, changed_at)
         select sku, 'restock', ?, ?, ?::jsonb, ?, ? from products where sku = ?
         on conflict (restock_id) do nothing returning id`,
        [restock.actor, restock.reason, JSON.stringify({ quantity: restock.quantity }), restock.restockId, restock.at, restock.sku],
      );
      if (claimed.length === 0) {
        const earlier = await em.execute<{ sku: string; quantity: number }[]>(`select sku, (details->>'quantity')::int as quantity from catalog_changes where restock_id = ?`, [
          restock.restockId,
        ]);
        const first = earlier[0];
        if (first === undefined) return 'not_found';
        return first.sku === restock.sku && Number(first.quantity) === restock.quantity ? 'already_restocked' : 'restock_id_reused';
      }
      await em.execute(`update products set on_hand = on_hand + ? where sku = ?`, [restock.quantity, restock.sku]);
      return 'restocked';
    });
  }

  async recordChange(change: CatalogChange): Promise<void> {
    await this.em.execute(`insert into catalog_changes (sku, action, actor, reason, details, changed_at) values (?, ?, ?, ?, ?::jsonb, ?)`, [
      change.sku,
      change.action,
      change.actor,
      change.reason,
      JSON.stringify(change.details),
      change.at,
    ]);
  }

  async changes(sku?: string): Promise<CatalogChange[]> {
    const rows = await this.em.execute<{ sku: string; action: CatalogChange['action']; actor: string; reason: string; details: Record<string, unknown>; changed_at: Date }[]>(
      `select sku, action, actor, reason, details, changed_at from catalog_changes ${sku === undefined ? '' : 'where sku = ?'} order by id`,
      sku === undefined ? [] : [sku],
    );
    return rows.map((row) => ({ sku: row.sku, action: row.action, actor: row.actor, reason: row.reason, details: row.details, at: new Date(row.changed_at).toISOString() }));
  }
}
