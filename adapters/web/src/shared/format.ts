const digits = new Map<string, number>();

/** The currency's minor-unit digits (2 for NPR, 0 for JPY), as Intl knows them. */
function exponentOf(currency: string): number {
  let exponent = digits.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digits.set(currency, exponent);
  }
  return exponent;
}

/** Minor units shown in the currency's own format; the amount goes to Intl as an exact decimal string, never through a float. */
export function money(amountMinor: number, currency: string): string {
  const exponent = exponentOf(currency);
  const negative = amountMinor < 0;
  const whole = Math.abs(amountMinor);
  const scale = 10 ** exponent;
  const decimal = exponent === 0 ? String(whole) : `${Math.trunc(whole / scale)}.${String(whole % scale).padStart(exponent, '0')}`;
  const format = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: exponent }).format as (value: string) => string;
  return (negative ? '−' : '') + format(decimal);
}

/** Whole major units typed by a shopper (`12.50`) to minor units, exactly; `undefined` when it is not an amount. */
export function toMinor(text: string, currency: string): number | undefined {
  const exponent = exponentOf(currency);
  const match = new RegExp(`^(\\d{1,12})(?:\\.(\\d{1,${Math.max(exponent, 1)}}))?$`).exec(text.trim());
  if (match === null || (exponent === 0 && match[2] !== undefined)) return undefined;
  return Number(match[1]) * 10 ** exponent + Number((match[2] ?? '').padEnd(exponent, '0') || '0');
}

export const when = (iso: string): string => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** `payment_cancelled` → `payment cancelled`. */
export const words = (code: string): string => code.replaceAll('_', ' ');

const GATEWAY_NAMES: Readonly<Record<string, string>> = {
  khalti: 'Khalti',
  esewa: 'eSewa',
  ikhokha: 'iKhokha',
  stripe: 'Stripe',
  paypal: 'PayPal',
  razorpay: 'Razorpay',
  wallet: 'your wallet',
  cash_on_delivery: 'cash on delivery',
  bank_transfer: 'bank transfer',
};

/** A way to pay as people write it. */
export const gatewayName = (id: string): string => GATEWAY_NAMES[id] ?? words(id);
