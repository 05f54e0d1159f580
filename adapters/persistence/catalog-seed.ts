import { DEFAULT_LOW_STOCK_THRESHOLD, type CatalogAdmin, type PriceList } from '../../src/catalog/api.js';

/**
 * A product to put on the shelf at start: its prices per currency (`prices`), or one price
 * (`priceMinor` in `currency`), its units on hand and its low-stock threshold (default 5).
 */
export interface SeededProduct {
  readonly sku: string;
  readonly name: string;
  readonly onHand: number;
  readonly lowStockThreshold?: number;
  readonly prices?: PriceList;
  readonly priceMinor?: number;
  readonly currency?: string;
}

/** The product's price list, whichever way it was given. */
export const seededPrices = (product: SeededProduct): PriceList => ({
  ...product.prices,
  ...(product.priceMinor === undefined || product.currency === undefined ? {} : { [product.currency]: product.priceMinor }),
});

/** Every currency the products are priced in. */
export const currenciesOf = (products: readonly SeededProduct[]): string[] => [...new Set(products.flatMap((product) => Object.keys(seededPrices(product))))];

/**
 * The demo catalog `npm start` seeds, priced so each gateway's sandbox can take it: NPR for Khalti
 * and eSewa (Khalti's minimum is NPR 10), ZAR for iKhokha, INR for Razorpay (minimum INR 1.00),
 * USD for Stripe (minimum USD 0.50) and PayPal (two decimals). All four currencies have two decimals.
 * The candle is sold out, to show a refusal.
 */
export const DEMO_CATALOG: readonly SeededProduct[] = [
  { sku: 'TEA-ILAM-250', name: 'Ilam green tea, 250 g', prices: { NPR: 45_000, USD: 350, ZAR: 6_000, INR: 28_000 }, onHand: 100 },
  { sku: 'MUG-CLAY', name: 'Thimi clay mug', prices: { NPR: 80_000, USD: 600, ZAR: 11_000, INR: 50_000 }, onHand: 25 },
  { sku: 'PASHMINA-GREY', name: 'Pashmina shawl, grey', prices: { NPR: 1_250_000, USD: 9_500, ZAR: 170_000, INR: 780_000 }, onHand: 5 },
  { sku: 'CANDLE-YAK', name: 'Yak butter candle', prices: { NPR: 12_500, USD: 100, ZAR: 1_800, INR: 8_000 }, onHand: 0 },
];

export class CatalogSeedError extends Error {
  override readonly name = 'CatalogSeedError';
}

/**
 * Puts the products that are not there yet on the shelf through the operators' own use case
 * (audited as `seed`), never changing one that is: a second start adds nothing. Prices in a
 * currency the shop does not sell in are left out. Returns how many were added.
 */
export async function seedThrough(admin: CatalogAdmin, products: readonly SeededProduct[], currencies: readonly string[]): Promise<number> {
  let inserted = 0;
  for (const product of products) {
    const prices = Object.fromEntries(Object.entries(seededPrices(product)).filter(([currency]) => currencies.includes(currency)));
    const created = await admin.createProduct(
      { sku: product.sku, name: product.name, prices, onHand: product.onHand, lowStockThreshold: product.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD },
      { actor: 'seed', reason: 'the demo catalog' },
    );
    if (created.ok) inserted += 1;
    else if (created.error.code !== 'catalog.product_exists') throw new CatalogSeedError(`${product.sku}: ${created.error.code}: ${created.error.message}`);
  }
  return inserted;
}
