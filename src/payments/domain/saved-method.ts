import { domainError, err, ok, type DomainError, type Result } from '../../shared/result.js';

/** How a saved method is shown, as gateways describe it (`SavedMethodGateway`): never more of a card than brand, last four and expiry. */
export interface SavedMethodDetails {
  readonly gatewayMethodId: string;
  /** `card` for cards, including those paid through a wallet. */
  readonly type: 'card';
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  /** The wallet the card was used through (`google_pay`, `apple_pay`). */
  readonly wallet?: string;
}

/** A payment method a shopper saved at a gateway: the gateway's ids and display data, never a card number. */
export interface SavedMethod extends SavedMethodDetails {
  /** Ours (`spm_…`). */
  readonly id: string;
  readonly customerId: string;
  readonly gateway: string;
  readonly gatewayCustomerId: string;
  readonly isDefault: boolean;
  /** ISO-8601. */
  readonly createdAt: string;
}

/** How a payment was paid, as the gateway reports it (`PaymentStatusReport.paidWith`). */
export interface PaidWith {
  readonly type: string;
  readonly brand?: string;
  readonly last4?: string;
  readonly wallet?: string;
}

export type SavedMethodError = DomainError<'payments.invalid_saved_method'>;

/** Card brands as gateways name them (Stripe's `card.brand` and `display_brand`); any other lower-case word is taken too. */
export const KNOWN_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb', 'unionpay', 'cartes_bancaires', 'eftpos_au', 'interac', 'rupay', 'unknown'] as const;

const WORD = /^[a-z][a-z_]{0,31}$/;
const LAST4 = /^[0-9]{4}$/;

const invalid = (message: string, field: string): Result<never, SavedMethodError> => err(domainError('payments.invalid_saved_method', message, { field }));

/** The digits of a run, when it could be a card number: 13–19 digits, a card's first digit (2–6), passing Luhn. */
function cardLike(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Every run in `text` that looks like a full card number: 13–19 digits, optionally grouped by
 * single spaces or dashes (`4242 4242 4242 4242`), starting with a card's first digit and passing
 * the Luhn check. Grouped runs are tried group by group, so a number followed by more digit groups
 * is still found; a longer run of bare digits (an id) is not a card. Millisecond timestamps start
 * with 1, so they never match.
 */
export function findCardNumbers(text: string): string[] {
  const found: string[] = [];
  for (const run of text.match(/\d+(?:[ -]\d+)*/g) ?? []) {
    const groups = run.split(/[ -]/);
    for (let start = 0; start < groups.length; start += 1) {
      let digits = '';
      for (let end = start; end < groups.length && digits.length < 19; end += 1) {
        digits += groups[end];
        if (cardLike(digits)) found.push(digits);
      }
    }
  }
  return found;
}

/** Refuses a value with anything that looks like a full card number in it. */
export function refuseCardNumbers(fields: Readonly<Record<string, string | number | undefined>>): Result<void, SavedMethodError> {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string' && findCardNumbers(value).length > 0) return invalid(`${field} holds what looks like a card number`, field);
  }
  return ok(undefined);
}

const checkBrand = (brand: string | undefined, field: string): Result<void, SavedMethodError> =>
  brand === undefined || (KNOWN_BRANDS as readonly string[]).includes(brand) || WORD.test(brand) ? ok(undefined) : invalid(`${field} must be a lower-case word`, field);

/**
 * The display data a gateway hands us, checked before it is kept: last four exactly four digits,
 * a brand from {@link KNOWN_BRANDS} or a lower-case word, an expiry month 1–12 in a year
 * 2000–2100, a wallet (if any) a lower-case word, and no card number anywhere.
 */
export function checkedMethodDetails(details: SavedMethodDetails): Result<SavedMethodDetails, SavedMethodError> {
  const refused = refuseCardNumbers({ gatewayMethodId: details.gatewayMethodId, brand: details.brand, last4: details.last4, wallet: details.wallet });
  if (!refused.ok) return refused;
  if (details.gatewayMethodId.trim() === '' || details.gatewayMethodId.length > 128) return invalid('gatewayMethodId must be 1–128 characters', 'gatewayMethodId');
  if (details.type !== 'card') return invalid('type must be card', 'type');
  const brand = checkBrand(details.brand, 'brand');
  if (!brand.ok) return brand;
  if (!LAST4.test(details.last4)) return invalid('last4 must be exactly four digits', 'last4');
  if (!Number.isInteger(details.expMonth) || details.expMonth < 1 || details.expMonth > 12) return invalid('expMonth must be 1–12', 'expMonth');
  if (!Number.isInteger(details.expYear) || details.expYear < 2000 || details.expYear > 2100) return invalid('expYear must be a four-digit year', 'expYear');
  if (details.wallet !== undefined && !WORD.test(details.wallet)) return invalid('wallet must be a lower-case word', 'wallet');
  return ok(details);
}

/** How a payment was paid, checked as a method's display data is: nothing more of a card than brand and last four. */
export function checkedPaidWith(paidWith: PaidWith): Result<PaidWith, SavedMethodError> {
  const refused = refuseCardNumbers({ ...paidWith });
  if (!refused.ok) return refused;
  if (!WORD.test(paidWith.type) || paidWith.type.length > 16) return invalid('type must be a lower-case word', 'type');
  const brand = checkBrand(paidWith.brand, 'brand');
  if (!brand.ok) return brand;
  if (paidWith.last4 !== undefined && !LAST4.test(paidWith.last4)) return invalid('last4 must be exactly four digits', 'last4');
  if (paidWith.wallet !== undefined && !WORD.test(paidWith.wallet)) return invalid('wallet must be a lower-case word', 'wallet');
  return ok(paidWith);
}
