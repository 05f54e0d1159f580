import type { PaysagaClient } from '../../../../clients/typescript/index.js';
import type { Session } from '../shared/api.js';

/** What every storefront page works with. */
export interface Shop {
  readonly api: PaysagaClient;
  readonly session: () => Session;
  readonly main: HTMLElement;
  /** The currency the shopper browses and pays in. */
  currency: string;
  currencies: readonly string[];
  /** Redraws the header (cart count, shopper). */
  readonly refreshBar: () => Promise<void>;
}

/** The ways to pay, as the checkout names them. */
export const PAYMENT_CHOICES = [
  ['khalti', 'Khalti'],
  ['esewa', 'eSewa'],
  ['ikhokha', 'iKhokha'],
  ['stripe', 'Card or Google Pay (Stripe)'],
  ['paypal', 'PayPal'],
  ['razorpay', 'Razorpay (cards, UPI, Google Pay)'],
  ['wallet', 'My wallet'],
  ['cash_on_delivery', 'Cash on delivery'],
  ['bank_transfer', 'Bank transfer'],
] as const;
export type PaymentChoice = (typeof PAYMENT_CHOICES)[number][0];

/** The gateways a wallet top-up can go through. */
export const TOP_UP_GATEWAYS = PAYMENT_CHOICES.filter(([id]) => !['wallet', 'cash_on_delivery', 'bank_transfer'].includes(id));

/** Sends the browser to the gateway: its hosted page, or the signed form it must be posted. */
export function followPaymentAction(action: { type: 'redirect'; url: string } | { type: 'form_post'; url: string; fields: Record<string, string> }): void {
  if (action.type === 'redirect') {
    location.assign(action.url);
    return;
  }
  const form = document.createElement('form');
  form.method = 'post';
  form.action = action.url;
  for (const [name, value] of Object.entries(action.fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}
