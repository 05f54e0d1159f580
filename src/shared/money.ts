import { ISO_4217_EXPONENTS } from './iso4217.js';
import { domainError, err, ok, type DomainError, type Result } from './result.js';

/**
 * Money is an integer number of minor units (paisa, cents) in one ISO 4217 currency.
 * Never a float: amounts are safe integers, and arithmetic refuses mixed currencies.
 */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

const CURRENCY = /^[A-Z]{3}$/;

export type MoneyError = DomainError<'money.invalid_amount' | 'money.invalid_currency' | 'money.currency_mismatch'>;

export function money(amountMinor: number, currency: string): Money {
  const parsed = parseMoney(amountMinor, currency);
  if (!parsed.ok) throw new RangeError(parsed.error.message);
  return parsed.value;
}

export function parseMoney(amountMinor: number, currency: string): Result<Money, MoneyError> {
  if (!Number.isSafeInteger(amountMinor)) {
    return err(domainError('money.invalid_amount', `amount must be a safe integer of minor units, got ${amountMinor}`));
  }
  if (!CURRENCY.test(currency)) {
    return err(domainError('money.invalid_currency', `currency must be a 3-letter ISO code, got ${JSON.stringify(currency)}`));
  }
  if (!isIsoCurrency(currency)) {
    return err(domainError('money.invalid_currency', `${currency} is not an ISO 4217 currency with a minor unit`));
  }
  return ok(Object.freeze({ amountMinor, currency }));
}

export const zero = (currency: string): Money => money(0, currency);

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
  }
}

function checked(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount overflow: ${amountMinor}`);
  return Object.freeze({ amountMinor, currency });
}

export const add = (a: Money, b: Money): Money => (sameCurrency(a, b), checked(a.amountMinor + b.amountMinor, a.currency));
export const subtract = (a: Money, b: Money): Money => (sameCurrency(a, b), checked(a.amountMinor - b.amountMinor, a.currency));

export function multiply(a: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new RangeError(`factor must be an integer, got ${factor}`);
  return checked(a.amountMinor * factor, a.currency);
}

export const sum = (currency: string, items: readonly Money[]): Money => items.reduce(add, zero(currency));

export const equals = (a: Money, b: Money): boolean => a.currency === b.currency && a.amountMinor === b.amountMinor;
export const isNegative = (a: Money): boolean => a.amountMinor < 0;
export const isPositive = (a: Money): boolean => a.amountMinor > 0;

/** True for a currency in the ISO 4217 table (src/shared/iso4217.ts); `parseMoney` refuses any other. */
export const isIsoCurrency = (currency: string): boolean => Object.hasOwn(ISO_4217_EXPONENTS, currency);

/**
 * Decimal places of the currency's minor unit per ISO 4217: JPY 0, USD 2, KWD 3, CLF 4.
 * Throws for a code outside the table: `parseMoney` refuses those, so one here is a bug.
 */
export function minorUnitExponent(currency: string): number {
  const exponent = Object.hasOwn(ISO_4217_EXPONENTS, currency) ? ISO_4217_EXPONENTS[currency] : undefined;
  if (exponent === undefined) throw new RangeError(`not an ISO 4217 currency: ${JSON.stringify(currency)}`);
  return exponent;
}

/** Minor units per major unit: 10 ** the ISO 4217 exponent (1 for JPY, 100 for USD, 1000 for KWD). */
export const minorUnitsPerMajor = (currency: string): number => 10 ** minorUnitExponent(currency);

/** `123.45 NPR`, `1000 JPY`, `1.234 KWD`: the ISO number of decimals, no grouping, no rounding. */
export const format = (m: Money): string => {
  const exponent = minorUnitExponent(m.currency);
  const per = 10 ** exponent;
  const sign = m.amountMinor < 0 ? '-' : '';
  const abs = Math.abs(m.amountMinor);
  const minor = abs % per;
  // An exact multiple divides exactly; abs / per could round up to the next whole unit near 2^53.
  const major = (abs - minor) / per;
  return exponent === 0 ? `${sign}${major} ${m.currency}` : `${sign}${major}.${String(minor).padStart(exponent, '0')} ${m.currency}`;
};
