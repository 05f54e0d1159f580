import { minorUnitExponent, type Money } from '../../shared/money.js';

/** `1234567` → `1,234,567`: thousands grouped with commas, for the whole digits a message shows. */
export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A whole number as a message shows it: `12,500` points. */
export const formatCount = (n: number): string => (n < 0 ? `-${groupDigits(String(-n))}` : groupDigits(String(n)));

/**
 * Money as a shopper reads it: the currency code, the major units grouped by thousands and exactly
 * the ISO 4217 number of decimals (`NPR 1,234.50`, `USD 12.00`, `JPY 1,200`, `BHD 1.250`).
 * Integer arithmetic on BigInt throughout: no float ever touches the amount.
 */
export function formatMoney(m: Money): string {
  const exponent = minorUnitExponent(m.currency);
  const negative = m.amountMinor < 0;
  const abs = BigInt(m.amountMinor) * (negative ? -1n : 1n);
  const per = 10n ** BigInt(exponent);
  const major = groupDigits((abs / per).toString());
  const minor = (abs % per).toString().padStart(exponent, '0');
  return `${m.currency} ${negative ? '-' : ''}${exponent === 0 ? major : `${major}.${minor}`}`;
}
