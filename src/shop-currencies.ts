/**
 * The currencies a shop sells in and its pricing terms in each: tax, delivery charges, what a
 * loyalty point is worth and how points are earned. Read once with the rest of the environment.
 */
import type { PricingTerms } from './checkout/domain/quote.js';

/** One currency's terms, with the earn rule beside them (minor units of subtotal per point). */
export interface CurrencyTerms extends PricingTerms {
  readonly earnMinorPerPoint: number;
}

type Terms = Omit<CurrencyTerms, 'currency' | 'internationalDelivery'> & { readonly internationalDelivery: NonNullable<PricingTerms['internationalDelivery']> };

/** What the demo offers out of the box, the first the default. */
export const DEMO_CURRENCIES = ['NPR', 'USD', 'ZAR', 'INR'] as const;

/**
 * Built-in terms (all four have two decimals in ISO 4217, so every figure is cents, paisa):
 * Nepal's 13 % VAT, South Africa's 15 % VAT, India's 18 % GST, no US sales tax; delivery at
 * local rates; a point worth about NPR 1 everywhere and earned for about NPR 10 of goods.
 */
const BUILT_IN_TERMS: Readonly<Record<string, Terms>> = {
  NPR: terms(1300, [10_000, 25_000, 0], [150_000, 300_000], 100, 1000),
  USD: terms(0, [500, 1500, 0], [2500, 5000], 1, 10),
  ZAR: terms(1500, [6000, 15_000, 0], [40_000, 80_000], 10, 100),
  INR: terms(1800, [5000, 15_000, 0], [150_000, 300_000], 60, 600),
};

function terms(
  taxRateBasisPoints: number,
  [standard, express, pickup]: readonly [number, number, number],
  [abroad, abroadExpress]: readonly [number, number],
  pointValueMinor: number,
  earnMinorPerPoint: number,
): Terms {
  return {
    taxRateBasisPoints,
    delivery: { standard, express, pickup },
    internationalDelivery: { standard: abroad, express: abroadExpress, pickup },
    pointValueMinor,
    maxPointsShareBasisPoints: 5000,
    earnMinorPerPoint,
  };
}

/** The variables of one currency's terms: unsuffixed for the first currency, `_<CODE>` for every one. */
const TERM_VARIABLES = {
  TAX_RATE_BASIS_POINTS: { max: 10_000, min: 0 },
  DELIVERY_STANDARD_MINOR: { min: 0 },
  DELIVERY_EXPRESS_MINOR: { min: 0 },
  DELIVERY_PICKUP_MINOR: { min: 0 },
  DELIVERY_INTERNATIONAL_STANDARD_MINOR: { min: 0 },
  DELIVERY_INTERNATIONAL_EXPRESS_MINOR: { min: 0 },
  POINT_VALUE_MINOR: { min: 0 },
  MAX_POINTS_SHARE_BASIS_POINTS: { max: 10_000, min: 0 },
  LOYALTY_EARN_MINOR_PER_POINT: { min: 1 },
} as const;

type TermVariable = keyof typeof TERM_VARIABLES;

/** The first currency's defaults, as they were when a shop had one currency: NPR's figures. */
const SINGLE_CURRENCY_DEFAULTS: Terms = BUILT_IN_TERMS['NPR']!;

/**
 * The shop's currencies: `SHOP_CURRENCY` first (the default of every request that names none),
 * then `SHOP_CURRENCIES` (demo mode: NPR, USD, ZAR, INR; otherwise none besides the first).
 */
export function shopCurrencies(env: { readonly SHOP_CURRENCY?: string | undefined; readonly SHOP_CURRENCIES?: readonly string[] | undefined }, demo: boolean): string[] {
  const listed = env.SHOP_CURRENCIES ?? (demo ? DEMO_CURRENCIES : []);
  const first = env.SHOP_CURRENCY ?? listed[0] ?? 'NPR';
  return [...new Set([first, ...listed])];
}

export class CurrencySettingsError extends Error {
  override readonly name = 'CurrencySettingsError';
}

/**
 * Every currency's terms. The first currency reads the unsuffixed variables (with their
 * single-currency defaults), so a one-currency deployment keeps its settings; every currency
 * reads `<VARIABLE>_<CODE>` over that, or over its built-in terms (NPR's figures for a currency
 * without any). Throws naming each variable that is wrong.
 */
export function currencyTerms(env: Readonly<Record<string, string | undefined>>, currencies: readonly string[]): Record<string, CurrencyTerms> {
  const problems: string[] = [];
  const read = (name: string, rule: { readonly min: number; readonly max?: number }): number | undefined => {
    const raw = env[name];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isSafeInteger(value) || value < rule.min || (rule.max !== undefined && value > rule.max)) {
      problems.push(`${name}: must be a whole number from ${rule.min}${rule.max === undefined ? '' : ` to ${rule.max}`}`);
      return undefined;
    }
    return value;
  };
  const result: Record<string, CurrencyTerms> = {};
  currencies.forEach((currency, index) => {
    const base = index === 0 ? SINGLE_CURRENCY_DEFAULTS : (BUILT_IN_TERMS[currency] ?? SINGLE_CURRENCY_DEFAULTS);
    const value = (variable: TermVariable, fallback: number): number => {
      const rule = TERM_VARIABLES[variable];
      return read(`${variable}_${currency}`, rule) ?? (index === 0 ? read(variable, rule) : undefined) ?? fallback;
    };
    result[currency] = {
      currency,
      taxRateBasisPoints: value('TAX_RATE_BASIS_POINTS', base.taxRateBasisPoints),
      delivery: {
        standard: value('DELIVERY_STANDARD_MINOR', base.delivery.standard),
        express: value('DELIVERY_EXPRESS_MINOR', base.delivery.express),
        pickup: value('DELIVERY_PICKUP_MINOR', base.delivery.pickup),
      },
      // Abroad: the same pickup (nothing travels); standard and express at their own charges.
      internationalDelivery: {
        standard: value('DELIVERY_INTERNATIONAL_STANDARD_MINOR', base.internationalDelivery.standard),
        express: value('DELIVERY_INTERNATIONAL_EXPRESS_MINOR', base.internationalDelivery.express),
        pickup: value('DELIVERY_PICKUP_MINOR', base.delivery.pickup),
      },
      pointValueMinor: value('POINT_VALUE_MINOR', base.pointValueMinor),
      maxPointsShareBasisPoints: value('MAX_POINTS_SHARE_BASIS_POINTS', base.maxPointsShareBasisPoints),
      earnMinorPerPoint: value('LOYALTY_EARN_MINOR_PER_POINT', base.earnMinorPerPoint),
    };
  });
  if (problems.length > 0) throw new CurrencySettingsError([...new Set(problems)].map((p) => `  ${p}`).join('\n'));
  return result;
}
