import { MikroORM } from '@mikro-orm/postgresql';
import { mikroOrmConfig } from './mikro-orm.config.js';

export interface DemoProduct {
  readonly sku: string;
  readonly name: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly onHand: number;
}

/** The small demo catalog `npm start` seeds (prices in paisa). */
export const DEMO_CATALOG: readonly DemoProduct[] = [
  { sku: 'TEA-ILAM-250', name: 'Ilam green tea, 250 g', priceMinor: 45_000, currency: 'NPR', onHand: 100 },
  { sku: 'MUG-CLAY', name: 'Thimi clay mug', priceMinor: 80_000, currency: 'NPR', onHand: 25 },
  { sku: 'PASHMINA-GREY', name: 'Pashmina shawl, grey', priceMinor: 1_250_000, currency: 'NPR', onHand: 5 },
  { sku: 'CANDLE-YAK', name: 'Yak butter candle', priceMinor: 12_500, currency: 'NPR', onHand: 0 },
];

export async function openDatabase(url: string, options: { poolMax?: number } = {}): Promise<MikroORM> {
  return MikroORM.init(mikroOrmConfig(url, options));
}

/** Applies pending migrations; returns the names applied now. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

/** Inserts products that are not there yet; never overwrites stock an operator changed. */
export async function seedCatalog(orm: MikroORM, products: readonly DemoProduct[] = DEMO_CATALOG): Promise<number> {
  const em = orm.em.fork();
  let inserted = 0;
  for (const product of products) {
    const rows = await em.execute<unknown[]>(`insert into products (sku, name, price_minor, currency, on_hand) values (?, ?, ?, ?, ?) on conflict (sku) do nothing returning sku`, [
      product.sku,
      product.name,
      product.priceMinor,
      product.currency,
      product.onHand,
    ]);
    inserted += rows.length;
  }
  return inserted;
}
