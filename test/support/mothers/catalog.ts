import type { CartItem, CatalogEntry } from '../../../src/checkout/domain/pricing.js';
import type { PricingTerms } from '../../../src/checkout/domain/quote.js';
import type { StockLine } from '../../../src/inventory/api.js';
import type { SeededProduct } from '../../../adapters/persistence/catalog-seed.js';
import { fresh } from './ids.js';
import { npr } from './money.js';

// ── Pricing (domain) ─────────────────────────────────────────────────────────

export function aCatalogEntry(overrides: Partial<CatalogEntry> & { sku: string }): CatalogEntry {
  return { name: `Product ${overrides.sku}`, unitPrice: npr(10_000), available: 100, ...overrides };
}

export const catalogOf = (...entries: CatalogEntry[]): ReadonlyMap<string, CatalogEntry> => new Map(entries.map((entry) => [entry.sku, entry]));

export const item = (sku: string, quantity: number): CartItem => ({ sku, quantity });

/** NPR terms: 13 % tax, NPR 100 standard / NPR 250 express / free pickup, 1 point = NPR 1, at most 20 % in points. */
export function aPricingTerms(overrides: Partial<PricingTerms> = {}): PricingTerms {
  return {
    currency: 'NPR',
    taxRateBasisPoints: 1_300,
    delivery: { standard: 10_000, express: 25_000, pickup: 0 },
    pointValueMinor: 100,
    maxPointsShareBasisPoints: 2_000,
    ...overrides,
  };
}

// ── Stock (persistence) ──────────────────────────────────────────────────────

/** A product on the shelf under a fresh SKU: NPR 450, ten on hand. */
/** A product to seed with one price. */
export type ShelfProduct = SeededProduct & { readonly priceMinor: number; readonly currency: string };

export function aProduct(overrides: Partial<ShelfProduct> = {}): ShelfProduct {
  const sku = overrides.sku ?? fresh('SKU');
  return { sku, name: `Product ${sku}`, priceMinor: 45_000, currency: 'NPR', onHand: 10, ...overrides };
}

export const line = (sku: string, quantity: number): StockLine => ({ sku, quantity });
