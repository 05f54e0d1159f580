import { MikroORM } from '@mikro-orm/postgresql';
import { mikroOrmConfig } from './mikro-orm.config.js';
import { makeCatalogAdmin } from '../../src/catalog/api.js';
import { SystemClock } from '../../src/shared/clock.js';
import { currenciesOf, DEMO_CATALOG, seedThrough, type SeededProduct } from './catalog-seed.js';
import { MikroOrmCheckoutStore } from './mikro-orm-checkout-store.js';

/** A product the seed puts on the shelf (see `SeededProduct`). */
export type DemoProduct = SeededProduct;
export { DEMO_CATALOG };

export async function openDatabase(url: string, options: { poolMax?: number } = {}): Promise<MikroORM> {
  return MikroORM.init(mikroOrmConfig(url, options));
}

/** Applies pending migrations; returns the names applied now. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

/**
 * Inserts products that are not there yet, through the operators' create-product use case; never
 * overwrites stock an operator changed. `currencies`: those the shop sells in (default: every
 * currency the products are priced in).
 */
export async function seedCatalog(orm: MikroORM, products: readonly SeededProduct[] = DEMO_CATALOG, currencies: readonly string[] = currenciesOf(products)): Promise<number> {
  const admin = makeCatalogAdmin({ store: new MikroOrmCheckoutStore(orm), clock: new SystemClock(), currencies });
  return seedThrough(admin, products, currencies);
}
