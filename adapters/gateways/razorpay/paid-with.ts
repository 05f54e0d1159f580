import type { PaymentStatusReport, SavedMethodDetails } from '../../../src/payments/ports/payment-gateway.js';
import type { RazorpayCard, RazorpayPayment, RazorpayToken } from './client.js';

type PaidWith = NonNullable<Extract<PaymentStatusReport, { status: 'completed' }>['paidWith']>;

/**
 * Google Pay's UPI handles (the part of a Google Pay address after `@`). Razorpay shows Google Pay
 * as UPI (`method: "upi"`), with no field naming the app: the payer's address tells.
 */
export const GOOGLE_PAY_UPI_HANDLES: readonly string[] = ['okaxis', 'okhdfcbank', 'okicici', 'oksbi'];

/** Razorpay's multi-word networks, as the brands paysaga shows. */
const NETWORK_BRANDS: Readonly<Record<string, string>> = { americanexpress: 'amex', dinersclub: 'diners' };

/** A card network as Razorpay names it (`Visa`, `MasterCard`, `RuPay`, `American Express`) → a lower-case brand (`visa`, `mastercard`, `rupay`, `amex`). */
export function brandOfNetwork(network: string | null | undefined): string | undefined {
  if (network === null || network === undefined) return undefined;
  const word = network.toLowerCase().replace(/[^a-z]/g, '');
  if (word === '') return undefined;
  return NETWORK_BRANDS[word] ?? word;
}

/** Whether a UPI payment came through Google Pay: its payer address has one of Google Pay's handles. */
export function isGooglePay(payment: Pick<RazorpayPayment, 'method' | 'vpa' | 'upi'>): boolean {
  if (payment.method !== 'upi') return false;
  const vpa = payment.upi?.vpa ?? payment.vpa;
  const handle = vpa?.split('@')[1]?.toLowerCase();
  return handle !== undefined && GOOGLE_PAY_UPI_HANDLES.includes(handle);
}

/**
 * How a captured payment was paid, from the payment entity: a card's brand (`card.network`) and
 * last four (the card is there with `?expand[]=card`), or Google Pay (UPI through Google Pay's
 * handles) as the wallet `google_pay`. Other methods say only their name.
 */
export function paidWithOf(payment: Pick<RazorpayPayment, 'method' | 'card' | 'vpa' | 'upi'>): { paidWith?: PaidWith } {
  const method = payment.method?.trim().toLowerCase();
  if (method === undefined || method === '') return {};
  if (method === 'card') {
    const brand = brandOfNetwork(payment.card?.network);
    const last4 = fourDigits(payment.card?.last4);
    return { paidWith: { type: 'card', ...(brand !== undefined && { brand }), ...(last4 !== undefined && { last4 }) } };
  }
  if (method === 'upi') return { paidWith: { type: 'upi', ...(isGooglePay(payment) && { wallet: 'google_pay' }) } };
  return /^[a-z_]{1,16}$/.test(method) ? { paidWith: { type: method } } : {};
}

/** A card token → the display data kept for it; `undefined` for a token that is not a card or lacks network, last four or expiry. */
export function toSavedMethodDetails(token: RazorpayToken): SavedMethodDetails | undefined {
  if (token.method !== 'card' || token.card === null || token.card === undefined) return undefined;
  const details = cardDetails(token.card);
  return details === undefined ? undefined : { gatewayMethodId: token.id, type: 'card', ...details };
}

function cardDetails(card: RazorpayCard): Pick<SavedMethodDetails, 'brand' | 'last4' | 'expMonth' | 'expYear'> | undefined {
  const brand = brandOfNetwork(card.network);
  const last4 = fourDigits(card.last4);
  const expMonth = card.expiry_month;
  // Razorpay may send a two-digit year.
  const expYear = typeof card.expiry_year === 'number' && card.expiry_year < 100 ? 2000 + card.expiry_year : card.expiry_year;
  if (brand === undefined || last4 === undefined || typeof expMonth !== 'number' || typeof expYear !== 'number') return undefined;
  return { brand, last4, expMonth, expYear };
}

const fourDigits = (value: string | null | undefined): string | undefined => (typeof value === 'string' && /^[0-9]{4}$/.test(value) ? value : undefined);
