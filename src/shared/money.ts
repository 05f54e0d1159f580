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

/** Minor units per major unit. NPR, USD, ZAR, INR have 2 decimals; extend when a 0- or 3-decimal currency arrives. */
export const minorUnitsPerMajor = (currency: string): number => {
  switch (currency) {
    case 'JPY':
    case 'KRW':
      return 1;
    default:
      return 100;
  }
};

export const format = (m: Money): string => {
  const per = minorUnitsPerMajor(m.currency);
  const digits = per === 1 ? 0 : 2;
  const sign = m.amountMinor < 0 ? '-' : '';
  const abs = Math.abs(m.amountMinor);
  const major = Math.trunc(abs / per);
  const minor = abs % per;
  return digits === 0 ? `${sign}${major} ${m.currency}` : `${sign}${major}.${String(minor).padStart(2, '0')} ${m.currency}`;
};
