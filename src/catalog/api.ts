export type { CatalogError, NewProduct, PriceList, Product } from './domain/product.js';
export { DEFAULT_LOW_STOCK_THRESHOLD, MAX_UNITS, priceIn, SKU_PATTERN } from './domain/product.js';
export type { CatalogAction, CatalogChange, CatalogRepositories, CatalogStore, ProductCatalog, Restock } from './ports/product-catalog.js';
export { makeCatalogAdmin, productView, type CatalogActor, type CatalogAdmin, type ProductView } from './application/catalog-admin.js';
