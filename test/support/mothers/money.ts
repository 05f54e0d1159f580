import fc from 'fast-check';
import { ISO_4217_EXPONENTS } from '../../../src/shared/iso4217.js';
import { type Money, money } from '../../../src/shared/money.js';

export const npr = (amountMinor: number): Money => money(amountMinor, 'NPR');
export const usd = (amountMinor: number): Money => money(amountMinor, 'USD');
export const jpy = (amountMinor: number): Money => money(amountMinor, 'JPY');

/** Any ISO 4217 currency code (money refuses codes outside the table). */
export const anyCurrency = fc.constantFrom(...Object.keys(ISO_4217_EXPONENTS));
/** Any three-letter code that is not an ISO 4217 currency with a minor unit. */
export const anyNonIsoCode = fc.stringMatching(/^[A-Z]{3}$/).filter((code) => !Object.hasOwn(ISO_4217_EXPONENTS, code));
/** Any safe integer, with fast-check's bias towards the extremes where overflow lives. */
export const anySafeAmount = fc.maxSafeInteger();
/** Amounts small enough that adding three of them can never overflow. */
export const aThirdOfSafeAmount = fc.integer({ min: -Math.floor(Number.MAX_SAFE_INTEGER / 3), max: Math.floor(Number.MAX_SAFE_INTEGER / 3) });
