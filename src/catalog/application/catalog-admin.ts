import type { Clock } from '../../shared/clock.js';
import { domainError, err, ok, type Result } from '../../shared/result.js';
import {
  available,
  checkName,
  checkNewProduct,
  checkPrice,
  checkRestockQuantity,
  checkThreshold,
  isLowOnStock,
  type CatalogError,
  type NewProduct,
  type PriceList,
  type Product,
} from '../domain/product.js';
import type { CatalogAction, CatalogRepositories, CatalogStore } from '../ports/product-catalog.js';

/** Who changes the catalog, and why: every change is audited with both. */
export interface CatalogActor {
  readonly actor: string;
  readonly reason: string;
}

/** A product as operators see it: prices, stock, what reservations hold, and whether it runs low. */
export interface ProductView {
  readonly sku: string;
  readonly name: string;
  readonly prices: PriceList;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly lowStockThreshold: number;
  readonly lowStock: boolean;
}

export const productView = (product: Product): ProductView => ({
  sku: product.sku,
  name: product.name,
  prices: product.prices,
  onHand: product.onHand,
  reserved: product.reserved,
  available: available(product),
  lowStockThreshold: product.lowStockThreshold,
  lowStock: isLowOnStock(product),
});

export interface CatalogAdminDeps {
  readonly store: CatalogStore;
  readonly clock: Clock;
  /** The currencies the shop sells in: a price in any other is refused. */
  readonly currencies: readonly string[];
}

const notFound = (sku: string) => domainError('catalog.product_not_found', `no product ${sku}`, { sku });

/** The operators' catalog and stock use cases; the demo seed goes through `createProduct` too. */
export function makeCatalogAdmin(deps: CatalogAdminDeps) {
  const { store, clock, currencies } = deps;
  const now = () => clock.now().toISOString();

  /** Runs `change` and, when it succeeds, audits it in the same transaction; answers the product as it is after. */
  function changed(
    sku: string,
    action: CatalogAction,
    by: CatalogActor,
    details: Record<string, unknown>,
    change: (repos: CatalogRepositories) => Promise<Result<void, CatalogError>>,
  ): Promise<Result<ProductView, CatalogError>> {
    return store.transaction(async (repos) => {
      const done = await change(repos);
      if (!done.ok) return done;
      await repos.catalog.recordChange({ sku, action, actor: by.actor, reason: by.reason, details, at: now() });
      const product = await repos.catalog.bySku(sku);
      return product === undefined ? err(notFound(sku)) : ok(productView(product));
    });
  }

  async function createProduct(product: NewProduct, by: CatalogActor): Promise<Result<ProductView, CatalogError>> {
    const checked = checkNewProduct(product, currencies);
    if (!checked.ok) return checked;
    const { sku, name, prices, onHand, lowStockThreshold } = checked.value;
    return changed(sku, 'create', by, { name, prices, onHand, lowStockThreshold }, async ({ catalog }) =>
      (await catalog.create(checked.value)) === 'created' ? ok(undefined) : err(domainError('catalog.product_exists', `a product ${sku} exists already`, { sku })),
    );
  }

  async function updateProduct(
    sku: string,
    changes: { readonly name?: string; readonly lowStockThreshold?: number },
    by: CatalogActor,
  ): Promise<Result<ProductView, CatalogError>> {
    let name: string | undefined;
    if (changes.name !== undefined) {
      const checked = checkName(changes.name);
      if (!checked.ok) return checked;
      name = checked.value;
    }
    if (changes.lowStockThreshold !== undefined) {
      const checked = checkThreshold(changes.lowStockThreshold);
      if (!checked.ok) return checked;
    }
    const update = { ...(name === undefined ? {} : { name }), ...(changes.lowStockThreshold === undefined ? {} : { lowStockThreshold: changes.lowStockThreshold }) };
    return changed(sku, 'update', by, update, async ({ catalog }) => ((await catalog.update(sku, update)) ? ok(undefined) : err(notFound(sku))));
  }

  async function setPrice(sku: string, currency: string, amountMinor: number, by: CatalogActor): Promise<Result<ProductView, CatalogError>> {
    const checked = checkPrice(currency, amountMinor, currencies);
    if (!checked.ok) return checked;
    return changed(sku, 'set_price', by, { currency, priceMinor: amountMinor }, async ({ catalog }) =>
      (await catalog.setPrice(sku, currency, amountMinor)) ? ok(undefined) : err(notFound(sku)),
    );
  }

  async function removePrice(sku: string, currency: string, by: CatalogActor): Promise<Result<ProductView, CatalogError>> {
    return changed(sku, 'remove_price', by, { currency }, async ({ catalog }) => {
      if (await catalog.removePrice(sku, currency)) return ok(undefined);
      return (await catalog.bySku(sku)) === undefined ? err(notFound(sku)) : err(domainError('catalog.price_not_found', `${sku} has no price in ${currency}`, { sku, currency }));
    });
  }

  /** Adds units on hand, once per restock id; a repeat answers the product as it is. */
  async function restock(command: { readonly sku: string; readonly quantity: number; readonly restockId: string } & CatalogActor): Promise<Result<ProductView, CatalogError>> {
    const checked = checkRestockQuantity(command.quantity);
    if (!checked.ok) return checked;
    return store.transaction(async ({ catalog }) => {
      const outcome = await catalog.restock({ ...command, at: now() });
      if (outcome === 'not_found') return err(notFound(command.sku));
      if (outcome === 'restock_id_reused') {
        return err(domainError('catalog.restock_id_reused', `restock ${command.restockId} was made with another SKU or quantity`, { restockId: command.restockId }));
      }
      const product = await catalog.bySku(command.sku);
      return product === undefined ? err(notFound(command.sku)) : ok(productView(product));
    });
  }

  async function listProducts(): Promise<ProductView[]> {
    return (await store.read(({ catalog }) => catalog.list())).map(productView);
  }

  async function productChanges(sku: string) {
    return store.read(({ catalog }) => catalog.changes(sku));
  }

  return { createProduct, updateProduct, setPrice, removePrice, restock, listProducts, productChanges };
}

export type CatalogAdmin = ReturnType<typeof makeCatalogAdmin>;
