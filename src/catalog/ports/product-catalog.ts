import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { NewProduct, Product } from '../domain/product.js';

export type CatalogAction = 'create' | 'update' | 'set_price' | 'remove_price' | 'restock';

/** One audited change to the catalog: who, when, what, why. */
export interface CatalogChange {
  readonly sku: string;
  readonly action: CatalogAction;
  readonly actor: string;
  readonly reason: string;
  /** What changed, e.g. `{ currency, priceMinor }` or `{ quantity }`. */
  readonly details: Readonly<Record<string, unknown>>;
  /** ISO-8601. */
  readonly at: string;
}

/** A restock: units added once per `restockId`, whatever retries happen. */
export interface Restock {
  readonly sku: string;
  readonly quantity: number;
  readonly restockId: string;
  readonly actor: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * The products, their price lists and their stock on hand. Writes run in the caller's transaction;
 * the use case records the change (`recordChange`) in the same one, so no change goes unaudited.
 */
export interface ProductCatalog {
  /** Inserts the product and its prices; `exists` (and nothing written) when the SKU is taken. */
  create(product: NewProduct): Promise<'created' | 'exists'>;
  bySku(sku: string): Promise<Product | undefined>;
  /** The products among `skus` that exist, in no particular order. */
  bySkus(skus: readonly string[]): Promise<Product[]>;
  /** Every product, by SKU. */
  list(): Promise<Product[]>;
  /** `false` when there is no such product. */
  update(sku: string, changes: { readonly name?: string; readonly lowStockThreshold?: number }): Promise<boolean>;
  /** Sets (inserts or replaces) the price in `currency`; `false` when there is no such product. */
  setPrice(sku: string, currency: string, amountMinor: number): Promise<boolean>;
  /** `false` when the product had no price in `currency`. */
  removePrice(sku: string, currency: string): Promise<boolean>;
  /**
   * Adds `quantity` units on hand and audits it, once per `restockId`: a repeat with the same
   * SKU and quantity is `already_restocked`; the same id for another SKU or quantity is
   * `restock_id_reused` (nothing written). Atomic against concurrent reservations: on hand only
   * grows, so it never falls below what is reserved.
   */
  restock(restock: Restock): Promise<'restocked' | 'already_restocked' | 'restock_id_reused' | 'not_found'>;
  recordChange(change: CatalogChange): Promise<void>;
  /** The audit trail, oldest first; of one SKU when given. */
  changes(sku?: string): Promise<CatalogChange[]>;
}

export interface CatalogRepositories {
  readonly catalog: ProductCatalog;
}

/** The unit of work of a catalog use case. */
export type CatalogStore = UnitOfWork<CatalogRepositories>;
